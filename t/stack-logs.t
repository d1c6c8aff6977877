# The access log and the log archives (issue 5), through the running
# stack: every request of an organisation's users is in its access log
# (time, user, address, method, path, status, request id, user agent),
# sign-ins too; the admin filters it (user, period, method, status,
# path) and downloads it as CSV; another organisation sees none of it;
# the application's account cannot change or remove a row.  The web
# workers append lines to a file; the job worker loads them about once
# a second, each once.  Rows older
# than log_keep_days move, by the daily job, to gzip'ed CSV files
# through the archive account; the operation log's chain check covers
# the archived part and finds an altered archive file; admins list and
# download the archives.
use strict;
use warnings;
use utf8;
use Test::More;
use Encode qw(decode_utf8);
use Digest::SHA qw(sha256_hex);
use File::Temp qw(tempdir);
use IO::Uncompress::Gunzip qw(gunzip $GunzipError);
use Stack;

my $s = Stack->start(conf => join("\n", 'job_daily = 0', 'job_poll_ms = 200'));
my $dir = $s->dir;
my $tmp = tempdir(CLEANUP => 1);
sub one { ($s->sql($_[0]))[0][0] }
sub page { decode_utf8($_[0]{content} // '') }
sub sh { my $out = `$_[0] 2>&1`; return ($? >> 8, $out) }
sub ctl { local $ENV{KEIYAKU_CONF} = "$dir/keiyaku.conf"; sh(Stack::builddir() . "/src/keiyaku-ctl @_") }
sub wait_for { my ($c, $secs) = @_; my $t = time + $secs; while (time < $t) { return 1 if $c->(); select(undef, undef, undef, 0.1) } $c->() }
sub as_account {
	my ($user, $secret, $q) = @_;
	my $pw = do { open(my $fh, '<', "$dir/secrets/$secret") or die; local $/; <$fh> };
	chomp $pw;
	open(my $fh, '>', "$tmp/$user.cnf") or die;
	print $fh "[client]\nuser=$user\npassword=$pw\nsocket=$dir/run/mysqld.sock\ndatabase=keiyaku\n";
	close $fh;
	return sh("mariadb --defaults-file=$tmp/$user.cnf -e \"$q\"");
}

# --- Requests are logged ------------------------------------------------
my $legal = $s->client;
is($legal->signin('legal@minato.example')->{status}, 303, 'legal signs in');
my $r = $legal->get('/contracts?q=%E5%A3%B2%E8%B2%B7');
is($r->{status}, 200, 'a ledger search');
is($legal->get('/contracts/5')->{status}, 404, "another organisation's contract: 404");
$legal->get('/sign/' . ('ab' x 32));
$s->client->signin('nobody@nowhere.example');

ok(wait_for(sub { one("SELECT COUNT(*) FROM access_log WHERE organisation_id = 1 AND user_id = 2") >= 4 }, 10), 'legal\'s requests are in the access log');
my ($at, $ip, $m, $path, $st, $rid, $ua) = @{ ($s->sql("SELECT at, ip, method, path, status, rid, user_agent FROM access_log WHERE organisation_id = 1 AND user_id = 2 AND method = 'POST' AND path = '/signin'"))[0] // [] };
is($st, 303, 'the sign-in itself, with its status');
is($ip, '127.0.0.1', '... the address');
like($rid, qr/^\S{10,}$/, '... the request id');
is($ua, 'keiyaku-test/1', '... the user agent');
like($at, qr/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/, '... the time');
is(one("SELECT status FROM access_log WHERE user_id = 2 AND path LIKE '/contracts?q=%'"), 200, 'the search, with its query');
is(one("SELECT status FROM access_log WHERE user_id = 2 AND path = '/contracts/5'"), 404, 'the refused contract, 404');
is(one("SELECT path FROM access_log WHERE user_id = 2 AND path LIKE '/sign/%'"), '/sign/abababab...', 'a signing link keeps 8 digits of its token');
is(one("SELECT COUNT(*) FROM access_log WHERE path = '/signin' AND method = 'POST' AND user_id IS NULL"), 0, 'a sign-in of no account is in no organisation\'s log');
my $legal_rows = one("SELECT COUNT(*) FROM access_log WHERE organisation_id = 1 AND user_id = 2");

# --- The admin's page -----------------------------------------------------
my $admin = $s->client;
$admin->signin('admin@minato.example');
# The job worker loads the workers' lines about once a second.
ok(wait_for(sub { one("SELECT COUNT(*) FROM access_log WHERE user_id = 1 AND path = '/signin'") == 1 }, 10), "the admin's sign-in is loaded within seconds");
$r = $admin->get('/admin/access');
is($r->{status}, 200, 'the access log page');
like(page($r), qr{/contracts/5</td>}, '... shows the requests');
$r = $admin->get('/admin/access?user=2&status=4');
is($r->{status}, 200, 'filtered: legal, 4xx');
my @paths = page($r) =~ m{<td data-label="[^"]*" class="detail">([^<]*)</td>}g;
ok(@paths >= 2 && !grep({ !m{^/(contracts/5|sign/)} } @paths), '... only legal\'s refused requests') or diag "@paths";
$r = $admin->get('/admin/access?method=POST&path=/signin');
@paths = page($r) =~ m{class="detail">([^<]*)</td>}g;
ok(@paths >= 2 && !grep({ $_ ne '/signin' } @paths), 'filtered: POST /signin (legal and the admin)') or diag "@paths";
$r = $admin->get('/admin/access?status=404&path=/contracts/');
like(page($r), qr{/contracts/5</td>}, 'filtered: exactly 404 under /contracts/');
unlike(page($r), qr{/contracts\?q=}, '... and nothing else');
$r = $admin->get('/admin/access?path=/%25');
is($r->{status}, 200, 'a path filter with %');
unlike(page($r), qr{class="detail">/}, '... takes it literally (no wildcard): nothing');
my $today = one("SELECT DATE(CONVERT_TZ(NOW(), '+00:00', '+09:00'))");
like(page($admin->get("/admin/access?from=$today&to=$today&user=2")), qr{/contracts/5}, 'filtered: today');
unlike(page($admin->get("/admin/access?from=2020-01-01&to=2020-01-31")), qr{class="detail"}, 'filtered: a month long past has nothing');
$r = $admin->get("/admin/access?rid=$rid");
my @rows = page($r) =~ /<tr>\s*<td data-label/g;
is(scalar @rows, 1, 'filtered by request id: the one request');
like(page($r), qr{>/signin</td>}, '... the sign-in');
is($admin->get('/admin/access?rid=a%20b')->{status}, 400, 'a request id that is none: 400');
is($admin->get('/admin/access?status=99x')->{status}, 400, 'a status that is none: 400');
is($admin->get('/admin/access?method=DELETE')->{status}, 400, 'a method that is none: 400');
is($admin->get('/admin/access?path=nopath')->{status}, 400, 'a path not starting with /: 400');
is($admin->get('/admin/access?from=yesterday')->{status}, 400, 'a date that is none: 400');

$r = $admin->get('/admin/access.csv?user=2');
is($r->{status}, 200, 'the CSV');
like($r->{headers}{'content-disposition'}, qr/keiyaku-access-log\.csv/, '... a download');
my @lines = split /\r\n/, decode_utf8($r->{content});
like($lines[0], qr/^\x{feff}行ID,日時（JST）,ユーザー,/, '... a header Excel reads');
is(scalar(@lines) - 1, $legal_rows + 0, '... every row of legal\'s (before this page)') or diag scalar(@lines);
ok(!grep({ !/,legal\@minato\.example,/ } @lines[1 .. $#lines]), '... and only legal\'s');

my $other = $s->client;
$other->signin('admin@hokuto.example');
$r = $other->get('/admin/access');
is($r->{status}, 200, "the other organisation's admin: their own log");
unlike(page($r), qr{legal\@minato|/contracts/5<}, '... none of the first organisation\'s rows');
$r = $other->get('/admin/access.csv?user=2');
is(scalar(split /\r\n/, $r->{content}), 1, '... and naming the first organisation\'s user gives nothing');
my $member = $s->client;
$member->signin('member@minato.example');
is($member->get('/admin/access')->{status}, 403, 'a member: 403');

# --- Append-only ----------------------------------------------------------
my ($rc, $out) = as_account('keiyaku_app', 'db-app-password', 'DELETE FROM access_log WHERE id = 1');
like($out, qr/DELETE command denied/, 'the application account cannot delete access log rows');
($rc, $out) = as_account('keiyaku_app', 'db-app-password', "UPDATE access_log SET path = 'x'");
like($out, qr/UPDATE command denied/, '... nor change them');
($rc, $out) = as_account('keiyaku_app', 'db-app-password', 'DELETE FROM log_archives');
like($out, qr/DELETE command denied/, '... nor remove an archive record');
($rc, $out) = as_account('keiyaku_archive', 'db-archive-password', "UPDATE oplog SET detail = 'x'");
like($out, qr/UPDATE command denied/, 'the archive account cannot change the operation log');
($rc, $out) = as_account('keiyaku_archive', 'db-archive-password', 'DELETE FROM contracts');
like($out, qr/DELETE command denied/, '... nor touch anything else');

# --- Archiving --------------------------------------------------------------
# Operation log entries through the pages, then the older half made 200
# days old (the chain hashed again over the changed times, as if they
# had been written then).
$admin->get('/admin/settings');
for my $n (1 .. 4) {
	$admin->post('/admin/settings', [ org_name => "株式会社みなと商事$n", contact_name => '', contact_email => '', contact_phone => '',
	    password_min_length => 12, password_check_banned => 1, session_idle_minutes => 30, session_lifetime_hours => 12, ip_allow => '' ]);
}
my @op = map { $_->[0] } $s->sql('SELECT id FROM oplog WHERE organisation_id = 1 ORDER BY id');
ok(@op >= 4, 'the operation log has entries (' . scalar(@op) . ')');
my $ocut = $op[int(@op / 2) - 1];
ok(wait_for(sub { one("SELECT COUNT(*) FROM access_log WHERE method = 'POST' AND path = '/admin/settings'") == 4 }, 10), 'every request so far is loaded');
my $acut = one('SELECT MAX(id) FROM access_log WHERE organisation_id = 1') - 3;
$s->sql("UPDATE access_log SET at = at - INTERVAL 200 DAY WHERE organisation_id = 1 AND id <= $acut");
$s->sql("UPDATE access_log SET at = at - INTERVAL 200 DAY WHERE organisation_id = 2");
$s->sql("UPDATE oplog SET at = at - INTERVAL 200 DAY WHERE organisation_id = 1 AND id <= $ocut");
my $prev = '0' x 64;
for my $id (@op) {
	$s->sql("UPDATE oplog SET prev_hash = '$prev', hash = SHA2(CONCAT_WS(CHAR(10), CONCAT(LENGTH(prev_hash), ':', prev_hash), "
	    . "CONCAT(LENGTH(organisation_id), ':', organisation_id), CONCAT(LENGTH(IFNULL(user_id, '')), ':', IFNULL(user_id, '')), "
	    . "CONCAT(LENGTH(IFNULL(contract_id, '')), ':', IFNULL(contract_id, '')), CONCAT(LENGTH(action), ':', action), "
	    . "CONCAT(LENGTH(detail), ':', detail), CONCAT(LENGTH(ip), ':', ip), CONCAT(LENGTH(rid), ':', rid), "
	    . "CONCAT('26:', DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s.%f'))), 256) WHERE id = $id");
	$prev = one("SELECT hash FROM oplog WHERE id = $id");
}
$s->sql("UPDATE oplog_heads SET last_hash = '$prev' WHERE organisation_id = 1");
($rc, $out) = ctl('oplog-verify 1');
is($rc, 0, 'the chain, hashed again, verifies') or diag $out;
my $old_access = one("SELECT COUNT(*) FROM access_log WHERE organisation_id = 1 AND id <= $acut");

my $pid = fork // die;
if (!$pid) { open(STDERR, '>', '/dev/null'); open(STDOUT, '>', '/dev/null'); exec Stack::builddir() . '/src/keiyaku-jobs', '-c', "$dir/keiyaku.conf", '-e', 'reminders', '-o', 1, '2026-12-01' or die }
waitpid($pid, 0);
ok(wait_for(sub { one("SELECT COUNT(*) FROM jobs WHERE kind = 'reminders' AND state = 'done'") }, 30), 'the daily job ran')
    or diag $s->slurp('log/keiyaku-jobs.log');
is(one("SELECT COUNT(*) FROM access_log WHERE organisation_id = 1 AND id <= $acut"), 0, 'the old access log rows left the table');
ok(one("SELECT COUNT(*) FROM access_log WHERE organisation_id = 1 AND id > $acut") >= 3, '... the newer ones stayed');
is(one("SELECT COUNT(*) FROM oplog WHERE organisation_id = 1 AND id <= $ocut"), 0, 'the old operation log entries too');
is(one("SELECT COUNT(*) FROM oplog WHERE organisation_id = 1 AND id > $ocut"), scalar(@op) - int(@op / 2), '... the newer ones stayed');
ok(one('SELECT COUNT(*) FROM access_log WHERE organisation_id = 2') > 0, "the job for the first organisation left the second's alone");

my %arch;
for my $row ($s->sql("SELECT kind, id, file, nrows, sha256, first_id, last_id FROM log_archives WHERE organisation_id = 1")) {
	$arch{$row->[0]} = { id => $row->[1], file => $row->[2], nrows => $row->[3], sha => $row->[4], first => $row->[5], last => $row->[6] };
}
is($arch{access}{nrows}, $old_access, 'an access log archive with every old row');
is($arch{oplog}{nrows}, int(@op / 2), 'an operation log archive with every old entry');
is($arch{oplog}{last}, $ocut, '... up to the cut');
for my $k (qw(access oplog)) {
	my $f = "$dir/archive/1/$arch{$k}{file}";
	ok(-f $f, "the $k file is there ($arch{$k}{file})");
	my $bytes = do { open(my $fh, '<:raw', $f) or die; local $/; <$fh> };
	is(sha256_hex($bytes), $arch{$k}{sha}, '... with the SHA-256 recorded');
	my $csv;
	gunzip(\$bytes => \$csv) or die $GunzipError;
	my @rows = split /\r\n/, $csv;
	is(scalar(@rows) - 1, $arch{$k}{nrows}, '... gzip\'ed CSV: a header and every row');
	like($rows[1], qr/^$arch{$k}{first},/, '... from the first id');
	$arch{$k}{bytes} = $bytes;
	$arch{$k}{csv} = decode_utf8($csv);
}
like($arch{access}{csv}, qr{,legal\@minato\.example,127\.0\.0\.1,GET,/contracts/5,404,}, 'the archived access rows keep what they said');
like($arch{oplog}{csv}, qr/,org\.settings,.*株式会社みなと商事1/, 'the archived entries too');
($rc, $out) = ctl('oplog-verify 1');
is($rc, 0, 'the chain still verifies across the archive');
my $half = int(@op / 2);
like($out, qr/OK, \d+ entries, \d+ daily seals, $half entries in archives/, '... counting the archived entries') or diag $out;
($rc, $out) = ctl('archive-logs 1');
is($rc, 0, 'keiyaku-ctl archive-logs again');
like($out, qr/organisation 1: 0 files/, '... finds nothing more to move');

# The admin lists and downloads them; no one else can.
$r = $admin->get('/admin/archives');
is($r->{status}, 200, 'the archives page');
like(page($r), qr{/admin/archives/$arch{access}{id}"}, '... lists the access log archive');
like(page($r), qr{/admin/archives/$arch{oplog}{id}"}, '... and the operation log archive');
like(page($r), qr/$arch{oplog}{sha}/, '... with their SHA-256');
$r = $admin->get("/admin/archives/$arch{oplog}{id}");
is($r->{status}, 200, 'an archive downloads');
is($r->{headers}{'content-type'}, 'application/gzip', '... as gzip');
ok($r->{content} eq $arch{oplog}{bytes}, '... the file as written');
is($other->get("/admin/archives/$arch{oplog}{id}")->{status}, 404, "another organisation's admin: 404");
unlike(page($other->get('/admin/archives')), qr{/admin/archives/\d}, '... and none listed');
is($member->get("/admin/archives/$arch{oplog}{id}")->{status}, 403, 'a member: 403');

# An archive altered, or the entry after it removed: found.
my $of = "$dir/archive/1/$arch{oplog}{file}";
open(my $fh, '>>:raw', $of) or die; print $fh "x"; close $fh;
($rc, $out) = ctl('oplog-verify 1');
is($rc, 1, 'an archive file altered: the check fails');
like($out, qr/BROKEN at entry $arch{oplog}{first}: the archive of entries $arch{oplog}{first} to $ocut .* is missing or was altered/, '... and says which');
$r = $admin->get('/admin/oplog/verify');
like(page($r), qr/is missing or was altered/, '... so does the admin page');
open($fh, '>:raw', $of) or die; print $fh $arch{oplog}{bytes}; close $fh;
is((ctl('oplog-verify 1'))[0], 0, '(put back: intact)');
my $next = one('SELECT MIN(id) FROM oplog WHERE organisation_id = 1');
$s->sql("DELETE FROM oplog WHERE id = $next");
($rc, $out) = ctl('oplog-verify 1');
like($out, qr/BROKEN at entry \d+: entry \d+ does not follow entry $ocut/, 'the first entry after the archive removed: found');

# Each line of the workers' file is loaded once: the table and the
# archive hold as many rows as the file has lines.  A line that is not
# one of ours is skipped (and said), the rest still loaded.
open(my $lf, '>>', "$dir/log/org-access.log") or die; print $lf "not\ta line of ours\n"; close $lf;
is($legal->get('/contracts/1')->{status}, 200, 'a request after a broken line');
sub lines { my $t = $s->slurp('log/org-access.log'); my $n = () = $t =~ /\n/g; $n - 1 }
ok(wait_for(sub { lines() == one('SELECT COUNT(*) FROM access_log') + one("SELECT SUM(nrows) FROM log_archives WHERE kind = 'access'") }, 10),
    'every line of the file is a row, once (' . lines() . ')');
like($s->slurp('log/keiyaku-jobs.log'), qr/is not one of ours: skipped/, 'the broken line is said and skipped');
is(one("SELECT status FROM access_log WHERE user_id = 2 AND path = '/contracts/1' ORDER BY id DESC LIMIT 1"), 200, '... the request after it loaded');

$s->stop;
done_testing;
