/* Per-packet orchestration: match, host/connection state, records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "engine.h"
#include "lru.h"

#define HOST_KEY_LEN	17	/* version + address */
#define CONN_KEY_LEN	37	/* version + client + server + ports */

struct conn {
	uint32_t seq;		/* sequence number of the client's SYN */
	uint16_t cli_mss;	/* MSS of the client's SYN */
	uint8_t sendsyn;	/* the SYN was a p0f-sendsyn probe */
};

struct engine {
	struct engine_conf conf;
	const struct sigdb *db;
	struct lru *hosts;
	struct lru *conns;
	uint64_t pkts;
	uint64_t last_expire;	/* seconds */
	struct host_info *srv;	/* host of the last SYN's server */
	struct engine_stats st;
};

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
	e->hosts = lru_new(conf->host_cap, HOST_KEY_LEN,
	    sizeof(struct host_info), conf->seed);
	e->conns = lru_new(conf->conn_cap, CONN_KEY_LEN, sizeof(struct conn),
	    conf->seed);
	if (e->hosts == NULL || e->conns == NULL) {
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
	struct host_info *h = val;
	struct remap *r = arg;

	if (h->os != NULL)
		h->os = h->os->id < r->n ? r->map[h->os->id] : NULL;
	if (h->link != NULL)
		h->link = sigdb_mtu_label(r->db, h->link_mtu);
	/* Snapshots name labels by id: only comparable within one set. */
	h->snap[0].valid = h->snap[1].valid = 0;
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

const struct host_info *
engine_host(const struct engine *e, int ip_ver, const uint8_t addr[16])
{
	uint8_t key[HOST_KEY_LEN];

	host_key(key, ip_ver, addr);
	return lru_find(e->hosts, key);
}

int
engine_host_view(const struct engine *e, int ip_ver, const uint8_t addr[16],
    struct host_view *v)
{
	const struct host_info *h = engine_host(e, ip_ver, addr);

	if (h == NULL)
		return -1;
	v->first_seen = h->first_seen;
	v->last_seen = h->last_seen;
	v->last_nat = h->last_nat;
	v->last_chg = h->last_chg;
	v->os = h->os;
	v->link = h->link;
	v->total_conn = h->total_conn;
	v->uptime_min = h->uptime_min;
	v->up_mod_days = h->up_mod_days;
	v->last_port = h->last_port;
	v->os_fuzzy = h->os_fuzzy;
	v->os_generic = h->os_generic;
	v->distance = h->distance;
	return 0;
}

/* 1 if h is a live entry for the host (ver, addr). */
static int
host_is(const struct engine *e, const struct host_info *h, int ver,
    const uint8_t *addr)
{
	const uint8_t *k;

	if (!lru_live(e->hosts, h))
		return 0;
	k = lru_key(e->hosts, h);
	return k[0] == ver && memcmp(k + 1, addr, 16) == 0;
}

static struct host_info *
host_get_h(struct engine *e, int ver, const uint8_t *addr, const uint32_t *hash,
    uint64_t now)
{
	uint8_t key[HOST_KEY_LEN];
	struct host_info *h;
	int created, evicted;

	host_key(key, ver, addr);
	if (hash != NULL)
		h = lru_get_h(e->hosts, key, *hash, now, &created, &evicted);
	else
		h = lru_get(e->hosts, key, now, &created, &evicted);
	if (evicted)
		e->st.host_evicted++;
	if (created) {
		h->first_seen = now;
		h->distance = 255;
	}
	return h;
}

static struct host_info *
host_get(struct engine *e, int ver, const uint8_t *addr, uint64_t now)
{
	return host_get_h(e, ver, addr, NULL, now);
}

void
engine_prefetch(const struct engine *e, const struct pkt_tcp *p,
    struct engine_hint *hint)
{
	uint8_t ck[CONN_KEY_LEN], hk[HOST_KEY_LEN];
	int to_srv = pkt_syn_kind(p) != 2;

	conn_key(ck, p, to_srv);
	host_key(hk, p->ip_ver, p->src);
	hint->conn = lru_hash(e->conns, ck);
	hint->host = lru_hash(e->hosts, hk);
	lru_prefetch(e->conns, hint->conn);
	lru_prefetch(e->hosts, hint->host);
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

/* Shifts a score into a host's board and raises alarms (p0f's scheme). */
static void
nat_alarm(struct host_info *h, int dir, uint32_t score,
    uint32_t reasons, struct record *rec, engine_emit_fn emit, void *arg)
{
	uint8_t *b = h->board[dir];
	unsigned c6 = 0, c3 = 0, c2 = 0, c1 = 0, i;

	/* Shifting a zero into an empty board changes nothing. */
	if (score == 0 && b[0] == 0 && memcmp(b, b + 1, NAT_BOARD - 1) == 0)
		return;
	memmove(b + 1, b, NAT_BOARD - 1);
	b[0] = (uint8_t)(score > 255 ? 255 : score);
	if (score == 0)
		return;
	for (i = 0; i < NAT_BOARD; i++) {
		if (b[i] >= 6)
			c6++;
		if (b[i] >= 3)
			c3++;
		if (b[i] >= 2)
			c2++;
		if (b[i] >= 1)
			c1++;
	}
	h->nat_reasons[dir] |= reasons;
	rec->hits[0] = (uint8_t)c6;
	rec->hits[1] = (uint8_t)c3;
	rec->hits[2] = (uint8_t)c2;
	rec->hits[3] = (uint8_t)c1;
	if (c6 > 2 || c3 > 4 || c2 > 6 || c1 > 8) {
		rec->mod = REC_SHARING;
		rec->reasons = h->nat_reasons[dir];
		h->last_nat = rec->sec;
		memset(b, 0, NAT_BOARD);
		h->nat_reasons[dir] = 0;
		emit(rec, arg);
	} else if (score >= 2) {
		rec->mod = REC_CHANGE;
		rec->reasons = reasons;
		h->last_chg = rec->sec;
		emit(rec, arg);
	}
}

/* Scores how unlike the host's previous signature the new one is. */
static void
nat_score(struct host_info *h, int dir,
    const struct sig_snap *n, const struct pkt_tcp *p, struct record *rec,
    engine_emit_fn emit, void *arg)
{
	const struct sig_snap *o = &h->snap[dir];
	uint32_t score = 0, why = 0, dt;
	int to_srv = dir == 0;

	if (!o->valid) {
		if (h->os != NULL && n->matched && h->os->name_id != n->name_id) {
			score += 8;
			why |= NAT_OS_SIG;
		}
		goto alarm;
	}
	if (!o->matched || !n->matched) {
		if ((o->quirks ^ n->quirks) & ~(Q_ECN | Q_DF | Q_NZ_ID |
		    Q_ZERO_ID)) {
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
	if (n->matched && h->os != NULL && h->os->name_id != n->name_id &&
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
uptime_check(struct host_info *h, int dir, const struct sig_snap *n,
    struct record *up)
{
	const struct sig_snap *o = &h->snap[dir];
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
	h->up_mod_days = (uint32_t)(0xffffffffu / ((uint64_t)f * 60 * 60 * 24));
	up->mod = REC_UPTIME;
	up->up_min = h->uptime_min;
	up->up_mod_days = h->up_mod_days;
	up->freq = ff;
	return 1;
}

/* An application's "sys" list against what the host is known to run. */
static void
verify_tool(struct host_info *h, const struct sig_label *l,
    struct record *rec, engine_emit_fn emit, void *arg)
{
	uint16_t i;

	if (h->os == NULL || l->nsys == 0)
		return;
	for (i = 0; i < l->nsys; i++) {
		uint32_t s = l->sys[i];

		if (s & SYS_CLASS_BIT) {
			if ((int)(s & ~SYS_CLASS_BIT) == h->os->class_id)
				return;
		} else if (s == h->os->name_id)
			return;
	}
	nat_alarm(h, 0, 4, NAT_APP_SIG, rec, emit, arg);
}

void
engine_tick(struct engine *e, uint64_t now)
{
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

	match_tcp(e->db, p, !to_srv, c->cli_mss,
	    (e->conf.flags & ENGINE_F_COMPAT) ? MATCH_F_COMPAT : 0, &m);
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
	struct host_info *h;
	struct conn *c;
	struct match m;
	struct record rec, up;
	struct sig_snap n;
	uint16_t peer_mss = 0;
	int have_up;
	int created, evicted;
	unsigned mflags = (e->conf.flags & ENGINE_F_COMPAT) ? MATCH_F_COMPAT :
	    0;

	if (kind == 0)
		return;
	conn_key(ck, p, to_srv);
	if (to_srv) {
		struct host_info *srv;

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
		/* Nearly every SYN goes to the same server: remember it,
		 * and check the slot still holds that host before use. */
		srv = e->srv;
		if (srv != NULL && host_is(e, srv, p->ip_ver, p->dst))
			lru_touch(e->hosts, srv, sec);
		else
			srv = e->srv = host_get(e, p->ip_ver, p->dst, sec);
		srv->last_seen = sec;
		srv->total_conn++;
		h = host_get_h(e, p->ip_ver, p->src, hint ? &hint->host : NULL,
		    sec);
		h->last_seen = sec;
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

	match_tcp(e->db, p, !to_srv, peer_mss, mflags, &m);
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
		verify_tool(h, m.sig->label, &rec, emit, arg);
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
	n.quirks = p->quirks;
	n.ts1 = p->ts1;
	/* The EOL padding belongs to the layout for NAT scoring. */
	n.layout = sigdb_layout_hash(p->opt, p->opt_cnt) ^
	    ((uint32_t)p->eol_pad << 24);
	n.recv_ms = sec * 1000 + usec / 1000;
	if (m.sig) {
		n.label_id = m.sig->label->id;
		n.name_id = m.sig->label->name_id;
		n.sig_line = m.sig->line;
	}
	if (!n.bad_ttl)
		h->distance = m.dist;

	/* Records in p0f's order: syn, host change, mtu, uptime. */
	nat_score(h, dir, &n, p, &rec, emit, arg);
	up = rec;
	have_up = uptime_check(h, dir, &n, &up);
	h->snap[dir] = n;
	if (m.sig) {
		h->os = m.sig->label;
		h->os_fuzzy = m.fuzzy;
		h->os_generic = m.generic;
	}
	if (to_srv)
		h->last_port = p->sport;

	if (p->mss) {
		rec.mod = REC_MTU;
		rec.mtu = (unsigned)p->mss + (p->ip_ver == 4 ? 40 : 60);
		rec.link = sigdb_mtu_label(e->db, rec.mtu);
		if (rec.link) {
			h->link = rec.link;
			h->link_mtu = (uint16_t)rec.mtu;
		}
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
