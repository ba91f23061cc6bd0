/*
 * acl: rules by source prefix and TSIG key, and the update policy by name
 * and type. The grammar and the matching order are described in acl.h.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dns/acl.h"
#include "dns/err.h"
#include "dns/name.h"
#include "dns/rrtype.h"
#include "dns/tsig.h"

#define ACL_FAM_ANY 0
#define ACL_FAM_NONE (-1)

/* Which requests a rule's key word matches. */
enum acl_keymode {
	ACL_K_EITHER = 0, /* no key word: signed or not */
	ACL_K_NONE,	  /* NOKEY */
	ACL_K_ANY,	  /* ANYKEY */
	ACL_K_NAMED,	  /* KEYNAME */
	ACL_K_BLOCKED,	  /* BLOCKED */
};

/* A name pattern: "*" labels match any one label. */
struct acl_pattern {
	uint8_t name[NAME_MAXLEN]; /* wire, lower-cased */
	uint8_t sub;		   /* 1: the name and below (subdomain=) */
};

struct acl_rule {
	int family; /* ACL_FAM_ANY, ACL_FAM_NONE, AF_INET, AF_INET6 */
	uint8_t addr[16];
	unsigned plen;
	enum acl_keymode km;
	uint8_t key[NAME_MAXLEN]; /* ACL_K_NAMED: wire, lower-cased */
	struct acl_pattern *pats; /* none: every name */
	size_t npats;
	uint16_t *types; /* none: every type */
	size_t ntypes;
	char *where; /* for reasons, or NULL */
};

/* A request's source, reduced to family and address octets. */
struct acl_src {
	int family; /* AF_INET, AF_INET6 or 0 (other) */
	uint8_t addr[16];
};

static void acl_fmt(char *, size_t, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static void
acl_fmt(char *buf, size_t max, const char *fmt, ...)
{
	va_list ap;

	if (buf == NULL || max == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, max, fmt, ap);
	va_end(ap);
}

void
acl_init(struct acl *a)
{
	memset(a, 0, sizeof(*a));
}

static void
acl_rule_free(struct acl_rule *r)
{
	free(r->pats);
	free(r->types);
	free(r->where);
	memset(r, 0, sizeof(*r));
}

void
acl_free(struct acl *a)
{
	size_t i;

	for (i = 0; i < a->nrules; i++)
		acl_rule_free(&a->rules[i]);
	free(a->rules);
	memset(a, 0, sizeof(*a));
}

size_t
acl_count(const struct acl *a)
{
	return a->nrules;
}

/* Parse "ADDRESS[/LENGTH]", "any" or "none" into r. */
static int
acl_parse_source(struct acl_rule *r, const char *tok, char *err, size_t errmax)
{
	char addr[INET6_ADDRSTRLEN + 1];
	const char *slash, *p;
	unsigned max, len, i;
	size_t alen;

	if (strcasecmp(tok, "any") == 0) {
		r->family = ACL_FAM_ANY;
		return 0;
	}
	if (strcasecmp(tok, "none") == 0) {
		r->family = ACL_FAM_NONE;
		return 0;
	}
	slash = strchr(tok, '/');
	alen = slash != NULL ? (size_t)(slash - tok) : strlen(tok);
	if (alen == 0 || alen >= sizeof(addr))
		goto bad;
	memcpy(addr, tok, alen);
	addr[alen] = '\0';
	if (inet_pton(AF_INET, addr, r->addr) == 1) {
		r->family = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, addr, r->addr) == 1) {
		r->family = AF_INET6;
		max = 128;
	} else
		goto bad;
	len = max;
	if (slash != NULL) {
		p = slash + 1;
		if (*p == '\0' || strlen(p) > 3)
			goto badlen;
		for (len = 0; *p != '\0'; p++) {
			if (!isdigit((unsigned char)*p))
				goto badlen;
			len = len * 10 + (unsigned)(*p - '0');
		}
		if (len > max) {
			acl_fmt(err, errmax,
			    "prefix length %u is over %u in "
			    "\"%s\"; an %s prefix is 0 to %u bits",
			    len, max, tok, max == 32 ? "IPv4" : "IPv6", max);
			return RD_ESYNTAX;
		}
	}
	r->plen = len;
	/* Bits after the prefix must be 0: 192.0.2.1/24 is a typing slip. */
	for (i = len; i < max; i++) {
		if (r->addr[i / 8] & (0x80 >> (i % 8))) {
			acl_fmt(err, errmax,
			    "\"%s\" has bits set after the "
			    "prefix; write the network address",
			    tok);
			return RD_ESYNTAX;
		}
	}
	return 0;
bad:
	acl_fmt(err, errmax,
	    "bad source \"%s\"; write any, none, an IPv4 or "
	    "IPv6 address, or ADDRESS/LENGTH",
	    tok);
	return RD_ESYNTAX;
badlen:
	acl_fmt(err, errmax,
	    "bad prefix length in \"%s\"; write "
	    "ADDRESS/LENGTH with a decimal length",
	    tok);
	return RD_ESYNTAX;
}

