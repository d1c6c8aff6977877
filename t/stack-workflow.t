# The workflow through the running stack: approval routes made on the
# admin pages, a contract from draft through legal review and a
# two-step approval to executed and active, reject and send back,
# approvers who see the contract only while asked, two approvers
# deciding at once, comments with mentions and replies, and the bad
# requests each answered plainly with nothing changed.
use strict;
use warnings;
use utf8;
use Test::More;
use Encode qw(decode_utf8);
use Stack;

my $s = Stack->start;
sub page { decode_utf8($_[0]{content} // '') }
sub one { ($s->sql($_[0]))[0][0] }
sub status_of { one("SELECT status FROM contracts WHERE id = $_[0]") }
sub hist { one("SELECT COUNT(*) FROM contract_history WHERE contract_id = $_[0] AND field = 'status'") }

my %c;
for my $who (qw(admin legal member viewer)) {
	$c{$who} = $s->client;
	my $r = $c{$who}->signin("$who\@minato.example");
	die "sign-in $who" unless $r->{status} == 303;
}
my $other = $s->client;
$other->signin('admin@hokuto.example');

sub act {
	my ($who, $id, %f) = @_;
	my $cl = ref $who ? $who : $c{$who};
	$cl->get("/contracts/$id");
	$cl->get('/profile') unless defined $cl->csrf;
	return $cl->post("/contracts/$id/workflow", [ %f ]);
}

# --- Approval routes on the admin pages --------------------------------
my $r = $c{admin}->get('/admin/routes');
is($r->{status}, 200, 'admin: the routes page');
like(page($r), qr/標準承認ルート.*賃貸借契約ルート/s, 'lists the demo routes');
is($c{legal}->get('/admin/routes')->{status}, 403, 'legal may not define routes');
$r = $c{admin}->post('/admin/routes', [ name => '売買契約ルート', type_id => 3 ]);
is($r->{status}, 303, 'create a route');
my ($rid) = ($r->{headers}{location} // '') =~ m{^/admin/routes/(\d+)$};
ok($rid, '... to its page');
$c{admin}->get("/admin/routes/$rid");
is($c{admin}->post("/admin/routes/$rid/steps", [ approver => 'user:3', rule => 'any' ])->{status}, 303, 'add a user step');
is($c{admin}->post("/admin/routes/$rid/steps", [ approver => 'department:1', rule => 'all' ])->{status}, 303, 'add a department step');
is($c{admin}->post("/admin/routes/$rid/steps", [ approver => 'role:2', rule => 'any' ])->{status}, 303, 'add a role step');
is(one("SELECT GROUP_CONCAT(CONCAT(position, approver_kind, approver_id, rule) ORDER BY position) FROM approval_route_steps WHERE route_id = $rid"),
    '1user3any,2department1all,3role2any', 'three steps in order');
my $sid = one("SELECT id FROM approval_route_steps WHERE route_id = $rid AND position = 2");
$c{admin}->get("/admin/routes/$rid");
is($c{admin}->post("/admin/routes/$rid/steps/$sid/delete", [])->{status}, 303, 'remove the middle step');
is(one("SELECT GROUP_CONCAT(CONCAT(position, approver_kind) ORDER BY position) FROM approval_route_steps WHERE route_id = $rid"),
    '1user,2role', 'the steps after it move up');
is(decode_utf8(one("SELECT GROUP_CONCAT(detail ORDER BY id SEPARATOR ' | ') FROM oplog WHERE action LIKE 'route.%' AND organisation_id = 1")),
    "route $rid: 売買契約ルート, contract type 3 | route $rid: step 1 added: user:3, any | route $rid: step 2 added: department:1, all | "
    . "route $rid: step 3 added: role:2, any | route $rid: step 2 (department:1, all) → removed", 'each change of the route in the operation log');
like(page($c{admin}->get("/admin/routes/$rid")), qr/鈴木 一郎.*法務/s, 'the route page names the approvers');
$c{admin}->get("/admin/routes/$rid");
$r = $c{admin}->post("/admin/routes/$rid/steps", [ approver => 'user:6', rule => 'any' ]);
is($r->{status}, 422, "another organisation's user as approver: 422");
$r = $c{admin}->post("/admin/routes/$rid/steps", [ approver => 'robot:1', rule => 'any' ]);
is($r->{status}, 422, 'an unknown kind of approver: 422');
$r = $c{admin}->post('/admin/routes', [ name => '売買契約ルート' ]);
is($r->{status}, 422, 'a name used twice: 422');
like(page($r), qr/この名前のルートは既にあります/, '... says so');
$r = $c{admin}->post('/admin/routes', [ name => 'x', type_id => 5 ]);
is($r->{status}, 422, "another organisation's contract type: 422");
is(one("SELECT COUNT(*) FROM approval_route_steps WHERE route_id = $rid"), 2, 'bad steps added nothing');
is($other->get("/admin/routes/$rid")->{status}, 404, "another organisation's admin: 404 on the route");
$other->get('/admin/routes');
is($other->post("/admin/routes/$rid/steps", [ approver => 'user:5', rule => 'any' ])->{status}, 404, '... and cannot add to it');
unlike(page($other->get('/admin/routes')), qr/売買契約ルート|賃貸借契約ルート/, "... nor sees this organisation's routes");

# --- Draft to approved: contract 4 (lease, legal's department) ---------
like(page($c{legal}->get('/contracts/4')), qr/法務審査に回す/, 'the drafter sees "send for legal review"');
$r = act('legal', 4, action => 'submit');
is($r->{status}, 303, 'submit: 303');
is(status_of(4), 'review', 'status: in legal review');
is(decode_utf8(one("SELECT route_name FROM approvals WHERE contract_id = 4")), '賃貸借契約ルート', 'the route chosen by the contract type');
is(act('legal', 4, action => 'submit')->{status}, 409, 'submitting twice: 409');
is(act('member', 4, action => 'review_ok')->{status}, 404, "a member of another department cannot see it at all");
is(status_of(4), 'review', '... nothing moved');
like(page($c{member}->get('/contracts')), qr/^(?!.*東京本社オフィス賃貸借契約)/s, 'not in the member\'s ledger yet');

$r = act('legal', 4, action => 'review_ok', comment => '条項確認済み');
is($r->{status}, 303, 'legal review done: 303');
is(status_of(4), 'approval', 'status: in approval');
is(one("SELECT GROUP_CONCAT(user_id) FROM approval_assignments WHERE contract_id = 4"), '3',
    'step 1 (sales department) is assigned to its member');

# The approver now sees the contract, in the ledger and on its page.
$r = $c{member}->get('/contracts/4');
is($r->{status}, 200, 'the approver may open the contract');
like(page($r), qr/あなたの承認を待っています/, '... which says it waits for them');
like(page($c{member}->get('/contracts')), qr/東京本社オフィス賃貸借契約/, '... and lists it in the ledger');
is($c{member}->get('/contracts/4/edit')->{status}, 404, '... but may not edit it');
is(act('viewer', 4, action => 'approve')->{status}, 404, 'someone not asked cannot approve');
is(act('admin', 4, action => 'approve')->{status}, 403, 'an admin who is not on this step: 403');
is(act('member', 4, action => 'reject')->{status}, 422, 'reject without a comment: 422');
is(status_of(4), 'approval', '... nothing moved');

$r = act('member', 4, action => 'approve', comment => '営業部として異議なし');
is($r->{status}, 303, 'the member approves step 1');
is(one("SELECT GROUP_CONCAT(user_id ORDER BY user_id) FROM approval_assignments a JOIN approval_steps s ON s.id = a.step_id WHERE a.contract_id = 4 AND s.position = 2"),
    '1,2', 'step 2 (all of legal\'s department) is assigned to both');
is(act('member', 4, action => 'approve')->{status}, 409, 'deciding a finished step again: 409');

# Step 2 needs all: two approvers at once end in one consistent state.
my @kids;
for my $who (qw(admin legal)) {
	my $pid = fork // die;
	if (!$pid) {
		my $rr = act($who, 4, action => 'approve');
		exit($rr->{status} == 303 ? 0 : 1);
	}
	push @kids, $pid;
}
my $ok = 0;
for (@kids) { waitpid($_, 0); $ok++ if $? == 0 }
is($ok, 2, 'both approvers of the "all" step succeed at once');
is(status_of(4), 'approved', 'the contract is approved');
is(one("SELECT COUNT(*) FROM contract_history WHERE contract_id = 4 AND field = 'status' AND new_value = 'approved'"), 1,
    'exactly one history row for approved');
is(one("SELECT CONCAT(state, position) FROM approvals WHERE contract_id = 4"), 'approved2', 'the approval is finished at step 2');
is(one("SELECT COUNT(*) FROM approval_assignments WHERE contract_id = 4 AND decision = 'approve'"), 3, 'three decisions recorded');

is(act('legal', 4, action => 'executed')->{status}, 303, 'mark executed');
is(act('legal', 4, action => 'activate')->{status}, 303, 'mark active');
is(status_of(4), 'active', 'status: active');
is(act('legal', 4, action => 'activate')->{status}, 409, 'a move that does not start from here: 409');
is(act('member', 4, action => 'terminate')->{status}, 404, 'the former approver cannot edit the status');
like(page($c{legal}->get('/contracts/4')), qr/営業部として異議なし/, 'decisions with comments on the page');
is(one("SELECT COUNT(*) FROM oplog WHERE contract_id = 4 AND action IN ('status.change', 'approval.decision')"), 8,
    'every move and decision is in the operation log');

# --- Reject, send back, and racing an "any" step -------------------------
$c{legal}->get('/contracts/new');
$r = $c{legal}->post('/contracts/new', [ title => '差戻し試験', type_id => 1, department_id => 1, owner_id => 2, currency => 'JPY' ]);
my ($id) = ($r->{headers}{location} // '') =~ m{(\d+)$};
ok($id, 'a new draft');
is(act('legal', $id, action => 'submit')->{status}, 422, 'no route for the type and none chosen: 422');
like(page(act('legal', $id, action => 'submit')), qr/承認ルートがありません/, '... says so');
is(act('legal', $id, action => 'submit', route_id => 3)->{status}, 422, "another organisation's route: 422");
is(act('legal', $id, action => 'submit', route_id => 1)->{status}, 303, 'submit with a route chosen by hand');
is(act('legal', $id, action => 'review_back')->{status}, 422, 'returning without a comment: 422');
is(act('legal', $id, action => 'review_back', comment => '金額を記入してください')->{status}, 303, 'legal returns it');
is(status_of($id), 'draft', 'back to draft');
act('legal', $id, action => 'submit', route_id => 1);
act('legal', $id, action => 'review_ok');
is(one("SELECT GROUP_CONCAT(user_id) FROM approval_assignments a JOIN approvals p ON p.id = (SELECT MAX(id) FROM approvals WHERE contract_id = $id) JOIN approval_steps s ON s.id = a.step_id AND s.approval_id = p.id"),
    '2', 'step 1 (the legal role) is assigned to legal');
is(act('legal', $id, action => 'send_back', comment => '再審査')->{status}, 303, 'sent back to legal review');
is(status_of($id), 'review', 'in review again');
is(one("SELECT GROUP_CONCAT(state ORDER BY id) FROM approvals WHERE contract_id = $id"), 'withdrawn,withdrawn,review',
    'a fresh approval; the old ones kept');
act('legal', $id, action => 'review_ok');
is(act('legal', $id, action => 'reject', comment => '条件不一致')->{status}, 303, 'rejected');
is(status_of($id), 'draft', 'rejected: back to draft');
is(one("SELECT state FROM approvals WHERE contract_id = $id ORDER BY id DESC LIMIT 1"), 'rejected', 'the approval is rejected');

# Approve and reject at once on an "any" step: one wins, the other is told.
act('legal', $id, action => 'submit', route_id => 1);
act('legal', $id, action => 'review_ok');
my $h0 = hist($id);
my @st;
pipe(my $rd, my $wr) or die;
for my $a (qw(approve reject)) {
	my $pid = fork // die;
	if (!$pid) {
		close $rd;
		my $cl = $s->client;
		$cl->signin('legal@minato.example');
		$cl->get("/contracts/$id");
		my $rr = $cl->post("/contracts/$id/workflow", [ action => $a, comment => 'race' ]);
		print $wr "$a $rr->{status}\n";
		exit 0;
	}
	push @kids, $pid;
}
close $wr;
my %got = map { split ' ' } <$rd>;
waitpid($_, 0) for @kids;
is(join(',', sort values %got), '303,409', 'one decision wins, the other gets 409');
my $win = $got{approve} == 303 ? 'approve' : 'reject';
is(status_of($id), $win eq 'approve' ? 'approval' : 'draft', "the state is the winner's ($win)");
is(hist($id) - $h0, $win eq 'approve' ? 0 : 1, '... with the history to match');
is(one("SELECT COUNT(*) FROM approval_assignments a JOIN approval_steps s ON s.id = a.step_id WHERE s.approval_id = (SELECT MAX(id) FROM approvals WHERE contract_id = $id) AND a.decision IS NOT NULL AND s.position = 1"),
    1, 'one decision recorded on the step');

# Cancelling a contract in approval ends the approval: it leaves the
# approver's dashboard.  (After the race it waits for the admin at step
# 2, or, rejected, it goes through review again and waits for legal.)
my $did = $id;
if ($win ne 'approve') {
	act('legal', $did, action => 'submit', route_id => 1);
	act('legal', $did, action => 'review_ok');
}
my $next = $win eq 'approve' ? 'admin' : 'legal';
is(status_of($did), 'approval', 'the contract is in approval');
like(page($c{$next}->get('/')), qr/差戻し試験/, "it is on the approver's dashboard");
is(act('legal', $did, action => 'cancel', comment => '取りやめ')->{status}, 303, 'cancel');
is(status_of($did), 'cancelled', 'cancelled');
is(one("SELECT state FROM approvals WHERE contract_id = $did ORDER BY id DESC LIMIT 1"), 'withdrawn', 'the approval is withdrawn');
unlike(page($c{$next}->get('/')), qr/差戻し試験/, "and it is gone from the approver's dashboard");

# --- Bad requests ------------------------------------------------------------
is(act('legal', 4, action => 'explode')->{status}, 400, 'an unknown action: 400');
$c{legal}->get('/contracts/4');
is($c{legal}->post('/contracts/4/workflow', [ action => 'terminate', csrf => 'a' x 64 ])->{status}, 403, 'a forged CSRF token: 403');
is(status_of(4), 'active', '... nothing moved');
is(act($other, 4, action => 'terminate')->{status}, 404, "another organisation's contract: 404");
is(act('viewer', 3, action => 'terminate')->{status}, 403, 'a viewer cannot move a contract they see: 403');
is(act('legal', 999999, action => 'cancel')->{status}, 404, 'no such contract: 404');

# --- Comments ----------------------------------------------------------------
$c{legal}->get('/contracts/1');
$r = $c{legal}->post('/contracts/1/comments', [ body => '第3条の<b>解約条項</b>を確認してください', mention => 1 ]);
is($r->{status}, 303, 'comment with a mention');
my $cid = one("SELECT MAX(id) FROM contract_comments");
is(one("SELECT GROUP_CONCAT(user_id) FROM comment_mentions WHERE comment_id = $cid"), '1', 'the mention is stored');
like(page($c{admin}->get('/notifications')), qr/基幹システム保守業務委託契約.*通知先に指定されました/s,
    'the person mentioned finds it in the notifications');
is(one("SELECT COUNT(*) FROM notifications WHERE kind = 'mention' AND user_id = 1"), 1, '... once');
$c{legal}->get('/contracts/1');
$r = $c{legal}->post('/contracts/1/comments', [ body => '見ました', parent_id => $cid ]);
is($r->{status}, 303, 'a reply');
$c{legal}->get('/contracts/1');
$r = $c{legal}->post('/contracts/1/comments', [ body => 'x', mention => 3 ]);
is($r->{status}, 422, 'mentioning someone who cannot see the contract: 422');
like(page($r), qr/この契約を見られない人にはメンションできません/, '... says so');
$c{legal}->get('/contracts/1');
is($c{legal}->post('/contracts/1/comments', [ body => 'x', mention => 6 ])->{status}, 422, "mentioning another organisation's user: 422");
$c{legal}->get('/contracts/1');
is($c{legal}->post('/contracts/1/comments', [ body => 'x', parent_id => 999999 ])->{status}, 422, 'replying to no comment: 422');
$c{legal}->get('/contracts/1');
is($c{legal}->post('/contracts/1/comments', [ body => '' ])->{status}, 422, 'an empty comment: 422');
is(one("SELECT COUNT(*) FROM contract_comments WHERE contract_id = 1"), 2, 'the refused comments left nothing');
my $p = page($c{legal}->get('/contracts/1'));
like($p, qr/&lt;b&gt;解約条項&lt;\/b&gt;/, 'the comment is escaped');
like($p, qr/class="comment depth-1"[^>]*>.*見ました/s, 'the reply is shown under its comment');
like($p, qr/通知先: 山田 花子/, 'the mention is shown');
$c{viewer}->get('/contracts/3');
is($c{viewer}->post('/contracts/3/comments', [ body => 'x' ])->{status}, 403, 'a viewer cannot comment');
$other->get('/contracts/5');
is($other->post('/contracts/1/comments', [ body => 'x' ])->{status}, 404, "another organisation: 404");
$c{member}->get('/contracts/2');
is($c{member}->post('/contracts/1/comments', [ body => 'x' ])->{status}, 404, "a member of another department: 404");

$s->stop;
done_testing;
