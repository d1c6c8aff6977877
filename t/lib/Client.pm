package Client;
# A small browser for the tests: keeps cookies, never follows
# redirects, and knows the CSRF token of the last page it saw.
use strict;
use warnings;
use HTTP::Tiny;

sub new {
	my ($class, %o) = @_;
	return bless {
		base => $o{base},
		jar => {},
		ua => HTTP::Tiny->new(max_redirect => 0, timeout => 30,
		    verify_SSL => 0, agent => 'keiyaku-test/1'),
		csrf => undef,
	}, $class;
}

sub cookie { $_[0]{jar}{$_[1]} }
sub set_cookie { my ($s, $k, $v) = @_; if (defined $v) { $s->{jar}{$k} = $v } else { delete $s->{jar}{$k} } }
sub csrf { $_[0]{csrf} }

sub _cookie_header {
	my ($self) = @_;
	return join('; ', map { "$_=$self->{jar}{$_}" } sort keys %{ $self->{jar} });
}

sub _take {
	my ($self, $res) = @_;
	my $sc = $res->{headers}{'set-cookie'};
	for my $c (ref $sc ? @$sc : defined $sc ? ($sc) : ()) {
		my ($kv) = split /;/, $c;
		my ($k, $v) = split /=/, $kv, 2;
		if ($c =~ /Max-Age=0/i) { delete $self->{jar}{$k} } else { $self->{jar}{$k} = $v }
	}
	if (($res->{content} // '') =~ /name="csrf" value="([0-9a-f]{64})"/) {
		$self->{csrf} = $1;
	}
	return $res;
}

sub request {
	my ($self, $method, $path, %o) = @_;
	my %h = %{ $o{headers} // {} };
	my $ck = $self->_cookie_header;
	$h{Cookie} = $ck if $ck ne '' && !exists $h{Cookie};
	my %args = (headers => \%h);
	$args{content} = $o{content} if defined $o{content};
	return $self->_take($self->{ua}->request($method, $self->{base} . $path, \%args));
}

sub get { my ($s, $p, %o) = @_; $s->request('GET', $p, %o) }

# post($path, [k => v, ...]): urlencoded form; the page's CSRF token is
# added unless the form has its own "csrf" entry.
sub post {
	my ($self, $path, $form, %o) = @_;
	# Values may be UTF-8 bytes (tests without "use utf8") or characters;
	# HTTP::Tiny encodes characters, so bytes are decoded first.
	my @f = map { my $v = $_; utf8::decode($v) unless utf8::is_utf8($v); $v } @{ $form // [] };
	my %has = @f;
	push @f, csrf => $self->{csrf} if !exists $has{csrf} && defined $self->{csrf};
	my $body = $self->{ua}->www_form_urlencode(\@f);
	return $self->request('POST', $path, content => $body, headers => {
		'Content-Type' => 'application/x-www-form-urlencoded', %{ $o{headers} // {} } });
}

# upload($path, [k => v, ...], [field => [filename, bytes, type]], ...):
# multipart/form-data with the page's CSRF token, as a browser sends a
# file form.  File names are characters (sent as UTF-8), contents bytes.
sub upload {
	my ($self, $path, $form, @files) = @_;
	my @f = @{ $form // [] };
	my %has = @f;
	push @f, csrf => $self->{csrf} if !exists $has{csrf} && defined $self->{csrf};
	my $bd = 'kkTestBoundary' . int(rand(1e9));
	my $body = '';
	while (my ($k, $v) = splice(@f, 0, 2)) {
		utf8::encode($v) if utf8::is_utf8($v);
		$body .= "--$bd\r\nContent-Disposition: form-data; name=\"$k\"\r\n\r\n$v\r\n";
	}
	while (my ($k, $spec) = splice(@files, 0, 2)) {
		my ($name, $bytes, $type) = @$spec;
		utf8::encode($name) if utf8::is_utf8($name);
		$body .= "--$bd\r\nContent-Disposition: form-data; name=\"$k\"; filename=\"$name\"\r\n"
		    . "Content-Type: " . ($type // 'application/octet-stream') . "\r\n\r\n$bytes\r\n";
	}
	$body .= "--$bd--\r\n";
	return $self->request('POST', $path, content => $body,
	    headers => { 'Content-Type' => "multipart/form-data; boundary=$bd" });
}

# Signs in through the real form.  Returns the POST response.
sub signin {
	my ($self, $email, $pw) = @_;
	$self->get('/signin');
	return $self->post('/signin', [ email => $email, password => $pw // 'keiyaku-demo-2026' ]);
}

1;