/* Parse the key word: NOKEY, ANYKEY, BLOCKED or a key name. */
static int
acl_parse_key(struct acl_rule *r, const char *tok, const struct tsig_keyset *ks,
    char *err, size_t errmax)
{
	static const uint8_t root[1] = {0};
	int n;

	if (strcasecmp(tok, "NOKEY") == 0)
		r->km = ACL_K_NONE;
	else if (strcasecmp(tok, "ANYKEY") == 0)
		r->km = ACL_K_ANY;
	else if (strcasecmp(tok, "BLOCKED") == 0)
		r->km = ACL_K_BLOCKED;
	else {
		n = name_from_text(tok, strlen(tok), root, r->key);
		if (n < 0) {
			acl_fmt(err, errmax,
			    "bad key name \"%s\"; write "
			    "NOKEY, ANYKEY, BLOCKED or the name of a key",
			    tok);
			return RD_ESYNTAX;
		}
		name_tolower(r->key);
		if (ks != NULL && tsig_keyset_find(ks, r->key) == NULL) {
			acl_fmt(err, errmax,
			    "key \"%s\" is not defined; "
			    "define it in a key: block first",
			    tok);
			return RD_ENOTFOUND;
		}
		r->km = ACL_K_NAMED;
	}
	return 0;
}

/* Append the comma-separated name patterns of val to r. */
static int
acl_parse_names(
    struct acl_rule *r, const char *val, int sub, char *err, size_t errmax)
{
	static const uint8_t root[1] = {0};
	struct acl_pattern *np;
	const char *p, *comma;
	size_t len;
	int n;

	for (p = val;; p = comma + 1) {
		comma = strchr(p, ',');
		len = comma != NULL ? (size_t)(comma - p) : strlen(p);
		np = realloc(r->pats, (r->npats + 1) * sizeof(*np));
		if (np == NULL)
			return RD_ENOMEM;
		r->pats = np;
		np = &r->pats[r->npats];
		n = len > 0 ? name_from_text(p, len, root, np->name) : -1;
		if (n < 0) {
			acl_fmt(err, errmax,
			    "bad name \"%.*s\" in \"%s\"; "
			    "write domain names separated by commas, * for "
			    "any one label",
			    (int)len, p, val);
			return RD_ESYNTAX;
		}
		name_tolower(np->name);
		np->sub = (uint8_t)sub;
		r->npats++;
		if (comma == NULL)
			return 0;
	}
}

/* Append the comma-separated types of val to r; ANY means every type. */
static int
acl_parse_types(
    struct acl_rule *r, const char *val, int *anytype, char *err, size_t errmax)
{
	const char *p, *comma;
	uint16_t *nt, type;
	size_t len;

	for (p = val;; p = comma + 1) {
		comma = strchr(p, ',');
		len = comma != NULL ? (size_t)(comma - p) : strlen(p);
		if (len == 0 || rrtype_from_text(p, len, &type) != 0) {
			acl_fmt(err, errmax,
			    "bad type \"%.*s\" in \"%s\"; "
			    "write types such as TXT,A separated by commas, "
			    "or ANY",
			    (int)len, p, val);
			return RD_ESYNTAX;
		}
		if (type == RRTYPE_ANY)
			*anytype = 1;
		else if (rrtype_get(type)->flags & RRT_META) {
			acl_fmt(err, errmax,
			    "type \"%.*s\" cannot be in a "
			    "zone; name types of records",
			    (int)len, p);
			return RD_ESYNTAX;
		} else {
			nt = realloc(r->types, (r->ntypes + 1) * sizeof(*nt));
			if (nt == NULL)
				return RD_ENOMEM;
			r->types = nt;
			r->types[r->ntypes++] = type;
		}
		if (comma == NULL)
			return 0;
	}
}

