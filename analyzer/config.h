/* Every limit of synprint-analyzer, with its unit, in one place. */
#ifndef SYNPRINT_CONFIG_H
#define SYNPRINT_CONFIG_H

#define SYNPRINT_VERSION	"0.1.0"

/* Signature database. */
#define SIGDB_MAX_FILE_BYTES	(4 * 1024 * 1024) /* largest p0f.fp we read */
#define SIGDB_MAX_LINE_BYTES	4096	/* longest line in a p0f.fp file */
#define SIGDB_MAX_SIGS		65536	/* signatures of all sections together */
#define SIGDB_MAX_LABELS	16384	/* label lines */
#define SIGDB_MAX_NAMES		8192	/* distinct OS/app names */
#define SIGDB_MAX_CLASSES	32	/* entries of "classes =" */
#define SIGDB_MAX_SYS		64	/* entries of one "sys =" line */
#define SIGDB_MAX_HTTP_HDRS	64	/* headers in one HTTP signature */
#define SIGDB_NAME_MAX		64	/* bytes of a name, class or flavor */
#define SIGDB_FLAVOR_MAX	128	/* bytes of a flavor */
#define SIGDB_LAYOUT_SLOTS	1024	/* layout hash slots (power of two) */

/* TCP/IP decoding and matching (p0f 3.09b's values where they exist). */
#define MAX_TCP_OPT		24	/* option kinds kept per packet */
#define MAX_DIST		35	/* hops before a TTL is "too far" */
#define MAX_WIN_MULTI		1000	/* largest N of mss*N / mtu*N */
#define MIN_MSS_FOR_MULTI	100	/* below this no multiplier is sought */
#define MAX_VLAN_TAGS		4	/* 802.1Q/802.1ad tags walked */
#define MAX_IP6_EXT_HDRS	8	/* IPv6 extension headers walked */
#define SENDSYN_MSS		1331	/* MSS of p0f-sendsyn probes */
#define SENDSYN_WIN		1337	/* window of p0f-sendsyn probes */

/* Host and connection state. */
#define HOST_CAP_DEFAULT	65536	/* hosts kept (fixed at start-up) */
#define HOST_CAP_MAX		(16 * 1024 * 1024)
#define HOST_IDLE_DEFAULT_S	(120 * 60) /* host idle expiry, seconds */
#define CONN_CAP_DEFAULT	16384	/* connections (4-tuples) kept */
#define CONN_CAP_MAX		(16 * 1024 * 1024)
#define CONN_AGE_DEFAULT_S	30	/* connection lifetime, seconds */
#define P0F_CONN_CAP		1000	/* p0f 3.09b's defaults (-m), compat */
#define P0F_HOST_CAP		10000
#define EXPIRE_EVERY_PKTS	50	/* run expiry at most every N packets */
#define NAT_BOARD		32	/* entries of a NAT score board */

/* Uptime from TCP timestamps (p0f 3.09b's bounds). */
#define UP_MIN_TWAIT_MS		25	/* shortest usable interval */
#define UP_MAX_TWAIT_MS		(10 * 60 * 1000) /* longest usable interval */
#define UP_TSTAMP_GRACE_MS	100	/* tolerated backward jitter */
#define UP_MIN_TS_DELTA		5	/* fewest ticks between samples */
#define UP_MIN_FREQ_X100	70	/* 0.70 Hz */
#define UP_MAX_FREQ		1500	/* Hz */
#define NAT_TS_MAX_AGE_S	(24 * 60 * 60) /* tstamp test window */

/* Capture and output. */
#define CAP_SNAPLEN		65535	/* bytes captured per packet */
/* Longest log/JSON line: a JSON syn line holds the label three times
 * (os, name, flavor), each control byte escaped to 6 bytes. */
#define OUT_LINE_MAX		4096
#define OUT_BUF_BYTES		(256 * 1024) /* output buffer */
#define RAW_SIG_MAX		256	/* longest raw_sig string */
/* Longest value of one log field: a label, "name flavor". */
#define OUT_FIELD_MAX		(SIGDB_NAME_MAX + 1 + SIGDB_FLAVOR_MAX + 8)

/* The worst JSON syn line fits: label, name, flavor and class escaped
 * (6 bytes a byte), raw_sig, and under 1 KiB of everything else. */
_Static_assert(6 * ((SIGDB_NAME_MAX + 1 + SIGDB_FLAVOR_MAX) +
    SIGDB_NAME_MAX + SIGDB_FLAVOR_MAX + SIGDB_NAME_MAX) + RAW_SIG_MAX +
    1024 < OUT_LINE_MAX, "OUT_LINE_MAX too small for a JSON line");

#endif
