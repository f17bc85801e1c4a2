/* The daemon's options: command line and configuration file, one table. */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "engine.h"
#include "opts.h"
#include "proto.h"

#ifndef SYNPRINT_DATADIR
#define SYNPRINT_DATADIR "/usr/local/share/synprint"
#endif

enum opt_id {
	O_CONFIG = 256, O_IFACE, O_READ, O_FILTER, O_SIGS, O_COMPAT, O_LOG,
	O_JSON, O_CACHE, O_TTL, O_RESULTS, O_RESULTS_TTL, O_UDP, O_ALLOW,
	O_P0F3, O_P0F2, O_POLICY, O_POLICY_HDR, O_CONTROL, O_SOCK_MODE,
	O_SOCK_GROUP, O_MAX_CLIENTS, O_P0F2_LOCAL, O_USER, O_CHROOT,
	O_DAEMON, O_PIDFILE, O_SYSLOG, O_VERBOSE, O_CHECK, O_HELP, O_VERSION,
};

struct optdef {
	const char *name;
	int shortc;		/* 0: long only */
	int arg;		/* 1: takes a value */
	int id;
	int in_file;		/* allowed in the configuration file */
};

static const struct optdef defs[] = {
	{ "config", 'C', 1, O_CONFIG, 0 },
	{ "interface", 'i', 1, O_IFACE, 1 },
	{ "read", 'r', 1, O_READ, 1 },
	{ "filter", 0, 1, O_FILTER, 1 },
	{ "signatures", 'f', 1, O_SIGS, 1 },
	{ "compat", 'c', 0, O_COMPAT, 1 },
	{ "log-file", 'o', 1, O_LOG, 1 },
	{ "json", 'j', 0, O_JSON, 1 },
	{ "cache", 'm', 1, O_CACHE, 1 },
	{ "ttl", 't', 1, O_TTL, 1 },
	{ "results", 0, 1, O_RESULTS, 1 },
	{ "results-ttl", 0, 1, O_RESULTS_TTL, 1 },
	{ "udp", 0, 1, O_UDP, 1 },
	{ "udp-allow", 0, 1, O_ALLOW, 1 },
	{ "p0f3", 's', 1, O_P0F3, 1 },
	{ "p0f2", 0, 1, O_P0F2, 1 },
	{ "policy", 0, 1, O_POLICY, 1 },
	{ "policy-header", 0, 1, O_POLICY_HDR, 1 },
	{ "control", 0, 1, O_CONTROL, 1 },
	{ "socket-mode", 0, 1, O_SOCK_MODE, 1 },
	{ "socket-group", 0, 1, O_SOCK_GROUP, 1 },
	{ "max-clients", 0, 1, O_MAX_CLIENTS, 1 },
	{ "p0f2-local-ip", 0, 1, O_P0F2_LOCAL, 1 },
	{ "user", 'u', 1, O_USER, 1 },
	{ "chroot", 0, 1, O_CHROOT, 1 },
	{ "daemon", 'd', 0, O_DAEMON, 1 },
	{ "pidfile", 'P', 1, O_PIDFILE, 1 },
	{ "syslog", 0, 0, O_SYSLOG, 1 },
	{ "verbose", 'v', 0, O_VERBOSE, 1 },
	{ "check", 'n', 0, O_CHECK, 0 },
	{ "help", 'h', 0, O_HELP, 0 },
	{ "version", 'V', 0, O_VERSION, 0 },
};
#define NDEFS	(sizeof(defs) / sizeof(defs[0]))

/* Copies of configuration-file values, freed by opts_release(). */
struct strnode {
	struct strnode *next;
	char s[];
};

void
opts_init(struct opts *o)
{
	struct engine_conf c;

	memset(o, 0, sizeof(*o));
	engine_conf_defaults(&c);
	o->conn_cap = c.conn_cap;
	o->host_cap = c.host_cap;
	o->conn_age_s = c.conn_age_s;
	o->host_idle_s = c.host_idle_s;
	o->results_cap = RESULTS_CAP_DEFAULT;
	o->results_ttl_s = RESULTS_TTL_DEFAULT_S;
	o->policy_header = POLICY_HEADER_DEFAULT;
	o->socket_mode = SOCKET_MODE_DEFAULT;
	o->max_clients = MAX_CLIENTS_DEFAULT;
}

void
opts_release(struct opts *o)
{
	struct strnode *n = o->strings, *next;

	for (; n; n = next) {
		next = n->next;
		free(n);
	}
	o->strings = NULL;
}

