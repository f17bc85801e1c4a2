/*
 * score: runs a finished ruleset over one message and reports what
 * SpamAssassin would add: the rules that hit (in its tests= order), their
 * scores and the total, rounded as SpamAssassin rounds it.
 *
 * A score_ctx holds every buffer the per-message path needs; scoring a
 * message allocates nothing.  One context per thread.
 */
#ifndef SCORER_SCORE_H
#define SCORER_SCORE_H

#include <stddef.h>

#include "ruleset.h"

#define SCORE_E_NOMEM	(-1)

struct score_hit {
	int		 rule;		/* index in the ruleset */
	double		 score;
};

struct score_error {
	int		 rule;		/* index in the ruleset */
	int		 code;		/* RX_E_* or SCORE_ERR_* */
};

#define SCORE_ERR_VALUE	(-100)	/* joined header value over the limit */
#define SCORE_ERR_META	(-101)	/* division by zero in a meta rule */
#define SCORE_ERR_FIELDS (-102)	/* more header fields than indexed */

/* Valid until the next score_message() on the same context. */
struct score_result {
	const struct score_hit	 *hits;		/* sorted by rule name */
	int			  nhits;
	double			  total;	/* rounded to 3 decimals */
	const struct score_error *errors;
	int			  nerrors;
	size_t			  body;		/* offset of the body */
	size_t			  start;	/* offset after "From " line */
	int			  crlf;		/* message uses CRLF lines */
};

struct score_ctx;

/* The ruleset must be finished and outlive the context. */
int	score_new(struct score_ctx **out, const struct ruleset *rs)
	    __attribute__((warn_unused_result));
void	score_free(struct score_ctx *c);

/* Scores msg[0..len).  Never fails on message content. */
void	score_message(struct score_ctx *c, const char *msg, size_t len,
	    struct score_result *res);

const char *score_strerror(int code);

#endif /* SCORER_SCORE_H */
