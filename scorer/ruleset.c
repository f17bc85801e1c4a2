/* ruleset: SpamAssassin rule-file parser, meta compiler and rule table. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chars.h"
#include "config.h"
#include "ruleset.h"

#define NAME_SLOTS	(SC_MAX_RULES * 2)	/* power of two */

struct ruleset {
	struct rs_rule	*rules;
	int		 nrules;
	int		 name_index[NAME_SLOTS];	/* rule index + 1 */
	struct rs_slot	 slots[SC_MAX_HEADER_SLOTS];
	int		 nslots;
	struct hdr_names *names;
	int		*meta_order;
	int		 nmeta;
	char		**files;	/* file names rules point into */
	int		 nfiles;
	int		 score_set;
	int		 lint;
	int		 errors;
	int		 depth;		/* include nesting */
	rs_diag_fn	 diag;
	void		*arg;
	/* Per-rule parse state not kept in struct rs_rule. */
	double		(*sets)[4];	/* the four score sets per rule */
	unsigned char	*has_set;
	char		**meta_text;	/* meta expression text */
};

static void
report(struct ruleset *rs, const char *file, unsigned line, int warning,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
report(struct ruleset *rs, const char *file, unsigned line, int warning,
    const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!warning)
		rs->errors++;
	if (rs->diag != NULL)
		rs->diag(rs->arg, file, line, warning, msg);
}

static uint32_t
str_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s != '\0') {
		h ^= (unsigned char)*s++;
		h *= 16777619u;
	}
	return h;
}

int
ruleset_find(const struct ruleset *rs, const char *name)
{
	uint32_t i = str_hash(name) & (NAME_SLOTS - 1);

	while (rs->name_index[i] != 0) {
		if (strcmp(rs->rules[rs->name_index[i] - 1].name, name) == 0)
			return rs->name_index[i] - 1;
		i = (i + 1) & (NAME_SLOTS - 1);
	}
	return -1;
}

/*
 * Finds or creates the rule called name; -1 when the table is full.  Meta
 * expressions resolve names with it and report a full table themselves.
 */
static int
rule_add(struct ruleset *rs, const char *name)
{
	uint32_t i;
	int r;

	if ((r = ruleset_find(rs, name)) >= 0)
		return r;
	if (rs->nrules >= SC_MAX_RULES)
		return -1;
	r = rs->nrules++;
	memset(&rs->rules[r], 0, sizeof(rs->rules[r]));
	snprintf(rs->rules[r].name, sizeof(rs->rules[r].name), "%s", name);
	rs->rules[r].slot = -1;
	rs->rules[r].meta.root = -1;
	i = str_hash(name) & (NAME_SLOTS - 1);
	while (rs->name_index[i] != 0)
		i = (i + 1) & (NAME_SLOTS - 1);
	rs->name_index[i] = r + 1;
	return r;
}

/* rule_add() for a rule-file line: a full table is reported there. */
static int
rule_get(struct ruleset *rs, const char *file, unsigned line,
    const char *name)
{
	int r;

	if ((r = rule_add(rs, name)) < 0)
		report(rs, file, line, 0, "too many rules (limit %d)",
		    SC_MAX_RULES);
	return r;
}

int
ruleset_new(struct ruleset **out, int score_set, int lint, rs_diag_fn diag,
    void *arg)
{
	struct ruleset *rs;
	int r = RS_E_NOMEM;

	*out = NULL;
	if ((rs = calloc(1, sizeof(*rs))) == NULL)
		return RS_E_NOMEM;
	rs->score_set = score_set < 0 || score_set > 3 ? 0 : score_set;
	rs->lint = lint;
	rs->diag = diag;
	rs->arg = arg;
	if ((rs->rules = calloc(SC_MAX_RULES, sizeof(*rs->rules))) == NULL ||
	    (rs->sets = calloc(SC_MAX_RULES, sizeof(*rs->sets))) == NULL ||
	    (rs->has_set = calloc(SC_MAX_RULES, 1)) == NULL ||
	    (rs->meta_text = calloc(SC_MAX_RULES, sizeof(char *))) == NULL ||
	    hdr_names_new(&rs->names) != 0)
		goto out;
	*out = rs;
	rs = NULL;
	r = 0;
out:
	ruleset_free(rs);
	return r;
}

