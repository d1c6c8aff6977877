# The stack as a whole: health, static files, security headers, TLS,
# error pages, logs, plain CGI mode, idempotent start.
use strict;
use warnings;
use Test::More;
use JSON::PP;
use IO::Socket::SSL;
use Stack;

my $s = Stack->start;
my $c = $s->client;

# /healthz
my $r = $c->get('/healthz');
is($r->{status}, 200, '/healthz answers 200');
my $h = decode_json($r->{content});
is($h->{status}, 'ok', 'health: overall ok');
is($h->{checks}{database}{status}, 'ok', 'health: database ok');
like($h->{checks}{database}{latency_us}, qr/^\d+$/, 'health: database latency in microseconds');
like($r->{headers}{'content-type'}, qr{^application/json}, 'health: JSON content type');

# Static files come from htdocs through Apache, with nosniff.
$r = $c->get('/static/keiyaku.css');
is($r->{status}, 200, 'static CSS served');
like($r->{headers}{'content-type'}, qr{^text/css}, 'static CSS type');
is($r->{headers}{'x-content-type-options'}, 'nosniff', 'static: nosniff');
is($c->get('/static/nope.css')->{status}, 404, 'missing static file: 404');

# Security headers on dynamic pages, set in one place by lib/http.c.
$r = $c->get('/signin');
is($r->{status}, 200, 'sign-in page');
my $csp = $r->{headers}{'content-security-policy'} // '';
like($csp, qr/script-src 'self'/, 'CSP: scripts only from self');
unlike($csp, qr/unsafe-inline/, 'CSP: no unsafe-inline');
like($csp, qr/frame-ancestors 'none'/, "CSP: frame-ancestors 'none'");
is($r->{headers}{'x-content-type-options'}, 'nosniff', 'nosniff');
is($r->{headers}{'referrer-policy'}, 'same-origin', 'Referrer-Policy');
ok(!exists $r->{headers}{'strict-transport-security'}, 'no HSTS over plain HTTP');
unlike($r->{content}, qr/<script/i, 'no script elements at all');
unlike($r->{content}, qr/\sstyle=/i, 'no inline styles');
like($r->{content}, qr/<html lang="ja">/, 'Japanese by default');

