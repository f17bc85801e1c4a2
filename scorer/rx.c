/* rx: Perl-to-PCRE2 translation, compilation with JIT, bounded matching. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chars.h"
#include "config.h"
#include "rx.h"

struct rx {
	pcre2_code	*code;		/* compiled pattern */
	int		 jit;		/* JIT code is available */
};

struct rx_scratch {
	pcre2_match_data	*md;	/* one ovector pair is enough */
	pcre2_match_context	*mc;	/* limits + JIT stack */
	pcre2_jit_stack		*js;
};

/*
 * PCRE2 character tables as built for the C locale, with Latin-1 case pairs
 * added: Perl compiles SpamAssassin rules with /aa, under which \d \s \w
 * and POSIX classes stay ASCII but /i still folds bytes 0xC0-0xDE with
 * 0xE0-0xFE (except the multiplication and division signs).  Offsets are
 * PCRE2's documented table layout (lcc, fcc, cbits, ctypes).
 */
#define TAB_LCC		0
#define TAB_FCC		256
#define TAB_LENGTH	1088
static uint8_t	 rx_tables[TAB_LENGTH];
static int	 rx_tables_ready;

static int
tables_init(void)
{
	const uint8_t *t;
	int c;

	if (rx_tables_ready)
		return 0;
	t = pcre2_maketables(NULL);
	if (t == NULL)
		return RX_E_NOMEM;
	memcpy(rx_tables, t, sizeof(rx_tables));
	pcre2_maketables_free(NULL, t);
	for (c = 0; c < 256; c++) {
		if (c >= 'A' && c <= 'Z')
			continue;
		if (c >= 'a' && c <= 'z')
			continue;
		rx_tables[TAB_LCC + c] = (uint8_t)c;
		rx_tables[TAB_FCC + c] = (uint8_t)c;
	}
	for (c = 0xC0; c <= 0xDE; c++) {
		if (c == 0xD7)
			continue;
		rx_tables[TAB_LCC + c] = (uint8_t)(c + 0x20);
		rx_tables[TAB_FCC + c] = (uint8_t)(c + 0x20);
		rx_tables[TAB_FCC + c + 0x20] = (uint8_t)c;
	}
	rx_tables_ready = 1;
	return 0;
}

