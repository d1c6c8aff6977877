# The contract ledger through the running stack: create, view, edit
# with history, numbering, visibility by role and department, search,
# and bad input that changes nothing.
use strict;
use warnings;
use utf8;
use Test::More;
use Encode qw(decode_utf8);
use Stack;

my $s = Stack->start;
sub page { decode_utf8($_[0]{content} // '') }
sub count { ($s->sql("SELECT COUNT(*) FROM contracts WHERE organisation_id = 1"))[0][0] }

my $legal = $s->client;
$legal->signin('legal@minato.example');

# The ledger: the organisation's contracts, none of the other's.
my $r = $legal->get('/contracts');
is($r->{status}, 200, 'ledger page');
my $p = page($r);
like($p, qr/基幹システム保守業務委託契約/, 'lists a contract of the organisation');
like($p, qr/件数: 4/, 'legal sees all 4 contracts of the organisation');
unlike($p, qr/設備据付工事請負契約/, "not the other organisation's contract");
like($p, qr/2026-12-31/, 'notice deadline computed: 90 days before 2027-03-31');

# Create, with an automatic number.
$legal->get('/contracts/new');
my @form = (title => '<b>新規</b> 業務委託契約', number => '', type_id => 1,
    counterparty => '株式会社テスト & Co.', counterparty_dept => '法務部', counterparty_contact => '山本',
    department_id => 1, owner_id => 2, amount => '1,200,000', currency => 'JPY',
    contract_date => '2026-11-20', effective_date => '2026-12-01', expiry_date => '2027-11-30',
    auto_renew => 1, renewal_months => 12, notice_days => 60, notes => "一行目\n二行目", status => 'draft');
my $n0 = count();
$r = $legal->post('/contracts/new', \@form);
is($r->{status}, 303, 'create: 303');
my ($id) = ($r->{headers}{location} // '') =~ m{^/contracts/(\d+)$};
ok($id, 'create: to the new contract');
my @row = @{ ($s->sql("SELECT number, amount, currency, auto_renew, notice_days, status, title FROM contracts WHERE id = $id"))[0] };
is($row[0], 'C-000005', 'the next number of the organisation');
is($row[1], '1200000', 'amount stored as an exact integer');
is($row[5], 'draft', 'status draft');
is(decode_utf8($row[6]), '<b>新規</b> 業務委託契約', 'title stored as entered');
$p = page($legal->get("/contracts/$id"));
like($p, qr/&lt;b&gt;新規&lt;\/b&gt; 業務委託契約/, 'the title is escaped on the page');
like($p, qr/1,200,000 JPY/, 'amount shown with separators');
like($p, qr/<strong>2027-10-01<\/strong>/, 'notice deadline: 60 days before 2027-11-30');
like($p, qr/一行目\n二行目/, 'notes keep their lines');
like($p, qr/株式会社テスト &amp; Co\./, 'counterparty escaped');

# Edit: each changed field leaves history with the reason.
$legal->get("/contracts/$id/edit");
my %f = @form;
$f{number} = 'C-000005';
$f{amount} = '1,500,000';
$f{counterparty} = '株式会社テスト2';
delete $f{status};
$r = $legal->post("/contracts/$id/edit", [ %f, reason => '覚書により増額' ]);
is($r->{status}, 303, 'edit: 303');
my @h = $s->sql("SELECT field, old_value, new_value, reason, user_id FROM contract_history WHERE contract_id = $id ORDER BY id");
is(scalar @h, 3, 'history: created + 2 changed fields');
is_deeply([ map { $_->[0] } @h ], [ 'created', 'counterparty', 'amount' ], 'history names the changed fields');
is_deeply([ @{ $h[2] }[1, 2] ], [ '1200000', '1500000' ], 'old and new amount kept');
is(decode_utf8($h[2][3]), '覚書により増額', 'the reason is kept');
is($h[2][4], 2, 'and who changed it');
$p = page($legal->get("/contracts/$id"));
like($p, qr/変更履歴.*覚書により増額/s, 'the history shows on the contract page');
$r = $legal->post("/contracts/$id/edit", [ %f, reason => '' ]);
is($r->{status}, 303, 'saving without changes: 303');
is(scalar(my @h2 = $s->sql("SELECT id FROM contract_history WHERE contract_id = $id")), 3, '... adds no history');

# Bad input: 422, the message, nothing written.
my $n1 = count();
my %bad = (
	'an impossible date' => [ contract_date => '2026-02-30' ],
	'a negative amount' => [ amount => '-5' ],
	'a decimal amount' => [ amount => '1.5' ],
	'a 16-digit amount' => [ amount => '1234567890123456' ],
	'expiry before effective' => [ effective_date => '2027-01-01', expiry_date => '2026-01-01' ],
	'a renewal of 0 months' => [ renewal_months => '0' ],
	"another organisation's type" => [ type_id => 5 ],
	"another organisation's department" => [ department_id => 4 ],
	"another organisation's user as owner" => [ owner_id => 5 ],
	'an empty title' => [ title => '' ],
	'a 301-character title' => [ title => 'あ' x 301 ],
	'a control character' => [ counterparty => "a\x07b" ],
	'an unknown currency' => [ currency => 'XXX' ],
	'a status the workflow sets' => [ status => 'approved' ],
	'a number in use' => [ number => 'C-000001' ],
);
for my $k (sort keys %bad) {
	my %g = (@form, @{ $bad{$k} });
	$r = $legal->post('/contracts/new', [ %g ]);
	is($r->{status}, 422, "create with $k: 422");
	like(page($r), qr/class="msg msg-error"/, "... with a message");
}
like(page($legal->post('/contracts/new', [ %{ { @form, number => 'C-000001' } } ])), qr/既に使われています/, 'the number message says so');
is(count(), $n1, 'nothing was written by the refused forms');
$r = $legal->post("/contracts/$id/edit", [ %{ { %f, amount => 'abc' } } ]);
is($r->{status}, 422, 'edit with a bad amount: 422');
is(($s->sql("SELECT amount FROM contracts WHERE id = $id"))[0][0], '1500000', '... the contract is unchanged');

# A member sees the department's contracts and the own ones only.
my $m = $s->client;
$m->signin('member@minato.example');
$p = page($m->get('/contracts'));
like($p, qr/販売代理店契約/, "member: the sales department's contract");
unlike($p, qr/基幹システム保守|秘密保持契約|賃貸借/, 'member: not the other departments\' contracts');
is($m->get('/contracts/1')->{status}, 404, "member: another department's contract is not found");
is($m->get('/contracts/1/edit')->{status}, 404, '... nor editable');
$m->get('/contracts/new');
$r = $m->post('/contracts/new', [ %{ { @form, department_id => 1, owner_id => 2 } } ]);
is($r->{status}, 422, 'member: cannot file a contract out of sight');
like(page($r), qr/自部署以外/, '... and is told why');
$r = $m->post('/contracts/new', [ title => '営業部の新規契約', number => '', department_id => '', owner_id => '', currency => 'JPY' ]);
is($r->{status}, 303, 'member: a contract with no department given');
my ($mid) = ($r->{headers}{location} // '') =~ m{(\d+)$};
is_deeply([ @{ ($s->sql("SELECT department_id, owner_id FROM contracts WHERE id = $mid"))[0] } ], [ 2, 3 ], '... goes to the member\'s department, owned by the member');

# A viewer reads the department's contracts and changes nothing.
my $v = $s->client;
$v->signin('viewer@minato.example');
$p = page($v->get('/contracts'));
like($p, qr/秘密保持契約/, "viewer: the accounting department's contract");
unlike($p, qr/販売代理店契約/, 'viewer: not the sales department\'s');
is($v->get('/contracts/3')->{status}, 200, 'viewer: reads it');
is($v->get('/contracts/3/edit')->{status}, 403, 'viewer: may not edit');
unlike(page($v->get('/contracts/3')), qr{/contracts/3/edit}, 'viewer: no edit link');

# Another organisation: not found, whatever the id.
my $o = $s->client;
$o->signin('admin@hokuto.example');
is($o->get("/contracts/$id")->{status}, 404, "another organisation's contract: 404");
unlike(page($o->get('/contracts?q=%E5%A5%91%E7%B4%84')), qr/業務委託/, "... and its search does not find it");

# Search: words in title, counterparty or number; wildcards are literal.
$p = page($legal->get('/contracts?q=' . join('', map { sprintf '%%%02X', ord } split //, Encode::encode_utf8('賃貸借'))));
like($p, qr/件数: 1/, 'search finds one contract');
like($p, qr/オフィス賃貸借契約/, '... the right one');
like(page($legal->get('/contracts?q=%25')), qr/件数: 0/, 'a literal % matches nothing');
like(page($legal->get('/contracts?q=C-000002')), qr/販売代理店契約/, 'search by number');

# Filters (the Electronic Bookkeeping Act's search: date, amount and
# counterparty, as ranges, combined).
sub titles { my ($res) = @_; my @t = page($res) =~ m{<a href="/contracts/\d+">([^<]+)</a>}g; return join('|', sort @t) }
is(titles($legal->get('/contracts?date_from=2026-06-01&date_to=2026-09-30')),
    join('|', sort '販売代理店契約', '経理システム利用に関する秘密保持契約'), 'contract date range');
is(titles($legal->get('/contracts?amount_min=4%2C000%2C000&amount_max=5000000')),
    '基幹システム保守業務委託契約', 'amount range (with thousands commas)');
is(titles($legal->get('/contracts?party=' . join('', map { sprintf '%%%02X', ord } split //, Encode::encode_utf8('ひかり')))),
    '基幹システム保守業務委託契約', 'counterparty');
is(titles($legal->get('/contracts?date_from=2026-01-01&amount_min=10000000')),
    '販売代理店契約', 'two conditions combine (AND)');
unlike(page($legal->get('/contracts?fstatus=executed')), qr/オフィス賃貸借契約/, 'status filter leaves out drafts');
like(page($legal->get('/contracts?fstatus=draft')), qr/オフィス賃貸借契約/, '... and finds them when asked');
is(titles($m->get('/contracts?date_from=2026-01-01')), '販売代理店契約',
    'filters never widen what a member may see (the own undated contract falls out of a date range)');
for my $bad ('date_from=2026-13-01', 'date_to=yesterday', 'amount_min=abc', 'amount_max=-1', 'fstatus=gone') {
	$r = $legal->get("/contracts?$bad");
	is($r->{status}, 400, "a bad filter ($bad): 400");
	like(page($r), qr/検索条件に誤り/, '... saying which kind of value is wanted');
}
is($legal->get('/contracts/export.csv?amount_min=abc')->{status}, 400, 'the export refuses a bad filter too');

# CSV export: what the user may see, for Excel, formulas neutralised.
sub csv_rows {
	my ($text) = @_;
	my (@rows, @row, $cell, $q);
	$cell = '';
	my @ch = split //, $text;
	for (my $i = 0; $i < @ch; $i++) {
		my $c = $ch[$i];
		if ($q) {
			if ($c eq '"' && ($ch[$i + 1] // '') eq '"') { $cell .= '"'; $i++ }
			elsif ($c eq '"') { $q = 0 }
			else { $cell .= $c }
		} elsif ($c eq '"') { $q = 1 }
		elsif ($c eq ',') { push @row, $cell; $cell = '' }
		elsif ($c eq "\r" && ($ch[$i + 1] // '') eq "\n") { push @row, $cell; push @rows, [ @row ]; @row = (); $cell = ''; $i++ }
		else { $cell .= $c }
	}
	return @rows;
}
$legal->get('/contracts/new');
$r = $legal->post('/contracts/new', [ %{ { @form, number => '', title => '=HYPERLINK("http://evil.example","x")',
    counterparty => '"引用", カンマ入り', counterparty_contact => '@担当', notes => '' } } ]);
is($r->{status}, 303, 'a contract with formula-like values');
$r = $legal->get('/contracts/export.csv');
is($r->{status}, 200, 'CSV export: 200');
like($r->{headers}{'content-type'}, qr{^text/csv; charset=utf-8}, 'CSV content type');
like($r->{headers}{'content-disposition'} // '', qr/attachment; .*filename\*=UTF-8''/, 'attachment, with a UTF-8 file name');
is(substr($r->{content}, 0, 3), "\xef\xbb\xbf", 'starts with the UTF-8 BOM for Excel');
unlike($r->{content}, qr/[^\r]\n/, 'every line ends in CRLF');
my @csv = csv_rows(decode_utf8(substr($r->{content}, 3)));
is($csv[0][0], '契約番号', 'header row in the user\'s language');
is(scalar @{ $csv[0] }, 24, '24 columns: 18 fixed, parent, tags and the 4 custom fields of the organisation');
my ($evil) = grep { $_->[1] =~ /HYPERLINK/ } @csv;
is($evil->[1], q{'=HYPERLINK("http://evil.example","x")}, 'a formula cell is neutralised with an apostrophe');
is($evil->[3], '"引用", カンマ入り', 'quotes and commas survive RFC 4180 quoting');
is($evil->[5], "'\@担当", 'a cell starting with @ is neutralised too');
ok((grep { $_->[1] eq '基幹システム保守業務委託契約' && $_->[8] eq '4800000' && $_->[16] eq '2026-12-31' } @csv),
    'a demo contract with its amount and notice deadline');
ok(!(grep { $_->[1] eq '設備据付工事請負契約' } @csv), "no contract of the other organisation");
my @mcsv = csv_rows(decode_utf8(substr($m->get('/contracts/export.csv')->{content}, 3)));
ok((grep { $_->[1] eq '販売代理店契約' } @mcsv) && !(grep { $_->[1] eq '基幹システム保守業務委託契約' } @mcsv),
    'a member exports only the contracts the member may see');
my @q = csv_rows(decode_utf8(substr($legal->get('/contracts/export.csv?q=C-000002')->{content}, 3)));
is(scalar @q, 2, 'the export follows the search: header and one contract');
@q = csv_rows(decode_utf8(substr($legal->get('/contracts/export.csv?date_from=2026-01-01&amount_min=10000000')->{content}, 3)));
is_deeply([ map { $_->[1] } @q[1 .. $#q] ], [ '販売代理店契約' ], 'the export follows the filters');
my @ocsv = csv_rows(decode_utf8(substr($o->get('/contracts/export.csv')->{content}, 3)));
ok(!(grep { $_->[1] =~ /業務委託|販売代理店/ } @ocsv), "the other organisation's export has none of the first's");

# Automatic numbers stay unique when contracts are filed at once.
my @kids;
for my $k (1 .. 4) {
	my $pid = fork // die;
	if (!$pid) {
		my $c = $s->client;
		$c->signin('legal@minato.example');
		$c->get('/contracts/new');
		$c->post('/contracts/new', [ title => "同時登録 $k", number => '', currency => 'JPY' ]) for 1 .. 3;
		$s->{stopped} = 1;
		exit 0;
	}
	push @kids, $pid;
}
waitpid($_, 0) for @kids;
my @nums = map { $_->[0] } $s->sql("SELECT number FROM contracts WHERE organisation_id = 1 AND title LIKE '同時登録%'");
is(scalar @nums, 12, '12 contracts filed by 4 clients at once');
my %seen;
is(scalar(grep { !$seen{$_}++ } @nums), 12, '... with 12 different numbers');

# The operation log: creating and editing a contract, who and from where.
is(($s->sql("SELECT COUNT(*) FROM oplog WHERE contract_id = $id AND action = 'contract.create' AND user_id = 2 AND ip = '127.0.0.1'"))[0][0],
    1, 'creating a contract is in the operation log');
like(($s->sql("SELECT detail FROM oplog WHERE contract_id = $id AND action = 'contract.edit' ORDER BY id LIMIT 1"))[0][0],
    qr/counterparty.*amount|amount.*counterparty/, 'an edit is logged with the fields it changed');

$s->stop;
done_testing;
