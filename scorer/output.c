/* output: buffered writing and the text, JSON and add-header formats. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "config.h"
#include "mime.h"
#include "output.h"
#include "rx.h"

struct out {
	int	 fd;
	char	*buf;
	size_t	 len;
	int	 failed;
	int	 err;	/* errno of the first failure */
};

int
out_new(struct out **o, int fd)
{
	*o = calloc(1, sizeof(**o));
	if (*o == NULL)
		return OUT_E_NOMEM;
	if (((*o)->buf = malloc(SC_OUT_BUFFER)) == NULL) {
		free(*o);
		*o = NULL;
		return OUT_E_NOMEM;
	}
	(*o)->fd = fd;
	return 0;
}

int
out_flush(struct out *o)
{
	size_t off = 0;
	ssize_t n;

	while (!o->failed && off < o->len) {
		n = write(o->fd, o->buf + off, o->len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			o->failed = 1;
			o->err = errno;
			break;
		}
		off += (size_t)n;
	}
	o->len = 0;
	if (o->failed) {
		errno = o->err;
		return OUT_E_IO;
	}
	return 0;
}

int
out_free(struct out *o)
{
	int r;

	if (o == NULL)
		return 0;
	r = out_flush(o);
	free(o->buf);
	free(o);
	return r;
}

int
out_failed(const struct out *o)
{
	return o->failed;
}

void
out_bytes(struct out *o, const char *p, size_t n)
{
	size_t k;

	while (n > 0) {
		if (o->len == SC_OUT_BUFFER && out_flush(o) != 0)
			return;
		k = SC_OUT_BUFFER - o->len;
		if (k > n)
			k = n;
		memcpy(o->buf + o->len, p, k);
		o->len += k;
		p += k;
		n -= k;
	}
}

void
out_str(struct out *o, const char *s)
{
	out_bytes(o, s, strlen(s));
}

void
out_num(struct out *o, double v)
{
	char b[64], *p = b + sizeof(b);
	long long k, ip;
	int n, frac;

	if (v == 0)
		v = 0;	/* Perl prints -0.0 as "0" */
	/*
	 * Scores and totals are short decimals; when v is exactly the double
	 * nearest to k/1000, %.15g would print that decimal, so print it
	 * without the slow floating-point formatter.
	 */
	if (v > -1e12 && v < 1e12) {
		k = llround(v * 1000);
		if ((double)k / 1000.0 == v) {
			int neg = k < 0;

			if (neg)
				k = -k;
			ip = k / 1000;
			frac = (int)(k % 1000);
			if (frac != 0) {
				int digits = 3;

				while (frac % 10 == 0) {
					frac /= 10;
					digits--;
				}
				while (digits-- > 0) {
					*--p = (char)('0' + frac % 10);
					frac /= 10;
				}
				*--p = '.';
			}
			do {
				*--p = (char)('0' + ip % 10);
				ip /= 10;
			} while (ip > 0);
			if (neg)
				*--p = '-';
			out_bytes(o, p, (size_t)(b + sizeof(b) - p));
			return;
		}
	}
	n = snprintf(b, sizeof(b), "%.15g", v);
	out_bytes(o, b, (size_t)n);
}

static void
out_size(struct out *o, size_t v)
{
	char b[32];
	int n = snprintf(b, sizeof(b), "%zu", v);

	out_bytes(o, b, (size_t)n);
}

/*
 * A JSON string; invalid UTF-8 bytes become \u00XX.  Runs of bytes that
 * need no escape are written with one out_bytes().
 */
static void
out_json_str(struct out *o, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, plain = 0, run;
	char esc[6];

	out_bytes(o, "\"", 1);
	while (i < n) {
		unsigned char c = u[i];

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			i++;
			continue;
		}
		if (c >= 0x80) {
			run = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
			if (run > 1 && i + run <= n &&
			    mime_utf8_valid(s + i, run)) {
				i += run;
				continue;
			}
		}
		out_bytes(o, s + plain, i - plain);
		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			out_bytes(o, esc, 2);
		} else {
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			out_bytes(o, esc, 6);
		}
		plain = ++i;
	}
	out_bytes(o, s + plain, i - plain);
	out_bytes(o, "\"", 1);
}

static const char *
error_token(int code)
{
	switch (code) {
	case RX_E_MATCHLIMIT: return "match-limit";
	case RX_E_DEPTHLIMIT: return "depth-limit";
	case RX_E_HEAPLIMIT: return "heap-limit";
	case RX_E_JITSTACK: return "jit-stack-limit";
	case SCORE_ERR_VALUE: return "value-too-large";
	case SCORE_ERR_META: return "meta-division-by-zero";
	case SCORE_ERR_FIELDS: return "too-many-fields";
	default: return "match-error";
	}
}

static void
out_tests(struct out *o, const struct ruleset *rs,
    const struct score_result *res)
{
	int i;

	if (res->nhits == 0) {
		out_str(o, "none");
		return;
	}
	for (i = 0; i < res->nhits; i++) {
		if (i > 0)
			out_bytes(o, ",", 1);
		out_str(o, ruleset_rule(rs, res->hits[i].rule)->name);
		out_bytes(o, "=", 1);
		out_num(o, res->hits[i].score);
	}
}

