/*
 * output: a buffered writer and the three report formats — one text line
 * per message ("tests=A=2.5,B=1 total=3.5", SpamAssassin's _TESTSSCORES_
 * style), JSON lines, and the message itself with an X-p0f-Score header.
 */
#ifndef SCORER_OUTPUT_H
#define SCORER_OUTPUT_H

#include <stddef.h>

#include "ruleset.h"
#include "score.h"

#define OUT_E_NOMEM	(-1)
#define OUT_E_IO	(-2)	/* a write failed (errno kept) */

enum out_format {
	OUT_TEXT,
	OUT_JSON,
	OUT_MESSAGE	/* --add-header */
};

struct out;

/* A writer to fd; nothing is written before a flush or a full buffer. */
int	out_new(struct out **o, int fd) __attribute__((warn_unused_result));
/* Flushes and frees; returns the first write error, if any. */
int	out_free(struct out *o);
int	out_flush(struct out *o);
/* 1 after a write error (the output is then discarded). */
int	out_failed(const struct out *o);

void	out_bytes(struct out *o, const char *p, size_t n);
void	out_str(struct out *o, const char *s);

/* A number the way Perl prints it (%.15g). */
void	out_num(struct out *o, double v);

/*
 * Writes the report for one message.  source names the input ("-" for
 * standard input); index is the message number inside an mbox, or 0 for
 * a single message.  msg/len are the message bytes (OUT_MESSAGE only).
 */
void	out_report(struct out *o, enum out_format fmt, const char *source,
	    size_t index, const struct ruleset *rs,
	    const struct score_result *res, const char *msg, size_t len);

/* A report for an input that could not be read or was skipped. */
void	out_input_error(struct out *o, enum out_format fmt,
	    const char *source, size_t index, const char *why);

#endif /* SCORER_OUTPUT_H */
