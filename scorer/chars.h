/*
 * chars: the byte class and name comparison that the scorer's parsers
 * (headers, mime, rx, ruleset) share.  Locale-independent.
 */
#ifndef SCORER_CHARS_H
#define SCORER_CHARS_H

#include <stddef.h>
#include <string.h>
#include <strings.h>

/* Perl's \s on bytes (as under /aa): space, \t, \n, \r, \f, \v. */
static inline int
chars_is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

/* 1 when s[0..n) is the string lit, ignoring ASCII case. */
static inline int
chars_case_eq(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && strncasecmp(s, lit, n) == 0;
}

#endif /* SCORER_CHARS_H */