# Error pages: from the template, with the request id, nothing internal.
$r = $c->get('/no/such/page');
is($r->{status}, 404, 'unknown path: 404');
like($r->{content}, qr/お探しのページは見つかりませんでした/, '404 page in Japanese');
my ($rid) = $r->{content} =~ m{<code>([A-Za-z0-9\@_-]+)</code>};
ok($rid, '404 page shows the request id');
unlike($r->{content}, qr/\.c:\d|mysql|MariaDB|SELECT|NEOERR|Traceback/i, '404 page reveals nothing internal');
$r = $c->request('DELETE', '/signin');
is($r->{status}, 405, 'DELETE /signin: 405');
is($r->{headers}{allow}, 'GET, HEAD, POST', '405 lists the allowed methods');
$r = $c->request('PUT', '/');
is($r->{status}, 405, 'PUT /: 405');
$r = $c->request('HEAD', '/signin');
is($r->{status}, 200, 'HEAD /signin: 200');
is(length($r->{content} // ''), 0, 'HEAD has no body');

# The access log: one JSON line per request, with the request id that
# Apache's log has too.
my @lines = grep { length } split /\n/, $s->slurp('log/access.log');
my ($line) = grep { /\Q$rid\E/ } @lines;
ok($line, 'access log has the 404 request by id');
my $j = eval { decode_json($line) } // {};
is($j->{status}, 404, 'access log: status');
is($j->{path}, '/no/such/page', 'access log: path');
is($j->{method}, 'GET', 'access log: method');
is($j->{ip}, '127.0.0.1', 'access log: client IP');
like($j->{us}, qr/^\d+$/, 'access log: duration in microseconds');
like($j->{bytes}, qr/^\d+$/, 'access log: bytes');
like($j->{time}, qr/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/, 'access log: time');
ok(exists $j->{org} && exists $j->{user}, 'access log: organisation and user');
like($s->slurp('log/apache-access.log'), qr/\Q$rid\E/, "Apache's access log carries the same request id");

# TLS: 1.2 and 1.3 only, HSTS on HTTPS responses, Secure cookies.
my $tc = $s->client(tls => 1);
$r = $tc->get('/signin');
is($r->{status}, 200, 'HTTPS sign-in page');
like($r->{headers}{'strict-transport-security'} // '', qr/max-age=31536000/, 'HSTS over TLS');
ok(!ref $r->{headers}{'strict-transport-security'}, '... sent once (the application and Apache do not both add it)');
my $sc = $r->{headers}{'set-cookie'};
like(ref $sc ? join(' ', @$sc) : $sc // '', qr/;\s*Secure/, 'cookies are Secure over TLS');
like($tc->get('/static/keiyaku.css')->{headers}{'strict-transport-security'} // '', qr/max-age/, 'HSTS on static files too');
for my $v ([ 'TLSv1_2', 1 ], [ 'TLSv1_3', 1 ], [ 'TLSv1_1', 0 ], [ 'TLSv1', 0 ]) {
	my $sock = IO::Socket::SSL->new(PeerAddr => '127.0.0.1', PeerPort => $s->sport,
	    SSL_version => $v->[0], SSL_verify_mode => SSL_VERIFY_NONE, Timeout => 5);
	if ($v->[1]) {
		ok($sock, "$v->[0] accepted") or diag($IO::Socket::SSL::SSL_ERROR);
	} else {
		ok(!$sock, "$v->[0] refused");
	}
	close $sock if $sock;
}

# Each cgi-bin program also works as a plain CGI (one request).
{
	local $ENV{REQUEST_METHOD} = 'GET';
	local $ENV{REQUEST_URI} = '/hello';
	local $ENV{QUERY_STRING} = '';
	local $ENV{KEIYAKU_CONF} = $s->dir . '/keiyaku.conf';
	my $out = `'@{[Stack::builddir()]}/cgi-bin/hello' </dev/null`;
	like($out, qr/^Status: 200 OK\r\n/, 'hello as plain CGI: Status 200');
	like($out, qr/\r\n\r\nHello from Keiyaku/, 'hello as plain CGI: body');
	local $ENV{REQUEST_URI} = '/signin';
	$out = `'@{[Stack::builddir()]}/cgi-bin/auth' </dev/null`;
	like($out, qr/^Status: 200 OK\r\n.*Content-Security-Policy/s, 'auth as plain CGI: sign-in page with headers');
	like($out, qr/<form method="post" action="\/signin"/, 'auth as plain CGI: the form');
	local $ENV{REQUEST_URI} = '/nope';
	$out = `'@{[Stack::builddir()]}/cgi-bin/auth' </dev/null`;
	like($out, qr/^Status: 404 /, 'auth as plain CGI: 404');
}

# Two database accounts: the application's cannot change the schema.
my ($grants) = join "\n", map { $_->[0] } $s->root_sql("SHOW GRANTS FOR 'keiyaku_app'\@'localhost'");
like($grants, qr/GRANT EXECUTE ON `keiyaku`\.\*/, 'app account: the functions migrations define');
like($grants, qr/GRANT SELECT, INSERT, UPDATE, DELETE ON `keiyaku`\.`contracts`/, '... the rows of each table');
like($grants, qr/GRANT SELECT, INSERT ON `keiyaku`\.`oplog`/, '... but only reading and adding to the logs');
is_deeply([ grep { /(SELECT|UPDATE|DELETE).* ON `keiyaku`\.\*/ || /(UPDATE|DELETE).* ON `keiyaku`\.`(oplog|oplog_seals|signing_events|signing_link_refusals)`/ } split /\n/, $grants ],
    [], '... no UPDATE or DELETE on a log, no row rights on the whole schema');
unlike($grants, qr/`schema_migrations`/, '... and nothing on the migrations table');
unlike($grants, qr/ALL PRIVILEGES|CREATE|DROP|ALTER/, 'app account: no DDL');
my @mig = $s->sql('SELECT version FROM schema_migrations ORDER BY version');
ok(@mig >= 1 && $mig[0][0] eq '0001', 'migrations recorded in schema_migrations');
my @cs = $s->sql("SELECT DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'keiyaku'");
is($cs[0][0], 'utf8mb4', 'database is utf8mb4');

# Starting again is safe: same MariaDB, same data, still serving.
my $dbpid = $s->pidfile_pid('run/mysqld.pid');
is($s->stack('start'), 0, 'second start succeeds');
is($s->pidfile_pid('run/mysqld.pid'), $dbpid, 'MariaDB was not restarted');
my @n = $s->sql('SELECT COUNT(*) FROM users');
is($n[0][0], 7, 'demo data loaded once');
is($c->get('/healthz')->{status}, 200, 'still healthy after the second start');

$s->stop;
for my $f ('run/mysqld.pid', 'run/keiyaku-pool.pid', 'run/apache/httpd.pid') {
	ok(!-e $s->dir . "/$f", "stop removed $f");
}
ok(!IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $s->port, Timeout => 2), 'nothing listens after stop');
done_testing;
