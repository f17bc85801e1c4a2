/*
 * headers: the RFC 5322 header block of one message, read the way
 * SpamAssassin's Mail::SpamAssassin::Message reads it, and the header
 * values its rules see (unfolded, decoded or :raw).
 *
 * Parsing indexes fields in place (no copy, no allocation): a field is a
 * name span and a raw value span inside the caller's message bytes, which
 * must outlive the hdr_msg.  Values are produced on request into caller
 * buffers.  Only names registered in a hdr_names table get an id, so the
 * scorer finds the fields its rules ask for without comparing strings.
 */
#ifndef SCORER_HEADERS_H
#define SCORER_HEADERS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "config.h"

#define HDR_E_NOMEM	(-1)	/* out of memory */
#define HDR_E_FULL	(-2)	/* name table full */
#define HDR_E_SPACE	(-3)	/* output buffer too small */

#define HDR_MAX_NAMES	SC_MAX_HEADER_NAMES	/* ids in one table */

struct hdr_names;	/* case-insensitive header name -> small id */

int	hdr_names_new(struct hdr_names **out)
	    __attribute__((warn_unused_result));
void	hdr_names_free(struct hdr_names *t);
/* Adds name (any case) and returns its id (>= 0), or HDR_E_FULL. */
int	hdr_names_add(struct hdr_names *t, const char *name, size_t len);
/* Returns the id of name (any case), or -1. */
int	hdr_names_find(const struct hdr_names *t, const char *name,
	    size_t len);
int	hdr_names_count(const struct hdr_names *t);
/*
 * Asks hdr_parse() to index every field (for the ALL pseudo-header);
 * otherwise only fields with a registered name are kept.
 */
void	hdr_names_want_all(struct hdr_names *t);

struct hdr_field {
	const char	*key;	/* name as written, trailing blanks cut */
	const char	*val;	/* raw value: after ':' to end of last line */
	uint32_t	 klen;	/* at most SC_MAX_HEADER_KEY */
	uint32_t	 vlen;	/* bytes in the message, before truncation */
	int32_t		 id;	/* hdr_names id, or -1 */
	int32_t		 next;	/* next field with the same id, or -1 */
};

struct hdr_msg {
	struct hdr_field *f;		/* fields in message order */
	size_t		  nf;		/* fields parsed */
	size_t		  cap;		/* capacity of f */
	int		  crlf;		/* SpamAssassin's CRLF line mode */
	int		  overflow;	/* fields beyond cap were dropped */
	int		  all;		/* every field is indexed */
	size_t		  body;		/* offset of the first body byte */
	size_t		  start;	/* offset after a "From " line */
	int32_t		  head[HDR_MAX_NAMES];	/* first field per id */
	int32_t		  tail[HDR_MAX_NAMES];	/* last field per id */
	int		  nids;		/* ids in use by the name table */
};

/* Allocates room for cap fields.  hdr_release() frees it. */
int	hdr_init(struct hdr_msg *m, size_t cap)
	    __attribute__((warn_unused_result));
void	hdr_release(struct hdr_msg *m);

/*
 * Indexes the header block of msg[0..len) (fields with a registered name,
 * or all of them, see hdr_names_want_all()): drops a leading mbox "From "
 * (or MBX) separator line, picks CRLF mode from the first and last lines,
 * follows folding and SpamAssassin's rules for where the header ends
 * (blank line, a "--" line, or a fourth malformed line).  Never fails;
 * garbage just yields few or no fields.
 */
void	hdr_parse(struct hdr_msg *m, const char *msg, size_t len,
	    const struct hdr_names *names);

enum hdr_form {
	HDR_DECODED,	/* unfolded, trimmed, UTF-8, RFC 2047, "\n" added */
	HDR_RAW,	/* as stored: after the colon, folding kept (Hdr:raw) */
	HDR_RAW_JOINED	/* as stored, each fold joined with one space */
};

/*
 * Writes the value of field f in the given form (SpamAssassin's header(),
 * raw_header() and get_header(name, 1) respectively).  Returns the length,
 * or HDR_E_SPACE when cap is too small.
 */
ssize_t	hdr_value(const struct hdr_msg *m, const struct hdr_field *f,
	    enum hdr_form form, char *out, size_t cap);

/*
 * Writes the ALL pseudo-header: every field as "Name: decoded-value\n" in
 * message order, cut the way SpamAssassin cuts at SC_MAX_ALL_BYTES.
 * Returns the length or HDR_E_SPACE.
 */
ssize_t	hdr_all(const struct hdr_msg *m, char *out, size_t cap);

/* 1 when line[0..len) is an mbox "From " separator as SpamAssassin sees it. */
int	hdr_is_mbox_from(const char *line, size_t len);

#endif /* SCORER_HEADERS_H */
