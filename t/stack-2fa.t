# Two-factor sign-in and the IP allow-list (issue 5), through the
# running stack: a user sets up TOTP from the QR page with a code this
# test computes (RFC 6238, HMAC-SHA1), signs in with a code, is refused
# a wrong or reused one and a used recovery code; a challenge expires
# and dies after five wrong codes; an admin requires two-factor sign-in
# for everyone (a user without it can do nothing else until set up)
# and resets a user's; an admin sets an IP allow-list (never one
# without their own address), and outside it sessions stop and sign-in
# is refused and recorded.  Every change is in the operation log.
use strict;
use warnings;
use utf8;
use Test::More;
use Digest::SHA qw(hmac_sha1 sha256_hex);
use Encode qw(decode_utf8);
use Stack;

my $s = Stack->start(jobs => 0);
sub page { decode_utf8($_[0]{content} // '') }
sub one { ($s->sql($_[0]))[0][0] }

sub b32d {
	(my $k = uc shift) =~ s/\s//g;
	my $bits = join '', map { sprintf '%05b', index('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', $_) } split //, $k;
	return pack 'B*', substr($bits, 0, int(length($bits) / 8) * 8);
}
sub totp {
	my ($key, $t) = @_;
	my $h = hmac_sha1(pack('NN', 0, int($t / 30)), $key);
	my $o = ord(substr($h, 19, 1)) & 15;
	return sprintf '%06d', (unpack('N', substr($h, $o, 4)) & 0x7fffffff) % 1000000;
}
sub key_of { page($_[0]) =~ /<code class="hash" id="key">([A-Z2-7 ]+)</ ? b32d($1) : undef }

# --- Set-up ----------------------------------------------------------
my $legal = $s->client;
is($legal->signin('legal@minato.example')->{status}, 303, 'legal signs in with a password');
my $r = $legal->get('/profile/2fa');
is($r->{status}, 200, 'the set-up page');
like(page($r), qr{<img src="/profile/2fa/qr.svg"}, '... shows the QR code');
my $key = key_of($r);
is(length($key // ''), 20, '... and the 160-bit key in base32');
is(key_of($legal->get('/profile/2fa')), $key, 'the key stays the same until it is set up');
my $pending = one('SELECT totp_pending FROM users WHERE id = 2');
like($pending, qr/^[0-9a-f]{96}$/, 'stored sealed (nonce, key, tag in hex)');
unlike($pending, qr/\Q${\ unpack('H*', $key)}\E/, '... not the key itself');
$r = $legal->get('/profile/2fa/qr.svg');
is($r->{status}, 200, 'the QR code');
is($r->{headers}{'content-type'}, 'image/svg+xml', '... is SVG');
like($r->{content}, qr/^<svg [^>]*viewBox="0 0 (\d+) \1"/, '... a square image');
is($r->{headers}{'cache-control'}, 'no-store', '... never cached');

my $now = time;
is($legal->post('/profile/2fa', [ do => 'enable', code => '000000' eq totp($key, $now) ? '111111' : '000000' ])->{status}, 422, 'a wrong code does not turn it on');
is($legal->post('/profile/2fa', [ do => 'enable', code => totp($key, $now), csrf => 'f' x 64 ])->{status}, 403, 'a forged CSRF token: 403');
is(one('SELECT totp_secret IS NULL FROM users WHERE id = 2'), 1, '... still off');
$r = $legal->post('/profile/2fa', [ do => 'enable', code => totp($key, $now) ]);
is($r->{status}, 200, 'the right code turns it on');
my @codes = page($r) =~ /<li><code>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})<\/code><\/li>/g;
is(scalar @codes, 10, '... and shows ten recovery codes');
is(one('SELECT COUNT(*) FROM recovery_codes WHERE user_id = 2 AND used_at IS NULL'), 10, '... stored');
is(one("SELECT COUNT(*) FROM recovery_codes WHERE user_id = 2 AND code_hash = '" . sha256_hex($codes[0]) . "'"), 1, '... as SHA-256');
is(one('SELECT CONCAT(totp_secret IS NOT NULL, totp_pending IS NULL) FROM users WHERE id = 2'), '11', 'the key moved from pending to set up');
is($legal->get('/profile/2fa/qr.svg')->{status}, 404, 'no QR code once it is on');
unlike(page($legal->get('/profile/2fa')), qr/\Q$codes[0]\E/, 'the codes are never shown again');
is(one("SELECT COUNT(*) FROM oplog WHERE action = 'user.2fa_enabled' AND user_id = 2"), 1, 'in the operation log');

# --- Sign-in with a code ----------------------------------------------
$legal->post('/signout', []);
my $c = $s->client;
$r = $c->signin('legal@minato.example');
is($r->{status}, 303, 'the right password ...');
is($r->{headers}{location}, '/signin/code', '... leads to the code step');
ok(!defined $c->cookie('kk_sid'), '... without a session yet');
ok(defined $c->cookie('kk_2fa'), '... with a challenge cookie');
is($c->get('/contracts')->{status}, 302, 'nothing is open before the code');
$r = $c->get('/signin/code');
is($r->{status}, 200, 'the code page');
like(page($r), qr/autocomplete="one-time-code"/, '... asks for the one-time code');
is($c->post('/signin/code', [ code => totp($key, $now) ])->{status}, 422, 'the code used to set it up is refused (replay)');
is($c->post('/signin/code', [ code => 'abc' ])->{status}, 422, 'a code that is no code: 422');
is(one("SELECT COUNT(*) FROM login_attempts WHERE email = 'legal\@minato.example' AND reason = 'bad_code'"), 2, 'wrong codes are recorded');
is($c->post('/signin/code', [ code => totp($key, $now + 30), csrf => 'a' x 64 ])->{status}, 403, 'forged CSRF on the code step: 403');
$r = $c->post('/signin/code', [ code => totp($key, $now + 30) ]);
is($r->{status}, 303, "the next step's code signs in");
ok(defined $c->cookie('kk_sid') && !defined $c->cookie('kk_2fa'), '... a session, the challenge gone');
is($c->get('/contracts')->{status}, 200, '... and pages open');
is(one("SELECT COUNT(*) FROM signin_challenges"), 0, 'no challenge left behind');

my $c2 = $s->client;
$c2->signin('legal@minato.example');
$c2->get('/signin/code');
is($c2->post('/signin/code', [ code => totp($key, $now + 30) ])->{status}, 422, 'the same code a second time: refused');

# --- Recovery codes ---------------------------------------------------
$r = $c2->post('/signin/code', [ code => uc $codes[1] ]);
is($r->{status}, 303, 'a recovery code (typed in capitals) signs in');
is($r->{headers}{location}, '/profile/2fa?done=recovery_used', '... and says it is used up');
is(one('SELECT COUNT(*) FROM recovery_codes WHERE user_id = 2 AND used_at IS NULL'), 9, '... nine left');
like(page($c2->get('/profile/2fa?done=recovery_used')), qr/<dd>9<\/dd>/, 'the page counts nine');
my $c3 = $s->client;
$c3->signin('legal@minato.example');
$c3->get('/signin/code');
is($c3->post('/signin/code', [ code => $codes[1] ])->{status}, 422, 'a used recovery code: refused');
is(one("SELECT COUNT(*) FROM login_attempts WHERE email = 'legal\@minato.example' AND reason = 'recovery_code' AND success = 1"), 1, 'the recovery sign-in is recorded as such');

# Five wrong codes end the challenge; an old one has expired.
$c3->post('/signin/code', [ code => '000001' ]) for 1 .. 3;
$r = $c3->post('/signin/code', [ code => '000002' ]);
is($r->{status}, 303, 'the fifth wrong code ...');
is($r->{headers}{location}, '/signin?done=code_expired', '... starts over at the password');
ok(!defined $c3->cookie('kk_2fa'), '... the challenge cookie cleared');
is($c3->post('/signin/code', [ code => totp($key, time) ])->{status}, 303, 'then even a right code goes back to the password');
ok(!defined $c3->cookie('kk_sid'), '... without a session');
$s->sql("DELETE FROM login_attempts WHERE email = 'legal\@minato.example'");
my $c4 = $s->client;
$c4->signin('legal@minato.example');
$c4->get('/signin/code');
$s->sql('UPDATE signin_challenges SET created_at = NOW(6) - INTERVAL 6 MINUTE');
$r = $c4->post('/signin/code', [ code => $codes[2] ]);
is($r->{headers}{location}, '/signin?done=code_expired', 'a challenge older than five minutes has expired');
is(one('SELECT COUNT(*) FROM recovery_codes WHERE user_id = 2 AND used_at IS NULL'), 9, '... and took no recovery code');
my $c5 = $s->client;
$c5->set_cookie(kk_2fa => 'ab' x 32);
$c5->get('/signin');
is($c5->post('/signin/code', [ code => '123456' ])->{headers}{location}, '/signin?done=code_expired', 'a made-up challenge: back to the password');
is($c5->get('/signin/code')->{status}, 302, 'the code page without a challenge: to the password');

# New recovery codes need a code.
$r = $c->get('/profile/2fa');
is($c->post('/profile/2fa', [ do => 'codes', code => '12345' ])->{status}, 422, 'new recovery codes without a right code: 422');
# The steps up to now + 30 s are used; rather than wait a minute for
# the next, the last used step is put back (replay is tested above).
$s->sql('UPDATE users SET totp_last_step = 0 WHERE id = 2');
$r = $c->post('/profile/2fa', [ do => 'codes', code => totp($key, time) ]);
is($r->{status}, 200, 'new recovery codes with a code');
my @codes2 = page($r) =~ /<li><code>([a-z2-7-]{19})<\/code><\/li>/g;
is(scalar @codes2, 10, '... ten of them');
is(one('SELECT COUNT(*) FROM recovery_codes WHERE user_id = 2'), 10, '... the old ones gone');

# --- Turning it off ----------------------------------------------------
is($c->post('/profile/2fa', [ do => 'disable', password => 'wrong-password-1' ])->{status}, 422, 'off needs the password');
is($c->post('/profile/2fa', [ do => 'sideways' ])->{status}, 422, 'an unknown action: 422');
is($c->post('/profile/2fa', [ do => 'disable', password => 'keiyaku-demo-2026' ])->{status}, 303, 'off with the password');
is(one('SELECT totp_secret IS NULL FROM users WHERE id = 2'), 1, '... the key removed');
is(one('SELECT COUNT(*) FROM recovery_codes WHERE user_id = 2'), 0, '... and the codes');
is($s->client->signin('legal@minato.example')->{headers}{location}, '/', 'a password alone signs in again');
is(one("SELECT COUNT(*) FROM oplog WHERE action IN ('user.2fa_codes', 'user.2fa_disabled') AND user_id = 2"), 2, 'both in the operation log');

# --- Required for everyone ---------------------------------------------
my $admin = $s->client;
$admin->signin('admin@minato.example');
$admin->get('/admin/settings');
my @base = (org_name => '株式会社みなと商事', contact_name => '', contact_email => '', contact_phone => '',
    password_min_length => 12, password_check_banned => 1, session_idle_minutes => 30, session_lifetime_hours => 12);
is($admin->post('/admin/settings', [ @base, require_2fa => 1, ip_allow => '' ])->{status}, 303, 'the admin requires two-factor sign-in');
like(decode_utf8(one("SELECT detail FROM oplog WHERE action = 'org.settings' ORDER BY id DESC LIMIT 1")), qr/require_2fa: 0 → 1/, '... logged old → new');
$r = $admin->get('/admin/users');
is($r->{status}, 302, "the admin, without it, is sent to set it up at the next page");
is($r->{headers}{location}, '/profile/2fa', '... to the set-up page');
my $m = $s->client;
$m->signin('member@minato.example');
$r = $m->get('/contracts');
is($r->{headers}{location}, '/profile/2fa', 'a member without it: every page leads to the set-up');
$r = $m->get('/profile/2fa');
is($r->{status}, 200, '... which opens');
like(page($r), qr/組織の設定により2段階認証が必須です/, '... and says why');
is($m->post('/contracts', [ title => 'x' ])->{status}, 303, 'a form elsewhere is not taken');
is($m->get('/profile/2fa/qr.svg')->{status}, 200, 'the QR code opens');
my $mkey = key_of($r);
$r = $m->post('/profile/2fa', [ do => 'enable', code => totp($mkey, time) ]);
is($r->{status}, 200, 'the member sets it up');
is($m->get('/contracts')->{status}, 200, '... and works again');
my $mr = $s->client;
$mr->signin('member@minato.example');
is($mr->get('/contracts')->{status}, 302, 'signing in now asks for a code');
$r = $m->get('/profile/2fa');
like(page($r), qr/無効にできません/, 'the member cannot turn it off while it is required ...');
is($m->post('/profile/2fa', [ do => 'disable', password => 'keiyaku-demo-2026' ])->{status}, 409, '... 409');

# The admin resets the member's (a lost phone).
my $akey = key_of($admin->get('/profile/2fa'));
is($admin->post('/profile/2fa', [ do => 'enable', code => totp($akey, time) ])->{status}, 200, 'the admin sets up their own');
$r = $admin->get('/admin/users/3');
like(page($r), qr/value="reset_2fa"/, "the member's page offers a reset");
is($admin->post('/admin/users/3', [ do => 'reset_2fa' ])->{status}, 303, 'the admin resets it');
is(one('SELECT totp_secret IS NULL FROM users WHERE id = 3'), 1, '... the key removed');
is(one('SELECT COUNT(*) FROM recovery_codes WHERE user_id = 3'), 0, '... and the codes');
is($m->get('/contracts')->{status}, 302, "... and the member's session ended");
is(one("SELECT COUNT(*) FROM oplog WHERE action = 'user.2fa_reset' AND contract_id IS NULL"), 1, '... in the operation log');
my $other = $s->client;
$other->signin('admin@hokuto.example');
$other->get('/admin/settings');
is($other->post('/admin/users/3', [ do => 'reset_2fa' ])->{status}, 404, "another organisation's admin: 404");
is($other->get('/contracts')->{status}, 200, 'the other organisation does not require it');
$admin->get('/admin/settings');
is($admin->post('/admin/settings', [ @base, require_2fa => 0, ip_allow => '' ])->{status}, 303, 'no longer required');

# --- IP allow-list -----------------------------------------------------
$r = $admin->get('/admin/settings');
like(page($r), qr{<code>127\.0\.0\.1</code>}, 'the settings show the admin their address');
$r = $admin->post('/admin/settings', [ @base, ip_allow => "10.0.0.0/8\n2001:db8::/32" ]);
is($r->{status}, 422, 'a list without the admin\'s own address: 422');
like(page($r), qr/締め出されてしまいます/, '... says they would lock themselves out');
like(page($r), qr{10\.0\.0\.0/8\n2001:db8::/32</textarea>}, '... and keeps what was typed');
$r = $admin->post('/admin/settings', [ @base, ip_allow => "10.0.0.0/8 300.1.2.3" ]);
is($r->{status}, 422, 'an address that is none: 422');
like(page($r), qr{<code>300\.1\.2\.3</code>}, '... named');
is($admin->post('/admin/settings', [ @base, ip_allow => join("\n", map { "10.$_.0.0/16" } 0 .. 100) . "\n127.0.0.1" ])->{status}, 422, 'more than 100 ranges: 422');
is(one("SELECT CONCAT('[', ip_allow, ']') FROM organisations WHERE id = 1"), '[]', 'nothing was stored');
is($admin->post('/admin/settings', [ @base, ip_allow => "127.0.0.5/8, 2001:db8::1/32\r\n192.0.2.0/24" ])->{status}, 303, 'a list with the own address');
is(one("SELECT REPLACE(ip_allow, '\\n', ' ') FROM organisations WHERE id = 1"), '127.0.0.0/8 2001:db8::/32 192.0.2.0/24', '... stored normalised, a range a line');
like(decode_utf8(one("SELECT detail FROM oplog WHERE action = 'org.settings' ORDER BY id DESC LIMIT 1")), qr{ip_allow:  → 127\.0\.0\.0/8}, '... logged old → new');
is($admin->get('/admin/users')->{status}, 200, 'the admin keeps working');

# As if the admin had set it from the office network: this address is out.
$s->sql("UPDATE organisations SET ip_allow = '192.0.2.0/24\n2001:db8::/32' WHERE id = 1");
is($admin->get('/admin/users')->{status}, 302, "outside the list a session is not used");
my $l = $s->client;
$r = $l->signin('legal@minato.example');
is($r->{status}, 403, 'signing in from outside: 403');
like(page($r), qr/このネットワークからのサインインは許可されていません/, '... says why');
like(page($r), qr{<code>127\.0\.0\.1</code>}, '... and shows the address');
ok(!defined $l->cookie('kk_sid'), '... no session');
is(one("SELECT COUNT(*) FROM login_attempts WHERE email = 'legal\@minato.example' AND reason = 'ip_refused' AND ip = '127.0.0.1'"), 1, 'the attempt is recorded');
is($s->client->signin('legal@minato.example', 'wrong-password-9')->{status}, 422, 'a wrong password is told as before (the list is no oracle)');
is($s->client->signin('admin@hokuto.example')->{status}, 303, 'another organisation is not affected');
is($s->client->signin('operator@keiyaku.example')->{status}, 303, 'nor the operator');
$s->sql("UPDATE organisations SET ip_allow = '::ffff:127.0.0.0/104' WHERE id = 1");
is($s->client->signin('legal@minato.example')->{status}, 303, 'an IPv4-mapped range covers the IPv4 address');

$s->stop;
done_testing;
