/*
 * libFuzzer harness for the configuration file parser: opts_parse_buf()
 * on hostile text (what -C FILE holds), then opts_release() (the leak
 * checker sees every kept value freed).
 *
 * Checked: on success every setting is within its documented bounds,
 * every list within its length, every kept value a non-empty string
 * without newline, comment or surrounding blanks, and the allow-list
 * entries have valid prefix lengths; on failure the message is
 * "fuzz.conf:LINE: ..." with a line that exists. The same text parsed
 * twice gives the same verdict and message.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "opts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x) do { if (!(x)) __builtin_trap(); } while (0)

/* A value as the parser keeps it. */
static void
check_value(const char *s)
{
	size_t n;

	if (s == NULL)
		return;
	n = strlen(s);
	CHECK(n > 0 && n <= OPT_LINE_MAX);
	CHECK(strchr(s, '\n') == NULL && strchr(s, '#') == NULL);
	CHECK(s[0] != ' ' && s[0] != '\t');
	CHECK(s[n - 1] != ' ' && s[n - 1] != '\t' && s[n - 1] != '\r');
}

static void
check_opts(const struct opts *o)
{
	const char *h = o->policy_header;
	int i;

	CHECK(o->n_ifaces >= 0 && o->n_ifaces <= OPT_IFACES_MAX);
	CHECK(o->n_udp >= 0 && o->n_udp <= OPT_LISTEN_MAX);
	CHECK(o->n_allow >= 0 && o->n_allow <= OPT_ACL_MAX);
	CHECK(o->n_p0f2_local >= 0 && o->n_p0f2_local <= OPT_LOCAL_MAX);
	for (i = 0; i < o->n_ifaces; i++) {
		CHECK(o->ifaces[i] != NULL);
		check_value(o->ifaces[i]);
	}
	for (i = 0; i < o->n_udp; i++) {
		CHECK(o->udp[i] != NULL);
		check_value(o->udp[i]);
	}
	for (i = 0; i < o->n_allow; i++) {
		const struct acl *a = &o->allow[i];

		CHECK(a->ver == 4 || a->ver == 6);
		CHECK(a->plen >= 0 && a->plen <= (a->ver == 4 ? 32 : 128));
		CHECK(a->ver == 6 || a->net[4] == 0);
	}
	CHECK(o->conn_cap >= 1 && o->conn_cap <= CONN_CAP_MAX);
	CHECK(o->host_cap >= 1 && o->host_cap <= HOST_CAP_MAX);
	CHECK(o->conn_age_s >= 1);
	CHECK(o->host_idle_s >= 60);
	CHECK(o->results_cap >= 1 && o->results_cap <= RESULTS_CAP_MAX);
	CHECK(o->results_ttl_s >= 1 && o->results_ttl_s <= 1000000000);
	CHECK(o->socket_mode <= 0777);
	CHECK(o->max_clients >= 1 && o->max_clients <= 1000000);
	CHECK(h != NULL && strlen(h) >= 1 && strlen(h) <= 64);
	for (; *h; h++)
		CHECK(*h > ' ' && *h < 0x7f && *h != ':');
	CHECK(o->compat == 0 || o->compat == 1);
	CHECK(o->json == 0 || o->json == 1);
	CHECK(o->daemonize == 0 || o->daemonize == 1);
	CHECK(o->syslog == 0 || o->syslog == 1);
	CHECK(o->verbose == 0 || o->verbose == 1);
	CHECK(o->check == 0);		/* not a file setting */
	CHECK(o->config == NULL);	/* nor this */
	check_value(o->read);
	check_value(o->filter);
	check_value(o->signatures);
	check_value(o->log_file);
	check_value(o->p0f3);
	check_value(o->p0f2);
	check_value(o->policy);
	check_value(o->control);
	check_value(o->socket_group);
	check_value(o->user);
	check_value(o->chroot);
	check_value(o->pidfile);
}

/* "fuzz.conf:N: message" with 1 <= N <= the lines of the text. */
static void
check_error(const char *err, const uint8_t *data, size_t size)
{
	unsigned long line, lines = 1;
	const char *p;
	char *end;
	size_t i;

	CHECK(strncmp(err, "fuzz.conf:", 10) == 0);
	p = err + 10;
	CHECK(*p >= '1' && *p <= '9');
	line = strtoul(p, &end, 10);
	CHECK(end[0] == ':' && end[1] == ' ' && end[2] != '\0');
	for (i = 0; i < size; i++)
		if (data[i] == '\n')
			lines++;
	CHECK(line >= 1 && line <= lines);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct opts o, o2;
	char err[512], err2[512];
	int r, r2;

	opts_init(&o);
	err[0] = '\0';
	r = opts_parse_buf(&o, "fuzz.conf", (const char *)data, size, err,
	    sizeof(err));
	CHECK(r == 0 || r == -1);
	if (r == 0)
		check_opts(&o);
	else
		check_error(err, data, size);
	opts_init(&o2);
	err2[0] = '\0';
	r2 = opts_parse_buf(&o2, "fuzz.conf", (const char *)data, size, err2,
	    sizeof(err2));
	CHECK(r2 == r && strcmp(err, err2) == 0);
	CHECK(o2.n_udp == o.n_udp && o2.results_cap == o.results_cap);
	opts_release(&o);
	opts_release(&o2);
	return 0;
}
