# Reads the signatures of a signed PDF the way a verifier does, for the
# tests: each signature dictionary's /SubFilter, /ByteRange and
# /Contents (DER, its padding cut), and the bytes the range covers; and
# checks a document timestamp with `openssl ts -verify`, as the issue
# asks (poppler 22.12 cannot check /ETSI.RFC3161).
package PdfSig;
use strict;
use warnings;
use File::Temp qw(tempdir);
use Encode qw(decode);

# The signatures of the PDF bytes $pdf, in file order.
sub signatures {
	my ($pdf) = @_;
	my @s;
	while ($pdf =~ m{/SubFilter\s*/(\S+)\s*/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]\s*/Contents\s*<([0-9A-Fa-f]+)>}g) {
		my ($sub, @r) = ($1, $2, $3, $4, $5);
		my $der = pack('H*', $6);
		# The DER's own length (the rest is the placeholder's zeros).
		my ($l1, $l2) = unpack('x C C', $der);
		my $len = $l1 < 0x80 ? 2 + $l1 :
		    2 + ($l1 & 0x7f) + unpack('N', substr("\0" x 4 . substr($der, 2, $l1 & 0x7f), -4));
		# The signer's /Name (UTF-16BE with its BOM, in hex), if any.
		my ($name) = substr($pdf, pos($pdf), 40000) =~ m{\A[^>]*?/Name\s*<FEFF([0-9A-Fa-f]*)>};
		$name = decode('UTF-16BE', pack('H*', $name)) if defined $name;
		push @s, { subfilter => $sub, range => \@r, name => $name,
		    der => substr($der, 0, $len),
		    data => substr($pdf, $r[0], $r[1]) . substr($pdf, $r[2], $r[3]) };
	}
	return @s;
}

# openssl ts -verify of a document timestamp $s (from signatures())
# against the deployment's public certificates in $pub: (exit, output).
sub ts_verify {
	my ($s, $pub) = @_;
	my $d = tempdir(CLEANUP => 1);
	for (['data', $s->{data}], ['token.der', $s->{der}]) {
		open(my $fh, '>:raw', "$d/$_->[0]") or die; print $fh $_->[1]; close $fh;
	}
	my $out = `openssl ts -verify -data $d/data -in $d/token.der -token_in -CAfile $pub/ca.pem -untrusted $pub/tsa.pem 2>&1`;
	return ($? >> 8, $out);
}

1;
