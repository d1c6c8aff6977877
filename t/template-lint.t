# Static checks over templates/ and the language files:
#  - no raw output (uvar:, escape: "none", name:) outside the reviewed
#    allow-list t/template-raw-allow.txt;
#  - every include exists, every page the C code renders exists;
#  - every L.key a template or the C code uses exists in both languages,
#    and ja.hdf and en.hdf have the same keys.
use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname basename);
use Cwd qw(abs_path);

my $top = $ENV{KEIYAKU_SRCDIR} // abs_path(dirname(__FILE__) . '/..');
sub slurp { open(my $fh, '<', $_[0]) or die "$_[0]: $!"; local $/; scalar <$fh> }

my %allow;
for (split /\n/, slurp("$top/t/template-raw-allow.txt")) {
	next if /^\s*(#|$)/;
	my ($file, $what) = split /\s+/, $_, 2;
	$allow{"$file $what"} = 1;
}

# Language keys (HDF "L { a.b = x }" blocks, one level).
sub lang_keys {
	my %k;
	for (split /\n/, slurp($_[0])) {
		next unless /^\s+([\w.]+)\s*=/;
		$k{$1} = 1;
	}
	return \%k;
}
my $ja = lang_keys("$top/templates/lang/ja.hdf");
my $en = lang_keys("$top/templates/lang/en.hdf");
ok(keys(%$ja) > 50, 'Japanese strings loaded');
is_deeply([ sort grep { !$en->{$_} } keys %$ja ], [], 'every Japanese key has an English string');
is_deeply([ sort grep { !$ja->{$_} } keys %$en ], [], 'every English key has a Japanese string');

my @tpl = (glob("$top/templates/*.cs"), glob("$top/templates/mail/*.cs"));
ok(@tpl >= 8, 'templates found');
# A mail's text part is text/plain, not HTML: its template is raw as a
# whole (and listed), and nothing else of it or of any other is.
for my $f (glob("$top/templates/mail/*.txt.cs")) {
	like(slurp($f), qr/\A<\?cs escape: "none" \?>.*<\?cs \/escape \?>\n\z/s,
	    basename($f) . ': a text mail template is text from start to end');
}
for my $f (@tpl) {
	my $name = basename($f);
	my $t = slurp($f);
	for my $raw ($t =~ /<\?cs\s+(uvar:[^?]*|name:[^?]*)\?>/g, $t =~ /(escape:\s*"none")/g) {
		my $key = "$name " . ($raw =~ s/\s+$//r);
		ok($allow{$key}, "$name: raw output '$raw' is in the allow-list");
	}
	for my $inc ($t =~ /<\?cs\s+l?include:"([^"]+)"/g) {
		ok(-f "$top/templates/$inc", "$name: include $inc exists");
	}
	my %used = map { $_ => 1 } $t =~ /\bL\.([\w.]+)/g;
	for my $k (sort keys %used) {
		# A key, or a node of keys (each:x = L.status).
		my $in = sub { my ($h) = @_; $h->{$k} || grep { index($_, "$k.") == 0 } keys %$h };
		ok($in->($ja) && $in->($en), "$name: L.$k exists in both languages");
	}
	unlike($t, qr/<script|\son\w+=|\sstyle=|javascript:/i, "$name: no script, inline handler or inline style");
}

# The C code: language keys it asks for by name, pages it renders.
for my $f (glob("$top/lib/*.c"), glob("$top/cgi-bin/*.c")) {
	my $rel = $f =~ s{^\Q$top\E/}{}r;
	my $src = slurp($f);
	while ($src =~ /app_page\(r, \d+, "([^"]+)", "([^"]+)"\)/g) {
		ok(-f "$top/templates/$1", "$rel: page $1 exists");
		ok($ja->{$2} && $en->{$2}, "$rel: title key $2 exists in both languages");
	}
	while ($src =~ /(?:signin_form|profile_form)\(r, \d+, "([^"]+)"\)/g) {
		ok($ja->{$1} && $en->{$1}, "$rel: message key $1 exists in both languages");
	}
	while ($src =~ /app_l\(r, "([^"]+)"\)/g) {
		ok($ja->{$1} && $en->{$1}, "$rel: key $1 exists in both languages");
	}
	while ($src =~ /return "((?:password|signin|profile)\.\w+)"/g) {
		ok($ja->{$1} && $en->{$1}, "$rel: message key $1 exists in both languages");
	}
}
for my $st (400, 403, 404, 405, 413, 414, 415, 422, 429, 431, 500, 503) {
	ok($ja->{"error.e$st"} && $en->{"error.e$st"}, "error page text for $st in both languages");
}
done_testing;