/* Parse one name=, subdomain= or types= option. */
static int
acl_parse_option(struct acl_rule *r, const char *tok, unsigned flags,
    int *anytype, char *err, size_t errmax)
{
	const char *eq;
	size_t klen;

	eq = strchr(tok, '=');
	klen = eq != NULL ? (size_t)(eq - tok) : 0;
	if (eq == NULL ||
	    (!(klen == 4 && strncasecmp(tok, "name", 4) == 0) &&
		!(klen == 9 && strncasecmp(tok, "subdomain", 9) == 0) &&
		!(klen == 5 && strncasecmp(tok, "types", 5) == 0))) {
		acl_fmt(err, errmax,
		    "unexpected \"%s\"; after the source and "
		    "the key come name=, subdomain= or types=",
		    tok);
		return RD_ESYNTAX;
	}
	if (!(flags & ACL_UPDATE)) {
		acl_fmt(err, errmax,
		    "\"%s\": names and types are for "
		    "allow-update rules only; remove it",
		    tok);
		return RD_ESYNTAX;
	}
	if (r->km == ACL_K_BLOCKED) {
		acl_fmt(err, errmax,
		    "\"%s\" after BLOCKED; a blocked source "
		    "may change nothing, remove it",
		    tok);
		return RD_ESYNTAX;
	}
	if (klen == 5)
		return acl_parse_types(r, eq + 1, anytype, err, errmax);
	return acl_parse_names(r, eq + 1, klen == 9, err, errmax);
}

/* Split text at blanks into at most max NUL-terminated words in buf. */
static size_t
acl_split(char *buf, char **words, size_t max)
{
	size_t n;
	char *p;

	n = 0;
	p = buf;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || n == max)
			return *p == '\0' ? n : max + 1;
		words[n++] = p;
		while (*p != '\0' && *p != ' ' && *p != '\t')
			p++;
		if (*p != '\0')
			*p++ = '\0';
	}
}

#define ACL_MAXWORDS 32

/* Parse text into r; on error r may hold allocations (acl_rule_free). */
static int
acl_parse(struct acl_rule *r, char *buf, unsigned flags,
    const struct tsig_keyset *ks, char *err, size_t errmax)
{
	char *w[ACL_MAXWORDS];
	size_t n, i;
	int rc, anytype;

	n = acl_split(buf, w, ACL_MAXWORDS);
	if (n == 0) {
		acl_fmt(err, errmax,
		    "empty rule; write a source such as "
		    "192.0.2.0/24 or any, then a key");
		return RD_ESYNTAX;
	}
	if (n > ACL_MAXWORDS) {
		acl_fmt(err, errmax,
		    "more than %d words in one rule; split "
		    "it in several lines",
		    ACL_MAXWORDS);
		return RD_ESYNTAX;
	}
	rc = acl_parse_source(r, w[0], err, errmax);
	i = 1;
	if (rc == 0 && i < n && strchr(w[i], '=') == NULL)
		rc = acl_parse_key(r, w[i++], ks, err, errmax);
	anytype = 0;
	for (; rc == 0 && i < n; i++)
		rc = acl_parse_option(r, w[i], flags, &anytype, err, errmax);
	if (rc == 0 && anytype) {
		/* types=ANY covers every type, whatever else is listed. */
		free(r->types);
		r->types = NULL;
		r->ntypes = 0;
	}
	return rc;
}

int
acl_add(struct acl *a, const char *text, unsigned flags,
    const struct tsig_keyset *ks, const char *where, char *err, size_t errmax)
{
	struct acl_rule r, *nr;
	size_t ncap;
	char *buf;
	int rc;

	memset(&r, 0, sizeof(r));
	buf = strdup(text);
	if (buf == NULL)
		return RD_ENOMEM;
	rc = acl_parse(&r, buf, flags, ks, err, errmax);
	free(buf);
	if (rc == 0 && where != NULL && (r.where = strdup(where)) == NULL)
		rc = RD_ENOMEM;
	if (rc == 0 && a->nrules == a->cap) {
		ncap = a->cap ? a->cap * 2 : 4;
		nr = realloc(a->rules, ncap * sizeof(*nr));
		if (nr == NULL)
			rc = RD_ENOMEM;
		else {
			a->rules = nr;
			a->cap = ncap;
		}
	}
	if (rc != 0) {
		acl_rule_free(&r);
		return rc;
	}
	a->rules[a->nrules++] = r;
	return 0;
}

