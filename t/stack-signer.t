# keiyaku-signer through the running stack: script/stack made the
# deployment's CA, signing and timestamp certificates, the private keys
# readable by nobody else; the signer answers a digest with a detached
# CAdES CMS signature (timestamped) or an RFC 3161 token, which OpenSSL
# verifies against the CA with the data, and refuses anything else.
use strict;
use warnings;
use Test::More;
use IO::Socket::UNIX;
use Digest::SHA qw(sha256_hex);
use File::Temp qw(tempdir);
use Stack;

my $s = Stack->start;
my $dir = $s->dir;
my $tmp = tempdir(CLEANUP => 1);
sub mode { (stat $_[0])[2] & 07777 }
sub sh { my $out = `$_[0] 2>&1`; return ($? >> 8, $out) }
sub ask {
	my ($line) = @_;
	my $c = IO::Socket::UNIX->new(Peer => "$dir/run/signer.sock", Type => SOCK_STREAM) or return "connect: $!";
	print $c $line;
	shutdown($c, 1);
	local $/ = "\n";
	my $r = <$c> // '';
	chomp $r;
	return $r;
}
sub save { my ($f, $hex) = @_; open(my $fh, '>:raw', $f) or die; print $fh pack('H*', $hex); close $fh; $f }

# The keys and certificates.
is(mode("$dir/signer"), 0700, 'signer_dir is 0700');
is(mode("$dir/signer/$_"), 0600, "$_ is 0600") for qw(ca.key sign.key tsa.key);
is(mode("$dir/signer-public/$_"), 0644, "$_ is public") for qw(ca.pem sign.pem tsa.pem);
my (undef, $ca) = sh("openssl x509 -in $dir/signer-public/ca.pem -noout -text");
like($ca, qr/CA:TRUE/, 'the CA certificate is a CA');
my (undef, $tsa) = sh("openssl x509 -in $dir/signer-public/tsa.pem -noout -text");
like($tsa, qr/X509v3 Extended Key Usage: critical\s+Time Stamping/, 'the TSA certificate: timeStamping, critical');
my ($rc) = sh("openssl verify -CAfile $dir/signer-public/ca.pem $dir/signer-public/sign.pem $dir/signer-public/tsa.pem");
is($rc, 0, 'both are issued by the CA');
SKIP: {
	skip 'not root: the workers run as this same user', 2 if $> != 0;
	($rc) = sh("runuser -u www-data -- cat $dir/signer/sign.key");
	isnt($rc, 0, "the workers' user cannot read the signing key");
	($rc) = sh("runuser -u www-data -- ls $dir/signer");
	isnt($rc, 0, '... nor list the signer directory');
}

# A signature over a document's digest.
my $data = "契約書の本文 " x 1000;
my $df = "$tmp/doc.bin";
open(my $fh, '>:raw', $df) or die; print $fh $data; close $fh;
my $dig = sha256_hex($data);
my $r = ask("cms $dig\n");
like($r, qr/^ok [0-9a-f]+$/, 'cms: a signature');
my $sig = save("$tmp/sig.der", substr($r, 3));
my $out;
($rc, $out) = sh("openssl cms -verify -binary -inform DER -in $sig -content $df -CAfile $dir/signer-public/ca.pem -purpose any -out /dev/null");
is($rc, 0, 'OpenSSL verifies it with the document and the CA') or diag $out;
open($fh, '>:raw', "$tmp/other.bin") or die; print $fh $data . 'x'; close $fh;
($rc) = sh("openssl cms -verify -binary -inform DER -in $sig -content $tmp/other.bin -CAfile $dir/signer-public/ca.pem -purpose any -out /dev/null");
isnt($rc, 0, '... and not with a changed document');
(undef, $out) = sh("openssl cms -cmsout -print -inform DER -in $sig");
like($out, qr/id-smime-aa-signingCertificateV2/, 'CAdES: signing-certificate-v2');
like($out, qr/id-smime-aa-timeStampToken/, 'a timestamp token on the signature');
like($out, qr/CN=Keiyaku Signing Service/, 'signed by the signing certificate');
like($out, qr/d.content: <ABSENT>|eContent: <ABSENT>/, 'detached');

# A document timestamp.
$r = ask("ts $dig\n");
like($r, qr/^ok [0-9a-f]+$/, 'ts: a token');
my $tok = save("$tmp/tok.der", substr($r, 3));
($rc, $out) = sh("openssl ts -verify -data $df -in $tok -token_in -CAfile $dir/signer-public/ca.pem -untrusted $dir/signer-public/tsa.pem");
like($out, qr/Verification: OK/, 'openssl ts -verify: OK for the document') or diag $out;
($rc, $out) = sh("openssl ts -verify -data $tmp/other.bin -in $tok -token_in -CAfile $dir/signer-public/ca.pem -untrusted $dir/signer-public/tsa.pem");
unlike($out, qr/Verification: OK/, '... and not for another');
(undef, $out) = sh("openssl ts -reply -in $tok -token_in -text");
like($out, qr/Hash Algorithm: sha256/, 'the token is over a SHA-256 digest');
my ($serial1) = $out =~ /Serial number: (\S+)/;
(undef, $out) = sh("openssl ts -reply -in " . save("$tmp/tok2.der", substr(ask("ts $dig\n"), 3)) . " -token_in -text");
my ($serial2) = $out =~ /Serial number: (\S+)/;
ok($serial1 && $serial2 && $serial1 ne $serial2, 'each token has its own serial number');

# Anything else is refused, and nothing is signed.
for my $bad ("cms 1234\n", "cms " . ('g' x 64) . "\n", "sign $dig\n", "cms\n", "\n", "cms $dig", ('x' x 300) . "\n") {
	like(ask($bad), qr/^err /, 'refused: ' . substr($bad =~ s/\n/\\n/gr, 0, 40));
}
like(ask("cms $dig\n"), qr/^ok /, 'and it still signs after all that');

$s->stop;
done_testing;
