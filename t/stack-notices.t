# Notices from the operator (issue 5): planned maintenance is refused
# when fewer than 5 Japanese business days remain before it starts and
# accepted with 5, across Golden Week (KEIYAKU_TODAY fixes the day);
# published notices show as a banner on the pages of the organisations
# they concern (and of no other), on the public /status page when they
# are for everyone, and go by mail to each registered contact; an
# incident gets updates and is closed.
use strict;
use warnings;
use utf8;
use Test::More;
use Encode qw(decode_utf8);
use Stack;
use MailBox;

my $s = Stack->start(conf => join("\n", 'job_daily = 0', 'job_poll_ms = 200'),
    env => { KEIYAKU_TODAY => '2027-04-26' });
my $dir = $s->dir;
sub page { decode_utf8($_[0]{content} // '') }
sub one { ($s->sql($_[0]))[0][0] }
sub wait_for { my ($c, $secs) = @_; my $t = time + $secs; while (time < $t) { return 1 if $c->(); select(undef, undef, undef, 0.1) } $c->() }

$s->sql("UPDATE organisations SET contact_name = '山田 花子', contact_email = 'it\@minato.example' WHERE id = 1");
$s->sql("UPDATE organisations SET contact_name = '北村 翔', contact_email = 'it\@hokuto.example' WHERE id = 2");
my $op = $s->client;
$op->signin('operator@keiyaku.example');
$op->get('/ops/notices');
sub draft {
	my (%f) = @_;
	$op->get('/ops/notices');
	my $r = $op->post('/ops/notices', [ %f ]);
	return ($r->{status}, one('SELECT MAX(id) FROM notices'));
}
sub act { my ($id, %f) = @_; $op->get('/ops/notices'); $op->post("/ops/notices/$id", [ %f ])->{status} }

# The second organisation's contact reads English.
$op->get('/ops');
is($op->post('/ops/orgs/2', [ action => 'contact', contact_name => 'Sho Kitamura', contact_email => 'it@hokuto.example',
    contact_phone => '', contact_lang => 'xx' ])->{status}, 422, 'a contact language that is none: 422');
is($op->post('/ops/orgs/2', [ action => 'contact', contact_name => 'Sho Kitamura', contact_email => 'it@hokuto.example',
    contact_phone => '', contact_lang => 'en' ])->{status}, 303, "the operator sets the second organisation's contact, in English");
like(decode_utf8(one("SELECT detail FROM oplog WHERE organisation_id = 2 AND action = 'ops.org.contact'")), qr/\(ja\) → Sho Kitamura <it\@hokuto\.example>  \(en\)/, '... in its operation log, old → new');

# "Today" is 2027-04-26 (Mon), before Golden Week: 4/29 and 5/3-5/5
# are holidays.  Business days before 5/7: 4/27, 4/28, 4/30, 5/6
# (four); before 5/10: five.
my ($st, $early) = draft(kind => 'maintenance', title => 'DB 更新（早すぎ）', body => 'x', affected => '全機能',
    starts => '2027-05-07 22:00', ends => '2027-05-08 02:00');
is($st, 303, 'a maintenance draft');
is(act($early, action => 'publish'), 422, 'published with 4 business days to go (Golden Week in between): refused');
like(page($op->get('/ops/notices')), qr/下書き/, '... it stays a draft');
my $m;
($st, $m) = draft(kind => 'maintenance', title => 'データベースの更新', body => "夜間に停止します。\n約4時間。", affected => '全機能',
    starts => '2027-05-10 22:00', ends => '2027-05-11 02:00');
is(act($m, action => 'publish'), 303, '... with 5 business days: published');
is(one("SELECT state FROM notices WHERE id = $m"), 'published', '... published');
($st) = draft(kind => 'maintenance', title => 'x', body => 'x', starts => '2027-05-12 02:00', ends => '2027-05-11 22:00');
is($st, 422, 'a window that ends before it starts: 422');
($st) = draft(kind => 'maintenance', title => 'x', body => 'x', starts => '2027-05-32 02:00', ends => '');
is($st, 422, 'a start that is no date: 422');
is(act($m, action => 'publish'), 409, 'publishing twice: 409');
is(act(999999, action => 'publish'), 404, 'a notice that does not exist: 404');

# The mails, to each registered contact.
ok(wait_for(sub { (grep { $_->{subject} =~ /計画メンテナンスのお知らせ|Planned maintenance/ } MailBox::messages($dir)) == 2 }, 30), 'mailed to both contacts');
my ($mm) = grep { $_->{to} eq 'it@minato.example' } MailBox::messages($dir);
my ($me) = grep { $_->{to} eq 'it@hokuto.example' } MailBox::messages($dir);
like($mm->{subject}, qr/【Keiyaku】計画メンテナンスのお知らせ：データベースの更新/, '... in Japanese to the first');
like($me->{subject}, qr/^\[Keiyaku\] Planned maintenance: データベースの更新/, '... in English to the second');
like($me->{text}, qr/Sho Kitamura.*2027-05-10 22:00 - 2027-05-11 02:00/s, '... the English text with the window');
like($mm->{text}, qr/山田 花子 様.*データベースの更新.*夜間に停止します。.*2027-05-10 22:00 - 2027-05-11 02:00/s, '... with the window and the text');
like($mm->{text}, qr{/status}, '... and the status page');

# The banner, for everyone concerned.
my $legal = $s->client;
$legal->signin('legal@minato.example');
ok(wait_for(sub { page($legal->get('/contracts')) =~ /計画メンテナンス<\/strong> データベースの更新 · 2027-05-10 22:00 – 2027-05-11 02:00/ }, 35), 'the banner on the ledger');
ok(wait_for(sub { page($legal->get('/')) =~ /データベースの更新/ }, 35), '... on the dashboard');
# (Each worker reads the notices again every 30 s.)
ok(wait_for(sub { page($s->client->get('/signin')) =~ /データベースの更新/ }, 35), '... and on the sign-in page (it is for everyone)');
my $st_page = $s->client->get('/status');
is($st_page->{status}, 200, 'the public status page');
like(page($st_page), qr/すべてのサービスは正常に稼働しています.*予定されているメンテナンス.*データベースの更新/s, '... normal, with the planned maintenance');

# An incident for one organisation: its banner only, not public.
my $inc;
($st, $inc) = draft(kind => 'incident', title => '検索が遅い', body => '調査中です。', affected => '全文検索', org => 2);
is(act($inc, action => 'publish'), 303, 'an incident for the second organisation, published at once');
my $other = $s->client;
$other->signin('admin@hokuto.example');
sleep 1;
ok(wait_for(sub { page($other->get('/')) =~ /検索が遅い/ }, 35), "its banner on the second organisation's pages");
unlike(page($legal->get('/contracts')), qr/検索が遅い/, "... none on the first's");
unlike(page($s->client->get('/status')), qr/検索が遅い/, '... nor on the public page');
ok(wait_for(sub { grep { $_->{to} eq 'it@hokuto.example' && $_->{subject} =~ /Incident: 検索が遅い/ } MailBox::messages($dir) }, 30), "mailed to the second organisation's contact, in English");
ok(!grep({ $_->{to} eq 'it@minato.example' && $_->{subject} =~ /障害/ } MailBox::messages($dir)), '... not to the first');

# A public incident with an update, then closed.
my $pub;
($st, $pub) = draft(kind => 'incident', title => 'ログインできない', body => '一部の利用者がログインできません。');
is(act($pub, action => 'publish'), 303, 'a public incident');
like(page($s->client->get('/status')), qr/障害が発生しています.*ログインできない/s, 'the status page says so');
is(act($pub, action => 'update', body => ''), 422, 'an empty update: 422');
is(act($pub, action => 'update', body => '原因を特定し、復旧作業中です。'), 303, 'an update');
like(page($s->client->get('/status')), qr/原因を特定し、復旧作業中です/, '... on the status page');
ok(wait_for(sub { grep { $_->{subject} =~ /続報：ログインできない/ } MailBox::messages($dir) }, 30), '... and mailed');
is(act($pub, action => 'resolve'), 303, 'closed');
like(page($s->client->get('/status')), qr/過去の障害.*ログインできない/s, 'the status page lists it as past');
is(act($pub, action => 'update', body => 'more'), 409, 'an update after it is over: 409');

is($legal->get('/ops/notices')->{status}, 403, 'legal: 403 on the console');
is($s->client->post('/ops/notices', [ kind => 'incident', title => 'x', body => 'y' ])->{status}, 303, 'anonymous POST: to sign-in');

$s->stop;
done_testing;
