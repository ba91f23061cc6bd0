/*
 * rrl: response rate limiting with a fixed table of token buckets.
 *
 * Worked example (rate 3, slip 2, window 2): at second 100 a /24 asks the
 * same name 10 times. The bucket starts with 3 tokens: responses 1-3 pass
 * (3 -> 0), 4 is limited and dropped (slip count 1), 5 slips (count 2), 6
 * is dropped, 7 slips, and so on; the debt stops at -6 (window * rate).
 * At second 101 it has gained 3 (-3), so the next response is still
 * limited; at second 103 it is back above zero and the response passes:
 * a start was reported at the 4th response, a stop at that one.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/cookie.h"
#include "dns/err.h"
#include "dns/name.h"
#include "dns/rrl.h"

#define RRL_LIMITED 0x01  /* the last response was limited */
#define RRL_REPORTED 0x02 /* a start was reported, no stop yet */
#define RRL_LOGGED 0x04	  /* logged holds the time of a start report */

struct rrl_bucket {
	uint64_t key;	 /* hash of the key; 0: an empty slot */
	uint32_t stamp;	 /* second of the last refill */
	uint32_t logged; /* second of the last start report */
	int32_t tokens;
	uint32_t slipcnt; /* limited responses since the last slip */
	uint8_t cls, flags, prefixlen, v6;
	uint8_t addr[16];
};

int
rrl_init(struct rrl *r, const struct rrl_opts *o)
{
	size_t size;

	memset(r, 0, sizeof(*r));
	r->o = *o;
	if (r->o.window == 0)
		r->o.window = 15;
	if (r->o.size == 0)
		r->o.size = 65536;
	if (r->o.v4_prefix == 0)
		r->o.v4_prefix = 24;
	if (r->o.v6_prefix == 0)
		r->o.v6_prefix = 56;
	if (r->o.log_interval == 0)
		r->o.log_interval = 60;
	if (r->o.v4_prefix > 32 || r->o.v6_prefix > 128 ||
	    r->o.nexempt > RRL_EXEMPT_MAX || r->o.window > 3600 ||
	    r->o.rate > 1000000 || r->o.size > ((size_t)1 << 30))
		return RD_EINVAL;
	for (size = 1; size < r->o.size; size <<= 1)
		;
	r->o.size = size;
	r->mask = size - 1;
	r->b = calloc(size, sizeof(*r->b));
	return r->b == NULL ? RD_ENOMEM : 0;
}

void
rrl_free(struct rrl *r)
{
	free(r->b);
	r->b = NULL;
}

/* Keep the first len bits of a[0..n). */
static void
rrl_mask(uint8_t *a, size_t n, unsigned len)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (len >= 8)
			len -= 8;
		else {
			a[i] &= (uint8_t)(0xff00 >> len);
			len = 0;
		}
	}
}

/* The address of src in a (16 octets); 4 or 16, or 0 for another family. */
static size_t
rrl_addr(const struct sockaddr *src, uint8_t *a)
{
	const struct sockaddr_in6 *s6;

	memset(a, 0, 16);
	if (src == NULL)
		return 0;
	if (src->sa_family == AF_INET) {
		memcpy(a,
		    &((const struct sockaddr_in *)(const void *)src)->sin_addr,
		    4);
		return 4;
	}
	if (src->sa_family != AF_INET6)
		return 0;
	s6 = (const struct sockaddr_in6 *)(const void *)src;
	if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr)) {
		memcpy(a, s6->sin6_addr.s6_addr + 12, 4);
		return 4;
	}
	memcpy(a, &s6->sin6_addr, 16);
	return 16;
}

/* 1 when the address a (n octets) is in an exempt prefix. */
static int
rrl_exempt(const struct rrl *r, const uint8_t *a, size_t n)
{
	const struct rrl_prefix *p;
	uint8_t m[16];
	size_t i;

	for (i = 0; i < r->o.nexempt; i++) {
		p = &r->o.exempt[i];
		if ((p->family == AF_INET) != (n == 4))
			continue;
		memcpy(m, a, n);
		rrl_mask(m, n, p->len);
		if (memcmp(m, p->addr, n) == 0)
			return 1;
	}
	return 0;
}

