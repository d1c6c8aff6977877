# Background jobs through the running stack: the job worker that
# script/stack starts (keiyaku-jobs), its queue in MariaDB, retries
# with back-off, time limits, a worker killed -9 or stopped, two
# workers on one queue; the daily reminders and auto-renewal for
# chosen dates; the notifications page; the dashboard; the admin jobs
# page.  The test.* job kinds (src/job-test.c, enabled here by
# job_test_kinds = 1) write "start ID ATTEMPT" and "done ID ATTEMPT
# PAYLOAD" lines to tmp/job-test.log: that is how a test sees what ran,
# and how often.
use strict;
use warnings;
use utf8;
use Test::More;
use Encode qw(decode_utf8 encode_utf8);
use POSIX qw(strftime);
use Time::HiRes qw(sleep time);
use Stack;

my $s = Stack->start(conf => join("\n",
    'job_test_kinds = 1', 'job_workers = 3', 'job_poll_ms = 100',
    'job_retry_base = 1', 'job_retry_max = 2', 'job_lease_grace = 1',
    'job_stop_wait = 1',
    # The daily jobs are run below for chosen dates, not for today.
    'job_daily = 0'));
my $dir = $s->dir;
my $conf = "$dir/keiyaku.conf";
my $bin = Stack::builddir() . '/src/keiyaku-jobs';

