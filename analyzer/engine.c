/* Per-packet orchestration: match, host/connection state, records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "engine.h"
#include "lru.h"
#include "wordhash.h"

#define HOST_KEY_LEN	17	/* version + address */
#define CONN_KEY_LEN	37	/* version + client + server + ports */

struct conn {
	uint32_t seq;		/* sequence number of the client's SYN */
	uint16_t cli_mss;	/* MSS of the client's SYN */
	uint8_t sendsyn;	/* the SYN was a p0f-sendsyn probe */
};

/* A SYN or SYN+ACK as the NAT and uptime checks compare it. */
struct sig_snap {
	uint8_t valid;
	uint8_t matched;	/* an OS (not app) signature matched */
	uint8_t fuzzy;
	uint8_t bad_ttl;
	uint8_t ttl;
	uint8_t dist;		/* of the new packet only; not stored */
	uint16_t mss;
	uint16_t sig;		/* index in its section, if matched */
	uint32_t quirks;	/* quirks_pack() of Q_* */
	uint32_t ts1;		/* 0: no usable timestamp */
	uint32_t label_id;
	uint32_t name_id;
	uint32_t sig_line;
	uint32_t layout;	/* hash of the option layout */
	uint64_t recv_ms;
};

/*
 * The same, as a host keeps it (20 bytes; its TTL is in struct host).
 * Label, name and line follow from the signature's index; the time is
 * split into seconds (a 32-bit serial number, serial_time()) and milliseconds.
 */
struct snap_packed {
	uint32_t sec;		/* recv_ms / 1000 */
	uint32_t layout;
	uint32_t ts1;
	uint16_t mss;
	uint16_t quirks;	/* quirks_pack() */
	uint16_t sig;
	uint16_t flags;		/* SNAP_* and recv_ms % 1000 */
};
#define SNAP_VALID	0x8000
#define SNAP_MATCHED	0x4000
#define SNAP_FUZZY	0x2000
#define SNAP_BAD_TTL	0x1000
#define SNAP_MS		0x03ff

/*
 * A NAT score board: the last NAT_BOARD scores, newest first. Only how
 * many reach 1, 2, 3 and 6 matters, and an alarm clears the board before
 * more than 8 are non-zero; so a bit per score says "non-zero" and the
 * non-zero ones keep a 2-bit level (1, 2, 3-5, 6+), newest lowest.
 */
struct nat_board {
	uint32_t nonzero;	/* bit i: score i (0 = newest) is not 0 */
	uint16_t levels;	/* BOARD_LV_* of the non-zero scores */
	uint16_t reasons;	/* NAT_* accumulated since the last alarm */
};
#define BOARD_MAX_NONZERO	8	/* more raises nat_alarm()'s alarm */
#define BOARD_LV_1		0	/* score 1 */
#define BOARD_LV_2		1	/* score 2 */
#define BOARD_LV_3		2	/* score 3 to 5 */
#define BOARD_LV_6		3	/* score 6 or more */

/*
 * Per-host state, 92 bytes: with the table's 16 bytes of bookkeeping and
 * the 17-byte key an entry is two cache lines. Times are seconds kept in
 * 32 bits (serial_time()); flags say which are set.
 */
struct host {
	uint32_t first_seen;
	uint32_t last_seen;	/* last SYN from or to the host */
	uint32_t last_nat;	/* "ip sharing" */
	uint32_t last_chg;	/* "host change" */
	uint32_t total_conn;
	uint32_t uptime_min;	/* 0 = unknown */
	struct snap_packed snap[2]; /* last SYN, last SYN+ACK from the host */
	struct nat_board board[2];  /* SYN / SYN+ACK */
	uint16_t up_mod_days;
	uint16_t os;		/* label id + 1 of the last OS match, 0 = none */
	uint16_t link_mtu;	/* MTU of the [mtu] label, 0 = none */
	uint16_t last_port;
	uint8_t ttl[2];		/* of snap[] */
	uint8_t distance;	/* 255 = unknown */
	uint8_t flags;		/* HOST_* */
};
#define HOST_OS_FUZZY	0x01	/* the last OS match was fuzzy */
#define HOST_OS_GENERIC	0x02	/* ... generic */
#define HOST_SEEN	0x04	/* last_seen is set */
#define HOST_NAT	0x08	/* last_nat is set */
#define HOST_CHG	0x10	/* last_chg is set */

_Static_assert(sizeof(struct host) == 92, "struct host grew");
_Static_assert(SIGDB_MAX_LABELS < 0xffff, "label ids must fit host.os");
_Static_assert(SIGDB_MAX_SIGS <= 0x10000, "sig indexes must fit 16 bits");
_Static_assert((MATCH_MEMO_SETS & (MATCH_MEMO_SETS - 1)) == 0,
    "MATCH_MEMO_SETS is a power of two");
_Static_assert(NAT_BOARD <= 32 && NAT_BOARD > BOARD_MAX_NONZERO,
    "a NAT board is a 32-bit mask");

