# Availability (SERVICE-LEVELS 5, 16; issue 5's operator console): the
# job worker probes /healthz once per probe_seconds and records each
# answer; with Apache stopped the probes fail and say why; the
# operator's /ops/availability computes each month's availability with
# planned maintenance excluded and the intervals without a probe shown
# as no data; no one else may read it.
use strict;
use warnings;
use utf8;
use Test::More;
use Encode qw(decode_utf8);
use Stack;

my $s = Stack->start(conf => join("\n", 'probe_seconds = 1', 'job_poll_ms = 200'));
my $dir = $s->dir;
sub one { ($s->sql($_[0]))[0][0] }
sub page { decode_utf8($_[0]{content} // '') }
sub wait_for { my ($c, $secs) = @_; my $t = time + $secs; while (time < $t) { return 1 if $c->(); select(undef, undef, undef, 0.2) } $c->() }

ok(wait_for(sub { one('SELECT COUNT(*) FROM probes WHERE ok = 1') >= 3 }, 30), 'the job worker probes /healthz')
    or diag $s->slurp('log/keiyaku-jobs.log');
my ($st, $ms, $detail) = @{ ($s->sql('SELECT status, ms, detail FROM probes WHERE ok = 1 ORDER BY slot DESC LIMIT 1'))[0] };
is($st, 200, '... answered 200');
like($detail, qr/"status":"ok"/, '... with the health answer');
ok($ms >= 0 && $ms < 5000, "... in $ms ms");

# Apache stops: the probes fail, and say why.
my $pid = $s->pidfile_pid('run/apache/httpd.pid');
ok($pid && kill('TERM', $pid), 'Apache stopped');
ok(wait_for(sub { one('SELECT COUNT(*) FROM probes WHERE ok = 0') >= 2 }, 30), 'the probes fail');
my ($fst, $fdetail) = @{ ($s->sql('SELECT status, detail FROM probes WHERE ok = 0 ORDER BY slot DESC LIMIT 1'))[0] };
is($fst, 0, '... no HTTP status');
like($fdetail, qr/connect/i, "... and say why ($fdetail)");
is($s->stack('start'), 0, 'Apache started again');
my $failed_live = one('SELECT COUNT(*) FROM probes WHERE ok = 0');
ok(wait_for(sub { one("SELECT COUNT(*) FROM probes WHERE ok = 1 AND slot > (SELECT MAX(slot) FROM probes WHERE ok = 0)") >= 1 }, 30), '... and the probes pass again');

# A past month made of probes: 10,000 one-second probes, 20 without an
# answer recorded, 9 failures outside maintenance, 5 inside a planned
# maintenance of 105 seconds (excluded).
$s->sql("SET SESSION max_recursive_iterations = 20000; INSERT INTO probes (slot, at, ok, ms, status, detail) "
    . "WITH RECURSIVE q(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM q WHERE n < 9999) "
    . "SELECT '2026-09-10 00:00:00' + INTERVAL n SECOND, '2026-09-10 00:00:00' + INTERVAL n SECOND, 1, 7, 200, 'ok' FROM q");
$s->sql("DELETE FROM probes WHERE slot >= '2026-09-10 00:00:00' + INTERVAL 7000 SECOND AND slot < '2026-09-10 00:00:00' + INTERVAL 7020 SECOND");
$s->sql("UPDATE probes SET ok = 0, status = 503, detail = 'database down', ms = 40 WHERE slot >= '2026-09-10 00:01:40' AND slot < '2026-09-10 00:01:49'");
$s->sql("UPDATE probes SET ok = 0, status = 0, detail = 'maintenance' WHERE slot >= '2026-09-10 01:23:20' AND slot < '2026-09-10 01:23:25'");
$s->sql("INSERT INTO notices (kind, title, body, state, starts_at, ends_at, created_by) VALUES "
    . "('maintenance', 'DB', 'x', 'resolved', '2026-09-10 01:23:20', '2026-09-10 01:25:05', 7)");
$s->sql("INSERT INTO notices (kind, title, body, state, starts_at, ends_at, created_by) VALUES "
    . "('maintenance', 'draft only', 'x', 'draft', '2026-09-10 00:00:00', '2026-09-10 02:00:00', 7)");
is(one("SELECT COUNT(*) FROM probes WHERE slot < '2026-10-01'"), 9980, 'a past month of probes');

my $op = $s->client;
$op->signin('operator@keiyaku.example');
my $r = $op->get('/ops/availability');
is($r->{status}, 200, 'the availability page');
my $p = page($r);
my $want = sprintf('%.3f', 100 * (9980 - 105 - 9) / (9980 - 105));
like($p, qr{<td data-label="月（JST）">2026-09</td>\s*<td[^>]*><strong>\Q$want\E %</strong> <span class="tag">99.9 % 達成</span></td>\s*<td[^>]*>9980</td>\s*<td[^>]*>105</td>\s*<td[^>]*>9</td>\s*<td[^>]*>20</td>}s,
    "2026-09: $want % (planned maintenance excluded; 20 intervals without data shown, not counted; the draft notice does not count)");
like($p, qr{<td data-label="月（JST）">2026-11</td>\s*<td[^>]*><strong>[\d.]+ %</strong> <span class="tag tag-bad">99.9 % 未満</span>}s, 'this month, with Apache stopped a while: under 99.9 %');
like($p, qr{2026-09-10 09:01:48.*database down}s, 'the failed probes are listed (Japan time)');
like($p, qr{2026-09-10 10:23:24 <span class="tag">計画メンテナンス</span>}s, '... those in planned maintenance marked');

my $admin = $s->client;
$admin->signin('admin@minato.example');
is($admin->get('/ops/availability')->{status}, 403, "an organisation's admin: 403");
is($s->client->get('/ops/availability')->{status}, 302, 'no one signed in: to sign-in');

$s->stop;
done_testing;
