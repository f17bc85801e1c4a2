/* mime: SpamAssassin-compatible header value charset and RFC 2047 decoding. */
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "chars.h"
#include "config.h"
#include "mime.h"

/* Windows-1252 0x80-0x9F; 0 marks the five undefined bytes. */
static const uint16_t cp1252_high[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178
};

enum charset {
	CS_NONE,	/* no decoder: SpamAssassin's guessing fallback */
	CS_ASCII,
	CS_UTF8,
	CS_CP1252,
	CS_LATIN1,
	CS_LATIN9
};

/* Output cursor; overflow makes every later put a no-op. */
struct out {
	char	*p;
	size_t	 len;
	size_t	 cap;
	int	 over;
};

static void
put(struct out *o, const char *s, size_t n)
{
	if (o->over || n > o->cap - o->len) {
		o->over = 1;
		return;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
}

static void
put_cp(struct out *o, uint32_t cp)
{
	char b[4];

	if (cp < 0x80) {
		b[0] = (char)cp;
		put(o, b, 1);
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3f));
		put(o, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		put(o, b, 3);
	} else {
		b[0] = (char)(0xf0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		put(o, b, 4);
	}
}

static uint32_t
cp1252(unsigned char c)
{
	if (c >= 0x80 && c <= 0x9f)
		return cp1252_high[c - 0x80] ? cp1252_high[c - 0x80] : 0xfffd;
	return c;
}

static uint32_t
latin9(unsigned char c)
{
	switch (c) {
	case 0xa4: return 0x20ac;
	case 0xa6: return 0x0160;
	case 0xa8: return 0x0161;
	case 0xb4: return 0x017d;
	case 0xb8: return 0x017e;
	case 0xbc: return 0x0152;
	case 0xbd: return 0x0153;
	case 0xbe: return 0x0178;
	default: return c;
	}
}

/*
 * Reads one UTF-8 sequence at in[i] the way Perl's decoder does: a lead
 * byte announces a length, continuation bytes are taken up to it.  Returns
 * the bytes consumed; *cp is the code point, or 0xFFFD for anything strict
 * UTF-8 refuses (short, overlong, surrogate, noncharacter, out of range).
 */
static size_t
utf8_step(const unsigned char *in, size_t n, size_t i, uint32_t *cp)
{
	unsigned char c = in[i];
	size_t need, k;
	uint32_t v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c < 0xc0) {
		*cp = 0xfffd;
		return 1;
	}
	if (c < 0xe0) {
		need = 2;
		v = c & 0x1f;
	} else if (c < 0xf0) {
		need = 3;
		v = c & 0x0f;
	} else if (c < 0xf8) {
		need = 4;
		v = c & 0x07;
	} else if (c < 0xfc) {
		need = 5;
		v = c & 0x03;
	} else if (c < 0xfe) {
		need = 6;
		v = c & 0x01;
	} else {
		need = c == 0xfe ? 7 : 13;
		v = 0;
	}
	for (k = 1; k < need; k++) {
		if (i + k >= n || (in[i + k] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return k;
		}
		if (v < 0x200000)
			v = (v << 6) | (in[i + k] & 0x3f);
		else
			v = 0x200000;
	}
	if (need > 4 || v > 0x10ffff ||
	    (need == 2 && v < 0x80) || (need == 3 && v < 0x800) ||
	    (need == 4 && v < 0x10000) ||
	    (v >= 0xd800 && v <= 0xdfff) ||
	    (v >= 0xfdd0 && v <= 0xfdef) || (v & 0xfffe) == 0xfffe)
		v = 0xfffd;
	*cp = v;
	return need;
}

int
mime_utf8_valid(const char *in, size_t n)
{
	const unsigned char *u = (const unsigned char *)in;
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		k = utf8_step(u, n, i, &cp);
		if (cp == 0xfffd && !(k == 3 && u[i] == 0xef &&
		    u[i + 1] == 0xbf && u[i + 2] == 0xbd))
			return 0;
		i += k;
	}
	return 1;
}

