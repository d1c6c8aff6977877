# The access matrix (t/access-matrix.txt): every route × every role ×
# a user of another organisation, each status asserted.  A route that a
# cgi-bin program declares (its --routes output) but the matrix lacks
# fails the suite.
use strict;
use warnings;
use Test::More;
use Stack;

my %ID = (t_bad => 'ab' x 32, own_org => 1, own_dept => 1, own => 2, other => 6, c_own => 2, c_other => 5, r_own => 1, r_other => 3, s_own => 2, s_other => 5,
    n_own => 1, n_other => 2, f_own => 1, f_other => 5, t_own => 1, t_other => 5);
my @COLS = qw(anon org_admin legal member viewer operator other_admin);
my %EMAIL = (
	org_admin => 'admin@minato.example',
	legal => 'legal@minato.example',
	member => 'member@minato.example',
	viewer => 'viewer@minato.example',
	operator => 'operator@keiyaku.example',
	other_admin => 'admin@hokuto.example',
);

my @rows;
open(my $fh, '<', Stack::srcdir() . '/t/access-matrix.txt') or die $!;
while (<$fh>) {
	next if /^\s*(#|$)/;
	my ($m, $path, @st) = split;
	die "access-matrix.txt:$.: want " . scalar(@COLS) . " statuses" unless @st == @COLS;
	push @rows, { method => $m, path => $path, st => \@st };
}
close $fh;

# Every declared route must have a row (HEAD goes with GET).
my @progs = grep { -x && !/\.o$/ && -f } glob(Stack::builddir() . '/cgi-bin/*');
ok(@progs >= 5, 'found the cgi-bin programs');
for my $prog (@progs) {
	my $name = (split m{/}, $prog)[-1];
	for my $line (split /\n/, `'$prog' --routes`) {
		my ($methods, $pattern) = split ' ', $line;
		for my $m (split /,/, $methods) {
			my $found = grep { $_->{method} eq $m && ($_->{path} =~ s/([#*])\w+/$1/gr) eq $pattern } @rows;
			ok($found, "matrix has $m $pattern ($name)");
		}
	}
}

my $s = Stack->start;
my %client;
sub signed_in {
	my ($role) = @_;
	my $c = $s->client;
	if ($role ne 'anon') {
		my $r = $c->signin($EMAIL{$role});
		die "sign-in as $role failed: $r->{status}" unless $r->{status} == 303;
	}
	$c->get('/signin') if $role eq 'anon';
	$c->get('/profile') if $role ne 'anon';
	return $c;
}

# A document on each organisation's contract, for the download rows.
{
	open(my $pf, '<:raw', Stack::srcdir() . '/t/data/keiyaku-ja.pdf') or die $!;
	my $pdf = do { local $/; <$pf> };
	for ([ org_admin => 'own', 'c_own' ], [ other_admin => 'other', 'c_other' ]) {
		my ($role, $key, $c) = @$_;
		my $cl = signed_in($role);
		$cl->get("/contracts/$ID{$c}");
		my $r = $cl->upload("/contracts/$ID{$c}/documents", [ kind => 'main' ],
		    file => [ 'matrix.pdf', $pdf, 'application/pdf' ]);
		die "upload as $role: $r->{status}" unless $r->{status} == 303;
		$ID{"d_$key"} = ($s->sql("SELECT MAX(id) FROM documents WHERE contract_id = $ID{$c}"))[0][0];
	}
}

# A verification run in each organisation, for the /admin/verify rows.
for ([ v_own => 1 ], [ v_other => 2 ]) {
	$s->sql("INSERT INTO verification_runs (organisation_id, source, state) VALUES ($_->[1], 'cli', 'done')");
	$ID{$_->[0]} = ($s->sql("SELECT MAX(id) FROM verification_runs WHERE organisation_id = $_->[1]"))[0][0];
}
# A log archive of each organisation (its file missing: 410).
for ([ la_own => 1 ], [ la_other => 2 ]) {
	$s->sql("INSERT INTO log_archives (organisation_id, kind, first_id, last_id, first_at, last_at, nrows, file, bytes, sha256) "
	    . "VALUES ($_->[1], 'access', 1, 1, NOW(6), NOW(6), 1, 'access-1-1.csv.gz', 1, REPEAT('0', 64))");
	$ID{$_->[0]} = ($s->sql("SELECT MAX(id) FROM log_archives WHERE organisation_id = $_->[1]"))[0][0];
}
# An operator's notice, for the /ops/notices rows.
$s->sql("INSERT INTO notices (kind, title, body, created_by) SELECT 'incident', 't', 'b', id FROM users WHERE email = 'operator\@keiyaku.example'");
$ID{n_own} = ($s->sql("SELECT MAX(id) FROM notices"))[0][0];
# A logo of the first organisation's (a 1x1 PNG), for GET /logo.
$s->sql("INSERT INTO organisation_logos (organisation_id, mime, bytes, sha256) VALUES (1, 'image/png', UNHEX('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000b49444154789c6360000200000500017a5eab3f0000000049454e44ae426082'), REPEAT('a', 64))");
# A support inquiry of legal's.
$s->sql("INSERT INTO tickets (organisation_id, user_id, subject) VALUES (1, 2, 'q')");
$ID{tk_own} = ($s->sql("SELECT MAX(id) FROM tickets"))[0][0];

for my $row (@rows) {
	my $path = $row->{path} =~ s/(?:#|\*)(\w+)/$ID{$1}/gr;
	for my $i (0 .. $#COLS) {
		my $role = $COLS[$i];
		my $c;
		if ($row->{method} eq 'POST') {
			$c = signed_in($role);	# POSTs may end the session: a fresh one each
		} else {
			$c = $client{$role} //= signed_in($role);
		}
		my $r = $row->{method} eq 'POST' ? $c->post($path, []) : $c->request($row->{method}, $path);
		is($r->{status}, $row->{st}[$i], "$row->{method} $row->{path} as $role: $row->{st}[$i]");
	}
	%client = () if $row->{method} eq 'POST';	# /signout/all ends them all
}

$client{$_} //= signed_in($_) for qw(other_admin org_admin viewer);

# Another organisation's data never shows, even in a page it may see.
my $r = $client{other_admin}->get('/admin/users');
unlike($r->{content}, qr/minato\.example/, "the other organisation's user list has none of the first's users");
like($r->{content}, qr/hokuto\.example/, '... only its own');
$r = $client{org_admin}->get('/admin/users');
unlike($r->{content}, qr/hokuto\.example|keiyaku\.example/, "and the first's list has neither the second's users nor the operator");
is(() = $r->{content} =~ m{<tr>\s*<td data-label}g, 4, 'the first organisation lists its 4 users');

# A refusal says what it is: no permission (not an expired form).
$r = $client{viewer}->get('/admin/users');
like($r->{content}, qr/You do not have permission/, 'a 403 for a role explains the permission (the viewer reads English)');
unlike($r->{content}, qr/フォームの有効期限|form has expired/, '... and does not blame the form');

# Times are shown in Japan time.
my ($jst) = map { $_->[0] } $s->sql("SELECT DATE_FORMAT(created_at + INTERVAL 9 HOUR, '%Y-%m-%d %H:%i') FROM users WHERE id = 2");
like($client{org_admin}->get('/admin/users/2')->{content}, qr/\Q$jst\E JST/, 'user detail: registration time in JST');

$s->stop;
done_testing;
