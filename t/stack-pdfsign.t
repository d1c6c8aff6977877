# PDF signatures (lib/pdf.c) through the stack's signer: a Japanese PDF
# signed twice in incremental updates, each signature by the service
# with its CAdES CMS and timestamp; poppler's pdfsig reports every
# signature valid and, with the deployment's CA in an NSS database,
# trusted; qpdf --check finds no error; the earlier bytes are kept as
# they were; a PDF with an xref stream is signed with one; a changed
# byte breaks the signature; what is not a PDF is refused.
use strict;
use warnings;
use utf8;
use Test::More;
use File::Temp qw(tempdir);
use Encode qw(encode_utf8);
use Stack;
use PdfSig;

my $s = Stack->start(jobs => 0);
my $dir = $s->dir;
my $tmp = tempdir(CLEANUP => 1);
my $sign = Stack::builddir() . '/t/pdf-sign';
my $pdf = Stack::srcdir() . '/t/data/keiyaku-ja.pdf';
sub sh { my $out = `$_[0] 2>&1`; return ($? >> 8, $out) }
sub slurp { open(my $fh, '<:raw', $_[0]) or die "$_[0]: $!"; local $/; scalar <$fh> }
sub sign {
	my ($in, $out, $name) = @_;
	return system($sign, "$dir/run/signer.sock", $in, $out, encode_utf8($name), encode_utf8('契約締結（立会人型電子署名）')) >> 8;
}

my ($rc, $out) = sh("certutil -N -d sql:$tmp --empty-password && certutil -A -d sql:$tmp -n keiyaku -t C,C,C -i $dir/signer-public/ca.pem");
is($rc, 0, "an NSS database that trusts the deployment's CA") or diag $out;

is(sign($pdf, "$tmp/one.pdf", '佐藤 健 (legal@minato.example)'), 0, 'the first signature');
is(sign("$tmp/one.pdf", "$tmp/two.pdf", 'Hanako Yamada (hanako@example.com)'), 0, 'the second, on the signed file');
my $orig = slurp($pdf);
is(substr(slurp("$tmp/one.pdf"), 0, length $orig), $orig, 'the original bytes are kept as they were');
is(substr(slurp("$tmp/two.pdf"), 0, length slurp("$tmp/one.pdf")), slurp("$tmp/one.pdf"), '... and so are the first signature\'s');

(undef, $out) = sh("pdfsig -nssdir sql:$tmp $tmp/two.pdf");
is(scalar(() = $out =~ /Signature Validation: Signature is Valid\./g), 2, 'pdfsig: both signatures are valid') or diag $out;
is(scalar(() = $out =~ /Certificate Validation: Certificate is Trusted\./g), 2, '... and trusted with the CA');
like($out, qr/Signature #2:.*Total document signed/s, 'the last one covers the whole file');
like($out, qr/Signature Type: ETSI\.CAdES\.detached/, 'ETSI.CAdES.detached');
like($out, qr/Signing Hash Algorithm: SHA-256/, 'SHA-256');
($rc, $out) = sh("qpdf --check $tmp/two.pdf");
is($rc, 0, 'qpdf --check: no error') or diag $out;
my $two = slurp("$tmp/two.pdf");
like($two, qr{/Name <FEFF4F5085E400205065}, "the signer's name in /Name, as UTF-16");
like($two, qr{/M \(D:\d{14}\+09'00'\)}, 'the time in /M, Japan time');

# The seal once all have signed: a document timestamp over the whole
# file, which openssl ts -verify accepts; the signatures stay valid.
is(sign("$tmp/two.pdf", "$tmp/sealed.pdf", '--doc-timestamp'), 0, 'a document timestamp on top');
my @sig = PdfSig::signatures(slurp("$tmp/sealed.pdf"));
is(scalar @sig, 3, 'three signature dictionaries');
is($sig[2]{subfilter}, 'ETSI.RFC3161', '... the last an /ETSI.RFC3161 document timestamp');
is($sig[2]{range}[2] + $sig[2]{range}[3], length slurp("$tmp/sealed.pdf"), '... covering the whole file');
($rc, $out) = PdfSig::ts_verify($sig[2], "$dir/signer-public");
is($rc, 0, 'openssl ts -verify: the document timestamp verifies') or diag $out;
like($out, qr/Verification: OK/, '... Verification: OK');
my $forged = { %{$sig[2]}, data => $sig[2]{data} . 'x' };
($rc) = PdfSig::ts_verify($forged, "$dir/signer-public");
isnt($rc, 0, '... and fails for other bytes');
(undef, $out) = sh("pdfsig -nssdir sql:$tmp $tmp/sealed.pdf");
is(scalar(() = $out =~ /Signature Validation: Signature is Valid\./g), 2, 'pdfsig: the two signatures still valid under the seal') or diag $out;
($rc, $out) = sh("qpdf --check $tmp/sealed.pdf");
is($rc, 0, 'qpdf --check: no error') or diag $out;

# A PDF whose cross-reference is a stream gets a stream.
($rc) = sh("qpdf --object-streams=generate $pdf $tmp/xs.pdf");
is($rc, 0, 'a PDF with an xref stream (qpdf made it)');
is(sign("$tmp/xs.pdf", "$tmp/xs1.pdf", 'Signer'), 0, '... signed');
is(sign("$tmp/xs1.pdf", "$tmp/xs2.pdf", 'Signer 2'), 0, '... twice');
like(substr(slurp("$tmp/xs2.pdf"), length slurp("$tmp/xs1.pdf")), qr{/Type /XRef}, '... with an xref stream of its own');
(undef, $out) = sh("pdfsig -nssdir sql:$tmp $tmp/xs2.pdf");
is(scalar(() = $out =~ /Signature is Valid\./g), 2, '... both valid') or diag $out;
($rc) = sh("qpdf --check $tmp/xs2.pdf");
is($rc, 0, '... and qpdf --check passes');

# One byte changed in the signed part: the signatures no longer hold.
my $bad = $two;
my $at = index($bad, 'HeadlessChrome');
substr($bad, $at, 1) = 'h';
open(my $fh, '>:raw', "$tmp/bad.pdf") or die; print $fh $bad; close $fh;
(undef, $out) = sh("pdfsig -nssdir sql:$tmp $tmp/bad.pdf");
unlike($out, qr/Signature is Valid/, 'a changed byte: no signature is valid any more') or diag $out;

# What cannot be signed is refused, and nothing is written.
open($fh, '>:raw', "$tmp/not.pdf") or die; print $fh "%PDF-1.4\nnot really\n"; close $fh;
isnt(sign("$tmp/not.pdf", "$tmp/not-signed.pdf", 'x'), 0, 'not a PDF: refused');
ok(!-e "$tmp/not-signed.pdf", '... and no file written');
isnt(system($sign, "$dir/run/nosuch.sock", $pdf, "$tmp/x.pdf", 'x', 'y') >> 8, 0, 'no signer: refused');
ok(!-e "$tmp/x.pdf", '... and no file written');

$s->stop;
done_testing;
