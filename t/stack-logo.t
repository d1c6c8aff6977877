# The organisation's logo (issue 5): an admin uploads a PNG or a JPEG
# of at most 256 KB, told by its bytes and not by its name or the type
# sent; anything else (a PDF, an SVG, text named .png) is 415, a larger
# file 413, no file 400, each with a plain message and nothing stored;
# the organisation's users see it in the page header and get it from
# /logo (its type, nosniff, the SHA-256 as ETag, 304, kept by the
# browser when asked for by its version), another organisation's users
# never; the admin deletes it; each change in the operation log with
# the old and new SHA-256; a forged form 403.
use strict;
use warnings;
use utf8;
use Test::More;
use Encode qw(decode_utf8);
use Digest::SHA qw(sha256_hex);
use Compress::Zlib qw(compress crc32);
use Stack;

my $s = Stack->start(jobs => 0);
sub page { decode_utf8($_[0]{content} // '') }
sub one { decode_utf8(($s->sql($_[0]))[0][0]) }
sub logo_sha { one("SELECT IFNULL((SELECT sha256 FROM organisation_logos WHERE organisation_id = $_[0]), 'none')") }
sub entries { one("SELECT COUNT(*) FROM oplog WHERE action LIKE 'logo.%'") }

# A real PNG (2x1, RGBA) and a JPEG's first bytes.
sub chunk { my ($t, $d) = @_; pack('N', length $d) . $t . $d . pack('N', crc32($t . $d)) }
my $png = "\x89PNG\r\n\x1a\n" . chunk('IHDR', pack('NNCCCCC', 2, 1, 8, 6, 0, 0, 0))
    . chunk('IDAT', compress("\0" . "\x1d\x4e\x89\xff" x 2)) . chunk('IEND', '');
my $jpeg = "\xff\xd8\xff\xe0\0\x10JFIF\0\1\1\0\0\1\0\1\0\0" . ("\0" x 64) . "\xff\xd9";
my ($png_sha, $jpeg_sha) = (sha256_hex($png), sha256_hex($jpeg));

my $admin = $s->client;
$admin->signin('admin@minato.example');
my $member = $s->client;
$member->signin('member@minato.example');
my $other = $s->client;
$other->signin('admin@hokuto.example');

my $r = $admin->get('/admin/logo');
is($r->{status}, 200, 'the logo page');
like(page($r), qr/ロゴはまだ登録されていません/, '... no logo yet');
like(page($r), qr{href="/admin/logo" aria-current="page"}, '... in the admin navigation');
is($member->get('/logo')->{status}, 404, 'no logo: /logo is 404');
unlike(page($member->get('/')), qr/org-logo/, '... and the header has none');

# A PNG.
$r = $admin->upload('/admin/logo', [], file => [ 'ロゴ.png', $png, 'image/png' ]);
is($r->{status}, 303, 'a PNG: stored');
is(logo_sha(1), $png_sha, '... its SHA-256');
is(one("SELECT CONCAT(mime, ' ', OCTET_LENGTH(bytes), ' ', updated_by) FROM organisation_logos WHERE organisation_id = 1"),
    'image/png ' . length($png) . ' 1', '... its type, size and who');
is(one("SELECT detail FROM oplog WHERE action = 'logo.update' ORDER BY id DESC LIMIT 1"), "logo: sha256 none → $png_sha", '... logged none → new');
like(page($admin->get('/admin/logo')), qr/\Q$png_sha\E/, '... the page shows it');

my $v = substr($png_sha, 0, 16);
like(page($member->get('/')), qr{<img class="org-logo" src="/logo\?v=$v" alt="" height="24">株式会社みなと商事}, "a user's header shows it beside the organisation's name");
$r = $member->get("/logo?v=$v");
is($r->{status}, 200, '/logo for a user of the organisation');
is($r->{content}, $png, '... the very bytes');
is($r->{headers}{'content-type'}, 'image/png', '... as image/png');
is($r->{headers}{'x-content-type-options'}, 'nosniff', '... nosniff');
is($r->{headers}{etag}, qq{"$png_sha"}, '... its SHA-256 the ETag');
like($r->{headers}{'cache-control'}, qr/^private, max-age=31536000/, '... kept by the browser when asked for by its version');
like($member->get('/logo')->{headers}{'cache-control'}, qr/^private, no-cache$/, '... checked again each time when not');
like($member->get('/logo?v=0123456789abcdef')->{headers}{'cache-control'}, qr/no-cache/, '... or asked for by another version');
$r = $member->get('/logo', headers => { 'If-None-Match' => qq{"$png_sha"} });
is($r->{status}, 304, 'the browser has it: 304');
is($r->{content} // '', '', '... with no body');
is($member->request('HEAD', '/logo')->{status}, 200, 'HEAD /logo');
is($member->get('/logo?v=XYZ')->{status}, 400, 'a version that is no hex: 400');

# Another organisation never sees it.
is($other->get('/logo')->{status}, 404, "another organisation's admin: 404");
unlike(page($other->get('/')), qr/org-logo/, '... no logo in their header');
my $op = $s->client;
$op->signin('operator@keiyaku.example');
is($op->get('/logo')->{status}, 404, 'the operator: 404');
is($s->client->get('/logo')->{status}, 302, 'nobody signed in: to sign-in');

# A JPEG, whatever its name and the type sent.
$admin->get('/admin/logo');
is($admin->upload('/admin/logo', [], file => [ 'logo.txt', $jpeg, 'text/plain' ])->{status}, 303, 'a JPEG named .txt, sent as text/plain: stored as what it is');
is(logo_sha(1), $jpeg_sha, '... the new one');
is(one("SELECT mime FROM organisation_logos WHERE organisation_id = 1"), 'image/jpeg', '... image/jpeg');
is(one("SELECT detail FROM oplog WHERE action = 'logo.update' ORDER BY id DESC LIMIT 1"), "logo: sha256 $png_sha → $jpeg_sha", '... logged old → new');
$r = $member->get('/logo');
is($r->{headers}{'content-type'}, 'image/jpeg', '/logo: image/jpeg');
is($r->{content}, $jpeg, '... its bytes');
like(page($member->get('/')), qr{src="/logo\?v=\Q@{[substr($jpeg_sha, 0, 16)]}\E"}, '... the header links the new version');
is($member->get('/logo', headers => { 'If-None-Match' => qq{"$png_sha"} })->{status}, 200, 'the old ETag: the new logo (200)');

# Refused, nothing stored.
my $n = entries();
my @refused = (
	[ 'a PDF named .png', 'logo.png', "%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n", 415, qr/PNG または JPEG の画像だけ/ ],
	[ 'an SVG named .png', 'logo.png', qq{<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>}, 415, qr/SVG/ ],
	[ 'an SVG as it is', 'logo.svg', qq{<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>}, 415, qr/PNG または JPEG/ ],
	[ 'text named .png', 'logo.png', "just text\n", 415, qr/PNG または JPEG/ ],
	[ 'a GIF', 'logo.gif', "GIF89a\1\0\1\0\0\0\0;", 415, qr/PNG または JPEG/ ],
	[ 'a PNG of 256 KB and a byte', 'big.png', "\x89PNG\r\n\x1a\n" . ("\0" x (262144 - 7)), 413, qr/256 KB まで/ ],
	[ 'an empty file', 'empty.png', '', 400, qr/画像ファイルを選んでください/ ],
);
for my $t (@refused) {
	my ($what, $name, $bytes, $st, $msg) = @$t;
	$admin->get('/admin/logo');
	$r = $admin->upload('/admin/logo', [], file => [ $name, $bytes, 'image/png' ]);
	is($r->{status}, $st, "$what: $st");
	like(page($r), $msg, '... with a plain message');
	is(logo_sha(1), $jpeg_sha, '... the logo unchanged');
}
$admin->get('/admin/logo');
is($admin->upload('/admin/logo', [ note => 'x' ])->{status}, 400, 'no file: 400');
is(entries(), $n, 'nothing logged by any of them');
is($admin->upload('/admin/logo', [], file => [ 'max.png', "\x89PNG\r\n\x1a\n" . ("\0" x (262144 - 8)), 'image/png' ])->{status}, 303, 'exactly 256 KB: stored');
is(one("SELECT OCTET_LENGTH(bytes) FROM organisation_logos WHERE organisation_id = 1"), 262144, '... every byte');
is(length($member->get('/logo')->{content}), 262144, '... and served whole');
$admin->get('/admin/logo');
is($admin->upload('/admin/logo', [], file => [ 'logo.png', $png, 'image/png' ])->{status}, 303, 'the PNG again');

# Forged, another organisation, another role.
is($admin->upload('/admin/logo', [ csrf => '0' x 64 ], file => [ 'logo.png', $jpeg, 'image/jpeg' ])->{status}, 403, 'a forged upload: 403');
is($admin->post('/admin/logo/delete', [ csrf => '0' x 64 ])->{status}, 403, 'a forged delete: 403');
is(logo_sha(1), $png_sha, '... the logo unchanged');
$other->get('/admin/logo');
is($other->post('/admin/logo/delete', [])->{status}, 404, "the other organisation's admin has none to delete: 404");
is(logo_sha(1), $png_sha, "... the first organisation's stays");
$other->get('/admin/logo');
is($other->upload('/admin/logo', [], file => [ 'hokuto.jpg', $jpeg, 'image/jpeg' ])->{status}, 303, 'the other organisation sets its own');
is(logo_sha(2), $jpeg_sha, '... stored for it');
is(logo_sha(1), $png_sha, '... the first keeps its own');
is($member->get('/logo')->{content}, $png, "... and the first's users still get theirs");
is(one("SELECT COUNT(*) FROM oplog WHERE action = 'logo.update' AND organisation_id = 2"), 1, "... logged in the other organisation's log");
my $legal = $s->client;
$legal->signin('legal@minato.example');
is($legal->get('/admin/logo')->{status}, 403, 'legal: the page is 403');
is($legal->post('/admin/logo/delete', [])->{status}, 403, '... and so is deleting');
is($legal->get('/logo')->{status}, 200, '... but legal sees the logo');

# Deleting.
$admin->get('/admin/logo');
is($admin->post('/admin/logo/delete', [])->{status}, 303, 'the admin deletes it');
is(logo_sha(1), 'none', '... gone');
is(one("SELECT detail FROM oplog WHERE action = 'logo.delete'"), "logo: sha256 $png_sha → none", '... logged old → none');
is($member->get('/logo')->{status}, 404, '/logo: 404');
unlike(page($member->get('/')), qr/org-logo/, '... and the header has none');
is(logo_sha(2), $jpeg_sha, "the other organisation's stays");
is($admin->post('/admin/logo/delete', [])->{status}, 404, 'deleted again: 404');
is(one("SELECT COUNT(*) FROM oplog WHERE action LIKE 'logo.%' AND organisation_id = 1"), 5, 'five changes, five entries');

$s->stop;
done_testing;
