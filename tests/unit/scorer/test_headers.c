/* Unit tests for headers and mime: SpamAssassin's header reading. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "config.h"
#include "headers.h"
#include "mime.h"

static struct hdr_names *names;
static struct hdr_msg hm;
static int id_os, id_subj, id_am;
static char out[SC_MAX_VALUE_BYTES];

static int
setup(void **state)
{
	(void)state;
	if (hdr_names_new(&names) != 0 || hdr_init(&hm, 64) != 0)
		return 1;
	id_os = hdr_names_add(names, "X-p0f-OS", 8);
	id_subj = hdr_names_add(names, "subject", 7);
	id_am = hdr_names_add(names, "X-AMAVIS-OS-FINGERPRINT", 23);
	return id_os < 0 || id_subj < 0 || id_am < 0;
}

static int
teardown(void **state)
{
	(void)state;
	hdr_release(&hm);
	hdr_names_free(names);
	return 0;
}

static void
parse(const char *msg)
{
	hdr_parse(&hm, msg, strlen(msg), names);
}

/* The value of the k-th instance of id, in the given form, as a string. */
static const char *
val(int id, int k, enum hdr_form form)
{
	int32_t fi = hm.head[id];
	ssize_t n;

	while (fi >= 0 && k-- > 0)
		fi = hm.f[fi].next;
	if (fi < 0)
		return NULL;
	n = hdr_value(&hm, &hm.f[fi], form, out, sizeof(out) - 1);
	assert_true(n >= 0);
	out[n] = '\0';
	return out;
}

static void
test_names(void **state)
{
	(void)state;
	assert_int_equal(hdr_names_find(names, "x-P0F-os", 8), id_os);
	assert_int_equal(hdr_names_add(names, "X-P0F-OS", 8), id_os);
	assert_int_equal(hdr_names_find(names, "x-p0f-o", 7), -1);
	assert_int_equal(hdr_names_count(names), 3);
}

static void
test_basic_and_case(void **state)
{
	(void)state;
	parse("x-P0F-os: Windows XP\nSubject:  hi  \n\nbody: no\n");
	assert_int_equal(hm.nf, 2);
	assert_string_equal(val(id_os, 0, HDR_DECODED), "Windows XP\n");
	assert_string_equal(val(id_os, 0, HDR_RAW), " Windows XP\n");
	assert_string_equal(val(id_subj, 0, HDR_DECODED), "hi\n");
	assert_int_equal(hm.crlf, 0);
	assert_int_equal(hm.body, strlen("x-P0F-os: Windows XP\nSubject:  hi  "
	    "\n\n"));
}

static void
test_folding(void **state)
{
	(void)state;
	parse("X-p0f-OS: Windows\n\t XP\n  SP1\nSubject: x\n\n");
	assert_string_equal(val(id_os, 0, HDR_DECODED), "Windows XP SP1\n");
	assert_string_equal(val(id_os, 0, HDR_RAW), " Windows\n\t XP\n  SP1\n");
	assert_string_equal(val(id_os, 0, HDR_RAW_JOINED),
	    " Windows XP SP1\n");
	/* A header block that starts with a continuation line. */
	parse(" X-p0f-OS: a\nSubject: b\n\n");
	assert_int_equal(hm.head[id_os], -1);
	assert_string_equal(val(id_subj, 0, HDR_DECODED), "b\n");
}

static void
test_repeated(void **state)
{
	(void)state;
	parse("X-p0f-OS: Linux\nSubject: s\nX-p0f-OS: Windows XP\n\n");
	assert_string_equal(val(id_os, 0, HDR_DECODED), "Linux\n");
	assert_string_equal(val(id_os, 1, HDR_DECODED), "Windows XP\n");
	assert_null(val(id_os, 2, HDR_DECODED));
}

