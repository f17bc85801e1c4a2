/*
 * The daemon's settings: one table of options shared by the command line
 * (--name VALUE) and the configuration file ("name value" lines), so
 * both say the same things the same way.
 */
#ifndef SYNPRINT_OPTS_H
#define SYNPRINT_OPTS_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"

/* An allow-list entry: network / prefix length. */
struct acl {
	int ver;		/* 4 or 6 */
	uint8_t net[16];
	int plen;
};

struct opts {
	const char *config;	/* -C: the file read first */
	const char *ifaces[OPT_IFACES_MAX];
	int n_ifaces;
	const char *read;	/* -r: a pcap file or "-" */
	const char *filter;	/* BPF; NULL: the SMTP default */
	const char *signatures;	/* -f */
	int compat;		/* -c */
	const char *log_file;	/* -o */
	int json;		/* -j */
	size_t conn_cap, host_cap;
	uint32_t conn_age_s, host_idle_s;
	int sizes_set;
	size_t results_cap;
	uint32_t results_ttl_s;
	const char *udp[OPT_LISTEN_MAX];
	int n_udp;
	struct acl allow[OPT_ACL_MAX];
	int n_allow;		/* 0: loopback only */
	const char *p0f3;	/* -s */
	const char *p0f2;
	const char *policy;	/* inet:HOST:PORT, unix:PATH or PATH */
	const char *policy_header;
	const char *control;
	unsigned socket_mode;
	const char *socket_group;
	int max_clients;
	uint8_t p0f2_local[OPT_LOCAL_MAX][4];
	int n_p0f2_local;
	const char *user;	/* -u */
	const char *chroot;
	int daemonize;		/* -d */
	const char *pidfile;	/* -P */
	int syslog;
	int verbose;		/* -v */
	int check;		/* -n */
	void *strings;		/* copies of config-file values */
};

/* Defaults. */
void opts_init(struct opts *);
void opts_release(struct opts *);

/* 1 if argv asks for the daemon rather than the offline tool. */
int opts_wants_daemon(int argc, char **argv);

/*
 * Reads the command line (and the configuration file it names, first;
 * the command line wins). 0, 1 when it printed help or the version, or
 * -1 after printing the error.
 */
int opts_parse(struct opts *, int argc, char **argv);

/*
 * Applies the "name value" lines of a configuration text of len bytes
 * (what -C FILE holds; name is used in messages). Values are copied and
 * freed by opts_release(). 0, or -1 with "name:line: message" in err;
 * the lines before the bad one have been applied.
 */
int opts_parse_buf(struct opts *, const char *name, const char *buf,
    size_t len, char *err, size_t errlen);

/* "A,B" with 1 <= A <= max_a and 1 <= B <= max_b: 0, or -1. */
int opts_pair(const char *s, uint64_t max_a, uint64_t max_b, uint64_t *a,
    uint64_t *b);

/* The signature database next to the program in a build tree (when
 * readable), else the installed one. */
void opts_default_db(char *buf, size_t len);

/* Parses "NET/LEN" or an address into a; 0 or -1. */
int opts_acl_parse(const char *s, struct acl *a);

/* 1 if (ver, addr) is in the allow-list (loopback when it is empty). */
int opts_acl_match(const struct opts *, int ver, const uint8_t *addr);

/* The usage text. */
void opts_usage(void *stdio_file);

#endif
