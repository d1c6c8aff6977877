# The operation log cannot be edited (issue 5): the application's
# database account may not UPDATE or DELETE log rows; every entry is
# chained to the one before by SHA-256, so an entry altered, removed
# or added behind the application's back (here with the schema owner's
# account) is found by keiyaku-ctl oplog-verify and the admin page, at
# the right entry; the daily job seals the chain's head with an RFC
# 3161 timestamp that openssl ts -verify accepts.
use strict;
use warnings;
use utf8;
use Test::More;
use Encode qw(decode_utf8);
use Digest::SHA qw(sha256);
use File::Temp qw(tempdir);
use Stack;

my $s = Stack->start(conf => join("\n", 'job_daily = 0', 'job_poll_ms = 200'));
my $dir = $s->dir;
my $tmp = tempdir(CLEANUP => 1);
sub one { ($s->sql($_[0]))[0][0] }
sub page { decode_utf8($_[0]{content} // '') }
sub sh { my $out = `$_[0] 2>&1`; return ($? >> 8, $out) }
sub ctl { local $ENV{KEIYAKU_CONF} = "$dir/keiyaku.conf"; sh(Stack::builddir() . "/src/keiyaku-ctl @_") }
sub wait_for { my ($c, $secs) = @_; my $t = time + $secs; while (time < $t) { return 1 if $c->(); select(undef, undef, undef, 0.1) } $c->() }

# The application's own account, as the workers use it.
my $pw = do { open(my $fh, '<', "$dir/secrets/db-app-password") or die; local $/; <$fh> };
chomp $pw;
sub app_sql {
	my ($q) = @_;
	open(my $fh, '>', "$tmp/app.cnf") or die;
	print $fh "[client]\nuser=keiyaku_app\npassword=$pw\nsocket=$dir/run/mysqld.sock\ndatabase=keiyaku\n";
	close $fh;
	return sh("mariadb --defaults-file=$tmp/app.cnf -e \"$q\"");
}

# Entries through the pages: an upload and three downloads.
my $legal = $s->client;
$legal->signin('legal@minato.example');
open(my $pf, '<:raw', Stack::srcdir() . '/t/data/keiyaku-ja.pdf') or die;
my $pdf = do { local $/; <$pf> };
$legal->get('/contracts/1');
is($legal->upload('/contracts/1/documents', [ kind => 'main' ], file => [ 'a.pdf', $pdf, 'application/pdf' ])->{status}, 303, 'an upload');
my $doc = one('SELECT MAX(id) FROM documents');
is($legal->get("/contracts/1/documents/$doc")->{status}, 200, 'a download') for 1 .. 3;
my @e = map { $_->[0] } $s->sql("SELECT id FROM oplog WHERE organisation_id = 1 ORDER BY id");
ok(@e >= 4, 'the operation log has the entries (' . scalar(@e) . ')');
like(one("SELECT rid FROM oplog WHERE id = $e[-1]"), qr/^\S{10,}$/, '... each with its request id');
is(one("SELECT prev_hash FROM oplog WHERE id = $e[-1]"), one("SELECT hash FROM oplog WHERE id = $e[-2]"), '... each chained to the one before');
is(one("SELECT CONCAT(last_id, ' ', last_hash) FROM oplog_heads WHERE organisation_id = 1"), one("SELECT CONCAT(id, ' ', hash) FROM oplog WHERE id = $e[-1]"), '... the head names the last');

# The application's account can add entries but change none.
my ($rc, $out) = app_sql("UPDATE oplog SET detail = 'x' WHERE id = $e[1]");
isnt($rc, 0, 'UPDATE on the operation log with the application account: refused');
like($out, qr/UPDATE command denied/, '... by MariaDB (command denied)');
($rc, $out) = app_sql("DELETE FROM oplog WHERE id = $e[1]");
isnt($rc, 0, 'DELETE: refused');
like($out, qr/DELETE command denied/, '... command denied');
($rc, $out) = app_sql("UPDATE signing_events SET detail = 'x'");
like($out, qr/UPDATE command denied/, 'the signing events are append-only too');
($rc, $out) = app_sql("UPDATE contracts SET notes = notes WHERE id = 1");
is($rc, 0, '... while the account still updates ordinary rows') or diag $out;

# The admins' view of it: filtered, paged, as CSV.
my $admin = $s->client;
$admin->signin('admin@minato.example');
my $r = $admin->get('/admin/oplog');
is($r->{status}, 200, 'the operation log page');
like(page($r), qr/document\.download.*document\.download.*document\.upload/s, '... newest first');
like(page($r), qr/佐藤 健/, '... who did it');
$r = $admin->get('/admin/oplog?action=document.upload');
is(scalar(() = page($r) =~ /<td data-label="操作" class="nowrap">document\.upload</g), 1, 'filtered by action: the upload alone');
unlike(page($r), qr/class="nowrap">document\.download</, '... no download');
$r = $admin->get('/admin/oplog?user=3');
like(page($r), qr/条件に合う記録はありません/, 'filtered by a user who did nothing: none');
my ($y, $m, $d) = (gmtime(time + 9 * 3600))[5, 4, 3];
my $today = sprintf('%04d-%02d-%02d', $y + 1900, $m + 1, $d);
$r = $admin->get("/admin/oplog?from=$today&to=$today&contract=1");
like(page($r), qr/document\.upload/, 'filtered by today and the contract: found');
$r = $admin->get('/admin/oplog?from=2000-01-01&to=2000-01-02');
like(page($r), qr/条件に合う記録はありません/, '... another day: none');
is($admin->get('/admin/oplog?user=abc')->{status}, 400, 'a filter that is not a number: 400');
is($admin->get("/admin/oplog?from=2026-13-45")->{status}, 400, 'a date that is not one: 400');
is($admin->get("/admin/oplog?action=x'y")->{status}, 400, 'an action with a quote: 400');
$r = $admin->get('/admin/oplog.csv?action=document.');
is($r->{status}, 200, 'the CSV');
my @lines = split /\r\n/, decode_utf8($r->{content});
is(scalar(@lines), 5, '... a header and the four document entries');
like($lines[1], qr/^\d+,[\d: -]+,佐藤 健,legal\@minato\.example,document\.upload,1,C-000001,/, '... oldest first, every column');
my $other = $s->client;
$other->signin('admin@hokuto.example');
unlike(page($other->get('/admin/oplog')), qr/document\.download|佐藤/, "another organisation's admin sees none of it");
is(scalar(split /\r\n/, $other->get('/admin/oplog.csv')->{content}), 1, '... and its CSV is a header alone');

($rc, $out) = ctl('oplog-verify all');
is($rc, 0, 'keiyaku-ctl oplog-verify all: exit 0') or diag $out;
like($out, qr/^organisation 1: OK, \d+ entries/m, '... organisation 1 intact');
like(page($admin->get('/admin/oplog/verify')), qr/記録されたときのまま/, 'the admin page: intact');

# Altered with the owner's account: found at that entry.
$s->sql("UPDATE oplog SET detail = CONCAT(detail, ' (changed)') WHERE id = $e[1]");
($rc, $out) = ctl('oplog-verify 1');
is($rc, 1, 'one entry altered: exit 1');
like($out, qr/^organisation 1: BROKEN at entry $e[1]: entry $e[1] was altered/m, '... at that entry');
$r = $admin->get('/admin/oplog/verify');
like(page($r), qr/改ざんされています。最初に壊れている記録 #$e[1]/, '... and the admin page says where');
$s->sql("UPDATE oplog SET detail = REPLACE(detail, ' (changed)', '') WHERE id = $e[1]");
is((ctl('oplog-verify 1'))[0], 0, 'put back as it was: intact again (the hash is of the content)');

# Removed: the next entry no longer follows.
$s->sql("DELETE FROM oplog WHERE id = $e[2]");
($rc, $out) = ctl('oplog-verify 1');
like($out, qr/BROKEN at entry $e[3]: entry $e[3] does not follow entry $e[1]/, 'one entry removed: found at the next one');

# Added behind the application's back (its account may insert): found too.
$s->sql("DELETE FROM oplog WHERE organisation_id = 1");
$s->sql("UPDATE oplog_heads SET last_id = 0, last_hash = REPEAT('0', 64) WHERE organisation_id = 1");
$legal->get("/contracts/1/documents/$doc") for 1 .. 2;
is((ctl('oplog-verify 1'))[0], 0, 'a fresh chain');
app_sql("INSERT INTO oplog (organisation_id, action, detail) VALUES (1, 'document.download', 'forged')");
my $forged = one("SELECT MAX(id) FROM oplog");
($rc, $out) = ctl('oplog-verify 1');
like($out, qr/BROKEN at entry $forged: entry $forged does not follow/, 'an entry inserted without the chain: found');
$s->sql("DELETE FROM oplog WHERE id = $forged");

# Cut from the end: the head says so.
$legal->get("/contracts/1/documents/$doc");
my $last = one("SELECT MAX(id) FROM oplog WHERE organisation_id = 1");
$s->sql("DELETE FROM oplog WHERE id = $last");
($rc, $out) = ctl('oplog-verify 1');
like($out, qr/BROKEN at entry $last: the chain ends at entry \d+ but its head names entry $last/, 'the last entry removed: found by the head');
$s->sql("UPDATE oplog_heads h SET last_id = (SELECT MAX(id) FROM oplog WHERE organisation_id = 1), last_hash = (SELECT hash FROM oplog WHERE id = (SELECT MAX(id) FROM oplog WHERE organisation_id = 1)) WHERE organisation_id = 1");
is((ctl('oplog-verify 1'))[0], 0, '(the head moved back by hand: intact)');

# The daily seal: an RFC 3161 token over the head.
my $pid = fork // die;
if (!$pid) { open(STDERR, '>', '/dev/null'); open(STDOUT, '>', '/dev/null'); exec Stack::builddir() . '/src/keiyaku-jobs', '-c', "$dir/keiyaku.conf", '-e', 'reminders', '-o', 1, '2026-12-01' or die }
waitpid($pid, 0);
ok(wait_for(sub { one("SELECT COUNT(*) FROM jobs WHERE kind = 'reminders' AND state = 'done'") }, 30), 'the daily job ran');
my ($sid, $slast, $shash, $token) = @{ ($s->sql("SELECT id, last_id, last_hash, HEX(token) FROM oplog_seals WHERE organisation_id = 1"))[0] // [] };
ok($sid, 'the chain head is sealed');
is($slast, one("SELECT MAX(id) FROM oplog WHERE organisation_id = 1"), '... at its last entry');
open(my $tf, '>:raw', "$tmp/seal.der") or die; print $tf pack('H*', $token); close $tf;
my $digest = unpack('H*', sha256("1:$slast:$shash"));
($rc, $out) = sh("openssl ts -verify -digest $digest -in $tmp/seal.der -token_in -CAfile $dir/signer-public/ca.pem");
is($rc, 0, '... openssl ts -verify accepts the seal') or diag $out;
($rc, $out) = ctl('oplog-verify 1');
like($out, qr/OK, \d+ entries, 1 daily seals/, '... and the check compares it');
$s->sql("DELETE FROM oplog WHERE id = $slast");
$s->sql("UPDATE oplog_heads h SET last_id = (SELECT MAX(id) FROM oplog WHERE organisation_id = 1), last_hash = (SELECT hash FROM oplog WHERE id = (SELECT MAX(id) FROM oplog WHERE organisation_id = 1)) WHERE organisation_id = 1");
($rc, $out) = ctl('oplog-verify 1');
like($out, qr/BROKEN at entry $slast: entry $slast, sealed with its hash, is gone/, 'the sealed entry removed and the head moved back: the seal shows it');

is($s->client->get('/admin/oplog/verify')->{status}, 302, 'the page needs a session');
$legal->get('/profile');
is($legal->get('/admin/oplog/verify')->{status}, 403, '... and an admin');

$s->stop;
done_testing;