static void
test_crlf(void **state)
{
	(void)state;
	parse("X-p0f-OS: Windows XP\r\nSubject: a\r\n b\r\n\r\nbody\r\n");
	assert_int_equal(hm.crlf, 1);
	assert_string_equal(val(id_os, 0, HDR_RAW), " Windows XP\n");
	assert_string_equal(val(id_subj, 0, HDR_DECODED), "a b\n");
	/* CRLF mode comes from the last line too. */
	parse("X-p0f-OS: Windows XP\nSubject: a\n\nbody\r\n");
	assert_int_equal(hm.crlf, 1);
	/* In LF mode a CRLF blank line does not end the header. */
	parse("X-p0f-OS: Windows XP\n\r\nSubject: a\n\nbody\n");
	assert_int_equal(hm.crlf, 0);
	assert_string_equal(val(id_subj, 0, HDR_DECODED), "a\n");
}

static void
test_end_of_header(void **state)
{
	(void)state;
	/* Three malformed lines are consumed, the fourth starts the body. */
	parse("a b\nc d\ne f\nX-p0f-OS: one\n\n");
	assert_string_equal(val(id_os, 0, HDR_DECODED), "one\n");
	parse("a\nb\nc\nd\nX-p0f-OS: one\n\n");
	assert_int_equal(hm.head[id_os], -1);
	/* A MIME boundary line ends it too. */
	parse("Subject: a\n--b\nX-p0f-OS: one\n\n");
	assert_int_equal(hm.head[id_os], -1);
	/* And the end of the message, with or without a newline. */
	parse("X-p0f-OS: one");
	assert_string_equal(val(id_os, 0, HDR_RAW), " one");
	parse("");
	assert_int_equal(hm.nf, 0);
}

static void
test_separators(void **state)
{
	(void)state;
	assert_int_equal(hdr_is_mbox_from("From a@b Mon\n", 13), 1);
	assert_int_equal(hdr_is_mbox_from("From: a@b\n", 10), 0);
	assert_int_equal(hdr_is_mbox_from("From :x\n", 8), 0);
	assert_int_equal(hdr_is_mbox_from("From  :x\n", 9), 1);
	assert_int_equal(hdr_is_mbox_from("From\n", 5), 1);
	assert_int_equal(hdr_is_mbox_from("Fromage\n", 8), 0);
	parse("From a@b Mon Jan  1 00:00:00 2024\nX-p0f-OS: XP\n\n");
	assert_int_equal(hm.start, 34);
	assert_string_equal(val(id_os, 0, HDR_DECODED), "XP\n");
	parse(" 1-Jan-2024 00:00:00 +0000,1234;000000000000-00000000\n"
	    "X-p0f-OS: XP\n\n");
	assert_string_equal(val(id_os, 0, HDR_DECODED), "XP\n");
}

static void
test_key_forms(void **state)
{
	(void)state;
	parse("X-p0f-OS \t: spaced\n\n");
	assert_string_equal(val(id_os, 0, HDR_DECODED), "spaced\n");
	parse("X-p0f-OS:\n\n");
	assert_string_equal(val(id_os, 0, HDR_DECODED), "\n");
	assert_string_equal(val(id_os, 0, HDR_RAW), "\n");
}

static void
test_truncation(void **state)
{
	char *msg = malloc(20000);
	size_t n;

	(void)state;
	assert_non_null(msg);
	memcpy(msg, "X-p0f-OS: ", 10);
	memset(msg + 10, 'a', 15000);
	memcpy(msg + 15010, "\n\n", 3);
	parse(msg);
	n = strlen(val(id_os, 0, HDR_RAW));
	assert_int_equal(n, SC_MAX_HEADER_VALUE);
	free(msg);
}

