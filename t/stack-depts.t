# Departments, nested (issue 5): an admin adds one under another,
# renames and moves it; a parent that would make a cycle, or another
# organisation's, is refused; names are unique in an organisation;
# each change in the operation log.
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
my $r = $admin->get('/admin/departments');
is($r->{status}, 200, 'the departments');
like(page($r), qr/法務部.*営業部.*経理部/s, '... of the organisation');
unlike(page($r), qr/管理部/, "... and none of another's");
is($admin->post('/admin/departments', [ name => '契約審査課', department_id => 1 ])->{status}, 303, 'a department under 法務部');
my $sub = one("SELECT id FROM departments WHERE name = '契約審査課'");
is(one("SELECT parent_id FROM departments WHERE id = $sub"), 1, '... its parent');
like(page($admin->get('/admin/departments')), qr/法務部.*› 契約審査課/s, '... shown under it');
$admin->get('/admin/departments');
is($admin->post('/admin/departments', [ name => '第二係', department_id => $sub ])->{status}, 303, 'one more level');
my $sub2 = one("SELECT id FROM departments WHERE name = '第二係'");
is($admin->post('/admin/departments/1', [ name => '法務部', department_id => $sub2 ])->{status}, 422, 'moving 法務部 under its own grandchild: 422 (a cycle)');
is($admin->post('/admin/departments/1', [ name => '法務部', department_id => 1 ])->{status}, 422, '... under itself: 422');
is($admin->post('/admin/departments', [ name => '外部', department_id => 4 ])->{status}, 422, "under another organisation's department: 422");
is($admin->post('/admin/departments', [ name => '営業部' ])->{status}, 422, 'a name taken: 422');
is($admin->post('/admin/departments', [ name => '' ])->{status}, 422, 'no name: 422');
is($admin->post("/admin/departments/$sub", [ name => '審査課', department_id => 2 ])->{status}, 303, 'renamed and moved under 営業部');
is(decode_utf8(one("SELECT CONCAT(name, ' ', parent_id) FROM departments WHERE id = $sub")), '審査課 2', '... stored');
like(decode_utf8(one("SELECT detail FROM oplog WHERE action = 'dept.update'")), qr/契約審査課 → 審査課, parent 1 → 2/, '... logged old → new');
is($admin->post('/admin/departments/4', [ name => 'x' ])->{status}, 404, "another organisation's department: 404");
my $legal = $s->client;
$legal->signin('legal@minato.example');
is($legal->get('/admin/departments')->{status}, 403, 'legal: 403');

$s->stop;
done_testing;
