# SpamAssassin plugin: the sending relay's operating system, from synprint.
package Mail::SpamAssassin::Plugin::Synprint;

use strict;
use warnings;
use re 'taint';

use Errno qw(EINTR EAGAIN);
use IO::Select;
use IO::Socket::IP;
use Socket qw(AF_INET AF_INET6 SOCK_DGRAM AI_NUMERICHOST inet_pton);
use Time::HiRes ();

use Mail::SpamAssassin::Plugin;
use Mail::SpamAssassin::Logger;
use Mail::SpamAssassin::Util qw(untaint_var compile_regexp);

our @ISA = qw(Mail::SpamAssassin::Plugin);
our $VERSION = '1.0';

# Bytes of a query synprint-analyzer reads (p0f-analyzer's 64-byte buffer);
# "[IPv6 address] nonce" always fits.
use constant QUERY_MAX => 64;
# Bytes of a reply read; synprint's replies are shorter (amavisd's limit).
use constant REPLY_MAX => 1024;
# Upper bound of synprint_timeout, seconds: the check must never stall.
use constant TIMEOUT_MAX => 5;
# The pseudo-headers this plugin owns.
use constant OS_HEADER     => 'X-Synprint-OS';
use constant RESULT_HEADER => 'X-Synprint-Result';

sub new {
	my ($class, $mailsa) = @_;

	$class = ref($class) || $class;
	my $self = $class->SUPER::new($mailsa);
	bless($self, $class);
	$self->{rx} = {};
	$self->set_config($mailsa->{conf});
	$self->register_eval_rule('synprint_os',
	    $Mail::SpamAssassin::Conf::TYPE_HEAD_EVALS);
	return $self;
}

sub _ip_ok {
	my ($ip) = @_;

	return defined($ip) && $ip ne '' &&
	    (inet_pton(AF_INET, $ip) || inet_pton(AF_INET6, $ip));
}

# An admin-only setting (a user_prefs file must not point the lookup
# elsewhere) whose value must be present and pass $check, which returns
# the value to store or undef when it is invalid.
sub _setting {
	my ($name, $default, $type, $check) = @_;

	return {
		setting  => $name,
		is_admin => 1,
		default  => $default,
		type     => $type,
		code     => sub {
			my ($c, $key, $value, $line) = @_;
			return $Mail::SpamAssassin::Conf::MISSING_REQUIRED_VALUE
			    if !defined($value) || $value eq '';
			my $v = $check->($value);
			return $Mail::SpamAssassin::Conf::INVALID_VALUE
			    unless defined $v;
			$c->{$name} = $v;
			return;
		},
	};
}

sub set_config {
	my ($self, $conf) = @_;
	my $num = $Mail::SpamAssassin::Conf::CONF_TYPE_NUMERIC;

	$conf->{parser}->register_commands([
		_setting('synprint_address', '127.0.0.1',
		    $Mail::SpamAssassin::Conf::CONF_TYPE_STRING, sub {
			my ($value) = @_;
			$value =~ s/\A\[(.*)\]\z/$1/;
			return _ip_ok($value) ? untaint_var($value) : undef;
		}),
		_setting('synprint_port', 2345, $num, sub {
			return $_[0] =~ /\A([0-9]{1,5})\z/ &&
			    $1 >= 1 && $1 <= 65535 ? untaint_var($1) + 0 : undef;
		}),
		_setting('synprint_timeout', 0.3, $num, sub {
			return $_[0] =~ /\A([0-9]*\.?[0-9]+)\z/ &&
			    $1 > 0 && $1 <= TIMEOUT_MAX ?
			    untaint_var($1) + 0 : undef;
		}),
	]);
}

# A message may carry headers named like our pseudo-headers; header rules
# would see them instead of our metadata (real headers win in
# PerMsgStatus::get).  Drop them from the parsed view, as SpamAssassin does
# for X-Spam-Relays-*.  The pristine text (what spamd hands back) is kept.
# Message::Node::delete_header() is not used: it compiles its pattern once
# per process (/o), so it would delete the wrong headers later.
sub _drop_carried {
	my ($pms) = @_;
	my $msg = $pms->{msg};

	for my $name (OS_HEADER, RESULT_HEADER) {
		my $key = lc $name;
		if (exists $msg->{headers}{$key}) {
			dbg("synprint: ignoring the message's own %s header",
			    $name);
			delete $msg->{headers}{$key};
			delete $msg->{raw_headers}{$key};
			$msg->{header_order} = [grep { lc($_) ne $key }
			    @{$msg->{header_order} || []}];
		}
		# Nothing should have read it yet; make sure.
		for my $k (keys %{$pms->{get_cache} || {}}) {
			delete $pms->{get_cache}{$k}
			    if $k =~ /\A\Q$name\E(?::|\z)/i;
		}
	}
}

