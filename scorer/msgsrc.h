/*
 * msgsrc: messages out of one input: a message file, an mbox (messages
 * start at lines beginning "From "), or a pipe carrying either.  Regular
 * files are mapped, so any size works without copying; pipes are read in
 * SC_READ_CHUNK steps and hold at most SC_MAX_MESSAGE_BYTES per message.
 */
#ifndef SCORER_MSGSRC_H
#define SCORER_MSGSRC_H

#include <stddef.h>

#define MSGSRC_E_NOMEM	(-1)	/* out of memory */
#define MSGSRC_E_IO	(-2)	/* open/read failed (errno kept) */
#define MSGSRC_E_BIG	(-3)	/* a piped message over the limit, skipped */

enum msgsrc_mode {
	MSGSRC_AUTO,	/* mbox when the input starts with "From " */
	MSGSRC_MBOX,	/* always split at "From " lines */
	MSGSRC_SINGLE	/* the whole input is one message */
};

struct msg {
	const char	*data;	/* valid until the next msgsrc_next() */
	size_t		 len;
	size_t		 index;	/* 1-based position in the input */
	int		 mbox;	/* the input is an mbox */
};

struct msgsrc;

/* Opens path ("-" is standard input).  On error *out is NULL. */
int	msgsrc_open(struct msgsrc **out, const char *path,
	    enum msgsrc_mode mode) __attribute__((warn_unused_result));

/*
 * Returns 1 and the next message, 0 at the end, or a negative error.
 * After MSGSRC_E_BIG the source continues with the following message.
 */
int	msgsrc_next(struct msgsrc *s, struct msg *m);

void	msgsrc_close(struct msgsrc *s);

const char *msgsrc_strerror(int code);

#endif /* SCORER_MSGSRC_H */