static void
rule_clear(struct rs_rule *ru)
{
	rx_free(ru->rx);
	ru->rx = NULL;
	free(ru->unset);
	ru->unset = NULL;
	meta_release(&ru->meta);
}

void
ruleset_free(struct ruleset *rs)
{
	int i;

	if (rs == NULL)
		return;
	if (rs->rules != NULL)
		for (i = 0; i < rs->nrules; i++) {
			rule_clear(&rs->rules[i]);
			free(rs->rules[i].describe);
			if (rs->meta_text != NULL)
				free(rs->meta_text[i]);
		}
	for (i = 0; i < rs->nslots; i++)
		free(rs->slots[i].request);
	for (i = 0; i < rs->nfiles; i++)
		free(rs->files[i]);
	free(rs->files);
	free(rs->rules);
	free(rs->sets);
	free(rs->has_set);
	free(rs->meta_text);
	free(rs->meta_order);
	hdr_names_free(rs->names);
	free(rs);
}

static int
check_rule_name(struct ruleset *rs, const char *file, unsigned line,
    const char *name)
{
	if (!meta_rule_name_ok(name)) {
		report(rs, file, line, 0, "rule '%s' has invalid characters "
		    "(not Alphanumeric + Underscore + starting with a "
		    "non-digit)", name);
		return -1;
	}
	if (strlen(name) > SC_MAX_RULE_NAME) {
		report(rs, file, line, 0, "rule '%s' is too long (more than "
		    "%d characters)", name, SC_MAX_RULE_NAME);
		return -1;
	}
	return 0;
}

/* Splits "word rest": the first \S+ run and what follows after blanks. */
static char *
split_word(char *s, char **rest)
{
	char *w = s;

	while (*s != '\0' && !isspace((unsigned char)*s))
		s++;
	if (*s != '\0') {
		*s++ = '\0';
		while (isspace((unsigned char)*s))
			s++;
	}
	*rest = s;
	return w;
}