static const char *
keep(struct opts *o, const char *s)
{
	size_t len = strlen(s);
	struct strnode *n = malloc(sizeof(*n) + len + 1);

	if (n == NULL)
		return NULL;
	memcpy(n->s, s, len + 1);
	n->next = o->strings;
	o->strings = n;
	return n->s;
}

int
opts_wants_daemon(int argc, char **argv)
{
	static const char *const daemon_only[] = { "-i", "-s", "-C", "-d",
	    "-u", "-P", "--interface", "--udp", "--p0f3", "--p0f2",
	    "--policy", "--control", "--config", "--daemon", "--user",
	    "--pidfile", "--chroot", "--syslog", NULL };
	int i, j;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		for (j = 0; daemon_only[j]; j++) {
			size_t n = strlen(daemon_only[j]);

			/* "-iIFACE", "--udp=SPEC" and "-d" alone. */
			if (strncmp(argv[i], daemon_only[j], n) == 0 &&
			    (argv[i][n] == '\0' || argv[i][n] == '=' ||
			    (argv[i][1] != '-' && n == 2)))
				return 1;
		}
	}
	return 0;
}

static int
parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *v)
{
	char *end;
	unsigned long long x;

	errno = 0;
	x = strtoull(s, &end, 10);
	if (errno || end == s || *end != '\0' || *s == '-' || x < min ||
	    x > max)
		return -1;
	*v = x;
	return 0;
}

int
opts_pair(const char *s, uint64_t max_a, uint64_t max_b, uint64_t *a,
    uint64_t *b)
{
	char tmp[64], *comma;

	if (strlen(s) >= sizeof(tmp))
		return -1;
	strcpy(tmp, s);
	if ((comma = strchr(tmp, ',')) == NULL)
		return -1;
	*comma = '\0';
	return parse_u64(tmp, 1, max_a, a) < 0 ||
	    parse_u64(comma + 1, 1, max_b, b) < 0 ? -1 : 0;
}

void
opts_default_db(char *buf, size_t len)
{
	char exe[PATH_MAX - 64];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			snprintf(buf, len, "%s/../rules/synprint.fp", exe);
			if (access(buf, R_OK) == 0)
				return;
		}
	}
	snprintf(buf, len, "%s/synprint.fp", SYNPRINT_DATADIR);
}

int
opts_acl_parse(const char *s, struct acl *a)
{
	char tmp[80], *slash;
	uint64_t plen;

	memset(a, 0, sizeof(*a));
	if (strlen(s) >= sizeof(tmp))
		return -1;
	strcpy(tmp, s);
	if ((slash = strchr(tmp, '/')) != NULL)
		*slash = '\0';
	if (proto_addr_parse(tmp, strlen(tmp), &a->ver, a->net) < 0)
		return -1;
	a->plen = a->ver == 4 ? 32 : 128;
	if (slash) {
		if (parse_u64(slash + 1, 0, (uint64_t)a->plen, &plen) < 0)
			return -1;
		a->plen = (int)plen;
	}
	return 0;
}

static int
prefix_match(const uint8_t *a, const uint8_t *b, int plen)
{
	int full = plen / 8, rest = plen % 8;

	if (memcmp(a, b, (size_t)full) != 0)
		return 0;
	if (rest == 0)
		return 1;
	return ((a[full] ^ b[full]) & (0xff << (8 - rest))) == 0;
}

int
opts_acl_match(const struct opts *o, int ver, const uint8_t *addr)
{
	static const uint8_t v6lo[16] = { [15] = 1 };
	int i;

	if (o->n_allow == 0)
		return ver == 4 ? memcmp(addr, "\x7f\0\0\x01", 4) == 0 :
		    memcmp(addr, v6lo, 16) == 0;
	for (i = 0; i < o->n_allow; i++)
		if (o->allow[i].ver == ver &&
		    prefix_match(addr, o->allow[i].net, o->allow[i].plen))
			return 1;
	return 0;
}

static int
parse_bool(const char *v)
{
	if (v == NULL || strcasecmp(v, "yes") == 0 ||
	    strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0 ||
	    strcasecmp(v, "on") == 0)
		return 1;
	if (strcasecmp(v, "no") == 0 || strcasecmp(v, "false") == 0 ||
	    strcmp(v, "0") == 0 || strcasecmp(v, "off") == 0)
		return 0;
	return -1;
}

/* A header name: printable ASCII without ':' or space. */
static int
header_ok(const char *s)
{
	if (*s == '\0' || strlen(s) > 64)
		return 0;
	for (; *s; s++)
		if (*s <= ' ' || *s >= 0x7f || *s == ':')
			return 0;
	return 1;
}