# The relay whose SYN synprint saw: the first untrusted one (it connected
# to our last trusted MTA), else the last trusted one (every hop is
# trusted, e.g. local or loopback mail).
sub _relay_ip {
	my ($pms) = @_;
	my ($relay, $which);

	if (@{$pms->{relays_untrusted} || []}) {
		($relay, $which) = ($pms->{relays_untrusted}[0], 'untrusted');
	} elsif (@{$pms->{relays_trusted} || []}) {
		($relay, $which) = ($pms->{relays_trusted}[-1], 'trusted');
	} else {
		return;
	}
	my $ip = $relay->{ip};
	return unless defined $ip;
	$ip =~ s/\AIPv6://i;
	if (!_ip_ok($ip)) {
		dbg("synprint: relay address '%s' is not an IP address", $ip);
		return;
	}
	return (untaint_var($ip), $which);
}

# One query, "[IP] NONCE", and its reply within synprint_timeout.  Returns
# the result text ('' when synprint knows nothing), undef on no answer.
sub _lookup {
	my ($conf, $ip) = @_;
	my $timeout = $conf->{synprint_timeout};
	my $t0 = Time::HiRes::time();
	my $deadline = $t0 + $timeout;
	my $req = sprintf('[%s] %08x', $ip, int(rand(0xffffffff)));
	my ($sock, $buf);

	if (length($req) > QUERY_MAX) {
		dbg("synprint: query '%s' too long", $req);
		return;
	}
	$sock = IO::Socket::IP->new(
		PeerHost         => $conf->{synprint_address},
		PeerPort         => $conf->{synprint_port},
		Type             => SOCK_DGRAM,
		GetAddrInfoFlags => AI_NUMERICHOST,
	);
	if (!$sock) {
		dbg("synprint: no socket to [%s]:%d: %s",
		    $conf->{synprint_address}, $conf->{synprint_port}, $@);
		return;
	}
	if (!defined($sock->send($req))) {
		dbg("synprint: send to [%s]:%d failed: %s",
		    $conf->{synprint_address}, $conf->{synprint_port}, $!);
		return;
	}
	dbg("synprint: sent '%s' to [%s]:%d", $req,
	    $conf->{synprint_address}, $conf->{synprint_port});

	my $sel = IO::Select->new($sock);
	my $prefix = "$req ";
	for (;;) {
		my $left = $deadline - Time::HiRes::time();
		if ($left <= 0) {
			dbg("synprint: no answer within %.3f s", $timeout);
			return;
		}
		next unless $sel->can_read($left);
		if (!defined($sock->recv($buf, REPLY_MAX))) {
			next if $! == EINTR || $! == EAGAIN;
			# ECONNREFUSED: nothing listens there.
			dbg("synprint: no answer from [%s]:%d: %s",
			    $conf->{synprint_address}, $conf->{synprint_port},
			    $!);
			return;
		}
		if (length($buf) < length($prefix) + 2 ||
		    substr($buf, 0, length($prefix)) ne $prefix ||
		    substr($buf, -2) ne "\r\n") {
			dbg("synprint: ignoring a reply to another query");
			next;
		}
		my $result = substr($buf, length($prefix), -2);
		$result =~ tr/\x20-\x7e//cd;
		dbg("synprint: answer after %.1f ms: %s",
		    (Time::HiRes::time() - $t0) * 1000,
		    $result eq '' ? '(nothing known)' : $result);
		return $result;
	}
}

sub parsed_metadata {
	my ($self, $opts) = @_;
	my $pms = $opts->{permsgstatus};

	_drop_carried($pms);
	$pms->set_tag('SYNPRINTOS', '');
	$pms->set_tag('SYNPRINTRESULT', '');

	my ($ip, $which) = _relay_ip($pms);
	if (!defined $ip) {
		dbg("synprint: no relay to look up");
		return;
	}
	dbg("synprint: looking up %s, the %s relay", $ip,
	    $which eq 'untrusted' ? 'first untrusted' : 'last trusted');
	my $result = _lookup($pms->{conf}, $ip);
	return if !defined($result) || $result eq '';

	# The OS label is what comes before the first "; ".
	my ($os) = $result =~ /\A([^;]*)/;
	$os =~ s/\s+\z//;
	$pms->{msg}->put_metadata(RESULT_HEADER, $result);
	$pms->set_tag('SYNPRINTRESULT', $result);
	if ($os ne '') {
		$pms->{synprint_os} = $os;
		$pms->{msg}->put_metadata(OS_HEADER, $os);
		$pms->set_tag('SYNPRINTOS', $os);
	}
	return;
}

# eval:synprint_os()        true when the relay's OS is known
# eval:synprint_os('REGEX') true when it matches REGEX
sub synprint_os {
	my ($self, $pms, $re) = @_;
	my $os = $pms->{synprint_os};

	return 0 if !defined($os);
	return 1 if !defined($re);
	if (!exists $self->{rx}{$re}) {
		my ($rec, $err) = compile_regexp($re, 2);
		if (!$rec) {
			warn "synprint: invalid regex in eval:synprint_os: $err\n";
		}
		$self->{rx}{$re} = $rec;
	}
	return 0 if !$self->{rx}{$re};
	return $os =~ $self->{rx}{$re} ? 1 : 0;
}