/* Finds or creates the slot for a header request. */
static int
slot_get(struct ruleset *rs, const char *file, unsigned line,
    const char *request)
{
	static const char *const meta_names[] = { "x-senderdomain",
	    "x-authordomain", "x-languages", "x-languages-length",
	    "x-relay-countries", "x-relay-countries-external",
	    "x-relay-countries-auth", "x-relay-countries-all", "x-asn",
	    NULL };
	char base[SC_MAX_CONF_LINE];
	const char *p, *c;
	unsigned mods = 0;
	size_t blen;
	struct rs_slot *s;
	int i;

	c = strchr(request, ':');
	blen = c != NULL ? (size_t)(c - request) : strlen(request);
	memcpy(base, request, blen);
	base[blen] = '\0';
	for (p = c; p != NULL && *p == ':'; p = c) {
		size_t n;

		p++;
		c = strchr(p, ':');
		n = c != NULL ? (size_t)(c - p) : strlen(p);
		if (n == 3 && strncmp(p, "raw", 3) == 0)
			mods |= RS_MOD_RAW;
		else if (n == 5 && strncmp(p, "first", 5) == 0)
			mods |= RS_MOD_FIRST;
		else if (n == 4 && strncmp(p, "last", 4) == 0)
			mods |= RS_MOD_LAST;
		else if (n == 0)
			;
		else {
			report(rs, file, line, 0, "unsupported: header "
			    "modifier ':%.*s' (supported: :raw, :first, "
			    ":last)", (int)n, p);
			return -1;
		}
	}
	if (strcmp(base, "ALL") == 0 && (mods & RS_MOD_RAW)) {
		report(rs, file, line, 0, "unsupported: ALL:raw (the "
		    "pristine header block); use ALL");
		return -1;
	}
	if (strcmp(base, "ALL-TRUSTED") == 0 ||
	    strcmp(base, "ALL-INTERNAL") == 0 ||
	    strcmp(base, "ALL-UNTRUSTED") == 0 ||
	    strcmp(base, "ALL-EXTERNAL") == 0 ||
	    chars_case_eq(base, blen, "envelopefrom") ||
	    chars_case_eq(base, blen, "x-spam-relays-untrusted") ||
	    chars_case_eq(base, blen, "x-spam-relays-trusted") ||
	    chars_case_eq(base, blen, "x-spam-relays-external") ||
	    chars_case_eq(base, blen, "x-spam-relays-internal")) {
		report(rs, file, line, 0, "unsupported: pseudo-header '%s' "
		    "needs SpamAssassin's relay analysis", base);
		return -1;
	}
	for (i = 0; meta_names[i] != NULL; i++)
		if (chars_case_eq(base, blen, meta_names[i]) ||
		    (blen > 14 && strncasecmp(base, "x-extracttext-", 14) ==
		    0)) {
			report(rs, file, line, 0, "unsupported: '%s' is "
			    "filled from SpamAssassin's message metadata when "
			    "absent", base);
			return -1;
		}
	for (i = 0; i < rs->nslots; i++)
		if (strcmp(rs->slots[i].request, request) == 0)
			return i;
	if (rs->nslots >= SC_MAX_HEADER_SLOTS) {
		report(rs, file, line, 0, "too many distinct header requests "
		    "(limit %d)", SC_MAX_HEADER_SLOTS);
		return -1;
	}
	s = &rs->slots[rs->nslots];
	memset(s, 0, sizeof(*s));
	s->mods = mods;
	if (strcmp(base, "ALL") == 0) {
		s->kind = RS_SLOT_ALL;
		hdr_names_want_all(rs->names);
	} else if (chars_case_eq(base, blen, "tocc")) {
		s->kind = RS_SLOT_LIST;
		s->ids[s->nids++] = hdr_names_add(rs->names, "to", 2);
		s->ids[s->nids++] = hdr_names_add(rs->names, "cc", 2);
	} else if (strcmp(base, "MESSAGEID") == 0) {
		static const char *const ids[] = { "x-message-id",
		    "resent-message-id", "x-original-message-id",
		    "message-id" };

		s->kind = RS_SLOT_LIST;
		for (i = 0; i < 4; i++)
			s->ids[s->nids++] = hdr_names_add(rs->names, ids[i],
			    strlen(ids[i]));
	} else {
		s->kind = RS_SLOT_HEADER;
		s->ids[s->nids++] = hdr_names_add(rs->names, base, blen);
	}
	for (i = 0; i < s->nids; i++)
		if (s->ids[i] < 0) {
			report(rs, file, line, 0, "too many header names "
			    "(limit %d)", HDR_MAX_NAMES);
			return -1;
		}
	if ((s->request = strdup(request)) == NULL) {
		report(rs, file, line, 0, "out of memory");
		return -1;
	}
	return rs->nslots++;
}

/* [\w.-]+ */
static int
header_name_char(int c)
{
	return isalnum(c) || c == '_' || c == '.' || c == '-';
}

