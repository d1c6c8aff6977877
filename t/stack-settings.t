# An organisation's settings (issue 5): its admin sets the name, the
# registered contact, the password rules and shorter session timeouts;
# the idle timeout ends a session that waited longer; the minimum
# length applies to new passwords; each change is in the operation
# log, old → new; limits beyond the service's are refused.
use strict;
use warnings;
use utf8;
use Test::More;
use Encode qw(decode_utf8);
use Stack;

my $s = Stack->start(jobs => 0, conf => 'data_location = 東京（テスト用サーバー）');
sub page { decode_utf8($_[0]{content} // '') }
sub one { ($s->sql($_[0]))[0][0] }

my $admin = $s->client;
$admin->signin('admin@minato.example');
my $r = $admin->get('/admin/settings');
is($r->{status}, 200, 'the settings page');
like(page($r), qr/value="株式会社みなと商事"/, '... with the name');
like(page($r), qr{データの保管場所.*<strong>東京（テスト用サーバー）</strong>}, '... and where the data is kept (data_location)');
my @ok = (org_name => '株式会社みなと商事', contact_name => '山田 花子', contact_email => 'it@minato.example',
    contact_phone => '03-1234-5678', password_min_length => 16, password_check_banned => 1,
    session_idle_minutes => 10, session_lifetime_hours => 8);
is($admin->post('/admin/settings', [ @ok[0 .. 7], password_min_length => 7, @ok[10 .. 15] ])->{status}, 422, 'a minimum length of 7: 422');
is($admin->post('/admin/settings', [ @ok[0 .. 11], session_idle_minutes => 100000, @ok[14 .. 15] ])->{status}, 422, 'an idle timeout beyond the service: 422');
is($admin->post('/admin/settings', [ @ok[0 .. 5], contact_phone => 'call me', @ok[8 .. 15] ])->{status}, 422, 'a phone number of words: 422');
is($admin->post('/admin/settings', [ @ok ])->{status}, 303, 'saved');
is(decode_utf8(one("SELECT CONCAT(contact_name, ' ', contact_email, ' ', password_min_length, ' ', session_idle, ' ', session_lifetime) FROM organisations WHERE id = 1")),
    '山田 花子 it@minato.example 16 600 28800', '... stored');
like(decode_utf8(one("SELECT detail FROM oplog WHERE action = 'org.settings'")), qr/password_min_length: 12 → 16.*session_idle: +→ 600/, '... logged old → new');

# The idle timeout applies: a session idle for 11 minutes is over.
my $legal = $s->client;
$legal->signin('legal@minato.example');
is($legal->get('/contracts')->{status}, 200, 'legal is working');
$s->sql("UPDATE sessions SET last_seen = NOW(6) - INTERVAL 11 MINUTE WHERE user_id = 2");
is($legal->get('/contracts')->{status}, 302, '... 11 idle minutes later: signed out');
my $other = $s->client;
$other->signin('admin@hokuto.example');
$s->sql("UPDATE sessions SET last_seen = NOW(6) - INTERVAL 11 MINUTE WHERE user_id = 5");
is($other->get('/')->{status}, 200, "another organisation keeps the service's timeout");

# The minimum length applies to new passwords.
$legal->signin('legal@minato.example');
$legal->get('/profile');
$r = $legal->post('/profile/password', [ current_password => 'keiyaku-demo-2026', new_password => 'twelve-chars', confirm_password => 'twelve-chars' ]);
is($r->{status}, 422, 'a 12-character password under a 16 minimum: 422');
is($legal->post('/profile/password', [ current_password => 'keiyaku-demo-2026', new_password => 'sixteen-chars-ok', confirm_password => 'sixteen-chars-ok' ])->{status}, 303, '... 16 characters: accepted');

my $mem = $s->client;
$mem->signin('member@minato.example');
$mem->get('/profile');
is($mem->get('/admin/settings')->{status}, 403, 'a member: 403');
is($other->post('/admin/settings', [ @ok ])->{status}, 303, "another organisation's admin saves their own");
is(decode_utf8(one('SELECT name FROM organisations WHERE id = 1')), '株式会社みなと商事', '... the first keeps its name');
is(decode_utf8(one('SELECT name FROM organisations WHERE id = 2')), '株式会社みなと商事', '... theirs took the name they gave');

$s->stop;
done_testing;
