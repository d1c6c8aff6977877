# Outgoing mail through the running stack: the daily reminders make
# notifications, each is queued as a mail in its user's language and
# delivered by the job worker over SMTP, STARTTLS required, to the
# stack's capture server (a real SMTP server, aiosmtpd, keeping a
# Maildir).  The messages are read back: Japanese subjects and names as
# RFC 2047 encoded words, UTF-8 text and HTML parts, the HTML escaped,
# the link to the contract.  With the server down the mail waits,
# queued with the reason, and goes out when it is back.
use strict;
use warnings;
use utf8;
use Test::More;
use Encode qw(decode decode_utf8);
use MIME::Base64 qw(decode_base64);
use Stack;
use MailBox;

my $s = Stack->start(conf => join("\n", 'job_daily = 0', 'job_retry_base = 1',
    'job_retry_max = 2', 'job_poll_ms = 200', 'smtp_starttls = 2'));
my $dir = $s->dir;
my $bin = Stack::builddir() . '/src/keiyaku-jobs';
sub one { my @r = $s->sql($_[0]); @r ? $r[0][0] : undef }
sub wait_for { my ($c, $secs) = @_; my $t = time + $secs; while (time < $t) { return 1 if $c->(); select(undef, undef, undef, 0.1) } $c->() }
sub maildir { MailBox::files($dir) }
sub slurp { open(my $fh, '<:raw', $_[0]) or die "$_[0]: $!"; local $/; scalar <$fh> }
sub run_day {
	my ($day) = @_;
	my $pid = fork // die;
	if (!$pid) {
		$ENV{KEIYAKU_TODAY} = $day;
		open(STDERR, '>', '/dev/null');
		exec $bin, '-c', "$dir/keiyaku.conf", '-e', 'reminders', '-o', 1, $day or die;
	}
	waitpid($pid, 0);
}

sub parse { MailBox::parse(@_) }

my @none = maildir();
is(scalar(@none), 0, 'the capture server has no mail yet');

# Contract 1 (legal's, auto-renewing) has its notice deadline on
# 2026-12-31: 30 days ahead on 2026-12-01.  Contract 2 goes to the
# viewer (English) with an expiry on 2026-12-20 and a title to escape.
$s->sql("UPDATE contracts SET owner_id = 4, expiry_date = '2026-12-20', title = 'A&B <販売> \"代理店\"' WHERE id = 2");
run_day('2026-12-01');
ok(wait_for(sub { one("SELECT COUNT(*) FROM mail_queue WHERE state = 'sent'") == 2 }, 30), 'two mails were sent')
    or diag explain [ $s->sql('SELECT id, state, attempts, last_error FROM mail_queue') ];
is(one("SELECT COUNT(*) FROM notifications WHERE dedup_key NOT LIKE 'demo:%'"), 2, '... one for each new notification');
is_deeply([ map { "@$_" } $s->sql("SELECT kind, user_id, contract_id, to_addr, attempts, smtp_reply FROM mail_queue ORDER BY contract_id") ],
    [ 'reminder 2 1 legal@minato.example 1 250', 'reminder 4 2 viewer@minato.example 1 250' ],
    'the queue says who got what, in one attempt, and the relay\'s 250');
my @files = maildir();
is(scalar(@files), 2, 'the capture server kept both');

