# One worker per pool, each under valgrind (memcheck), serves a few
# hundred requests of every kind in one process; when the pool stops,
# valgrind must report no invalid access and no leak.  Skipped in the
# sanitizer build (ASan and valgrind do not mix); LeakSanitizer covers
# the same ground there.
use strict;
use warnings;
use Test::More;
use File::Temp qw(tempdir);
use Stack;

plan skip_all => 'sanitizer build: LeakSanitizer checks leaks instead' if $ENV{KEIYAKU_SANITIZERS};
plan skip_all => 'valgrind not installed' unless `sh -c 'command -v valgrind'`;

my $vg = tempdir('keiyaku-vg-XXXXXX', TMPDIR => 1, CLEANUP => !$ENV{KEIYAKU_KEEP});
chmod 0777, $vg;	# workers run as www-data when the suite runs as root
my $s = Stack->start(workers => 1, small => 1, env => {
	KEIYAKU_WORKER_WRAP => "valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect "
	    . "--errors-for-leak-kinds=definite,indirect --track-origins=yes --num-callers=30 "
	    . "--log-file=$vg/vg.%p.log",
});

my $c = $s->client;
is($c->signin('admin@minato.example')->{status}, 303, 'signed in through a valgrind worker');
my $anon = $s->client;
my %st;
for my $i (1 .. 25) {
	$st{$_->{status}}++ for (
		$c->get('/'), $c->get('/profile'), $c->get('/admin/users'), $c->get('/admin/users/2'),
		$c->get('/admin/users/6'), $c->get('/nope'), $c->post('/profile', [ name => '', lang => 'ja' ]),
		$c->post('/profile', [ name => 'x', lang => 'ja', csrf => 'bad' ]), $anon->get('/signin'),
		$anon->post('/signin', [ email => "nobody$i\@example.com", password => 'wrong' ]),
		$anon->get('/healthz'), $anon->get('/hello'),
	);
}
my $total = 0;
$total += $_ for values %st;
is($total, 300, '300 requests served');
ok(($st{200} // 0) >= 150 && ($st{404} // 0) == 50 && ($st{403} // 0) == 25, 'with the expected statuses') or diag explain \%st;

# The ledger and the contract record: filters, sorts, pages, export,
# forms refused and saved, custom fields.
my %cs;
$c->get('/contracts/new');
for my $i (1 .. 8) {
	my $r = $c->get('/contracts?sort=title&dir=asc&tag=%E9%87%8D%E8%A6%81&cf2=%E6%9C%AC%E7%A4%BE%E9%87%91%E5%BA%AB&empty_owner=');
	$cs{$r->{status}}++;
	$cs{$_->{status}}++ for (
		$c->get('/contracts?sort=amount&dir=desc&after=1%2C100&expiry_from=2020-01-01&cf1_min=1'),
		$c->get('/contracts?sort=amount&after=1%2Cxyz'), $c->get('/contracts/1'), $c->get('/contracts/1/edit'),
		$c->get('/contracts/export.csv?tag=%E9%87%8D%E8%A6%81'), $c->get('/admin/fields'), $c->get('/admin/fields/1'),
		$c->post('/contracts/new', [ title => "vg $i", number => '', currency => 'JPY', cf1 => 'x' ]),
		$c->post('/contracts/new', [ title => "vg $i", number => '', currency => 'JPY', cf1 => "1,00$i",
		    tags => "vg t$i", parent => 'C-000001' ]),
	);
}
is(($cs{200} // 0) + ($cs{303} // 0) + ($cs{400} // 0), 80, 'the ledger and record pages answered');
is($cs{400} // 0, 16, '... the bad cursor and the bad value refused');

$s->stop;	# workers exit cleanly on SIGTERM; valgrind writes its reports
my @logs = glob("$vg/vg.*.log");
ok(@logs >= 4, 'a valgrind report per worker (' . scalar(@logs) . ')');
for my $f (@logs) {
	open(my $fh, '<', $f) or die $!;
	my $txt = do { local $/; <$fh> };
	ok($txt !~ /Invalid (read|write|free)|uninitialised|Mismatched free|definitely lost|indirectly lost|Process terminating/,
	    "no errors or leaks in $f") or diag($txt);
}
done_testing;
