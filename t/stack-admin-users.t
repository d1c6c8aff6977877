# The admin panel's users (issue 5): an admin disables a user, whose
# session stops working at once and who cannot sign in until enabled
# again; changes a user's department and role; cannot disable
# themselves or drop their own admin role; cannot reach another
# organisation's users; every change in the operation log with the
# old and new values.
use strict;
use warnings;
use utf8;
use Test::More;
use Encode qw(decode_utf8);
use Stack;
use MailBox;

my $s = Stack->start(conf => join("\n", 'job_daily = 0', 'job_poll_ms = 200'));
my $dir = $s->dir;
sub wait_for { my ($c, $secs) = @_; my $t = time + $secs; while (time < $t) { return 1 if $c->(); select(undef, undef, undef, 0.1) } $c->() }
sub link_to {
	my ($to, $re) = @_;
	my $m;
	wait_for(sub { ($m) = grep { $_->{to} eq $to && $_->{subject} =~ $re } MailBox::messages($dir); $m }, 30);
	my ($l) = ($m->{text} // '') =~ m{https?://[^/\s]+(/invite/[0-9a-f]{64})};
	return $l;
}
sub page { decode_utf8($_[0]{content} // '') }
sub one { ($s->sql($_[0]))[0][0] }

my $admin = $s->client;
$admin->signin('admin@minato.example');
my $member = $s->client;
$member->signin('member@minato.example');
is($member->get('/contracts')->{status}, 200, 'the member is working');

my $r = $admin->get('/admin/users/3');
like(page($r), qr/利用を停止する/, "the admin's user page offers to disable");
is($admin->post('/admin/users/3', [ do => 'disable' ])->{status}, 303, 'the admin disables the member');
is($member->get('/contracts')->{status}, 302, "the member's session stops at once: to sign-in");
is($s->client->signin('member@minato.example')->{status}, 422, '... and they cannot sign in');
like(decode_utf8(one("SELECT detail FROM oplog WHERE action = 'user.disable'")), qr/鈴木 一郎: enabled → disabled/, 'the operation log says who, old and new');
$admin->get('/admin/users/3');
is($admin->post('/admin/users/3', [ do => 'enable' ])->{status}, 303, 'enabled again');
is($s->client->signin('member@minato.example')->{status}, 303, '... they sign in');

$admin->get('/admin/users/3');
is($admin->post('/admin/users/3', [ do => 'save', department_id => 1, role_id => 2 ])->{status}, 303, 'department and role changed');
is(one('SELECT department_id FROM users WHERE id = 3'), 1, '... the department');
is(one('SELECT GROUP_CONCAT(role_id) FROM user_roles WHERE user_id = 3'), '2', '... the role');
like(decode_utf8(one("SELECT detail FROM oplog WHERE action = 'user.update'")), qr/department 営業部 → 1, role member → 2/, '... logged old and new');
my $again = $s->client;
$again->signin('member@minato.example');
is($again->get('/admin/routes')->{status}, 403, '... and the new role applies');

is($admin->post('/admin/users/3', [ do => 'save', department_id => 4, role_id => 2 ])->{status}, 422, "another organisation's department: 422");
is($admin->post('/admin/users/3', [ do => 'save', department_id => 1, role_id => 5 ])->{status}, 422, "the operator's role: 422");
is($admin->post('/admin/users/1', [ do => 'disable' ])->{status}, 409, 'the admin cannot disable themselves');
is($admin->post('/admin/users/1', [ do => 'save', department_id => 1, role_id => 3 ])->{status}, 409, '... nor drop their own admin role');
is($admin->post('/admin/users/6', [ do => 'disable' ])->{status}, 404, "another organisation's user: 404");
is(one('SELECT disabled FROM users WHERE id = 6'), 0, '... untouched');
is($admin->post('/admin/users/3', [ do => 'explode' ])->{status}, 400, 'an unknown action: 400');
my $legal = $s->client;
$legal->signin('legal@minato.example');
$legal->get('/profile');
is($legal->post('/admin/users/3', [ do => 'disable' ])->{status}, 403, 'legal may not: 403');

# Invited by mail: the new user sets a password and signs in.
$admin->get('/admin/users');
is($admin->post('/admin/users', [ name => '新人 太郎', email => 'member@minato.example', role_id => 3 ])->{status}, 422, 'an address in use: 422');
is($admin->post('/admin/users', [ name => '新人 太郎', email => 'new@minato.example', role_id => 5 ])->{status}, 422, "the operator's role: 422");
is($admin->post('/admin/users', [ name => '新人 太郎', email => 'new@minato.example', role_id => 3, department_id => 4 ])->{status}, 422, "another organisation's department: 422");
$r = $admin->post('/admin/users', [ name => '新人 太郎', email => 'New@Minato.example', role_id => 3, department_id => 2 ]);
is($r->{status}, 303, 'a user invited');
my $nid = one("SELECT id FROM users WHERE email = 'new\@minato.example'");
ok($nid, '... the account, its address in lower case');
is($s->client->signin('new@minato.example', 'x')->{status}, 422, '... which cannot sign in yet');
my $link = link_to('new@minato.example', qr/招待/);
ok($link, 'the invitation mail carries a link');
my $tok = substr($link, 8);
is(one("SELECT COUNT(*) FROM user_tokens WHERE token_hash = SHA2('$tok', 256)"), 1, '... stored hashed');
my $n = $s->client;
$r = $n->get($link);
is($r->{status}, 200, 'the link: a form to set the password');
like(page($r), qr/新人 太郎 &lt;new\@minato\.example&gt;/, '... for that user');
$r = $n->post($link, [ new_password => 'short', confirm_password => 'short' ]);
is($r->{status}, 422, 'a short password: 422');
like(page($r), qr/12/, '... saying how long it must be');
is($n->post($link, [ new_password => 'correct horse battery' ])->{status}, 422, 'no confirmation: 422');
is($n->post($link, [ new_password => 'new@minato.example', confirm_password => 'new@minato.example' ])->{status}, 422, 'the address as password: 422');
is($n->post($link, [ new_password => 'correct horse battery', confirm_password => 'correct horse batterx' ])->{status}, 422, 'not the same twice: 422');
$r = $n->post($link, [ new_password => 'correct horse battery', confirm_password => 'correct horse battery' ]);
is($r->{status}, 303, 'a good password: set') or diag page($r);
is($s->client->signin('new@minato.example', 'correct horse battery')->{status}, 303, 'the invited user signs in');
is($n->get($link)->{status}, 410, 'the link a second time: 410');
(my $bad = $link) =~ s/.$/$& eq '0' ? '1' : '0'/e;
is($s->client->get($bad)->{status}, 403, 'an altered link: 403');
like(one("SELECT GROUP_CONCAT(action) FROM oplog WHERE action LIKE 'user.%'"), qr/user\.invite.*user\.password_set/, 'both in the operation log');

# A reset link from the admin; the old sessions end.
my $old = $s->client;
$old->signin('new@minato.example', 'correct horse battery');
$admin->get("/admin/users/$nid");
is($admin->post("/admin/users/$nid", [ do => 'reset' ])->{status}, 303, 'the admin sends a reset link');
my $reset = link_to('new@minato.example', qr/再設定/);
ok($reset, '... by mail');
$n = $s->client;
$n->get($reset);
is($n->post($reset, [ new_password => 'another long secret', confirm_password => 'another long secret' ])->{status}, 303, 'a new password from it');
is($old->get('/contracts')->{status}, 302, '... and the earlier session is over');
is($s->client->signin('new@minato.example', 'another long secret')->{status}, 303, '... the new password works');
is($s->client->signin('new@minato.example', 'correct horse battery')->{status}, 422, '... the old one not');
$admin->get("/admin/users/$nid");
$admin->post("/admin/users/$nid", [ do => 'reset' ]);
my $r2 = link_to('new@minato.example', qr/再設定/);
$s->sql("UPDATE user_tokens SET expires_at = NOW(6) - INTERVAL 1 SECOND WHERE used_at IS NULL");
is($s->client->get($r2)->{status}, 410, 'an expired link: 410');
my $other = $s->client;
$other->signin('admin@hokuto.example');
$other->get('/admin/users');
is($other->post("/admin/users/$nid", [ do => 'reset' ])->{status}, 404, "another organisation's admin cannot reset the user: 404");

$s->stop;
done_testing;
