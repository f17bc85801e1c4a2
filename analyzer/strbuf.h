/*
 * A bounded string builder for hot formatting paths: appends stop at the
 * capacity, nothing overruns, no printf. The caller NUL-terminates.
 */
#ifndef SYNPRINT_STRBUF_H
#define SYNPRINT_STRBUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct sb {
	char *p;	/* buffer */
	size_t n;	/* bytes used */
	size_t cap;	/* bytes usable */
};

static inline void
sb_mem(struct sb *b, const char *s, size_t n)
{
	if (n > b->cap - b->n)
		n = b->cap - b->n;
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

static inline void
sb_str(struct sb *b, const char *s)
{
	sb_mem(b, s, strlen(s));
}

/* A string literal, its length known at compile time. */
#define sb_lit(b, lit)	sb_mem((b), "" lit, sizeof(lit) - 1)

static inline void
sb_chr(struct sb *b, char c)
{
	if (b->n < b->cap)
		b->p[b->n++] = c;
}

static inline void
sb_u64(struct sb *b, uint64_t v)
{
	char t[20];
	int i = 20;

	do {
		t[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	sb_mem(b, t + i, (size_t)(20 - i));
}

static inline void
sb_hex2(struct sb *b, unsigned v)
{
	static const char hex[] = "0123456789abcdef";

	sb_chr(b, hex[(v >> 4) & 15]);
	sb_chr(b, hex[v & 15]);
}

#endif
