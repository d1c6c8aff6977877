package Stack;
# Starts a whole Keiyaku stack (MariaDB, keiyaku-pool, keiyaku-jobs, Apache) for one
# test file: a temporary state directory, free ports, the demo data,
# through the same script/stack that script/server uses.  Stopped (by
# pid) when the object goes away; the error log is then checked for
# sanitizer reports and crashes.
use strict;
use warnings;
use Fcntl qw(:flock);
use File::Path ();
use File::Temp qw(tempdir);
use IO::Socket::INET;
use Test::More;
use Client;

sub free_port {
	my $s = IO::Socket::INET->new(Listen => 1, LocalAddr => '127.0.0.1',
	    LocalPort => 0, Proto => 'tcp', ReuseAddr => 1) or die "socket: $!";
	my $p = $s->sockport;
	close $s;
	return $p;
}

# make check sets both; by hand (prove -I t/lib t/x.t) they default to
# this checkout and its ./build.
use File::Basename qw(dirname);
use Cwd qw(abs_path);
sub srcdir   { $ENV{KEIYAKU_SRCDIR}   // abs_path(dirname(__FILE__) . '/../..') }
sub builddir { $ENV{KEIYAKU_BUILDDIR} // srcdir() . '/build' }

# Stack->start(conf => "extra keiyaku.conf lines", workers => N, env => {...},
#     jobs => 0 to start no job worker)
sub start {
	my ($class, %o) = @_;
	# Removed when the stack stops, unless something failed (or
	# KEIYAKU_KEEP is set): then it is kept for reading.
	my $dir = tempdir('keiyaku-t-XXXXXX', TMPDIR => 1, CLEANUP => 0);
	chmod 0755, $dir;	# www-data must reach the htdocs and sockets below
	my $self = bless {
		dir => $dir,
		http => free_port(),
		https => free_port(),
		db => free_port(),
		smtp => free_port(),
		pid => $$,
	}, $class;
	$self->{env} = {
		KEIYAKU_STATE_DIR => $dir,
		KEIYAKU_HTTP_PORT => $self->{http},
		KEIYAKU_HTTPS_PORT => $self->{https},
		KEIYAKU_DB_PORT => $self->{db},
		KEIYAKU_SMTP_PORT => $self->{smtp},
		KEIYAKU_BUILD_DIR => builddir(),
		KEIYAKU_DEMO => 1,
		KEIYAKU_WORKERS => $o{workers} // 3,
		KEIYAKU_WORKERS_SMALL => $o{small} // 1,
		KEIYAKU_CONF_APPEND => $o{conf} // '',
		KEIYAKU_JOBS => $o{jobs} // 1,
		%{ $o{env} // {} },
	};
	$self->db_template if ($self->{env}{KEIYAKU_DEMO} // '') eq '1';
	my $rc = $self->stack('start');
	# A free port can be taken by another test between the choice and
	# the bind: then again, on new ports.
	for (my $try = 1; $rc != 0 && $try <= 3 && $self->{out} =~ /Address already in use/; $try++) {
		diag("a port was taken meanwhile; starting again on other ports ($try)");
		$self->stack('stop');
		@{$self}{qw(http https db smtp)} = (free_port(), free_port(), free_port(), free_port());
		@{ $self->{env} }{qw(KEIYAKU_HTTP_PORT KEIYAKU_HTTPS_PORT KEIYAKU_DB_PORT KEIYAKU_SMTP_PORT)} =
		    @{$self}{qw(http https db smtp)};
		$rc = $self->stack('start');
	}
	if ($rc != 0) {
		$self->{keep} = 1;
		$self->stack('stop');
		BAIL_OUT("script/stack start failed ($rc); state kept in $dir");
	}
	return $self;
}

# The database of a new stack is a copy of a template made once per
# build (script/stack template: every migration and the demo data), made
# again when a migration or the demo changes; tests that run at once
# wait for each other here.
sub db_template {
	my ($self) = @_;
	my $t = builddir() . '/t/db-template';
	open(my $lock, '>', "$t.lock") or die "$t.lock: $!";
	flock($lock, LOCK_EX) or die "flock $t.lock: $!";
	my $dir = tempdir('keiyaku-tpl-XXXXXX', TMPDIR => 1, CLEANUP => 0);
	chmod 0755, $dir;
	local %ENV = (%ENV, KEIYAKU_STATE_DIR => $dir, KEIYAKU_DB_PORT => free_port(), KEIYAKU_DB_TEMPLATE => $t,
	    KEIYAKU_BUILD_DIR => builddir(), KEIYAKU_CONF_APPEND => '');
	my $out = `'@{[srcdir()]}/script/stack' template 2>&1`;
	my $rc = $? >> 8;
	close $lock;
	if ($rc != 0) {
		diag($out);
		BAIL_OUT("script/stack template failed ($rc); state kept in $dir");
	}
	system('rm', '-rf', $dir);
	$self->{env}{KEIYAKU_DB_TEMPLATE} = $t;
}

sub stack {
	my ($self, @args) = @_;
	local %ENV = (%ENV, %{ $self->{env} });
	my $out = `'@{[srcdir()]}/script/stack' @args 2>&1`;
	my $rc = $? >> 8;
	$self->{out} = $out;
	diag($out) if $rc != 0 || $ENV{KEIYAKU_VERBOSE};
	return $rc;
}

sub dir   { $_[0]{dir} }
sub base  { "http://127.0.0.1:$_[0]{http}" }
sub sbase { "https://127.0.0.1:$_[0]{https}" }
sub port  { $_[0]{http} }
sub sport { $_[0]{https} }
sub client { my ($self, %o) = @_; Client->new(base => $o{tls} ? $self->sbase : $self->base) }

# Runs SQL as the schema owner (root_sql: as MariaDB's root); returns
# rows as arrays of strings.
sub sql { my ($self, $q) = @_; $self->_sql($q, "--defaults-file=$self->{dir}/secrets/owner.cnf") }
sub root_sql { my ($self, $q) = @_; $self->_sql($q, "--defaults-file=$self->{dir}/my.cnf", '-u', 'root') }

sub _sql {
	my ($self, $q, @conn) = @_;
	open(my $fh, '-|', 'mariadb', @conn,
	    '--batch', '--skip-column-names', '-e', $q) or die "mariadb: $!";
	my @rows = map { chomp; [ split /\t/, $_, -1 ] } <$fh>;
	close $fh or die "mariadb failed on: $q";
	return @rows;
}

sub pidfile_pid {
	my ($self, $f) = @_;
	open(my $fh, '<', "$self->{dir}/$f") or return undef;
	my $p = <$fh>;
	chomp $p if defined $p;
	return $p;
}

# Pids of the FastCGI workers of one pool (children of keiyaku-pool).
sub workers {
	my ($self, $prog) = @_;
	my $sup = $self->pidfile_pid('run/keiyaku-pool.pid') or return ();
	my @w;
	for my $d (glob '/proc/[0-9]*') {
		open(my $st, '<', "$d/stat") or next;
		my $s = <$st>;
		next unless defined $s && $s =~ /^(\d+) \((.*)\) \S+ (\d+)/;
		my ($pid, $ppid) = ($1, $3);
		next unless $ppid == $sup;
		open(my $c, '<', "$d/cmdline") or next;
		my $cmd = do { local $/; <$c> } // '';
		push @w, $pid if $cmd =~ m{cgi-bin/\Q$prog\E\0};
	}
	return sort { $a <=> $b } @w;
}

# The job worker's pid, and its children (one per running job).
sub jobs_pid { $_[0]->pidfile_pid('run/keiyaku-jobs.pid') }
sub children {
	my ($self, $parent) = @_;
	my @c;
	for my $d (glob '/proc/[0-9]*') {
		open(my $st, '<', "$d/stat") or next;
		my $s = <$st>;
		push @c, $1 if defined $s && $s =~ /^(\d+) \(.*\) \S+ (\d+)/ && $2 == $parent;
	}
	return sort { $a <=> $b } @c;
}

sub slurp {
	my ($self, $rel) = @_;
	open(my $fh, '<', "$self->{dir}/$rel") or return '';
	local $/;
	return scalar <$fh>;
}

sub stop {
	my ($self) = @_;
	return if $self->{stopped} || $self->{pid} != $$;
	$self->{stopped} = 1;
	$self->stack('stop');
	# Sanitizer reports and worker crashes end up in the error logs
	# (the pools', the job worker's and the signer's).
	my $log = $self->slurp('log/keiyaku-error.log') . $self->slurp('log/keiyaku-jobs.log') .
	    $self->slurp('log/keiyaku-signer.log');
	# (SIGKILL and SIGTERM come from outside: tests send them on purpose.)
	my @bad = grep { /AddressSanitizer|LeakSanitizer|runtime error:|killed by signal (?!9\b|15\b)/ } split /\n/, $log;
	ok(!@bad, 'no sanitizer report or worker crash in the error log')
	    or do {
		$self->{keep} = 1;
		diag(join("\n", @bad[0 .. ($#bad < 40 ? $#bad : 40)]), "\n--- full logs kept in $self->{dir}/log/keiyaku-error.log, keiyaku-jobs.log and keiyaku-signer.log");
	    };
	File::Path::remove_tree($self->{dir}) unless $self->{keep} || $ENV{KEIYAKU_KEEP};
}

sub DESTROY { $_[0]->stop if $_[0]{env} }

1;