1;

__END__

=head1 NAME

Mail::SpamAssassin::Plugin::Synprint - the sending relay's operating system, from synprint-analyzer

=head1 SYNOPSIS

  # synprint.pre
  loadplugin Mail::SpamAssassin::Plugin::Synprint Synprint.pm

  # local.cf (these are the defaults)
  synprint_address 127.0.0.1
  synprint_port    2345
  synprint_timeout 0.3

  # rules: see synprint.cf
  header SYNPRINT_WINXP  X-Synprint-OS =~ /\AWindows XP/
  header MY_XP_TOO       eval:synprint_os('^Windows XP')

=head1 DESCRIPTION

synprint-analyzer fingerprints the TCP SYN of every client that connects
to the mail server and answers, over UDP, in amavisd-new's p0f-analyzer
protocol (C<synprint-analyzer -i eth0 --udp 2345>). During every check
this plugin asks it about the relay that delivered the message and makes
the answer available to rules.

=head2 Which relay

The first untrusted relay (the host that connected to the last trusted
MTA), or, when every relay is trusted (local or loopback mail), the last
trusted one. So C<trusted_networks> must describe the hosts up to the MTA
on which synprint-analyzer captures. Nothing is looked up when the message
has no parsable Received header.

=head2 The query, and why it has no port

The plugin sends C<[IP] NONCE> (NONCE: 8 random hex digits) to
synprint_address:synprint_port and waits at most synprint_timeout seconds
for C<[IP] NONCE RESULT\r\n>; other replies are ignored. synprint answers
this form with the result of that host's latest connection.

The amavisd form C<[IP]:PORT> names one connection exactly, but
SpamAssassin never knows the client's source port reliably: its relay
records (parsed from Received headers) have none, Postfix and most MTAs
do not write it, and a header carrying it (an C<X-...-Client-Port> style
hint) could come from the sender. So no port is ever sent. When several
machines share one IP address (NAT) with overlapping connections, the
answer can describe another of them; where that matters, use the Postfix
policy service or amavisd-new, which know the port (see DEPLOYMENT.md).

The lookup is synchronous and bounded: one socket, one datagram, one
wait of at most synprint_timeout (default 0.3 s, at most 5 s). A
refused or lost datagram, a stopped daemon or a wrong answer never stalls
the check beyond that; the message is then scored without these rules.

Local-tests-only mode (C<spamassassin -L>, C<spamd -L>, amavisd's
C<$sa_local_tests_only>) does not turn the lookup off: it goes to the
synprint daemon of this site, not to the Internet.

=head2 What rules see

=over 4

=item X-Synprint-OS

pseudo-header with the OS label, e.g. C<Windows XP>, C<Linux 3.11 and
newer>, C<???> (a TCP stack synprint does not know). Absent when synprint
knows nothing about the relay.

=item X-Synprint-Result

pseudo-header with the whole answer, e.g.
C<Linux 3.11 and newer; dist: 0; link: Ethernet or modem; params: none;
raw_mtu: 1500; raw_sig: ...>.

=item eval:synprint_os() and eval:synprint_os('REGEX')

a header eval rule, true when the OS is known (and matches REGEX, a Perl
regular expression with optional C</.../flags>).

=item _SYNPRINTOS_ and _SYNPRINTRESULT_

template tags for C<add_header> (empty when unknown).

=back

The pseudo-headers are metadata. SpamAssassin lets a real header of the
same name win over metadata, so a sender could otherwise forge them: the
plugin removes any X-Synprint-OS or X-Synprint-Result header the message
itself carries from the parsed view before rules run (the message text
handed back by spamd is unchanged). The eval rule reads the plugin's own
value and cannot be forged either. X-p0f-OS, by contrast, is an ordinary
header: only the MTA (the synprint Postfix policy service) may add it,
which is why the rules for this plugin test X-Synprint-OS (synprint.cf)
and not X-p0f-OS (p0f.cf).

=head1 OPTIONS

Site-wide settings only (not in user_prefs).

=over 4

=item synprint_address IP (default 127.0.0.1)

IPv4 or IPv6 address (no host names) where synprint-analyzer's --udp
service listens.

=item synprint_port N (default 2345)

=item synprint_timeout SECONDS (default 0.3)

How long to wait for the answer; more than 0, at most 5.

=back

=head1 DEBUGGING

C<spamassassin -D synprint> or C<spamd -D synprint> logs the relay chosen,
the query sent, and the answer or why there was none.

=head1 SEE ALSO

synprint-analyzer(8), docs/PROTOCOL.md, docs/DEPLOYMENT.md, synprint.cf

=cut