my %by;
for my $f (@files) {
	my ($h, $p) = parse(slurp($f));
	my ($to) = $h->{to} =~ /<([^>]+)>/;
	$by{$to} = [ $h, $p ];
}
my ($h, $p) = @{ $by{'legal@minato.example'} // [ {}, {} ] };
unlike($h->{subject} // '', qr/[^\x20-\x7e]/, 'the subject line is ASCII (encoded words)');
is(decode('MIME-Header', $h->{subject} // ''), '【Keiyaku】解約通知期限が近づいています：基幹システム保守業務委託契約',
    '... and reads as the Japanese subject');
is(decode('MIME-Header', $h->{to} // ''), '佐藤 健 <legal@minato.example>', 'To: the name encoded, the address');
like(decode('MIME-Header', $h->{from} // ''), qr/^Keiyaku 契約管理 <keiyaku\@localhost>$/, 'From: the configured sender');
like($h->{date} // '', qr/^\w{3}, \d\d \w{3} 2026 \d\d:\d\d:\d\d \+0900$/, 'Date: in Japan time');
like($h->{'message-id'} // '', qr/^<[0-9a-f]{32}\@localhost>$/, 'Message-ID: random, at the sender\'s domain');
is($h->{'mime-version'}, '1.0', 'MIME 1.0');
like($h->{'content-type'}, qr{^multipart/alternative; boundary=}, 'multipart/alternative');
is(one("SELECT message_id FROM mail_queue WHERE contract_id = 1"), ($h->{'message-id'} // '') =~ s/[<>]//gr, 'the queue keeps the Message-ID');
like($p->{'text/plain'} // '', qr/^佐藤 健 様\r?\n/, 'text: greeting in Japanese');
like($p->{'text/plain'} // '', qr/「基幹システム保守業務委託契約」の解約通知期限は 2026-12-31 です（あと30日）。/, '... the notification\'s sentence');
like($p->{'text/plain'} // '', qr{http://127\.0\.0\.1:${\ $s->port}/contracts/1\r?\n}, '... the link to the contract');
like($p->{'text/html'} // '', qr{<a href="http://127\.0\.0\.1:${\ $s->port}/contracts/1">C-000001 基幹システム保守業務委託契約</a>}, 'html: the link');

($h, $p) = @{ $by{'viewer@minato.example'} // [ {}, {} ] };
is(decode('MIME-Header', $h->{subject} // ''), '[Keiyaku] A contract expires soon: A&B <販売> "代理店"', 'English subject for the English user');
like($p->{'text/plain'} // '', qr/^Dear 高橋 美咲,\r?\n/, 'English greeting');
like($p->{'text/plain'} // '', qr/A&B <販売> "代理店"/, 'text: the title as it is');
like($p->{'text/html'} // '', qr/A&amp;B &lt;販売&gt; &quot;代理店&quot;/, 'html: the title escaped');
unlike($p->{'text/html'} // '', qr/<販売>/, '... nowhere raw');

# The relay is down: the mail waits in the queue with the reason, the
# job is retried, and the mail goes out once the relay is back.
my $sink = $s->pidfile_pid('run/mail-sink.pid');
kill 'TERM', $sink;
ok(wait_for(sub { !kill 0, $sink }, 10), 'the capture server is stopped');
$s->sql("UPDATE contracts SET expiry_date = '2026-12-08' WHERE id = 3");
run_day('2026-12-01');
ok(wait_for(sub { (one("SELECT attempts FROM mail_queue WHERE contract_id = 3") // 0) >= 1 }, 20), 'a third mail was tried');
is(one("SELECT state FROM mail_queue WHERE contract_id = 3"), 'queued', '... and is still queued');
like(one("SELECT last_error FROM mail_queue WHERE contract_id = 3") // '', qr/connect/i, '... saying why');
is($s->stack('start'), 0, 'the stack starts the capture server again');
ok(wait_for(sub { (one("SELECT state FROM mail_queue WHERE contract_id = 3") // '') eq 'sent' }, 30), 'the retry delivers it');
ok(wait_for(sub { my @m = maildir(); @m == 3 }, 5), '... and the capture server has it');
is(one("SELECT CONCAT('[', last_error, ']') FROM mail_queue WHERE contract_id = 3"), '[]', '... the error cleared');

# Running the day again sends nothing twice.
run_day('2026-12-01');
sleep 1;
is(one('SELECT COUNT(*) FROM mail_queue'), 3, 'the same day again: no mail twice');

# A mention in a comment: the person mentioned gets a mail with the
# comment, at once (the web worker queues it with the comment).
my $lg = $s->client;
$lg->signin('legal@minato.example');
$lg->get('/contracts/1');
is($lg->post('/contracts/1/comments', [ body => "第3条の<b>解約</b>を確認してください。\n期限は12月末です。", mention => 1 ])->{status}, 303,
    'legal comments on contract 1, mentioning the admin');
ok(wait_for(sub { (one("SELECT state FROM mail_queue WHERE kind = 'mention'") // '') eq 'sent' }, 30), 'the mention mail is sent');
is(one("SELECT CONCAT(to_addr, ' ', user_id, ' ', contract_id) FROM mail_queue WHERE kind = 'mention'"), 'admin@minato.example 1 1',
    '... to the admin, about contract 1');
my $mid = one("SELECT message_id FROM mail_queue WHERE kind = 'mention'") // 'none';
my ($mf) = grep { slurp($_) =~ /^Message-ID: <\Q$mid\E>/m } maildir();
($h, $p) = parse($mf ? slurp($mf) : '');
is(decode('MIME-Header', $h->{subject} // ''), '【Keiyaku】コメントで通知先に指定されました：基幹システム保守業務委託契約',
    '... its subject');
like($p->{'text/plain'} // '', qr/佐藤 健:\r?\n第3条の<b>解約<\/b>を確認してください。\r?\n期限は12月末です。/, '... the author and the comment, as written');
like($p->{'text/html'} // '', qr/第3条の&lt;b&gt;解約&lt;\/b&gt;/, '... escaped in HTML');
like($p->{'text/plain'} // '', qr{/contracts/1#comments}, '... and the link to the comments');

# The organisation's admin sees each message and where it is; another
# organisation's admin sees none of them; legal may not look.
my $admin = $s->client;
$admin->signin('admin@minato.example');
my $r = $admin->get('/admin/mail');
is($r->{status}, 200, 'admin: the outgoing mail page');
my $pg = decode_utf8($r->{content});
is(scalar(() = $pg =~ /送信済み/g), 4, '... four messages, sent');
like($pg, qr/legal\@minato\.example.*【Keiyaku】解約通知期限が近づいています：基幹システム保守業務委託契約/s, '... with recipient and subject');
like($pg, qr{<a href="/contracts/1">}, '... and a link to what it is about');
my $other = $s->client;
$other->signin('admin@hokuto.example');
$pg = decode_utf8($other->get('/admin/mail')->{content});
unlike($pg, qr/minato|基幹システム/, "another organisation's admin sees none of it");
my $legal = $s->client;
$legal->signin('legal@minato.example');
is($legal->get('/admin/mail')->{status}, 403, 'legal may not see the mail page');

$s->stop;
done_testing;
