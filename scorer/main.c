/* synprint-scorer: command line, inputs, the scoring loop, exit status. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "msgsrc.h"
#include "output.h"
#include "ruleset.h"
#include "rx.h"
#include "score.h"

#define EXIT_FOUND	0	/* at least one rule hit */
#define EXIT_NONE	1	/* no rule hit in any message */
#define EXIT_TROUBLE	2	/* usage, rule, input or matching errors */

struct run {
	const struct ruleset	*rs;
	struct score_ctx	*sc;
	struct out		*out;
	enum out_format		 fmt;
	enum msgsrc_mode	 mode;
	unsigned long		 messages;
	unsigned long		 hits;		/* messages with a hit */
	int			 trouble;
};

static void
usage(FILE *f)
{
	fprintf(f,
"usage: synprint-scorer [-r rules.cf]... [options] [file|mbox|maildir|-]...\n"
"       synprint-scorer [-r rules.cf]... --lint\n"
"       synprint-scorer [-r rules.cf]... -H value [-H value]... [--header name]\n"
"\n"
"  -r, --rules FILE        SpamAssassin-style rule file (repeatable;\n"
"                          default " SCORER_DEFAULT_RULES ")\n"
"      --lint              check the rule files only; exit 0 or 2\n"
"  -f, --format FMT        text (default) or json (one JSON object a line)\n"
"  -A, --add-header        write each message back with an " SC_SCORE_HEADER
"\n"
"                          header\n"
"  -H, --header-value VAL  score VAL as the value of --header\n"
"      --header NAME       header for --header-value (default "
SC_DEFAULT_VALUE_HEADER ")\n"
"      --mbox              treat every input as an mbox\n"
"      --single            treat every input as one message\n"
"      --score-set N       SpamAssassin score set 0-3 (default 0)\n"
"      --stats             print message count and rate to stderr\n"
"  -V, --version           print the version\n"
"  -h, --help              this text\n"
"\n"
"Exit status: 0 a rule hit, 1 no rule hit, 2 error.\n");
}

static void
diag(void *arg, const char *file, unsigned line, int warning, const char *msg)
{
	(void)arg;
	if (line > 0)
		fprintf(stderr, "%s:%u: %s%s\n", file, line,
		    warning ? "warning: " : "", msg);
	else
		fprintf(stderr, "%s: %s%s\n", file, warning ? "warning: " : "",
		    msg);
}

static void
score_one(struct run *run, const char *source, size_t index, const char *msg,
    size_t len)
{
	struct score_result res;

	score_message(run->sc, msg, len, &res);
	run->messages++;
	if (res.nhits > 0)
		run->hits++;
	if (res.nerrors > 0)
		run->trouble = 1;
	out_report(run->out, run->fmt, source, index, run->rs, &res, msg, len);
}

static void
do_input(struct run *run, const char *path)
{
	struct msgsrc *src;
	struct msg m;
	int r;

	if ((r = msgsrc_open(&src, path, run->mode)) != 0) {
		fprintf(stderr, "synprint-scorer: %s: %s\n", path,
		    r == MSGSRC_E_IO ? strerror(errno) : msgsrc_strerror(r));
		out_input_error(run->out, run->fmt, path, 0, r == MSGSRC_E_IO ?
		    strerror(errno) : msgsrc_strerror(r));
		run->trouble = 1;
		return;
	}
	for (;;) {
		r = msgsrc_next(src, &m);
		if (r == 0)
			break;
		if (r == MSGSRC_E_BIG) {
			fprintf(stderr, "synprint-scorer: %s: message skipped: "
			    "%s\n", path, msgsrc_strerror(r));
			out_input_error(run->out, run->fmt, path, 0,
			    msgsrc_strerror(r));
			run->trouble = 1;
			continue;
		}
		if (r < 0) {
			fprintf(stderr, "synprint-scorer: %s: %s\n", path,
			    r == MSGSRC_E_IO ? strerror(errno) :
			    msgsrc_strerror(r));
			run->trouble = 1;
			break;
		}
		score_one(run, path, m.mbox ? m.index : 0, m.data, m.len);
	}
	msgsrc_close(src);
}