static void
do_header(struct ruleset *rs, const char *file, unsigned line, char *value)
{
	char *name, *text, *hdr, *op, *pat, *unset = NULL, *q;
	char err[512], reqbuf[SC_MAX_CONF_LINE];
	struct rs_rule *ru;
	size_t n;
	int r, slot, neg = 0, exists = 0;
	struct rx *rx = NULL;

	if (*value == '\0' || (name = split_word(value, &text), *text == '\0')) {
		report(rs, file, line, 0, "header: missing required value");
		return;
	}
	if (strncmp(text, "eval:", 5) == 0 || strncmp(text, "rbleval:", 8) ==
	    0) {
		report(rs, file, line, 0, "unsupported: eval header rule "
		    "%s (needs SpamAssassin plugin code)", name);
		return;
	}
	if (check_rule_name(rs, file, line, name) != 0)
		return;
	if (strncmp(text, "exists:", 7) == 0) {
		hdr = text + 7;
		n = strlen(hdr);
		for (q = hdr; *q != '\0' && header_name_char((unsigned char)*q);
		    q++)
			;
		if (q == hdr || !(*q == '\0' || (*q == ':' && q[1] == '\0'))) {
			report(rs, file, line, 0, "invalid head test %s "
			    "header: %s", name, hdr);
			return;
		}
		if (n > 0 && hdr[n - 1] == ':')
			hdr[n - 1] = '\0';
		exists = 1;
		snprintf(reqbuf, sizeof(reqbuf), "%s", hdr);
	} else {
		/* ^([\w.-]+(?:\:|(?:\:[a-z]+){1,2})?)\s*([=!]~)\s*(.+)$ */
		q = text;
		while (*q != '\0' && header_name_char((unsigned char)*q))
			q++;
		if (q == text) {
			report(rs, file, line, 0, "invalid head test %s: %s",
			    name, text);
			return;
		}
		{
			char *m = q;
			int k = 0;

			while (*m == ':' && k < 2 && m[1] >= 'a' && m[1] <= 'z') {
				m++;
				while (*m >= 'a' && *m <= 'z')
					m++;
				k++;
			}
			if (k == 0 && *m == ':')
				m++;
			n = (size_t)(m - text);
			q = m;
		}
		memcpy(reqbuf, text, n);
		reqbuf[n] = '\0';
		while (isspace((unsigned char)*q))
			q++;
		op = q;
		if (!((op[0] == '=' || op[0] == '!') && op[1] == '~')) {
			report(rs, file, line, 0, "invalid head test %s: %s",
			    name, text);
			return;
		}
		neg = op[0] == '!';
		q = op + 2;
		while (isspace((unsigned char)*q))
			q++;
		if (*q == '\0') {
			report(rs, file, line, 0, "invalid head test %s: %s",
			    name, text);
			return;
		}
		pat = q;
		n = strlen(reqbuf);
		if (n > 0 && reqbuf[n - 1] == ':')
			reqbuf[n - 1] = '\0';
		/* s/\s+\[if-unset:\s+(.+)\]$// (leftmost match). */
		n = strlen(pat);
		if (n > 0 && pat[n - 1] == ']') {
			char *b = strstr(pat, "[if-unset:"), *end = pat + n - 1;

			for (; b != NULL; b = strstr(b + 1, "[if-unset:")) {
				char *a = b + 10, *v = a, *ws = b;

				if (ws == pat || !isspace((unsigned char)ws[-1]) ||
				    a >= end || !isspace((unsigned char)*a))
					continue;
				while (v < end && isspace((unsigned char)*v))
					v++;
				if (v == end) {
					/* (.+) takes back one blank. */
					if (end - a < 2)
						continue;
					v = end - 1;
				}
				unset = v;
				*end = '\0';
				while (ws > pat && isspace((unsigned char)ws[-1]))
					ws--;
				*ws = '\0';
				break;
			}
		}
		if (strstr(pat, "%{") != NULL) {
			report(rs, file, line, 0, "unsupported: capture "
			    "template %%{...} in %s", name);
			return;
		}
		if (unset != NULL && strlen(unset) > SC_MAX_UNSET) {
			report(rs, file, line, 0, "[if-unset: ...] value longer "
			    "than %d bytes", SC_MAX_UNSET);
			return;
		}
		r = rx_compile(&rx, pat, strlen(pat), rs->lint, err,
		    sizeof(err));
		if (r != 0) {
			if (r == RX_E_UNSUPPORTED)
				report(rs, file, line, 0, "%s in %s '%s'", err,
				    name, pat);
			else
				report(rs, file, line, 0, "invalid regexp for "
				    "%s '%s': %s", name, pat, err);
			return;
		}
	}
	if ((slot = slot_get(rs, file, line, reqbuf)) < 0) {
		rx_free(rx);
		return;
	}
	if ((r = rule_get(rs, file, line, name)) < 0) {
		rx_free(rx);
		return;
	}
	ru = &rs->rules[r];
	rule_clear(ru);
	free(rs->meta_text[r]);
	rs->meta_text[r] = NULL;
	ru->kind = exists ? RS_EXISTS : RS_HEADER;
	ru->file = file;
	ru->line = line;
	ru->slot = slot;
	ru->neg = neg;
	ru->rx = rx;
	if (unset != NULL) {
		ru->unset_len = strlen(unset);
		if ((ru->unset = strdup(unset)) == NULL)
			report(rs, file, line, 0, "out of memory");
	}
}

/* -?\d+(?:\.\d+)? */
static int
score_number(const char *s, double *out)
{
	const char *p = s;

	if (*p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return -1;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return -1;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p != '\0')
		return -1;
	*out = strtod(s, NULL);
	return 0;
}

