/* headers: SpamAssassin-compatible header block indexing and value rendering. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chars.h"
#include "config.h"
#include "headers.h"
#include "mime.h"

#define NAMES_SLOTS	(SC_MAX_HEADER_NAMES * 2)	/* hash slots, power of 2 */

struct hdr_names {
	struct {
		char	*name;	/* lower case */
		size_t	 len;
		int	 id;
	} slot[NAMES_SLOTS];
	int	count;
	int	all;	/* index every field */
	uint64_t lens;	/* bit n: a name of n bytes (n < 63), bit 63: longer */
};

static inline unsigned char
lc(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

static uint32_t
name_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= lc((unsigned char)s[i]);
		h *= 16777619u;
	}
	return h;
}

static int
name_eq(const char *lower, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (lower[i] != (char)lc((unsigned char)s[i]))
			return 0;
	return 1;
}

int
hdr_names_new(struct hdr_names **out)
{
	*out = calloc(1, sizeof(**out));
	return *out == NULL ? HDR_E_NOMEM : 0;
}

void
hdr_names_free(struct hdr_names *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < NAMES_SLOTS; i++)
		free(t->slot[i].name);
	free(t);
}

int
hdr_names_find(const struct hdr_names *t, const char *name, size_t len)
{
	uint32_t i;

	/* Most fields of a message have a length no rule name has. */
	if (!(t->lens & (1ull << (len < 63 ? len : 63))))
		return -1;
	i = name_hash(name, len) & (NAMES_SLOTS - 1);

	while (t->slot[i].name != NULL) {
		if (t->slot[i].len == len && name_eq(t->slot[i].name, name,
		    len))
			return t->slot[i].id;
		i = (i + 1) & (NAMES_SLOTS - 1);
	}
	return -1;
}

int
hdr_names_add(struct hdr_names *t, const char *name, size_t len)
{
	uint32_t i;
	size_t k;
	int id;

	if ((id = hdr_names_find(t, name, len)) >= 0)
		return id;
	if (t->count >= HDR_MAX_NAMES)
		return HDR_E_FULL;
	i = name_hash(name, len) & (NAMES_SLOTS - 1);
	while (t->slot[i].name != NULL)
		i = (i + 1) & (NAMES_SLOTS - 1);
	if ((t->slot[i].name = malloc(len + 1)) == NULL)
		return HDR_E_NOMEM;
	for (k = 0; k < len; k++)
		t->slot[i].name[k] = (char)lc((unsigned char)name[k]);
	t->slot[i].name[len] = '\0';
	t->slot[i].len = len;
	t->slot[i].id = t->count;
	t->lens |= 1ull << (len < 63 ? len : 63);
	return t->count++;
}

int
hdr_names_count(const struct hdr_names *t)
{
	return t->count;
}

void
hdr_names_want_all(struct hdr_names *t)
{
	t->all = 1;
}

int
hdr_init(struct hdr_msg *m, size_t cap)
{
	memset(m, 0, sizeof(*m));
	if ((m->f = calloc(cap, sizeof(*m->f))) == NULL)
		return HDR_E_NOMEM;
	m->cap = cap;
	return 0;
}

void
hdr_release(struct hdr_msg *m)
{
	free(m->f);
	m->f = NULL;
	m->cap = 0;
	m->nf = 0;
}

int
hdr_is_mbox_from(const char *l, size_t n)
{
	size_t j;

	if (n < 5 || memcmp(l, "From", 4) != 0)
		return 0;
	for (j = 4; j < n && chars_is_space((unsigned char)l[j]); j++)
		;
	if (j == 4)
		return 0;
	if (j - 4 >= 2)
		return 1;	/* backtracking leaves a blank before any ':' */
	return j >= n || l[j] != ':';
}

static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int
is_word(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || c == '_';
}

