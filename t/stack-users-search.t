# The admin's user list, searched (issue 5): q finds a name or an
# e-mail address containing it, case aside, with % and _ taken
# literally; role, department and state filter, all combined; the form
# keeps what was asked; a bad filter is 400; only the admin's own
# organisation's users ever show, whatever is asked.
use strict;
use warnings;
use utf8;
use Test::More;
use Encode qw(decode_utf8);
use Stack;

my $s = Stack->start(jobs => 0);
sub page { decode_utf8($_[0]{content} // '') }
my $admin = $s->client;
# The e-mail addresses listed on a page of results, in order.
sub listed {
	my ($q, $c) = @_;
	my $res = ($c // $admin)->get("/admin/users?$q");
	die "GET /admin/users?$q: $res->{status}" unless $res->{status} == 200;
	return join ' ', page($res) =~ m{<td data-label="[^"]*">([^<@]+\@[^<]+)</td>}g;
}
sub esc { my ($v) = @_; utf8::encode($v); $v =~ s/([^A-Za-z0-9_.~-])/sprintf('%%%02X', ord $1)/ge; $v }
sub qs { my %f = @_; join '&', map { "$_=" . esc($f{$_}) } sort keys %f }

# Users with wildcards in their names and a second one in 法務部.
$s->sql("INSERT INTO users (id, organisation_id, department_id, email, name, password_hash, disabled) VALUES "
    . "(20, 1, 1, 'percent\@minato.example', '100% 太郎', '!', 0), "
    . "(21, 1, 2, 'under_score\@minato.example', 'Under Score', '!', 1), "
    . "(22, 2, 4, 'suzuki\@hokuto.example', '鈴木 次郎', '!', 0)");
$s->sql("INSERT INTO user_roles (user_id, role_id, organisation_id) VALUES (20, 3, 1), (21, 2, 1), (22, 3, 2)");

$admin->signin('admin@minato.example');

is(listed(''), 'admin@minato.example legal@minato.example member@minato.example viewer@minato.example percent@minato.example under_score@minato.example',
    'no filter: every user of the organisation');
is(listed(qs(q => '鈴木')), 'member@minato.example', "a name: the organisation's 鈴木 only, not the other organisation's");
is(listed(qs(q => 'MEMBER@')), 'member@minato.example', 'an e-mail address, in capitals');
is(listed(qs(q => 'minato.EXAMPLE')), 'admin@minato.example legal@minato.example member@minato.example viewer@minato.example percent@minato.example under_score@minato.example', '... a part of one');
is(listed(qs(q => 'under score')), 'under_score@minato.example', 'a name, case aside');
is(listed(qs(q => '%')), 'percent@minato.example', '% is a percent sign, not a wildcard');
is(listed(qs(q => '_')), 'under_score@minato.example', '_ is an underscore, not a wildcard');
is(listed(qs(q => '\\')), '', 'a backslash matches nothing here');
is(listed(qs(q => 'hokuto')), '', "another organisation's address: nothing");
is(listed(qs(q => 'operator')), '', "the operator: nothing");

is(listed(qs(role_id => 3)), 'member@minato.example percent@minato.example', 'by role: members');
is(listed(qs(department_id => 1)), 'admin@minato.example legal@minato.example percent@minato.example', 'by department: 法務部');
is(listed(qs(department_id => 4)), '', "another organisation's department: nothing");
is(listed(qs(state => 'disabled')), 'under_score@minato.example', 'by state: disabled');
is(listed(qs(state => 'active')), 'admin@minato.example legal@minato.example member@minato.example viewer@minato.example percent@minato.example', '... active');
is(listed(qs(q => 'minato', role_id => 3, department_id => 1, state => 'active')), 'percent@minato.example', 'all combined');
is(listed(qs(q => 'minato', role_id => 3, department_id => 2)), 'member@minato.example', '... another combination');
is(listed(qs(role_id => 2, state => 'active')), 'legal@minato.example', '... role and state');

my $r = $admin->get('/admin/users?' . qs(q => '鈴木', role_id => 3, department_id => 2, state => 'active'));
my $p = page($r);
like($p, qr/name="q" type="search" maxlength="200" value="鈴木"/, 'the form keeps the search');
like($p, qr/<option value="3" selected>/, '... the role');
like($p, qr/<option value="2" selected>営業部/, '... the department');
like($p, qr/<option value="active" selected>/, '... the state');
like($p, qr/該当する利用者: 1/, '... and says how many match');
like(page($admin->get('/admin/users?' . qs(q => 'nobody'))), qr/条件に合う利用者はいません/, 'none found: said so');

is($admin->get('/admin/users?' . qs(state => 'gone'))->{status}, 400, 'an unknown state: 400');
is($admin->get('/admin/users?' . qs(role_id => 'x'))->{status}, 400, 'a role that is no id: 400');
is($admin->get('/admin/users?' . qs(department_id => '-1'))->{status}, 400, 'a department that is no id: 400');
is($admin->get('/admin/users?' . qs(q => 'a' x 201))->{status}, 400, 'a search of 201 characters: 400');
like(page($admin->get('/admin/users?' . qs(state => 'gone'))), qr/絞り込みの条件が正しくありません/, '... with a plain message');

my $other = $s->client;
$other->signin('admin@hokuto.example');
is(listed(qs(q => '鈴木'), $other), 'suzuki@hokuto.example', "the other organisation's admin finds only their 鈴木");
is(listed(qs(q => 'minato'), $other), '', '... and none of the first organisation');
is(listed(qs(department_id => 1), $other), '', "... nor by the first organisation's department");

$s->stop;
done_testing;
