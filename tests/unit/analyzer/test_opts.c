/*
 * Unit tests of opts.c: the command line, the configuration file
 * ("name value" lines, the same names, "file:line: message" errors), the
 * command line winning over the file, every refused value, the UDP
 * allow-list (parse and match) and the daemon-mode switch.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"
#include "engine.h"
#include "opts.h"

#define MAX_ARGS	160
#define ARG_BYTES	1100

/* One opts_parse() call: its argv (alive as long as the opts point into
 * it), what it printed and what it returned. */
struct run {
	struct opts o;
	int argc;
	char *argv[MAX_ARGS + 1];
	char store[MAX_ARGS][ARG_BYTES];
	char out[8192];		/* stdout */
	char err[8192];		/* stderr */
	int r;
};

static char conf_path[64];

static int
setup(void **state)
{
	int fd;

	(void)state;
	snprintf(conf_path, sizeof(conf_path), "/tmp/test_opts.XXXXXX");
	if ((fd = mkstemp(conf_path)) < 0)
		return -1;
	close(fd);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	unlink(conf_path);
	return 0;
}

static void
write_conf(const char *text, size_t len)
{
	FILE *f = fopen(conf_path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static struct run *
run_new(void)
{
	struct run *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	opts_init(&r->o);
	r->argv[r->argc++] = strcpy(r->store[0], "synprint-analyzer");
	return r;
}

static void
arg(struct run *r, const char *a)
{
	assert_true(r->argc < MAX_ARGS && strlen(a) < ARG_BYTES);
	r->argv[r->argc] = strcpy(r->store[r->argc], a);
	r->argc++;
	r->argv[r->argc] = NULL;
}

/* Reads what fd 1 or 2 got while redirected to f. */
static void
slurp(FILE *f, char *buf, size_t len)
{
	size_t n;

	rewind(f);
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/* opts_parse() on the argv so far, stdout and stderr captured. */
static int
parse(struct run *r)
{
	static char prog[] = "x";
	static char *const none[] = { prog, NULL };
	FILE *fo = tmpfile(), *fe = tmpfile();
	int so, se;

	assert_non_null(fo);
	assert_non_null(fe);
	/* glibc keeps getopt state between calls; optind = 0 resets it. */
	optind = 0;
	assert_int_equal(getopt(1, none, ""), -1);
	fflush(stdout);
	fflush(stderr);
	so = dup(1);
	se = dup(2);
	dup2(fileno(fo), 1);
	dup2(fileno(fe), 2);
	r->r = opts_parse(&r->o, r->argc, r->argv);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	slurp(fo, r->out, sizeof(r->out));
	slurp(fe, r->err, sizeof(r->err));
	return r->r;
}

static void
run_free(struct run *r)
{
	opts_release(&r->o);
	free(r);
}

/* opts_parse() of a single option and value must fail with msg. */
static void
refused(const char *opt, const char *val, const char *msg)
{
	struct run *r = run_new();
	char want[512];

	arg(r, opt);
	if (val)
		arg(r, val);
	if (parse(r) != -1)
		fail_msg("%s %s was accepted", opt, val ? val : "");
	snprintf(want, sizeof(want), "synprint-analyzer: %s\n", msg);
	assert_string_equal(r->err, want);
	run_free(r);
}

/* ------------------------------------------------------------------ */

static void
test_defaults(void **state)
{
	struct engine_conf c;
	struct opts o;

	(void)state;
	engine_conf_defaults(&c);
	opts_init(&o);
	assert_int_equal(o.conn_cap, c.conn_cap);
	assert_int_equal(o.host_cap, c.host_cap);
	assert_int_equal(o.conn_age_s, c.conn_age_s);
	assert_int_equal(o.host_idle_s, c.host_idle_s);
	assert_int_equal(o.results_cap, RESULTS_CAP_DEFAULT);
	assert_int_equal(o.results_ttl_s, RESULTS_TTL_DEFAULT_S);
	assert_string_equal(o.policy_header, "X-p0f-OS");
	assert_int_equal(o.socket_mode, 0666);
	assert_int_equal(o.max_clients, MAX_CLIENTS_DEFAULT);
	assert_int_equal(o.n_udp + o.n_allow + o.n_ifaces, 0);
	assert_null(o.config);
	assert_null(o.filter);
	assert_int_equal(o.compat + o.json + o.daemonize + o.syslog, 0);
	opts_release(&o);
}

static void
test_command_line(void **state)
{
	static const char *const args[] = { "-i", "eth0", "--interface",
		"lo", "-r", "cap.pcap", "-f", "my.fp", "-c", "-o", "p0f.log",
		"-j", "-m", "1000,2000", "-t", "30,120", "--results", "100",
		"--results-ttl", "60", "--udp", "2345", "--udp=[::1]:2346",
		"--udp-allow", "10.0.0.0/8", "-s", "/run/p0f.sock", "--p0f2",
		"/run/p0f2.sock", "--p0f2-local-ip", "10.0.0.25", "--policy",
		"inet:127.0.0.1:10040", "--policy-header", "X-OS", "--control",
		"/run/ctl", "--socket-mode", "0660", "--socket-group", "mail",
		"--max-clients", "100", "-u", "nobody", "--chroot",
		"/var/empty", "-d", "-P", "/run/s.pid", "--syslog", "-v", "-n",
		"tcp", "port", "25" };
	struct run *r = run_new();
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(args) / sizeof(args[0]); i++)
		arg(r, args[i]);
	assert_int_equal(parse(r), 0);
	assert_string_equal(r->err, "");
	assert_int_equal(r->o.n_ifaces, 2);
	assert_string_equal(r->o.ifaces[0], "eth0");
	assert_string_equal(r->o.ifaces[1], "lo");
	assert_string_equal(r->o.read, "cap.pcap");
	assert_string_equal(r->o.signatures, "my.fp");
	assert_int_equal(r->o.compat, 1);
	assert_string_equal(r->o.log_file, "p0f.log");
	assert_int_equal(r->o.json, 1);
	assert_int_equal(r->o.conn_cap, 1000);
	assert_int_equal(r->o.host_cap, 2000);
	assert_int_equal(r->o.sizes_set, 1);
	assert_int_equal(r->o.conn_age_s, 30);
	assert_int_equal(r->o.host_idle_s, 120 * 60);
	assert_int_equal(r->o.results_cap, 100);
	assert_int_equal(r->o.results_ttl_s, 60);
	assert_int_equal(r->o.n_udp, 2);
	assert_string_equal(r->o.udp[0], "2345");
	assert_string_equal(r->o.udp[1], "[::1]:2346");
	assert_int_equal(r->o.n_allow, 1);
	assert_int_equal(r->o.allow[0].ver, 4);
	assert_int_equal(r->o.allow[0].plen, 8);
	assert_string_equal(r->o.p0f3, "/run/p0f.sock");
	assert_string_equal(r->o.p0f2, "/run/p0f2.sock");
	assert_int_equal(r->o.n_p0f2_local, 1);
	assert_memory_equal(r->o.p0f2_local[0], "\x0a\0\0\x19", 4);
	assert_string_equal(r->o.policy, "inet:127.0.0.1:10040");
	assert_string_equal(r->o.policy_header, "X-OS");
	assert_string_equal(r->o.control, "/run/ctl");
	assert_int_equal(r->o.socket_mode, 0660);
	assert_string_equal(r->o.socket_group, "mail");
	assert_int_equal(r->o.max_clients, 100);
	assert_string_equal(r->o.user, "nobody");
	assert_string_equal(r->o.chroot, "/var/empty");
	assert_int_equal(r->o.daemonize, 1);
	assert_string_equal(r->o.pidfile, "/run/s.pid");
	assert_int_equal(r->o.syslog, 1);
	assert_int_equal(r->o.verbose, 1);
	assert_int_equal(r->o.check, 1);
	assert_string_equal(r->o.filter, "tcp port 25");
	run_free(r);
}

/* Every spelling the file allows: "name value", "name = value",
 * "name=value", tabs, comments, CR LF, flags with and without a value. */
static void
test_config_file(void **state)
{
	static const char conf[] =
	    "# synprint.conf\n"
	    "\n"
	    "interface eth0\n"
	    "interface\tlo\n"
	    "udp = 2345\n"
	    "results=100\n"
	    "results-ttl 60   # idle seconds\n"
	    "  compat\n"
	    "json yes\n"
	    "syslog off\n"
	    "verbose = on\n"
	    "policy-header   X-p0f-OS\r\n"
	    "\tsignatures /usr/share/synprint/synprint.fp\n"
	    "p0f2-local-ip 10.0.0.25\n"
	    "udp-allow 192.168.0.0/16\n"
	    "policy inet:127.0.0.1:10040";	/* no final newline */
	struct run *r = run_new();

	(void)state;
	write_conf(conf, sizeof(conf) - 1);
	arg(r, "-C");
	arg(r, conf_path);
	assert_int_equal(parse(r), 0);
	assert_string_equal(r->err, "");
	assert_string_equal(r->o.config, conf_path);
	assert_int_equal(r->o.n_ifaces, 2);
	assert_string_equal(r->o.ifaces[0], "eth0");
	assert_string_equal(r->o.ifaces[1], "lo");
	assert_int_equal(r->o.n_udp, 1);
	assert_string_equal(r->o.udp[0], "2345");
	assert_int_equal(r->o.results_cap, 100);
	assert_int_equal(r->o.results_ttl_s, 60);
	assert_int_equal(r->o.compat, 1);
	assert_int_equal(r->o.json, 1);
	assert_int_equal(r->o.syslog, 0);
	assert_int_equal(r->o.verbose, 1);
	assert_string_equal(r->o.policy_header, "X-p0f-OS");
	assert_string_equal(r->o.signatures,
	    "/usr/share/synprint/synprint.fp");
	assert_int_equal(r->o.n_p0f2_local, 1);
	assert_int_equal(r->o.n_allow, 1);
	assert_int_equal(r->o.allow[0].plen, 16);
	assert_string_equal(r->o.policy, "inet:127.0.0.1:10040");
	run_free(r);
}

/* The command line wins wherever -C stands; repeatable settings add up,
 * the file's first. */
static void
test_command_line_wins(void **state)
{
	static const char conf[] = "results 100\nresults-ttl 60\n"
	    "policy-header X-A\ncompat yes\nudp 2345\nsocket-mode 0600\n";
	struct run *r = run_new();

	(void)state;
	write_conf(conf, sizeof(conf) - 1);
	arg(r, "--results");
	arg(r, "200");
	arg(r, "-C");
	arg(r, conf_path);
	arg(r, "--policy-header");
	arg(r, "X-B");
	arg(r, "--udp");
	arg(r, "2346");
	assert_int_equal(parse(r), 0);
	assert_int_equal(r->o.results_cap, 200);
	assert_int_equal(r->o.results_ttl_s, 60);
	assert_string_equal(r->o.policy_header, "X-B");
	assert_int_equal(r->o.compat, 1);
	assert_int_equal(r->o.socket_mode, 0600);
	assert_int_equal(r->o.n_udp, 2);
	assert_string_equal(r->o.udp[0], "2345");
	assert_string_equal(r->o.udp[1], "2346");
	run_free(r);
}

struct conf_case {
	const char *text;
	size_t len;		/* 0: strlen */
	const char *err;	/* after "NAME:" */
};

static void
test_config_errors(void **state)
{
	static const struct conf_case cases[] = {
		{ "bogus 1\n", 0, "1: unknown setting 'bogus'" },
		{ "# x\n\nudp\n", 0, "3: 'udp' needs a value" },
		{ "udp =  # no value\n", 0, "1: 'udp' needs a value" },
		{ "results 0\n", 0, "1: results wants 1-16777216 endpoints" },
		{ "compat maybe\n", 0, "1: 'maybe' is not yes or no" },
		{ "config /etc/other.conf\n", 0,
		    "1: unknown setting 'config'" },
		{ "check\n", 0, "1: unknown setting 'check'" },
		{ "help\n", 0, "1: unknown setting 'help'" },
		{ "--udp 2345\n", 0, "1: unknown setting '--udp'" },
		{ "UDP 2345\n", 0, "1: unknown setting 'UDP'" },
		{ "udp-allow 10.0.0.0/33\n", 0,
		    "1: udp-allow: '10.0.0.0/33' is not an address or "
		    "NET/LEN" },
		{ "policy-header X:Y\n", 0,
		    "1: policy-header: 'X:Y' is not a header name" },
		{ "socket-mode 0999\n", 0,
		    "1: socket-mode wants an octal mode like 0660" },
		{ "cache 1000\n", 0,
		    "1: cache wants CONNS,HOSTS, at most 16777216,16777216" },
		{ "ttl 30\n", 0,
		    "1: ttl wants SECONDS,MINUTES within 1-1000000" },
		{ "udp 1\nudp 2\nudp 3\nudp 4\nudp 5\nudp 6\nudp 7\nudp 8\n"
		    "udp 9\n", 0, "9: more than 8 udp listeners" },
		{ "udp 2345\nudp\x00 2346\n", 19, "2: NUL byte" },
	};
	char err[512], want[512];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct conf_case *c = &cases[i];
		size_t len = c->len ? c->len : strlen(c->text);
		struct opts o;

		opts_init(&o);
		err[0] = '\0';
		if (opts_parse_buf(&o, "t.conf", c->text, len, err,
		    sizeof(err)) != -1)
			fail_msg("case %zu was accepted", i);
		snprintf(want, sizeof(want), "t.conf:%s", c->err);
		assert_string_equal(err, want);
		opts_release(&o);
	}
}

/* The lines before a bad one have been applied; an empty text is fine. */
static void
test_config_partial_and_empty(void **state)
{
	struct opts o;
	char err[256];

	(void)state;
	opts_init(&o);
	assert_int_equal(opts_parse_buf(&o, "t", "results 5\nnope\n", 15,
	    err, sizeof(err)), -1);
	assert_int_equal(o.results_cap, 5);
	opts_release(&o);
	opts_init(&o);
	assert_int_equal(opts_parse_buf(&o, "t", "", 0, err, sizeof(err)), 0);
	assert_int_equal(opts_parse_buf(&o, "t", "\n\n# only\n", 9, err,
	    sizeof(err)), 0);
	assert_int_equal(o.results_cap, RESULTS_CAP_DEFAULT);
	opts_release(&o);
}

/* Lines up to OPT_LINE_MAX bytes, files up to OPT_FILE_MAX bytes. */
static void
test_config_limits(void **state)
{
	static char buf[OPT_FILE_MAX + 2048];
	struct opts o;
	char err[256];
	size_t n, lines;

	(void)state;
	opts_init(&o);
	/* A comment line of exactly OPT_LINE_MAX bytes, with and without
	 * its newline, then one byte more. */
	buf[0] = '#';
	memset(buf + 1, 'x', OPT_LINE_MAX - 1);
	buf[OPT_LINE_MAX] = '\n';
	assert_int_equal(opts_parse_buf(&o, "t", buf, OPT_LINE_MAX + 1, err,
	    sizeof(err)), 0);
	assert_int_equal(opts_parse_buf(&o, "t", buf, OPT_LINE_MAX, err,
	    sizeof(err)), 0);
	buf[OPT_LINE_MAX] = 'x';
	buf[OPT_LINE_MAX + 1] = '\n';
	assert_int_equal(opts_parse_buf(&o, "t", buf, OPT_LINE_MAX + 2, err,
	    sizeof(err)), -1);
	assert_string_equal(err, "t:1: line longer than 1024 bytes");
	assert_int_equal(opts_parse_buf(&o, "t", buf, OPT_LINE_MAX + 1, err,
	    sizeof(err)), -1);
	/* Comment lines of 64 bytes: the file may hold OPT_FILE_MAX. */
	for (n = 0, lines = 0; n + 64 <= OPT_FILE_MAX; n += 64, lines++) {
		memset(buf + n, '#', 63);
		buf[n + 63] = '\n';
	}
	assert_int_equal(n, OPT_FILE_MAX);
	assert_int_equal(opts_parse_buf(&o, "t", buf, n, err, sizeof(err)),
	    0);
	memcpy(buf + n, "#\n", 2);
	assert_int_equal(opts_parse_buf(&o, "t", buf, n + 2, err,
	    sizeof(err)), -1);
	snprintf(buf, sizeof(buf), "t:%zu: file longer than 65536 bytes",
	    lines + 1);
	assert_string_equal(err, buf);
	opts_release(&o);
}

/* Through opts_parse: the message names the file and the line. */
static void
test_config_error_printed(void **state)
{
	static const char conf[] = "udp 2345\n\n  udp-allow nonsense\n";
	struct run *r = run_new();
	char want[256];

	(void)state;
	write_conf(conf, sizeof(conf) - 1);
	arg(r, "--config");
	arg(r, conf_path);
	assert_int_equal(parse(r), -1);
	snprintf(want, sizeof(want), "%s:3: udp-allow: 'nonsense' is not an "
	    "address or NET/LEN\n", conf_path);
	assert_string_equal(r->err, want);
	run_free(r);
	/* A file that is not there, or a directory. */
	r = run_new();
	arg(r, "-C");
	arg(r, "/nonexistent/synprint.conf");
	assert_int_equal(parse(r), -1);
	assert_string_equal(r->err, "synprint-analyzer: "
	    "/nonexistent/synprint.conf: No such file or directory\n");
	run_free(r);
	r = run_new();
	arg(r, "-C");
	arg(r, "/");
	assert_int_equal(parse(r), -1);
	assert_string_equal(r->err, "synprint-analyzer: /: read error\n");
	run_free(r);
}

static void
test_bad_values(void **state)
{
	char name[80], msg[160];

	(void)state;
	refused("--results", "0", "results wants 1-16777216 endpoints");
	refused("--results", "abc", "results wants 1-16777216 endpoints");
	refused("--results", "-1", "results wants 1-16777216 endpoints");
	refused("--results", "16777217",
	    "results wants 1-16777216 endpoints");
	refused("--results", "18446744073709551617",
	    "results wants 1-16777216 endpoints");
	refused("--results-ttl", "0", "results-ttl wants seconds");
	refused("--results-ttl", "1000000001", "results-ttl wants seconds");
	refused("-m", "1000", "cache wants CONNS,HOSTS, at most "
	    "16777216,16777216");
	refused("-m", "0,5", "cache wants CONNS,HOSTS, at most "
	    "16777216,16777216");
	refused("-m", "1,2,3", "cache wants CONNS,HOSTS, at most "
	    "16777216,16777216");
	refused("-m", "16777217,1", "cache wants CONNS,HOSTS, at most "
	    "16777216,16777216");
	refused("-t", "30", "ttl wants SECONDS,MINUTES within 1-1000000");
	refused("-t", "30,0", "ttl wants SECONDS,MINUTES within 1-1000000");
	refused("--socket-mode", "1777",
	    "socket-mode wants an octal mode like 0660");
	refused("--socket-mode", "0999",
	    "socket-mode wants an octal mode like 0660");
	refused("--socket-mode", "", "socket-mode wants an octal mode like "
	    "0660");
	refused("--socket-mode", "-1", "socket-mode wants an octal mode like "
	    "0660");
	refused("--max-clients", "0", "max-clients wants 1-1000000");
	refused("--max-clients", "1000001", "max-clients wants 1-1000000");
	refused("--policy-header", "X OS",
	    "policy-header: 'X OS' is not a header name");
	refused("--policy-header", "", "policy-header: '' is not a header "
	    "name");
	refused("--policy-header", "X-\x7f", "policy-header: 'X-\x7f' is not "
	    "a header name");
	memset(name, 'H', 65);
	name[65] = '\0';
	snprintf(msg, sizeof(msg), "policy-header: '%s' is not a header name",
	    name);
	refused("--policy-header", name, msg);
	refused("--p0f2-local-ip", "::1",
	    "p0f2-local-ip wants an IPv4 address");
	refused("--p0f2-local-ip", "10.0.0.256",
	    "p0f2-local-ip wants an IPv4 address");
	refused("--udp-allow", "10.0.0.0/", "udp-allow: '10.0.0.0/' is not "
	    "an address or NET/LEN");
	refused("--udp-allow", "::1/129", "udp-allow: '::1/129' is not an "
	    "address or NET/LEN");
}

/* The option parser's own errors. */
static void
test_option_errors(void **state)
{
	struct run *r;

	(void)state;
	r = run_new();
	arg(r, "--bogus");
	assert_int_equal(parse(r), -1);
	assert_string_equal(r->err,
	    "synprint-analyzer: unknown option '--bogus'\n");
	run_free(r);
	r = run_new();
	arg(r, "-i");
	arg(r, "lo");
	arg(r, "--udp");
	assert_int_equal(parse(r), -1);
	assert_string_equal(r->err,
	    "synprint-analyzer: missing value for '--udp'\n");
	run_free(r);
	/* An error on the command line comes before the file is read. */
	r = run_new();
	arg(r, "-C");
	arg(r, "/nonexistent/synprint.conf");
	arg(r, "--bogus");
	assert_int_equal(parse(r), -1);
	assert_string_equal(r->err,
	    "synprint-analyzer: unknown option '--bogus'\n");
	run_free(r);
}

/* Lists are bounded. */
static void
test_list_limits(void **state)
{
	struct run *r;
	char a[32];
	int i;

	(void)state;
	r = run_new();
	for (i = 0; i <= OPT_IFACES_MAX; i++) {
		arg(r, "-i");
		snprintf(a, sizeof(a), "eth%d", i);
		arg(r, a);
	}
	assert_int_equal(parse(r), -1);
	assert_string_equal(r->err,
	    "synprint-analyzer: more than 16 interfaces\n");
	run_free(r);
	r = run_new();
	for (i = 0; i <= OPT_ACL_MAX; i++) {
		snprintf(a, sizeof(a), "--udp-allow=10.%d.0.0/16", i);
		arg(r, a);
	}
	assert_int_equal(parse(r), -1);
	assert_string_equal(r->err,
	    "synprint-analyzer: more than 64 udp-allow networks\n");
	assert_int_equal(r->o.n_allow, OPT_ACL_MAX);
	run_free(r);
	r = run_new();
	for (i = 0; i <= OPT_LOCAL_MAX; i++) {
		snprintf(a, sizeof(a), "--p0f2-local-ip=10.0.0.%d", i + 1);
		arg(r, a);
	}
	assert_int_equal(parse(r), -1);
	assert_string_equal(r->err,
	    "synprint-analyzer: more than 8 p0f2-local-ip\n");
	run_free(r);
}

/* The largest values that are still accepted. */
static void
test_value_bounds(void **state)
{
	struct run *r = run_new();
	char h64[65];

	(void)state;
	memset(h64, 'H', 64);
	h64[64] = '\0';
	arg(r, "--results=16777216");
	arg(r, "--results-ttl=1000000000");
	arg(r, "-m16777216,16777216");
	arg(r, "-t1000000,1000000");
	arg(r, "--max-clients=1000000");
	arg(r, "--socket-mode=0777");
	arg(r, "--policy-header");
	arg(r, h64);
	assert_int_equal(parse(r), 0);
	assert_int_equal(r->o.results_cap, 16777216);
	assert_int_equal(r->o.results_ttl_s, 1000000000);
	assert_int_equal(r->o.conn_cap, CONN_CAP_MAX);
	assert_int_equal(r->o.host_cap, HOST_CAP_MAX);
	assert_int_equal(r->o.host_idle_s, 60000000);
	assert_int_equal(r->o.max_clients, 1000000);
	assert_int_equal(r->o.socket_mode, 0777);
	assert_string_equal(r->o.policy_header, h64);
	run_free(r);
}

static void
test_help_version(void **state)
{
	struct run *r;

	(void)state;
	r = run_new();
	arg(r, "--udp");
	arg(r, "1");
	arg(r, "-h");
	assert_int_equal(parse(r), 1);
	assert_memory_equal(r->out, "usage: synprint-analyzer ", 25);
	assert_non_null(strstr(r->out, "--udp-allow NET"));
	assert_string_equal(r->err, "");
	run_free(r);
	r = run_new();
	arg(r, "-V");
	assert_int_equal(parse(r), 1);
	assert_string_equal(r->out, "synprint-analyzer " SYNPRINT_VERSION
	    "\n");
	run_free(r);
}

/* ------------------------------------------------------------------ */
/* Allow-list. */

struct acl_case {
	const char *in;
	int ok;
	int ver;
	int plen;
	uint8_t net0;		/* first byte of the network */
};

static void
test_acl_parse(void **state)
{
	static const struct acl_case cases[] = {
		{ "10.0.0.0/8", 1, 4, 8, 10 },
		{ "10.1.2.3", 1, 4, 32, 10 },
		{ "0.0.0.0/0", 1, 4, 0, 0 },
		{ "192.168.0.0/23", 1, 4, 23, 192 },
		{ "10.0.0.0/08", 1, 4, 8, 10 },
		{ "::1", 1, 6, 128, 0 },
		{ "2001:db8::/32", 1, 6, 32, 0x20 },
		{ "::/0", 1, 6, 0, 0 },
		{ "IPv6:fe80::/10", 1, 6, 10, 0xfe },
		/* A dotted IPv4-mapped network is an IPv4 one. */
		{ "::ffff:10.0.0.0/8", 1, 4, 8, 10 },
		{ "::ffff:10.0.0.0/104", 0, 0, 0, 0 },
		{ "10.0.0.0/33", 0, 0, 0, 0 },
		{ "::/129", 0, 0, 0, 0 },
		{ "10.0.0.0/", 0, 0, 0, 0 },
		{ "/8", 0, 0, 0, 0 },
		{ "10.0.0.0/-1", 0, 0, 0, 0 },
		{ "10.0.0.0/8/8", 0, 0, 0, 0 },
		{ "10.0.0/8", 0, 0, 0, 0 },
		{ "localhost", 0, 0, 0, 0 },
		{ "", 0, 0, 0, 0 },
		{ "0000:0000:0000:0000:0000:0000:0000:0000:0000:0000:0000:"
		    "0000:0000:0000:0000:0000:0000/8", 0, 0, 0, 0 },
	};
	struct acl a;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct acl_case *c = &cases[i];
		int r = opts_acl_parse(c->in, &a);

		if (!c->ok) {
			if (r != -1)
				fail_msg("'%s' was accepted", c->in);
			continue;
		}
		if (r != 0)
			fail_msg("'%s' was refused", c->in);
		assert_int_equal(a.ver, c->ver);
		assert_int_equal(a.plen, c->plen);
		assert_int_equal(a.net[0], c->net0);
	}
}