static void
decode_cp1252(struct out *o, const unsigned char *u, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		put_cp(o, cp1252(u[i]));
}

ssize_t
mime_normalize(const char *in, size_t n, char *out, size_t cap)
{
	struct out o = { out, 0, cap, 0 };

	if (mime_utf8_valid(in, n)) {
		put(&o, in, n);
	} else {
		/*
		 * Both remaining paths of SpamAssassin's _normalize (the
		 * plausible-Windows-1252 check and the last resort) decode as
		 * Windows-1252; they differ only in failing on the undefined
		 * bytes, which the first path never sees.
		 */
		decode_cp1252(&o, (const unsigned char *)in, n);
	}
	return o.over ? MIME_E_SPACE : (ssize_t)o.len;
}

/* Charset names as SpamAssassin's _normalize + Encode resolve them. */
static enum charset
charset_lookup(const char *s, size_t n)
{
	static const char *const ascii[] = { "us-ascii", "ascii",
	    "ansi_x3.4-1968", "ansi_x3.4-1986", "iso646-us", "us", NULL };
	static const char *const latin1[] = { "latin1", "iso_8859-1",
	    "iso_8859_1", "iso8859_1", "latin-1", NULL };
	static const char *const latin9[] = { "iso-8859-15", "iso8859-15",
	    "iso_8859-15", "iso8859_15", "latin9", "latin-9", NULL };
	int k;

	if (chars_case_eq(s, n, "iso-8859-1") ||
	    chars_case_eq(s, n, "iso8859-1") ||
	    chars_case_eq(s, n, "windows-1252") ||
	    chars_case_eq(s, n, "cp1252"))
		return CS_CP1252;
	if (chars_case_eq(s, n, "utf-8") || chars_case_eq(s, n, "utf8"))
		return CS_UTF8;
	for (k = 0; ascii[k] != NULL; k++)
		if (chars_case_eq(s, n, ascii[k]))
			return CS_ASCII;
	for (k = 0; latin1[k] != NULL; k++)
		if (chars_case_eq(s, n, latin1[k]))
			return CS_LATIN1;
	for (k = 0; latin9[k] != NULL; k++)
		if (chars_case_eq(s, n, latin9[k]))
			return CS_LATIN9;
	return CS_NONE;
}

/* _normalize(bytes, charset, 0, 1): transcode with substitution. */
static void
transcode(struct out *o, const char *cs, size_t csn, const unsigned char *u,
    size_t n)
{
	size_t i, k, eight = 0;
	uint32_t cp;

	for (i = 0; i < n; i++)
		if (u[i] >= 0x80)
			eight++;
	if (eight == 0) {
		/*
		 * Pure ASCII: every decoder SpamAssassin could pick returns
		 * the same bytes (the listed charsets are ASCII supersets;
		 * for others Encode maps ASCII to itself as well).
		 */
		put(o, (const char *)u, n);
		return;
	}
	switch (charset_lookup(cs, csn)) {
	case CS_ASCII:
		for (i = 0; i < n; i++)
			put_cp(o, u[i] < 0x80 ? u[i] : 0xfffd);
		return;
	case CS_UTF8:
		for (i = 0; i < n; i += k) {
			k = utf8_step(u, n, i, &cp);
			put_cp(o, cp);
		}
		return;
	case CS_LATIN1:
		for (i = 0; i < n; i++)
			put_cp(o, u[i]);
		return;
	case CS_LATIN9:
		for (i = 0; i < n; i++)
			put_cp(o, latin9(u[i]));
		return;
	case CS_CP1252:
	case CS_NONE:
		decode_cp1252(o, u, n);
		return;
	}
}

