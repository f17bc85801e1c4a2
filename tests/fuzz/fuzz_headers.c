/*
 * libFuzzer harness: arbitrary bytes as a message.  Header indexing,
 * value decoding (raw, joined, decoded, ALL) and scoring with rules that
 * touch every value form must never crash or read out of bounds.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ruleset.h"
#include "score.h"

static const char rules[] =
    "header A X-p0f-OS =~ /\\AWindows/\n"
    "header B X-p0f-OS:raw =~ /XP/m\n"
    "header C Subject =~ /caf\\xc3\\xa9/i\n"
    "header D ALL =~ /^x-p0f-os:/mi\n"
    "header E ToCc:raw =~ /@/\n"
    "header F MESSAGEID:last =~ /./\n"
    "header G X-p0f-OS:first !~ /Linux/ [if-unset: none]\n"
    "header H exists:X-Amavis-OS-Fingerprint\n"
    "meta M (A + B + C) > 1 && !H\n";

static struct ruleset *rs;
static struct score_ctx *sc;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct score_result res;
	char *copy;

	if (rs == NULL) {
		if (ruleset_new(&rs, 0, 0, NULL, NULL) != 0 ||
		    ruleset_load_text(rs, "fuzz.cf", rules, sizeof(rules) - 1)
		    != 0 || ruleset_finish(rs) != 0 || score_new(&sc, rs) != 0)
			abort();
	}
	/* An exact-size copy lets ASan see any read past the end. */
	if ((copy = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(copy, data, size);
	score_message(sc, copy, size, &res);
	if (res.body > size || res.start > res.body)
		abort();
	free(copy);
	return 0;
}
