/*
 * rx: SpamAssassin/Perl regular expressions run by PCRE2.  The only module
 * that includes pcre2.h.
 *
 * A rule's pattern text ("/re/flags", "m{re}flags", "m!re!", "qr/re/") is
 * taken apart the way SpamAssassin's compile_regexp() does, translated to
 * PCRE2 syntax with Perl's meaning kept (Perl 5.36 quantifier forms, /aa
 * character classes, Latin-1 case folding of bytes), compiled once, JIT
 * compiled where available, and matched with explicit match, depth and heap
 * limits.  Constructs whose Perl meaning PCRE2 cannot reproduce are refused
 * with RX_E_UNSUPPORTED; patterns Perl itself refuses give RX_E_SYNTAX.
 */
#ifndef SCORER_RX_H
#define SCORER_RX_H

#include <stddef.h>

#define RX_E_NOMEM		(-1)	/* out of memory */
#define RX_E_DELIM		(-2)	/* bad delimiters or modifiers */
#define RX_E_SYNTAX		(-3)	/* Perl would refuse the pattern too */
#define RX_E_UNSUPPORTED	(-4)	/* valid Perl we cannot reproduce */
#define RX_E_ALWAYS		(-5)	/* always-matching pattern (lint) */
#define RX_E_TOOLONG		(-6)	/* pattern longer than SC_MAX_PATTERN */
#define RX_E_MATCHLIMIT		(-7)	/* match limit reached */
#define RX_E_DEPTHLIMIT		(-8)	/* depth limit reached */
#define RX_E_HEAPLIMIT		(-9)	/* heap limit reached */
#define RX_E_JITSTACK		(-10)	/* JIT stack ceiling reached */
#define RX_E_MATCH		(-11)	/* any other matching error */

struct rx;		/* one compiled pattern; immutable after rx_compile */
struct rx_scratch;	/* match data, match context, JIT stack: one per thread */

/*
 * Compiles the pattern text src[0..len) (with its delimiters and flags).
 * When lint is set, patterns SpamAssassin's lint calls always-matching
 * are refused with RX_E_ALWAYS.  On error, *out is NULL and a one-line
 * message goes into err (errlen bytes, always terminated).  The caller
 * frees the result with rx_free().
 */
int	rx_compile(struct rx **out, const char *src, size_t len, int lint,
	    char *err, size_t errlen) __attribute__((warn_unused_result));

/* Frees a pattern; NULL is fine. */
void	rx_free(struct rx *rx);

/* Allocates per-thread match state; NULL when out of memory. */
struct rx_scratch *rx_scratch_new(void);
void	rx_scratch_free(struct rx_scratch *s);

/*
 * Matches subj[0..len) (NULL is fine when len is 0).  Returns 1 on a match,
 * 0 on no match, or a negative RX_E_* code when a limit stopped the match.
 * Allocates nothing.
 */
int	rx_match(const struct rx *rx, struct rx_scratch *s, const char *subj,
	    size_t len);

/* 1 when this PCRE2 has a working JIT compiler, else 0. */
int	rx_jit_available(void);

const char *rx_strerror(int code);

#endif /* SCORER_RX_H */
