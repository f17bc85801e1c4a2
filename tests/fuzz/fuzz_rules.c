/*
 * libFuzzer harness: arbitrary bytes as a SpamAssassin rule file.  Parsing,
 * regex translation and meta compilation must never crash; a file that
 * loads is then run against one fixed message.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ruleset.h"
#include "score.h"

static void
quiet(void *arg, const char *file, unsigned line, int warning,
    const char *msg)
{
	(void)arg;
	(void)file;
	(void)line;
	(void)warning;
	(void)msg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char msg[] = "X-p0f-OS: Windows XP\nX-p0f-OS: Linux\n"
	    "Subject: =?utf-8?q?caf=C3=A9?=\nX-Amavis-OS-Fingerprint: ???; "
	    "dist: 3\n\nbody\n";
	struct ruleset *rs;
	struct score_ctx *sc;
	struct score_result res;
	int lint = size > 0 && (data[0] & 1);

	if (ruleset_new(&rs, 0, lint, quiet, NULL) != 0)
		return 0;
	if (ruleset_load_text(rs, "fuzz.cf", (const char *)data, size) == 0 &&
	    ruleset_finish(rs) == 0 && score_new(&sc, rs) == 0) {
		score_message(sc, msg, sizeof(msg) - 1, &res);
		score_free(sc);
	}
	ruleset_free(rs);
	return 0;
}
