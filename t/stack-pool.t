# keiyaku-pool, the FastCGI supervisor: respawn, graceful restart under
# load without a dropped request, recycling after max_requests, and a
# stop that ends exactly what was started.
use strict;
use warnings;
use Test::More;
use Time::HiRes qw(sleep time);
use Stack;

my $s = Stack->start(workers => 2, small => 1, conf => 'max_requests = 50');
my $c = $s->client;

sub wait_for { my ($cond, $secs) = @_; my $t = time + $secs; while (time < $t) { return 1 if $cond->(); sleep 0.05 } return $cond->() }

my @auth = $s->workers('auth');
is(scalar @auth, 2, 'two auth workers pre-forked');
is(scalar(my @h = $s->workers('hello')), 1, 'one hello worker');

# A worker that dies is replaced.
kill 'KILL', $auth[0];
ok(wait_for(sub { my @w = $s->workers('auth'); @w == 2 && !grep { $_ == $auth[0] } @w }, 5), 'a killed worker is replaced');
is($c->get('/signin')->{status}, 200, 'and the pool still serves');
like($s->slurp('log/keiyaku-error.log'), qr/auth worker $auth[0] killed by signal 9/, 'the death is logged');

# Graceful restart under load: 4 clients, 150 requests each, while the
# pool is told to restart (SIGHUP) three times and Apache reloads.
@auth = $s->workers('auth');
my $sup = $s->pidfile_pid('run/keiyaku-pool.pid');
my $out = $s->dir . '/load';
my @kids;
for my $k (1 .. 4) {
	my $pid = fork // die;
	if (!$pid) {
		my $lc = $s->client;
		open(my $fh, '>', "$out.$k") or die;
		for (1 .. 150) { print $fh $lc->get($k % 2 ? '/signin' : '/healthz')->{status}, "\n" }
		close $fh;
		$s->{stopped} = 1;	# the child must not stop the stack
		exit 0;
	}
	push @kids, $pid;
}
sleep 0.3;
for (1 .. 3) { kill 'HUP', $sup; sleep 0.4 }
is($s->stack('reload'), 0, 'script/stack reload (pool and Apache, gracefully)');
waitpid($_, 0) for @kids;
my %count;
for my $k (1 .. 4) {
	open(my $fh, '<', "$out.$k") or die;
	$count{$_}++ for map { chomp; $_ } <$fh>;
}
is_deeply(\%count, { 200 => 600 }, 'all 600 requests answered 200 through four restarts') or diag explain \%count;
ok(wait_for(sub { my @w = $s->workers('auth'); @w == 2 && !grep { my $o = $_; grep { $_ == $o } @auth } @w }, 10),
    'the old generation of workers is gone, a new one serves');
like($s->slurp('log/keiyaku-error.log'), qr/graceful restart: generation 3/, 'each restart is logged');

# Recycling: a worker exits after max_requests (50) and is replaced.
my ($h0) = $s->workers('hello');
my $ok = 0;
for (1 .. 120) { $ok++ if $c->get('/hello')->{status} == 200 }
is($ok, 120, '120 requests to a 1-worker pool with max_requests = 50');
ok(wait_for(sub { my @h = $s->workers('hello'); @h == 1 && $h[0] != $h0 }, 5), 'the hello worker was recycled');

# MariaDB goes away: pages answer 503 with the request id, /healthz
# says which check failed; when it is back, workers reconnect.
my $sc = $s->client;
is($sc->signin('admin@minato.example')->{status}, 303, 'signed in before the outage');
$s->client->signin('legal@minato.example') for 1 .. 12;	# every auth worker connected
system('mariadb-admin', '--defaults-file=' . $s->dir . '/my.cnf', '-u', 'root', 'shutdown') == 0 or die;
my $r = $sc->get('/');
is($r->{status}, 503, 'database down: 503');
like($r->{content}, qr{<code>[A-Za-z0-9\@_-]+</code>}, '... with the request id');
unlike($r->{content}, qr/mysql|mariadb|socket|errno/i, '... and nothing internal');
$r = $sc->get('/healthz');
is($r->{status}, 503, 'health: 503 while the database is down');
like($r->{content}, qr/"database":\{"status":"fail"/, 'health names the database');
like($s->slurp('log/keiyaku-error.log'), qr/rid=\S+ .*(database|connect|Lost connection|gone away)/i, 'the cause is in the error log, with a request id');
is($s->stack('start'), 0, 'MariaDB started again');
is($sc->get('/')->{status}, 200, 'the same session works again: workers reconnected');
is($sc->get('/healthz')->{status}, 200, 'health back to 200');
# Every worker's connection died with the server: the first statement
# of each (a sign-in's begins a transaction, a new statement is
# prepared) must open it again, not answer 503 until a restart.
my %in;
for (1 .. 12) { $in{ $s->client->signin('legal@minato.example')->{status} }++ }
is_deeply(\%in, { 303 => 12 }, 'twelve sign-ins after the restart all succeed') or diag explain \%in;
is($sc->get('/search?q=%E5%A5%91%E7%B4%84')->{status}, 200, 'search reconnects too');

# script/stop ends exactly the processes it started, by pid.
my @pids = ($sup, $s->workers('auth'), $s->workers('hello'),
    $s->pidfile_pid('run/apache/httpd.pid'), $s->pidfile_pid('run/mysqld.pid'));
$s->stop;
ok(wait_for(sub { !grep { kill 0, $_ } @pids }, 10), 'every process of the stack has ended');
ok(!-e $s->dir . '/run/pool/auth.sock', 'sockets removed');
done_testing;
