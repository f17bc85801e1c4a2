/*
 * The bounds-checked reader every hostile byte passes through: a cursor over
 * (ptr, end). Network-order integers are assembled byte by byte; a read past
 * the end fails and leaves the cursor unchanged. No allocation, no pointer
 * casts.
 */
#ifndef SYNPRINT_BYTES_H
#define SYNPRINT_BYTES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct cur {
	const uint8_t *p;	/* next byte */
	const uint8_t *end;	/* one past the last byte */
};

static inline void
cur_init(struct cur *c, const uint8_t *p, size_t len)
{
	c->p = p;
	c->end = p + len;
}

static inline size_t
cur_left(const struct cur *c)
{
	return (size_t)(c->end - c->p);
}

/* Each returns 0, or -1 (cursor unchanged) when too few bytes are left. */
static inline int
cur_skip(struct cur *c, size_t n)
{
	if (cur_left(c) < n)
		return -1;
	c->p += n;
	return 0;
}

static inline int
cur_u8(struct cur *c, uint8_t *v)
{
	if (cur_left(c) < 1)
		return -1;
	*v = c->p[0];
	c->p += 1;
	return 0;
}

static inline int
cur_be16(struct cur *c, uint16_t *v)
{
	if (cur_left(c) < 2)
		return -1;
	*v = (uint16_t)((c->p[0] << 8) | c->p[1]);
	c->p += 2;
	return 0;
}

static inline int
cur_be32(struct cur *c, uint32_t *v)
{
	if (cur_left(c) < 4)
		return -1;
	*v = ((uint32_t)c->p[0] << 24) | ((uint32_t)c->p[1] << 16) |
	    ((uint32_t)c->p[2] << 8) | (uint32_t)c->p[3];
	c->p += 4;
	return 0;
}

static inline int
cur_bytes(struct cur *c, uint8_t *dst, size_t n)
{
	size_t i;

	if (cur_left(c) < n)
		return -1;
	for (i = 0; i < n; i++)
		dst[i] = c->p[i];
	c->p += n;
	return 0;
}

/* Native-endian integers (the p0f APIs), at any alignment. */
static inline uint16_t
get_ne16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline uint32_t
get_ne32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline void
put_ne16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, sizeof(v));
}

static inline void
put_ne32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

static inline int
cur_ne16(struct cur *c, uint16_t *v)
{
	if (cur_left(c) < 2)
		return -1;
	*v = get_ne16(c->p);
	c->p += 2;
	return 0;
}

static inline int
cur_ne32(struct cur *c, uint32_t *v)
{
	if (cur_left(c) < 4)
		return -1;
	*v = get_ne32(c->p);
	c->p += 4;
	return 0;
}

/* Shrink the window to its first n bytes (n larger than left: no-op). */
static inline void
cur_limit(struct cur *c, size_t n)
{
	if (cur_left(c) > n)
		c->end = c->p + n;
}

#endif