static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int
visible_file(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* Every regular file of dir, in name order (maildir: new/ then cur/). */
static void
do_directory(struct run *run, const char *dir)
{
	static const char *const maildir[] = { "new", "cur", NULL };
	char sub[SC_MAX_PATH], path[SC_MAX_PATH];
	struct dirent **list;
	struct stat st;
	int i, n, k, is_maildir = 0;

	for (k = 0; maildir[k] != NULL; k++) {
		snprintf(sub, sizeof(sub), "%s/%s", dir, maildir[k]);
		if (is_dir(sub))
			is_maildir = 1;
	}
	for (k = 0; k < (is_maildir ? 2 : 1); k++) {
		if (is_maildir)
			snprintf(sub, sizeof(sub), "%s/%s", dir, maildir[k]);
		else
			snprintf(sub, sizeof(sub), "%s", dir);
		if (is_maildir && !is_dir(sub))
			continue;
		if ((n = scandir(sub, &list, visible_file, alphasort)) < 0) {
			fprintf(stderr, "synprint-scorer: %s: %s\n", sub,
			    strerror(errno));
			run->trouble = 1;
			continue;
		}
		for (i = 0; i < n; i++) {
			if (i < SC_MAX_DIR_ENTRIES &&
			    snprintf(path, sizeof(path), "%s/%s", sub,
			    list[i]->d_name) < (int)sizeof(path) &&
			    stat(path, &st) == 0 && S_ISREG(st.st_mode))
				do_input(run, path);
			free(list[i]);
		}
		free(list);
	}
}

/* --header-value: a one-field message for each value. */
static void
do_values(struct run *run, char **values, int nvalues, const char *header)
{
	char *msg, *src;
	size_t hl = strlen(header), vl, n;
	int i;

	for (i = 0; i < nvalues; i++) {
		vl = strlen(values[i]);
		if ((msg = malloc(hl + vl + 4)) == NULL ||
		    (src = malloc(vl + 3)) == NULL) {
			free(msg);
			fprintf(stderr, "synprint-scorer: out of memory\n");
			run->trouble = 1;
			return;
		}
		n = (size_t)snprintf(msg, hl + vl + 4, "%s: %s\n\n", header,
		    values[i]);
		snprintf(src, vl + 3, "\"%s\"", values[i]);
		score_one(run, src, 0, msg, n);
		free(msg);
		free(src);
	}
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The rules next to the program in a build tree, else the installed. */
static char *
default_rules(void)
{
	static char path[4096];
	char exe[4000], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			snprintf(path, sizeof(path), "%s/../rules/p0f.cf", exe);
			if (access(path, R_OK) == 0)
				return path;
		}
	}
	return (char *)SCORER_DEFAULT_RULES;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "rules", required_argument, NULL, 'r' },
		{ "lint", no_argument, NULL, 'L' },
		{ "format", required_argument, NULL, 'f' },
		{ "add-header", no_argument, NULL, 'A' },
		{ "header-value", required_argument, NULL, 'H' },
		{ "header", required_argument, NULL, 'N' },
		{ "mbox", no_argument, NULL, 'M' },
		{ "single", no_argument, NULL, 'S' },
		{ "score-set", required_argument, NULL, 's' },
		{ "stats", no_argument, NULL, 'T' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct ruleset *rs = NULL;
	struct run run;
	char **rules = NULL, **values = NULL;
	const char *header = SC_DEFAULT_VALUE_HEADER;
	int nrules = 0, nvalues = 0, lint = 0, stats = 0, score_set = 0;
	int c, i, r, ret = EXIT_TROUBLE;
	double t0;

	memset(&run, 0, sizeof(run));
	run.fmt = OUT_TEXT;
	run.mode = MSGSRC_AUTO;
	if ((rules = calloc((size_t)argc + 1, sizeof(char *))) == NULL ||
	    (values = calloc((size_t)argc + 1, sizeof(char *))) == NULL) {
		fprintf(stderr, "synprint-scorer: out of memory\n");
		goto out;
	}
	while ((c = getopt_long(argc, argv, "r:f:AH:Vh", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			rules[nrules++] = optarg;
			break;
		case 'L':
			lint = 1;
			break;
		case 'f':
			if (strcmp(optarg, "text") == 0)
				run.fmt = OUT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				run.fmt = OUT_JSON;
			else {
				fprintf(stderr, "synprint-scorer: unknown "
				    "format '%s' (text or json)\n", optarg);
				goto out;
			}
			break;
		case 'A':
			run.fmt = OUT_MESSAGE;
			break;
		case 'H':
			values[nvalues++] = optarg;
			break;
		case 'N':
			header = optarg;
			break;
		case 'M':
			run.mode = MSGSRC_MBOX;
			break;
		case 'S':
			run.mode = MSGSRC_SINGLE;
			break;
		case 's':
			if (optarg[0] < '0' || optarg[0] > '3' ||
			    optarg[1] != '\0') {
				fprintf(stderr, "synprint-scorer: --score-set "
				    "takes 0, 1, 2 or 3\n");
				goto out;
			}
			score_set = optarg[0] - '0';
			break;
		case 'T':
			stats = 1;
			break;
		case 'V':
			printf("synprint-scorer %s (PCRE2 JIT %s)\n",
			    SCORER_VERSION, rx_jit_available() ? "on" : "off");
			ret = 0;
			goto out;
		case 'h':
			usage(stdout);
			ret = 0;
			goto out;
		default:
			usage(stderr);
			goto out;
		}
	}
	if (nrules == 0)
		rules[nrules++] = default_rules();
	if (nvalues > 0 && optind < argc) {
		fprintf(stderr, "synprint-scorer: --header-value and input "
		    "files do not mix\n");
		goto out;
	}
	if (strlen(header) == 0 || strchr(header, ':') != NULL ||
	    strpbrk(header, " \t\r\n") != NULL) {
		fprintf(stderr, "synprint-scorer: invalid --header name\n");
		goto out;
	}

	if ((r = ruleset_new(&rs, score_set, lint, diag, NULL)) != 0) {
		fprintf(stderr, "synprint-scorer: %s\n", ruleset_strerror(r));
		goto out;
	}
	for (i = 0; i < nrules; i++)
		if (ruleset_load(rs, rules[i]) == RS_E_NOMEM) {
			fprintf(stderr, "synprint-scorer: out of memory\n");
			goto out;
		}
	r = ruleset_finish(rs);
	if (lint) {
		if (r == 0)
			ret = 0;
		else
			fprintf(stderr, "synprint-scorer: lint: %d error%s\n",
			    ruleset_errors(rs), ruleset_errors(rs) == 1 ? "" :
			    "s");
		goto out;
	}
	if (r != 0) {
		fprintf(stderr, "synprint-scorer: %d error%s in the rule "
		    "files; nothing scored\n", ruleset_errors(rs),
		    ruleset_errors(rs) == 1 ? "" : "s");
		goto out;
	}
	run.rs = rs;
	if (score_new(&run.sc, rs) != 0 || out_new(&run.out, STDOUT_FILENO) !=
	    0) {
		fprintf(stderr, "synprint-scorer: out of memory\n");
		goto out;
	}

	t0 = now();
	if (nvalues > 0)
		do_values(&run, values, nvalues, header);
	else if (optind >= argc)
		do_input(&run, "-");
	else
		for (i = optind; i < argc && !out_failed(run.out); i++) {
			if (strcmp(argv[i], "-") != 0 && is_dir(argv[i]))
				do_directory(&run, argv[i]);
			else
				do_input(&run, argv[i]);
		}
	if (out_flush(run.out) != 0) {
		fprintf(stderr, "synprint-scorer: write error: %s\n",
		    strerror(errno));
		run.trouble = 1;
	}
	if (stats) {
		double dt = now() - t0;

		fprintf(stderr, "synprint-scorer: %lu messages in %.3f s "
		    "(%.0f messages/s), %lu with hits\n", run.messages, dt,
		    dt > 0 ? (double)run.messages / dt : 0.0, run.hits);
	}
	if (run.trouble)
		ret = EXIT_TROUBLE;
	else
		ret = run.hits > 0 ? EXIT_FOUND : EXIT_NONE;
out:
	if (run.out != NULL && out_free(run.out) != 0 && ret != EXIT_TROUBLE)
		ret = EXIT_TROUBLE;
	score_free(run.sc);
	ruleset_free(rs);
	free(rules);
	free(values);
	return ret;
}
