# A contract's files through the running stack (Apache, the documents
# pool, MariaDB, a real clamd): upload and byte-identical download of a
# Japanese-named PDF, versions, attachments by type, encryption at
# rest, and every bad upload refused with its status and message,
# leaving no row and no file.
use strict;
use warnings;
use utf8;
use Test::More;
use Encode qw(decode_utf8 encode_utf8);
use Digest::SHA qw(sha256_hex);
use File::Find;
use IO::Compress::Zip;
use IO::Socket::INET;
use Stack;

my $s = Stack->start;
my $dir = $s->dir;
sub page { decode_utf8($_[0]{content} // '') }
sub one { ($s->sql($_[0]))[0][0] }
sub docs { one("SELECT COUNT(*) FROM documents") }

# Regular files below a directory of the state dir.
sub files_in {
	my ($rel) = @_;
	my @f;
	find(sub { push @f, $File::Find::name if -f $_ }, "$dir/$rel") if -d "$dir/$rel";
	return @f;
}

sub slurp_raw { open(my $fh, '<:raw', $_[0]) or die "$_[0]: $!"; local $/; scalar <$fh> }

# A small valid PDF (one page) whose content stream is $content.
sub mkpdf {
	my ($content) = @_;
	my @obj = ('<< /Type /Catalog /Pages 2 0 R >>',
	    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
	    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
	    '<< /Length ' . length($content) . " >>\nstream\n$content\nendstream");
	my $pdf = "%PDF-1.4\n";
	my @off;
	for my $i (0 .. $#obj) {
		push @off, length $pdf;
		$pdf .= ($i + 1) . " 0 obj\n$obj[$i]\nendobj\n";
	}
	my $x = length $pdf;
	$pdf .= "xref\n0 " . (@obj + 1) . "\n0000000000 65535 f \n";
	$pdf .= sprintf("%010d 00000 n \n", $_) for @off;
	$pdf .= "trailer\n<< /Size " . (@obj + 1) . " /Root 1 0 R >>\nstartxref\n$x\n%%EOF\n";
	return $pdf;
}

sub office_zip {
	my ($part) = @_;
	my $z;
	my $zh = IO::Compress::Zip->new(\$z, Name => '[Content_Types].xml') or die;
	print $zh '<?xml version="1.0"?><Types/>';
	$zh->newStream(Name => $part);
	print $zh '<?xml version="1.0"?><doc/>';
	$zh->close;
	return $z;
}

my $pdf = slurp_raw(Stack::srcdir() . '/t/data/keiyaku-ja.pdf');
my $eicar = 'X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';
my $jname = '業務委託契約書（最終版）.pdf';

my $legal = $s->client;
$legal->signin('legal@minato.example');
my $r = $legal->get('/contracts/1');
like(page($r), qr/まだ契約書ファイルはありません/, 'contract page: no document yet');
like(page($r), qr/enctype="multipart\/form-data"/, 'contract page: the upload forms');

# Upload a Japanese-named PDF.
$r = $legal->upload('/contracts/1/documents', [ kind => 'main' ], file => [ $jname, $pdf, 'application/pdf' ]);
is($r->{status}, 303, 'upload: 303');
is($r->{headers}{location}, '/contracts/1#documents', 'upload: back to the contract');
my @d = @{ ($s->sql("SELECT id, kind, version, filename, media_type, size, sha256, pages, storage_name, uploaded_by FROM documents"))[0] };
is(decode_utf8($d[3]), $jname, 'the Japanese file name is kept');
is_deeply([ @d[1, 2, 4, 5, 6, 7, 9] ], [ 'main', 1, 'application/pdf', length($pdf), sha256_hex($pdf), 1, 2 ],
    'row: main v1, type from the content, size, SHA-256, page count, uploader');
my $id1 = $d[0];

# Encrypted at rest, under the organisation, renamed into place.
my @stored = files_in('store');
is(scalar(@stored), 1, 'one file in the store');
like($stored[0], qr{/store/1/\Q@{[substr($d[8], 0, 2)]}\E/\Q$d[8]\E$}, 'stored as store/<org>/<2 hex>/<name>');
my $enc = slurp_raw($stored[0]);
is(length($enc), 32 + length($pdf) + 16 * 1, 'stored size: header, data, one tag per 64 KiB segment');
ok(index($enc, '%PDF') < 0 && index($enc, substr($pdf, 1000, 64)) < 0, 'no plaintext in the stored file');
is(scalar(files_in('tmp')) + scalar(files_in('store/tmp')), 0, 'no temporary file left');
like(one("SELECT wrapped FROM org_keys WHERE organisation_id = 1"), qr/^[0-9a-f]{120}$/,
    "the organisation's data key is stored wrapped");

# Download: byte-identical, with the name in RFC 6266 filename*.
$r = $legal->get("/contracts/1/documents/$id1");
is($r->{status}, 200, 'download: 200');
ok($r->{content} eq $pdf, 'download: byte-identical');
is($r->{headers}{'content-type'}, 'application/pdf', 'download: Content-Type');
my $star = join('', map { sprintf('%%%02X', ord) } split //, encode_utf8('業務委託契約書（最終版）'));
is($r->{headers}{'content-disposition'}, "attachment; filename=\"____________.pdf\"; filename*=UTF-8''$star.pdf",
    'download: ASCII fallback and UTF-8 filename*');
is($r->{headers}{'x-content-type-options'}, 'nosniff', 'download: nosniff');
$r = $legal->request('HEAD', "/contracts/1/documents/$id1");
is($r->{status}, 200, 'HEAD download: 200');
is(one("SELECT COUNT(*) FROM oplog WHERE action = 'document.download'"), 1, 'HEAD is not logged as a download');

# A second version keeps the first.
$r = $legal->upload('/contracts/1/documents', [ kind => 'main' ], file => [ 'v2.pdf', mkpdf('BT ET'), 'application/pdf' ]);
is($r->{status}, 303, 'version 2: 303');
is(one("SELECT GROUP_CONCAT(version ORDER BY version) FROM documents WHERE contract_id = 1 AND kind = 'main'"), '1,2',
    'versions 1 and 2');
my $p = page($legal->get('/contracts/1'));
like($p, qr/<strong>v2\.pdf<\/strong>\s*<span class="muted">版 2 \(最新版\)/, 'the page shows version 2 as current');
like($p, qr/過去の版 \(1\)/, 'and one earlier version');
like($p, qr/\Q$jname\E/, 'whose name is listed');
$r = $legal->get("/contracts/1/documents/$id1");
ok($r->{status} == 200 && $r->{content} eq $pdf, 'version 1 still downloads unchanged');

# Two uploads at once get two versions.
my @kids;
for my $n (1, 2) {
	my $pid = fork // die;
	if (!$pid) {
		my $rr = $legal->upload('/contracts/1/documents', [ kind => 'main' ], file => [ "c$n.pdf", mkpdf("BT ET % $n"), 'application/pdf' ]);
		exit($rr->{status} == 303 ? 0 : 1);
	}
	push @kids, $pid;
}
my $okk = 0;
for (@kids) { waitpid($_, 0); $okk++ if $? == 0 }
is($okk, 2, 'two concurrent uploads both succeed');
is(one("SELECT GROUP_CONCAT(version ORDER BY version) FROM documents WHERE contract_id = 1 AND kind = 'main'"), '1,2,3,4',
    'and take versions 3 and 4');

# Attachments: by their bytes and the organisation's policy.
$r = $legal->upload('/contracts/1/documents', [ kind => 'attachment' ], file => [ '見積書.docx', office_zip('word/document.xml') ]);
is($r->{status}, 303, 'a DOCX attachment is accepted');
$r = $legal->upload('/contracts/1/documents', [ kind => 'attachment' ], file => [ '明細.xlsx', office_zip('xl/workbook.xml') ]);
is($r->{status}, 303, 'an XLSX attachment is accepted');
$r = $legal->upload('/contracts/1/documents', [ kind => 'attachment' ], file => [ 'stamp.png', "\x89PNG\r\n\x1a\n" . ("\0" x 64) ]);
is($r->{status}, 303, 'a PNG attachment is accepted');
is(one("SELECT GROUP_CONCAT(media_type ORDER BY id) FROM documents WHERE kind = 'attachment'"),
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document,'
    . 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,image/png',
    'attachment types come from the bytes');
like(page($legal->get('/contracts/1')), qr/見積書\.docx.*明細\.xlsx.*stamp\.png/s, 'attachments listed on the page');
is(one("SELECT COUNT(*) FROM documents WHERE kind = 'attachment' AND version IS NULL"), 3, 'attachments have no version');

# Bad uploads: status, message, no row, no file, a record when it is the content.
my $n_files = scalar(files_in('store'));
sub refused {
	my ($what, $res, $status, $msg, $reason, $noback) = @_;
	my $n = docs();
	is($res->{status}, $status, "$what: $status");
	like(page($res), $msg, "$what: says why");
	like(page($res), qr{href="/contracts/1"}, "$what: links back to the contract") unless $noback;
	is(docs(), $n, "$what: no row");
	is(scalar(files_in('store')), $n_files, "$what: no file in the store");
	is(scalar(files_in('tmp')), 0, "$what: no temporary file");
	if ($reason) {
		is(one("SELECT reason FROM upload_rejections ORDER BY id DESC LIMIT 1"), $reason, "$what: recorded as $reason");
	}
}
my $d0 = docs();
sub up { $legal->upload('/contracts/1/documents', [ kind => $_[0] ], file => [ $_[1], $_[2], 'application/pdf' ]) }

refused('a text file named .pdf', up('main', 'fake.pdf', "hello, not a PDF\n"), 415, qr/PDFではありません/, 'not_pdf');
my $tmp = "$dir/tmp-enc";
mkdir $tmp;
open(my $o, '>:raw', "$tmp/in.pdf") or die; print $o $pdf; close $o;
system('qpdf', '--encrypt', 'user-pw', 'owner-pw', '256', '--', "$tmp/in.pdf", "$tmp/enc.pdf") == 0 or die 'qpdf --encrypt';
refused('an encrypted PDF', up('main', 'enc.pdf', slurp_raw("$tmp/enc.pdf")), 422, qr/暗号化/, 'encrypted');
system('qpdf', '--encrypt', '', 'owner-pw', '256', '--', "$tmp/in.pdf", "$tmp/enc2.pdf") == 0 or die 'qpdf --encrypt';
refused('a PDF encrypted with an owner password only', up('main', 'enc2.pdf', slurp_raw("$tmp/enc2.pdf")), 422, qr/暗号化/, 'encrypted');
refused('a truncated PDF', up('main', 'half.pdf', substr($pdf, 0, int(length($pdf) / 2))), 422, qr/壊れて/, 'damaged');
(my $badx = mkpdf('BT ET')) =~ s/startxref\n\d+/startxref\n9/;
refused('a PDF with a broken cross-reference table', up('main', 'xref.pdf', $badx), 422, qr/壊れて/, 'damaged');
refused('the EICAR test file', up('main', 'eicar.pdf', $eicar), 422, qr/ウイルスが検出/, 'infected');
is(one("SELECT detail FROM upload_rejections ORDER BY id DESC LIMIT 1"), 'Keiyaku.Test.EICAR.UNOFFICIAL',
    'the signature found is recorded');
refused('EICAR inside a valid PDF', up('main', 'inside.pdf', mkpdf("BT ET\n% $eicar")), 422, qr/ウイルスが検出/, 'infected');
refused('EICAR as an attachment', up('attachment', 'eicar.txt', $eicar), 422, qr/ウイルスが検出/, 'infected');
refused('an empty file', up('main', 'empty.pdf', ''), 400, qr/ファイルが空/, 'empty');
refused('a ZIP that is no Office file', up('attachment', 'a.docx', office_zip('other/thing.xml')), 415, qr/この形式のファイルは添付できません/, 'type');
refused('a Windows program', up('attachment', 'setup.exe', "MZ" . ("\0" x 200)), 415, qr/この形式のファイルは添付できません/, 'type');
refused('a DOCX as the main document', up('main', 'a.docx', office_zip('word/document.xml')), 415, qr/PDFではありません/, 'not_pdf');

$s->sql("INSERT INTO org_settings (organisation_id, upload_types, upload_max_bytes) VALUES (1, 'pdf,docx', 20000)");
refused('a file over the organisation limit', up('main', 'big.pdf', $pdf), 413, qr/大きすぎます/, 'too_large');
refused('a PNG when the organisation allows only PDF and DOCX', up('attachment', 'x.png', "\x89PNG\r\n\x1a\n" . ("\0" x 64)), 415,
    qr/この形式のファイルは添付できません/, 'type');
$s->sql("DELETE FROM org_settings WHERE organisation_id = 1");

refused('a wrong kind', up('other', 'x.pdf', $pdf), 400, qr/種類の指定が正しくありません/);
refused('no file', $legal->upload('/contracts/1/documents', [ kind => 'main' ]), 400, qr/ファイルが選択されていません/);
refused('a forged CSRF token', $legal->upload('/contracts/1/documents', [ kind => 'main', csrf => 'f' x 64 ],
    file => [ 'x.pdf', $pdf ]), 403, qr/有効期限/, undef, 1);

# A name with ../ keeps only its last part; a NUL byte is refused.
$r = up('main', '../../etc/契約.pdf', mkpdf('BT ET'));
is($r->{status}, 303, 'a name with ../ is accepted');
is(decode_utf8(one("SELECT filename FROM documents ORDER BY id DESC LIMIT 1")), '契約.pdf', '... as its last part only');
$n_files = scalar(files_in('store'));
refused('a file name with a NUL byte', up('main', "a\0b.pdf", $pdf), 400, qr/形式が正しくありません/, undef, 1);
is(one("SELECT COUNT(*) FROM documents WHERE filename LIKE '%/%' OR filename LIKE '%\\\\%'"), 0, 'no stored name holds a slash');
$n_files = scalar(files_in('store'));

# A multipart body cut off in the middle of the file.
sub raw_upload {
	my ($cut, $kill) = @_;
	$legal->get('/contracts/1');
	my $bd = 'cutBoundary';
	my $body = "--$bd\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" . $legal->csrf . "\r\n"
	    . "--$bd\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.pdf\"\r\n\r\n"
	    . ($pdf x 8) . "\r\n--$bd--\r\n";
	my $sock = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $s->port, Timeout => 10) or die $!;
	my $ck = join('; ', map { "$_=" . $legal->cookie($_) } grep { defined $legal->cookie($_) } qw(kk_sid lang));
	print $sock "POST /contracts/1/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: $ck\r\n"
	    . "Content-Type: multipart/form-data; boundary=$bd\r\nContent-Length: " . length($body) . "\r\nConnection: close\r\n\r\n"
	    . substr($body, 0, $cut);
	if ($kill) {
		select(undef, undef, undef, 0.5);
		kill 'KILL', $s->workers('documents');
		close $sock;
		return undef;
	}
	shutdown($sock, 1);
	local $/;
	my $resp = <$sock> // '';
	close $sock;
	return $resp;
}
my $n = docs();
my $resp = raw_upload(300000);
like($resp, qr{^HTTP/1\.1 400 }, 'a body cut off mid-file: 400');
is(docs(), $n, '... no row');
is(scalar(files_in('store')), $n_files, '... no file in the store');
is(scalar(files_in('tmp')), 0, '... no temporary file');

# kill -9 of the worker in the middle of an upload loses nothing and leaves nothing.
raw_upload(200000, 1);
select(undef, undef, undef, 1.0);
is(docs(), $n, 'worker killed mid-upload: no row');
is(scalar(files_in('store')), $n_files, '... no file in the store');
is(scalar(files_in('tmp')), 0, '... no temporary file');
$r = $legal->get("/contracts/1/documents/$id1");
ok($r->{status} == 200 && $r->{content} eq $pdf, '... and the committed documents are intact');
$r = up('main', 'after.pdf', mkpdf('BT ET'));
is($r->{status}, 303, '... and the next upload works (the worker was replaced)');
$n_files = scalar(files_in('store'));

# The scanner down: refused (fail closed), 503, nothing stored.
my $clamd = $s->pidfile_pid('run/clamd.pid');
kill 'TERM', $clamd;
select(undef, undef, undef, 0.2) while kill 0, $clamd;
refused('the scanner down', up('main', 'ok.pdf', mkpdf('BT ET')), 503, qr/ウイルス検査を実行できない/, 'scanner');
system('clamd', '-c', "$dir/clamd.conf") == 0 or die 'clamd restart';
select(undef, undef, undef, 0.1) until -S "$dir/run/clamd.sock";
$r = up('main', 'ok.pdf', mkpdf('BT ET'));
is($r->{status}, 303, 'with the scanner back, the upload works');
$n_files = scalar(files_in('store'));

# Who may see what: another department's member, a viewer, another organisation.
my $member = $s->client;
$member->signin('member@minato.example');
$member->get('/contracts/2');
is($member->get("/contracts/1/documents/$id1")->{status}, 404, "a member cannot download another department's document");
is($member->upload('/contracts/1/documents', [ kind => 'main' ], file => [ 'x.pdf', $pdf ])->{status}, 404,
    "nor upload to another department's contract");
is($member->get("/contracts/2/documents/$id1")->{status}, 404, "nor reach it through a contract of its own");
my $viewer = $s->client;
$viewer->signin('viewer@minato.example');
$viewer->get('/contracts/3');
is($viewer->upload('/contracts/3/documents', [ kind => 'main' ], file => [ 'x.pdf', $pdf ])->{status}, 403,
    'a viewer cannot upload');
my $other = $s->client;
$other->signin('admin@hokuto.example');
$other->get('/contracts/5');
$r = $other->get("/contracts/1/documents/$id1");
is($r->{status}, 404, "another organisation's admin: 404");
unlike(page($r), qr/業務委託|\.pdf/, '... revealing nothing');
is($other->get("/contracts/5/documents/$id1")->{status}, 404, '... also through its own contract');
is(docs(), one("SELECT COUNT(*) FROM documents WHERE organisation_id = 1"), 'every document is the first organisation\'s');

# The operation log: uploads and downloads, who and from where.
is(one("SELECT COUNT(*) FROM oplog WHERE action = 'document.upload' AND organisation_id = 1 AND user_id = 2 AND ip = '127.0.0.1'"),
    docs(), 'one oplog entry per upload, with user and IP');
is(one("SELECT COUNT(*) FROM oplog WHERE action = 'document.download' AND user_id = 2"), 3, 'downloads logged');
is(one("SELECT COUNT(*) FROM contract_history WHERE contract_id = 1 AND field IN ('document', 'attachment')"), docs(),
    'each upload is in the contract history');

# A stored file altered on disk is never served.
my ($sname) = one("SELECT storage_name FROM documents WHERE id = $id1");
my ($path) = grep { /\Q$sname\E$/ } files_in('store');
my $orig = slurp_raw($path);
my $bad = $orig;
substr($bad, 100, 1) = chr(ord(substr($bad, 100, 1)) ^ 1);
open($o, '>:raw', $path) or die; print $o $bad; close $o;
$r = $legal->get("/contracts/1/documents/$id1");
is($r->{status}, 500, 'a tampered file: 500');
ok(index($r->{content}, '%PDF') < 0, '... and none of it is sent');
open($o, '>:raw', $path) or die; print $o $orig; close $o;
is($legal->get("/contracts/1/documents/$id1")->{status}, 200, 'restored: served again');

# A larger file (three segments) altered after its first segment: the
# download starts, then the connection is aborted; never a clean end.
my $big = mkpdf(join("\n", map { "BT /F1 12 Tf 72 700 Td (line $_) Tj ET" } 1 .. 4000));
ok(length($big) > 2 * 65536, 'a PDF of three segments') or diag length($big);
is(up('main', 'big.pdf', $big)->{status}, 303, 'uploaded');
($sname) = one("SELECT storage_name FROM documents ORDER BY id DESC LIMIT 1");
my $bigid = one("SELECT MAX(id) FROM documents");
($path) = grep { /\Q$sname\E$/ } files_in('store');
$r = $legal->get("/contracts/1/documents/$bigid");
ok($r->{status} == 200 && $r->{content} eq $big, 'a multi-segment file downloads byte-identical');
$orig = slurp_raw($path);
$bad = $orig;
substr($bad, 32 + 65536 + 16 + 500, 1) = chr(ord(substr($bad, 32 + 65536 + 16 + 500, 1)) ^ 1);
open($o, '>:raw', $path) or die; print $o $bad; close $o;
$r = $legal->get("/contracts/1/documents/$bigid");
ok($r->{status} == 599 || length($r->{content} // '') < length($big), 'second segment altered: the download fails')
    or diag "status $r->{status}, " . length($r->{content} // '') . ' bytes';
ok(!($r->{status} == 200 && ($r->{content} // '') eq $big), '... and never looks complete');
open($o, '>:raw', $path) or die; print $o $orig; close $o;

# The organisation's upload settings, on their admin page.
my $admin = $s->client;
$admin->signin('admin@minato.example');
$r = $admin->get('/admin/uploads');
is($r->{status}, 200, 'admin: the upload settings page');
like(page($r), qr/value="docx" checked/, 'DOCX allowed by default');
$r = $admin->post('/admin/uploads', [ type => 'docx', max_mb => 1 ]);
is($r->{status}, 303, 'save: only DOCX (and PDF), 1 MB');
is(one("SELECT CONCAT(upload_types, ' ', upload_max_bytes) FROM org_settings WHERE organisation_id = 1"), 'pdf,docx 1048576',
    'stored; PDF is always allowed');
like(page($admin->get('/admin/uploads?saved=1')), qr/設定を保存しました/, 'the page says it was saved');
$legal->get('/contracts/1');
is($legal->upload('/contracts/1/documents', [ kind => 'attachment' ], file => [ 'x.png', "\x89PNG\r\n\x1a\n" . ("\0" x 64) ])->{status},
    415, 'a PNG is refused now');
is($legal->upload('/contracts/1/documents', [ kind => 'main' ], file => [ 'big.pdf', mkpdf('BT ET ' . ('%' x 1100000)) ])->{status},
    413, 'a 1.1 MB PDF is over the new limit');
$admin->get('/admin/uploads');
is($admin->post('/admin/uploads', [ type => 'exe', max_mb => 5 ])->{status}, 422, 'an unknown type: 422');
is($admin->post('/admin/uploads', [ type => 'png', max_mb => 51 ])->{status}, 422, 'over 50 MB: 422');
is($admin->post('/admin/uploads', [ type => 'png', max_mb => 0 ])->{status}, 422, '0 MB: 422');
is(one("SELECT CONCAT(upload_types, ' ', upload_max_bytes) FROM org_settings WHERE organisation_id = 1"), 'pdf,docx 1048576',
    'the refused settings changed nothing');
is($legal->get('/admin/uploads')->{status}, 403, 'legal may not change them');
$other->get('/admin/uploads');
is($other->post('/admin/uploads', [ type => 'png', max_mb => 2 ])->{status}, 303, "another organisation's admin changes its own");
is(one("SELECT CONCAT(upload_types, ' ', upload_max_bytes) FROM org_settings WHERE organisation_id = 1"), 'pdf,docx 1048576',
    '... not this one');
is(one("SELECT COUNT(*) FROM oplog WHERE action = 'settings.uploads'"), 2, 'each change is in the operation log');
is(decode_utf8(one("SELECT detail FROM oplog WHERE action = 'settings.uploads' AND organisation_id = 1")), 'types: pdf,docx,xlsx,png,jpeg → pdf,docx; max MB: 50 → 1', '... old → new');
$s->sql("DELETE FROM org_settings");

$s->stop;
done_testing;