static void
out_source(struct out *o, const char *source, size_t index)
{
	out_str(o, source);
	if (index > 0) {
		out_bytes(o, ":", 1);
		out_size(o, index);
	}
}

static void
report_text(struct out *o, const char *source, size_t index,
    const struct ruleset *rs, const struct score_result *res)
{
	int i;

	out_source(o, source, index);
	out_str(o, "\ttests=");
	out_tests(o, rs, res);
	out_str(o, " total=");
	out_num(o, res->total);
	if (res->nerrors > 0) {
		out_str(o, " errors=");
		for (i = 0; i < res->nerrors; i++) {
			int r = res->errors[i].rule;

			if (i > 0)
				out_bytes(o, ",", 1);
			out_str(o, r >= 0 ? ruleset_rule(rs, r)->name :
			    "(message)");
			out_bytes(o, ":", 1);
			out_str(o, error_token(res->errors[i].code));
		}
	}
	out_bytes(o, "\n", 1);
}

/* The start of every JSON line: {"source":...[,"message":N] */
static void
json_source(struct out *o, const char *source, size_t index)
{
	out_str(o, "{\"source\":");
	out_json_str(o, source, strlen(source));
	if (index > 0) {
		out_str(o, ",\"message\":");
		out_size(o, index);
	}
}

static void
report_json(struct out *o, const char *source, size_t index,
    const struct ruleset *rs, const struct score_result *res)
{
	const struct rs_rule *ru;
	int i;

	json_source(o, source, index);
	out_str(o, ",\"tests\":[");
	for (i = 0; i < res->nhits; i++) {
		ru = ruleset_rule(rs, res->hits[i].rule);
		if (i > 0)
			out_bytes(o, ",", 1);
		out_str(o, "{\"rule\":");
		out_json_str(o, ru->name, strlen(ru->name));
		out_str(o, ",\"score\":");
		out_num(o, res->hits[i].score);
		out_str(o, ",\"description\":");
		if (ru->describe != NULL)
			out_json_str(o, ru->describe, strlen(ru->describe));
		else
			out_str(o, "null");
		out_bytes(o, "}", 1);
	}
	out_str(o, "],\"total\":");
	out_num(o, res->total);
	out_str(o, ",\"errors\":[");
	for (i = 0; i < res->nerrors; i++) {
		int r = res->errors[i].rule;

		if (i > 0)
			out_bytes(o, ",", 1);
		out_str(o, "{\"rule\":");
		if (r >= 0)
			out_json_str(o, ruleset_rule(rs, r)->name,
			    strlen(ruleset_rule(rs, r)->name));
		else
			out_str(o, "null");
		out_str(o, ",\"error\":");
		out_json_str(o, score_strerror(res->errors[i].code),
		    strlen(score_strerror(res->errors[i].code)));
		out_bytes(o, "}", 1);
	}
	out_str(o, "]}\n");
}

/* 1 when line starts the field SC_SCORE_HEADER (any case). */
static int
is_score_field(const char *p, size_t n)
{
	size_t k = sizeof(SC_SCORE_HEADER) - 1;

	if (n <= k || strncasecmp(p, SC_SCORE_HEADER, k) != 0)
		return 0;
	while (k < n && (p[k] == ' ' || p[k] == '\t'))
		k++;
	return k < n && p[k] == ':';
}

static void
report_message(struct out *o, const struct ruleset *rs,
    const struct score_result *res, const char *msg, size_t len)
{
	const char *p = msg + res->start, *hend = msg + res->body;
	const char *e = msg + len, *nl, *le;
	int skipping = 0;

	out_bytes(o, msg, res->start);
	out_str(o, SC_SCORE_HEADER ": total=");
	out_num(o, res->total);
	out_str(o, " tests=");
	out_tests(o, rs, res);
	out_str(o, res->crlf ? "\r\n" : "\n");
	/* The header block without earlier copies of our field. */
	while (p < hend) {
		nl = memchr(p, '\n', (size_t)(hend - p));
		le = nl != NULL ? nl + 1 : hend;
		if (*p == ' ' || *p == '\t') {
			if (!skipping)
				out_bytes(o, p, (size_t)(le - p));
		} else {
			skipping = is_score_field(p, (size_t)(le - p));
			if (!skipping)
				out_bytes(o, p, (size_t)(le - p));
		}
		p = le;
	}
	out_bytes(o, hend, (size_t)(e - hend));
}

void
out_report(struct out *o, enum out_format fmt, const char *source,
    size_t index, const struct ruleset *rs, const struct score_result *res,
    const char *msg, size_t len)
{
	switch (fmt) {
	case OUT_TEXT:
		report_text(o, source, index, rs, res);
		break;
	case OUT_JSON:
		report_json(o, source, index, rs, res);
		break;
	case OUT_MESSAGE:
		report_message(o, rs, res, msg, len);
		break;
	}
}

void
out_input_error(struct out *o, enum out_format fmt, const char *source,
    size_t index, const char *why)
{
	if (fmt == OUT_TEXT) {
		out_source(o, source, index);
		out_str(o, "\terror=");
		out_str(o, why);
		out_bytes(o, "\n", 1);
	} else if (fmt == OUT_JSON) {
		json_source(o, source, index);
		out_str(o, ",\"error\":");
		out_json_str(o, why, strlen(why));
		out_str(o, "}\n");
	}
}