static void
do_score(struct ruleset *rs, const char *file, unsigned line, char *value)
{
	char *w[6], *rest = value;
	double v[4];
	int n = 0, i, r, relative = 0;

	while (*rest != '\0' && n < 6)
		w[n++] = split_word(rest, &rest);
	if (n == 6 || !(n == 2 || n == 5)) {
		report(rs, file, line, 0, "score: requires a symbolic rule "
		    "name and 1 or 4 scores");
		return;
	}
	for (i = 1; i < n; i++) {
		char *s = w[i];
		size_t len = strlen(s);

		if (len >= 3 && s[0] == '(' && s[len - 1] == ')') {
			s[len - 1] = '\0';
			s++;
			relative = 1;
		}
		if (score_number(s, &v[i - 1]) != 0) {
			report(rs, file, line, 0, "score: the non-numeric score "
			    "(%s) is not valid, a numeric score is required", s);
			return;
		}
	}
	if (n == 2)
		v[1] = v[2] = v[3] = v[0];
	r = ruleset_find(rs, w[0]);
	if (relative && (r < 0 || !rs->has_set[r])) {
		report(rs, file, line, 0, "score: relative score without "
		    "previous setting in configuration");
		return;
	}
	if (r < 0 && (r = rule_get(rs, file, line, w[0])) < 0)
		return;
	for (i = 0; i < 4; i++)
		rs->sets[r][i] = relative ? rs->sets[r][i] + v[i] : v[i];
	rs->has_set[r] = 1;
}

static void
do_describe(struct ruleset *rs, const char *file, unsigned line, char *value)
{
	char *name, *text;
	int r;

	name = split_word(value, &text);
	if (*text == '\0') {
		report(rs, file, line, 0, "describe: missing required value");
		return;
	}
	if (strlen(text) > SC_MAX_DESCRIBE) {
		report(rs, file, line, 0, "describe text longer than %d bytes",
		    SC_MAX_DESCRIBE);
		return;
	}
	if ((r = rule_get(rs, file, line, name)) < 0)
		return;
	free(rs->rules[r].describe);
	if ((rs->rules[r].describe = strdup(text)) == NULL)
		report(rs, file, line, 0, "out of memory");
}

static void
do_tflags(struct ruleset *rs, const char *file, unsigned line, char *value)
{
	static const char *const noop[] = { "nice", "learn", "userconf",
	    "noautolearn", "publish", "nopublish", "autolearn_force",
	    "nolog", NULL };
	char *name, *text, *rest, *w;
	int r, k, nice = 0;

	name = split_word(value, &text);
	if (*text == '\0') {
		report(rs, file, line, 0, "tflags: missing required value");
		return;
	}
	for (rest = text; *rest != '\0';) {
		w = split_word(rest, &rest);
		for (k = 0; noop[k] != NULL; k++)
			if (strcmp(w, noop[k]) == 0)
				break;
		if (noop[k] == NULL) {
			report(rs, file, line, 0, "unsupported: tflags '%s' "
			    "(supported: nice, learn, userconf, noautolearn, "
			    "publish, nopublish, autolearn_force, nolog)", w);
			return;
		}
		if (strcmp(w, "nice") == 0)
			nice = 1;
	}
	if ((r = rule_get(rs, file, line, name)) < 0)
		return;
	/* The last tflags line of a rule wins. */
	rs->rules[r].nice = nice;
}

static void
do_priority(struct ruleset *rs, const char *file, unsigned line, char *value)
{
	char *name, *pri, *p;

	name = split_word(value, &pri);
	if (*pri == '\0') {
		report(rs, file, line, 0, "priority: missing required value");
		return;
	}
	p = pri + (*pri == '-');
	if (!meta_rule_name_ok(name) || *p == '\0' ||
	    strspn(p, "0123456789") != strlen(p))
		report(rs, file, line, 0, "priority: invalid value");
	/* Priorities order evaluation only; results do not depend on it. */
}

static void
do_meta(struct ruleset *rs, const char *file, unsigned line, char *value)
{
	char *name, *text;
	int r;

	name = split_word(value, &text);
	if (*text == '\0') {
		report(rs, file, line, 0, "meta: missing required value");
		return;
	}
	if (check_rule_name(rs, file, line, name) != 0)
		return;
	if ((r = rule_get(rs, file, line, name)) < 0)
		return;
	rule_clear(&rs->rules[r]);
	rs->rules[r].kind = RS_META;
	rs->rules[r].file = file;
	rs->rules[r].line = line;
	rs->rules[r].slot = -1;
	free(rs->meta_text[r]);
	if ((rs->meta_text[r] = strdup(text)) == NULL)
		report(rs, file, line, 0, "out of memory");
}