/*
 * A memo of match_tcp(): real traffic repeats few distinct fingerprints,
 * and matching walks dozens of signatures. The key holds every input
 * match_tcp() reads (keep it so when the matcher changes); a hit compares
 * the whole key, so results are exact, and a collision only costs a
 * normal match. MATCH_MEMO_SETS sets of two, emptied by engine_set_db().
 */
#define MEMO_USED	0x01	/* an empty entry never equals a key */
#define MEMO_RESPONSE	0x02
#define MEMO_COMPAT	0x04
#define MEMO_TS		0x08	/* ts1 != 0 */
#define MEMO_PAYLOAD	0x10	/* pay_len > 0 */
_Static_assert(sizeof(struct engine_memo_key) % 8 == 0, "memo keys are hashed "
    "in 8-byte words");

struct memo_ent {
	struct engine_memo_key k;
	struct match m;
	uint32_t layout;	/* n.layout of engine_packet_hint() */
};

/*
 * engine_prefetch() fetches a packet's table slots; PF_ENTRY calls later
 * the entries in them, PF_LINKS calls later the host entry's age-list
 * neighbours. Both are below main.c's batch of 8.
 */
#define PF_ENTRY	3
#define PF_LINKS	6
#define PF_RING		8	/* > PF_LINKS */

struct engine {
	struct engine_conf conf;
	const struct sigdb *db;
	const struct tcp_sig *sigs[2];	/* request, response sections */
	size_t nsigs[2];
	struct lru *hosts;
	struct lru *conns;
	uint64_t pkts;
	uint64_t now;		/* latest packet time, seconds */
	uint64_t last_expire;	/* seconds */
	struct host *srv[2];	/* the last SYN's server, IPv4 / IPv6 */
	struct engine_stats st;
	/* Hashes of the latest engine_prefetch() calls, for the later
	 * prefetch stages. */
	uint32_t pf_host[PF_RING], pf_conn[PF_RING];
	unsigned pf_n;
	struct memo_ent (*memo)[2];	/* MATCH_MEMO_SETS sets, MRU first */
	uint64_t memo_seed;
};

/*
 * The quirks the NAT check compares (all but ECN, DF and the two ID
 * quirks) in 16 bits. A new Q_* bit of packet.h must be placed here.
 */
#define SNAP_Q_KEPT (Q_NZ_MBZ | Q_FLOW | Q_ZERO_SEQ | Q_NZ_ACK | Q_ZERO_ACK | \
	Q_NZ_URG | Q_URG | Q_PUSH | Q_OPT_ZERO_TS1 | Q_OPT_NZ_TS2 | \
	Q_OPT_EOL_NZ | Q_OPT_EXWS | Q_OPT_BAD)
#define SNAP_Q_IGNORED (Q_ECN | Q_DF | Q_NZ_ID | Q_ZERO_ID)
_Static_assert((SNAP_Q_KEPT & ~0x1f03f030u) == 0 &&
    (SNAP_Q_IGNORED & ~0xfu) == 0, "quirk bits moved: fix quirks_pack()");

static uint16_t
quirks_pack(uint32_t q)
{
	return (uint16_t)((q >> 4 & 0x3) | (q >> 10 & 0xfc) |
	    (q >> 16 & 0x1f00));
}

static void
sigs_load(struct engine *e)
{
	int dir;

	for (dir = 0; dir < 2; dir++)
		e->nsigs[dir] = sigdb_tcp_all(e->db, dir, &e->sigs[dir]);
	if (e->memo != NULL)
		memset(e->memo, 0, MATCH_MEMO_SETS * sizeof(*e->memo));
}

static unsigned
match_flags(const struct engine *e)
{
	return (e->conf.flags & ENGINE_F_COMPAT) ? MATCH_F_COMPAT : 0;
}

/* The memo key of a packet. */
static void
memo_key(const struct pkt_tcp *p, int response, uint16_t peer_mss,
    unsigned mflags, struct engine_memo_key *k)
{
	memset(k, 0, sizeof(*k));
	k->quirks = p->quirks;
	k->win = p->win;
	k->mss = p->mss;
	k->hdr_len = p->hdr_len;
	k->peer_mss = peer_mss;
	k->ip_ver = p->ip_ver;
	k->ttl = p->ttl;
	k->olen = p->olen;
	k->eol_pad = p->eol_pad;
	k->wscale = p->wscale;
	k->opt_cnt = p->opt_cnt;
	k->bits = MEMO_USED | (response ? MEMO_RESPONSE : 0) |
	    ((mflags & MATCH_F_COMPAT) ? MEMO_COMPAT : 0) |
	    (p->ts1 != 0 ? MEMO_TS : 0) | (p->pay_len > 0 ? MEMO_PAYLOAD : 0);
	memcpy(k->opt, p->opt, p->opt_cnt < MAX_TCP_OPT ? p->opt_cnt :
	    MAX_TCP_OPT);
}