sub page { decode_utf8($_[0]{content} // '') }
sub wait_for { my ($cond, $secs) = @_; my $t = time + $secs; while (time < $t) { return 1 if $cond->(); sleep 0.1 } return $cond->() }
sub one { my @r = $s->sql($_[0]); return @r ? $r[0][0] : undef }
sub job { my ($id) = @_; my ($r) = $s->sql("SELECT state, attempts, COALESCE(last_error, ''), COALESCE(organisation_id, 0) FROM jobs WHERE id = $id"); return $r ? { state => $r->[0], attempts => $r->[1], error => $r->[2], org => $r->[3] } : undef }
sub state_of { my $j = job($_[0]); $j ? $j->{state} : 'gone' }
sub testlog { my @l = split /\n/, $s->slurp('tmp/job-test.log'); return @l }
sub lines_for { my ($what, $id) = @_; return grep { /^$what $id / } testlog() }
sub jobslog { $s->slurp('log/keiyaku-jobs.log') }
# A process that exists and is no zombie.
sub alive { my ($pid) = @_; open(my $fh, '<', "/proc/$pid/stat") or return 0; my $st = <$fh> // ''; return $st !~ /^\d+ \(.*\) Z /s }

# keiyaku-jobs -e: adds a job, returns its id.
sub enqueue {
	my ($kind, $payload, %o) = @_;
	my @a = ($bin, '-c', $conf, '-e', $kind);
	push @a, '-a', $o{attempts} if $o{attempts};
	push @a, '-o', $o{org} if $o{org};
	push @a, '-k', $o{key} if $o{key};
	push @a, $payload if defined $payload;
	open(my $fh, '-|', @a) or die "$bin: $!";
	my $id = <$fh>;
	close $fh;
	chomp $id if defined $id;
	return $id;
}

# --- The worker is there, and says so -------------------------------
my $wpid = $s->jobs_pid;
ok($wpid && kill(0, $wpid), 'script/stack started the job worker (pid file in run/)');
ok(wait_for(sub { one("SELECT COUNT(*) FROM job_workers WHERE heartbeat_at > NOW(6) - INTERVAL 10 SECOND") >= 1 }, 10),
    'it writes its heartbeat');
like($s->client->get('/healthz')->{content}, qr/"jobs":\{"status":"ok","heartbeat_age_s":\d+\}/, '/healthz reports the job worker');
my $admin = $s->client;
$admin->signin('admin@minato.example');
like(page($admin->get('/admin/jobs')), qr/稼働中.*最終ハートビート/s, 'the admin jobs page shows the worker alive, with its last heartbeat');

# --- Enqueue → done; a job exists only if its transaction committed ---
my $id = enqueue('test.echo', 'hello');
like($id, qr/^\d+$/, 'keiyaku-jobs -e adds a job');
ok(wait_for(sub { state_of($id) eq 'done' }, 10), 'the job is done');
is(job($id)->{attempts}, 1, '... in one attempt');
is_deeply([ lines_for('done', $id) ], [ "done $id 1 hello" ], '... and ran once with its payload');

my ($rolled, $committed) = split ' ', `'@{[Stack::builddir()]}/t/jobs-enqueue' '$conf'`;
ok($rolled && $committed, 'jobs_enqueue() inside a transaction, twice');
is(one("SELECT COUNT(*) FROM jobs WHERE id = $rolled"), 0, 'a job enqueued in a rolled-back transaction does not exist');
ok(wait_for(sub { state_of($committed) eq 'done' }, 10), 'one enqueued in a committed transaction runs');
ok(!(grep { /rolled-back/ } testlog()), '... and the rolled-back one never ran');

# Unique keys: the same key twice is one job.
my $u1 = enqueue('test.echo', 'once', key => 'test-unique-1');
my $u2 = enqueue('test.echo', 'twice', key => 'test-unique-1');
is($u2, $u1, 'an enqueue with a unique key that exists returns that job');
is(one("SELECT COUNT(*) FROM jobs WHERE unique_key = 'test-unique-1'"), 1, '... and adds none');

# Bad input to the command.
my $n0 = one('SELECT COUNT(*) FROM jobs');
is(system("'$bin' -c '$conf' -e no.such.kind x 2>/dev/null") >> 8, 2, 'an unknown kind is refused (exit 2)');
is(system("KEIYAKU_TODAY=2031-02-30 '$bin' -c '$conf' -1 2>/dev/null") >> 8, 1, 'KEIYAKU_TODAY that is no date is refused');
is(one('SELECT COUNT(*) FROM jobs'), $n0, '... and nothing was added');

# --- Failures: back-off, then failed with last_error; time limits ----
my $t0 = time;
my $fail = enqueue('test.fail', '99', attempts => 3, org => 1);
my $flaky = enqueue('test.fail', '1', attempts => 3);
my $slow = enqueue('test.sleep', '10,0', attempts => 3);
my $stuck = enqueue('test.sleep', '10', attempts => 2);
ok(wait_for(sub { state_of($flaky) eq 'done' }, 15), 'a job failing once is retried and done');
is(job($flaky)->{attempts}, 2, '... on its second attempt');
ok(wait_for(sub { state_of($fail) eq 'failed' }, 20), 'a job that keeps failing ends failed');
my $j = job($fail);
is($j->{attempts}, 3, '... after max_attempts (3)');
is($j->{error}, 'test failure on attempt 3', '... with last_error');
ok(time - $t0 >= 3, '... not before the back-off of 1 s and 2 s');
like(jobslog(), qr/job $fail \(test\.fail\) attempt 1 of 3 failed: test failure on attempt 1; again in 1 s/, 'back-off 1 s after the first attempt');
like(jobslog(), qr/job $fail \(test\.fail\) attempt 2 of 3 failed: test failure on attempt 2; again in 2 s/, '... 2 s after the second');
is(one("SELECT TIMESTAMPDIFF(MICROSECOND, created_at, finished_at) >= 2900000 FROM jobs WHERE id = $fail"), 1,
    '... so the job took at least 3 s from enqueue to failure');

ok(wait_for(sub { state_of($slow) eq 'done' }, 20), 'a job over its time limit is killed and retried');
$j = job($slow);
is($j->{attempts}, 2, '... done on its second attempt');
is($j->{error}, 'time limit (3 s) exceeded: killed', '... the first attempt\'s error kept');
is(scalar(lines_for('done', $slow)), 1, '... the killed attempt never finished, the retry did');
like(jobslog(), qr/job $slow \(test\.sleep\): time limit of 3 s reached, killing it/, 'the kill is logged');
ok(wait_for(sub { state_of($stuck) eq 'failed' }, 20), 'a job over its time limit every time ends failed');
is(job($stuck)->{error}, 'time limit (3 s) exceeded: killed', '... saying why');

# A kind no worker knows is an attempt that fails, with the reason.
$s->sql("INSERT INTO jobs (kind, payload, max_attempts) VALUES ('no.such.kind', '', 2)");
my $unknown = one("SELECT MAX(id) FROM jobs WHERE kind = 'no.such.kind'");
ok(wait_for(sub { state_of($unknown) eq 'failed' }, 10), 'a job of a kind no worker knows ends failed');
like(job($unknown)->{error}, qr/^unknown job kind no\.such\.kind \(worker /, '... saying so');
is(job($unknown)->{attempts}, 2, '... after its attempts (another worker might have known it)');

# Failed jobs of the organisation are on its admin page, with the error.
my $p = page($admin->get('/admin/jobs'));
like($p, qr/test failure on attempt 3/, "the organisation admin sees its job's last error");
like($p, qr/失敗/, '... and its state');
my $other = $s->client;
$other->signin('admin@hokuto.example');
unlike(page($other->get('/admin/jobs')), qr/test failure/, "another organisation's admin does not");

# --- A worker killed -9 mid-job loses nothing ------------------------
my $long = enqueue('test.sleep', '2.5', attempts => 3);
ok(wait_for(sub { lines_for('start', $long) == 1 }, 10), 'a 2.5-second job started');
$wpid = $s->jobs_pid;
my @kids = $s->children($wpid);
ok(@kids >= 1, 'it runs in a child of the worker');
kill 'KILL', $wpid;
ok(wait_for(sub { !alive($wpid) }, 5), 'worker killed -9');
ok(wait_for(sub { !grep { alive($_) } @kids }, 1), '... its job stopped with it, at once');
is(state_of($long), 'running', 'the job is still marked running (its lease holds)');
is($s->stack('start-jobs'), 0, 'script/stack start-jobs starts a new worker');
isnt($s->jobs_pid, $wpid, '... a new process');
ok(wait_for(sub { state_of($long) eq 'done' }, 20), 'after the lease, the job is taken again and done');
is(scalar(lines_for('start', $long)), 2, '... started twice');
is(scalar(lines_for('done', $long)), 1, '... and done exactly once');
is(job($long)->{attempts}, 2, '... on its second attempt');

# --- SIGTERM: running jobs are stopped and queued again uncounted ----
my $term = enqueue('test.sleep', '2.5', attempts => 1);
ok(wait_for(sub { lines_for('start', $term) == 1 }, 10), 'a 2.5-second job started');
$wpid = $s->jobs_pid;
kill 'TERM', $wpid;
ok(wait_for(sub { !alive($wpid) }, 10), 'the worker stops on SIGTERM (after job_stop_wait)');
$j = job($term);
is_deeply([ $j->{state}, $j->{attempts} ], [ 'queued', 0 ], 'its job is queued again, the attempt not counted (max_attempts 1)');
ok(!-e "$dir/run/keiyaku-jobs.pid", 'the pid file is removed');
is(one("SELECT COUNT(*) FROM job_workers WHERE worker LIKE '%:$wpid'"), 0, 'and its heartbeat row');
is($s->stack('start-jobs'), 0, 'started again');
ok(wait_for(sub { state_of($term) eq 'done' }, 15), 'the job is done by the next worker');
is(job($term)->{attempts}, 1, '... in its one attempt');

# SIGHUP (script/stack reload): the same process runs itself again.
$wpid = $s->jobs_pid;
is($s->stack('reload'), 0, 'script/stack reload');
ok(wait_for(sub { jobslog() =~ /keiyaku-jobs\[$wpid\] rid=- reloading: executing.*\n.*keiyaku-jobs\[$wpid\] rid=- worker /s }, 10), 'the worker executes itself again');
ok(wait_for(sub { ($s->jobs_pid // 0) == $wpid }, 5), '... keeping its pid');
$id = enqueue('test.echo', 'after-reload');
ok(wait_for(sub { state_of($id) eq 'done' }, 10), '... and runs jobs');

# --- Two workers on one queue never run the same job ------------------
is($s->stack('stop-jobs'), 0, 'the stack\'s worker stopped');
my $nj = 60;
$s->sql('INSERT INTO jobs (kind, payload) VALUES ' . join(', ', map { "('test.echo', 'many-$_')" } 1 .. $nj));
my ($first) = map { $_->[0] } $s->sql("SELECT MIN(id) FROM jobs WHERE payload LIKE 'many-%'");
my @w;
for (1 .. 2) {
	my $pid = fork // die;
	if (!$pid) { exec $bin, '-c', $conf or die "exec: $!" }
	push @w, $pid;
}
ok(wait_for(sub { one("SELECT COUNT(*) FROM jobs WHERE payload LIKE 'many-%' AND state = 'done'") == $nj }, 180),
    "two workers ran all $nj jobs");
kill 'TERM', @w;
waitpid($_, 0) for @w;
my %done;
$done{(split ' ', $_)[1]}++ for grep { / many-\d+$/ } grep { /^done / } testlog();
is(scalar(keys %done), $nj, 'each job has its done line');
is(scalar(grep { $_ != 1 } values %done), 0, '... exactly once');
my %start;
$start{(split ' ', $_)[1]}++ for grep { /^start / && (split ' ', $_)[1] >= $first } testlog();
is(scalar(grep { $_ != 1 } values %start), 0, '... and started once');
is(one("SELECT COUNT(DISTINCT worker) FROM jobs WHERE payload LIKE 'many-%'"), 2, 'both workers took part');
is(one("SELECT MAX(attempts) FROM jobs WHERE payload LIKE 'many-%'"), 1, 'no job needed a second attempt');
is($s->stack('start-jobs'), 0, 'the stack\'s worker started again');

# --- Reminders and auto-renewal for a chosen date ---------------------
# D = 2031-06-01.  Contracts of the first organisation (member = user 3,
# sales = department 2; legal = user 2; viewer = user 4, accounting = 3)
# and one of the second (user 5).
my %C;
sub contract {
	my (%f) = @_;
	my %d = (org => 1, dept => 'NULL', owner => 'NULL', status => 'executed', auto => 0,
	    months => 'NULL', notice => 'NULL', eff => 'NULL', exp => 'NULL');
	%d = (%d, %f);
	my $q = sub { my $v = shift; $v eq 'NULL' ? 'NULL' : "'$v'" };
	my $num = 'R-' . (++$C{n});
	$s->sql("INSERT INTO contracts (organisation_id, number, title, department_id, owner_id, status, auto_renew, "
	    . "renewal_months, notice_days, effective_date, expiry_date, created_by) VALUES ($d{org}, '$num', '"
	    . encode_utf8($d{title}) . "', $d{dept}, $d{owner}, '$d{status}', $d{auto}, $d{months}, $d{notice}, "
	    . $q->($d{eff}) . ', ' . $q->($d{exp}) . ', ' . ($d{org} == 1 ? 2 : 5) . ')');
	return one("SELECT id FROM contracts WHERE organisation_id = $d{org} AND number = '$num'");
}
my %K = (
	A => contract(title => '通知A 満了30日', dept => 2, owner => 3, exp => '2031-07-01'),
	B => contract(title => '通知B 満了95日', dept => 2, owner => 3, exp => '2031-09-04'),
	C => contract(title => '通知C 自動更新', dept => 2, owner => 3, auto => 1, months => 12, notice => 60, exp => '2031-08-07'),
	E => contract(title => '通知E 下書き', dept => 2, owner => 3, status => 'draft', exp => '2031-06-11'),
	F => contract(title => '通知F 月次更新', dept => 1, owner => 2, auto => 1, months => 1, eff => '2031-05-01', exp => '2031-05-31'),
	H => contract(title => '通知H 担当なし', dept => 2, exp => '2031-06-06'),
	J => contract(title => '通知J 解約済', dept => 2, owner => 3, status => 'terminated', auto => 1, months => 12, exp => '2031-05-22'),
	K => contract(title => '通知K 閲覧者', dept => 3, owner => 4, exp => '2031-07-31'),
	G => contract(org => 2, title => '通知G 他組織', dept => 4, owner => 5, exp => '2031-06-08'),
);
my $hist0 = one('SELECT COUNT(*) FROM contract_history');

# The daily jobs, scheduled by a worker as keiyaku-jobs does each day:
# here in run-once mode with the date given and the daily jobs on.
open(my $dc, '>', "$dir/daily.conf") or die;
print $dc $s->slurp('keiyaku.conf'), "job_daily = 1\n";
close $dc;
sub run_day {
	my ($day, $n) = @_;
	my @p;
	for (1 .. ($n // 1)) {
		my $pid = fork // die;
		if (!$pid) { $ENV{KEIYAKU_TODAY} = $day; exec $bin, '-c', "$dir/daily.conf", '-1' or die }
		push @p, $pid;
	}
	waitpid($_, 0) for @p;
	return wait_for(sub { one("SELECT COUNT(*) FROM jobs WHERE kind = 'reminders' AND state <> 'done' AND payload = '$day'") == 0 }, 20);
}
sub notes { return sort map { join(' ', @$_) } $s->sql("SELECT user_id, kind, contract_id, due_date, dedup_key FROM notifications WHERE dedup_key NOT LIKE 'demo:%' ORDER BY user_id, contract_id, kind, dedup_key") }

ok(run_day('2031-06-01'), 'the reminders of 2031-06-01 ran (run-once worker, KEIYAKU_TODAY)');
is(one("SELECT COUNT(*) FROM jobs WHERE kind = 'reminders' AND organisation_id IS NULL AND unique_key = 'reminders:2031-06-01'"), 1,
    'one service-wide reminders job for the day');
is_deeply([ map { $_->[0] } $s->sql("SELECT organisation_id FROM jobs WHERE kind = 'reminders' AND payload = '2031-06-01' AND organisation_id IS NOT NULL ORDER BY 1") ],
    [ 1, 2 ], '... which added one job for each organisation');
my @want = sort map { join ' ', @$_ } (
	[ 2, 'renewed', 1, '2032-03-31', 'renewed:1:2032-03-31' ],
	[ 2, 'expiry', $K{F}, '2031-06-30', "expiry:$K{F}:2031-06-30:30" ],
	[ 2, 'renewed', $K{F}, '2031-06-30', "renewed:$K{F}:2031-06-30" ],
	[ 3, 'expiry', $K{A}, '2031-07-01', "expiry:$K{A}:2031-07-01:30" ],
	[ 3, 'expiry', $K{C}, '2031-08-07', "expiry:$K{C}:2031-08-07:90" ],
	[ 3, 'notice', $K{C}, '2031-06-08', "notice:$K{C}:2031-06-08:7" ],
	[ 4, 'expiry', $K{K}, '2031-07-31', "expiry:$K{K}:2031-07-31:60" ],
	[ 5, 'expiry', $K{G}, '2031-06-08', "expiry:$K{G}:2031-06-08:7" ],
);
is_deeply([ notes() ], \@want, 'the right notifications: expiry and notice deadline at the nearest threshold, renewals; none for drafts, ended, far or ownerless contracts')
    or diag explain [ notes() ];

# Auto-renewal: the monthly contract F and the demo's yearly contract 1.
is_deeply([ @{ ($s->sql("SELECT effective_date, expiry_date FROM contracts WHERE id = $K{F}"))[0] } ], [ '2031-06-01', '2031-06-30' ],
    'F (monthly) rolled forward one month');
is_deeply([ @{ ($s->sql('SELECT effective_date, expiry_date FROM contracts WHERE id = 1'))[0] } ], [ '2031-04-01', '2032-03-31' ],
    'contract 1 (yearly, expired 2027-03-31) rolled forward the five terms it missed');
is_deeply([ map { join ' ', map { $_ // 'NULL' } @$_ } $s->sql("SELECT field, old_value, new_value, COALESCE(user_id, 'system'), reason FROM contract_history WHERE contract_id = $K{F} ORDER BY id") ],
    [ 'effective_date 2031-05-01 2031-06-01 system auto-renewal', 'expiry_date 2031-05-31 2031-06-30 system auto-renewal' ],
    'the history records each date change, by the system, reason auto-renewal');
is(one("SELECT expiry_date FROM contracts WHERE id = $K{J}"), '2031-05-22', 'a terminated contract is not renewed');
is(one("SELECT COUNT(*) FROM contract_history WHERE contract_id = $K{J}"), 0, '... and has no history of it');
my $hist1 = one('SELECT COUNT(*) FROM contract_history');
is($hist1 - $hist0, 4, 'four history rows in all (two contracts, two dates each)');
my $legal = $s->client;
$legal->signin('legal@minato.example');
$p = page($legal->get("/contracts/$K{F}"));
like($p, qr/システム.*満了日.*2031-05-31.*2031-06-30.*自動更新/s, 'the contract page shows the renewal by the system');

# Again, for the same date: nothing changes.
my @before = notes();
ok(run_day('2031-06-01', 2), 'the same day again, by two run-once workers at once');
is(one("SELECT COUNT(*) FROM jobs WHERE kind = 'reminders' AND organisation_id IS NULL AND payload = '2031-06-01'"), 1,
    '... schedules no second daily job');
my ($r1, $r2) = (enqueue('reminders', '2031-06-01', org => 1), enqueue('reminders', '2031-06-01', org => 2));
ok(wait_for(sub { state_of($r1) eq 'done' && state_of($r2) eq 'done' }, 15), 'the reminders of each organisation for that day run again (operator\'s -e -o)');
is_deeply([ notes() ], \@before, '... no notification twice');
is(one('SELECT COUNT(*) FROM contract_history'), $hist1, '... no renewal twice');
is(one("SELECT expiry_date FROM contracts WHERE id = $K{F}"), '2031-06-30', '... F still expires 2031-06-30');

# Later days: each threshold once more, as it is reached.
ok(run_day('2031-06-02'), 'the next day');
is_deeply([ notes() ], \@before, '... no threshold newly reached, nothing new');
ok(run_day('2031-06-25'), '2031-06-25');
my %new = map { $_ => 1 } notes();
delete $new{$_} for @before;
sub unread_ok { return one('SELECT COUNT(*) FROM users u WHERE unread_notifications <> (SELECT COUNT(*) FROM notifications n WHERE n.user_id = u.id AND n.read_at IS NULL)') == 0 }
ok(unread_ok(), "every user's unread count (kept as notifications are made) is right");
is_deeply([ sort keys %new ], [ sort "2 expiry $K{F} 2031-06-30 expiry:$K{F}:2031-06-30:7", "3 expiry $K{A} 2031-07-01 expiry:$K{A}:2031-07-01:7",
    "3 expiry $K{C} 2031-08-07 expiry:$K{C}:2031-08-07:60", "3 expiry $K{B} 2031-09-04 expiry:$K{B}:2031-09-04:90" ],
    '... the thresholds newly reached (7, 60, and 90 days for B, now 71 days away), once each');

# --- Notifications page ------------------------------------------------
my $m = $s->client;
$m->signin('member@minato.example');
$r1 = $m->get('/notifications');
is($r1->{status}, 200, 'the member\'s notifications page');
$p = page($r1);
like($p, qr/「通知A 満了30日」の満了日は 2031-07-01 です/, 'the expiry notification, in Japanese');
like($p, qr/「通知C 自動更新」の解約通知期限は 2031-06-08 です（あと\d+日）。更新しない場合は/, 'the notice deadline, days counted from today');
unlike($p, qr/通知F|通知K|通知G|基幹システム/, 'nobody else\'s notifications');
my @ids = $p =~ m{action="/notifications/(\d+)/read"}g;
is(scalar @ids, 6, 'six unread notifications (three from 2031-06-01, three from 2031-06-25)') or diag explain \@ids;
is_deeply(\@ids, [ sort { $b <=> $a } @ids ], '... newest first');
like($p, qr{href="/notifications" aria-current="page">通知 <span class="badge">6<}, 'the header shows 6 unread');
like(page($m->get('/')), qr{href="/notifications">通知 <span class="badge">6<}, '... on every page');
$r1 = $m->post("/notifications/$ids[0]/read", []);
is($r1->{status}, 303, 'mark one read: 303');
isnt(one("SELECT read_at FROM notifications WHERE id = $ids[0]"), 'NULL', '... read_at set');
like(page($m->get('/notifications')), qr{<span class="badge">5<}, '... 5 unread left');
is(one('SELECT unread_notifications FROM users WHERE id = 3'), 5, '... the count kept on the user\'s row');
is($m->post("/notifications/$ids[0]/read", [])->{status}, 303, 'marking it read again: 303');
is(one('SELECT unread_notifications FROM users WHERE id = 3'), 5, '... counts nothing twice');
is($m->post("/notifications/$ids[1]/read", [ csrf => '0' x 64 ])->{status}, 403, 'without the CSRF token: 403');
is(one("SELECT read_at IS NULL FROM notifications WHERE id = $ids[1]"), 1, '... nothing changed');
my ($legals) = map { $_->[0] } $s->sql("SELECT MIN(id) FROM notifications WHERE user_id = 2");
my ($others) = map { $_->[0] } $s->sql("SELECT MIN(id) FROM notifications WHERE user_id = 5");
is($m->post("/notifications/$legals/read", [])->{status}, 404, "another user's notification: 404");
is($m->post("/notifications/$others/read", [])->{status}, 404, "another organisation's notification: 404");
is($m->post('/notifications/999999/read', [])->{status}, 404, 'a notification that does not exist: 404');
is(one("SELECT COUNT(*) FROM notifications WHERE id IN ($legals, $others) AND read_at IS NOT NULL"), 0, '... and theirs stay unread');
is($m->post('/notifications/x/read', [])->{status}, 404, 'an id that is no number: 404');
$r1 = $m->post('/notifications/read-all', []);
is($r1->{status}, 303, 'mark all read: 303');
is(one('SELECT COUNT(*) FROM notifications WHERE user_id = 3 AND read_at IS NULL'), 0, '... all of mine');
isnt(one("SELECT COUNT(*) FROM notifications WHERE user_id <> 3 AND read_at IS NULL"), 0, '... none of anybody else\'s');
$p = page($m->get($r1->{headers}{location}));
like($p, qr/すべての通知を既読にしました/, '... said so');
unlike($p, qr/class="badge"/, '... no unread badge left');
ok(unread_ok(), "every user's unread count is right");
is(one('SELECT unread_notifications FROM users WHERE id = 3'), 0, '... none for the member');

# The viewer reads English; a contract out of sight is not named.
my $v = $s->client;
$v->signin('viewer@minato.example');
like(page($v->get('/notifications')), qr/“通知K 閲覧者” expires on 2031-07-31/, 'the viewer\'s notification, in English');
$s->sql("UPDATE contracts SET owner_id = 3, department_id = 2 WHERE id = $K{K}");
$p = page($v->get('/notifications'));
like($p, qr/“a contract you cannot see” expires on 2031-07-31/, 'once the contract is out of the viewer\'s sight, it is not named');
unlike($p, qr/通知K|\/contracts\/$K{K}/, '... neither title nor link');
$p = page($other->get('/notifications'));
like($p, qr/通知G 他組織/, 'the other organisation\'s admin sees its own');
unlike($p, qr/通知[ACFK]/, '... and none of the first\'s');
is($s->client->get('/notifications')->{status}, 302, 'not signed in: to sign-in');

# --- Dashboard --------------------------------------------------------
sub jst { my ($d) = @_; strftime('%Y-%m-%d', gmtime(time + 9 * 3600 + $d * 86400)) }
my %L = (
	L1 => contract(title => 'ダッシュ L1 営業10日', dept => 2, owner => 3, exp => jst(10)),
	L2 => contract(title => 'ダッシュ L2 営業45日', dept => 2, owner => 2, exp => jst(45)),
	L3 => contract(title => 'ダッシュ L3 法務80日', dept => 1, owner => 2, exp => jst(80)),
	L4 => contract(title => 'ダッシュ L4 営業通知', dept => 2, owner => 3, auto => 1, months => 12, notice => 30, exp => jst(50)),
	L5 => contract(title => 'ダッシュ L5 法務通知', dept => 1, owner => 2, auto => 1, months => 12, notice => 30, exp => jst(40)),
	L6 => contract(title => 'ダッシュ L6 自分の下書き', dept => 1, owner => 3, status => 'draft'),
	L7 => contract(org => 2, title => 'ダッシュ L7 他組織', dept => 4, owner => 5, exp => jst(5)),
	L8 => contract(title => 'ダッシュ L8 営業100日', dept => 2, owner => 3, exp => jst(100)),
	L9 => contract(title => 'ダッシュ L9 営業解約', dept => 2, owner => 3, status => 'terminated', exp => jst(10)),
);
# Section of the dashboard page each contract title is in.
sub sections {
	my ($html) = @_;
	my %at;
	my @parts = split /<h[23]>/, $html;
	for my $part (@parts) {
		my ($head) = $part =~ /^([^<]+)</;
		$at{$_} = $head for $part =~ />(ダッシュ L\d[^<]*)</g;
	}
	return \%at;
}
$p = page($m->get('/'));
my $sec = sections($p);
is_deeply($sec, {
	'ダッシュ L1 営業10日' => '30日以内に満了',
	'ダッシュ L2 営業45日' => '60日以内に満了',
	'ダッシュ L4 営業通知' => '解約通知期限が30日以内の自動更新契約',
	'ダッシュ L6 自分の下書き' => '自分の下書き',
}, "member's dashboard: the department's and own contracts in force, expiring within 90 days, notice deadlines within 30, own drafts")
    or diag explain $sec;
like($p, qr/ダッシュ L1 営業10日<\/a> <span class="muted">R-\d+ · 満了日 \Q@{[jst(10)]}\E \(あと10日\)/, '... with the expiry date and the days left');
like($p, qr/ダッシュ L4 営業通知<\/a> <span class="muted">R-\d+ · 解約通知期限 <strong>\Q@{[jst(20)]}\E<\/strong> \(あと20日\)/, '... and the notice deadline');
unlike($p, qr/ダッシュ L[35789]/, '... never another department\'s or organisation\'s, nor far, nor ended ones');
like($p, qr/あなたの対応待ち/, '... and the place for approvals waiting for me');
$sec = sections(page($legal->get('/')));
is($sec->{'ダッシュ L3 法務80日'}, '90日以内に満了', 'legal (view_all): the legal department\'s contract at 80 days');
is($sec->{'ダッシュ L5 法務通知'}, '解約通知期限が30日以内の自動更新契約', '... its notice deadline');
is($sec->{'ダッシュ L1 営業10日'}, '30日以内に満了', '... and the other departments\' too');
ok(!exists $sec->{'ダッシュ L6 自分の下書き'}, '... but not someone else\'s draft among "my drafts"');
ok(!exists $sec->{'ダッシュ L7 他組織'}, '... nor the other organisation\'s');
$sec = sections(page($v->get('/')));
is_deeply($sec, {}, 'the viewer (accounting) sees none of them');
$sec = sections(page($other->get('/')));
is_deeply($sec, { 'ダッシュ L7 他組織' => '30日以内に満了' }, 'the other organisation sees only its own');
my $op = $s->client;
$op->signin('operator@keiyaku.example');
$r1 = $op->get('/');
is($r1->{status}, 200, 'the operator\'s dashboard (no organisation, no contracts)');
unlike(page($r1), qr/ダッシュ L/, '... shows no contract');

$s->stop;
done_testing;