static const char *
keep_file_name(struct ruleset *rs, const char *name)
{
	char **n;
	int i;

	for (i = 0; i < rs->nfiles; i++)
		if (strcmp(rs->files[i], name) == 0)
			return rs->files[i];
	if ((n = realloc(rs->files, (size_t)(rs->nfiles + 1) *
	    sizeof(*n))) == NULL)
		return NULL;
	rs->files = n;
	if ((n[rs->nfiles] = strdup(name)) == NULL)
		return NULL;
	return n[rs->nfiles++];
}

static int read_file(const char *path, char **buf, size_t *len);

static void
do_include(struct ruleset *rs, const char *file, unsigned line,
    const char *value)
{
	char path[SC_MAX_PATH];
	const char *slash;
	char *buf = NULL;
	size_t len;
	int r;

	if (*value == '\0') {
		report(rs, file, line, 0, "missing 'include' value");
		return;
	}
	slash = strrchr(file, '/');
	if (value[0] == '/' || slash == NULL)
		r = snprintf(path, sizeof(path), "%s", value);
	else
		r = snprintf(path, sizeof(path), "%.*s/%s",
		    (int)(slash - file), file, value);
	if (r < 0 || (size_t)r >= sizeof(path)) {
		report(rs, file, line, 0, "include path too long");
		return;
	}
	if (rs->depth >= SC_MAX_INCLUDE_DEPTH) {
		report(rs, file, line, 0, "include nested deeper than %d "
		    "(a loop?)", SC_MAX_INCLUDE_DEPTH);
		return;
	}
	if ((r = read_file(path, &buf, &len)) != 0) {
		report(rs, file, line, 0, "cannot read included file '%s': %s",
		    path, r == RS_E_NOMEM ? "too large" : strerror(errno));
		return;
	}
	rs->depth++;
	r = ruleset_load_text(rs, path, buf, len);
	rs->depth--;
	free(buf);
	if (r == RS_E_NOMEM)
		report(rs, file, line, 0, "out of memory");
}

static void
parse_line(struct ruleset *rs, const char *file, unsigned line, char *s)
{
	static const char *const rule_types[] = { "body", "rawbody", "full",
	    "uri", "mimeheader", "uri_detail", "askdns", "urirhsbl",
	    "urirhssub", "uridnsbl", "uridnssub", "hashbl_email",
	    "check_hashbl_bodyre", NULL };
	char *p, *key, *value, *o;
	int k;

	/* s/(?<!\\)#.*$//; s/\\#/#/g */
	for (p = s; *p != '\0'; p++)
		if (*p == '#' && (p == s || p[-1] != '\\')) {
			*p = '\0';
			break;
		}
	for (p = o = s; *p != '\0'; p++) {
		if (p[0] == '\\' && p[1] == '#')
			continue;
		*o++ = *p;
	}
	*o = '\0';
	while (isspace((unsigned char)*s))
		s++;
	p = s + strlen(s);
	while (p > s && isspace((unsigned char)p[-1]))
		*--p = '\0';
	if (*s == '\0' || strcmp(s, "0") == 0)
		return;
	if (strncmp(s, "lang", 4) == 0 && isspace((unsigned char)s[4])) {
		char *lang, *rest;

		lang = split_word(s + 5 + strspn(s + 5, " \t"), &rest);
		if (*rest != '\0') {
			/* The C locale is en_US to SpamAssassin. */
			if (strncasecmp("en_US", lang, strlen(lang)) != 0)
				return;
			s = rest;
		}
	}
	key = split_word(s, &value);
	for (p = key; *p != '\0'; p++) {
		*p = (char)tolower((unsigned char)*p);
		if (*p == '-')
			*p = '_';
	}
	if (strcmp(key, "header") == 0)
		do_header(rs, file, line, value);
	else if (strcmp(key, "score") == 0)
		do_score(rs, file, line, value);
	else if (strcmp(key, "describe") == 0)
		do_describe(rs, file, line, value);
	else if (strcmp(key, "meta") == 0)
		do_meta(rs, file, line, value);
	else if (strcmp(key, "include") == 0)
		do_include(rs, file, line, value);
	else if (strcmp(key, "tflags") == 0)
		do_tflags(rs, file, line, value);
	else if (strcmp(key, "priority") == 0)
		do_priority(rs, file, line, value);
	else if (strcmp(key, "if") == 0 || strcmp(key, "ifplugin") == 0 ||
	    strcmp(key, "else") == 0 || strcmp(key, "endif") == 0)
		report(rs, file, line, 0, "unsupported: conditional '%s' "
		    "blocks", key);
	else {
		for (k = 0; rule_types[k] != NULL; k++)
			if (strcmp(key, rule_types[k]) == 0)
				break;
		if (rule_types[k] != NULL)
			report(rs, file, line, 0, "unsupported: rule type "
			    "'%s' (only header, exists: and meta rules)", key);
		else
			report(rs, file, line, 0, "unsupported or unknown "
			    "directive '%s'", key);
	}
}