/* SpamAssassin's MBX_SEPARATOR: "dd-Mon-yyyy hh:mm:ss ...,N;hex12-word8". */
static int
is_mbx(const char *l, size_t n)
{
	const unsigned char *u = (const unsigned char *)l;
	size_t e = n, k;

	if (e > 0 && u[e - 1] == '\n')
		e--;
	if (e > 0 && u[e - 1] == '\r')
		e--;
	if (e < 20 + 1 + 1 + 1 + 12 + 1 + 8)
		return 0;
	if (!(chars_is_space(u[0]) || is_digit(u[0])) || !is_digit(u[1]) ||
	    u[2] != '-' || u[6] != '-' || !is_digit(u[7]) ||
	    !is_digit(u[8]) || !is_digit(u[9]) || !is_digit(u[10]) ||
	    !chars_is_space(u[11]) || !is_digit(u[12]) || !is_digit(u[13]) ||
	    u[14] != ':' || !is_digit(u[15]) || !is_digit(u[16]) ||
	    u[17] != ':' || !is_digit(u[18]) || !is_digit(u[19]))
		return 0;
	for (k = 3; k < 6; k++)
		if (!((u[k] >= 'a' && u[k] <= 'z') ||
		    (u[k] >= 'A' && u[k] <= 'Z')))
			return 0;
	for (k = 20; k < e; k++)
		if (u[k] == '\n')
			return 0;
	for (k = e - 8; k < e; k++)
		if (!is_word(u[k]))
			return 0;
	if (u[e - 9] != '-')
		return 0;
	for (k = e - 21; k < e - 9; k++)
		if (!is_digit(u[k]) && !(u[k] >= 'a' && u[k] <= 'f'))
			return 0;
	if (u[e - 22] != ';')
		return 0;
	k = e - 22;
	while (k > 20 && is_digit(u[k - 1]))
		k--;
	if (k == e - 22 || k <= 20 || u[k - 1] != ',')
		return 0;
	return 1;
}

/* "^[\041-\071\073-\176]+[ \t]*:" */
static int
valid_field_start(const char *l, size_t n)
{
	const unsigned char *u = (const unsigned char *)l;
	size_t j = 0;

	while (j < n && u[j] >= 041 && u[j] <= 0176 && u[j] != ':')
		j++;
	if (j == 0)
		return 0;
	while (j < n && (u[j] == ' ' || u[j] == '\t'))
		j++;
	return j < n && u[j] == ':';
}

static void
add_field(struct hdr_msg *m, const char *hs, const char *he,
    const struct hdr_names *names)
{
	const char *colon = memchr(hs, ':', (size_t)(he - hs));
	struct hdr_field *f;
	size_t klen;
	int id;

	if (colon == NULL)
		return;		/* not "foo:bar": skipped, as SpamAssassin */
	klen = (size_t)(colon - hs);
	while (klen > 0 && (hs[klen - 1] == ' ' || hs[klen - 1] == '\t'))
		klen--;
	if (klen > SC_MAX_HEADER_KEY)
		klen = SC_MAX_HEADER_KEY;
	id = names != NULL ? hdr_names_find(names, hs, klen) : -1;
	if (id < 0 && !m->all)
		return;		/* no rule reads it */
	if (m->nf >= m->cap) {
		m->overflow = 1;
		return;
	}
	f = &m->f[m->nf];
	f->key = hs;
	f->klen = (uint32_t)klen;
	f->val = colon + 1;
	f->vlen = (uint32_t)(he - colon - 1);
	f->next = -1;
	f->id = id;
	if (id >= 0 && id < HDR_MAX_NAMES) {
		if (m->head[id] < 0)
			m->head[id] = (int32_t)m->nf;
		else
			m->f[m->tail[id]].next = (int32_t)m->nf;
		m->tail[id] = (int32_t)m->nf;
	}
	m->nf++;
}

void
hdr_parse(struct hdr_msg *m, const char *msg, size_t len,
    const struct hdr_names *names)
{
	const char *p = msg, *e = msg + len, *nl, *le, *hs = NULL, *he = NULL;
	int i, bad = 0;

	m->nf = 0;
	m->overflow = 0;
	m->crlf = 0;
	m->start = 0;
	m->body = len;
	m->nids = names != NULL ? hdr_names_count(names) : 0;
	m->all = names == NULL || names->all;
	if (m->nids > HDR_MAX_NAMES)
		m->nids = HDR_MAX_NAMES;
	for (i = 0; i < m->nids; i++)
		m->head[i] = m->tail[i] = -1;
	if (len == 0)
		return;		/* SpamAssassin reads this as one "\n" */

	nl = memchr(p, '\n', len);
	le = nl != NULL ? nl + 1 : e;
	if (hdr_is_mbox_from(p, (size_t)(le - p)) ||
	    is_mbx(p, (size_t)(le - p))) {
		p = le;
		m->start = (size_t)(p - msg);
	}
	if (p < e) {
		nl = memchr(p, '\n', (size_t)(e - p));
		if (nl != NULL && nl > p && nl[-1] == '\r')
			m->crlf = 1;
		if (e[-1] == '\n' && len >= 2 && e[-2] == '\r')
			m->crlf = 1;
	}

	for (;;) {
		int eof = p >= e;

		if (!eof) {
			nl = memchr(p, '\n', (size_t)(e - p));
			le = nl != NULL ? nl + 1 : e;
			if (*p == ' ' || *p == '\t') {
				if (hs == NULL)
					hs = p;	/* starts with a continuation */
				he = le;
				p = le;
				continue;
			}
		}
		if (hs != NULL)
			add_field(m, hs, he, names);
		hs = NULL;
		if (eof)
			break;
		/* The end of the header section (after CRLF squashing). */
		if ((le - p == 1 && p[0] == '\n') ||
		    (m->crlf && le - p == 2 && p[0] == '\r' && p[1] == '\n')) {
			p = le;
			break;
		}
		if (le - p >= 2 && p[0] == '-' && p[1] == '-')
			break;	/* a MIME boundary: the body starts here */
		if (!valid_field_start(p, (size_t)(le - p)) &&
		    ++bad > SC_MAX_BAD_FIELDS)
			break;
		hs = p;
		he = le;
		p = le;
	}
	m->body = (size_t)(p - msg);
}