/* Seeded, so that chosen packets cannot aim at one set. */
static uint64_t
memo_hash(const struct engine *e, const struct engine_memo_key *k)
{
	return wordhash(k, sizeof(*k) / 8, e->memo_seed);
}

static struct memo_ent *
memo_set(const struct engine *e, uint64_t h)
{
	return e->memo[(h >> 17) & (MATCH_MEMO_SETS - 1)];
}

/*
 * match_tcp() through the memo; *layout gets the hash of the option
 * layout, with the EOL padding, that the NAT check compares. pre, if not
 * NULL, is the packet's hint from engine_prefetch().
 */
static void
match_memo(struct engine *e, const struct pkt_tcp *p, int response,
    uint16_t peer_mss, unsigned mflags, const struct engine_hint *pre,
    struct match *m, uint32_t *layout)
{
	struct engine_memo_key own;
	const struct engine_memo_key *k = &own;
	struct memo_ent *set, tmp;

	/* A SYN's key and hash were made by engine_prefetch(). */
	if (pre != NULL && !response) {
		k = &pre->memo_key;
		set = memo_set(e, pre->memo);
	} else {
		memo_key(p, response, peer_mss, mflags, &own);
		set = memo_set(e, memo_hash(e, &own));
	}
	if (memcmp(&set[0].k, k, sizeof(*k)) == 0) {
		*m = set[0].m;
		*layout = set[0].layout;
		return;
	}
	if (memcmp(&set[1].k, k, sizeof(*k)) == 0) {
		tmp = set[1];
		set[1] = set[0];
		set[0] = tmp;
		*m = set[0].m;
		*layout = set[0].layout;
		return;
	}
	match_tcp(e->db, p, response, peer_mss, mflags, m);
	*layout = sigdb_layout_hash(p->opt, p->opt_cnt) ^
	    ((uint32_t)p->eol_pad << 24);
	set[1] = set[0];
	set[0].k = *k;
	set[0].m = *m;
	set[0].layout = *layout;
}

/* The last OS label of a host, or NULL. */
static const struct sig_label *
host_os(const struct engine *e, const struct host *h)
{
	return h->os ? sigdb_label(e->db, h->os - 1u) : NULL;
}

static void
snap_store(struct host *h, int dir, const struct sig_snap *n)
{
	struct snap_packed *s = &h->snap[dir];

	s->sec = (uint32_t)(n->recv_ms / 1000);
	s->layout = n->layout;
	s->ts1 = n->ts1;
	s->mss = n->mss;
	s->quirks = (uint16_t)n->quirks;	/* already packed */
	s->sig = n->sig;
	s->flags = (uint16_t)(n->recv_ms % 1000) |
	    (n->valid ? SNAP_VALID : 0) | (n->matched ? SNAP_MATCHED : 0) |
	    (n->fuzzy ? SNAP_FUZZY : 0) | (n->bad_ttl ? SNAP_BAD_TTL : 0);
	h->ttl[dir] = n->ttl;
}

/*
 * The stored snapshot, unpacked; o->quirks holds quirks_pack()'s bits and
 * its time is read relative to now_ms.
 */
static void
snap_load(const struct engine *e, const struct host *h, int dir,
    uint64_t now_ms, struct sig_snap *o)
{
	const struct snap_packed *s = &h->snap[dir];

	memset(o, 0, sizeof(*o));
	o->valid = (s->flags & SNAP_VALID) != 0;
	if (!o->valid)
		return;
	o->matched = (s->flags & SNAP_MATCHED) != 0;
	o->fuzzy = (s->flags & SNAP_FUZZY) != 0;
	o->bad_ttl = (s->flags & SNAP_BAD_TTL) != 0;
	o->ttl = h->ttl[dir];
	o->mss = s->mss;
	o->quirks = s->quirks;
	o->ts1 = s->ts1;
	o->layout = s->layout;
	o->recv_ms = serial_time(s->sec, now_ms / 1000) * 1000 +
	    (s->flags & SNAP_MS);
	if (o->matched) {
		const struct tcp_sig *sg = &e->sigs[dir][s->sig];

		o->sig = s->sig;
		o->label_id = sg->label->id;
		o->name_id = sg->label->name_id;
		o->sig_line = sg->line;
	}
}

void
engine_conf_defaults(struct engine_conf *c)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	c->host_cap = HOST_CAP_DEFAULT;
	c->conn_cap = CONN_CAP_DEFAULT;
	c->host_idle_s = HOST_IDLE_DEFAULT_S;
	c->conn_age_s = CONN_AGE_DEFAULT_S;
	if (getrandom(c->seed, sizeof(c->seed), 0) != (ssize_t)sizeof(c->seed))
		for (i = 0; i < sizeof(c->seed); i++)
			c->seed[i] = (uint8_t)(rand() >> 3);
}

