# Maintenance mode (issue 5): keiyaku-ctl maintenance on makes every
# page but the operator console (/ops) answer 503 with the maintenance
# page and a Retry-After header, in both languages, on HTTP and HTTPS,
# for GET and POST, also with the database down; off brings it all
# back.  Bad arguments change nothing.
use strict;
use warnings;
use utf8;
use Test::More;
use Encode qw(decode_utf8);
use Stack;

my $s = Stack->start(jobs => 0);
my $dir = $s->dir;
sub page { decode_utf8($_[0]{content} // '') }
sub ctl { local $ENV{KEIYAKU_CONF} = "$dir/keiyaku.conf"; my $o = `'@{[Stack::builddir()]}/src/keiyaku-ctl' @_ 2>&1`; return ($? >> 8, decode_utf8($o)) }

my $c = $s->client;
is($c->signin('legal@minato.example')->{status}, 303, 'signed in before');
is($c->get('/contracts')->{status}, 200, 'the ledger');

my ($rc, $out) = ctl('maintenance', 'on', '-u', "'2099-01-01 25:00'");
is($rc, 2, 'an end time that is not one: refused');
($rc, $out) = ctl('maintenance', 'status');
like($out, qr/maintenance: off/, '... and maintenance stays off');
is($c->get('/contracts')->{status}, 200, '... the pages with it');

my ($y, $m, $d) = (gmtime(time + 9 * 3600 + 2 * 3600))[5, 4, 3, 2];
my $h = (gmtime(time + 9 * 3600 + 2 * 3600))[2];
my $until = sprintf('%04d-%02d-%02d %02d:00', $y + 1900, $m + 1, $d, $h);
($rc, $out) = ctl('maintenance', 'on', '-u', "'$until'", '-m', "'データベースの更新 <db>'");
is($rc, 0, 'maintenance on, with an end time and a message') or diag $out;
($rc, $out) = ctl('maintenance', 'status');
like($out, qr/maintenance: on, until \Q$until\E: データベースの更新 <db>/, '... status says so');

for my $p ('/', '/contracts', '/contracts/1', '/signin', '/search?q=x', '/admin/users', '/healthz', '/hello', '/sign/' . ('ab' x 32), '/nope') {
	my $r = $c->get($p);
	is($r->{status}, 503, "GET $p: 503");
}
my $r = $c->get('/contracts');
like($r->{headers}{'retry-after'} // '', qr/^\d+$/, 'Retry-After: seconds');
ok($r->{headers}{'retry-after'} > 3600 && $r->{headers}{'retry-after'} <= 7200, '... until the end time (' . $r->{headers}{'retry-after'} . ' s)');
like(page($r), qr/メンテナンス中/, 'the maintenance page');
like(page($r), qr/終了予定： \Q$until\E/, '... with the end time');
like(page($r), qr/データベースの更新 &lt;db&gt;/, '... and the message, escaped');
unlike(page($r), qr/name="csrf"/, '... and no form');
is($c->post('/contracts/1/workflow', [ action => 'submit' ])->{status}, 503, 'POST: 503 too');
my $en = $s->client;
$en->set_cookie(lang => 'en');
like(page($en->get('/')), qr/Under maintenance/, 'in English for an English reader');
is($s->client(tls => 1)->get('/contracts')->{status}, 503, 'over HTTPS too');
isnt($c->get('/ops')->{status}, 503, 'the operator console is not under maintenance');
isnt($c->get('/ops/orgs')->{status}, 503, '... nor its pages');
is($c->get('/opsx')->{status}, 503, '... but only its own paths');

# The database down: the maintenance page all the same.
$s->root_sql('SHUTDOWN');
sleep 1;
$r = $c->get('/contracts/1');
is($r->{status}, 503, 'the database down: 503');
like(page($r), qr/メンテナンス中/, '... the maintenance page, not an error');

($rc, $out) = ctl('maintenance', 'off');
is($rc, 0, 'maintenance off');
$r = $c->get('/contracts');
is($r->{status}, 503, 'with the database still down: 503');
unlike(page($r), qr/メンテナンス中/, '... the plain error page this time');
is($s->stack('start'), 0, 'the database back');
is($c->get('/contracts')->{status}, 200, 'the ledger again, the session kept');
is($c->get('/healthz')->{status}, 200, 'and /healthz');

$s->stop;
done_testing;