/*
 * The stored value: line ends squashed to "\n" in CRLF mode, then cut at
 * SC_MAX_HEADER_VALUE bytes.  out must hold SC_MAX_HEADER_VALUE bytes.
 */
static size_t
stored_value(const struct hdr_msg *m, const struct hdr_field *f, char *out)
{
	const char *s = f->val, *e = f->val + f->vlen;
	size_t o = 0;

	if (!m->crlf) {
		o = f->vlen < SC_MAX_HEADER_VALUE ? f->vlen :
		    SC_MAX_HEADER_VALUE;
		memcpy(out, s, o);
		return o;
	}
	while (s < e && o < SC_MAX_HEADER_VALUE) {
		if (*s == '\r' && s + 1 < e && s[1] == '\n') {
			out[o++] = '\n';
			s += 2;
			continue;
		}
		out[o++] = *s++;
	}
	return o;
}

static int
excluded_from_mime(const struct hdr_field *f)
{
	static const char *const names[] = { "received", "message-id",
	    "resent-message-id", "date", "resent-date", "mime-version",
	    "references", "in-reply-to", NULL };
	int k;

	for (k = 0; names[k] != NULL; k++)
		if (strlen(names[k]) == f->klen &&
		    name_eq(names[k], f->key, f->klen))
			return 1;
	return f->klen >= 5 && name_eq("list-", f->key, 5);
}

ssize_t
hdr_value(const struct hdr_msg *m, const struct hdr_field *f,
    enum hdr_form form, char *out, size_t cap)
{
	char v[SC_MAX_HEADER_VALUE];
	char t1[SC_MAX_HEADER_VALUE * MIME_EXPAND];
	char t2[SC_MAX_HEADER_VALUE * MIME_EXPAND * MIME_EXPAND];
	size_t n = stored_value(m, f, v), i, o = 0, a, b;
	const char *cur;
	ssize_t r;
	int eight = 0, words = 0;

	if (form == HDR_RAW) {
		if (n > cap)
			return HDR_E_SPACE;
		memcpy(out, v, n);
		return (ssize_t)n;
	}
	if (form == HDR_RAW_JOINED) {
		/* s/\015?\012\s+/ /gs */
		for (i = 0; i < n;) {
			size_t j = i;

			if (v[j] == '\r' && j + 1 < n && v[j + 1] == '\n')
				j++;
			if (v[j] == '\n' && j + 1 < n &&
			    chars_is_space((unsigned char)v[j + 1])) {
				j++;
				while (j < n &&
				    chars_is_space((unsigned char)v[j]))
					j++;
				if (o >= cap)
					return HDR_E_SPACE;
				out[o++] = ' ';
				i = j;
				continue;
			}
			if (o >= cap)
				return HDR_E_SPACE;
			out[o++] = v[i++];
		}
		return (ssize_t)o;
	}

	/* s/\n[ \t]+/ /gs, in place. */
	for (i = 0, a = 0; i < n;) {
		if (v[i] == '\n' && i + 1 < n && (v[i + 1] == ' ' ||
		    v[i + 1] == '\t')) {
			i++;
			while (i < n && (v[i] == ' ' || v[i] == '\t'))
				i++;
			v[a++] = ' ';
			continue;
		}
		v[a++] = v[i++];
	}
	n = a;
	/* Trim \s at both ends. */
	b = n;
	while (b > 0 && chars_is_space((unsigned char)v[b - 1]))
		b--;
	a = 0;
	while (a < b && chars_is_space((unsigned char)v[a]))
		a++;
	/* s/\015?\012//gs, then note 8-bit bytes and encoded words. */
	for (i = a, n = 0; i < b; i++) {
		if (v[i] == '\r' && i + 1 < b && v[i + 1] == '\n')
			continue;
		if (v[i] == '\n')
			continue;
		if ((unsigned char)v[i] >= 0x80)
			eight = 1;
		if (v[i] == '?' && n > 0 && t1[n - 1] == '=')
			words = 1;
		t1[n++] = v[i];
	}
	cur = t1;
	if (eight) {
		r = mime_normalize(t1, n, t2, sizeof(t2));
		if (r < 0)
			return HDR_E_SPACE;
		n = (size_t)r;
		cur = t2;
	}
	if (words && !excluded_from_mime(f)) {
		char *dst = cur == t1 ? t2 : t1;
		size_t dcap = cur == t1 ? sizeof(t2) : sizeof(t1);

		if (cur == t2 && n > sizeof(t1) / 1)
			return HDR_E_SPACE;
		r = mime_decode_words(cur, n, dst, dcap);
		if (r < 0)
			return HDR_E_SPACE;
		n = (size_t)r;
		cur = dst;
	}
	if (n + 1 > cap)
		return HDR_E_SPACE;
	memcpy(out, cur, n);
	out[n] = '\n';
	return (ssize_t)(n + 1);
}