struct engine *
engine_new(const struct engine_conf *conf, const struct sigdb *db)
{
	struct engine *e;

	if ((e = calloc(1, sizeof(*e))) == NULL)
		return NULL;
	e->conf = *conf;
	e->db = db;
	e->memo = calloc(MATCH_MEMO_SETS, sizeof(*e->memo));
	memcpy(&e->memo_seed, conf->seed, sizeof(e->memo_seed));
	sigs_load(e);
	e->hosts = lru_new(conf->host_cap, HOST_KEY_LEN, sizeof(struct host),
	    conf->seed);
	e->conns = lru_new(conf->conn_cap, CONN_KEY_LEN, sizeof(struct conn),
	    conf->seed);
	if (e->hosts == NULL || e->conns == NULL || e->memo == NULL) {
		engine_free(e);
		return NULL;
	}
	return e;
}

void
engine_free(struct engine *e)
{
	if (e == NULL)
		return;
	lru_free(e->hosts);
	lru_free(e->conns);
	free(e->memo);
	free(e);
}

struct remap {
	const struct sigdb *db;
	const struct sig_label **map;	/* old label id -> new label */
	size_t n;
};

static void
remap_host(void *val, void *arg)
{
	struct host *h = val;
	struct remap *r = arg;
	const struct sig_label *l;

	if (h->os != 0) {
		l = h->os - 1u < r->n ? r->map[h->os - 1u] : NULL;
		h->os = l ? (uint16_t)(l->id + 1) : 0;
	}
	if (h->link_mtu != 0 && sigdb_mtu_label(r->db, h->link_mtu) == NULL)
		h->link_mtu = 0;
	/* Snapshots name signatures by index: only comparable within one
	 * set. */
	h->snap[0].flags = h->snap[1].flags = 0;
}

void
engine_set_db(struct engine *e, const struct sigdb *db)
{
	const struct sigdb *old = e->db;
	struct remap r;
	size_t i, j, nnew = sigdb_label_count(db);

	r.db = db;
	r.n = sigdb_label_count(old);
	r.map = calloc(r.n ? r.n : 1, sizeof(*r.map));
	for (i = 0; r.map != NULL && i < r.n; i++) {
		const struct sig_label *o = sigdb_label(old, i);

		for (j = 0; j < nnew; j++) {
			const struct sig_label *l = sigdb_label(db, j);

			if (l->class_id == o->class_id &&
			    strcasecmp(l->name, o->name) == 0 &&
			    ((l->flavor == NULL && o->flavor == NULL) ||
			    (l->flavor && o->flavor &&
			    strcmp(l->flavor, o->flavor) == 0))) {
				r.map[i] = l;
				break;
			}
		}
	}
	if (r.map == NULL)
		r.n = 0; /* out of memory: forget the OS labels */
	lru_foreach(e->hosts, remap_host, &r);
	free(r.map);
	e->db = db;
	sigs_load(e);
}

static void
host_key(uint8_t key[HOST_KEY_LEN], int ver, const uint8_t *addr)
{
	key[0] = (uint8_t)ver;
	memcpy(key + 1, addr, 16);
}

static void
conn_key(uint8_t key[CONN_KEY_LEN], const struct pkt_tcp *p, int to_srv)
{
	const uint8_t *cli = to_srv ? p->src : p->dst;
	const uint8_t *srv = to_srv ? p->dst : p->src;
	uint16_t cp = to_srv ? p->sport : p->dport;
	uint16_t sp = to_srv ? p->dport : p->sport;

	key[0] = p->ip_ver;
	memcpy(key + 1, cli, 16);
	memcpy(key + 17, srv, 16);
	key[33] = (uint8_t)(cp >> 8);
	key[34] = (uint8_t)cp;
	key[35] = (uint8_t)(sp >> 8);
	key[36] = (uint8_t)sp;
}

int
engine_host_view(const struct engine *e, int ip_ver, const uint8_t addr[16],
    struct host_view *v)
{
	uint8_t key[HOST_KEY_LEN];
	const struct host *h;

	host_key(key, ip_ver, addr);
	if ((h = lru_find(e->hosts, key)) == NULL)
		return -1;
	v->first_seen = serial_time(h->first_seen, e->now);
	v->last_seen = h->flags & HOST_SEEN ? serial_time(h->last_seen, e->now) : 0;
	v->last_nat = h->flags & HOST_NAT ? serial_time(h->last_nat, e->now) : 0;
	v->last_chg = h->flags & HOST_CHG ? serial_time(h->last_chg, e->now) : 0;
	v->os = host_os(e, h);
	v->link = h->link_mtu ? sigdb_mtu_label(e->db, h->link_mtu) : NULL;
	v->total_conn = h->total_conn;
	v->uptime_min = h->uptime_min;
	v->up_mod_days = h->up_mod_days;
	v->last_port = h->last_port;
	v->os_fuzzy = (h->flags & HOST_OS_FUZZY) != 0;
	v->os_generic = (h->flags & HOST_OS_GENERIC) != 0;
	v->distance = h->distance;
	return 0;
}

