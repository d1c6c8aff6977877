# Static checks over every SQL statement in the C sources:
#  - SQL appears only in DB_STMT_TENANT / DB_STMT_GLOBAL declarations
#    (prepared statements, each named); no mysql_query with SQL text
#    outside lib/db.c's transaction control;
#  - a tenant statement has "organisation_id = ?" (or, in an INSERT,
#    the organisation_id column) as its first placeholder (lib/db.c
#    binds the session's organisation to it); a tenant UPDATE also
#    names the organisation in its WHERE;
#  - a global statement says why, and one that touches a tenant-owned
#    table must be listed in t/sql-global-allow.txt (reviewed);
#  - the permission codes in lib/authz.c are exactly those in sql/.
use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);
use Cwd qw(abs_path);

my $top = $ENV{KEIYAKU_SRCDIR} // abs_path(dirname(__FILE__) . '/..');
sub slurp { open(my $fh, '<', $_[0]) or die "$_[0]: $!"; local $/; scalar <$fh> }

# Tenant-owned tables: those created with an organisation_id column.
my %tenant;
for my $f (glob "$top/sql/[0-9]*.sql") {
	my $sql = slurp($f);
	while ($sql =~ /CREATE TABLE (\w+) \((.*?)\n\)/gs) {
		my ($t, $body) = ($1, $2);
		$tenant{$t} = 1 if $body =~ /^\s*organisation_id\s/m;
	}
}
ok(scalar(keys %tenant) >= 3, 'found the tenant-owned tables: ' . join(', ', sort keys %tenant));

my %allow = map { $_ => 1 } grep { /\S/ && !/^#/ } map { s/\s+#.*//r =~ s/^\s+|\s+$//gr } split /\n/, slurp("$top/t/sql-global-allow.txt");

# Splits a C argument list into arguments, each the concatenation of
# its string literals (or its bare text when it has none).
sub c_args {
	my ($text) = @_;
	my (@args, $cur, $lit, $in);
	$cur = ''; $lit = '';
	my $has = 0;
	for (my $i = 0; $i < length $text; $i++) {
		my $ch = substr($text, $i, 1);
		if ($in) {
			if ($ch eq '\\') { $lit .= substr($text, $i, 2); $i++; next }
			if ($ch eq '"') { $in = 0; next }
			$lit .= $ch;
			next;
		}
		if ($ch eq '"') { $in = 1; $has = 1; next }
		if ($ch eq ',') { push @args, $has ? $lit : $cur =~ s/^\s+|\s+$//gr; ($cur, $lit, $has) = ('', '', 0); next }
		$cur .= $ch;
	}
	push @args, $has ? $lit : $cur =~ s/^\s+|\s+$//gr;
	return @args;
}

# String macros (#define NAME "..." "...") used inside statements are
# expanded, so that the rules see the whole SQL: those of a source
# file, and those of the headers in lib/ (AUTHZ_CONTRACT_VISIBLE).
sub string_macros {
	my ($src) = @_;
	my %m;
	while ($src =~ /^#define\s+(\w+)\s+\\?\n?((?:[ \t]*"(?:[^"\\]|\\.)*"[ \t]*\\?\n?)+)/mg) {
		my ($name, $body) = ($1, $2);
		$body =~ s/\\\n/\n/g;
		$m{$name} = $body;
	}
	return %m;
}
my %hmacro = map { string_macros(slurp($_)) } glob("$top/lib/*.h");
ok(exists $hmacro{AUTHZ_CONTRACT_VISIBLE}, 'the visibility rule is a string macro in lib/authz.h');

my (%seen, $n);
for my $f (glob("$top/lib/*.c"), glob("$top/cgi-bin/*.c"), glob("$top/src/*.c")) {
	my $src = slurp($f);
	# Comments may name a macro; only code is checked.
	$src =~ s{/\*.*?\*/}{ }gs;
	my $rel = $f =~ s{^\Q$top\E/}{}r;
	$src =~ s/\b\Q$_\E\b/$hmacro{$_}/g for keys %hmacro;
	my %macro = string_macros($src);
	$src =~ s/^#define\s+\w+\s+\\?\n?(?:[ \t]*"(?:[^"\\]|\\.)*"[ \t]*\\?\n?)+//mg;
	$src =~ s/\b\Q$_\E\b/$macro{$_}/g for keys %macro;
	(my $rest = $src) =~ s/DB_STMT_(TENANT|GLOBAL)\((.*?)\);//gs;
	while ($src =~ /DB_STMT_(TENANT|GLOBAL)\((.*?)\);/gs) {
		my ($scope, $argtext) = ($1, $2);
		my @a = c_args($argtext);
		my $name = $a[0];
		my $sql = $a[-1];
		$n++;
		ok(!$seen{$name}++, "$rel: $name: one statement per name");
		my @tables = $sql =~ /\b(?:FROM|JOIN|INTO|UPDATE)\s+(\w+)/gi;
		if ($scope eq 'TENANT') {
			ok($sql =~ /^[^?]*\borganisation_id = \?/s ||
			    $sql =~ /^INSERT (?:IGNORE )?INTO \w+ \(organisation_id,[^?]*\bVALUES \(\?/s,
			    "$rel: $name: first placeholder is organisation_id");
			ok($sql !~ /^UPDATE/ || $sql =~ /\bWHERE organisation_id = \?/,
			    "$rel: $name: an UPDATE names the organisation in its WHERE too");
			ok(scalar(grep { $tenant{$_} } @tables), "$rel: $name: a tenant statement reads a tenant table");
		} else {
			ok(@a == 3 && length($a[1]) >= 10, "$rel: $name: says why it is not tenant-scoped");
			my @t = grep { $tenant{$_} } @tables;
			ok(!@t || $allow{$name}, "$rel: $name: touches tenant table(s) @t only if reviewed in t/sql-global-allow.txt");
		}
	}
	# SQL text anywhere else is a statement that escaped the rules.
	my @loose = $rest =~ /"\s*((?:SELECT|INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\s[^"]*)"/g;
	ok(!@loose, "$rel: no SQL outside DB_STMT declarations") or diag(join "\n", @loose);
	my @raw = $rest =~ /(mysql_(?:real_)?query\s*\([^;]*;)/g;
	@raw = grep { !/"(START TRANSACTION)"/ } @raw if $rel eq 'lib/db.c';
	ok(!@raw, "$rel: no mysql_query with SQL text") or diag(join "\n", @raw);
}
ok($n >= 20, "checked $n statements");

# Permission codes: C and SQL agree.
my ($codes) = slurp("$top/lib/authz.c") =~ /authz_perm_codes\[PERM__MAX\] = \{(.*?)\};/s;
my @c = sort $codes =~ /"([a-z.]+)"/g;
my @s;
for my $f (glob "$top/sql/[0-9]*.sql") {
	my $sql = slurp($f);
	while ($sql =~ /INSERT INTO permissions \(id, code, description\) VALUES(.*?);/gs) {
		push @s, $1 =~ /\(\d+, '([a-z.]+)'/g;
	}
}
is_deeply(\@c, [ sort @s ], 'permission codes in lib/authz.c match sql/');
done_testing;