/* Reduce a sockaddr to family and octets; IPv4-mapped IPv6 is IPv4. */
static void
acl_get_src(const struct sockaddr *sa, struct acl_src *s)
{
	const struct sockaddr_in *sin;
	const struct sockaddr_in6 *sin6;

	memset(s, 0, sizeof(*s));
	if (sa == NULL)
		return;
	if (sa->sa_family == AF_INET) {
		sin = (const struct sockaddr_in *)(const void *)sa;
		s->family = AF_INET;
		memcpy(s->addr, &sin->sin_addr, 4);
	} else if (sa->sa_family == AF_INET6) {
		sin6 = (const struct sockaddr_in6 *)(const void *)sa;
		if (IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr)) {
			s->family = AF_INET;
			memcpy(s->addr, &sin6->sin6_addr.s6_addr[12], 4);
		} else {
			s->family = AF_INET6;
			memcpy(s->addr, &sin6->sin6_addr, 16);
		}
	}
}

/* 1 when the request's source lies in the rule's prefix. */
static int
acl_match_addr(const struct acl_rule *r, const struct acl_src *s)
{
	unsigned full, rest;
	uint8_t mask;

	if (r->family == ACL_FAM_ANY)
		return 1;
	if (r->family == ACL_FAM_NONE || r->family != s->family)
		return 0;
	full = r->plen / 8;
	rest = r->plen % 8;
	if (memcmp(r->addr, s->addr, full) != 0)
		return 0;
	if (rest == 0)
		return 1;
	mask = (uint8_t)(0xff << (8 - rest));
	return (r->addr[full] & mask) == (s->addr[full] & mask);
}

/* 1 when the request's key (NULL: unsigned) fits the rule's key word. */
static int
acl_match_key(const struct acl_rule *r, const uint8_t *keyname)
{
	switch (r->km) {
	case ACL_K_EITHER:
	case ACL_K_BLOCKED:
		return 1;
	case ACL_K_NONE:
		return keyname == NULL;
	case ACL_K_ANY:
		return keyname != NULL;
	case ACL_K_NAMED:
		return keyname != NULL && name_equal(keyname, r->key);
	}
	return 0;
}

/* Offsets of the labels of name, left to right; returns their number. */
static int
acl_labels(const uint8_t *name, const uint8_t *lab[NAME_MAXLABELS])
{
	int n;

	for (n = 0; *name != 0 && n < NAME_MAXLABELS; n++) {
		lab[n] = name;
		name += 1 + *name;
	}
	return n;
}

/* One pattern label against one name label: "*" matches any label. */
static int
acl_label_match(const uint8_t *p, const uint8_t *l)
{
	uint8_t i;

	if (p[0] == 1 && p[1] == '*')
		return 1;
	if (p[0] != l[0])
		return 0;
	for (i = 1; i <= p[0]; i++) {
		if (tolower(p[i]) != tolower(l[i]))
			return 0;
	}
	return 1;
}

/* 1 when name matches the pattern (exactly, or at or below for sub). */
static int
acl_match_pattern(const struct acl_pattern *pat, const uint8_t *name)
{
	const uint8_t *pl[NAME_MAXLABELS], *nl[NAME_MAXLABELS];
	int np, nn, i;

	np = acl_labels(pat->name, pl);
	nn = acl_labels(name, nl);
	if (nn < np || (!pat->sub && nn != np))
		return 0;
	/* Compare from the right: the pattern's last label to the name's. */
	for (i = 1; i <= np; i++) {
		if (!acl_label_match(pl[np - i], nl[nn - i]))
			return 0;
	}
	return 1;
}

/* 1 when the rule covers the RRs of type at name. */
static int
acl_covers(const struct acl_rule *r, const uint8_t *name, uint16_t type)
{
	size_t i;
	int ok;

	ok = r->npats == 0;
	for (i = 0; !ok && i < r->npats; i++)
		ok = acl_match_pattern(&r->pats[i], name);
	if (!ok)
		return 0;
	if (r->ntypes == 0)
		return 1;
	/* Deleting all RRsets (type ANY) needs a rule for every type. */
	for (i = 0; i < r->ntypes; i++) {
		if (r->types[i] == type)
			return 1;
	}
	return 0;
}

/* The rule's name for reasons: its where, else "rule N". */
static const char *
acl_where(const struct acl *a, const struct acl_rule *r, char *buf, size_t max)
{
	if (r->where != NULL)
		return r->where;
	snprintf(buf, max, "rule %zu", (size_t)(r - a->rules) + 1);
	return buf;
}