/* 1 if h is a live entry for the host (ver, addr). */
static int
host_is(const struct engine *e, const struct host *h, int ver,
    const uint8_t *addr)
{
	const uint8_t *k;

	if (!lru_live(e->hosts, h))
		return 0;
	k = lru_key(e->hosts, h);
	return k[0] == ver && memcmp(k + 1, addr, 16) == 0;
}

static struct host *
host_get_h(struct engine *e, int ver, const uint8_t *addr, const uint32_t *hash,
    uint64_t now)
{
	uint8_t key[HOST_KEY_LEN];
	struct host *h;
	int created, evicted;

	host_key(key, ver, addr);
	if (hash != NULL)
		h = lru_get_h(e->hosts, key, *hash, now, &created, &evicted);
	else
		h = lru_get(e->hosts, key, now, &created, &evicted);
	if (evicted)
		e->st.host_evicted++;
	if (created) {
		h->first_seen = (uint32_t)now;
		h->distance = 255;
	}
	return h;
}

static struct host *
host_get(struct engine *e, int ver, const uint8_t *addr, uint64_t now)
{
	return host_get_h(e, ver, addr, NULL, now);
}

void
engine_prefetch(struct engine *e, const struct pkt_tcp *p,
    struct engine_hint *hint)
{
	uint8_t ck[CONN_KEY_LEN], hk[HOST_KEY_LEN];
	int to_srv = pkt_syn_kind(p) != 2;
	unsigned n = e->pf_n++, i;

	conn_key(ck, p, to_srv);
	host_key(hk, p->ip_ver, p->src);
	/* A SYN's match inputs are all in the packet (a SYN+ACK's include
	 * the connection's MSS): start fetching its memo set. */
	if (to_srv) {
		const struct memo_ent *set;

		memo_key(p, 0, 0, match_flags(e), &hint->memo_key);
		hint->memo = memo_hash(e, &hint->memo_key);
		set = memo_set(e, hint->memo);
		__builtin_prefetch(set);
		__builtin_prefetch((const char *)set + sizeof(*set) * 2 - 1);
	}
	hint->conn = lru_hash(e->conns, ck);
	hint->host = lru_hash(e->hosts, hk);
	lru_prefetch(e->conns, hint->conn);
	lru_prefetch(e->hosts, hint->host);
	e->pf_conn[n % PF_RING] = hint->conn;
	e->pf_host[n % PF_RING] = hint->host;
	if (n >= PF_ENTRY) {
		i = (n - PF_ENTRY) % PF_RING;
		lru_prefetch_entry(e->conns, e->pf_conn[i]);
		lru_prefetch_entry(e->hosts, e->pf_host[i]);
	}
	if (n >= PF_LINKS)
		lru_prefetch_links(e->hosts, e->pf_host[(n - PF_LINKS) %
		    PF_RING]);
}

void
engine_reasons(uint32_t reasons, char *buf, size_t len)
{
	static const char *const names[] = { "app_vs_os", "os_diff",
		"sig_diff", "x_known", "tstamp", "ttl", "port", "mtu",
		"fuzzy" };
	size_t i, off = 0;
	int n;

	buf[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(*names); i++) {
		if (!(reasons & (1u << i)) || off >= len)
			continue;
		n = snprintf(buf + off, len - off, "%s%s", off ? " " : "",
		    names[i]);
		if (n > 0)
			off += (size_t)n;
	}
}

/*
 * Shifts a score into a host's board and raises alarms (p0f's scheme: a
 * board of NAT_BOARD scores, alarm when more than 2 reach 6, 4 reach 3,
 * 6 reach 2 or 8 reach 1).
 */
static void
nat_alarm(struct host *h, int dir, uint32_t score,
    uint32_t reasons, struct record *rec, engine_emit_fn emit, void *arg)
{
	struct nat_board *b = &h->board[dir];
	uint32_t nz = b->nonzero, lv = b->levels, hi, lo;
	unsigned c6, c3, c2, c1;

	/* Shifting a zero into an empty board changes nothing. */
	if (score == 0 && nz == 0)
		return;
	/* The oldest score falls off; if non-zero, so does its level. */
	if (nz & (1u << (NAT_BOARD - 1)))
		lv &= (1u << (2 * (__builtin_popcount(nz) - 1))) - 1;
	nz = (uint32_t)((uint64_t)nz << 1 & ((1ull << NAT_BOARD) - 1));
	if (score == 0) {
		b->nonzero = nz;
		b->levels = (uint16_t)lv;
		return;
	}
	nz |= 1;
	lv = lv << 2 | (score >= 6 ? BOARD_LV_6 : score >= 3 ? BOARD_LV_3 :
	    score >= 2 ? BOARD_LV_2 : BOARD_LV_1);
	/* Level bits: hi set from 3 on, lo set for 2 and 6+. */
	hi = lv >> 1 & 0x55555555u;
	lo = lv & 0x55555555u;
	c6 = (unsigned)__builtin_popcount(hi & lo);
	c3 = (unsigned)__builtin_popcount(hi);
	c2 = (unsigned)__builtin_popcount(hi | lo);
	c1 = (unsigned)__builtin_popcount(nz);
	b->reasons |= (uint16_t)reasons;
	rec->hits[0] = (uint8_t)c6;
	rec->hits[1] = (uint8_t)c3;
	rec->hits[2] = (uint8_t)c2;
	rec->hits[3] = (uint8_t)c1;
	if (c6 > 2 || c3 > 4 || c2 > 6 || c1 > BOARD_MAX_NONZERO) {
		rec->mod = REC_SHARING;
		rec->reasons = b->reasons;
		h->last_nat = (uint32_t)rec->sec;
		h->flags |= HOST_NAT;
		memset(b, 0, sizeof(*b));
		emit(rec, arg);
		return;
	}
	b->nonzero = nz;
	b->levels = (uint16_t)lv;
	if (score >= 2) {
		rec->mod = REC_CHANGE;
		rec->reasons = reasons;
		h->last_chg = (uint32_t)rec->sec;
		h->flags |= HOST_CHG;
		emit(rec, arg);
	}
}

