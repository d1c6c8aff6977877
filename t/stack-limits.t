# Bad input gets a clear answer and loses nothing: every limit of the
# request parser, through Apache and mod_proxy_fcgi, with the status,
# a plain message with the request id, and no temporary file left.
use strict;
use warnings;
use utf8;
use Test::More;
use IO::Socket::INET;
use Stack;
use Encode qw(decode_utf8);

my $s = Stack->start(conf => join("\n",
    'max_body = 1048576', 'max_upload = 262144', 'max_fields = 20',
    'max_field_size = 1024', 'max_header = 4096'));

sub clear_answer {
	my ($r, $status, $what) = @_;
	is($r->{status}, $status, "$what: $status");
	like($r->{content} // '', qr{<code>[A-Za-z0-9\@_-]+</code>}, "$what: the page shows the request id");
	unlike($r->{content} // '', qr/\.c:\d|mysql|NEOERR|SELECT |stack trace/i, "$what: nothing internal");
}

my $c = $s->client;
$c->get('/signin');
my $tok = $c->csrf;
my $form = sub { my ($body, %h) = @_; $c->request('POST', '/signin', content => $body,
    headers => { 'Content-Type' => 'application/x-www-form-urlencoded', %h }) };

my $r;
clear_answer($form->("csrf=$tok&email=" . ('a' x (2 * 1024 * 1024))), 413, 'body over max_body');
clear_answer($form->("csrf=$tok&" . join('&', map { "f$_=x" } 1 .. 25)), 413, 'too many fields');
clear_answer($form->("csrf=$tok&email=" . ('b' x 2000)), 413, 'a field over max_field_size');
clear_answer($form->("csrf=$tok&email=%zz"), 400, 'invalid percent-encoding');
clear_answer($form->("csrf=$tok&email=abc%"), 400, 'truncated percent-encoding');
clear_answer($form->("csrf=$tok&email=a%00b"), 400, 'encoded NUL byte');
clear_answer($form->("csrf=$tok&email=%C0%AF"), 400, 'overlong UTF-8');
clear_answer($form->("csrf=$tok&=x"), 400, 'empty field name');
clear_answer($c->request('POST', '/signin', content => "csrf=$tok",
    headers => { 'Content-Type' => 'text/plain' }), 415, 'unsupported content type');
clear_answer($c->get('/signin?x=' . ('q' x 5000)), 414, 'query string over max_header');
clear_answer($c->get('/signin?x=%zz'), 400, 'bad query encoding');
clear_answer($c->get(join('/', '', ('p' x 100) x 30)), 414, 'path over 2048 bytes');
clear_answer($c->get('/signin', headers => { Cookie => 'big=' . ('c' x 5000) }), 431, 'cookie header over max_header');
clear_answer($c->get('/signin', headers => { Cookie => join('; ', map { "c$_=1" } 1 .. 30) }), 431, 'too many cookies');
is($c->get('/signin', headers => { Cookie => 'junk; =x; ok=1; kk_sid=nothex' })->{status}, 200, 'malformed cookie pairs are ignored');
# What Apache refuses itself gets a plain page too.
$r = $c->get('/' . ('p' x 3000));
is($r->{status}, 403, 'a path segment too long for the file system: 403 from Apache');
like(decode_utf8($r->{content}), qr/このページにはアクセスできません/, "... with Keiyaku's static error page");
$r = $c->get('/' . ('p' x 9000));
is($r->{status}, 414, 'a request line over 8190 bytes: 414 from Apache');
like(decode_utf8($r->{content}), qr/URLが長すぎます/, "... with Keiyaku's static error page");
for my $p ('/admin/users/abc', '/admin/users/0', '/admin/users/007', '/admin/users/99999999999999999999', '/admin/users/1/x') {
	is($c->get($p)->{status}, 404, "$p: 404");
}

# multipart/form-data, streamed by the application.
my $B = 'kkBoundary7MA4YWxkTrZu0gW';
my $part = sub { my ($name, $val, $file) = @_;
	"--$B\r\nContent-Disposition: form-data; name=\"$name\"" . (defined $file ? "; filename=\"$file\"\r\nContent-Type: application/pdf" : '') . "\r\n\r\n$val\r\n" };
my $mp = sub { my ($body, $ct) = @_; $c->request('POST', '/signin', content => $body,
    headers => { 'Content-Type' => $ct // "multipart/form-data; boundary=$B" }) };
$c->get('/signin');	# the cookie test above replaced the pre-session cookie
$tok = $c->csrf;
my $good = $part->('csrf', $tok) . $part->('email', 'admin@minato.example') . $part->('password', 'keiyaku-demo-2026') . "--$B--\r\n";
$r = $mp->($good);
is($r->{status}, 303, 'sign-in as multipart/form-data works');
$c = $s->client;
$c->get('/signin');
$tok = $c->csrf;
clear_answer($mp->($part->('csrf', $tok) . $part->('email', 'x')), 400, 'truncated multipart (no closing boundary)');
clear_answer($mp->($good, 'multipart/form-data'), 400, 'multipart without boundary parameter');
clear_answer($mp->("--other\r\n\r\nx\r\n--other--\r\n"), 400, 'multipart body without the boundary');
clear_answer($mp->("--$B\r\nContent-Type: text/plain\r\n\r\nx\r\n--$B--\r\n"), 400, 'part without a name');
clear_answer($mp->($part->('csrf', $tok) . $part->('doc', 'x' x 300_000, 'big.pdf') . "--$B--\r\n"), 413, 'file over max_upload');
clear_answer($mp->($part->('csrf', $tok) . $part->('email', "\xff\xfe") . "--$B--\r\n"), 400, 'invalid UTF-8 in a field');
clear_answer($mp->("--$B\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Pad: " . ('h' x 6000) . "\r\n\r\nx\r\n--$B--\r\n"), 431, 'huge part headers');

# A chunked body has no Content-Length: Apache passes it on as it comes
# (it does not apply LimitRequestBody to proxied requests) and the
# application counts the bytes itself.
sub raw {
	my ($req) = @_;
	my $sock = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $s->port, Timeout => 30) or die $!;
	print $sock $req;
	local $/;
	my $res = <$sock> // '';
	close $sock;
	return $res;
}
my $chunk = 'y' x 65536;
my $body = "--$B\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"a.pdf\"\r\n\r\n";
my $req = "POST /signin HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" .
    "Content-Type: multipart/form-data; boundary=$B\r\nTransfer-Encoding: chunked\r\n\r\n";
$req .= sprintf("%x\r\n%s\r\n", length $body, $body);
$req .= sprintf("%x\r\n%s\r\n", length $chunk, $chunk) for 1 .. 20;	# 1.3 MB > max_body
$req .= "0\r\n\r\n";
like(raw($req), qr{^HTTP/1\.1 413 }, 'chunked body over max_body: 413 from the application');

# Nothing half-written: no temporary upload remains.
opendir(my $dh, $s->dir . '/tmp') or die $!;
my @left = grep { !/^\./ } readdir $dh;
is_deeply(\@left, [], 'no temporary upload files left behind');

# A signed-in form with bad values changes nothing.
my $u = $s->client;
$u->signin('legal@minato.example');
$u->get('/profile');
my $name0 = ($s->sql('SELECT name FROM users WHERE id = 2'))[0][0];
is($u->post('/profile', [ name => 'x' x 201, lang => 'ja' ])->{status}, 422, 'name over 200 characters: 422');
is($u->post('/profile', [ name => "a\x01b", lang => 'ja' ])->{status}, 422, 'control character in a name: 422');
is($u->post('/profile', [ name => 'ok', lang => 'de' ])->{status}, 422, 'unknown language: 422');
is($u->post('/profile', [ name => 'ok' x 600, lang => 'ja' ])->{status}, 413, 'a field over max_field_size: 413');
is(($s->sql('SELECT name FROM users WHERE id = 2'))[0][0], $name0, 'the name is unchanged');
is($u->post('/profile', [ name => '佐藤 健（法務部）', lang => 'ja' ])->{status}, 303, 'a good value is still accepted');

$s->stop;
done_testing;
