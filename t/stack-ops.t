# The service operator's console (issue 5): the organisations with
# their size, a new one, the registered contact, suspending (its users
# cannot sign in and their sessions end at once; the data stays) and
# resuming; each action also in the organisation's own operation log.
# Nobody but the operator gets in; bad input changes nothing.
use strict;
use warnings;
use utf8;
use Test::More;
use Encode qw(decode_utf8);
use Stack;

my $s = Stack->start(jobs => 0);
sub page { decode_utf8($_[0]{content} // '') }
sub one { ($s->sql($_[0]))[0][0] }

my $op = $s->client;
is($op->signin('operator@keiyaku.example')->{status}, 303, 'the operator signs in');
my $r = $op->get('/ops');
is($r->{status}, 200, 'the console');
like(page($r), qr/株式会社みなと商事.*北斗エンジニアリング株式会社/s, '... lists the organisations');
my $users = one('SELECT COUNT(*) FROM users WHERE organisation_id = 1');
my $contracts = one('SELECT COUNT(*) FROM contracts WHERE organisation_id = 1');
like(page($r), qr{<td data-label="利用者" class="num">$users</td>\s*<td data-label="契約" class="num">$contracts</td>}, '... with their users and contracts');
like(page($op->get('/')), qr{href="/ops"}, 'the header links the console for the operator');

for my $who (qw(admin legal)) {
	my $c = $s->client;
	$c->signin("$who\@minato.example");
	is($c->get('/ops')->{status}, 403, "$who: 403");
}
my $legal = $s->client;
$legal->signin('legal@minato.example');
unlike(page($legal->get('/')), qr{href="/ops"}, '... and no link for them');

# A new organisation.
$op->get('/ops');
is($op->post('/ops/orgs', [ name => '', slug => 'x-y' ])->{status}, 422, 'no name: 422');
is($op->post('/ops/orgs', [ name => 'ACME', slug => 'Bad Slug' ])->{status}, 422, 'a slug with capitals and a space: 422');
is($op->post('/ops/orgs', [ name => 'ACME', slug => 'minato' ])->{status}, 422, 'a slug taken: 422');
my $n = one('SELECT COUNT(*) FROM organisations');
$r = $op->post('/ops/orgs', [ name => '南海テスト株式会社', slug => 'nankai-test' ]);
is($r->{status}, 303, 'a new organisation');
is(one('SELECT COUNT(*) FROM organisations'), $n + 1, '... one more');
my $new = one("SELECT id FROM organisations WHERE slug = 'nankai-test'");
like(page($op->get('/ops')), qr/南海テスト株式会社/, '... listed');
is(one("SELECT action FROM oplog WHERE organisation_id = $new"), 'ops.org.create', "... and in its operation log");

# The registered contact, changes logged with old and new values.
$op->get('/ops');
is($op->post('/ops/orgs/1', [ action => 'contact', contact_name => '山田 花子', contact_email => 'not-an-address', contact_phone => '03-1234-5678' ])->{status}, 422, 'a contact address that is not one: 422');
is($op->post('/ops/orgs/1', [ action => 'contact', contact_name => '山田 花子', contact_email => 'it@minato.example', contact_phone => '03-1234-5678' ])->{status}, 303, 'the registered contact');
is(decode_utf8(one("SELECT CONCAT(contact_name, ' ', contact_email, ' ', contact_phone) FROM organisations WHERE id = 1")), '山田 花子 it@minato.example 03-1234-5678', '... stored');
like(decode_utf8(one("SELECT detail FROM oplog WHERE organisation_id = 1 AND action = 'ops.org.contact'")), qr/<>  \(ja\) → 山田 花子 <it\@minato\.example> 03-1234-5678 \(ja\)/, "... and in the organisation's log, old and new");
is(one("SELECT user_id FROM oplog WHERE organisation_id = 1 AND action = 'ops.org.contact'"), one("SELECT id FROM users WHERE email = 'operator\@keiyaku.example'"), '... as done by the operator');

# Suspended: sessions end at once, sign-in refused, data kept.
is($legal->get('/contracts')->{status}, 200, 'legal is working');
$op->get('/ops');
is($op->post('/ops/orgs/1', [ action => 'suspend' ])->{status}, 303, 'the operator suspends the organisation');
is($legal->get('/contracts')->{status}, 302, "legal's session has ended: to sign-in");
my $again = $s->client;
$r = $again->signin('legal@minato.example');
is($r->{status}, 403, 'signing in again: 403');
like(page($r), qr/この組織の利用は停止されています/, '... saying why');
$r = $again->signin('legal@minato.example', 'wrong-password-xx');
is($r->{status}, 422, '... (a wrong password is told nothing of it)');
is(one("SELECT reason FROM login_attempts WHERE email = 'legal\@minato.example' ORDER BY id DESC LIMIT 1 OFFSET 1"), 'suspended', '... the attempt recorded');
my $other = $s->client;
is($other->signin('admin@hokuto.example')->{status}, 303, 'another organisation is unaffected');
is(one('SELECT COUNT(*) FROM contracts WHERE organisation_id = 1'), $contracts, 'the data is kept');
like(page($op->get('/ops')), qr/利用停止中/, 'the console shows it suspended');
is($op->post('/ops/orgs/1', [ action => 'suspend' ])->{status}, 409, 'suspending twice: 409');
is($op->post('/ops/orgs/1', [ action => 'resume' ])->{status}, 303, 'resumed');
is($s->client->signin('legal@minato.example')->{status}, 303, 'legal signs in again');
is(one("SELECT GROUP_CONCAT(action ORDER BY id) FROM oplog WHERE organisation_id = 1 AND action LIKE 'ops.org.%'"), 'ops.org.contact,ops.org.suspend,ops.org.resume', "each action in the organisation's log");

is($op->post('/ops/orgs/999999', [ action => 'suspend' ])->{status}, 404, 'an organisation that does not exist: 404');
is($op->post('/ops/orgs/1', [ action => 'explode' ])->{status}, 400, 'an unknown action: 400');
is($op->post('/ops/orgs/1', [ action => 'suspend', csrf => 'f' x 64 ])->{status}, 403, 'a forged CSRF token: 403');
is(one('SELECT suspended_at IS NULL FROM organisations WHERE id = 1'), 1, '... nothing suspended');

$s->stop;
done_testing;