/* Scores how unlike the host's previous signature the new one is. */
static void
nat_score(const struct engine *e, struct host *h, int dir,
    const struct sig_snap *n, const struct sig_snap *o,
    const struct pkt_tcp *p, struct record *rec, engine_emit_fn emit,
    void *arg)
{
	const struct sig_label *os = host_os(e, h);
	uint32_t score = 0, why = 0, dt;
	int to_srv = dir == 0;

	if (!o->valid) {
		if (os != NULL && n->matched && os->name_id != n->name_id) {
			score += 8;
			why |= NAT_OS_SIG;
		}
		goto alarm;
	}
	if (!o->matched || !n->matched) {
		/* Both hold quirks_pack()'s bits. */
		if (o->quirks != n->quirks) {
			score += 2;
			why |= NAT_UNK_DIFF;
		} else if (to_srv && o->layout != n->layout) {
			score += 1;
			why |= NAT_UNK_DIFF;
		}
		if (to_srv && o->matched != n->matched) {
			score += 1;
			why |= NAT_TO_UNK;
		}
	} else if (o->name_id != n->name_id) {
		score += 8;
		why |= NAT_OS_SIG;
	} else if (to_srv && o->label_id != n->label_id) {
		score += 2;
		why |= NAT_OS_SIG;
	} else if (o->sig_line != n->sig_line) {
		score += 1;
		why |= NAT_OS_SIG;
	} else if (o->fuzzy != n->fuzzy) {
		score += 1;
		why |= NAT_FUZZY;
	}
	if (n->matched && os != NULL && os->name_id != n->name_id &&
	    !(why & NAT_OS_SIG)) {
		score += 8;
		why |= NAT_OS_SIG;
	}
	if (o->ttl != n->ttl && !(why & NAT_OS_SIG) && !o->bad_ttl &&
	    !n->bad_ttl) {
		unsigned d = o->ttl > n->ttl ? o->ttl - n->ttl :
		    n->ttl - o->ttl;

		if (n->dist <= 9 || d > 1) {
			score += (n->dist > 5 && d <= 2) ? 1 : 4;
			why |= NAT_TTL;
		}
	}
	if (to_srv && h->last_port && p->sport + 64u <= h->last_port) {
		score += 1;
		why |= NAT_PORT;
	}
	if (o->mss != n->mss) {
		score += 1;
		why |= NAT_MSS;
	}
	/* A timestamp clock that advanced plausibly suggests one machine. */
	if (score && o->ts1 && n->ts1 && n->recv_ms >= o->recv_ms &&
	    n->recv_ms - o->recv_ms < (uint64_t)NAT_TS_MAX_AGE_S * 1000) {
		uint32_t tsd = n->ts1 - o->ts1;
		uint64_t ms = n->recv_ms - o->recv_ms;

		dt = ms < UP_TSTAMP_GRACE_MS ? UP_TSTAMP_GRACE_MS : (uint32_t)ms;
		if (tsd > ~tsd) { /* went backwards */
			if (!(ms < UP_TSTAMP_GRACE_MS &&
			    (~tsd) / 1000 < UP_MAX_FREQ / UP_TSTAMP_GRACE_MS)) {
				score += 4;
				why |= NAT_TS;
			} else
				score /= 2;
		} else if ((uint64_t)tsd * 1000 / dt > UP_MAX_FREQ) {
			score += 4;
			why |= NAT_TS;
		} else
			score /= 2;
	}
alarm:
	nat_alarm(h, dir, score, why, rec, emit, arg);
}

/*
 * Uptime from the host's previous timestamp (p0f's bounds and bands).
 * Returns 1 with up filled (mod REC_UPTIME) when there is one to report.
 */