/* SpamAssassin's base64_decode(): two paths for clean and dirty input. */
static size_t
b64_decode(const char *in, size_t n, unsigned char *out)
{
	static const char alpha[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char s[SC_MAX_HEADER_VALUE * MIME_EXPAND + 8];
	size_t i, m = 0, o = 0, end;
	int clean = 1, bits = 0;
	uint32_t acc = 0;
	const char *q;
	int v;

	for (i = 0; i < n && m < sizeof(s); i++) {
		if (in[i] == ' ' || in[i] == '\t' || in[i] == '\n' ||
		    in[i] == '\r' || in[i] == '\f' || in[i] == '\v')
			continue;
		s[m++] = in[i];
	}
	for (i = 0; i < m; i++)
		if (s[i] != '=' && (s[i] == '\0' ||
		    strchr(alpha, s[i]) == NULL))
			clean = 0;
	if (clean && m % 4 == 0 && m >= 2) {
		/* '=' runs not at the very end become 'A'; decode to '='. */
		end = m;
		while (end > 0 && s[end - 1] == '=')
			end--;
		for (i = 0; i < end; i++) {
			v = s[i] == '=' ? 0 : (int)(strchr(alpha, s[i]) - alpha);
			acc = (acc << 6) | (uint32_t)v;
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				out[o++] = (unsigned char)(acc >> bits);
			}
		}
		return o;
	}
	/* The uudecode path: keep alphabet and '=', strip trailing '='. */
	end = 0;
	for (i = 0; i < m; i++)
		if (s[i] == '=' || (s[i] != '\0' &&
		    strchr(alpha, s[i]) != NULL))
			s[end++] = s[i];
	while (end > 0 && s[end - 1] == '=')
		end--;
	if (end % 4 == 1)
		end--;
	for (i = 0; i < end; i++) {
		q = s[i] == '=' ? NULL : strchr(alpha, s[i]);
		v = q == NULL ? 63 : (int)(q - alpha);
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (unsigned char)(acc >> bits);
		}
	}
	return o;
}

/* SpamAssassin's Q decoding: '_' becomes "=20", then =XX pairs decode. */
static size_t
q_decode(const char *in, size_t n, unsigned char *out)
{
	char s[SC_MAX_HEADER_VALUE * MIME_EXPAND + 8];
	size_t i, m = 0, o = 0;

	for (i = 0; i < n && m + 3 <= sizeof(s); i++) {
		if (in[i] == '_') {
			s[m++] = '=';
			s[m++] = '2';
			s[m++] = '0';
		} else
			s[m++] = in[i];
	}
	for (i = 0; i < m; i++) {
		if (s[i] == '=' && i + 2 < m &&
		    isxdigit((unsigned char)s[i + 1]) &&
		    isxdigit((unsigned char)s[i + 2])) {
			int hi = s[i + 1], lo = s[i + 2];

			hi = hi <= '9' ? hi - '0' : (hi | 0x20) - 'a' + 10;
			lo = lo <= '9' ? lo - '0' : (lo | 0x20) - 'a' + 10;
			out[o++] = (unsigned char)(hi * 16 + lo);
			i += 2;
		} else
			out[o++] = (unsigned char)s[i];
	}
	return o;
}

static int
cs_char(int c)
{
	return isalnum(c) || c == '*' || c == '_' || c == '-';
}

/*
 * Matches an encoded word "=?cs?E?text?=" at in[i].  Returns its end or 0;
 * fills the charset, encoding and text spans.
 */
static size_t
match_word(const char *in, size_t n, size_t i, size_t *cs, size_t *csn,
    char *enc, size_t *tx, size_t *txn)
{
	size_t j = i;

	if (j + 1 >= n || in[j] != '=' || in[j + 1] != '?')
		return 0;
	j += 2;
	*cs = j;
	while (j < n && cs_char((unsigned char)in[j]))
		j++;
	if (j == *cs || j >= n || in[j] != '?')
		return 0;
	*csn = j - *cs;
	j++;
	if (j >= n || strchr("bqBQ", in[j]) == NULL || in[j] == '\0')
		return 0;
	*enc = in[j];
	j++;
	if (j >= n || in[j] != '?')
		return 0;
	j++;
	*tx = j;
	while (j < n && in[j] != '?')
		j++;
	if (j + 1 >= n || in[j + 1] != '=')
		return 0;
	*txn = j - *tx;
	return j + 2;
}