/* Scratch for the rare cut of ALL; the scorer is single-threaded. */
static uint32_t			 all_ord[SC_MAX_FIELDS];
static uint32_t			 all_lead[SC_MAX_FIELDS];
static size_t			 all_size[SC_MAX_FIELDS];
static unsigned char		 all_keep[SC_MAX_FIELDS];
static const struct hdr_msg	*all_msg;

static int
cmp_key(const void *pa, const void *pb)
{
	const struct hdr_field *a = &all_msg->f[*(const uint32_t *)pa];
	const struct hdr_field *b = &all_msg->f[*(const uint32_t *)pb];
	size_t i, n = a->klen < b->klen ? a->klen : b->klen;
	unsigned char x, y;

	for (i = 0; i < n; i++) {
		x = lc((unsigned char)a->key[i]);
		y = lc((unsigned char)b->key[i]);
		if (x != y)
			return x < y ? -1 : 1;
	}
	if (a->klen != b->klen)
		return a->klen < b->klen ? -1 : 1;
	return *(const uint32_t *)pa < *(const uint32_t *)pb ? -1 : 1;
}

static int
cmp_lead(const void *pa, const void *pb)
{
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;

	if (all_lead[a] != all_lead[b])
		return all_lead[a] < all_lead[b] ? -1 : 1;
	return a < b ? -1 : (a > b);
}

ssize_t
hdr_all(const struct hdr_msg *m, char *out, size_t cap)
{
	char tmp[SC_MAX_HEADER_VALUE * MIME_EXPAND * MIME_EXPAND + 1];
	size_t i, o = 0, total = 0, n = m->nf;
	ssize_t r;
	int cut;

	if (n > SC_MAX_FIELDS)
		n = SC_MAX_FIELDS;
	for (i = 0; i < n; i++) {
		r = hdr_value(m, &m->f[i], HDR_DECODED, tmp, sizeof(tmp));
		if (r < 0)
			return r;
		all_size[i] = m->f[i].klen + (size_t)r + 2;
		total += all_size[i];
		all_keep[i] = 1;
	}
	cut = total > SC_MAX_ALL_BYTES;
	if (cut) {
		/*
		 * SpamAssassin fills ALL name by name, in order of each name's
		 * first appearance, and stops at the first field that does
		 * not fit; the kept fields then appear in message order.
		 */
		all_msg = m;
		for (i = 0; i < n; i++)
			all_ord[i] = (uint32_t)i;
		qsort(all_ord, n, sizeof(all_ord[0]), cmp_key);
		for (i = 0; i < n; i++) {
			if (i > 0 && cmp_key(&all_ord[i - 1], &all_ord[i]) < 0 &&
			    m->f[all_ord[i - 1]].klen == m->f[all_ord[i]].klen &&
			    strncasecmp(m->f[all_ord[i - 1]].key,
			    m->f[all_ord[i]].key, m->f[all_ord[i]].klen) == 0)
				all_lead[all_ord[i]] = all_lead[all_ord[i - 1]];
			else
				all_lead[all_ord[i]] = all_ord[i];
		}
		qsort(all_ord, n, sizeof(all_ord[0]), cmp_lead);
		total = 0;
		for (i = 0; i < n; i++) {
			total += all_size[all_ord[i]];
			all_keep[all_ord[i]] = total <= SC_MAX_ALL_BYTES;
			if (total > SC_MAX_ALL_BYTES)
				total = SC_MAX_ALL_BYTES + 1;
		}
	}
	for (i = 0; i < n; i++) {
		const struct hdr_field *f = &m->f[i];

		if (!all_keep[i])
			continue;
		r = hdr_value(m, f, HDR_DECODED, tmp, sizeof(tmp));
		if (r < 0)
			return r;
		if (o + f->klen + 2 + (size_t)r > cap)
			return HDR_E_SPACE;
		memcpy(out + o, f->key, f->klen);
		o += f->klen;
		out[o++] = ':';
		out[o++] = ' ';
		memcpy(out + o, tmp, (size_t)r);
		o += (size_t)r;
	}
	return (ssize_t)o;
}