static int
uptime_check(struct host *h, const struct sig_snap *n,
    const struct sig_snap *o, struct record *up)
{
	uint32_t tsd, f;
	uint64_t ms;
	double ff;

	if (!o->valid || !o->ts1 || !n->ts1 || n->recv_ms < o->recv_ms)
		return 0;
	ms = n->recv_ms - o->recv_ms;
	tsd = n->ts1 - o->ts1;
	if (ms < UP_MIN_TWAIT_MS || ms > UP_MAX_TWAIT_MS)
		return 0;
	if (tsd < UP_MIN_TS_DELTA)
		return 0;
	if (tsd > ~tsd) /* backwards: a negative frequency */
		return 0;
	ff = (double)tsd * 1000.0 / (double)ms;
	if (ff * 100 < UP_MIN_FREQ_X100 || ff > UP_MAX_FREQ)
		return 0;
	f = (uint32_t)ff;
	if (f == 0)
		f = 1;
	else if (f <= 10)
		;
	else if (f <= 50)
		f = (f + 3) / 5 * 5;
	else if (f <= 100)
		f = (f + 7) / 10 * 10;
	else if (f <= 500)
		f = (f + 33) / 50 * 50;
	else
		f = (f + 67) / 100 * 100;
	h->uptime_min = n->ts1 / f / 60;
	/* At most 49710 (f = 1), so it fits 16 bits. */
	h->up_mod_days = (uint16_t)(0xffffffffu / ((uint64_t)f * 60 * 60 * 24));
	up->mod = REC_UPTIME;
	up->up_min = h->uptime_min;
	up->up_mod_days = h->up_mod_days;
	up->freq = ff;
	return 1;
}

/* An application's "sys" list against what the host is known to run. */
static void
verify_tool(const struct engine *e, struct host *h, const struct sig_label *l,
    struct record *rec, engine_emit_fn emit, void *arg)
{
	const struct sig_label *os = host_os(e, h);
	uint16_t i;

	if (os == NULL || l->nsys == 0)
		return;
	for (i = 0; i < l->nsys; i++) {
		uint32_t s = l->sys[i];

		if (s & SYS_CLASS_BIT) {
			if ((int)(s & ~SYS_CLASS_BIT) == os->class_id)
				return;
		} else if (s == os->name_id)
			return;
	}
	nat_alarm(h, 0, 4, NAT_APP_SIG, rec, emit, arg);
}

void
engine_tick(struct engine *e, uint64_t now)
{
	e->now = now;
	if (++e->pkts % EXPIRE_EVERY_PKTS != 0 || now == e->last_expire)
		return;
	e->last_expire = now;
	if (now > e->conf.conn_age_s)
		lru_expire(e->conns, now - e->conf.conn_age_s);
	if (now > e->conf.host_idle_s)
		e->st.host_expired += lru_expire(e->hosts,
		    now - e->conf.host_idle_s);
}

static void
report_sendsyn(struct engine *e, const struct pkt_tcp *p, struct conn *c,
    uint64_t sec, uint32_t usec, engine_emit_fn emit, void *arg)
{
	struct match m;
	struct record rec;
	int to_srv = pkt_syn_kind(p) == 1;

	match_tcp(e->db, p, !to_srv, c->cli_mss, match_flags(e), &m);
	memset(&rec, 0, sizeof(rec));
	rec.mod = to_srv ? REC_SYN : REC_SYNACK;
	rec.sec = sec;
	rec.usec = usec;
	rec.pkt = p;
	rec.to_srv = to_srv;
	rec.sendsyn = 1;
	rec.m = &m;
	emit(&rec, arg);
}

void
engine_packet(struct engine *e, const struct pkt_tcp *p, uint64_t sec,
    uint32_t usec, engine_emit_fn emit, void *arg)
{
	engine_packet_hint(e, p, NULL, sec, usec, emit, arg);
}

