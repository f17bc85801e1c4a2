/* synprint-scorer: every limit and tunable, with its unit. */
#ifndef SCORER_CONFIG_H
#define SCORER_CONFIG_H

#define SCORER_VERSION		"0.1.0"

/* Default rule file when no -r is given (Makefile passes DATADIR). */
#ifndef SCORER_DEFAULT_RULES
#define SCORER_DEFAULT_RULES	"/usr/local/share/synprint/p0f.cf"
#endif

/* ---- Rule files ---- */
#define SC_MAX_RULES		4096	/* rules (names) in one ruleset */
#define SC_MAX_RULE_NAME	100	/* bytes; SpamAssassin rejects longer */
#define SC_MAX_CONF_LINE	65536	/* bytes in one rule-file line */
#define SC_MAX_CONF_BYTES	(16 * 1024 * 1024) /* bytes in one rule file */
#define SC_MAX_INCLUDE_DEPTH	16	/* nested include directives */
#define SC_MAX_HEADER_SLOTS	256	/* distinct header requests in rules */
#define SC_MAX_HEADER_NAMES	512	/* distinct header names in rules */
#define SC_MAX_DESCRIBE		1024	/* bytes in one describe text */
#define SC_MAX_UNSET		1024	/* bytes in one [if-unset: ...] value */
#define SC_MAX_META_TOKENS	512	/* tokens in one meta expression */
#define SC_MAX_META_DEPTH	64	/* nesting of meta sub-expressions */

/* ---- Regular expressions (PCRE2) ---- */
#define SC_MAX_PATTERN		8192	/* bytes of one translated pattern */
#define SC_RX_MATCH_LIMIT	1000000	/* pcre2 match() calls per match */
#define SC_RX_DEPTH_LIMIT	10000	/* backtracking depth per match */
#define SC_RX_HEAP_LIMIT_KIB	20480	/* KiB of heap per match */
#define SC_RX_JIT_STACK_MIN	(32 * 1024)	/* bytes, initial JIT stack */
#define SC_RX_JIT_STACK_MAX	(1024 * 1024)	/* bytes, JIT stack ceiling */

/* ---- Messages ---- */
#define SC_MAX_HEADER_KEY	256	/* bytes kept of a field name (as SA) */
#define SC_MAX_HEADER_VALUE	8192	/* bytes kept of a field value (as SA) */
#define SC_MAX_ALL_BYTES	65536	/* bytes of the ALL pseudo-header (SA) */
#define SC_MAX_BAD_FIELDS	3	/* invalid field lines tolerated (SA) */
#define SC_MAX_FIELDS		65536	/* header fields indexed per message */
#define SC_MAX_VALUE_BYTES	(1024 * 1024)	/* bytes of one joined value */
#define SC_MAX_MESSAGE_BYTES	(64 * 1024 * 1024) /* one message from a pipe */
#define SC_READ_CHUNK		(1024 * 1024)	/* bytes per read() on a pipe */
#define SC_MAX_PATH		4096	/* bytes of a file path */
#define SC_MAX_DIR_ENTRIES	1000000	/* files taken from one directory */

/* ---- Output ---- */
#define SC_OUT_BUFFER		(256 * 1024)	/* bytes buffered before write */
#define SC_SCORE_HEADER		"X-p0f-Score"	/* --add-header field name */
#define SC_DEFAULT_VALUE_HEADER	"X-p0f-OS"	/* --header-value target */

#endif /* SCORER_CONFIG_H */