static int
match4(const struct opts *o, unsigned a, unsigned b, unsigned c, unsigned d)
{
	uint8_t x[16] = { (uint8_t)a, (uint8_t)b, (uint8_t)c, (uint8_t)d };

	return opts_acl_match(o, 4, x);
}

/* An IPv6 address text (through opts_acl_parse, a /128). */
static int
match6(const struct opts *o, const char *text)
{
	struct acl a;

	assert_int_equal(opts_acl_parse(text, &a), 0);
	assert_int_equal(a.ver, 6);
	return opts_acl_match(o, 6, a.net);
}

/* Empty: exactly 127.0.0.1 and ::1, like p0f-analyzer's @inet_acl. */
static void
test_acl_default_loopback(void **state)
{
	struct opts o;

	(void)state;
	opts_init(&o);
	assert_true(match4(&o, 127, 0, 0, 1));
	assert_false(match4(&o, 127, 0, 0, 5));
	assert_false(match4(&o, 10, 0, 0, 1));
	assert_true(match6(&o, "::1"));
	assert_false(match6(&o, "::2"));
	assert_false(match6(&o, "::"));
	opts_release(&o);
}

static void
test_acl_networks(void **state)
{
	struct opts o;

	(void)state;
	opts_init(&o);
	assert_int_equal(opts_acl_parse("10.1.2.3/8", &o.allow[0]), 0);
	assert_int_equal(opts_acl_parse("192.168.0.0/23", &o.allow[1]), 0);
	assert_int_equal(opts_acl_parse("2001:db8::/33", &o.allow[2]), 0);
	assert_int_equal(opts_acl_parse("198.51.100.7", &o.allow[3]), 0);
	o.n_allow = 4;
	/* Host bits of the network are ignored. */
	assert_true(match4(&o, 10, 0, 0, 0));
	assert_true(match4(&o, 10, 255, 255, 255));
	assert_false(match4(&o, 11, 0, 0, 0));
	assert_true(match4(&o, 192, 168, 1, 255));
	assert_false(match4(&o, 192, 168, 2, 0));
	assert_true(match4(&o, 198, 51, 100, 7));
	assert_false(match4(&o, 198, 51, 100, 8));
	assert_true(match6(&o, "2001:db8:7fff::1"));
	assert_false(match6(&o, "2001:db8:8000::1"));
	/* A list replaces the loopback default. */
	assert_false(match4(&o, 127, 0, 0, 1));
	assert_false(match6(&o, "::1"));
	/* Families never mix: 10.x is not ::a00:0/8. */
	assert_false(match6(&o, "a00::1"));
	/* /0 of one family. */
	assert_int_equal(opts_acl_parse("::/0", &o.allow[0]), 0);
	o.n_allow = 1;
	assert_true(match6(&o, "ffff::1"));
	assert_false(match4(&o, 10, 0, 0, 1));
	opts_release(&o);
}