void
engine_packet_hint(struct engine *e, const struct pkt_tcp *p,
    const struct engine_hint *hint, uint64_t sec, uint32_t usec,
    engine_emit_fn emit, void *arg)
{
	int kind = pkt_syn_kind(p), to_srv = kind == 1, dir = !to_srv;
	uint8_t ck[CONN_KEY_LEN];
	struct host *h;
	struct conn *c;
	struct match m;
	struct record rec, up;
	struct sig_snap n, o;
	uint16_t peer_mss = 0;
	uint32_t layout;
	int have_up;
	int created, evicted;
	unsigned mflags = match_flags(e);

	e->now = sec;
	if (kind == 0)
		return;
	conn_key(ck, p, to_srv);
	if (to_srv) {
		struct host *srv;

		e->st.syn++;
		/* A retransmitted SYN is the same connection: p0f, too,
		 * reports it once, and it does not make the entry younger. */
		c = hint ? lru_find_h(e->conns, ck, hint->conn) :
		    lru_find(e->conns, ck);
		if (c != NULL && c->seq == p->seq) {
			e->st.syn_retrans++;
			return;
		}
		if (c == NULL) {
			c = hint ? lru_get_h(e->conns, ck, hint->conn, sec,
			    &created, &evicted) : lru_get(e->conns, ck, sec,
			    &created, &evicted);
			if (evicted)
				e->st.conn_evicted++;
		} else
			created = 0;
		c->seq = p->seq;
		c->cli_mss = p->mss;
		/* p0f's own active probes: reported, never host state. */
		c->sendsyn = p->win == SENDSYN_WIN && p->mss == SENDSYN_MSS;
		if (c->sendsyn) {
			report_sendsyn(e, p, c, sec, usec, emit, arg);
			return;
		}
		/* Nearly every SYN goes to the same server (one per IP
		 * version): remember it, and check the slot still holds
		 * that host before use. */
		srv = e->srv[p->ip_ver == 6];
		if (srv != NULL && host_is(e, srv, p->ip_ver, p->dst))
			lru_touch(e->hosts, srv, sec);
		else
			srv = e->srv[p->ip_ver == 6] = host_get(e, p->ip_ver,
			    p->dst, sec);
		srv->last_seen = (uint32_t)sec;
		srv->flags |= HOST_SEEN;
		srv->total_conn++;
		h = host_get_h(e, p->ip_ver, p->src, hint ? &hint->host : NULL,
		    sec);
		h->last_seen = (uint32_t)sec;
		h->flags |= HOST_SEEN;
		h->total_conn++;
	} else {
		/* Like p0f, a SYN+ACK counts only within a connection whose
		 * SYN was seen; it also says the client's MSS. */
		e->st.synack++;
		c = hint ? lru_find_h(e->conns, ck, hint->conn) :
		    lru_find(e->conns, ck);
		if (c == NULL) {
			e->st.synack_no_conn++;
			return;
		}
		peer_mss = c->cli_mss;
		if (c->sendsyn) {
			report_sendsyn(e, p, c, sec, usec, emit, arg);
			return;
		}
		h = host_get_h(e, p->ip_ver, p->src, hint ? &hint->host : NULL,
		    sec);
	}

	match_memo(e, p, !to_srv, peer_mss, mflags, hint, &m, &layout);
	memset(&rec, 0, sizeof(rec));
	rec.sec = sec;
	rec.usec = usec;
	rec.pkt = p;
	rec.to_srv = to_srv;
	rec.m = &m;
	rec.mod = to_srv ? REC_SYN : REC_SYNACK;
	emit(&rec, arg);

	if (m.sig && m.sig->label->class_id == CLASS_APP) {
		e->st.apps++;
		verify_tool(e, h, m.sig->label, &rec, emit, arg);
		lru_remove(e->conns, c);
		return;
	}
	if (m.sig) {
		e->st.matched++;
		e->st.fuzzy += m.fuzzy;
		e->st.generic += m.generic;
	} else
		e->st.unknown++;

	memset(&n, 0, sizeof(n));
	n.valid = 1;
	n.matched = m.sig != NULL;
	n.fuzzy = m.fuzzy;
	n.bad_ttl = m.sig && m.sig->bad_ttl;
	n.ttl = p->ttl;
	n.dist = m.dist;
	n.mss = p->mss;
	n.quirks = quirks_pack(p->quirks);
	n.ts1 = p->ts1;
	n.layout = layout;
	n.recv_ms = sec * 1000 + usec / 1000;
	if (m.sig) {
		/* match_tcp() hands out members of this section. */
		n.sig = (uint16_t)(m.sig - e->sigs[dir]);
		n.label_id = m.sig->label->id;
		n.name_id = m.sig->label->name_id;
		n.sig_line = m.sig->line;
	}
	if (!n.bad_ttl)
		h->distance = m.dist;

	/* Records in p0f's order: syn, host change, mtu, uptime. */
	snap_load(e, h, dir, n.recv_ms, &o);
	nat_score(e, h, dir, &n, &o, p, &rec, emit, arg);
	up = rec;
	have_up = uptime_check(h, &n, &o, &up);
	snap_store(h, dir, &n);
	if (m.sig) {
		h->os = (uint16_t)(m.sig->label->id + 1);
		h->flags = (uint8_t)((h->flags & ~(HOST_OS_FUZZY |
		    HOST_OS_GENERIC)) | (m.fuzzy ? HOST_OS_FUZZY : 0) |
		    (m.generic ? HOST_OS_GENERIC : 0));
	}
	if (to_srv)
		h->last_port = p->sport;

	if (p->mss) {
		rec.mod = REC_MTU;
		rec.mtu = (unsigned)p->mss + (p->ip_ver == 4 ? 40 : 60);
		rec.link = sigdb_mtu_label(e->db, rec.mtu);
		if (rec.link) /* so rec.mtu is one of the set's 16-bit MTUs */
			h->link_mtu = (uint16_t)rec.mtu;
		emit(&rec, arg);
	}
	if (have_up)
		emit(&up, arg);
}

void
engine_stats(const struct engine *e, struct engine_stats *s)
{
	*s = e->st;
	s->hosts = lru_count(e->hosts);
	s->host_cap = lru_capacity(e->hosts);
	s->conns = lru_count(e->conns);
	s->conn_cap = lru_capacity(e->conns);
	s->bytes = lru_bytes(e->hosts) + lru_bytes(e->conns);
}
