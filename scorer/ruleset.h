/*
 * ruleset: SpamAssassin rule files (header, exists:, meta, score,
 * describe, tflags, include) parsed into an immutable rule table.
 *
 * Parsing follows Mail::SpamAssassin::Conf::Parser line by line; anything
 * SpamAssassin would refuse, and anything it accepts that this scorer
 * cannot reproduce exactly, is reported as "file:line: message" through the
 * diagnostic callback and makes ruleset_finish() fail.  Nothing is skipped
 * silently.
 */
#ifndef SCORER_RULESET_H
#define SCORER_RULESET_H

#include <stddef.h>

#include "config.h"
#include "headers.h"
#include "meta.h"
#include "rx.h"

#define RS_E_NOMEM	(-1)	/* out of memory */
#define RS_E_IO		(-2)	/* a rule file could not be read */
#define RS_E_RULES	(-3)	/* errors were reported in the rule files */

/* Modifiers of a header request. */
#define RS_MOD_RAW	0x01	/* :raw */
#define RS_MOD_FIRST	0x02	/* :first */
#define RS_MOD_LAST	0x04	/* :last */

enum rs_kind {
	RS_NONE,	/* only score/describe/tflags lines named it */
	RS_HEADER,	/* header NAME Hdr =~ /re/ */
	RS_EXISTS,	/* header NAME exists:Hdr */
	RS_META		/* meta NAME expression */
};

/* What a header request reads: one header, or a pseudo-header. */
enum rs_slot_kind {
	RS_SLOT_HEADER,	/* the instances of ids[0] */
	RS_SLOT_ALL,	/* ALL: the whole decoded header block */
	RS_SLOT_LIST	/* ToCc, MESSAGEID: ids[] in order */
};

struct rs_slot {
	enum rs_slot_kind kind;
	int		 ids[4];	/* hdr_names ids */
	int		 nids;
	unsigned	 mods;		/* RS_MOD_* */
	char		*request;	/* as written, for messages */
};

/* One rule.  Owned by the ruleset; read-only for everyone else. */
struct rs_rule {
	char		 name[SC_MAX_RULE_NAME + 1];
	enum rs_kind	 kind;
	double		 score;		/* in the selected score set */
	int		 scored;	/* a score line was seen */
	char		*describe;	/* NULL when none */
	const char	*file;		/* where it was defined */
	unsigned	 line;
	int		 nice;		/* tflags nice */
	/* Header rules. */
	int		 slot;		/* index into the slot table */
	int		 neg;		/* !~ */
	char		*unset;		/* [if-unset: ...] or NULL */
	size_t		 unset_len;
	struct rx	*rx;
	int		 absent;	/* result when the header is absent */
	/* Meta rules. */
	struct meta_expr meta;		/* meta.root < 0: never true */
};

struct ruleset;

/* Called for every diagnostic; warning is 1 for notes that do not fail. */
typedef void	(*rs_diag_fn)(void *arg, const char *file, unsigned line,
		    int warning, const char *msg);

/*
 * Creates an empty ruleset reading scores from score set 0..3 (0: no
 * Bayes, no network tests, as spamassassin -L with use_bayes 0).  lint
 * enables SpamAssassin's lint-only checks.
 */
int	ruleset_new(struct ruleset **out, int score_set, int lint,
	    rs_diag_fn diag, void *arg) __attribute__((warn_unused_result));
void	ruleset_free(struct ruleset *rs);

/* Parses one rule file (and what it includes).  RS_E_IO if unreadable. */
int	ruleset_load(struct ruleset *rs, const char *path)
	    __attribute__((warn_unused_result));

/* Parses rule text given directly (file name used in messages). */
int	ruleset_load_text(struct ruleset *rs, const char *name,
	    const char *text, size_t len) __attribute__((warn_unused_result));

/*
 * Resolves defaults, meta references and ordering.  Returns 0, or
 * RS_E_RULES when any error was reported since ruleset_new().
 */
int	ruleset_finish(struct ruleset *rs) __attribute__((warn_unused_result));

int	ruleset_errors(const struct ruleset *rs);
int	ruleset_count(const struct ruleset *rs);
const struct rs_rule *ruleset_rule(const struct ruleset *rs, int i);
int	ruleset_find(const struct ruleset *rs, const char *name);
const struct rs_slot *ruleset_slot(const struct ruleset *rs, int i);
/* Metas in an order where every meta comes after the metas it uses. */
const int *ruleset_meta_order(const struct ruleset *rs, int *n);
/* The header names the rules read, with ids matching the slots. */
const struct hdr_names *ruleset_names(const struct ruleset *rs);

const char *ruleset_strerror(int code);

#endif /* SCORER_RULESET_H */