/* ------------------------------------------------------------------ */

static int
wants(const char *a, const char *b)
{
	char s0[] = "synprint-analyzer", s1[64] = "", s2[64] = "";
	char *argv[4] = { s0, s1, s2, NULL };

	snprintf(s1, sizeof(s1), "%s", a);
	if (b)
		snprintf(s2, sizeof(s2), "%s", b);
	return opts_wants_daemon(b ? 3 : 2, argv);
}

static void
test_wants_daemon(void **state)
{
	(void)state;
	assert_true(wants("-i", "eth0"));
	assert_true(wants("-ieth0", NULL));
	assert_true(wants("--udp=2345", NULL));
	assert_true(wants("--udp", "2345"));
	assert_true(wants("-s", "/run/p0f.sock"));
	assert_true(wants("--p0f2", "x"));
	assert_true(wants("--policy", "unix:x"));
	assert_true(wants("--control", "x"));
	assert_true(wants("-C", "x"));
	assert_true(wants("--config=x", NULL));
	assert_true(wants("-d", NULL));
	assert_true(wants("-u", "nobody"));
	assert_true(wants("-P", "x"));
	assert_true(wants("--chroot", "x"));
	assert_true(wants("--syslog", NULL));
	/* The offline tool's options alone. */
	assert_false(wants("-r", "file.pcap"));
	assert_false(wants("-f", "x.fp"));
	assert_false(wants("-o", "log"));
	assert_false(wants("-c", NULL));
	assert_false(wants("--udpx", "1"));
	assert_false(wants("--", "-i"));
	assert_false(wants("tcp", "port"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_command_line),
		cmocka_unit_test(test_config_file),
		cmocka_unit_test(test_command_line_wins),
		cmocka_unit_test(test_config_errors),
		cmocka_unit_test(test_config_partial_and_empty),
		cmocka_unit_test(test_config_limits),
		cmocka_unit_test(test_config_error_printed),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_option_errors),
		cmocka_unit_test(test_list_limits),
		cmocka_unit_test(test_value_bounds),
		cmocka_unit_test(test_help_version),
		cmocka_unit_test(test_acl_parse),
		cmocka_unit_test(test_acl_default_loopback),
		cmocka_unit_test(test_acl_networks),
		cmocka_unit_test(test_wants_daemon),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
