# Full-text search through the running stack: an uploaded Japanese PDF
# is turned into text by the job worker (pdftotext) and found by a
# phrase inside it, with a snippet; metadata is found at once; nobody
# finds what they may not see; typed operators do nothing; a killed
# extraction runs again; the sweeper removes orphans and nothing else,
# and puts back index rows a rolled-back write left stale.
use strict;
use warnings;
use utf8;
use Test::More;
use Encode qw(decode_utf8 encode_utf8);
use File::Find;
use Stack;

my $s = Stack->start;
my $dir = $s->dir;
sub page { decode_utf8($_[0]{content} // '') }
sub one { my @r = $s->sql($_[0]); @r ? $r[0][0] : undef }
sub wait_for { my ($c, $secs) = @_; my $t = time + $secs; while (time < $t) { return 1 if $c->(); select(undef, undef, undef, 0.1) } $c->() }
sub sq { '/search?q=' . (encode_utf8($_[0]) =~ s/([^A-Za-z0-9._~-])/sprintf('%%%02X', ord $1)/ger) }
sub results { my @ids = page($_[0]) =~ m{<li>\s*<a href="/contracts/(\d+)">}g; join(',', @ids) }
sub slurp_raw { open(my $fh, '<:raw', $_[0]) or die "$_[0]: $!"; local $/; scalar <$fh> }
sub store_files { my @f; find(sub { push @f, $File::Find::name if -f $_ }, "$dir/store") if -d "$dir/store"; @f }

my $legal = $s->client;
$legal->signin('legal@minato.example');

# Metadata is searchable at once (triggers keep it).
my $r = $legal->get(sq('ひかりソフト'));
is($r->{status}, 200, 'search page');
is(results($r), '1', 'a counterparty finds its contract');
is(results($legal->get(sq('ＨＩＫＡＲＩ ソフト'))), '', 'a word not there finds nothing');
is(results($legal->get(sq('基幹システム　保守'))), '1', 'words split on an ideographic space, all required');

# The document's text, once the job has run.
$legal->get('/contracts/1');
my $pdf = slurp_raw(Stack::srcdir() . '/t/data/keiyaku-ja.pdf');
$r = $legal->upload('/contracts/1/documents', [ kind => 'main' ], file => [ '業務委託契約書.pdf', $pdf, 'application/pdf' ]);
is($r->{status}, 303, 'upload a Japanese PDF');
my $doc = one("SELECT MAX(id) FROM documents");
is(one("SELECT CONCAT(kind, ':', payload, ':', organisation_id) FROM jobs WHERE kind = 'extract'"), "extract:$doc:1",
    'the upload queued a text-extraction job with it');
ok(wait_for(sub { (one("SELECT state FROM jobs WHERE kind = 'extract'") // '') eq 'done' }, 30), 'the job is done');
like(decode_utf8(one("SELECT body FROM document_texts WHERE document_id = $doc")), qr/ソフトウェア保守業務/,
    'the text was extracted');
$r = $legal->get(sq('ソフトウェア保守業務'));
is(results($r), '1', 'a phrase inside the PDF finds the contract');
like(page($r), qr{<mark>ソフトウェア保守業務</mark>}, 'the snippet marks the match');
is(results($legal->get(sq('営業秘密 第三者'))), '1', 'two words from different sentences');
is(results($legal->get(sq('ソフトウェア 存在しない語'))), '', 'every word is required');
is(results($legal->get(sq('２０２６年４月１日'))), '1', 'full-width digits match the half-width text');

# What one may not see is not found.
my $member = $s->client;
$member->signin('member@minato.example');
is(results($member->get(sq('ソフトウェア保守業務'))), '', "a member of another department does not find it");
my $other = $s->client;
$other->signin('admin@hokuto.example');
is(results($other->get(sq('ソフトウェア保守業務'))), '', 'another organisation does not find it');
is(results($other->get(sq('設備据付'))), '5', '... but finds its own');
my $viewer = $s->client;
$viewer->signin('viewer@minato.example');
is(results($viewer->get(sq('秘密保持'))), '3', "the viewer finds only its department's contract");

# Who may see a contract is in the index too (sql/0009): an approver,
# an owner outside the department, and a move to another department.
sub act {
	my ($cl, $id, %f) = @_;
	$cl->get("/contracts/$id");
	return $cl->post("/contracts/$id/workflow", [ %f ]);
}
is(results($member->get(sq('丸の内'))), '', "the member does not find legal's lease");
is(act($legal, 4, action => 'submit')->{status}, 303, 'the lease goes to legal review');
is(act($legal, 4, action => 'review_ok', comment => '確認済み')->{status}, 303, '... and to approval by sales');
is(results($member->get(sq('丸の内'))), '4', 'the member, now its approver, finds it');
is(results($member->get(sq('代理店'))), '2', 'the member finds the contract it owns');
$legal->get('/contracts/2/edit');
my %e = (title => '販売代理店契約', number => 'C-000002', type_id => 3,
    counterparty => '西日本ディストリビューション株式会社', department_id => 3, owner_id => 4,
    currency => 'JPY', amount => '12000000', contract_date => '2026-06-01',
    effective_date => '2026-06-01', expiry_date => '2027-05-31', reason => '所管変更');
is($legal->post('/contracts/2/edit', [ %e ])->{status}, 303, 'contract 2 moves to accounting, owned by the viewer');
is(results($member->get(sq('代理店'))), '', '... the member no longer finds it');
is(results($viewer->get(sq('代理店'))), '2', "... accounting's viewer does");
is(results($other->get(sq('代理店'))), '', '... and another organisation still does not');

# A word in every contract: all of them, newest first; for the member,
# only what it may see.  Then 60 more contracts with one word: 50 a
# page, the count of all, and the next page from where the first ended.
is(results($legal->get(sq('契約'))), '4,3,2,1', 'a word in every contract finds them, newest first');
is(results($member->get(sq('契約'))), '4', '... and for the member, what it may see');
my $ins = join ',', map { "(1, 'P-$_', 'ページ送り試験 $_', 1, '株式会社ページ', 1, 2, 'JPY', 'draft', 2)" } 1 .. 60;
$s->sql("INSERT INTO contracts (organisation_id, number, title, type_id, counterparty, department_id, owner_id, currency, status, created_by) VALUES $ins");
my @pids = map { $_->[0] } $s->sql("SELECT id FROM contracts WHERE title LIKE 'ページ送り試験%' ORDER BY id DESC");
$r = $legal->get(sq('ページ送り'));
is(results($r), join(',', @pids[0 .. 49]), 'page 1: the newest 50 of 60');
like(page($r), qr/該当件数: 60/, '... and says 60 were found');
my ($next) = page($r) =~ m{href="/search\?q=[^"&]*&amp;before=(\d+)"};
is($next, $pids[49], '... with a link to the next page, after the last shown');
$r = $legal->get(sq('ページ送り') . "&before=$next");
is(results($r), join(',', @pids[50 .. 59]), 'page 2: the other 10');
unlike(page($r), qr/before=/, '... and no further page');
is(results($member->get(sq('ページ送り'))), '', "the member sees none of legal's");

# Operators typed by the user are taken literally.
for my $qq ('-ソフトウェア', '"', '*', 'a\\', '(ソフト', '+ -', "ソフト' OR 1=1 --") {
	my $rr = $legal->get(sq($qq));
	is($rr->{status}, 200, "query <$qq>: 200");
}
is(results($legal->get(sq('-ソフトウェア保守業務'))), '', 'a leading minus is a character, not NOT');
is($legal->get('/search?q=' . ('x' x 201))->{status}, 400, 'an over-long query: 400');
is($legal->get('/search?q=%FF')->{status}, 400, 'a query that is not UTF-8: 400');
is($legal->get('/search?q=a&before=abc')->{status}, 400, 'a bad page cursor: 400');

# A new version replaces the old text in the index.
$r = $legal->upload('/contracts/1/documents', [ kind => 'main' ], file => [ 'v2.pdf', $pdf, 'application/pdf' ]);
ok(wait_for(sub { one("SELECT COUNT(*) FROM jobs WHERE kind = 'extract' AND state = 'done'") == 2 }, 30), 'the second extraction is done');
is(results($legal->get(sq('ソフトウェア保守業務'))), '1', 'still found once, by its current version');

# A killed extraction runs again: the worker dies with the job in hand.
my $jpid = $s->jobs_pid;
$s->sql("UPDATE document_texts SET body = '' WHERE document_id = $doc");
open(my $fh, '-|', Stack::builddir() . '/src/keiyaku-jobs', '-c', "$dir/keiyaku.conf", '-e', 'extract', '-o', 1, $doc) or die;
my $jid = <$fh>; close $fh; chomp $jid;
kill 'KILL', $jpid;
$s->sql("UPDATE jobs SET state = 'running', locked_until = NOW(6) - INTERVAL 1 SECOND, attempts = 1 WHERE id = $jid AND state = 'queued'");
is($s->stack('start'), 0, 'the stack starts the job worker again');
ok(wait_for(sub { (one("SELECT state FROM jobs WHERE id = $jid") // '') eq 'done' }, 30), 'the interrupted job runs again and is done');
like(decode_utf8(one("SELECT body FROM document_texts WHERE document_id = $doc")), qr/ソフトウェア保守業務/, '... and its work is there');

# The sweeper: an orphan file and an old temporary file go; documents stay.
my @before = store_files();
# (Beside a real document, in a directory the store made itself.)
my ($sub) = $before[0] =~ m{/store/1/([0-9a-f]{2})/};
my $orphan = "$dir/store/1/$sub/$sub" . ('f' x 30);
open(my $o, '>', $orphan) or die; print $o 'orphan'; close $o;
my $young = "$dir/store/1/$sub/$sub" . ('e' x 30);
open($o, '>', $young) or die; print $o 'in flight'; close $o;
open($o, '>', "$dir/store/tmp/abc.tmp") or die; print $o 'x'; close $o;
utime(time - 7200, time - 7200, $orphan, "$dir/store/tmp/abc.tmp");
# ... and the search index, which rolled-back writes can leave behind
# (it is not transactional): a row without its contract, and a row
# whose metadata and audience are no longer the contract's.
$s->sql("INSERT INTO contract_search (contract_id, organisation_id, audience, meta, body) VALUES (999, 1, 'd1 u2', 'ゴースト契約', '')");
$s->sql("UPDATE contract_search SET meta = '古い題名', audience = 'd9' WHERE contract_id = 3");
is(results($legal->get(sq('ゴースト契約'))), '', 'a row without its contract is never shown');
is(results($viewer->get(sq('秘密保持'))), '', 'a stale audience hides the contract from its department');
open($fh, '-|', Stack::builddir() . '/src/keiyaku-jobs', '-c', "$dir/keiyaku.conf", '-e', 'sweep') or die;
$jid = <$fh>; close $fh; chomp $jid;
ok(wait_for(sub { (one("SELECT state FROM jobs WHERE id = $jid") // '') eq 'done' }, 30), 'the sweep job is done');
is(one("SELECT COUNT(*) FROM contract_search WHERE contract_id = 999"), 0, 'the row without a contract is removed');
is(decode_utf8(one("SELECT audience FROM contract_search WHERE contract_id = 3")), 'd3 u1', 'the stale audience is rewritten');
is(results($viewer->get(sq('秘密保持'))), '3', '... and the department finds its contract again');
is(results($legal->get(sq('古い題名'))), '', '... by its real title only');
is(one("SELECT COUNT(*) FROM contract_search s JOIN contracts c ON c.id = s.contract_id WHERE s.meta <> search_meta(c.number, c.title, c.counterparty, c.counterparty_dept, c.counterparty_contact, c.notes) OR s.audience <> search_audience(c.organisation_id, c.id, c.department_id, c.owner_id)"), 0,
    'every row agrees with its contract');
ok(!-e $orphan, 'an old file no document names is removed');
ok(!-e "$dir/store/tmp/abc.tmp", 'an old temporary file is removed');
ok(-e $young, 'a recent file (an upload in flight) is kept');
ok(!grep({ !-e $_ } @before), 'every document file is kept');
$r = $legal->get("/contracts/1/documents/$doc");
ok($r->{status} == 200 && $r->{content} eq $pdf, 'and still downloads intact');

$s->stop;
done_testing;