static void
test_decoding(void **state)
{
	(void)state;
	/* Valid UTF-8 stays, invalid bytes are read as Windows-1252. */
	parse("X-p0f-OS: caf\xc3\xa9\n\n");
	assert_string_equal(val(id_os, 0, HDR_DECODED), "caf\xc3\xa9\n");
	parse("X-p0f-OS: caf\xe9 \x80 \x81\n\n");
	assert_string_equal(val(id_os, 0, HDR_DECODED),
	    "caf\xc3\xa9 \xe2\x82\xac \xef\xbf\xbd\n");
	assert_string_equal(val(id_os, 0, HDR_RAW), " caf\xe9 \x80 \x81\n");
	/* RFC 2047: adjacent words join, charsets go to UTF-8. */
	parse("Subject: =?utf-8?q?Hello?= =?utf-8?q?_World?=\n\n");
	assert_string_equal(val(id_subj, 0, HDR_DECODED), "Hello World\n");
	parse("Subject: =?ISO-8859-1?Q?caf=E9?= x =?UTF-8?B?w6k=?=\n\n");
	assert_string_equal(val(id_subj, 0, HDR_DECODED),
	    "caf\xc3\xa9 x \xc3\xa9\n");
	parse("Subject: =?us-ascii?q?a=E9?=\n\n");
	assert_string_equal(val(id_subj, 0, HDR_DECODED), "a\xef\xbf\xbd\n");
	parse("Subject: =?utf-8?q?bad=ZZ_x?=\n\n");
	assert_string_equal(val(id_subj, 0, HDR_DECODED), "bad=ZZ x\n");
	/* :raw keeps the encoded form. */
	assert_string_equal(val(id_subj, 0, HDR_RAW), " =?utf-8?q?bad=ZZ_x?=\n");
}

static void
test_mime_direct(void **state)
{
	char buf[64];
	ssize_t n;

	(void)state;
	assert_int_equal(mime_utf8_valid("\xef\xbf\xbe", 3), 0);
	assert_int_equal(mime_utf8_valid("\xed\xa0\x80", 3), 0);
	assert_int_equal(mime_utf8_valid("\xc0\x80", 2), 0);
	assert_int_equal(mime_utf8_valid("\xf0\x9f\x98\x80", 4), 1);
	assert_int_equal(mime_utf8_valid("\xef\xbf\xbd", 3), 1);
	n = mime_decode_words("=?UTF-8?B?SGVsbG8=?=", 20, buf, sizeof(buf));
	assert_int_equal(n, 5);
	assert_memory_equal(buf, "Hello", 5);
	n = mime_decode_words("=?utf-8?q?a?=", 13, buf, 2);
	assert_int_equal(n, 1);
	n = mime_decode_words("=?utf-8?q?abc?=", 15, buf, 2);
	assert_int_equal(n, MIME_E_SPACE);
	n = mime_normalize("\xe9", 1, buf, 1);
	assert_int_equal(n, MIME_E_SPACE);
}

static void
test_all(void **state)
{
	char all[4096];
	ssize_t n;

	(void)state;
	parse("X-p0f-OS: a\nsubject:  b\n\n");
	n = hdr_all(&hm, all, sizeof(all) - 1);
	assert_true(n > 0);
	all[n] = '\0';
	assert_string_equal(all, "X-p0f-OS: a\nsubject: b\n");
}

static void
test_garbage(void **state)
{
	static char junk[65536];
	size_t i;
	uint32_t x = 12345;

	(void)state;
	for (i = 0; i < sizeof(junk); i++) {
		x = x * 1103515245u + 12345u;
		junk[i] = (char)(x >> 16);
	}
	hdr_parse(&hm, junk, sizeof(junk), names);
	assert_true(hm.nf <= hm.cap);
	assert_true(hm.body <= sizeof(junk));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_basic_and_case),
		cmocka_unit_test(test_folding),
		cmocka_unit_test(test_repeated),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_end_of_header),
		cmocka_unit_test(test_separators),
		cmocka_unit_test(test_key_forms),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_decoding),
		cmocka_unit_test(test_mime_direct),
		cmocka_unit_test(test_all),
		cmocka_unit_test(test_garbage),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