/* The bucket hash of (family, prefix, class, lower-cased name). */
static uint64_t
rrl_key(const struct rrl *r, const uint8_t *a, size_t n, enum rrl_class cls,
    const uint8_t *name)
{
	uint8_t m[1 + 16 + 1 + NAME_MAXLEN], h[8];
	size_t len = 0, i;
	uint64_t k = 0;
	int nl;

	m[len++] = (uint8_t)n;
	memcpy(m + len, a, 16);
	len += 16;
	m[len++] = (uint8_t)cls;
	/* BIND's key: every error to a prefix in one bucket, no name. */
	if (cls != RRL_ERROR && name != NULL &&
	    (nl = name_check(name, NAME_MAXLEN)) > 0) {
		/* Length octets are under 64: only letters change case. */
		for (i = 0; i < (size_t)nl; i++)
			m[len + i] = name[i] >= 'A' && name[i] <= 'Z'
					 ? name[i] + 'a' - 'A'
					 : name[i];
		len += (size_t)nl;
	}
	cookie_siphash24(r->o.seed, m, len, h);
	for (i = 0; i < 8; i++)
		k = (k << 8) | h[i];
	return k == 0 ? 1 : k;
}

/* Bring b's tokens up to now: rate per second, at most rate. */
static void
rrl_refill(const struct rrl *r, struct rrl_bucket *b, uint32_t now)
{
	int32_t el = (int32_t)(now - b->stamp);
	int64_t t;

	if (el <= 0)
		return; /* the same second, or time went back */
	t = (int64_t)b->tokens + (int64_t)el * r->o.rate;
	b->tokens = t > (int64_t)r->o.rate ? (int32_t)r->o.rate : (int32_t)t;
	b->stamp = now;
}

/*
 * The bucket for key: the one that has it among RRL_PROBE slots, else an
 * empty slot, else the least recently used slot that is not limited, else
 * the least recently used one (the table is full: it is evicted).
 */
static struct rrl_bucket *
rrl_slot(struct rrl *r, uint64_t key, int *fresh)
{
	struct rrl_bucket *b, *empty = NULL, *old = NULL, *oldlim = NULL;
	size_t i, n = r->o.size < RRL_PROBE ? r->o.size : RRL_PROBE;

	*fresh = 0;
	for (i = 0; i < n; i++) {
		b = &r->b[(key + i) & r->mask];
		if (b->key == key)
			return b;
		if (b->key == 0) {
			if (empty == NULL)
				empty = b;
		} else if (b->flags & RRL_LIMITED) {
			if (oldlim == NULL ||
			    (int32_t)(b->stamp - oldlim->stamp) < 0)
				oldlim = b;
		} else if (old == NULL || (int32_t)(b->stamp - old->stamp) < 0)
			old = b;
	}
	*fresh = 1;
	if (empty != NULL)
		return empty;
	r->st.evicted++;
	if (old == NULL)
		old = oldlim != NULL ? oldlim : &r->b[key & r->mask];
	return old;
}

static void
rrl_event_set(
    struct rrl_event *ev, enum rrl_event_kind kind, const struct rrl_bucket *b)
{
	if (ev == NULL)
		return;
	ev->kind = kind;
	ev->cls = (enum rrl_class)b->cls;
	ev->family = b->v6 ? AF_INET6 : AF_INET;
	ev->prefixlen = b->prefixlen;
	memcpy(ev->addr, b->addr, 16);
}

/* A limited response: start report, debt floor, drop or slip. */
static enum rrl_action
rrl_limited(
    struct rrl *r, struct rrl_bucket *b, uint32_t now, struct rrl_event *ev)
{
	int64_t floor = -(int64_t)r->o.window * r->o.rate;

	if (b->tokens < floor)
		b->tokens = (int32_t)floor;
	if (!(b->flags & RRL_LIMITED)) {
		b->flags |= RRL_LIMITED;
		b->slipcnt = 0;
		if (!(b->flags & RRL_LOGGED) ||
		    now - b->logged >= r->o.log_interval) {
			b->flags |= RRL_REPORTED | RRL_LOGGED;
			b->logged = now;
			rrl_event_set(ev, RRL_EV_START, b);
		}
	}
	if (r->o.slip != 0 && ++b->slipcnt >= r->o.slip) {
		b->slipcnt = 0;
		r->st.slipped++;
		return RRL_SLIP;
	}
	r->st.dropped++;
	return RRL_DROP;
}

