# Signing through the running stack (issue 4): an approved contract is
# sent to two external signers in order; the mails the capture server
# received carry the links; the first signs, the second (with an access
# code) declines; a second round completes; the executed PDF passes
# pdfsig (every signature valid and trusted with the deployment's CA),
# qpdf --check and openssl ts -verify.  Bad links: altered (403),
# reused, replaced, expired, cancelled (410), another signer's (403);
# signing twice is refused; links never reach the logs; a signer's link
# opens nothing of another organisation.
use strict;
use warnings;
use utf8;
use Test::More;
use Encode qw(decode_utf8 encode_utf8);
use File::Temp qw(tempdir);
use Stack;
use MailBox;
use PdfSig;

my $s = Stack->start(conf => join("\n", 'job_daily = 0', 'job_poll_ms = 200'));
my $dir = $s->dir;
my $tmp = tempdir(CLEANUP => 1);
sub page { decode_utf8($_[0]{content} // '') }
sub one { ($s->sql($_[0]))[0][0] }
sub wait_for { my ($c, $secs) = @_; my $t = time + $secs; while (time < $t) { return 1 if $c->(); select(undef, undef, undef, 0.1) } $c->() }
sub sh { my $out = `$_[0] 2>&1`; return ($? >> 8, $out) }
sub slurp { MailBox::slurp(@_) }
sub spit { open(my $fh, '>:raw', $_[0]) or die; print $fh $_[1]; close $fh }

# The newest mail to $to whose subject matches $re (waits for it).
my %seen;
sub mail_to {
	my ($to, $re) = @_;
	my $m;
	wait_for(sub {
		($m) = grep { !$seen{$_->{file}} && $_->{to} eq $to && $_->{subject} =~ $re } MailBox::messages($dir);
		$m }, 30);
	$seen{$m->{file}} = 1 if $m;
	return $m;
}
sub link_in { my ($m) = @_; my ($l) = ($m->{text} // '') =~ m{http://127\.0\.0\.1:\d+(/sign/[0-9a-f]{64})}; $l }

my $legal = $s->client;
is($legal->signin('legal@minato.example')->{status}, 303, 'legal signs in');
my $other = $s->client;
$other->signin('admin@hokuto.example');

# Contract 4 (legal's), approved, with its document as a PDF.
my $pdf = slurp(Stack::srcdir() . '/t/data/keiyaku-ja.pdf');
$legal->get('/contracts/4');
is($legal->upload('/contracts/4/documents', [ kind => 'main' ], file => [ '賃貸借契約書.pdf', $pdf, 'application/pdf' ])->{status}, 303, 'the contract document (a Japanese PDF) is uploaded');
$s->sql("UPDATE contracts SET status = 'approved' WHERE id = 4");
like(page($legal->get('/contracts/4')), qr{href="/contracts/4/signing"}, 'the contract page links to signing');

# --- Round 1: two external signers, in order; the second with a code --
my $r = $legal->get('/contracts/4/signing');
is($r->{status}, 200, 'the signing page');
like(page($r), qr/署名を依頼する.*賃貸借契約書\.pdf/s, '... offers to send the PDF');
is($other->get('/contracts/4/signing')->{status}, 404, "another organisation's admin: 404");
my @round1 = (ordering => 'sequential', message => "ご確認のうえ\nご署名ください <b>", expires => '2099-01-01',
    name1 => '田中 一郎', email1 => 'tanaka@hikari.example', name2 => 'Jane Roe', email2 => 'jane@roe.example',
    code2 => 'blue-42');
is($legal->post('/contracts/4/signing', [ @round1, action => 'send' ])->{status}, 422, 'an expiry beyond 90 days: 422');
is($legal->post('/contracts/4/signing', [ @round1[0 .. 3], expires => '2020-01-01', action => 'send' ])->{status}, 422, '... or in the past: 422');
is($legal->post('/contracts/4/signing', [ @round1[0 .. 5], name1 => 'x', email1 => 'a@b.example', name2 => 'y', email2 => 'A@b.example', action => 'send' ])->{status}, 422, 'the same address twice: 422');
is($legal->post('/contracts/4/signing', [ @round1[0 .. 5], name1 => 'x', email1 => "a\@b.example\r\nBcc: x\@y", action => 'send' ])->{status}, 422, 'a header in an address: 422');
is(one('SELECT COUNT(*) FROM signing_requests'), 0, '... nothing was made');
my ($y, $m, $d) = (localtime(time + 20 * 86400))[5, 4, 3];
$round1[5] = sprintf('%04d-%02d-%02d', $y + 1900, $m + 1, $d);
$r = $legal->post('/contracts/4/signing', [ @round1, action => 'send' ]);
is($r->{status}, 303, 'sent for signature') or diag page($r);
is(one('SELECT status FROM contracts WHERE id = 4'), 'signing', 'the contract is being signed');
is(one("SELECT GROUP_CONCAT(CONCAT(position, ':', state) ORDER BY position) FROM signers"), '1:sent,2:waiting', 'in order: only the first has been sent a link');
is(one('SELECT COUNT(*) FROM signing_tokens'), 1, '... one link, stored hashed');

my $m1 = mail_to('tanaka@hikari.example', qr/電子署名のお願い/);
ok($m1, 'the first signer has the mail') or diag explain [ map { "$_->{to} $_->{subject}" } MailBox::messages($dir) ];
my $l1 = link_in($m1);
ok($l1, '... with a personal link');
like($m1->{text}, qr/株式会社みなと商事 の 佐藤 健 様から「東京本社オフィス賃貸借契約」/, '... naming the sender and the contract');
like($m1->{html}, qr/&lt;b&gt;/, '... the message escaped in HTML');
my $tok1 = substr($l1, 6);
is(one("SELECT COUNT(*) FROM signing_tokens WHERE token_hash = SHA2('$tok1', 256)"), 1, 'the database has the SHA-256 of the token');
is(one("SELECT COUNT(*) FROM signing_tokens WHERE token_hash = '$tok1'"), 0, '... never the token');
ok(wait_for(sub { one("SELECT COUNT(*) FROM mail_queue WHERE kind = 'sign_request' AND state = 'sent'") == 1 }, 10), 'the mail was sent');
unlike(one("SELECT message FROM mail_queue WHERE kind = 'sign_request'"), qr/\Q$tok1\E/, '... and the queue keeps no copy of the link');

# The first signer.
my $s1 = $s->client;
$r = $s1->get($l1);
is($r->{status}, 200, 'the link opens the signing page');
like(page($r), qr/東京本社オフィス賃貸借契約.*佐藤 健.*ご確認のうえ/s, '... with the contract, the sender and the message');
like($r->{headers}{'referrer-policy'} // '', qr/no-referrer/, '... and no referrer leaves the page');
like(page($r), qr{<iframe class="pdf" src="/sign/[0-9a-f]{64}/document"}, '... the document in a frame');
$r = $s1->get("$l1/document");
is($r->{status}, 200, 'the document');
is($r->{headers}{'content-type'}, 'application/pdf', '... a PDF');
like($r->{headers}{'content-disposition'}, qr/^inline/, '... to read inline');
like($r->{headers}{'x-frame-options'}, qr/SAMEORIGIN/, '... framed by our page only');
is($r->{content}, $pdf, '... the document as sent');
is(one("SELECT state FROM signers WHERE position = 1"), 'viewed', 'the signer is recorded as having viewed it');

# Bad links and bad posts.
(my $altered = $l1) =~ s/[0-9a-f]$/$& eq '0' ? '1' : '0'/e;
is($s1->get($altered)->{status}, 403, 'an altered link: 403');
is(one('SELECT reason FROM signing_link_refusals ORDER BY id DESC LIMIT 1'), 'unknown', '... recorded');
is($s1->get('/sign/' . ('ab' x 31))->{status}, 404, 'a short token: 404');
$s1->get($l1);
$r = $s1->post($l1, [ action => 'sign', signer => one('SELECT id FROM signers WHERE position = 1') ]);
is($r->{status}, 422, 'signing without consent: 422');
like(page($r), qr/同意のチェック/, '... says why');
$r = $s1->post($l1, [ action => 'sign', consent => 1, signer => one('SELECT id FROM signers WHERE position = 2') ]);
is($r->{status}, 403, "another signer's id with this link: 403");
is(one("SELECT detail FROM signing_events WHERE event = 'link_refused' ORDER BY id DESC LIMIT 1"), 'other_signer', '... recorded');
$r = $s1->post($l1, [ action => 'sign', consent => 1, signer => one('SELECT id FROM signers WHERE position = 1'), csrf => 'f' x 64 ]);
is($r->{status}, 403, 'a forged CSRF token: 403');
is(one("SELECT state FROM signers WHERE position = 1"), 'viewed', '... nothing signed');

$r = $s1->post($l1, [ action => 'sign', consent => 1, signer => one('SELECT id FROM signers WHERE position = 1') ]);
is($r->{status}, 200, 'the first signer signs') or diag page($r);
like(page($r), qr/署名しました/, '... and is told so');
is(one("SELECT state FROM signers WHERE position = 1"), 'signed', '... signed');
is(one("SELECT CONCAT(ip, ' ', user_agent) FROM signers WHERE position = 1"), '127.0.0.1 keiyaku-test/1', '... from where, with what');
is(one("SELECT COUNT(*) FROM documents WHERE contract_id = 4 AND kind = 'main'"), 2, 'a new version of the document carries the signature');
$r = $s1->post($l1, [ action => 'sign', consent => 1, signer => one('SELECT id FROM signers WHERE position = 1') ]);
is($r->{status}, 410, 'signing twice: 410');
is($s1->get($l1)->{status}, 410, 'the used link: 410');
is(one("SELECT COUNT(*) FROM documents WHERE contract_id = 4 AND kind = 'main'"), 2, '... and no second signature');

# The second signer: the access code first, then a refusal.
my $m2 = mail_to('jane@roe.example', qr/Please sign|電子署名のお願い/);
ok($m2, "the second signer's mail comes after the first signed");
like($m2->{text}, qr/アクセスコード|access code/, '... saying that an access code is needed');
my $l2 = link_in($m2);
my $s2 = $s->client;
$r = $s2->get($l2);
is($r->{status}, 200, 'the link opens');
like(page($r), qr/name="code"/, '... asking for the code');
unlike(page($r), qr/<iframe/, '... and showing no document yet');
is($s2->get("$l2/document")->{status}, 403, 'the document without the code: 403');
$r = $s2->post($l2, [ action => 'code', code => 'red-42' ]);
is($r->{status}, 403, 'a wrong code: 403');
is(one('SELECT code_failures FROM signers WHERE position = 2'), 1, '... counted');
$r = $s2->post($l2, [ action => 'code', code => 'blue-42' ]);
is($r->{status}, 303, 'the right code');
like(page($s2->get($l2)), qr/<iframe/, '... shows the document');
is($s2->get("$l2/document")->{status}, 200, '... which now opens');
my $sid2 = one('SELECT id FROM signers WHERE position = 2');
is($s2->post($l2, [ action => 'decline', signer => $sid2, reason => '' ])->{status}, 422, 'declining without a reason: 422');
$r = $s2->post($l2, [ action => 'decline', signer => $sid2, reason => '第5条の修正をお願いします' ]);
is($r->{status}, 200, 'the second signer declines');
is(one('SELECT state FROM signing_requests'), 'declined', 'the request is declined');
is(one('SELECT status FROM contracts WHERE id = 4'), 'approved', '... the contract approved again, to send anew');
is($s2->get($l2)->{status}, 410, 'the declined link: 410');
my $md = mail_to('legal@minato.example', qr/辞退/);
ok($md, 'the sender is told');
like($md->{text}, qr/Jane Roe <jane\@roe\.example>: 第5条の修正をお願いします/, '... who declined and why');

# --- Round 2: resend, a changed address, then both sign ---------------
$legal->get('/contracts/4/signing');
$r = $legal->post('/contracts/4/signing', [ ordering => 'parallel', message => '', expires => $round1[5],
    name1 => '田中 一郎', email1 => 'tanaka@hikari.example', name2 => 'Jane Roe', email2 => 'jane@old.example', action => 'send' ]);
is($r->{status}, 303, 'a second round, both at once');
my $a1 = link_in(mail_to('tanaka@hikari.example', qr/電子署名のお願い/));
my $old2 = link_in(mail_to('jane@old.example', qr/Please sign|電子署名のお願い/));
ok($a1 && $old2, 'both signers have links');
isnt($a1, $l1, '... new ones');
is($s1->get($l1)->{status}, 410, "the first round's link stays dead");
my ($sa, $sb) = map { $_->[0] } $s->sql('SELECT id FROM signers WHERE request_id = 2 ORDER BY position');
$legal->get('/contracts/4/signing');
is($legal->post('/contracts/4/signing', [ action => 'resend', signer_id => $sa ])->{status}, 303, 'resend to the first');
my $a1b = link_in(mail_to('tanaka@hikari.example', qr/再送/));
ok($a1b && $a1b ne $a1, '... a new link');
is($s1->get($a1)->{status}, 410, '... the replaced link: 410');
$legal->get('/contracts/4/signing');
is($legal->post('/contracts/4/signing', [ action => 'email', signer_id => $sb, new_email => 'jane@roe.example' ])->{status}, 303, "change the second signer's address");
my $b2 = link_in(mail_to('jane@roe.example', qr/Please sign|電子署名のお願い/));
ok($b2, '... the link goes to the new address');
is($s2->get($old2)->{status}, 410, '... the old address\'s link: 410');
like(decode_utf8(one("SELECT detail FROM signing_events WHERE event = 'email_changed'")), qr/jane\@old\.example → jane\@roe\.example/, '... the change recorded');
is($legal->post('/contracts/4/signing', [ action => 'resend', signer_id => 999999 ])->{status}, 404, 'resend to an unknown signer: 404');
is($other->post('/contracts/4/signing', [ action => 'cancel' ])->{status}, 404, "another organisation cannot cancel it: 404");

$r = $s1->get($a1b);
$r = $s1->post($a1b, [ action => 'sign', consent => 1, signer => $sa ]);
is($r->{status}, 200, 'the first signs');
$s2 = $s->client;
$s2->get($b2);
$r = $s2->post($b2, [ action => 'code', code => 'x' x 4 ]);
$r = $s2->post($b2, [ action => 'sign', consent => 1, signer => $sb ]);
is($r->{status}, 200, 'the second signs (no code this round)') or diag page($r);
like(page($r), qr/全員の署名がそろい|Everyone has signed/, '... and is told the contract is executed');
is(one('SELECT state FROM signing_requests WHERE id = 2'), 'completed', 'the request is completed');
is(one('SELECT status FROM contracts WHERE id = 4'), 'executed', 'the contract is executed');

# The executed PDF, as a verifier sees it.
my ($final, $fsha) = @{ ($s->sql('SELECT final_document_id, final_sha256 FROM signing_requests WHERE id = 2'))[0] };
$r = $legal->get("/contracts/4/documents/$final");
is($r->{status}, 200, 'legal downloads the executed PDF');
my $exe = $r->{content};
spit("$tmp/executed.pdf", $exe);
is(substr($exe, 0, length $pdf), $pdf, 'the document as sent is its first part, byte for byte');
is((split ' ', (sh("sha256sum $tmp/executed.pdf"))[1])[0], $fsha, 'its SHA-256 is the one recorded');
my ($rc, $out) = sh("certutil -N -d sql:$tmp --empty-password && certutil -A -d sql:$tmp -n keiyaku -t C,C,C -i $dir/signer-public/ca.pem");
is($rc, 0, "an NSS database trusting the deployment's CA");
(undef, $out) = sh("pdfsig -nssdir sql:$tmp $tmp/executed.pdf");
is(scalar(() = $out =~ /Signature Validation: Signature is Valid\./g), 2, 'pdfsig: both signatures valid') or diag $out;
is(scalar(() = $out =~ /Certificate Validation: Certificate is Trusted\./g), 2, '... and trusted');
($rc, $out) = sh("qpdf --check $tmp/executed.pdf");
is($rc, 0, 'qpdf --check: no error') or diag $out;
my @sig = PdfSig::signatures($exe);
is(scalar @sig, 3, 'two signatures and a document timestamp');
is_deeply([ map { $_->{name} } @sig[0, 1] ], [ '田中 一郎', 'Jane Roe' ], "each signature's /Name is its signer");
like($exe, qr{/Reason <FEFF}, '... with a /Reason');
is($sig[2]{subfilter}, 'ETSI.RFC3161', '... the last an /ETSI.RFC3161 document timestamp');
($rc, $out) = PdfSig::ts_verify($sig[2], "$dir/signer-public");
is($rc, 0, 'openssl ts -verify: the document timestamp verifies') or diag $out;

# keiyaku-verify: on its own, with only the CA.
my $kv = Stack::builddir() . '/src/keiyaku-verify';
($rc, $out) = sh("$kv -C $dir/signer-public/ca.pem $tmp/executed.pdf");
$out = decode_utf8($out);
is($rc, 0, 'keiyaku-verify: exit 0') or diag $out;
like($out, qr/3 signatures.*SHA-256 $fsha/s, '... counts the signatures and gives the SHA-256');
like($out, qr/#1 signature \(ETSI\.CAdES\.detached\) for 田中 一郎 at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+09:00/, '... the first signer and the time');
like($out, qr/#2 signature .*for Jane Roe/, '... the second');
like($out, qr/#3 document timestamp \(ETSI\.RFC3161\)\n\s+timestamp: \d{4}-\d\d-\d\dT[\d:]+Z by .*Time Stamping/, '... the document timestamp, its time and authority');
is(scalar(() = $out =~ /^\s+valid$/mg), 3, '... each valid');
like($out, qr/executed\.pdf: VALID$/m, '... VALID');
my $bad = $exe;
substr($bad, index($bad, '/Type /Catalog'), 6) = '/TYPE ';
spit("$tmp/tampered.pdf", $bad);
($rc, $out) = sh("$kv -C $dir/signer-public/ca.pem $tmp/tampered.pdf");
is($rc, 1, 'one byte changed: exit 1');
like($out, qr/does not match the document/, '... the signatures do not match');
like($out, qr/tampered\.pdf: NOT VALID$/m, '... NOT VALID');
spit("$tmp/appended.pdf", $exe . "1 0 obj\n<< >>\nendobj\n");
($rc, $out) = sh("$kv -C $dir/signer-public/ca.pem $tmp/appended.pdf");
is($rc, 1, 'bytes added after the seal: exit 1');
like($out, qr/changed after signing/, '... says so');
($rc, $out) = sh("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout $tmp/k.pem -out $tmp/other-ca.pem -subj /CN=Other -days 1 && $kv -C $tmp/other-ca.pem $tmp/executed.pdf");
is($rc, 1, 'against another CA: exit 1');
like($out, qr/not trusted/, '... the certificate is not trusted');
($rc) = sh("$kv -C $dir/signer-public/ca.pem $tmp/nosuch.pdf");
is($rc, 2, 'a missing file: exit 2');

# The audit certificate (合意締結証明書), signed by the service.
my $cert = one('SELECT certificate_document_id FROM signing_requests WHERE id = 2');
ok($cert, 'the completed request has its audit certificate');
like(decode_utf8(one("SELECT filename FROM documents WHERE id = $cert")), qr/^合意締結証明書_C-000004\.pdf$/, '... stored with the contract, named by its number');
$r = $legal->get("/contracts/4/documents/$cert");
is($r->{status}, 200, '... and downloads');
spit("$tmp/cert.pdf", $r->{content});
spit("$ENV{KEIYAKU_SAVE_DIR}/cert.pdf", $r->{content}) if $ENV{KEIYAKU_SAVE_DIR};	# to look at
($rc, $out) = sh("pdftotext -enc UTF-8 $tmp/cert.pdf -");
$out = decode_utf8($out);
is($rc, 0, 'pdftotext reads it');
like($out, qr/合意締結証明書/, '... the Japanese title renders as text');
like($out, qr/東京本社オフィス賃貸借契約/, '... the document title');
like($out, qr/賃貸借契約書\.pdf \(64568 bytes\)/, '... the file as sent and its size');
like($out, qr/\Q$fsha\E/, '... the SHA-256 of the executed file');
like($out, qr/@{[ one('SELECT original_sha256 FROM signing_requests WHERE id = 2') ]}/, '... and of the original');
like($out, qr/佐藤 健 <legal\@minato\.example>/, '... the sender');
like($out, qr/1\. 田中 一郎 <tanaka\@hikari\.example>.*2\. Jane Roe <jane\@roe\.example>/s, '... both signers, in order');
is(scalar(() = $out =~ /127\.0\.0\.1/g), 2, '... the IP address of each');
like($out, qr/keiyaku-test\/1/, '... their user agents');
like($out, qr/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d JST \(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)/, '... times in JST and UTC');
like($out, qr/有効：電子署名 2 件/, '... and the verification status: valid');
(undef, $out) = sh("pdffonts $tmp/cert.pdf");
like($out, qr/KEIYAK\+ipaexg\s+CID TrueType\s+Identity-H\s+yes yes yes/, '... IPAexGothic embedded as a subset');
(undef, $out) = sh("pdfsig -nssdir sql:$tmp $tmp/cert.pdf");
like($out, qr/Signature is Valid.*Certificate is Trusted/s, 'the certificate itself is signed: pdfsig valid and trusted') or diag $out;
($rc, $out) = sh("$kv -C $dir/signer-public/ca.pem $tmp/cert.pdf");
is($rc, 0, '... keiyaku-verify: valid') or diag $out;
($rc) = sh("qpdf --check $tmp/cert.pdf");
is($rc, 0, '... qpdf --check: no error');

# The copy link in the completion mail.
my $c1 = link_in(mail_to('tanaka@hikari.example', qr/締結されました/));
ok($c1, 'each signer is mailed a link to the executed document');
ok(mail_to('legal@minato.example', qr/全員の署名が完了/), '... and the sender is told');
$r = $s1->get($c1);
is($r->{status}, 200, 'the copy link opens');
$r = $s1->get("$c1/document");
is($r->{content}, $exe, '... and gives the executed PDF');
like($r->{headers}{'content-disposition'}, qr/^attachment/, '... as a download');
is($s1->get($a1b)->{status}, 410, 'the signing link is dead');
is($s1->post($c1, [ action => 'sign', consent => 1, signer => $sa ])->{status}, 403, 'a copy link cannot sign');

# The sender's page: signers, times, addresses, events.
$r = $legal->get('/contracts/4/signing');
like(page($r), qr/締結済み.*田中 一郎.*Jane Roe/s, "the sender's page shows the completed round");
like(page($r), qr{href="/contracts/4/documents/$cert">合意締結証明書}, '... with the audit certificate');
like(page($r), qr/127\.0\.0\.1/, '... with the addresses');
like(page($r), qr/keiyaku-test\/1/, '... and the user agents of the events');

# --- Cancel and expiry ----------------------------------------------
$s->sql("UPDATE contracts SET status = 'approved' WHERE id = 3");
$legal->get('/contracts/3');
my $admin = $s->client;
$admin->signin('admin@minato.example');
$admin->get('/contracts/3');
is($admin->upload('/contracts/3/documents', [ kind => 'main' ], file => [ 'nda.pdf', $pdf, 'application/pdf' ])->{status}, 303, 'another contract with a PDF');
$admin->get('/contracts/3/signing');
is($admin->post('/contracts/3/signing', [ ordering => 'parallel', expires => $round1[5], name1 => 'Kim', email1 => 'kim@example.org', action => 'send' ])->{status}, 303, 'sent');
my $k1 = link_in(mail_to('kim@example.org', qr/Please sign|電子署名のお願い/));
$admin->get('/contracts/3/signing');
is($admin->post('/contracts/3/signing', [ action => 'cancel' ])->{status}, 303, 'cancelled by the sender');
is($s->client->get($k1)->{status}, 410, "the cancelled request's link: 410");
is(one('SELECT status FROM contracts WHERE id = 3'), 'approved', '... the contract approved again');
ok(mail_to('kim@example.org', qr/終了|ended/), '... the signer is told');
$admin->get('/contracts/3/signing');
$admin->post('/contracts/3/signing', [ ordering => 'parallel', expires => $round1[5], name1 => 'Kim', email1 => 'kim@example.org', action => 'send' ]);
my $k2 = link_in(mail_to('kim@example.org', qr/Please sign|電子署名のお願い/));
$s->sql("UPDATE signing_requests SET expires_at = NOW(6) - INTERVAL 1 MINUTE WHERE contract_id = 3 AND state = 'out'");
is($s->client->get($k2)->{status}, 410, 'an expired link: 410');
is(one("SELECT detail FROM signing_events WHERE event = 'link_refused' ORDER BY id DESC LIMIT 1"), 'expired', '... recorded as expired');

$r = $admin->get('/contracts/3/signing');
like(page($r), qr/期限切れ/, "the sender's page shows the request expired");
is(one('SELECT status FROM contracts WHERE id = 3'), 'approved', '... and the contract approved again');
ok(mail_to('admin@minato.example', qr/期限が過ぎました/), '... and the sender is told by mail');

# The daily job: a reminder before the deadline (with a new link), and
# the expiry of a request left past it.
$admin->get('/contracts/3/signing');
$admin->post('/contracts/3/signing', [ ordering => 'parallel', expires => $round1[5], remind_days => 3,
    name1 => 'Kim', email1 => 'kim@example.org', action => 'send' ]);
my $k3 = link_in(mail_to('kim@example.org', qr/Please sign|電子署名のお願い/));
$s->sql("UPDATE signing_requests SET expires_at = NOW(6) + INTERVAL 2 DAY WHERE contract_id = 3 AND state = 'out'");
sub run_reminders {
	my ($day) = @_;
	my $pid = fork // die;
	if (!$pid) { open(STDERR, '>', '/dev/null'); exec Stack::builddir() . '/src/keiyaku-jobs', '-c', "$dir/keiyaku.conf", '-e', 'reminders', '-o', 1, $day or die }
	waitpid($pid, 0);
	my $rc = $? >> 8;
	# It queues the job; the worker runs it.
	wait_for(sub { one("SELECT COUNT(*) FROM jobs WHERE kind = 'reminders' AND payload = '$day' AND state IN ('done', 'failed')") }, 30)
	    or return -1;
	return one("SELECT state FROM jobs WHERE kind = 'reminders' AND payload = '$day'") eq 'done' ? $rc : -2;
}
is(run_reminders('2026-12-01'), 0, 'the daily job runs');
my $k4 = link_in(mail_to('kim@example.org', qr/期限が近づいています|deadline near/));
ok($k4 && $k4 ne $k3, '... and reminds the signer with a new link');
is($s->client->get($k3)->{status}, 410, '... the earlier link replaced: 410');
is(run_reminders('2026-12-02'), 0, 'the next day');
is(one("SELECT COUNT(*) FROM signing_events WHERE event = 'reminder'"), 1, '... reminds nobody twice');
$s->sql("UPDATE signing_requests SET expires_at = NOW(6) - INTERVAL 1 SECOND WHERE contract_id = 3 AND state = 'out'");
is(run_reminders('2026-12-03'), 0, 'after the deadline');
is(one("SELECT state FROM signing_requests WHERE contract_id = 3 ORDER BY id DESC LIMIT 1"), 'expired', '... the request has expired');
is(one('SELECT status FROM contracts WHERE id = 3'), 'approved', '... and the contract is approved again');

# --- Isolation and the logs -----------------------------------------
my $anon = $s->client;
$anon->get($k2);
is($anon->get('/contracts/5')->{status}, 302, "a signer's link gives no session: another organisation's contract sends to sign-in");
is($anon->get("$k2/../../contracts/5")->{status} != 200, 1, '... nor through the link\'s path');
$r = $other->get('/contracts/4/documents/' . $final);
is($r->{status}, 404, "another organisation's admin cannot download the executed PDF");
my $alog = slurp("$dir/log/access.log") . slurp("$dir/log/apache-access.log");
unlike($alog, qr/\Q$tok1\E|\Q@{[substr($a1b, 6)]}\E/, 'no signing token in the access logs');
like($alog, qr{/sign/[0-9a-f]{8}\.\.\.}, '... the application log keeps 8 digits of it');

# --- Bulk verification (一括検証) ---------------------------------------
sub verify_run {
	my ($cl) = @_;
	$cl->get('/admin/verify');
	my $r = $cl->post('/admin/verify', []);
	my ($id) = ($r->{headers}{location} // '') =~ m{^/admin/verify/(\d+)$};
	return undef unless $id;
	wait_for(sub { one("SELECT state FROM verification_runs WHERE id = $id") =~ /done|failed/ }, 60);
	return $id;
}
my $v1 = verify_run($admin);
ok($v1, 'an admin starts a bulk verification');
is(one("SELECT state FROM verification_runs WHERE id = $v1"), 'done', '... it runs to the end');
my ($files, $signed, $failed, $nsig) = @{ ($s->sql("SELECT files, signed_files, files_failed, signatures FROM verification_runs WHERE id = $v1"))[0] };
is($files, one('SELECT COUNT(*) FROM documents WHERE organisation_id = 1'), '... every stored file of the organisation');
is($signed, one('SELECT COUNT(*) FROM documents WHERE organisation_id = 1 AND signing_request_id IS NOT NULL'), '... the signed ones among them');
ok($nsig >= 3, '... their signatures and timestamps checked');
is($failed, 0, '... none failed');
$r = $admin->get("/admin/verify/$v1");
is($r->{status}, 200, 'its page');
like(page($r), qr/すべてのファイルが記録どおりで、すべての署名が有効です/, '... says all is well');

# One byte of the executed file changed on disk; another file's record changed.
my ($sname) = map { $_->[0] } $s->sql("SELECT storage_name FROM documents WHERE id = $final");
my $spath = "$dir/store/1/" . substr($sname, 0, 2) . "/$sname";
my $raw = slurp($spath);
substr($raw, 5000, 1) = chr(ord(substr($raw, 5000, 1)) ^ 1);
spit($spath, $raw);
my $other_doc = one("SELECT MIN(id) FROM documents WHERE contract_id = 3");
$s->sql("UPDATE documents SET sha256 = REPEAT('0', 64) WHERE id = $other_doc");
my $v2 = verify_run($admin);
is(one("SELECT files_failed FROM verification_runs WHERE id = $v2"), 2, 'after tampering: two files fail');
is(one("SELECT GROUP_CONCAT(contract_id ORDER BY contract_id) FROM verification_results WHERE run_id = $v2 AND ok = 0"), '3,4', '... of the two contracts');
like(one("SELECT problem FROM verification_results WHERE run_id = $v2 AND document_id = $final"), qr/does not authenticate/, '... the changed byte: the file does not authenticate');
like(one("SELECT problem FROM verification_results WHERE run_id = $v2 AND document_id = $other_doc"), qr/SHA-256 is not the one recorded/, '... the changed record: the SHA-256 differs');
$r = $admin->get("/admin/verify/$v2");
like(page($r), qr/記録と一致しないファイル/, 'the page says some failed');
like(page($r), qr{href="/contracts/4"}, '... and links the contract');
$r = $admin->get("/admin/verify/$v2.csv");
is($r->{status}, 200, 'the CSV');
like($r->{headers}{'content-type'}, qr{^text/csv}, '... text/csv');
my @lines = split /\r\n/, decode_utf8($r->{content});
is(scalar(@lines) - 1, $files, '... a line for every file');
is(scalar(grep { /,0,"?its SHA-256|,0,"?the stored file/ } @lines), 2, '... two of them failures');
is($other->get("/admin/verify/$v2")->{status}, 404, "another organisation's admin: 404 for the run");
is($other->get("/admin/verify/$v2.csv")->{status}, 404, '... and for its CSV');
is($legal->get('/admin/verify')->{status}, 403, 'legal (no admin role): 403');

# The operator, for every organisation, from the command line.
{
	local $ENV{KEIYAKU_CONF} = "$dir/keiyaku.conf";
	($rc, $out) = sh(Stack::builddir() . '/src/keiyaku-ctl verify all');
}
is($rc, 1, 'keiyaku-ctl verify all: exit 1 (failures)') or diag $out;
like($out, qr/^1\s+\d+\s+\d+\s+\d+\s+2\s/m, '... organisation 1: two failed');
like($out, qr/^2\s+\d+\s+\d+\s+\d+\s+0\s/m, '... organisation 2: none');
like($out, qr/FAILED organisation 1 run \d+: document $final \(contract 4/, '... names the file and the contract');
is(one("SELECT COUNT(*) FROM verification_runs WHERE source = 'cli'"), 2, '... each run recorded');

$s->stop;
done_testing;
