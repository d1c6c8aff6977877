# The stack's captured mail (script/stack runs aiosmtpd with a Maildir
# in STATE/mail), read as a mail client would: headers unfolded, the
# text and HTML parts decoded from base64 and UTF-8.
package MailBox;
use strict;
use warnings;
use Encode qw(decode decode_utf8);
use MIME::Base64 qw(decode_base64);

# The files of the Maildir under $dir, oldest name first.
sub files {
	my ($dir) = @_;
	opendir(my $d, "$dir/mail/new") or return ();
	return sort map { "$dir/mail/new/$_" } grep { !/^\./ } readdir $d;
}

sub slurp { open(my $fh, '<:raw', $_[0]) or die "$_[0]: $!"; local $/; scalar <$fh> }

# A parsed message: (headers, raw and unfolded, by lower-case name;
# parts by type).
sub parse {
	my ($raw) = @_;
	my ($head, $body) = split /\r?\n\r?\n/, $raw, 2;
	$head =~ s/\r?\n[ \t]+/ /g;
	my %h;
	for (split /\r?\n/, $head) { my ($k, $v) = /^([\w-]+):\s*(.*)$/ or next; $h{lc $k} //= $v }
	my ($b) = ($h{'content-type'} // '') =~ /boundary="([^"]+)"/;
	my %part;
	for my $p (split /--\Q$b\E(?:--)?\r?\n/, $body // '') {
		my ($ph, $pb) = split /\r?\n\r?\n/, $p, 2;
		next unless defined $pb && $ph =~ m{Content-Type: (text/\w+); charset=UTF-8}i;
		my $type = $1;
		$part{$type} = decode_utf8(decode_base64($pb)) if $ph =~ /Content-Transfer-Encoding: base64/i;
	}
	return (\%h, \%part);
}

# Every message as { to => address, subject => decoded, text => ...,
# html => ..., file => path }, oldest first.
sub messages {
	my ($dir) = @_;
	my @m;
	for my $f (files($dir)) {
		my ($h, $p) = parse(slurp($f));
		my ($to) = ($h->{to} // '') =~ /<([^>]+)>/;
		push @m, { to => $to // $h->{to}, subject => decode('MIME-Header', $h->{subject} // ''),
		    text => $p->{'text/plain'} // '', html => $p->{'text/html'} // '', file => $f, headers => $h };
	}
	return @m;
}

1;