static void
seterr(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Output buffer of the translator; overflow is reported once at the end. */
struct tbuf {
	char	*p;
	size_t	 len;
	size_t	 cap;
	int	 over;
};

static void
tb_put(struct tbuf *b, const char *s, size_t n)
{
	if (b->over || b->len + n + 1 > b->cap) {
		b->over = 1;
		return;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
tb_putc(struct tbuf *b, char c)
{
	tb_put(b, &c, 1);
}

static int
is_hex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return c - 'A' + 10;
}

/*
 * The number of a braced escape, \x{...} (base 16; '_' and blanks are
 * skipped, as Perl does) or \o{...} (base 8). On entry p[*jp] is the '{';
 * on success *jp is the '}' and *v the value, at most 0xFF.
 */
static int
braced_value(const char *p, size_t n, size_t *jp, int base, const char *esc,
    const char *why, unsigned long *v, char *err, size_t errlen)
{
	size_t j = *jp;

	*v = 0;
	for (j++; j < n && p[j] != '}'; j++) {
		if (base == 16 && (p[j] == '_' || p[j] == ' ' || p[j] == '\t'))
			continue;
		if (base == 16 ? !is_hex((unsigned char)p[j]) :
		    (p[j] < '0' || p[j] > '7'))
			break;
		*v = *v * (unsigned long)base + (unsigned long)(base == 16 ?
		    hexval(p[j]) : p[j] - '0');
		if (*v > 0xffff)
			*v = 0xffff;
	}
	if (j >= n || p[j] != '}') {
		seterr(err, errlen, "missing right brace on \\%s{}", esc);
		return RX_E_SYNTAX;
	}
	if (*v > 0xff) {
		seterr(err, errlen, "unsupported: \\%s{...} above 0xFF%s", esc,
		    why);
		return RX_E_UNSUPPORTED;
	}
	*jp = j;
	return 0;
}

/*
 * Translates one backslash escape starting at p[i] == '\\'.  Copies it to
 * the output and returns the index after it, or a negative error.
 */
static long
tr_escape(const char *p, size_t n, size_t i, struct tbuf *b, char *err,
    size_t errlen)
{
	size_t j;
	unsigned long v;
	int d, r;

	if (i + 1 >= n) {
		seterr(err, errlen, "trailing \\ in regex");
		return RX_E_SYNTAX;
	}
	d = (unsigned char)p[i + 1];
	switch (d) {
	case 'Q': case 'E': case 'U': case 'L': case 'u': case 'l':
		/* Case and quote escapes are string-interpolation features. */
		seterr(err, errlen, "unrecognized escape \\%c passed through",
		    d);
		return RX_E_SYNTAX;
	case 'C':
		seterr(err, errlen, "\\C no longer supported");
		return RX_E_SYNTAX;
	case 'N':
		if (i + 2 < n && p[i + 2] == '{') {
			seterr(err, errlen, "unsupported: \\N{...} named or "
			    "Unicode character");
			return RX_E_UNSUPPORTED;
		}
		tb_put(b, p + i, 2);
		return (long)(i + 2);
	case 'x':
		j = i + 2;
		if (j < n && p[j] == '{') {
			r = braced_value(p, n, &j, 16, "x", " (Perl would switch "
			    "to Unicode)", &v, err, errlen);
			if (r < 0)
				return r;
			{
				char tmp[8];

				snprintf(tmp, sizeof(tmp), "\\x{%lx}", v);
				tb_put(b, tmp, strlen(tmp));
			}
			return (long)(j + 1);
		}
		/* \xHH: up to two hex digits, as in both dialects. */
		while (j < n && j < i + 4 && is_hex((unsigned char)p[j]))
			j++;
		tb_put(b, p + i, j - i);
		return (long)j;
	case 'o':
		j = i + 2;
		if (j < n && p[j] == '{') {
			r = braced_value(p, n, &j, 8, "o", "", &v, err, errlen);
			if (r < 0)
				return r;
			tb_put(b, p + i, j + 1 - i);
			return (long)(j + 1);
		}
		seterr(err, errlen, "missing braces on \\o{}");
		return RX_E_SYNTAX;
	case 'b': case 'B':
		if (i + 2 < n && p[i + 2] == '{') {
			seterr(err, errlen, "unsupported: \\%c{...} Unicode "
			    "boundaries", d);
			return RX_E_UNSUPPORTED;
		}
		tb_put(b, p + i, 2);
		return (long)(i + 2);
	case 'p': case 'P': case 'g': case 'k':
		j = i + 2;
		if (j < n && (p[j] == '{' || p[j] == '<' || p[j] == '\'')) {
			char close = p[j] == '{' ? '}' : p[j] == '<' ? '>' :
			    '\'';

			while (j < n && p[j] != close)
				j++;
			if (j >= n) {
				seterr(err, errlen, "missing terminator on "
				    "\\%c", d);
				return RX_E_SYNTAX;
			}
			tb_put(b, p + i, j + 1 - i);
			return (long)(j + 1);
		}
		tb_put(b, p + i, 2);
		return (long)(i + 2);
	case 'c':
		if (i + 2 >= n) {
			seterr(err, errlen, "character following \\c must "
			    "be printable ASCII");
			return RX_E_SYNTAX;
		}
		tb_put(b, p + i, 3);
		return (long)(i + 3);
	default:
		break;
	}
	tb_put(b, p + i, 2);
	return (long)(i + 2);
}

/* Copies a bracketed character class starting at p[i] == '['. */
static long
tr_class(const char *p, size_t n, size_t i, struct tbuf *b, char *err,
    size_t errlen)
{
	size_t j = i + 1;
	long r;

	tb_putc(b, '[');
	if (j < n && p[j] == '^')
		tb_putc(b, p[j++]);
	if (j < n && p[j] == ']')
		tb_putc(b, p[j++]);
	while (j < n && p[j] != ']') {
		if (p[j] == '\\') {
			r = tr_escape(p, n, j, b, err, errlen);
			if (r < 0)
				return r;
			j = (size_t)r;
			continue;
		}
		if (p[j] == '[' && j + 1 < n &&
		    (p[j + 1] == ':' || p[j + 1] == '.' || p[j + 1] == '=')) {
			char kind = p[j + 1];
			size_t k = j + 2;

			while (k + 1 < n && !(p[k] == kind && p[k + 1] == ']'))
				k++;
			if (k + 1 < n) {
				tb_put(b, p + j, k + 2 - j);
				j = k + 2;
				continue;
			}
		}
		tb_putc(b, p[j++]);
	}
	if (j >= n) {
		seterr(err, errlen, "unmatched [ in regex");
		return RX_E_SYNTAX;
	}
	tb_putc(b, ']');
	return (long)(j + 1);
}

/*
 * Parses a Perl 5.36 quantifier at p[i] == '{': {n} {n,} {n,m} {,m}, blanks
 * allowed inside.  Returns the index after it and fills lo/hi (-1 = none),
 * or 0 when the brace is not a quantifier.
 */
/* Skips blanks from j; returns the next index. */
static size_t
skip_blanks(const char *p, size_t n, size_t j)
{
	while (j < n && (p[j] == ' ' || p[j] == '\t'))
		j++;
	return j;
}

/* Reads decimal digits at *j (saturating at 100000): the value, or -1
 * when there are none. */
static long
read_count(const char *p, size_t n, size_t *j)
{
	long v = -1;

	if (*j < n && p[*j] >= '0' && p[*j] <= '9') {
		v = 0;
		while (*j < n && p[*j] >= '0' && p[*j] <= '9') {
			if (v < 100000)
				v = v * 10 + (p[*j] - '0');
			(*j)++;
		}
	}
	return v;
}

static size_t
parse_quant(const char *p, size_t n, size_t i, long *lo, long *hi, int *comma)
{
	size_t j = i + 1;
	long a, c = -1;

	*comma = 0;
	j = skip_blanks(p, n, j);
	a = read_count(p, n, &j);
	j = skip_blanks(p, n, j);
	if (j < n && p[j] == ',') {
		*comma = 1;
		j = skip_blanks(p, n, j + 1);
		c = read_count(p, n, &j);
		j = skip_blanks(p, n, j);
	}
	if (j >= n || p[j] != '}')
		return 0;
	if (a < 0 && c < 0)
		return 0;
	if (a < 0 && !*comma)
		return 0;
	*lo = a;
	*hi = c;
	return j + 1;
}

/* Perl's backtracking-control verbs; anything else after "(*" is refused. */
static int
perl_verb(const char *name, size_t len)
{
	static const char *const verbs[] = {
		"ACCEPT", "FAIL", "F", "COMMIT", "PRUNE", "SKIP", "THEN",
		"MARK", NULL
	};
	int k;

	if (len == 0)
		return 1;	/* (*:NAME) */
	if (name[0] >= 'a' && name[0] <= 'z')
		return 1;	/* alpha assertions: (*pla:...), (*atomic:...) */
	for (k = 0; verbs[k] != NULL; k++)
		if (strlen(verbs[k]) == len && memcmp(verbs[k], name, len) == 0)
			return 1;
	return 0;
}

/*
 * Parses inline flags after "(?" at p[i]; writes the PCRE2 equivalent.
 * Sets *xmode to the extended state they leave.  Returns the index of the
 * terminating ':' or ')' or a negative error.
 */
static long
tr_flags(const char *p, size_t n, size_t i, struct tbuf *b, int *xmode,
    char *err, size_t errlen)
{
	int neg = 0, acount = 0, xcount = 0, x = *xmode;
	size_t j;

	for (j = i; j < n && p[j] != ':' && p[j] != ')'; j++) {
		switch (p[j]) {
		case '^':
			seterr(err, errlen, "unsupported: (?^...) resets the "
			    "character-set rules to /d");
			return RX_E_UNSUPPORTED;
		case '-':
			if (neg) {
				seterr(err, errlen, "sequence (?%.*s...) not "
				    "recognized", (int)(j - i + 1), p + i);
				return RX_E_SYNTAX;
			}
			neg = 1;
			if (xcount)
				x = xcount >= 2 ? 2 : 1;
			xcount = 0;
			tb_putc(b, '-');
			break;
		case 'i': case 'm': case 's': case 'n':
			tb_putc(b, p[j]);
			break;
		case 'x':
			xcount++;
			tb_putc(b, 'x');
			break;
		case 'p':
			break;
		case 'a':
			if (neg) {
				seterr(err, errlen, "regexp modifier \"a\" may "
				    "not appear after the \"-\"");
				return RX_E_SYNTAX;
			}
			acount++;
			break;
		case 'd': case 'l': case 'u':
			seterr(err, errlen, "unsupported: /%c character-set "
			    "rules (only the /aa rules SpamAssassin uses)",
			    p[j]);
			return RX_E_UNSUPPORTED;
		default:
			seterr(err, errlen, "sequence (?%.*s...) not recognized",
			    (int)(j - i + 1), p + i);
			return RX_E_SYNTAX;
		}
	}
	if (j >= n) {
		seterr(err, errlen, "sequence (? incomplete");
		return RX_E_SYNTAX;
	}
	if (acount == 1 || acount > 2) {
		seterr(err, errlen, "unsupported: /a character-set rules "
		    "(only /aa)");
		return RX_E_UNSUPPORTED;
	}
	if (xcount)
		x = neg ? 0 : (xcount >= 2 ? 2 : 1);
	*xmode = x;
	return (long)j;
}

/*
 * Translates the body of a Perl pattern (no delimiters) to PCRE2 syntax.
 * xmode is the /x state from the trailing flags.  rx_compile() has
 * already refused (?{...}) and (??{...}) anywhere in the body.
 */
static int
translate(const char *p, size_t n, int xmode, struct tbuf *b, char *err,
    size_t errlen)
{
	int xstack[SC_MAX_PATTERN / 2 + 1];
	int depth = 0, quantifiable = 0, quantified = 0, x = xmode;
	size_t i = 0, q;
	long r, lo, hi;
	int comma;

	while (i < n) {
		unsigned char c = (unsigned char)p[i];

		if (x && chars_is_space(c)) {
			tb_putc(b, (char)c);
			i++;
			continue;
		}
		if (x && c == '#') {
			while (i < n && p[i] != '\n')
				tb_putc(b, p[i++]);
			continue;
		}
		switch (c) {
		case '\\':
			r = tr_escape(p, n, i, b, err, errlen);
			if (r < 0)
				return (int)r;
			i = (size_t)r;
			quantifiable = 1;
			quantified = 0;
			continue;
		case '[':
			r = tr_class(p, n, i, b, err, errlen);
			if (r < 0)
				return (int)r;
			i = (size_t)r;
			quantifiable = 1;
			quantified = 0;
			continue;
		case '(':
			if (depth >= (int)(sizeof(xstack) / sizeof(xstack[0]))) {
				seterr(err, errlen, "regex nested too deeply");
				return RX_E_SYNTAX;
			}
			if (i + 1 < n && p[i + 1] == '*') {
				size_t k = i + 2;

				while (k < n && (p[k] == '_' ||
				    (p[k] >= 'A' && p[k] <= 'Z') ||
				    (p[k] >= 'a' && p[k] <= 'z')))
					k++;
				if (!perl_verb(p + i + 2, k - i - 2)) {
					seterr(err, errlen, "unknown verb "
					    "pattern '%.*s'", (int)(k - i - 2),
					    p + i + 2);
					return RX_E_SYNTAX;
				}
				tb_put(b, p + i, k - i);
				xstack[depth++] = x;
				i = k;
				quantifiable = 0;
				quantified = 0;
				continue;
			}
			if (i + 1 < n && p[i + 1] == '?') {
				size_t k = i + 2;

				if (k < n && p[k] == '#') {
					while (k < n && p[k] != ')')
						k++;
					if (k >= n) {
						seterr(err, errlen, "sequence "
						    "(?#... not terminated");
						return RX_E_SYNTAX;
					}
					tb_put(b, p + i, k + 1 - i);
					i = k + 1;
					continue;
				}
				if (k < n && (strchr("imsxnpadlu^", p[k]) !=
				    NULL || (p[k] == '-' && k + 1 < n &&
				    !(p[k + 1] >= '0' && p[k + 1] <= '9')))) {
					int nx = x;

					tb_put(b, "(?", 2);
					r = tr_flags(p, n, k, b, &nx, err,
					    errlen);
					if (r < 0)
						return (int)r;
					k = (size_t)r;
					tb_putc(b, p[k]);
					if (p[k] == ':') {
						xstack[depth++] = x;
						x = nx;
					} else
						x = nx;
					i = k + 1;
					quantifiable = 0;
					quantified = 0;
					continue;
				}
				tb_put(b, "(?", 2);
				xstack[depth++] = x;
				i = k;
				quantifiable = 0;
				quantified = 0;
				continue;
			}
			tb_putc(b, '(');
			xstack[depth++] = x;
			i++;
			quantifiable = 0;
			quantified = 0;
			continue;
		case ')':
			if (depth > 0)
				x = xstack[--depth];
			tb_putc(b, ')');
			i++;
			quantifiable = 1;
			quantified = 0;
			continue;
		case '|':
		case '^':
			tb_putc(b, (char)c);
			i++;
			quantifiable = 0;
			quantified = 0;
			continue;
		case '*':
		case '+':
		case '?':
			tb_putc(b, (char)c);
			i++;
			if (quantified) {
				/* A greediness or possessive modifier. */
				quantified = 0;
				quantifiable = 0;
				continue;
			}
			quantified = quantifiable;
			quantifiable = 0;
			continue;
		case '{':
			if (!quantifiable && !quantified) {
				tb_put(b, "\\{", 2);
				i++;
				quantifiable = 1;
				continue;
			}
			q = parse_quant(p, n, i, &lo, &hi, &comma);
			if (q == 0) {
				seterr(err, errlen, "unescaped left brace in "
				    "regex is passed through");
				return RX_E_SYNTAX;
			}
			if (quantified) {
				seterr(err, errlen, "nested quantifiers in "
				    "regex");
				return RX_E_SYNTAX;
			}
			if (lo >= 0 && hi >= 0 && lo > hi) {
				seterr(err, errlen, "quantifier {n,m} with "
				    "n > m can't match");
				return RX_E_SYNTAX;
			}
			if (!comma && q < n && p[q] == '?') {
				seterr(err, errlen, "useless use of greediness "
				    "modifier '?'");
				return RX_E_SYNTAX;
			}
			{
				char tmp[48];

				if (!comma)
					snprintf(tmp, sizeof(tmp), "{%ld}", lo);
				else if (hi < 0)
					snprintf(tmp, sizeof(tmp), "{%ld,}",
					    lo);
				else
					snprintf(tmp, sizeof(tmp), "{%ld,%ld}",
					    lo < 0 ? 0 : lo, hi);
				tb_put(b, tmp, strlen(tmp));
			}
			i = q;
			quantified = 1;
			quantifiable = 0;
			continue;
		default:
			tb_putc(b, (char)c);
			i++;
			quantifiable = 1;
			quantified = 0;
			continue;
		}
	}
	if (b->over) {
		seterr(err, errlen, "regex longer than %d bytes",
		    SC_MAX_PATTERN);
		return RX_E_TOOLONG;
	}
	return 0;
}

/* SpamAssassin's is_always_matching_regexp(), applied in lint mode. */
static const char *
always_matching(const char *p, size_t n)
{
	size_t i;

	if (n == 0)
		return "empty";
	for (i = 0; i + 1 < n; i++)
		if (p[i] == '|' && p[i + 1] == '|' &&
		    (i == 0 || p[i - 1] != '\\'))
			return "contains '||'";
	if (p[0] == '|')
		return "starts or ends with '|'";
	if (p[n - 1] == '|' && (n < 2 || p[n - 2] != '\\'))
		return "starts or ends with '|'";
	return NULL;
}

int
rx_compile(struct rx **out, const char *src, size_t len, int lint, char *err,
    size_t errlen)
{
	struct rx *rx = NULL;
	pcre2_compile_context *cc = NULL;
	struct tbuf tb = { NULL, 0, 0, 0 };
	const char *body, *am;
	size_t blen, i, mstart;
	char open = 0, close = 0, msg[256];
	uint32_t opts = PCRE2_NEVER_UTF | PCRE2_NEVER_UCP |
	    PCRE2_NEVER_BACKSLASH_C;
	int r = RX_E_NOMEM, xmode = 0, acount = 0, ecode;
	PCRE2_SIZE eoff;

	*out = NULL;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (len > SC_MAX_PATTERN) {
		seterr(err, errlen, "regex longer than %d bytes",
		    SC_MAX_PATTERN);
		return RX_E_TOOLONG;
	}
	if ((r = tables_init()) != 0)
		goto out;

	/* Delimiters, as SpamAssassin's compile_regexp() strips them. */
	i = 0;
	if (len > 0 && src[0] == '/') {
		close = '/';
		i = 1;
	} else {
		size_t k = 0;

		if (len >= 1 && src[0] == 'm')
			k = 1;
		else if (len >= 2 && src[0] == 'q' && src[1] == 'r')
			k = 2;
		if (k > 0 && k < len) {
			open = src[k];
			switch (open) {
			case '{': close = '}'; break;
			case '(': close = ')'; break;
			case '<': close = '>'; break;
			case '[': close = ']'; break;
			default:
				if ((open >= 'a' && open <= 'z') ||
				    (open >= 'A' && open <= 'Z') ||
				    (open >= '0' && open <= '9') ||
				    open == '_') {
					close = 0;
					break;
				}
				if (open == '\\') {
					seterr(err, errlen, "backslash "
					    "delimiter not allowed");
					r = RX_E_DELIM;
					goto out;
				}
				close = open;
			}
			i = k + 1;
		}
		if (close == 0) {
			seterr(err, errlen, "missing regexp delimiters");
			r = RX_E_DELIM;
			goto out;
		}
	}
	/* The closing delimiter and [a-df-z]* modifiers end the text. */
	mstart = len;
	while (mstart > i && ((src[mstart - 1] >= 'a' &&
	    src[mstart - 1] <= 'd') || (src[mstart - 1] >= 'f' &&
	    src[mstart - 1] <= 'z')))
		mstart--;
	/* The longest modifier run that is preceded by the delimiter. */
	{
		size_t k;

		for (k = mstart; k <= len; k++)
			if (k > i && src[k - 1] == close)
				break;
		if (k > len) {
			seterr(err, errlen, "invalid end delimiter/mods");
			r = RX_E_DELIM;
			goto out;
		}
		mstart = k;
	}
	body = src + i;
	blen = mstart - 1 - i;

	for (i = 0; i + 1 < blen; i++)
		if (body[i] == '(' && body[i + 1] == '?' && i + 2 < blen &&
		    (body[i + 2] == '{' || (body[i + 2] == '?' &&
		    i + 3 < blen && body[i + 3] == '{'))) {
			seterr(err, errlen, "eval (?{}) found");
			r = RX_E_SYNTAX;
			goto out;
		}
	if (close != '}' && close != ')' && close != ']') {
		/* An unescaped closing delimiter inside the body. */
		for (i = 0; i < blen; i++) {
			if (body[i] == '\\' && i + 1 < blen &&
			    body[i + 1] == '\\') {
				i++;
				continue;
			}
			if (body[i] == close && (i == 0 ||
			    body[i - 1] != '\\')) {
				seterr(err, errlen, "unquoted delimiter '%c' "
				    "found", close);
				r = RX_E_DELIM;
				goto out;
			}
		}
	}
	if (lint && (am = always_matching(body, blen)) != NULL) {
		seterr(err, errlen, "always matching regexp: %s", am);
		r = RX_E_ALWAYS;
		goto out;
	}

	for (i = mstart; i < len; i++) {
		switch (src[i]) {
		case 'i': opts |= PCRE2_CASELESS; break;
		case 'm': opts |= PCRE2_MULTILINE; break;
		case 's': opts |= PCRE2_DOTALL; break;
		case 'n': opts |= PCRE2_NO_AUTO_CAPTURE; break;
		case 'x': xmode++; break;
		case 'p': break;
		case 'a': acount++; break;
		case 'd': case 'l': case 'u':
			seterr(err, errlen, "unsupported: /%c character-set "
			    "rules (only the /aa rules SpamAssassin uses)",
			    src[i]);
			r = RX_E_UNSUPPORTED;
			goto out;
		case 'g': case 'o': case 'c':
			seterr(err, errlen, "useless (?%c) - use /%c modifier",
			    src[i], src[i]);
			r = RX_E_DELIM;
			goto out;
		default:
			seterr(err, errlen, "sequence (?%c...) not recognized",
			    src[i]);
			r = RX_E_DELIM;
			goto out;
		}
	}
	if (acount == 1 || acount > 2) {
		seterr(err, errlen, "unsupported: /a character-set rules "
		    "(only /aa)");
		r = RX_E_UNSUPPORTED;
		goto out;
	}
	if (xmode >= 2)
		opts |= PCRE2_EXTENDED_MORE;
	else if (xmode == 1)
		opts |= PCRE2_EXTENDED;

	tb.cap = blen * 2 + 64;
	if ((tb.p = malloc(tb.cap)) == NULL)
		goto out;
	tb.p[0] = '\0';
	if ((r = translate(body, blen, xmode >= 2 ? 2 : xmode, &tb, err,
	    errlen)) != 0)
		goto out;

	r = RX_E_NOMEM;
	if ((rx = calloc(1, sizeof(*rx))) == NULL)
		goto out;
	if ((cc = pcre2_compile_context_create(NULL)) == NULL)
		goto out;
	pcre2_set_character_tables(cc, rx_tables);
	pcre2_set_newline(cc, PCRE2_NEWLINE_LF);
	pcre2_set_bsr(cc, PCRE2_BSR_UNICODE);
	rx->code = pcre2_compile((PCRE2_SPTR)tb.p, tb.len, opts, &ecode,
	    &eoff, cc);
	if (rx->code == NULL) {
		pcre2_get_error_message(ecode, (PCRE2_UCHAR *)msg, sizeof(msg));
		seterr(err, errlen, "%s at offset %zu", msg, (size_t)eoff);
		r = RX_E_SYNTAX;
		goto out;
	}
	rx->jit = pcre2_jit_compile(rx->code, PCRE2_JIT_COMPLETE) == 0;
	*out = rx;
	rx = NULL;
	r = 0;
out:
	if (r == RX_E_NOMEM && err != NULL && errlen > 0 && err[0] == '\0')
		seterr(err, errlen, "out of memory");
	pcre2_compile_context_free(cc);
	free(tb.p);
	rx_free(rx);
	return r;
}

void
rx_free(struct rx *rx)
{
	if (rx == NULL)
		return;
	pcre2_code_free(rx->code);
	free(rx);
}

struct rx_scratch *
rx_scratch_new(void)
{
	struct rx_scratch *s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->md = pcre2_match_data_create(1, NULL);
	s->mc = pcre2_match_context_create(NULL);
	s->js = pcre2_jit_stack_create(SC_RX_JIT_STACK_MIN,
	    SC_RX_JIT_STACK_MAX, NULL);
	if (s->md == NULL || s->mc == NULL) {
		rx_scratch_free(s);
		return NULL;
	}
	pcre2_set_match_limit(s->mc, SC_RX_MATCH_LIMIT);
	pcre2_set_depth_limit(s->mc, SC_RX_DEPTH_LIMIT);
	pcre2_set_heap_limit(s->mc, SC_RX_HEAP_LIMIT_KIB);
	if (s->js != NULL)
		pcre2_jit_stack_assign(s->mc, NULL, s->js);
	return s;
}

void
rx_scratch_free(struct rx_scratch *s)
{
	if (s == NULL)
		return;
	pcre2_match_data_free(s->md);
	pcre2_match_context_free(s->mc);
	pcre2_jit_stack_free(s->js);
	free(s);
}

int
rx_match(const struct rx *rx, struct rx_scratch *s, const char *subj,
    size_t len)
{
	int rc;

	if (subj == NULL)
		subj = "";
	if (rx->jit && s->js != NULL)
		rc = pcre2_jit_match(rx->code, (PCRE2_SPTR)subj, len, 0, 0,
		    s->md, s->mc);
	else
		rc = pcre2_match(rx->code, (PCRE2_SPTR)subj, len, 0,
		    rx->jit ? 0 : PCRE2_NO_JIT, s->md, s->mc);
	if (rc >= 0)
		return 1;
	switch (rc) {
	case PCRE2_ERROR_NOMATCH:
		return 0;
	case PCRE2_ERROR_MATCHLIMIT:
		return RX_E_MATCHLIMIT;
	case PCRE2_ERROR_DEPTHLIMIT:
		return RX_E_DEPTHLIMIT;
	case PCRE2_ERROR_HEAPLIMIT:
		return RX_E_HEAPLIMIT;
	case PCRE2_ERROR_JIT_STACKLIMIT:
		return RX_E_JITSTACK;
	default:
		return RX_E_MATCH;
	}
}

int
rx_jit_available(void)
{
	uint32_t jit = 0;

	if (pcre2_config(PCRE2_CONFIG_JIT, &jit) < 0)
		return 0;
	return jit != 0;
}

const char *
rx_strerror(int code)
{
	switch (code) {
	case 0: return "success";
	case RX_E_NOMEM: return "out of memory";
	case RX_E_DELIM: return "invalid regexp delimiters or modifiers";
	case RX_E_SYNTAX: return "invalid regexp";
	case RX_E_UNSUPPORTED: return "unsupported regexp construct";
	case RX_E_ALWAYS: return "always-matching regexp";
	case RX_E_TOOLONG: return "regexp too long";
	case RX_E_MATCHLIMIT: return "regexp match limit reached";
	case RX_E_DEPTHLIMIT: return "regexp depth limit reached";
	case RX_E_HEAPLIMIT: return "regexp heap limit reached";
	case RX_E_JITSTACK: return "regexp JIT stack limit reached";
	case RX_E_MATCH: return "regexp matching error";
	default: return "unknown regexp error";
	}
}