/* Text of the source address for reasons. */
static void
acl_src_text(const struct acl_src *s, char *buf, size_t max)
{
	if (s->family == 0 ||
	    inet_ntop(s->family, s->addr, buf, (socklen_t)max) == NULL)
		snprintf(buf, max, "an unknown address");
}

/* Text of a key name for reasons, without the final dot. */
static void
acl_key_text(const uint8_t *keyname, char *buf, size_t max)
{
	int n;

	n = name_to_text(keyname, buf, max);
	if (n > 1 && buf[n - 1] == '.')
		buf[n - 1] = '\0';
	else if (n < 0)
		snprintf(buf, max, "(unprintable)");
}

/* "key K" or "unsigned requests" (kind: "requests", "updates"). */
static void
acl_who(const uint8_t *keyname, const char *kind, char *buf, size_t max)
{
	char key[NAME_MAXTEXT];

	if (keyname == NULL) {
		snprintf(buf, max, "unsigned %s", kind);
		return;
	}
	acl_key_text(keyname, key, sizeof(key));
	snprintf(buf, max, "key %s", key);
}

int
acl_check(const struct acl *a, const struct sockaddr *src,
    const uint8_t *keyname, char *why, size_t whymax)
{
	const struct acl_rule *r;
	struct acl_src s;
	char addr[INET6_ADDRSTRLEN], who[NAME_MAXTEXT + 8], wb[32];
	size_t i;

	acl_get_src(src, &s);
	acl_src_text(&s, addr, sizeof(addr));
	for (i = 0; i < a->nrules; i++) {
		r = &a->rules[i];
		if (!acl_match_addr(r, &s) || !acl_match_key(r, keyname))
			continue;
		if (r->km == ACL_K_BLOCKED) {
			acl_fmt(why, whymax, "%s is blocked by %s", addr,
			    acl_where(a, r, wb, sizeof(wb)));
			return 0;
		}
		acl_fmt(why, whymax, "allowed by %s",
		    acl_where(a, r, wb, sizeof(wb)));
		return 1;
	}
	acl_who(keyname, "requests", who, sizeof(who));
	acl_fmt(why, whymax, "no rule allows %s from %s", who, addr);
	return 0;
}

int
acl_update_allowed(const struct acl *a, const struct sockaddr *src,
    const uint8_t *keyname, const uint8_t *name, uint16_t type, char *why,
    size_t whymax)
{
	const struct acl_rule *r;
	struct acl_src s;
	char addr[INET6_ADDRSTRLEN], who[NAME_MAXTEXT + 64], wb[32];
	char nm[NAME_MAXTEXT], tt[16];
	size_t i;
	int matched;

	acl_get_src(src, &s);
	acl_src_text(&s, addr, sizeof(addr));
	matched = 0;
	for (i = 0; i < a->nrules; i++) {
		r = &a->rules[i];
		if (!acl_match_addr(r, &s) || !acl_match_key(r, keyname))
			continue;
		if (r->km == ACL_K_BLOCKED) {
			acl_fmt(why, whymax, "%s is blocked by %s", addr,
			    acl_where(a, r, wb, sizeof(wb)));
			return 0;
		}
		matched = 1;
		if (acl_covers(r, name, type)) {
			acl_fmt(why, whymax, "allowed by %s",
			    acl_where(a, r, wb, sizeof(wb)));
			return 1;
		}
	}
	if (!matched) {
		acl_who(keyname, "updates", who, sizeof(who));
		acl_fmt(why, whymax, "no rule allows %s from %s", who, addr);
		return 0;
	}
	if (keyname != NULL)
		acl_who(keyname, "updates", who, sizeof(who));
	else
		snprintf(who, sizeof(who), "unsigned updates from %s", addr);
	if (name_to_text(name, nm, sizeof(nm)) < 0)
		snprintf(nm, sizeof(nm), "(unprintable)");
	if (type == RRTYPE_ANY) {
		acl_fmt(
		    why, whymax, "%s may not delete all RRsets at %s", who, nm);
		return 0;
	}
	if (rrtype_to_text(type, tt, sizeof(tt)) < 0)
		snprintf(tt, sizeof(tt), "TYPE%u", (unsigned)type);
	acl_fmt(why, whymax, "%s may not change %s at %s", who, tt, nm);
	return 0;
}