static int
set_opt(struct opts *o, int id, const char *v, char *err, size_t errlen)
{
	uint64_t a, b;
	int x, ver;
	char *end;
	uint8_t addr[16];

#define BAD(...) do { snprintf(err, errlen, __VA_ARGS__); return -1; } \
	while (0)
	switch (id) {
	case O_CONFIG:
		o->config = v;
		break;
	case O_IFACE:
		if (o->n_ifaces == OPT_IFACES_MAX)
			BAD("more than %d interfaces", OPT_IFACES_MAX);
		o->ifaces[o->n_ifaces++] = v;
		break;
	case O_READ:
		o->read = v;
		break;
	case O_FILTER:
		o->filter = v;
		break;
	case O_SIGS:
		o->signatures = v;
		break;
	case O_LOG:
		o->log_file = v;
		break;
	case O_CACHE:
		if (opts_pair(v, CONN_CAP_MAX, HOST_CAP_MAX, &a, &b) < 0)
			BAD("cache wants CONNS,HOSTS, at most %d,%d",
			    CONN_CAP_MAX, HOST_CAP_MAX);
		o->conn_cap = a;
		o->host_cap = b;
		o->sizes_set = 1;
		break;
	case O_TTL:
		if (opts_pair(v, 1000000, 1000000, &a, &b) < 0)
			BAD("ttl wants SECONDS,MINUTES within 1-1000000");
		o->conn_age_s = (uint32_t)a;
		o->host_idle_s = (uint32_t)(b * 60);
		break;
	case O_RESULTS:
		if (parse_u64(v, 1, RESULTS_CAP_MAX, &a) < 0)
			BAD("results wants 1-%d endpoints", RESULTS_CAP_MAX);
		o->results_cap = a;
		break;
	case O_RESULTS_TTL:
		if (parse_u64(v, 1, 1000000000, &a) < 0)
			BAD("results-ttl wants seconds");
		o->results_ttl_s = (uint32_t)a;
		break;
	case O_UDP:
		if (o->n_udp == OPT_LISTEN_MAX)
			BAD("more than %d udp listeners", OPT_LISTEN_MAX);
		o->udp[o->n_udp++] = v;
		break;
	case O_ALLOW:
		if (o->n_allow == OPT_ACL_MAX)
			BAD("more than %d udp-allow networks", OPT_ACL_MAX);
		if (opts_acl_parse(v, &o->allow[o->n_allow]) < 0)
			BAD("udp-allow: '%s' is not an address or NET/LEN", v);
		o->n_allow++;
		break;
	case O_P0F3:
		o->p0f3 = v;
		break;
	case O_P0F2:
		o->p0f2 = v;
		break;
	case O_POLICY:
		o->policy = v;
		break;
	case O_POLICY_HDR:
		if (!header_ok(v))
			BAD("policy-header: '%s' is not a header name", v);
		o->policy_header = v;
		break;
	case O_CONTROL:
		o->control = v;
		break;
	case O_SOCK_MODE:
		errno = 0;
		a = strtoul(v, &end, 8);
		if (errno || end == v || *end || a > 0777)
			BAD("socket-mode wants an octal mode like 0660");
		o->socket_mode = (unsigned)a;
		break;
	case O_SOCK_GROUP:
		o->socket_group = v;
		break;
	case O_MAX_CLIENTS:
		if (parse_u64(v, 1, 1000000, &a) < 0)
			BAD("max-clients wants 1-1000000");
		o->max_clients = (int)a;
		break;
	case O_P0F2_LOCAL:
		if (o->n_p0f2_local == OPT_LOCAL_MAX)
			BAD("more than %d p0f2-local-ip", OPT_LOCAL_MAX);
		if (proto_addr_parse(v, strlen(v), &ver, addr) < 0 || ver != 4)
			BAD("p0f2-local-ip wants an IPv4 address");
		memcpy(o->p0f2_local[o->n_p0f2_local++], addr, 4);
		break;
	case O_USER:
		o->user = v;
		break;
	case O_CHROOT:
		o->chroot = v;
		break;
	case O_PIDFILE:
		o->pidfile = v;
		break;
	case O_COMPAT:
	case O_JSON:
	case O_DAEMON:
	case O_SYSLOG:
	case O_VERBOSE:
	case O_CHECK:
		if ((x = parse_bool(v)) < 0)
			BAD("'%s' is not yes or no", v);
		if (id == O_COMPAT)
			o->compat = x;
		else if (id == O_JSON)
			o->json = x;
		else if (id == O_DAEMON)
			o->daemonize = x;
		else if (id == O_SYSLOG)
			o->syslog = x;
		else if (id == O_VERBOSE)
			o->verbose = x;
		else
			o->check = x;
		break;
	default:
		BAD("unknown option");
	}
#undef BAD
	return 0;
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/*
 * One "name value" line of a configuration file (NUL-terminated, no
 * newline; modified in place). 0, or -1 with the reason in err.
 */
static int
config_line(struct opts *o, char *line, char *err, size_t errlen)
{
	char *name, *val, *p;
	const char *kept;
	size_t i;

	if ((p = strchr(line, '#')) != NULL)
		*p = '\0';
	name = trim(line);
	if (*name == '\0')
		return 0;
	for (p = name; *p && *p != ' ' && *p != '\t' && *p != '='; p++)
		;
	val = NULL;
	if (*p) {
		*p++ = '\0';
		val = trim(p);
		if (*val == '=')
			val = trim(val + 1);
		if (*val == '\0')
			val = NULL;
	}
	for (i = 0; i < NDEFS; i++)
		if (defs[i].in_file && strcmp(defs[i].name, name) == 0)
			break;
	if (i == NDEFS) {
		snprintf(err, errlen, "unknown setting '%s'", name);
		return -1;
	}
	if (defs[i].arg && val == NULL) {
		snprintf(err, errlen, "'%s' needs a value", name);
		return -1;
	}
	kept = NULL;
	if (val && (kept = keep(o, val)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return set_opt(o, defs[i].id, kept, err, errlen);
}

int
opts_parse_buf(struct opts *o, const char *name, const char *buf, size_t len,
    char *err, size_t errlen)
{
	char line[OPT_LINE_MAX + 1], msg[256];
	const char *p = buf, *end = buf + len, *nl;
	unsigned lineno = 0;
	size_t n, total = 0;

	while (p < end) {
		lineno++;
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		/* An over-long line counts with its first OPT_LINE_MAX + 1
		 * bytes, the most a line buffer takes. */
		total += n > OPT_LINE_MAX ? OPT_LINE_MAX + 1 : n + (nl != NULL);
		if (total > OPT_FILE_MAX) {
			snprintf(err, errlen, "%s:%u: file longer than "
			    "%d bytes", name, lineno, OPT_FILE_MAX);
			return -1;
		}
		if (n > OPT_LINE_MAX) {
			snprintf(err, errlen, "%s:%u: line longer than "
			    "%d bytes", name, lineno, OPT_LINE_MAX);
			return -1;
		}
		if (memchr(p, '\0', n) != NULL) {
			snprintf(err, errlen, "%s:%u: NUL byte", name, lineno);
			return -1;
		}
		memcpy(line, p, n);
		line[n] = '\0';
		p = nl ? nl + 1 : end;
		if (config_line(o, line, msg, sizeof(msg)) < 0) {
			snprintf(err, errlen, "%s:%u: %s", name, lineno, msg);
			return -1;
		}
	}
	return 0;
}

/* Reads the configuration file; errors on stderr. */
static int
read_config(struct opts *o, const char *path)
{
	FILE *f;
	char *buf = NULL, err[512];
	size_t n;
	int r = -1;

	if ((f = fopen(path, "re")) == NULL) {
		fprintf(stderr, "synprint-analyzer: %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	/* One byte more than allowed, so a longer file is noticed. */
	if ((buf = malloc(OPT_FILE_MAX + 1)) == NULL) {
		fprintf(stderr, "synprint-analyzer: %s: out of memory\n", path);
		goto out;
	}
	n = fread(buf, 1, OPT_FILE_MAX + 1, f);
	if (ferror(f)) {
		fprintf(stderr, "synprint-analyzer: %s: read error\n", path);
		goto out;
	}
	if (opts_parse_buf(o, path, buf, n, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		goto out;
	}
	r = 0;
out:
	free(buf);
	fclose(f);
	return r;
}

void
opts_usage(void *fp)
{
	FILE *f = fp;

	fprintf(f,
"usage: synprint-analyzer [options] [BPF filter]   (daemon mode)\n"
"Sources:\n"
"  -i, --interface IFACE   capture live (repeat for several; 'any')\n"
"  -r, --read FILE|-       replay a pcap file, or read a pcap stream from\n"
"                          standard input or a FIFO; keeps serving at EOF\n"
"  -f, --signatures FILE   p0f.fp-format database (default synprint.fp)\n"
"  -c, --compat            p0f 3.09b's matching and table sizes\n"
"  -o, --log-file FILE     append p0f-style lines (-j: JSON lines)\n"
"  -m, --cache C,H         connections and hosts kept\n"
"  -t, --ttl S,M           connection age (s), host idle time (min)\n"
"      --results N         connection results kept (default %d)\n"
"      --results-ttl S     idle expiry of results (default %d s)\n"
"Services (each off unless given):\n"
"      --udp SPEC          amavisd p0f-analyzer UDP: PORT (= 127.0.0.1 and\n"
"                          [::1]), ADDR:PORT, [ADDR]:PORT, *:PORT\n"
"      --udp-allow NET     who may ask (repeat; default loopback only;\n"
"                          required for a non-loopback address)\n"
"  -s, --p0f3 PATH         p0f v3 API unix socket (rspamd, Haraka, qpsmtpd)\n"
"      --p0f2 PATH         p0f v2 query unix socket (qpsmtpd version 2)\n"
"      --p0f2-local-ip IP  server address behind NAT that v2 queries name\n"
"      --policy SPEC       Postfix policy: inet:HOST:PORT or unix:PATH\n"
"      --policy-header H   header to prepend (default %s)\n"
"      --control PATH      control socket for synprint-query --stats\n"
"      --socket-mode MODE  mode of the unix sockets (default %04o)\n"
"      --socket-group G    group of the unix sockets\n"
"      --max-clients N     stream connections at once (default %d)\n"
"Daemon:\n"
"  -C, --config FILE       read settings first (same names, no dashes)\n"
"  -u, --user USER         drop privileges to USER after opening\n"
"      --chroot DIR        and chroot to DIR\n"
"  -d, --daemon            detach (with -P, write a pid file)\n"
"  -P, --pidfile FILE\n"
"      --syslog            log to syslog (the default with -d)\n"
"  -n, --check             check the configuration and database, exit\n"
"  -v, --verbose   -V, --version   -h, --help\n"
"Exit status: 0 clean stop, 1 runtime error, 2 configuration error.\n",
	    RESULTS_CAP_DEFAULT, RESULTS_TTL_DEFAULT_S, POLICY_HEADER_DEFAULT,
	    SOCKET_MODE_DEFAULT, MAX_CLIENTS_DEFAULT);
}

int
opts_parse(struct opts *o, int argc, char **argv)
{
	struct option lo[NDEFS + 1];
	char shorts[NDEFS * 2 + 2], err[256], *filter = NULL;
	size_t i, k = 0, len = 0;
	int ch, pass, j, id;

	memset(lo, 0, sizeof(lo));
	shorts[k++] = ':';
	for (i = 0; i < NDEFS; i++) {
		lo[i].name = defs[i].name;
		lo[i].has_arg = defs[i].arg ? required_argument : no_argument;
		lo[i].val = defs[i].id;
		if (defs[i].shortc) {
			shorts[k++] = (char)defs[i].shortc;
			if (defs[i].arg)
				shorts[k++] = ':';
		}
	}
	shorts[k] = '\0';
	/* Pass 0 finds the configuration file, pass 1 applies the rest. */
	for (pass = 0; pass < 2; pass++) {
		optind = 1;
		opterr = 0;
		while ((ch = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
			id = ch;
			for (i = 0; ch < 256 && i < NDEFS; i++)
				if (defs[i].shortc == ch)
					id = defs[i].id;
			if (ch == '?' || ch == ':') {
				fprintf(stderr, "synprint-analyzer: %s '%s'\n",
				    ch == ':' ? "missing value for" :
				    "unknown option", argv[optind - 1]);
				return -1;
			}
			if (pass == 0) {
				if (id == O_CONFIG)
					o->config = optarg;
				continue;
			}
			if (id == O_HELP) {
				opts_usage(stdout);
				return 1;
			}
			if (id == O_VERSION) {
				printf("synprint-analyzer %s\n",
				    SYNPRINT_VERSION);
				return 1;
			}
			if (set_opt(o, id, optarg, err, sizeof(err)) < 0) {
				fprintf(stderr, "synprint-analyzer: %s\n", err);
				return -1;
			}
		}
		if (pass == 0 && o->config && read_config(o, o->config) < 0)
			return -1;
	}
	if (optind < argc) {
		for (j = optind; j < argc; j++)
			len += strlen(argv[j]) + 1;
		if ((filter = calloc(1, len)) == NULL)
			return -1;
		for (j = optind; j < argc; j++) {
			if (j > optind)
				strcat(filter, " ");
			strcat(filter, argv[j]);
		}
		o->filter = keep(o, filter);
		free(filter);
	}
	return 0;
}