int
ruleset_load_text(struct ruleset *rs, const char *name, const char *text,
    size_t len)
{
	const char *file, *p = text, *e = text + len, *nl;
	char *line;
	unsigned lineno = 0;
	size_t n;

	if ((file = keep_file_name(rs, name)) == NULL)
		return RS_E_NOMEM;
	if ((line = malloc(SC_MAX_CONF_LINE + 1)) == NULL)
		return RS_E_NOMEM;
	while (p < e) {
		nl = memchr(p, '\n', (size_t)(e - p));
		n = (size_t)((nl != NULL ? nl : e) - p);
		lineno++;
		if (n > SC_MAX_CONF_LINE) {
			report(rs, file, lineno, 0, "line longer than %d bytes",
			    SC_MAX_CONF_LINE);
		} else if (memchr(p, '\0', n) != NULL) {
			report(rs, file, lineno, 0, "NUL byte in rule file");
		} else {
			memcpy(line, p, n);
			line[n] = '\0';
			parse_line(rs, file, lineno, line);
		}
		p = nl != NULL ? nl + 1 : e;
	}
	free(line);
	return 0;
}

static int
read_file(const char *path, char **buf, size_t *len)
{
	struct stat st;
	char *b = NULL;
	size_t n = 0;
	ssize_t r;
	int fd, ret = RS_E_IO;

	*buf = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return RS_E_IO;
	if (fstat(fd, &st) != 0)
		goto out;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		goto out;
	}
	if ((b = malloc(SC_MAX_CONF_BYTES + 1)) == NULL) {
		ret = RS_E_NOMEM;
		goto out;
	}
	for (;;) {
		r = read(fd, b + n, SC_MAX_CONF_BYTES + 1 - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > SC_MAX_CONF_BYTES) {
			errno = EFBIG;
			goto out;
		}
	}
	*buf = b;
	*len = n;
	b = NULL;
	ret = 0;
out:
	free(b);
	close(fd);
	return ret;
}

int
ruleset_load(struct ruleset *rs, const char *path)
{
	char *buf;
	size_t len;
	int r;

	if ((r = read_file(path, &buf, &len)) != 0) {
		report(rs, path, 0, 0, "cannot read rule file: %s",
		    errno == EFBIG ? "larger than the limit" : strerror(errno));
		return r;
	}
	r = ruleset_load_text(rs, path, buf, len);
	free(buf);
	return r;
}

static int
resolve_rule(void *arg, const char *name)
{
	return rule_add(arg, name);
}

static void
compile_meta(struct ruleset *rs, int ri)
{
	struct rs_rule *ru = &rs->rules[ri];
	char err[512];
	int r;

	r = meta_compile(&ru->meta, rs->meta_text[ri], resolve_rule, rs, err,
	    sizeof(err));
	if (r == META_E_NOMEM)
		report(rs, ru->file, ru->line, 0, "out of memory");
	else if (r != 0)
		report(rs, ru->file, ru->line, 0, "meta %s: %s", ru->name, err);
}

static int
is_meta(const struct ruleset *rs, int r)
{
	return r >= 0 && rs->rules[r].kind == RS_META;
}

