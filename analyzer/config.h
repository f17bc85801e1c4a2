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
#define MATCH_MEMO_SETS		1024	/* match results remembered, in sets
					   of 2 (a power of two) */

/* The per-connection result cache of the lookup services. */
#define RESULTS_CAP_DEFAULT	65536	/* endpoints (ip:port) kept */
#define RESULTS_CAP_MAX		(16 * 1024 * 1024)
#define RESULTS_TTL_DEFAULT_S	600	/* idle expiry (p0f-analyzer's) */
#define RESULTS_TEXT_BYTES	384	/* field values of one endpoint */
#define RESULTS_EXPIRE_EVERY	64	/* records between expiry runs */

/* Daemon settings. */
#define OPT_IFACES_MAX		16	/* -i interfaces */
#define OPT_LISTEN_MAX		8	/* udp listen specs */
#define OPT_ACL_MAX		64	/* udp-allow networks */
#define OPT_LOCAL_MAX		8	/* p0f2-local-ip addresses */
#define OPT_LINE_MAX		1024	/* config file line */
#define OPT_FILE_MAX		(64 * 1024) /* config file size */
#define CONFIG_FILE_DEFAULT	"/etc/synprint/synprint.conf"
#define UDP_PORT_DEFAULT	2345	/* amavisd's p0f-analyzer port */
#define POLICY_HEADER_DEFAULT	"X-p0f-OS"
#define SOCKET_MODE_DEFAULT	0666	/* p0f makes its API socket 0666 */
#define MAX_CLIENTS_DEFAULT	8192	/* stream connections, all services */
#define NOFILE_RESERVE		64	/* open files besides stream clients */
#define STREAM_IDLE_S		300	/* idle API/policy connection, s */
#define STREAM_PENDING_MAX	(256 * 1024) /* unsent reply bytes before
					   reading stops */
#define STREAM_BACKLOG		1024	/* listen() backlog */
#define STREAM_READ_BUF		(64 * 1024) /* shared read buffer */
#define POLICY_REQ_MAX		(16 * 1024) /* bytes of one policy request */
#define CONTROL_REQ_MAX		64	/* bytes of a control command */
#define SMTP_FILTER_DEFAULT \
	"tcp and (port 25 or port 465 or port 587) and " \
	"((ip and tcp[tcpflags] & tcp-syn != 0) or " \
	"(ip6 and ip6[6] == 6 and ip6[53] & 2 != 0))"
#define STATS_INTERVAL_S	1	/* kernel drop counters read */
#define FLUSH_INTERVAL_MS	100	/* log file flush */

/* Lookup services. */
#define UDP_QUERY_MAX		64	/* bytes of a query read (p0f-analyzer) */
#define UDP_NONCE_MAX		1024	/* longest nonce */
#define UDP_REPLY_MAX		2048	/* longest reply datagram */
#define UDP_RECV_BUF		(16 * 65536) /* recvmmsg batch, 64 KiB each */
#define UDP_RCVBUF		(4 * 1024 * 1024) /* socket receive buffer */
#define POLICY_ATTRS_MAX	256	/* attribute lines of one request */

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
#define CAP_LIVE_SNAPLEN	1024	/* live: link + IP + options + TCP */
#define CAP_LIVE_BUFFER		(32 * 1024 * 1024) /* kernel buffer, bytes */
#define CAP_DISPATCH_MAX	512	/* frames per poll wake-up */
#define FEED_SLOTS		4096	/* file/stream frames in flight */
#define FEED_SNAP		CAP_LIVE_SNAPLEN /* bytes kept per frame */
#define FEED_BUDGET		2048	/* frames per loop turn */
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

/* synprint-query */
#define QUERY_UDP_DEFAULT	"127.0.0.1:2345" /* p0f-analyzer's address */
#define QUERY_UDP_HOST_DEFAULT	"127.0.0.1" /* host of a bare --udp PORT */
#define QUERY_CONTROL_DEFAULT	"/run/synprint/synprint.ctl"
#define QUERY_TIMEOUT_DEFAULT_MS 1000	/* whole exchange, ms */
#define QUERY_TIMEOUT_MAX_MS	(10 * 60 * 1000) /* largest -t, ms */
#define QUERY_BUSY_RETRY_MS	10	/* pause after a full unix backlog */
#define QUERY_NONCE_BYTES	6	/* random bytes, sent as hex digits */
#define QUERY_UDP_SEND_MAX	64	/* query datagram (p0f-analyzer's read) */
#define QUERY_UDP_REPLY_MAX	4096	/* reply datagram read */
#define QUERY_HOST_MAX		256	/* host name of a HOST:PORT spec */
#define QUERY_POLICY_REQ_MAX	2048	/* policy request sent */
#define QUERY_POLICY_REPLY_MAX	4096	/* policy reply read */
#define QUERY_STATS_MAX		(64 * 1024) /* control socket reply read */
#define QUERY_STATS_LINES_MAX	1024	/* lines of a stats reply */
#define QUERY_STAT_NAME_MAX	64	/* bytes of a counter name */
#define QUERY_TIME_TEXT_MAX	32	/* "YYYY/MM/DD HH:MM:SS" and more */

#endif