/*
 * Writes one section of mime_decode_words(): an encoded one transcoded
 * from the charset at joined[cs..cs+csn) (cut at a '*' language suffix),
 * a plain one as it is.
 */
static void
put_section(struct out *o, const char *joined, size_t cs, size_t csn,
    int encoded, const unsigned char *sect, size_t slen)
{
	size_t n;

	if (!encoded) {
		put(o, (const char *)sect, slen);
		return;
	}
	n = strcspn(joined + cs, "*?");
	transcode(o, joined + cs, n < csn ? n : csn, sect, slen);
}

ssize_t
mime_decode_words(const char *in, size_t n, char *out, size_t cap)
{
	char joined[SC_MAX_HEADER_VALUE * MIME_EXPAND + 8];
	unsigned char sect[SC_MAX_HEADER_VALUE * MIME_EXPAND + 8];
	unsigned char word[SC_MAX_HEADER_VALUE * MIME_EXPAND + 8];
	struct out o = { out, 0, cap, 0 };
	size_t i, j, k, m = 0, slen = 0, cs, csn, tx, txn, wl;
	size_t lcs = 0, lcsn = 0;
	int have = 0, lastenc = 0;	/* lastenc: section is encoded */
	char enc;

	if (n > SC_MAX_HEADER_VALUE * MIME_EXPAND)
		return MIME_E_SPACE;
	/* Pass 1: drop whitespace between two adjacent encoded words. */
	for (i = 0; i < n;) {
		j = match_word(in, n, i, &cs, &csn, &enc, &tx, &txn);
		if (j != 0 && j < n && chars_is_space((unsigned char)in[j])) {
			k = j;
			while (k < n && chars_is_space((unsigned char)in[k]))
				k++;
			if (match_word(in, n, k, &cs, &csn, &enc, &tx, &txn)) {
				memcpy(joined + m, in + i, j - i);
				m += j - i;
				i = k;
				continue;
			}
		}
		joined[m++] = in[i++];
	}
	/* Pass 2: sections of equal encoding, each decoded and transcoded. */
	for (i = 0; i < m;) {
		j = match_word(joined, m, i, &cs, &csn, &enc, &tx, &txn);
		if (j != 0) {
			if (enc == 'b' || enc == 'B')
				wl = b64_decode(joined + tx, txn, word);
			else
				wl = q_decode(joined + tx, txn, word);
			if (have && lastenc && lcsn == csn &&
			    strncasecmp(joined + lcs, joined + cs, csn) == 0) {
				memcpy(sect + slen, word, wl);
				slen += wl;
			} else {
				if (have)
					put_section(&o, joined, lcs, lcsn,
					    lastenc, sect, slen);
				memcpy(sect, word, wl);
				slen = wl;
				have = 1;
				lastenc = 1;
				lcs = cs;
				lcsn = csn;
			}
			i = j;
			continue;
		}
		/* Plain text: a run of non-'=' bytes, or one byte. */
		k = i + 1;
		if (joined[i] != '=')
			while (k < m && joined[k] != '=')
				k++;
		if (have && !lastenc) {
			memcpy(sect + slen, joined + i, k - i);
			slen += k - i;
		} else {
			if (have)	/* an encoded section ends */
				put_section(&o, joined, lcs, lcsn, 1, sect,
				    slen);
			memcpy(sect, joined + i, k - i);
			slen = k - i;
			have = 1;
			lastenc = 0;
		}
		i = k;
	}
	if (have)
		put_section(&o, joined, lcs, lcsn, lastenc, sect, slen);
	return o.over ? MIME_E_SPACE : (ssize_t)o.len;
}