int
ruleset_finish(struct ruleset *rs)
{
	struct rx_scratch *sc = NULL;
	unsigned char *state = NULL;
	int i, k, r, progress, n;

	if ((state = calloc(SC_MAX_RULES, 1)) == NULL ||
	    (rs->meta_order = calloc(SC_MAX_RULES, sizeof(int))) == NULL ||
	    (sc = rx_scratch_new()) == NULL) {
		report(rs, "(rules)", 0, 0, "out of memory");
		goto out;
	}
	/* Compile metas now that every rule name is known. */
	n = rs->nrules;
	for (i = 0; i < n; i++)
		if (rs->rules[i].kind == RS_META && rs->meta_text[i] != NULL)
			compile_meta(rs, i);
	for (i = 0; i < rs->nrules; i++) {
		struct rs_rule *ru = &rs->rules[i];

		if (rs->has_set[i]) {
			ru->score = rs->sets[i][rs->score_set];
			ru->scored = 1;
		} else {
			ru->score = strncmp(ru->name, "T_", 2) == 0 ? 0.01 :
			    1.0;
			if (ru->nice)
				ru->score = -ru->score;
		}
		if (ru->kind == RS_HEADER) {
			const char *subj = ru->unset != NULL ? ru->unset : "";
			size_t len = ru->unset != NULL ? ru->unset_len : 0;

			r = rx_match(ru->rx, sc, subj, len);
			if (r < 0) {
				report(rs, ru->file, ru->line, 0, "%s: %s on "
				    "the value of an absent header", ru->name,
				    rx_strerror(r));
				r = 0;
			}
			ru->absent = ru->neg ? !r : r;
		} else if (ru->kind == RS_EXISTS) {
			ru->absent = 0;
		}
		if (rs->lint && ru->kind == RS_NONE && rs->has_set[i])
			report(rs, "(rules)", 0, 1, "score set for "
			    "non-existent rule %s", ru->name);
	}
	/* Order metas; a meta-to-meta loop is an error, as in SpamAssassin. */
	rs->nmeta = 0;
	do {
		progress = 0;
		for (i = 0; i < rs->nrules; i++) {
			struct rs_rule *ru = &rs->rules[i];

			if (ru->kind != RS_META || state[i] || ru->meta.root < 0)
				continue;
			for (k = 0; k < ru->meta.ndeps; k++)
				if (is_meta(rs, ru->meta.deps[k]) &&
				    rs->rules[ru->meta.deps[k]].meta.root >= 0 &&
				    !state[ru->meta.deps[k]])
					break;
			if (k < ru->meta.ndeps)
				continue;
			state[i] = 1;
			rs->meta_order[rs->nmeta++] = i;
			progress = 1;
		}
	} while (progress);
	for (i = 0; i < rs->nrules; i++)
		if (rs->rules[i].kind == RS_META && rs->rules[i].meta.root >= 0 &&
		    !state[i])
			report(rs, rs->rules[i].file, rs->rules[i].line, 0,
			    "excluding meta test %s, unsolved meta "
			    "dependencies (a loop)", rs->rules[i].name);
	if (rs->lint)
		for (i = 0; i < rs->nrules; i++) {
			struct rs_rule *ru = &rs->rules[i];

			if (ru->kind != RS_META)
				continue;
			for (k = 0; k < ru->meta.ndeps; k++)
				if (ru->meta.deps[k] >= 0 &&
				    rs->rules[ru->meta.deps[k]].kind == RS_NONE)
					report(rs, ru->file, ru->line, 1,
					    "meta %s uses undefined rule %s "
					    "(counts as 0)", ru->name,
					    rs->rules[ru->meta.deps[k]].name);
		}
out:
	rx_scratch_free(sc);
	free(state);
	return rs->errors > 0 ? RS_E_RULES : 0;
}

int
ruleset_errors(const struct ruleset *rs)
{
	return rs->errors;
}

int
ruleset_count(const struct ruleset *rs)
{
	return rs->nrules;
}

const struct rs_rule *
ruleset_rule(const struct ruleset *rs, int i)
{
	return &rs->rules[i];
}

const struct rs_slot *
ruleset_slot(const struct ruleset *rs, int i)
{
	return &rs->slots[i];
}

const int *
ruleset_meta_order(const struct ruleset *rs, int *n)
{
	*n = rs->nmeta;
	return rs->meta_order;
}

const struct hdr_names *
ruleset_names(const struct ruleset *rs)
{
	return rs->names;
}

const char *
ruleset_strerror(int code)
{
	switch (code) {
	case 0: return "success";
	case RS_E_NOMEM: return "out of memory";
	case RS_E_IO: return "cannot read rule file";
	case RS_E_RULES: return "errors in rule files";
	default: return "unknown ruleset error";
	}
}
