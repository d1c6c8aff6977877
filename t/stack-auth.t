# Sign-in, sessions, CSRF, sign-out, throttling and lockout, profile,
# language and password changes, over HTTP against the real stack.
use strict;
use warnings;
use Test::More;
use Digest::SHA qw(sha256_hex);
use Stack;

my $s = Stack->start(conf => join("\n",
    'login_slow_after = 3', 'login_lock_after = 5', 'login_lock_seconds = 120',
    'login_ip_lock_after = 16'));
my $PW = 'keiyaku-demo-2026';

sub location { $_[0]{headers}{location} // '' }

# Anonymous visitors are sent to sign-in, with where they wanted to go.
my $c = $s->client;
my $r = $c->get('/');
is($r->{status}, 302, 'anonymous GET /: 302');
like(location($r), qr{/signin\?next=/$}, '... to the sign-in page');
$r = $c->get('/admin/users');
like(location($r), qr{/signin\?next=/admin/users$}, 'next= carries the path');

# The sign-in form is protected by a pre-session CSRF token.
$r = $c->get('/signin');
like($c->cookie('kk_pre') // '', qr/^[0-9a-f]{64}$/, 'sign-in page sets a pre-session cookie');
ok($c->csrf, 'sign-in page has a CSRF token');
$r = $c->post('/signin', [ email => 'admin@minato.example', password => $PW, csrf => '' ]);
is($r->{status}, 403, 'sign-in without CSRF token: 403');
like($r->{content}, qr/フォームの有効期限/, '... with a plain message');
$r = $c->post('/signin', [ email => 'admin@minato.example', password => $PW, csrf => 'f' x 64 ]);
is($r->{status}, 403, 'sign-in with a forged CSRF token: 403');
ok(!$c->cookie('kk_sid'), '... and no session');

# Wrong password and unknown account: same answer, no session.
$r = $c->post('/signin', [ email => 'admin@minato.example', password => 'wrong-password' ]);
is($r->{status}, 422, 'wrong password: 422');
like($r->{content}, qr/メールアドレスまたはパスワードが正しくありません/, '... with the message');
my $wrong = $r->{content};
$r = $c->post('/signin', [ email => 'nobody@minato.example', password => 'wrong-password' ]);
is($r->{status}, 422, 'unknown account: 422');
s/value="[0-9a-f]{64}"//g, s/<code>.*?<\/code>//g for my @pages = ($wrong, $r->{content});
$pages[0] =~ s/admin\@minato/nobody\@minato/;
is($pages[1], $pages[0], 'unknown account and wrong password look the same');
ok(!$c->cookie('kk_sid'), 'no session after failures');
like($r->{content}, qr/value="nobody\@minato\.example"/, 'the email is kept in the form');

# Session fixation: a cookie planted before sign-in is not kept.
my $planted = 'a' x 64;
$c->set_cookie(kk_sid => $planted);
$r = $c->signin('admin@minato.example');
is($r->{status}, 303, 'good sign-in: 303');
is(location($r), '/', '... to the dashboard');
my $sid = $c->cookie('kk_sid');
like($sid // '', qr/^[0-9a-f]{64}$/, 'session cookie holds 256 bits in hex');
isnt($sid, $planted, 'a new session id at sign-in');
my ($cookie_line) = grep { /^kk_sid=[0-9a-f]/ } @{ ref $r->{headers}{'set-cookie'} ? $r->{headers}{'set-cookie'} : [ $r->{headers}{'set-cookie'} ] };
like($cookie_line, qr/HttpOnly/, 'session cookie is HttpOnly');
like($cookie_line, qr/SameSite=Lax/, 'session cookie is SameSite=Lax');
my @rows = $s->sql('SELECT id_hash FROM sessions');
ok((grep { $_->[0] eq sha256_hex($sid) } @rows), 'the database holds the hash of the id');
ok(!(grep { $_->[0] eq $sid } @rows), '... never the id itself');
$r = $c->get('/');
is($r->{status}, 200, 'dashboard after sign-in');
like($r->{content}, qr/ようこそ、山田 花子さん/, 'dashboard greets the user');
like($r->{content}, qr/株式会社みなと商事/, 'dashboard names the organisation');
$r = $c->get('/signin');
is($r->{status}, 302, 'sign-in page when signed in: 302 to /');

# next= is followed only to a local path.
my $n = $s->client;
$n->get('/signin');
$r = $n->post('/signin', [ email => 'legal@minato.example', password => $PW, next => '/profile' ]);
is(location($r), '/profile', 'next=/profile followed');
$n = $s->client;
$n->get('/signin');
$r = $n->post('/signin', [ email => 'legal@minato.example', password => $PW, next => '//evil.example/' ]);
is(location($r), '/', 'next=//evil.example ignored');

# CSRF on a signed-in form: a token of another session does not pass.
my $before = ($s->sql('SELECT name FROM users WHERE id = 1'))[0][0];
$r = $c->post('/profile', [ name => 'Mallory', lang => 'ja', csrf => $n->csrf ]);
is($r->{status}, 403, "another session's CSRF token: 403");
$r = $c->post('/profile', [ name => 'Mallory', lang => 'ja', csrf => '' ]);
is($r->{status}, 403, 'empty CSRF token: 403');
is(($s->sql('SELECT name FROM users WHERE id = 1'))[0][0], $before, 'the profile was not changed');

# Profile: name and language.
$c->get('/profile');
$r = $c->post('/profile', [ name => '', lang => 'ja' ]);
is($r->{status}, 422, 'empty name: 422');
$r = $c->post('/profile', [ name => 'Hanako Yamada <b>', lang => 'en' ]);
is($r->{status}, 303, 'profile saved: 303');
$r = $c->get(location($r));
like($r->{content}, qr/<html lang="en">/, 'the page is now in English');
like($r->{content}, qr/Your profile has been saved/, 'saved notice');
like($r->{content}, qr/Hanako Yamada &lt;b&gt;/, 'the new name, escaped');
is(($s->sql('SELECT lang FROM users WHERE id = 1'))[0][0], 'en', 'language stored for the user');

# Language switch for a visitor: a cookie, then every page follows it.
my $v = $s->client;
$v->get('/signin');
$r = $v->post('/lang', [ lang => 'en', next => '/signin' ]);
is($r->{status}, 303, 'language switch: 303');
is(location($r), '/signin', '... back to the page');
$r = $v->get('/signin');
like($r->{content}, qr/<h1>Sign in<\/h1>/, 'sign-in page in English');
$r = $v->post('/lang', [ lang => 'fr', next => '/signin' ]);
is($r->{status}, 400, 'unknown language: 400');
$r = $v->post('/lang', [ lang => 'ja', next => '/signin' ]);
like($v->get('/signin')->{content}, qr/<h1>サインイン<\/h1>/, 'back to Japanese');

# Sign-out ends the session on the server, not just the cookie.
$r = $c->post('/signout', []);
is($r->{status}, 303, 'sign-out: 303');
like(location($r), qr{^/signin}, '... to sign-in');
ok(!$c->cookie('kk_sid'), 'cookie cleared');
$c->set_cookie(kk_sid => $sid);
is($c->get('/')->{status}, 302, 'the old session id no longer works');
ok(!(grep { $_->[0] eq sha256_hex($sid) } $s->sql('SELECT id_hash FROM sessions')), 'session row deleted');

# Sign out everywhere.
my ($a1, $a2) = ($s->client, $s->client);
$a1->signin('legal@minato.example');
$a2->signin('legal@minato.example');
is($a2->get('/')->{status}, 200, 'second device signed in');
$a1->get('/profile');
$r = $a1->post('/signout/all', []);
is($r->{status}, 303, 'sign out everywhere: 303');
is($a2->get('/')->{status}, 302, 'the other device is signed out too');
is($a1->get('/')->{status}, 302, 'and this one');

# Session expiry: idle timeout and absolute lifetime (from keiyaku.conf:
# 2 h idle, 12 h in all), checked by moving the session back in time.
my $e = $s->client;
$e->signin('member@minato.example');
my $h = sha256_hex($e->cookie('kk_sid'));
$s->sql("UPDATE sessions SET last_seen = NOW(6) - INTERVAL 100 SECOND WHERE id_hash = '$h'");
is($e->get('/')->{status}, 200, 'session used after 100 s idle');
my ($age) = ($s->sql("SELECT TIMESTAMPDIFF(SECOND, last_seen, NOW(6)) FROM sessions WHERE id_hash = '$h'"))[0][0];
cmp_ok($age, '<', 5, '... and its last use was recorded');
$s->sql("UPDATE sessions SET last_seen = NOW(6) - INTERVAL 7201 SECOND WHERE id_hash = '$h'");
is($e->get('/')->{status}, 302, 'idle for more than 2 h: signed out');
$e->signin('member@minato.example');
$h = sha256_hex($e->cookie('kk_sid'));
$s->sql("UPDATE sessions SET created_at = NOW(6) - INTERVAL 43201 SECOND WHERE id_hash = '$h'");
is($e->get('/')->{status}, 302, 'older than 12 h, though active: signed out');

# A disabled account cannot sign in, and its sessions stop working.
my $d = $s->client;
$d->signin('viewer@minato.example');
is($d->get('/')->{status}, 200, 'viewer signed in');
$s->sql('UPDATE users SET disabled = 1 WHERE id = 4');
is($d->get('/')->{status}, 302, 'disabled: the session no longer works');
is($s->client->signin('viewer@minato.example')->{status}, 422, 'disabled: cannot sign in');
$s->sql('UPDATE users SET disabled = 0 WHERE id = 4');

# Password change.
my $p = $s->client;
my $p2 = $s->client;
$p->signin('member@minato.example');
$p2->signin('member@minato.example');
$p->get('/profile');
my @cases = (
	[ 'wrong current', [ current_password => 'nope', new_password => 'a-long-new-secret-1', confirm_password => 'a-long-new-secret-1' ], qr/現在のパスワードが正しくありません/ ],
	[ 'mismatch', [ current_password => $PW, new_password => 'a-long-new-secret-1', confirm_password => 'a-long-new-secret-2' ], qr/一致しません/ ],
	[ 'too short', [ current_password => $PW, new_password => 'short-pw', confirm_password => 'short-pw' ], qr/短すぎます/ ],
	[ 'common', [ current_password => $PW, new_password => 'passwordpassword', confirm_password => 'passwordpassword' ], qr/よく使われている/ ],
	[ 'the email', [ current_password => $PW, new_password => 'member@minato.example', confirm_password => 'member@minato.example' ], qr/メールアドレスをパスワードに/ ],
	[ 'missing field', [ current_password => $PW, new_password => 'a-long-new-secret-1' ], qr/すべての欄/ ],
);
my $hash0 = ($s->sql('SELECT password_hash FROM users WHERE id = 3'))[0][0];
for my $k (@cases) {
	$r = $p->post('/profile/password', $k->[1]);
	is($r->{status}, 422, "password change, $k->[0]: 422");
	like($r->{content}, $k->[2], "... says why");
}
is(($s->sql('SELECT password_hash FROM users WHERE id = 3'))[0][0], $hash0, 'password unchanged after refusals');
like($hash0, qr/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/, 'passwords are stored as Argon2id hashes');
$r = $p->post('/profile/password', [ current_password => $PW, new_password => '新しい合言葉-2026-春', confirm_password => '新しい合言葉-2026-春' ]);
is($r->{status}, 303, 'password changed: 303');
is($p->get('/')->{status}, 200, 'this device stays signed in');
is($p2->get('/')->{status}, 302, 'other sessions ended');
is($s->client->signin('member@minato.example')->{status}, 422, 'old password refused');
is($s->client->signin('member@minato.example', '新しい合言葉-2026-春')->{status}, 303, 'new password works');

# The password policy is the organisation's: a longer minimum applies.
$s->sql('UPDATE organisations SET password_min_length = 24 WHERE id = 1');
like($p->get('/profile')->{content}, qr/24文字以上/, 'the profile page states the organisation minimum');
$r = $p->post('/profile/password', [ current_password => '新しい合言葉-2026-春', new_password => 'twenty-two-characters!', confirm_password => 'twenty-two-characters!' ]);
is($r->{status}, 422, 'organisation minimum of 24 characters: a 22-character password is refused');
like($r->{content}, qr/短すぎます/, '... as too short');
$s->sql('UPDATE organisations SET password_min_length = 12 WHERE id = 1');

# The operator belongs to no organisation.
my $o = $s->client;
is($o->signin('operator@keiyaku.example')->{status}, 303, 'operator signs in');
like($o->get('/')->{content}, qr/サービス運用/, 'operator dashboard');

# Throttling, then lockout (login_slow_after = 3, login_lock_after = 5).
my $t = $s->client;
$t->get('/signin');
for my $i (1 .. 3) {
	is($t->post('/signin', [ email => 'member@hokuto.example', password => "bad-$i" ])->{status}, 422, "failure $i: 422");
}
$r = $t->post('/signin', [ email => 'member@hokuto.example', password => $PW ]);
is($r->{status}, 429, 'right after 3 failures: 429, even with the right password');
like($r->{content}, qr/秒ほど待って/, '... saying how long to wait');
sleep 1.2;
is($t->post('/signin', [ email => 'member@hokuto.example', password => 'bad-4' ])->{status}, 422, 'after the wait: tried again (failure 4)');
sleep 2.2;
is($t->post('/signin', [ email => 'member@hokuto.example', password => 'bad-5' ])->{status}, 422, 'failure 5');
$r = $t->post('/signin', [ email => 'member@hokuto.example', password => $PW ]);
is($r->{status}, 429, 'locked: the right password is refused');
like($r->{content}, qr/一時的に停止/, '... with the lock message');
my @locks = $s->sql("SELECT kind, TIMESTAMPDIFF(SECOND, NOW(6), until) FROM login_locks WHERE subject = 'member\@hokuto.example'");
is(scalar @locks, 1, 'the lock is recorded');
ok($locks[0][1] > 100 && $locks[0][1] <= 120, 'for login_lock_seconds');
my %why = map { $_->[0] => $_->[1] } $s->sql("SELECT reason, COUNT(*) FROM login_attempts WHERE email = 'member\@hokuto.example' GROUP BY reason");
is($why{bad_password}, 5, 'five failures recorded');
is($why{throttled}, 1, 'the throttled attempt recorded');
is($why{locked}, 1, 'the attempt during the lock recorded');
is($s->client->signin('admin@hokuto.example')->{status}, 303, 'other accounts are not affected');
$s->sql("UPDATE login_locks SET until = NOW(6) - INTERVAL 1 SECOND");
$s->sql("DELETE FROM login_attempts WHERE email = 'member\@hokuto.example'");
is($s->client->signin('member@hokuto.example')->{status}, 303, 'after the lock ends: sign-in works');

# Many failures from one IP lock the IP, whatever the account.
my $ip = $s->client;
$ip->get('/signin');
my $last;
for my $i (1 .. 20) {
	$last = $ip->post('/signin', [ email => "probe$i\@example.com", password => 'x' ]);
	last if $last->{status} == 429;
}
is($last->{status}, 429, 'an IP with too many failures is locked');
ok(scalar($s->sql("SELECT id FROM login_locks WHERE kind = 'ip' AND subject = '127.0.0.1'")), 'the IP lock is recorded');
is($s->client->signin('admin@minato.example')->{status}, 429, 'even a good account from that IP waits');

$s->stop;
done_testing;
