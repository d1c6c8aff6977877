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

my $s = Stack->start(jobs => 0);
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

$s->stop;
done_testing;
