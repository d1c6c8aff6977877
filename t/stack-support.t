# Support inquiries (issue 5): a user opens one; it is theirs alone
# (not another user's of the same organisation, not another
# organisation's); the operator sees it with its lead time in business
# days, answers; the answer is on the user's page and in their mail; a
# follow-up reopens it.  Every operator answer is in the organisation's
# operation log.  Bad input answered plainly.
use strict;
use warnings;
use utf8;
use Test::More;
use Encode qw(decode_utf8);
use Stack;
use MailBox;

my $s = Stack->start(conf => join("\n", 'job_daily = 0', 'job_poll_ms = 200'));
my $dir = $s->dir;
sub page { decode_utf8($_[0]{content} // '') }
sub one { ($s->sql($_[0]))[0][0] }
sub wait_for { my ($c, $secs) = @_; my $t = time + $secs; while (time < $t) { return 1 if $c->(); select(undef, undef, undef, 0.1) } $c->() }

my $legal = $s->client;
$legal->signin('legal@minato.example');
like(page($legal->get('/')), qr{href="/support"}, 'the header links support');
my $r = $legal->get('/support');
is($r->{status}, 200, 'the support page');
is($legal->post('/support', [ subject => '', body => 'x' ])->{status}, 422, 'no subject: 422');
is($legal->post('/support', [ subject => "a\nb", body => 'x' ])->{status}, 422, 'a subject of two lines: 422');
$r = $legal->post('/support', [ subject => 'CSV の文字化け', body => "Excel で開くと文字化けします。\n<script>x</script>" ]);
is($r->{status}, 303, 'an inquiry');
my ($id) = ($r->{headers}{location} // '') =~ m{^/support/(\d+)$};
ok($id, '... to its page');
$r = $legal->get("/support/$id");
like(page($r), qr/CSV の文字化け.*回答待ち.*Excel で開くと文字化けします.*&lt;script&gt;/s, '... with its text, escaped, waiting');

my $member = $s->client;
$member->signin('member@minato.example');
is($member->get("/support/$id")->{status}, 404, "another user of the organisation: 404");
unlike(page($member->get('/support')), qr/CSV の文字化け/, '... not in their list');
my $other = $s->client;
$other->signin('admin@hokuto.example');
is($other->get("/support/$id")->{status}, 404, "another organisation: 404");
is($other->post("/support/$id", [ body => 'x' ])->{status}, 404, '... and cannot write to it');

# The operator.
my $op = $s->client;
$op->signin('operator@keiyaku.example');
is($op->get('/support')->{status}, 403, 'the operator has no organisation to ask for');
$r = $op->get('/ops/support');
like(page($r), qr/CSV の文字化け.*株式会社みなと商事 \/ 佐藤 健.*回答待ち.*>0 営業日/s, 'the operator sees it: organisation, user, waiting, 0 business days');
$s->sql("UPDATE tickets SET created_at = '2026-04-27 01:00:00' WHERE id = $id");
like(page($op->get('/ops/support')), qr/CSV の文字化け.*?>\d+ 営業日/s, '... a lead time in business days for an older one');
$op->get("/ops/support/$id");
is($op->post("/ops/support/$id", [ body => '' ])->{status}, 422, 'an empty answer: 422');
is($op->post("/ops/support/$id", [ body => 'UTF-8 (BOM 付き) で出力しています。Excel の「データ」から読み込んでください。' ])->{status}, 303, 'the operator answers');
is(one("SELECT state FROM tickets WHERE id = $id"), 'answered', '... answered');
my $lead = one("SELECT answered_at IS NOT NULL FROM tickets WHERE id = $id");
is($lead, 1, '... with its time');
$r = $legal->get("/support/$id");
like(page($r), qr/回答済み.*Keiyaku 運用担当.*BOM 付き/s, 'the user sees the answer');
like(page($legal->get('/support')), qr/回答済み.*?>(\d+) 営業日/s, '... and the lead time from opened to answered');
ok(wait_for(sub { grep { $_->{to} eq 'legal@minato.example' && $_->{subject} =~ /お問い合わせへの回答：CSV の文字化け/ } MailBox::messages($dir) }, 30), 'the answer is mailed to the user');
like(one("SELECT CONCAT(action, ' ', user_id) FROM oplog WHERE organisation_id = 1 AND action = 'support.answer'"), qr/^support\.answer \d+$/, "... and in the organisation's operation log, by the operator");

$legal->get("/support/$id");
is($legal->post("/support/$id", [ body => 'ありがとうございます。もう一点…' ])->{status}, 303, 'a follow-up');
is(one("SELECT state FROM tickets WHERE id = $id"), 'open', '... reopens it');
is($op->get('/ops/support/999999')->{status}, 404, 'an inquiry that does not exist: 404');
is($legal->post("/support/$id", [ body => 'x', csrf => 'f' x 64 ])->{status}, 403, 'a forged CSRF token: 403');

# The release notes, public, in the reader's language.
$r = $s->client->get('/release-notes');
is($r->{status}, 200, 'the release notes, without signing in');
like(page($r), qr/リリースノート.*0\.5 — 2026-11-26.*電子署名/s, '... newest first');
my $en = $s->client;
$en->set_cookie(lang => 'en');
like(page($en->get('/release-notes')), qr/Release notes.*Electronic signatures/s, '... in English for an English reader');
like(page($legal->get('/')), qr{href="/release-notes"}, 'every page links them');

$s->stop;
done_testing;
