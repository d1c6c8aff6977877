# The rest of the contract record and the ledger, through the running
# stack: custom fields (admin lifecycle, each kind's validation, values
# on the form, page, ledger, filters and CSV, history), tags, related
# contracts (parent and children, cycles, other departments and other
# organisations), the ledger's sorts and keyset pages (forward and
# back, no row twice or missing, ties and empty values), every filter
# alone and combined, and that neither a member of another department
# nor another organisation sees a row through any of them.
use strict;
use warnings;
use utf8;
use Test::More;
use Encode qw(decode_utf8 encode_utf8);
use Stack;

binmode(Test::More->builder->$_, ':utf8') for qw(output failure_output todo_output);
my $s = Stack->start;
sub page { decode_utf8($_[0]{content} // '') }
# Rows of SQL (owner account), NULL as undef, text decoded.
sub rows { my ($q) = @_; return map { [ map { $_ eq 'NULL' ? undef : decode_utf8($_) } @$_ ] } $s->sql($q) }
sub one { my ($q) = @_; my @r = rows($q); return @r ? $r[0][0] : undef }
sub esc { my ($v) = @_; join('', map { /[A-Za-z0-9\-_.~]/ ? $_ : sprintf('%%%02X', ord) } split //, encode_utf8($v)) }
sub qs { my (%p) = @_; join('&', map { "$_=" . esc($p{$_}) } sort keys %p) }
sub unamp { my ($h) = @_; $h =~ s/&amp;/&/g; return $h }
# Contract ids of a ledger page, in the order shown.
sub ids { my ($r) = @_; my ($body) = page($r) =~ m{<tbody>(.*?)</tbody>}s; return () unless defined $body; return $body =~ m{<td data-label="[^"]*"><a href="/contracts/(\d+)">}g }
sub next_href { my ($r) = @_; my ($h) = page($r) =~ m{<a rel="next" href="([^"]+)"}; return defined $h ? unamp($h) : undef }
sub prev_href { my ($r) = @_; my ($h) = page($r) =~ m{<a rel="prev" href="([^"]+)"}; return defined $h ? unamp($h) : undef }
sub csv_rows {
	my ($text) = @_;
	my (@rows, @row, $q);
	my $cell = '';
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
sub csv { my ($c, $path) = @_; my $r = $c->get($path); return ($r, csv_rows(decode_utf8(substr($r->{content} // '', 3)))) }

my %c;
for my $who (qw(admin legal member viewer)) {
	$c{$who} = $s->client;
	is($c{$who}->signin("$who\@minato.example")->{status}, 303, "$who signs in");
}
my $other = $s->client;
$other->signin('admin@hokuto.example');

# ---------------------------------------------------------------------
# Custom fields: the admin's pages.
my $adm = $c{admin};
my $r = $adm->get('/admin/fields');
is($r->{status}, 200, 'admin: the fields page');
like(page($r), qr/印紙税額.*保管場所.*更新交渉期限.*管理メモ/s, '... lists the demo fields in their order');
unlike(page($r), qr/工事番号/, "... not the other organisation's field");
is($c{legal}->get('/admin/fields')->{status}, 403, 'legal may not manage fields');
is($c{member}->get('/admin/fields/1')->{status}, 403, 'nor a member');
is($other->get('/admin/fields/1')->{status}, 404, "another organisation's admin: the field is not found");

sub new_field {
	my (%f) = @_;
	$adm->get('/admin/fields');
	return $adm->post('/admin/fields', [ %f ]);
}
my $nf = one("SELECT COUNT(*) FROM custom_fields");
my %badf = (
	'no name' => [ name => '', kind => 'text' ],
	'spaces only' => [ name => '   ', kind => 'text' ],
	'a name in use' => [ name => '保管場所', kind => 'text' ],
	'a 101-character name' => [ name => 'あ' x 101, kind => 'text' ],
	'an unknown kind' => [ name => '新項目', kind => 'float' ],
	'no kind' => [ name => '新項目' ],
	'a choice without options' => [ name => '新項目', kind => 'choice', options => "\n \n" ],
	'an option twice' => [ name => '新項目', kind => 'choice', options => "甲\n乙\n甲" ],
	'a 101-character option' => [ name => '新項目', kind => 'choice', options => 'い' x 101 ],
	'an order of 10000' => [ name => '新項目', kind => 'text', sort => 10000 ],
	'a control character' => [ name => "新\x07項目", kind => 'text' ],
);
for my $k (sort keys %badf) {
	$r = new_field(@{ $badf{$k} });
	is($r->{status}, 422, "field with $k: 422");
	like(page($r), qr/class="msg msg-error"/, '... with a message');
}
is(one("SELECT COUNT(*) FROM custom_fields"), $nf, 'no field was made by the refused forms');
like(page(new_field(name => '保管場所', kind => 'text')), qr/同じ名前の項目が既にあります/, 'the message says the name is in use');

$r = new_field(name => '<b>契約区分</b>', kind => 'choice', options => " 基本契約 \r\n個別契約\n\n覚書\n", sort => 50, in_ledger => 1);
is($r->{status}, 303, 'a choice field: 303');
my $f_choice = one("SELECT id FROM custom_fields WHERE name = '<b>契約区分</b>'");
is(one("SELECT options FROM custom_fields WHERE id = $f_choice"), "基本契約\\n個別契約\\n覚書", '... options trimmed, one a line');
is(one("SELECT organisation_id FROM custom_fields WHERE id = $f_choice"), 1, "... in the admin's organisation");
is(new_field(name => '承認番号', kind => 'number', sort => 60)->{status}, 303, 'a number field');
my $f_num = one("SELECT id FROM custom_fields WHERE name = '承認番号'");
is(new_field(name => '検収日', kind => 'date', sort => 70)->{status}, 303, 'a date field');
my $f_date = one("SELECT id FROM custom_fields WHERE name = '検収日'");
is(new_field(name => '備考2', kind => 'text', sort => 80)->{status}, 303, 'a text field');
my $f_text = one("SELECT id FROM custom_fields WHERE name = '備考2'");
like(page($adm->get('/admin/fields')), qr/&lt;b&gt;契約区分&lt;\/b&gt;/, 'the name is escaped on the list');

# Edit: the kind stays whatever is posted.
$adm->get("/admin/fields/$f_num");
is($adm->post("/admin/fields/$f_num", [ name => '承認番号', kind => 'text', sort => 61 ])->{status}, 303, 'edit a field');
is(one("SELECT CONCAT(kind, ' ', sort) FROM custom_fields WHERE id = $f_num"), 'number 61', '... order changed, kind kept');
is($adm->post("/admin/fields/$f_num", [ name => '印紙税額', sort => 61 ])->{status}, 422, 'renaming to a name in use: 422');
is($other->post("/admin/fields/$f_num", [ name => '乗っ取り' ])->{status}, 404, "another organisation's admin cannot change it: 404");
is(one("SELECT name FROM custom_fields WHERE id = $f_num"), '承認番号', '... and it is unchanged');
is($other->post("/admin/fields/$f_num/delete", [ confirm => 1 ])->{status}, 404, '... nor delete it');
like(one("SELECT detail FROM oplog WHERE action = 'field.create' AND organisation_id = 1 AND detail LIKE 'field $f_num:%'"),
    qr/^field $f_num: 承認番号 \(number\), options -, sort 60, in the ledger 0$/, 'a new field is in the operation log');
like(one("SELECT detail FROM oplog WHERE action = 'field.update' AND organisation_id = 1 ORDER BY id DESC LIMIT 1"),
    qr/^field $f_num: sort: 60 → 61$/, '... a change, old → new');
is(one("SELECT COUNT(*) FROM oplog WHERE action LIKE 'field.%' AND organisation_id = 2"), 0, "... none in the other organisation's");
is(new_field(name => '消す欄', kind => 'text', sort => 90)->{status}, 303, 'a field to delete');
my $f_del = one("SELECT id FROM custom_fields WHERE name = '消す欄'");
$adm->get("/admin/fields/$f_del");
is($adm->post("/admin/fields/$f_del/delete", [ confirm => 1 ])->{status}, 303, '... deleted');
like(one("SELECT detail FROM oplog WHERE action = 'field.delete' AND organisation_id = 1"), qr/^field $f_del: 消す欄 \(text\) → deleted$/, '... in the operation log');

# ---------------------------------------------------------------------
# Values on the contract form, each kind checked.
my $l = $c{legal};
sub form_new { my (%f) = @_; my %g = (title => 'テスト', number => '', currency => 'JPY', %f); $l->get('/contracts/new'); return $l->post('/contracts/new', [ %g ]) }
sub new_id { my ($res) = @_; my ($id) = ($res->{headers}{location} // '') =~ m{^/contracts/(\d+)$}; return $id }
$r = $l->get('/contracts/new');
like(page($r), qr/name="cf$f_choice".*<option value="基本契約">基本契約<\/option>/s, 'the form has the choice field with its options');
like(page($r), qr/name="cf$f_date" type="date"/, '... a date input for the date field');
like(page($r), qr/&lt;b&gt;契約区分&lt;\/b&gt;/, '... the field name escaped');

my $n0 = one("SELECT COUNT(*) FROM contracts");
my $v0 = one("SELECT COUNT(*) FROM contract_field_values");
my %badv = (
	'letters in a number' => [ "cf$f_num" => 'abc' ],
	'a decimal number' => [ "cf$f_num" => '1.5' ],
	'a 16-digit number' => [ "cf$f_num" => '1234567890123456' ],
	'an impossible date' => [ "cf$f_date" => '2026-02-30' ],
	'a date in words' => [ "cf$f_date" => 'next week' ],
	'a choice not offered' => [ "cf$f_choice" => '口約束' ],
	'a control character in text' => [ "cf$f_text" => "a\x07b" ],
	'a 201-character text' => [ "cf$f_text" => 'う' x 201 ],
	'a text with a line break' => [ "cf$f_text" => "1行目\n2行目" ],
);
for my $k (sort keys %badv) {
	$r = form_new(@{ $badv{$k} });
	is($r->{status}, 400, "$k: 400");
	like(page($r), qr/class="msg msg-error"/, '... with a message');
}
like(page(form_new("cf$f_num" => 'abc')), qr/承認番号: 整数で入力してください/, 'the message names the field and what it wants');
like(page(form_new("cf$f_date" => '2026-02-30')), qr/value="2026-02-30"/, 'the refused value is shown again');
$r = form_new(title => '', "cf$f_num" => '77', tags => 'nda 重要', parent => 'C-000002');
is($r->{status}, 422, 'a form refused for its title (422)');
like(page($r), qr/name="cf$f_num" type="text" inputmode="numeric" maxlength="24" value="77"/, '... shows the custom value sent');
like(page($r), qr/name="tags" type="text" maxlength="800" value="nda 重要"/, '... the tags');
like(page($r), qr/name="parent" type="text" maxlength="64" value="C-000002"/, '... and the parent');
is(one("SELECT COUNT(*) FROM contracts"), $n0, 'no contract was saved by the refused forms');
is(one("SELECT COUNT(*) FROM contract_field_values"), $v0, '... and no value');

$r = form_new(title => '値のある契約', "cf$f_num" => '-1,234', "cf$f_date" => '2027-04-01',
    "cf$f_choice" => '個別契約', "cf$f_text" => '  前後の空白  ', "cf1" => '', department_id => 1, owner_id => 2);
is($r->{status}, 303, 'a contract with a value of each kind');
my $cv = new_id($r);
my %vals = map { $_->[0] => [ @$_[1 .. 3] ] }
    rows("SELECT field_id, text_value, number_value, date_value FROM contract_field_values WHERE contract_id = $cv");
is_deeply($vals{$f_num}, [ undef, '-1234', undef ], 'the number as an exact integer in its column');
is_deeply($vals{$f_date}, [ undef, undef, '2027-04-01' ], 'the date in its column');
is_deeply($vals{$f_choice}, [ '個別契約', undef, undef ], 'the choice as its option');
is_deeply($vals{$f_text}, [ '前後の空白', undef, undef ], 'the text trimmed');
ok(!exists $vals{1}, 'an empty value has no row');
is(one("SELECT organisation_id FROM contract_field_values WHERE contract_id = $cv LIMIT 1"), 1, 'values belong to the organisation');
my $p = page($l->get("/contracts/$cv"));
like($p, qr/<dt>承認番号<\/dt><dd>-1,234<\/dd>/, 'the contract page shows the number with separators');
like($p, qr/<dt>&lt;b&gt;契約区分&lt;\/b&gt;<\/dt><dd>個別契約<\/dd>/, '... and the choice');

# Editing a value leaves history like a fixed field does.
sub edit_form {
	my ($id) = @_;
	my $form = page($l->get("/contracts/$id/edit"));
	my %f;
	while ($form =~ /<input id="([\w]+)" name="([\w]+)" type="(?:text|date|number)"[^>]*value="([^"]*)"/g) { $f{$2} = $3 }
	while ($form =~ /<select id="[\w]+" name="([\w]+)">(.*?)<\/select>/gs) { my ($n, $o) = ($1, $2); my ($v) = $o =~ /<option value="([^"]*)" selected>/; $f{$n} = $v // '' }
	($f{notes}) = $form =~ /<textarea id="notes" name="notes"[^>]*>(.*?)<\/textarea>/s;
	$f{auto_renew} = 1 if $form =~ /name="auto_renew" type="checkbox" value="1" checked/;
	s/&amp;/&/g, s/&lt;/</g, s/&gt;/>/g, s/&quot;/"/g, s/&#39;/'/g for values %f;
	return %f;
}
my %e = edit_form($cv);
is($e{"cf$f_num"}, '-1234', 'the edit form has the stored number');
is($e{"cf$f_choice"}, '個別契約', '... and the chosen option');
$r = $l->post("/contracts/$cv/edit", [ %{ { %e, "cf$f_num" => '5000', "cf$f_text" => '', reason => '承認番号の訂正' } } ]);
is($r->{status}, 303, 'edit values: 303');
my @h = rows("SELECT field, old_value, new_value, reason, user_id FROM contract_history WHERE contract_id = $cv AND field LIKE 'cf.%' ORDER BY id");
is_deeply([ map { [ $_->[0], $_->[1], $_->[2] ] } @h ], [ [ "cf.$f_num", '-1234', '5000' ], [ "cf.$f_text", '前後の空白', undef ] ],
    'history: one row per changed value, old and new (cleared: none)');
is($h[0][3], '承認番号の訂正', '... with the reason');
is($h[0][4], 2, '... and who');
is(one("SELECT COUNT(*) FROM contract_field_values WHERE contract_id = $cv AND field_id = $f_text"), 0, 'a cleared value has no row');
like(page($l->get("/contracts/$cv")), qr/変更履歴.*承認番号.*-1234.*5000.*承認番号の訂正/s, 'the history names the custom field');
%e = edit_form($cv);
$l->post("/contracts/$cv/edit", [ %{ { %e, reason => '' } } ]);
is(one("SELECT COUNT(*) FROM contract_history WHERE contract_id = $cv"), scalar(@h) + 1, 'saving unchanged values adds no history');
$r = $l->post("/contracts/$cv/edit", [ %{ { %e, "cf$f_num" => 'x' } } ]);
is($r->{status}, 400, 'edit with a bad value: 400');
is(one("SELECT number_value FROM contract_field_values WHERE contract_id = $cv AND field_id = $f_num"), 5000, '... nothing saved');

# An option removed by the admin stays on the contracts that have it.
$adm->get("/admin/fields/$f_choice");
is($adm->post("/admin/fields/$f_choice", [ name => '<b>契約区分</b>', options => "基本契約\n覚書", sort => 50, in_ledger => 1 ])->{status}, 303,
    'admin removes an option in use');
%e = edit_form($cv);
is($e{"cf$f_choice"}, '個別契約', 'the form still shows the removed option as chosen');
is($l->post("/contracts/$cv/edit", [ %e ])->{status}, 303, '... and saving keeps it');
is(one("SELECT text_value FROM contract_field_values WHERE contract_id = $cv AND field_id = $f_choice"), '個別契約', '... unchanged');
is(form_new("cf$f_choice" => '個別契約')->{status}, 400, 'a new contract cannot take the removed option');

# Delete only a field never used; disable one that is.
$adm->get("/admin/fields/$f_date");
is($adm->post("/admin/fields/$f_date/delete", [])->{status}, 422, 'delete without the confirmation: 422');
is($adm->post("/admin/fields/$f_date/delete", [ confirm => 1 ])->{status}, 422, 'a field with values cannot be deleted: 422');
like(page($adm->post("/admin/fields/$f_date/delete", [ confirm => 1 ])), qr/無効にしてください/, '... and is told to disable it');
is(one("SELECT COUNT(*) FROM custom_fields WHERE id = $f_date"), 1, '... it is still there');
is(new_field(name => '誤って作った項目', kind => 'text')->{status}, 303, 'a field made by mistake');
my $f_tmp = one("SELECT id FROM custom_fields WHERE name = '誤って作った項目'");
$adm->get("/admin/fields/$f_tmp");
is($adm->post("/admin/fields/$f_tmp/delete", [ confirm => 1 ])->{status}, 303, 'a field never used is deleted');
is(one("SELECT COUNT(*) FROM custom_fields WHERE id = $f_tmp"), 0, '... gone');
# text field f_text had a value once (history): still not deletable.
$adm->get("/admin/fields/$f_text");
is($adm->post("/admin/fields/$f_text/delete", [ confirm => 1 ])->{status}, 422, 'a field whose value was cleared keeps its history: not deleted');
$adm->get("/admin/fields/$f_date");
is($adm->post("/admin/fields/$f_date", [ name => '検収日', sort => 70, disabled => 1 ])->{status}, 303, 'disable the date field');
$p = page($l->get("/contracts/$cv/edit"));
unlike($p, qr/name="cf$f_date"/, 'a disabled field is not on the form');
%e = edit_form($cv);
$l->post("/contracts/$cv/edit", [ %{ { %e, title => '値のある契約（改）' } } ]);
is(one("SELECT date_value FROM contract_field_values WHERE contract_id = $cv AND field_id = $f_date"), '2027-04-01', '... its value is kept through an edit');
unlike(page($l->get("/contracts/$cv")), qr/<dt>検収日<\/dt>/, '... and not shown');
is($l->get("/contracts?cf${f_date}_from=2027-01-01")->{status}, 200, 'a filter on a disabled field is ignored');
$adm->post("/admin/fields/$f_date", [ name => '検収日', sort => 70 ]);

# ---------------------------------------------------------------------
# Tags.
$r = form_new(title => 'タグ付き契約', tags => 'ＮＤＡ，重要、nda  #保守 ', department_id => 1, owner_id => 2);
is($r->{status}, 303, 'a contract with tags');
my $ct = new_id($r);
is(join('|', map { $_->[0] } rows("SELECT g.name FROM contract_tags ct JOIN tags g ON g.id = ct.tag_id WHERE ct.contract_id = $ct ORDER BY g.name")),
    'nda|保守|重要', 'tags normalised (width, case, #), repeats dropped');
is(one("SELECT COUNT(*) FROM tags WHERE organisation_id = 1 AND name = '重要'"), 1, 'an existing tag is reused');
like(page($l->get("/contracts/$ct")), qr/<a class="tag" href="\/contracts\?tag=nda">nda<\/a>/, 'tags as chips on the contract page');
%e = edit_form($ct);
is($e{tags}, 'nda 保守 重要', 'the edit form shows the tags');
$r = $l->post("/contracts/$ct/edit", [ %{ { %e, tags => 'nda 更新予定', reason => 'タグ整理' } } ]);
is($r->{status}, 303, 'change the tags');
is_deeply([ rows("SELECT old_value, new_value, reason FROM contract_history WHERE contract_id = $ct AND field = 'tags'") ],
    [ [ 'nda 保守 重要', 'nda 更新予定', 'タグ整理' ] ], 'history of the tags');
like(page($l->get("/contracts/$ct")), qr/<td data-label="[^"]*">タグ<\/td>/, 'the history shows "tags"');
for ([ 'a 31-character tag' => 'か' x 31 ], [ '21 tags' => join(' ', map { "t$_" } 1 .. 21) ], [ 'a control character' => "a\x01b" ]) {
	%e = edit_form($ct);
	$r = $l->post("/contracts/$ct/edit", [ %{ { %e, tags => $_->[1] } } ]);
	is($r->{status}, 400, "tags: $_->[0]: 400");
	like(page($r), qr/class="msg msg-error"/, '... with a message');
}
is(one("SELECT COUNT(*) FROM contract_tags WHERE contract_id = $ct"), 2, 'refused tags change nothing');

# ---------------------------------------------------------------------
# Related contracts.
$r = form_new(title => '基幹システム保守 覚書', parent => 'C-000001', department_id => 1, owner_id => 2);
is($r->{status}, 303, 'an amendment of C-000001');
my $child = new_id($r);
is(one("SELECT parent_id FROM contracts WHERE id = $child"), 1, '... points to its master');
like(page($l->get("/contracts/$child")), qr{親契約: <a href="/contracts/1">C-000001 }, 'the child links its parent');
like(page($l->get('/contracts/1')), qr{<a href="/contracts/$child">[^<]*基幹システム保守 覚書</a>}, 'the parent lists its child');
like(page($l->get('/contracts/new?parent=C-000001')), qr/name="parent" type="text" maxlength="64" value="C-000001"/, '"new amendment" fills in the parent');
$r = form_new(title => '孫', parent => 'c-000001');
is($r->{status}, 303, 'the number is found as the ledger compares it (case aside)');
my $lower = new_id($r);
is(one("SELECT parent_id FROM contracts WHERE id = $lower"), 1, '... the same master');
is(one("SELECT COUNT(*) FROM contract_history WHERE contract_id = $lower AND field = 'parent_id'"), 0, 'a new contract: its "created" row says it all');

# Another organisation's number, a number of none, one out of sight: the same 400.
$other->get('/contracts/new');
$r = $other->post('/contracts/new', [ title => '北斗の覚書', number => 'H-2026-7', currency => 'JPY' ]);
is($r->{status}, 303, "the other organisation files a contract H-2026-7");
my $hid = new_id($r);
my $nfmsg = qr/親契約が見つかりません/;
$r = form_new(parent => 'H-2026-7');
is($r->{status}, 400, "another organisation's contract as parent: 400");
like(page($r), $nfmsg, '... "not found"');
my $body_other = page($r) =~ s/<input type="hidden" name="csrf"[^>]*>//r;
$r = form_new(parent => 'X-NONE');
is($r->{status}, 400, 'a number of no contract: 400');
is(page($r) =~ s/<input type="hidden" name="csrf"[^>]*>//r =~ s/X-NONE/H-2026-7/gr, $body_other, '... the very same answer: nothing tells them apart');
$other->get('/contracts/new');
$r = $other->post('/contracts/new', [ title => '北斗の変更契約', number => '', currency => 'JPY', parent => 'C-000001' ]);
is($r->{status}, 303, 'the other organisation names C-000001 as parent');
is(one("SELECT parent_id FROM contracts WHERE id = " . new_id($r)), 5, '... which is its own C-000001, never the first organisation\'s');
my $m = $c{member};
$m->get('/contracts/new');
$r = $m->post('/contracts/new', [ title => '営業の覚書', number => '', currency => 'JPY', parent => 'C-000001' ]);
is($r->{status}, 400, "a member: another department's contract as parent: 400");
like(page($r), $nfmsg, '... "not found" as well');
$r = $m->post('/contracts/new', [ title => '営業の覚書', number => '', currency => 'JPY', parent => 'C-000002' ]);
is($r->{status}, 303, "a member: the department's own contract as parent");
my $mchild = new_id($r);

# Cycles are refused.
my $grand = form_new(title => 'ひ孫', parent => one("SELECT number FROM contracts WHERE id = $lower"));
my $gid = new_id($grand);
my $nh = one("SELECT COUNT(*) FROM contract_history");
%e = edit_form(1);
$r = $l->post('/contracts/1/edit', [ %{ { %e, parent => one("SELECT number FROM contracts WHERE id = $child") } } ]);
is($r->{status}, 400, 'a contract below it as parent (a cycle): 400');
like(page($r), qr/子孫は指定できません/, '... says why');
$r = $l->post('/contracts/1/edit', [ %{ { %e, parent => 'C-000001' } } ]);
is($r->{status}, 400, 'itself as parent: 400');
%e = edit_form($lower);
$r = $l->post("/contracts/$lower/edit", [ %{ { %e, parent => one("SELECT number FROM contracts WHERE id = $gid") } } ]);
is($r->{status}, 400, 'a grandchild as parent: 400');
is(one("SELECT COUNT(*) FROM contract_history"), $nh, 'refused parents write nothing');
is(one("SELECT parent_id FROM contracts WHERE id = 1"), undef, 'C-000001 still has no parent');
%e = edit_form($lower);
$r = $l->post("/contracts/$lower/edit", [ %{ { %e, parent => 'C-000002', reason => '親の訂正' } } ]);
is($r->{status}, 303, 'move a child to another parent');
is_deeply([ rows("SELECT old_value, new_value, reason FROM contract_history WHERE contract_id = $lower AND field = 'parent_id'") ],
    [ [ 'C-000001', 'C-000002', '親の訂正' ] ], 'history of the parent, by number');
%e = edit_form($lower);
$l->post("/contracts/$lower/edit", [ %{ { %e, parent => '' } } ]);
is(one("SELECT parent_id FROM contracts WHERE id = $lower"), undef, 'an empty parent clears it');

# Out of sight: a member sees the children in sight only; a parent out of sight is kept unseen.
$p = page($m->get('/contracts/2'));
like($p, qr{/contracts/$mchild">}, "a member sees the department's child on C-000002");
$l->get('/contracts/new');
$r = $l->post('/contracts/new', [ title => '法務部の覚書', number => '', currency => 'JPY', parent => 'C-000002', department_id => 1, owner_id => 2 ]);
my $hidden_child = new_id($r);
unlike(page($m->get('/contracts/2')), qr{/contracts/$hidden_child"}, "... not another department's child of it");
like(page($l->get('/contracts/2')), qr{/contracts/$hidden_child"}, '... which legal sees');
$l->get('/contracts/new');
$r = $l->post('/contracts/new', [ title => '営業部の子、法務部の親', number => '', currency => 'JPY', parent => 'C-000001', department_id => 2, owner_id => 3 ]);
my $mine = new_id($r);
$p = page($m->get("/contracts/$mine"));
like($p, qr/親契約: 閲覧権限のない契約/, 'a parent out of sight: the member is told there is one, not which');
unlike($p, qr/C-000001|基幹システム/, '... nor its number or title');
$p = page($m->get("/contracts/$mine/edit"));
unlike($p, qr/name="parent"/, '... the edit form leaves the parent out');
unlike($p, qr/C-000001/, '... and does not show it');
my %me;
$m->get("/contracts/$mine/edit");
$r = $m->post("/contracts/$mine/edit", [ title => '営業部の子、法務部の親（改）', number => one("SELECT number FROM contracts WHERE id = $mine"),
    department_id => 2, owner_id => 3, currency => 'JPY' ]);
is($r->{status}, 303, 'the member saves it');
is(one("SELECT parent_id FROM contracts WHERE id = $mine"), 1, '... and the parent is kept');

# ---------------------------------------------------------------------
# The ledger: sorts and keyset pages over rows with ties and empty values.
my @stat = qw(draft executed active expired terminated);
my @titles = ('甲契約', '乙契約', 'ABC契約', 'abc契約', '丙契約');
my @parties = ('株式会社あ', '', 'い合同会社', '株式会社あ');
my (@ins, @tg);
for my $i (1 .. 130) {
	my $cd = $i % 7 == 0 ? 'NULL' : sprintf("'2025-%02d-01'", 1 + $i % 4);
	my $xd = $i % 6 == 0 ? 'NULL' : sprintf("'2027-%02d-15'", 1 + $i % 3);
	my $amt = $i % 5 == 0 ? 'NULL' : (100000, 250000, 250000, 900000)[$i % 4];
	my $dept = $i % 13 == 0 ? 'NULL' : $i % 3 == 0 ? 2 : 1;
	my $owner = $i % 11 == 0 ? 'NULL' : ($i % 4 == 0 || $dept eq '2') ? 3 : 2;
	my $upd = sprintf("'2026-10-%02d 09:00:00.000000'", 1 + $i % 5);
	push @ins, sprintf("(%d, 1, 'S-%02d-%d', '%s', %s, '%s', %s, %s, %s, %s, %s, %s, '%s', 2, %s, %s)", 100000 + $i, (131 - $i) % 40, 100000 + $i,
	    $titles[$i % 5], $i % 9 == 0 ? 'NULL' : 1, $parties[$i % 4], $dept, $owner, $amt, $cd, $cd eq 'NULL' ? 'NULL' : $cd, $xd, $stat[$i % 5], $upd, $upd);
	push @tg, "(1, " . (100000 + $i) . ", \@pg)";
}
$s->sql("INSERT INTO contracts (id, organisation_id, number, title, type_id, counterparty, department_id, owner_id, amount, contract_date, effective_date, expiry_date, status, created_by, created_at, updated_at) VALUES " . join(', ', @ins));
$s->sql("INSERT INTO tags (organisation_id, name) VALUES (1, 'paging'); SET \@pg = LAST_INSERT_ID(); INSERT INTO contract_tags (organisation_id, contract_id, tag_id) VALUES " . join(', ', @tg));
my $expect_total = 130;
my %keysql = ('' => 'c.id', number => 'c.number', title => 'c.title', counterparty => 'c.counterparty',
    contract_date => 'c.contract_date_key', expiry_date => 'c.expiry_date_key', amount => 'c.amount_key',
    status => 'c.status_key', updated => 'c.updated_at');
ok(one("SELECT COUNT(*) FROM contracts WHERE id > 100000 AND title = '甲契約'") >= 20, 'the test rows have many equal titles (ties)');

sub walk {
	my ($client, $start) = @_;
	my (@all, @pages);
	my $res = $client->get($start);
	return (undef) unless $res->{status} == 200;
	my $n = 0;
	while (1) {
		my @i = ids($res);
		push @pages, [ @i ];
		push @all, @i;
		my $nx = next_href($res) or last;
		last if ++$n > 200;
		$res = $client->get($nx);
		return (undef) unless $res->{status} == 200;
	}
	# And back from the last page to the first.
	my @back;
	my $k = 0;
	while (my $pv = prev_href($res)) {
		last if ++$k > 200;
		$res = $client->get($pv);
		return (undef) unless $res->{status} == 200;
		unshift @back, ids($res);
	}
	push @back, @{ $pages[-1] };
	return (\@all, \@back, \@pages);
}
for my $key (sort keys %keysql) {
	for my $dir ('asc', 'desc') {
		my $d = uc $dir;
		my @want = map { $_->[0] } $s->sql("SELECT c.id FROM contracts c JOIN contract_tags ct ON ct.contract_id = c.id JOIN tags g ON g.id = ct.tag_id "
		    . "WHERE g.name = 'paging' ORDER BY $keysql{$key} $d, c.id $d");
		my ($fw, $bw, $pages) = walk($l, "/contracts?" . qs(tag => 'paging', sort => $key, dir => $dir));
		my $name = ($key || 'default (id)') . " $dir";
		ok(defined $fw, "$name: every page answers 200") or next;
		is(scalar @$fw, $expect_total, "$name: $expect_total rows over the pages");
		my %seen;
		is(scalar(grep { $seen{$_}++ } @$fw), 0, "$name: no row twice");
		is_deeply($fw, \@want, "$name: in the order of the key, ties by id, across the pages");
		is_deeply($bw, $fw, "$name: the same rows walking back from the last page");
		is_deeply([ map { scalar @$_ } @$pages ], [ 50, 50, 30 ], "$name: pages of 50");
	}
}
# Empty values last when ascending, first when descending.
{
	my ($fw) = walk($l, "/contracts?" . qs(tag => 'paging', sort => 'expiry_date', dir => 'asc'));
	my %null = map { $_->[0] => 1 } $s->sql("SELECT id FROM contracts WHERE id > 100000 AND expiry_date IS NULL");
	my $first_null = (grep { $null{$fw->[$_]} } 0 .. $#$fw)[0];
	ok(defined $first_null && !grep({ !$null{$_} } @$fw[$first_null .. $#$fw]), 'ascending: contracts without an expiry date come last');
	my ($bw) = walk($l, "/contracts?" . qs(tag => 'paging', sort => 'amount', dir => 'desc'));
	my %nulla = map { $_->[0] => 1 } $s->sql("SELECT id FROM contracts WHERE id > 100000 AND amount IS NULL");
	ok($nulla{$bw->[0]} && !grep({ $nulla{$_} } @$bw[scalar(keys %nulla) .. $#$bw]), 'descending: without an amount first');
}
# A member walks only the rows in sight.
{
	my ($fw) = walk($m, "/contracts?" . qs(tag => 'paging', sort => 'title', dir => 'asc'));
	my @want = map { $_->[0] } $s->sql("SELECT c.id FROM contracts c WHERE c.id > 100000 AND c.id < 100200 AND (c.department_id = 2 OR c.owner_id = 3) ORDER BY c.title, c.id");
	is_deeply($fw, \@want, 'a member: the pages hold exactly the rows of the department and the own ones');
}
# The sort links keep the filters; the pages keep filters and sort.
$r = $l->get('/contracts?' . qs(tag => 'paging', fstatus => 'executed', sort => 'amount', dir => 'desc'));
like(page($r), qr{href="/contracts\?fstatus=executed&amp;tag=paging&amp;sort=amount&amp;dir=asc"}, 'a sort link keeps the filters and turns the direction');
like(page($r), qr{aria-sort="descending"><a class="sort" href="[^"]*">金額 <span aria-hidden="true">▼</span>}, 'the sorted column is marked');
$r = $l->get('/contracts?' . qs(tag => 'paging', sort => 'title', dir => 'asc'));
like(next_href($r), qr{^/contracts\?tag=paging&sort=title&dir=asc&after=\d+%2C}, 'the next page keeps the filter and the sort');
like(page($r), qr{href="/contracts/export\.csv\?tag=paging"}, 'the export link keeps the filters');
unlike(page($r), qr/rel="prev"/, 'the first page has no previous page');

# Cursors and sorts that are not valid: 400.
for my $bad ('sort=evil', 'sort=title%3B+DROP+TABLE+contracts', 'dir=up', 'after=abc', 'after=12', 'before=,x',
    'sort=amount&after=5%2Cabc', 'sort=expiry_date&after=5%2C2027-02-30', 'sort=updated&after=5%2Cyesterday',
    'sort=status&after=5%2Cexecuted', 'after=0%2C5') {
	$r = $l->get("/contracts?$bad");
	is($r->{status}, 400, "ledger with $bad: 400");
}
like(page($l->get('/contracts?sort=amount&after=5%2Cabc')), qr/ページの指定に誤りがあります/, 'a bad cursor is explained');
is($l->get('/contracts?sort=title&after=5%2C%E7%94%B2')->{status}, 200, 'a hand-made cursor of the right kind is simply a position');

# ---------------------------------------------------------------------
# Filters, each and combined (on the paging rows: tag=paging).
sub got { my ($client, %f) = @_; my ($fw) = walk($client, '/contracts?' . qs(tag => 'paging', %f)); return join(',', sort { $a <=> $b } @{ $fw // [] }) }
sub want { my ($where) = @_; return join(',', map { $_->[0] } $s->sql("SELECT id FROM contracts c WHERE c.id > 100000 AND c.id < 100200 AND ($where) ORDER BY id")) }
my %filters = (
	'expiry range' => [ [ expiry_from => '2027-02-01', expiry_to => '2027-03-31' ], "expiry_date BETWEEN '2027-02-01' AND '2027-03-31'" ],
	'expiry from only' => [ [ expiry_from => '2027-03-01' ], "expiry_date >= '2027-03-01'" ],
	'effective range' => [ [ effective_from => '2025-02-01', effective_to => '2025-03-01' ], "effective_date BETWEEN '2025-02-01' AND '2025-03-01'" ],
	'contract date range' => [ [ date_from => '2025-03-01' ], "contract_date >= '2025-03-01'" ],
	'department' => [ [ dept => 2 ], 'department_id = 2' ],
	'owner' => [ [ owner => 2 ], 'owner_id = 2' ],
	'status' => [ [ fstatus => 'expired' ], "status = 'expired'" ],
	'amount range' => [ [ amount_min => '200,000', amount_max => '300000' ], 'amount BETWEEN 200000 AND 300000' ],
	'counterparty' => [ [ party => '合同' ], "counterparty LIKE '%合同%'" ],
	'empty contract date' => [ [ empty_contract_date => 1 ], 'contract_date IS NULL' ],
	'empty effective date' => [ [ empty_effective_date => 1 ], 'effective_date IS NULL' ],
	'empty expiry date' => [ [ empty_expiry_date => 1 ], 'expiry_date IS NULL' ],
	'empty amount' => [ [ empty_amount => 1 ], 'amount IS NULL' ],
	'empty counterparty' => [ [ empty_counterparty => 1 ], "counterparty = ''" ],
	'empty type' => [ [ empty_type => 1 ], 'type_id IS NULL' ],
	'empty department' => [ [ empty_department => 1 ], 'department_id IS NULL' ],
	'empty owner' => [ [ empty_owner => 1 ], 'owner_id IS NULL' ],
	'combined: department, status, expiry range, amount' => [ [ dept => 1, fstatus => 'executed', expiry_from => '2027-01-01', expiry_to => '2027-02-28', amount_min => 100000 ],
	    "department_id = 1 AND status = 'executed' AND expiry_date BETWEEN '2027-01-01' AND '2027-02-28' AND amount >= 100000" ],
	'combined: empty expiry and empty amount' => [ [ empty_expiry_date => 1, empty_amount => 1 ], 'expiry_date IS NULL AND amount IS NULL' ],
);
for my $k (sort keys %filters) {
	my ($f, $w) = @{ $filters{$k} };
	my $want = want($w);
	isnt($want, '', "$k: the test data has rows for it");
	is(got($l, @$f), $want, "filter: $k");
}
is(got($l, empty_owner => ''), want('1'), 'an empty checkbox value filters nothing');
is($l->get('/contracts?empty_owner=yes')->{status}, 400, 'a checkbox value other than 1: 400');
is(got($m, dept => 1), want('department_id = 1 AND owner_id = 3'), "a member filtering on another department sees only the own contracts there");

# Custom field filters (values set on some paging rows).
$s->sql("INSERT INTO contract_field_values (organisation_id, contract_id, field_id, text_value, number_value, date_value) "
    . "SELECT 1, id, $f_num, NULL, id - 100000, NULL FROM contracts WHERE id BETWEEN 100001 AND 100060; "
    . "INSERT INTO contract_field_values (organisation_id, contract_id, field_id, text_value, number_value, date_value) "
    . "SELECT 1, id, $f_date, NULL, NULL, DATE_ADD('2026-01-01', INTERVAL id - 100000 DAY) FROM contracts WHERE id BETWEEN 100001 AND 100130 AND id % 2 = 0; "
    . "INSERT INTO contract_field_values (organisation_id, contract_id, field_id, text_value, number_value, date_value) "
    . "SELECT 1, id, $f_choice, IF(id % 3 = 0, '覚書', '基本契約'), NULL, NULL FROM contracts WHERE id BETWEEN 100001 AND 100090; "
    . "INSERT INTO contract_field_values (organisation_id, contract_id, field_id, text_value, number_value, date_value) "
    . "SELECT 1, id, $f_text, IF(id % 4 = 0, '要確認: 100%の保証', '特記事項なし'), NULL, NULL FROM contracts WHERE id BETWEEN 100001 AND 100130 AND id % 5 <> 0");
sub cfw { my ($fid, $cond) = @_; return "EXISTS (SELECT 1 FROM contract_field_values v WHERE v.contract_id = c.id AND v.field_id = $fid AND $cond)" }
my %cff = (
	'number range' => [ [ "cf${f_num}_min" => '10', "cf${f_num}_max" => '2,0' ], cfw($f_num, 'number_value BETWEEN 10 AND 20') ],
	'number from' => [ [ "cf${f_num}_min" => '55' ], cfw($f_num, 'number_value >= 55') ],
	'date range' => [ [ "cf${f_date}_from" => '2026-01-10', "cf${f_date}_to" => '2026-02-01' ], cfw($f_date, "date_value BETWEEN '2026-01-10' AND '2026-02-01'") ],
	'choice equals' => [ [ "cf$f_choice" => '覚書' ], cfw($f_choice, "text_value = '覚書'") ],
	'text contains, % literal' => [ [ "cf$f_text" => '100%' ], cfw($f_text, "text_value LIKE '%100\\%%'") ],
	'is empty' => [ [ "cf${f_num}_empty" => 1 ], "NOT " . cfw($f_num, '1') ],
	'text is empty' => [ [ "cf${f_text}_empty" => 1 ], "NOT " . cfw($f_text, '1') ],
	'two fields and a fixed filter' => [ [ "cf$f_choice" => '基本契約', "cf${f_num}_max" => 40, dept => 1 ],
	    cfw($f_choice, "text_value = '基本契約'") . ' AND ' . cfw($f_num, 'number_value <= 40') . ' AND department_id = 1' ],
);
for my $k (sort keys %cff) {
	my ($f, $w) = @{ $cff{$k} };
	my $want = want($w);
	isnt($want, '', "custom $k: the test data has rows for it");
	is(got($l, @$f), $want, "custom field filter: $k");
}
is(got($l, "cf$f_text" => 'zzz-none'), '', 'a text nobody has: no rows');
for my $bad ("cf${f_num}_min=abc", "cf${f_num}_max=1.5", "cf${f_date}_from=2026-13-01", "cf${f_num}_empty=2") {
	$r = $l->get("/contracts?$bad");
	is($r->{status}, 400, "custom filter $bad: 400");
	like(page($r), qr/検索条件に誤り.*承認番号|検索条件に誤り.*検収日/s, '... naming the field');
}
$r = $l->get('/contracts?' . join('&', "cf${f_num}_min=1", "cf${f_date}_from=2026-01-01", "cf$f_choice=" . esc('覚書'), "cf$f_text=a", "cf1_min=1", "cf2=" . esc('本社金庫')));
is($r->{status}, 400, 'six custom conditions at once: 400');
like(page($r), qr/5つまで/, '... saying five is the most');
like(page($l->get('/contracts')), qr/<th scope="col">&lt;b&gt;契約区分&lt;\/b&gt;<\/th>/, 'a field shown in the ledger is a column (escaped)');
like(page($l->get('/contracts?' . qs(tag => 'paging', sort => 'number'))), qr/<td>覚書<\/td>|<td>基本契約<\/td>/, '... with its values');
unlike(page($l->get('/contracts')), qr/<th scope="col">承認番号<\/th>/, 'a field not shown in the ledger is no column');

# Tags: every tag given must be there (AND).
$s->sql("INSERT INTO tags (organisation_id, name) VALUES (1, '赤'), (1, '青'); "
    . "INSERT INTO contract_tags (organisation_id, contract_id, tag_id) SELECT 1, id, (SELECT id FROM tags WHERE organisation_id = 1 AND name = '赤') FROM contracts WHERE id BETWEEN 100001 AND 100130 AND id % 2 = 0; "
    . "INSERT INTO contract_tags (organisation_id, contract_id, tag_id) SELECT 1, id, (SELECT id FROM tags WHERE organisation_id = 1 AND name = '青') FROM contracts WHERE id BETWEEN 100001 AND 100130 AND id % 3 = 0");
is(got($l, tag => 'paging 赤'), want('id % 2 = 0'), 'two tags: those with both');
is(got($l, tag => 'paging,赤 青'), want('id % 6 = 0'), 'three tags, comma or space');
is(got($l, tag => 'PAGING ＃赤'), want('id % 2 = 0'), 'tags in the filter are normalised too');
is(got($l, tag => 'paging 無いタグ'), '', 'a tag nobody has: no rows');
is($l->get('/contracts?' . qs(tag => 'a b c d e f'))->{status}, 400, 'six tags: 400');
is($l->get('/contracts?' . qs(tag => 'か' x 31))->{status}, 400, 'a 31-character tag: 400');
like(page($l->get('/contracts?' . qs(tag => 'paging', sort => 'number'))), qr{<a class="tag" href="/contracts\?tag=%E8%B5%A4">赤</a>}, 'tags as chips in the ledger, linking to their filter');

# ---------------------------------------------------------------------
# CSV: the same rows as the ledger, all of them, in chunks.
my ($res, @rows) = csv($l, '/contracts/export.csv?' . qs(tag => 'paging'));
is($res->{status}, 200, 'export with a filter: 200');
is(scalar @rows - 1, 130, '... all 130 rows of the filter');
my @head = @{ $rows[0] };
my ($ci) = grep { $head[$_] eq '<b>契約区分</b>' } 0 .. $#head;
my ($ti) = grep { $head[$_] eq 'タグ' } 0 .. $#head;
my ($pi) = grep { $head[$_] eq '親契約' } 0 .. $#head;
ok(defined $ci && defined $ti && defined $pi, 'columns for the parent, the tags and each custom field');
is(scalar(grep { ($_->[$ci] // '') eq '覚書' } @rows), scalar(split /,/, want(cfw($f_choice, "text_value = '覚書'"))), 'custom values in their column');
ok((grep { ($_->[$ti] // '') eq 'paging 赤 青' } @rows), 'tags in one cell');
($res, @rows) = csv($l, '/contracts/export.csv?' . qs(tag => 'paging', "cf$f_choice" => '覚書', dept => 1));
is(join(',', sort { $a <=> $b } map { $_->[0] =~ /-(\d+)$/ ? $1 : () } @rows[1 .. $#rows]),
    want(cfw($f_choice, "text_value = '覚書'") . ' AND department_id = 1'), 'the export follows the custom and fixed filters');
my (undef, @all) = csv($l, '/contracts/export.csv');
my ($crow) = grep { $_->[1] eq '基幹システム保守 覚書' } @all;
is($crow->[$pi], 'C-000001', "an amendment's row names its parent");
my ($vrow) = grep { $_->[1] eq '値のある契約（改）' } @all;
my ($ni) = grep { $head[$_] eq '承認番号' } 0 .. $#head;
is($vrow->[$ni], '5000', 'a number value in the export');

# Many rows: more than one chunk, none twice, none missing.
my @bulk;
for my $i (1 .. 2300) { push @bulk, sprintf("(%d, 1, 'BULK-%05d', '一括 %d', 1, 'B', %d, %d, 'draft', 2)", 200000 + $i, $i, $i, $i % 2 ? 1 : 2, $i % 2 ? 2 : 3) }
while (my @part = splice(@bulk, 0, 500)) {
	$s->sql("INSERT INTO contracts (id, organisation_id, number, title, type_id, counterparty, department_id, owner_id, status, created_by) VALUES " . join(', ', @part));
}
my $visible = one("SELECT COUNT(*) FROM contracts WHERE organisation_id = 1");
($res, @rows) = csv($l, '/contracts/export.csv');
ok(!defined $res->{headers}{'content-length'}, 'the large export is streamed (no Content-Length: chunked)');
is(scalar @rows - 1, $visible, "legal's export has every contract of the organisation ($visible, over 3 chunks)");
my %seen;
is(scalar(grep { $seen{$_->[0]}++ } @rows[1 .. $#rows]), 0, '... each once');
my $mvis = one("SELECT COUNT(*) FROM contracts WHERE organisation_id = 1 AND (department_id = 2 OR owner_id = 3)");
($res, @rows) = csv($m, '/contracts/export.csv');
is(scalar @rows - 1, $mvis, "a member's export: exactly the rows of the department and the own ($mvis)");
{
	my ($fw) = walk($m, '/contracts?' . qs(q => '一括', sort => 'number', dir => 'desc'));
	is(scalar @$fw, 1150, 'a member walks 23 pages of the bulk rows in sight');
	my %s2;
	is(scalar(grep { $s2{$_}++ } @$fw), 0, '... none twice');
}

# ---------------------------------------------------------------------
# Nothing of another department or organisation through any door.
my %invisible = map { $_->[0] => 1 } $s->sql("SELECT id FROM contracts WHERE organisation_id = 1 AND NOT (department_id <=> 2 OR owner_id <=> 3)");
for my $path ('/contracts?' . qs(tag => '重要'), '/contracts?' . qs(tag => 'paging 赤'), '/contracts?' . qs("cf$f_choice" => '覚書'),
    '/contracts?' . qs(dept => 1), '/contracts?' . qs(owner => 2), '/contracts?' . qs(empty_expiry_date => 1),
    '/contracts?' . qs(sort => 'amount', dir => 'desc'), '/contracts?' . qs(sort => 'title', after => '1,')) {
	my @i = ids($m->get($path));
	is(scalar(grep { $invisible{$_} } @i), 0, "member, $path: no contract out of sight");
}
($res, @rows) = csv($m, '/contracts/export.csv?' . qs(tag => '重要'));
ok(!(grep { $_->[1] =~ /基幹システム保守業務委託契約|タグ付き契約/ } @rows), "the member's export with a tag filter: none out of sight");
my @v = ids($c{viewer}->get('/contracts?' . qs(tag => 'paging')));
is(scalar @v, 0, 'the viewer (accounting) sees none of the paging rows');

my %org1 = map { $_->[0] => 1 } $s->sql("SELECT id FROM contracts WHERE organisation_id = 1");
for my $path ('/contracts', '/contracts?' . qs(tag => '重要'), '/contracts?' . qs(tag => 'paging'), '/contracts?cf2=' . esc('本社金庫'),
    '/contracts?' . qs(sort => 'title', after => '1,'), '/contracts?' . qs(sort => 'number', dir => 'desc', before => '999999,ZZZ'),
    '/contracts?' . qs(dept => 1), '/contracts?' . qs(owner => 2), '/contracts?' . qs(empty_amount => 1)) {
	$r = $other->get($path);
	my @i = ids($r);
	is(scalar(grep { $org1{$_} } @i), 0, "another organisation, $path: none of the first's contracts");
	my ($tb) = page($r) =~ m{<tbody>(.*?)</tbody>}s;
	unlike($tb // '', qr/基幹システム|paging|一括/, '... nor their titles or tags');
}
my @tags_other = ids($other->get('/contracts?' . qs(tag => '重要')));
is_deeply(\@tags_other, [ 5 ], "the other organisation's own tag 重要 finds its own contract only");
($res, @rows) = csv($other, '/contracts/export.csv');
ok(!(grep { $_->[1] =~ /基幹システム|一括|paging/ } @rows), "the other organisation's export has none of the first's rows");
is_deeply([ grep { /印紙税額|保管場所|契約区分/ } @{ $rows[0] } ], [], "... nor the first's custom field columns");
ok((grep { $_ eq '工事番号' } @{ $rows[0] }), '... but its own custom field');
my ($k5) = grep { $_->[1] eq '設備据付工事請負契約' } @rows;
is($k5->[-1], 'K-2026-018', '... with its value');
like(page($other->get('/contracts/5')), qr/<dt>工事番号<\/dt><dd>K-2026-018<\/dd>/, 'its contract page shows its own field');
unlike(page($other->get('/contracts/new')), qr/印紙税額|契約区分/, "its form has none of the first organisation's fields");
$other->get('/contracts/5/edit');
%e = ();
$r = $other->post('/contracts/5/edit', [ title => '設備据付工事請負契約', number => 'C-000001', currency => 'JPY', department_id => 4, owner_id => 5,
    "cf$f_choice" => '覚書', "cf1" => '999', tags => '重要' ]);
is($r->{status}, 303, "posting the first organisation's field names on its own contract is harmless");
is(one("SELECT COUNT(*) FROM contract_field_values WHERE contract_id = 5 AND field_id IN (1, $f_choice)"), 0, '... those values are not taken');
is(one("SELECT COUNT(*) FROM contract_field_values WHERE organisation_id = 2 AND field_id <> 5"), 0, '... no value of a foreign field exists');

$s->stop;
done_testing;
