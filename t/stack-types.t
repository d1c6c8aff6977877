# Contract types (issue 5): an admin lists the organisation's types
# with the contracts of each, adds one, renames it and changes its
# order, and deletes one that nothing uses; a name taken, empty or too
# long is refused (422) with nothing saved, a type in use is kept
# (409, saying how many use it); another organisation's type is 404;
# a forged form 403; each change in the operation log, old → new.
use strict;
use warnings;
use utf8;
use Test::More;
use Encode qw(decode_utf8);
use Stack;

my $s = Stack->start(jobs => 0);
sub page { decode_utf8($_[0]{content} // '') }
sub one { ($s->sql($_[0]))[0][0] }
sub count_types { one("SELECT COUNT(*) FROM contract_types WHERE organisation_id = 1") }

my $admin = $s->client;
$admin->signin('admin@minato.example');
my $r = $admin->get('/admin/types');
is($r->{status}, 200, 'the contract types');
like(page($r), qr/業務委託契約.*秘密保持契約 \(NDA\).*売買契約.*賃貸借契約/s, '... of the organisation, in their order');
unlike(page($r), qr/請負契約/, "... and none of another's");
like(page($r), qr{<td data-label="契約" class="num">1</td>}, '... each with its number of contracts');
like(page($r), qr{href="/admin/types" aria-current="page"}, 'in the admin navigation');

# Adding one.
my $n = count_types();
is($admin->post('/admin/types', [ name => '  業務提携契約 ', sort => 50 ])->{status}, 303, 'a new type');
my $id = one("SELECT id FROM contract_types WHERE name = '業務提携契約'");
ok($id, '... stored, the spaces around its name dropped');
is(one("SELECT CONCAT(organisation_id, ' ', sort) FROM contract_types WHERE id = $id"), '1 50', '... in the organisation, with its order');
like(decode_utf8(one("SELECT detail FROM oplog WHERE action = 'contract_type.create'")), qr/contract type $id: 業務提携契約, sort 50/, '... logged');
like(page($admin->get('/admin/types')), qr/賃貸借契約.*業務提携契約/s, '... listed after the type of order 40');

# Refused: nothing saved.
$n = count_types();
$admin->get('/admin/types');
$r = $admin->post('/admin/types', [ name => '売買契約', sort => 1 ]);
is($r->{status}, 422, 'a name taken: 422');
like(page($r), qr/その名前の種類はすでにあります/, '... with a plain message');
is($admin->post('/admin/types', [ name => 'Lease' ])->{status}, 303, 'a type named in English');
$n = count_types();
is($admin->post('/admin/types', [ name => 'LEASE' ])->{status}, 422, '... the same name in capitals is taken too');
is($admin->post('/admin/types', [ name => '' ])->{status}, 422, 'no name: 422');
is($admin->post('/admin/types', [ name => '   ' ])->{status}, 422, 'only spaces: 422');
is($admin->post('/admin/types', [ name => 'あ' x 101 ])->{status}, 422, '101 characters: 422');
$r = $admin->post('/admin/types', [ name => '新しい種類', sort => 'abc' ]);
is($r->{status}, 422, 'an order that is no number: 422');
like(page($r), qr/value="新しい種類"/, '... the form keeps the name sent');
is($admin->post('/admin/types', [ name => 'x', sort => 10000 ])->{status}, 422, 'an order past 9999: 422');
is(count_types(), $n, 'nothing saved by any of them');
is($admin->post('/admin/types', [ name => 'あ' x 100 ])->{status}, 303, '100 characters: taken');
is(count_types(), $n + 1, '... stored');
my $long = one("SELECT MAX(id) FROM contract_types WHERE organisation_id = 1");

# Renaming and reordering.
is($admin->post("/admin/types/$id", [ name => '業務提携に関する契約', sort => 5 ])->{status}, 303, 'renamed and moved first');
is(decode_utf8(one("SELECT CONCAT(name, ' ', sort) FROM contract_types WHERE id = $id")), '業務提携に関する契約 5', '... stored');
like(decode_utf8(one("SELECT detail FROM oplog WHERE action = 'contract_type.update' ORDER BY id DESC LIMIT 1")),
    qr/contract type $id: 業務提携契約 → 業務提携に関する契約, sort 50 → 5/, '... logged old → new');
like(page($admin->get('/admin/types')), qr/業務提携に関する契約.*業務委託契約/s, '... listed first');
is($admin->post("/admin/types/$id", [ name => '業務提携に関する契約', sort => 7 ])->{status}, 303, 'its own name again, another order: fine');
is($admin->post("/admin/types/$id", [ name => '売買契約', sort => 7 ])->{status}, 422, "another type's name: 422");
is($admin->post("/admin/types/$id", [ name => '' ])->{status}, 422, 'an empty name: 422');
is(decode_utf8(one("SELECT CONCAT(name, ' ', sort) FROM contract_types WHERE id = $id")), '業務提携に関する契約 7', '... unchanged');

# The contract form offers it.
like(page($admin->get('/contracts/new')), qr/業務提携に関する契約/, 'the contract form offers the new type');

# Deleting.
$r = $admin->post('/admin/types/1/delete', []);
is($r->{status}, 409, 'a type a contract uses: 409');
like(page($r), qr/契約 1 件と承認ルート 0 件で使われている/, '... saying how many use it');
ok(one('SELECT COUNT(*) FROM contract_types WHERE id = 1'), '... kept');
$s->sql("UPDATE approval_routes SET type_id = $long WHERE id = 1");
$r = $admin->post("/admin/types/$long/delete", []);
is($r->{status}, 409, 'a type an approval route uses: 409');
like(page($r), qr/契約 0 件と承認ルート 1 件/, '... saying so');
$s->sql("UPDATE approval_routes SET type_id = NULL WHERE id = 1");
is($admin->post("/admin/types/$long/delete", [])->{status}, 303, 'unused: deleted');
is(one("SELECT COUNT(*) FROM contract_types WHERE id = $long"), 0, '... gone');
like(decode_utf8(one("SELECT detail FROM oplog WHERE action = 'contract_type.delete'")), qr/contract type $long: あ{100}, sort 0 → deleted/, '... logged');
is($admin->post("/admin/types/$long/delete", [])->{status}, 404, 'deleted again: 404');

# Another organisation's type, a forged form, another role.
is($admin->post('/admin/types/5', [ name => 'x' ])->{status}, 404, "another organisation's type: 404");
is($admin->post('/admin/types/5/delete', [])->{status}, 404, '... not deleted either: 404');
is(decode_utf8(one('SELECT name FROM contract_types WHERE id = 5')), '請負契約', '... untouched');
is($admin->post('/admin/types', [ name => '偽造', csrf => '0' x 64 ])->{status}, 403, 'a forged form: 403');
is($admin->post("/admin/types/$id/delete", [ csrf => '0' x 64 ])->{status}, 403, '... a forged delete: 403');
is(one("SELECT COUNT(*) FROM contract_types WHERE name = '偽造'") + 0, 0, '... nothing saved');
ok(one("SELECT COUNT(*) FROM contract_types WHERE id = $id"), '... nothing deleted');
my $other = $s->client;
$other->signin('admin@hokuto.example');
unlike(page($other->get('/admin/types')), qr/業務提携に関する契約/, "the other organisation's admin sees only theirs");
is($other->post('/admin/types', [ name => '業務提携に関する契約' ])->{status}, 303, '... and may use a name the first one has');
my $legal = $s->client;
$legal->signin('legal@minato.example');
is($legal->get('/admin/types')->{status}, 403, 'legal: 403');
is($legal->post('/admin/types', [ name => 'y' ])->{status}, 403, '... cannot add one');
is(one("SELECT COUNT(*) FROM oplog WHERE action LIKE 'contract_type.%' AND organisation_id = 1"), 6, 'six changes, six entries in the first organisation');

$s->stop;
done_testing;