enum rrl_action
rrl_check(struct rrl *r, const struct sockaddr *src, enum rrl_class cls,
    const uint8_t *name, uint32_t now, struct rrl_event *ev)
{
	struct rrl_bucket *b;
	uint8_t a[16];
	uint64_t key;
	size_t n;
	int fresh;

	if (ev != NULL)
		ev->kind = RRL_EV_NONE;
	n = rrl_addr(src, a);
	if (r->o.rate == 0 || n == 0 || (unsigned)cls >= RRL_NCLASS ||
	    r->b == NULL) {
		r->st.passed++;
		return RRL_PASS;
	}
	if (rrl_exempt(r, a, n)) {
		r->st.exempt++;
		return RRL_PASS;
	}
	rrl_mask(a, 16, n == 4 ? r->o.v4_prefix : r->o.v6_prefix);
	key = rrl_key(r, a, n, cls, name);
	b = rrl_slot(r, key, &fresh);
	if (fresh) {
		memset(b, 0, sizeof(*b));
		b->key = key;
		b->stamp = now;
		b->tokens = (int32_t)r->o.rate;
		b->cls = (uint8_t)cls;
		b->v6 = n == 16;
		b->prefixlen = n == 4 ? r->o.v4_prefix : r->o.v6_prefix;
		memcpy(b->addr, a, 16);
	}
	rrl_refill(r, b, now);
	b->tokens--;
	if (b->tokens < 0)
		return rrl_limited(r, b, now, ev);
	if (b->flags & RRL_REPORTED)
		rrl_event_set(ev, RRL_EV_STOP, b);
	b->flags &= ~(RRL_LIMITED | RRL_REPORTED);
	r->st.passed++;
	return RRL_PASS;
}

size_t
rrl_sweep(struct rrl *r, uint32_t now, size_t budget, struct rrl_event *ev,
    size_t evmax)
{
	struct rrl_bucket *b;
	size_t n = 0;

	if (r->b == NULL)
		return 0;
	if (budget > r->o.size)
		budget = r->o.size;
	for (; budget > 0 && n < evmax; budget--) {
		b = &r->b[r->cursor];
		r->cursor = (r->cursor + 1) & r->mask;
		if (b->key == 0 || !(b->flags & RRL_REPORTED))
			continue;
		rrl_refill(r, b, now);
		/* The next response would pass: the source went quiet. */
		if (b->tokens >= 1) {
			rrl_event_set(&ev[n++], RRL_EV_STOP, b);
			b->flags &= ~(RRL_LIMITED | RRL_REPORTED);
		}
	}
	return n;
}

enum rrl_class
rrl_class_of(unsigned rcode, int aa, unsigned ancount, unsigned nscount)
{
	if (rcode == 3)
		return RRL_NXDOMAIN;
	if (rcode != 0)
		return RRL_ERROR;
	if (ancount > 0)
		return RRL_ANSWER;
	/* RFC 1034 §4.3.2: a referral is not authoritative, NS in authority. */
	if (!aa && nscount > 0)
		return RRL_REFERRAL;
	return RRL_NODATA;
}

const char *
rrl_class_name(enum rrl_class cls)
{
	static const char *const names[RRL_NCLASS] = {
	    "answer",
	    "NXDOMAIN",
	    "referral",
	    "nodata",
	    "error",
	};

	return (unsigned)cls < RRL_NCLASS ? names[cls] : "unknown";
}

int
rrl_prefix_parse(const char *text, struct rrl_prefix *p)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash, *end;
	uint8_t m[16];
	unsigned long len;
	size_t n;

	memset(p, 0, sizeof(*p));
	if (strlen(text) >= sizeof(buf))
		return RD_ESYNTAX;
	strcpy(buf, text);
	if ((slash = strchr(buf, '/')) != NULL)
		*slash++ = '\0';
	if (inet_pton(AF_INET, buf, p->addr) == 1)
		p->family = AF_INET;
	else if (inet_pton(AF_INET6, buf, p->addr) == 1)
		p->family = AF_INET6;
	else
		return RD_ESYNTAX;
	n = p->family == AF_INET ? 4 : 16;
	len = n * 8;
	if (slash != NULL) {
		if (*slash < '0' || *slash > '9')
			return RD_ESYNTAX;
		len = strtoul(slash, &end, 10);
		if (*end != '\0' || len > n * 8)
			return RD_ESYNTAX;
	}
	p->len = (uint8_t)len;
	memcpy(m, p->addr, 16);
	rrl_mask(m, n, p->len);
	return memcmp(m, p->addr, n) == 0 ? 0 : RD_ESYNTAX;
}

int
rrl_event_format(const struct rrl_event *ev, char *buf, size_t max)
{
	char a[INET6_ADDRSTRLEN];
	int n;

	if (inet_ntop(ev->family, ev->addr, a, sizeof(a)) == NULL)
		strcpy(a, "?");
	n = snprintf(buf, max, "rate limiting %s for %s/%u (%s)",
	    ev->kind == RRL_EV_START ? "started" : "stopped", a,
	    (unsigned)ev->prefixlen, rrl_class_name(ev->cls));
	if (n < 0)
		return 0;
	return (size_t)n < max ? n : (int)(max > 0 ? max - 1 : 0);
}
