/*
 * The p0f.fp-format signature database: loading (all-or-nothing, errors as
 * "file:line: message") into an immutable set, and the look-ups matching
 * needs. A loaded set is never modified, so it can be swapped atomically.
 */
#ifndef SYNPRINT_SIGDB_H
#define SYNPRINT_SIGDB_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"

/* How a signature constrains the window. */
enum sig_win { WIN_ANY, WIN_LIT, WIN_MOD, WIN_MSS, WIN_MTU };

#define SYS_CLASS_BIT	0x80000000u /* sys entry names a class, not a name */
#define CLASS_APP	(-1)	     /* class "!": an application */

/* One "label =" line of a tcp or http section. */
struct sig_label {
	uint32_t id;		/* order of label lines, from 0 */
	uint8_t generic;	/* "g:" rather than "s:" */
	int8_t class_id;	/* index into the classes, or CLASS_APP */
	uint32_t name_id;	/* interned name (case-insensitive) */
	const char *name;	/* first spelling of the name */
	const char *flavor;	/* NULL when empty */
	const char *text;	/* "name flavor" (or "name") */
	uint16_t text_len;
	uint16_t name_len;	/* of name, the start of text */
	const uint32_t *sys;	/* apps: name ids, or class | SYS_CLASS_BIT */
	uint16_t nsys;
	uint32_t line;
};

/* One TCP signature. */
struct tcp_sig {
	const struct sig_label *label;
	int8_t ver;		/* 4, 6, or -1 for "*" */
	uint8_t ttl;		/* initial TTL */
	uint8_t bad_ttl;	/* "N-": TTL is random up to N */
	uint8_t olen;		/* IPv4 option bytes */
	int32_t mss;		/* -1 for "*" */
	uint8_t wtype;		/* enum sig_win */
	uint16_t wval;		/* literal, modulus or multiplier */
	int16_t scale;		/* -1 for "*" */
	uint8_t opt_cnt;
	uint8_t opt[MAX_TCP_OPT];
	uint8_t eol_pad;
	uint32_t quirks;	/* Q_* of packet.h */
	int8_t pclass;		/* -1 any, 0 no payload, 1 payload */
	uint32_t line;
};

/* One HTTP header item of an HTTP signature. */
struct http_hdr {
	const char *name;
	const char *value;	/* substring to find, or NULL */
	uint8_t optional;	/* "?Name" */
};

/* One HTTP signature (parsed and kept; not used for SMTP). */
struct http_sig {
	const struct sig_label *label;
	int8_t ver;		/* 0, 1, or -1 */
	const struct http_hdr *hdr;
	uint16_t nhdr;
	const char *const *absent;
	uint16_t nabsent;
	const char *expsw;	/* expected software substring, or NULL */
	uint32_t line;
};

/* Section counts, for "-n" and the start-up message. */
struct sigdb_counts {
	size_t mtu, tcp_req, tcp_resp, http_req, http_resp, labels, generic;
};

struct sigdb;

struct sigdb_err {
	char msg[512];		/* "file:line: message" */
};

/* Errors of the loader (negative). */
enum sigdb_errno {
	SIGDB_EIO = -1,		/* file could not be read */
	SIGDB_ESYNTAX = -2,	/* file:line error in err->msg */
	SIGDB_ENOMEM = -3,
	SIGDB_ETOOBIG = -4,	/* a limit of config.h was exceeded */
};

/*
 * Load a database from a file or a buffer. On success *out is a new set
 * (free with sigdb_free); on failure nothing is kept and err->msg says
 * where and why.
 */
int sigdb_load_file(const char *path, struct sigdb **out,
    struct sigdb_err *err) __attribute__((warn_unused_result));
/* The same for the file name in directory dirfd (a reload inside a
 * chroot); messages name it path. */
int sigdb_load_at(int dirfd, const char *name, const char *path,
    struct sigdb **out, struct sigdb_err *err)
    __attribute__((warn_unused_result));
int sigdb_load_mem(const char *name, const char *buf, size_t len,
    struct sigdb **out, struct sigdb_err *err)
    __attribute__((warn_unused_result));
void sigdb_free(struct sigdb *);

void sigdb_counts(const struct sigdb *, struct sigdb_counts *);

/*
 * TCP signatures of the request (response = 0) or response (1) section
 * whose option layout equals opt[0..cnt), in file order. Returns their
 * number; *out points into the set.
 */
size_t sigdb_tcp_by_layout(const struct sigdb *, int response,
    const uint8_t *opt, uint8_t cnt, const struct tcp_sig *const **out);

/* The hash that buckets option layouts (kinds in wire order). */
uint32_t sigdb_layout_hash(const uint8_t *opt, uint8_t cnt);

/* All TCP signatures of a section, in file order. */
size_t sigdb_tcp_all(const struct sigdb *, int response,
    const struct tcp_sig **out);

/* The [mtu] label for an MTU, or NULL. */
const char *sigdb_mtu_label(const struct sigdb *, unsigned mtu);

/* Name of a class index, or "!" for CLASS_APP. */
const char *sigdb_class_name(const struct sigdb *, int class_id);

/* Interned name for an id. */
const char *sigdb_name(const struct sigdb *, uint32_t name_id);

/* Labels by id (0 .. sigdb_label_count() - 1). */
size_t sigdb_label_count(const struct sigdb *);
const struct sig_label *sigdb_label(const struct sigdb *, size_t id);

/* HTTP signatures of a section, in file order. */
size_t sigdb_http_all(const struct sigdb *, int response,
    const struct http_sig **out);

#endif
