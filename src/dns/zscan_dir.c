/*
 * zscan_dir: the directives of zone files: $ORIGIN and $INCLUDE (RFC 1035
 * §5.1), $TTL (RFC 2308 §4) and BIND's $GENERATE, whose records are made
 * one at a time through the same record parser as the rest of the file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "dns/zscan.h"
#include "dns/zscan_int.h"

static int
zs_is(const struct rd_tok *t, const char *lc)
{
	size_t n = strlen(lc);

	return !t->quoted && t->len == n && zs_eq(t->s, lc, n);
}

/* Complain about tokens after the last argument of a directive. */
static int
zs_extra(struct zscan *z, const struct rd_tok *t, size_t n, size_t max)
{
	char b[ZS_SHOWMAX];

	if (n <= max)
		return 0;
	zs_tokerr(z, &t[max], "'%s' after the arguments of %.*s; expected the "
	    "end of the line", SHOW(&t[max], b), (int)t[0].len, t[0].s);
	return -1;
}

/* $ORIGIN name: relative names are completed by the current origin. */
static void
zs_dir_origin(struct zscan *z, struct zs_src *s, const struct rd_tok *t,
    size_t n)
{
	uint8_t o[NAME_MAXLEN];
	struct rd_tok at;
	int r;

	if (n < 2) {
		at = zs_after(t, n, z->eline);
		zs_tokerr(z, &at, "$ORIGIN without a name; expected $ORIGIN "
		    "followed by a domain name");
		return;
	}
	if (zs_extra(z, t, n, 2) < 0)
		return;
	r = t[1].quoted ? RD_ESYNTAX :
	    name_from_text(t[1].s, t[1].len, s->origin, o);
	if (r < 0) {
		zs_name_err(z, &t[1], r, "$ORIGIN");
		return;
	}
	memcpy(s->origin, o, (size_t)r);
	z->ogen++;
}

/* $TTL ttl (RFC 2308 §4). */
static void
zs_dir_ttl(struct zscan *z, const struct rd_tok *t, size_t n)
{
	struct rd_tok at;
	uint32_t ttl;

	if (n < 2) {
		at = zs_after(t, n, z->eline);
		zs_tokerr(z, &at, "$TTL without a value; expected $TTL "
		    "followed by seconds or units like 1h30m");
		return;
	}
	if (zs_extra(z, t, n, 2) < 0 || zs_ttl(z, &t[1], &ttl) < 0)
		return;
	z->dflt_ttl = ttl;
	z->has_dflt = 1;
}

/* Append text to msg[0..max), cut to fit; returns the new length. */
static size_t
zs_cat(char *msg, size_t o, size_t max, const char *text)
{
	size_t n = strlen(text);

	if (o + n >= max)
		n = max - o - 1;
	memcpy(msg + o, text, n);
	msg[o + n] = '\0';
	return o + n;
}

/* Name the chain of files that an $INCLUDE of again would close. */
static void
zs_loop_err(struct zscan *z, struct zs_src *s, const struct rd_tok *t,
    const char *again)
{
	const struct zs_src *chain[64], *p;
	char msg[ZS_MSGMAX / 2];
	size_t n = 0, o = 0, i;

	msg[0] = '\0';
	for (p = s; p != NULL && n < 64; p = p->up)
		chain[n++] = p;
	for (i = n; i > 0; i--) {
		o = zs_cat(msg, o, sizeof(msg), chain[i - 1]->name);
		o = zs_cat(msg, o, sizeof(msg), " -> ");
	}
	zs_cat(msg, o, sizeof(msg), again);
	zs_tokerr(z, t, "$INCLUDE loop %s; expected a file that is not "
	    "already being read", msg);
}

/*
 * $INCLUDE file [origin] (RFC 1035 §5.1): the file is relative to the
 * directory of the including file; the origin given, or the current one,
 * holds for the included file only.
 */
static void
zs_dir_include(struct zscan *z, struct zs_src *s, const struct rd_tok *t,
    size_t n)
{
	char path[4096], b[ZS_SHOWMAX];
	uint8_t o[NAME_MAXLEN];
	struct zs_src *ns, *p;
	struct rd_tok at;
	const char *slash;
	size_t dirlen = 0, i, k;
	int r, e;

	if (!z->o.allow_include) {
		zs_tokerr(z, &t[0], "$INCLUDE is not allowed here; expected a "
		    "zone without $INCLUDE");
		return;
	}
	if (n < 2) {
		at = zs_after(t, n, z->eline);
		zs_tokerr(z, &at, "$INCLUDE without a file name; expected "
		    "$INCLUDE file [origin]");
		return;
	}
	if (zs_extra(z, t, n, 3) < 0)
		return;
	if (n == 3) {
		r = t[2].quoted ? RD_ESYNTAX :
		    name_from_text(t[2].s, t[2].len, s->origin, o);
		if (r < 0) {
			zs_name_err(z, &t[2], r, "$INCLUDE origin");
			return;
		}
	} else
		memcpy(o, s->origin, name_len(s->origin));
	if (t[1].len > 0 && t[1].s[0] != '/' && s->fd >= 0 &&
	    (slash = strrchr(s->name, '/')) != NULL)
		dirlen = (size_t)(slash - s->name) + 1;
	if (dirlen + t[1].len >= sizeof(path)) {
		zs_tokerr(z, &t[1], "file name '%s' is too long; expected at "
		    "most %zu octets", SHOW(&t[1], b), sizeof(path) - 1);
		return;
	}
	memcpy(path, s->name, dirlen);
	/* The file name may hold \X escapes, as any token. */
	for (i = 0, k = dirlen; i < t[1].len; i++) {
		if (t[1].s[i] == '\\' && i + 1 < t[1].len)
			i++;
		if (t[1].s[i] == '\0') {
			zs_tokerr(z, &t[1], "file name holds a NUL octet; "
			    "expected a file name");
			return;
		}
		path[k++] = t[1].s[i];
	}
	path[k] = '\0';
	if (s->depth >= z->o.include_depth) {
		zs_tokerr(z, &t[0], "$INCLUDE nested more than %u deep; "
		    "expected at most %u levels", z->o.include_depth,
		    z->o.include_depth);
		return;
	}
	if ((ns = zs_src_file(z, path, &e)) == NULL) {
		zs_tokerr(z, &t[1], "cannot open '%s': %s; expected a "
		    "readable zone file", path,
		    e ? strerror(e) : "out of memory");
		return;
	}
	for (p = s; p != NULL; p = p->up) {
		if (p->fd >= 0 && p->dev == ns->dev && p->ino == ns->ino) {
			zs_loop_err(z, s, &t[1], path);
			zs_src_free(ns);
			return;
		}
	}
	ns->up = s;
	ns->depth = s->depth + 1;
	memcpy(ns->origin, o, name_len(o));
	z->src = ns;
	z->ogen++;
}

/* $GENERATE range: start-stop[/step], start <= stop, all below 2^31. */
static int
zs_range(const struct rd_tok *t, int64_t *start, int64_t *stop,
    int64_t *step)
{
	const char *s = t->s, *e = s + t->len;
	int64_t v[3] = { 0, 0, 1 };
	int i, d;

	if (t->quoted)
		return -1;
	for (i = 0; i < 3; i++) {
		v[i] = 0;
		for (d = 0; s < e && *s >= '0' && *s <= '9'; d++) {
			v[i] = v[i] * 10 + (*s++ - '0');
			if (v[i] > INT32_MAX)
				return -1;
		}
		if (d == 0)
			return -1;
		if (s == e)
			break;
		if ((i == 0 && *s != '-') || (i == 1 && *s != '/') || i == 2)
			return -1;
		s++;
	}
	if (i == 0 || v[0] > v[1] || v[2] == 0)
		return -1;
	*start = v[0];
	*stop = v[1];
	*step = v[2];
	return 0;
}

/*
 * Nibble form of BIND's $GENERATE (bases n and N): hex digits from the
 * least significant, separated by dots, until the value is used up and
 * at least width characters are written.
 */
static size_t
zs_nibbles(uint32_t v, unsigned width, int upper, char *out, size_t max)
{
	const char *hex = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	size_t o = 0;

	for (;;) {
		if (o < max)
			out[o] = hex[v & 15];
		o++;
		v >>= 4;
		if (v == 0 && o >= width)
			break;
		if (o < max)
			out[o] = '.';
		o++;
	}
	return o;
}

/*
 * Expand a $GENERATE template for value v: $ is the value, ${offset[,width
 * [,base]]} the value plus offset, zero-padded to width, in base d, o, x,
 * X, n or N; $$ is a literal $ and \X is copied as it stands. Returns the
 * length, -1 for a bad modifier, -2 when out is too small.
 */
static long
zs_expand(const char *tpl, size_t len, int64_t v, char *out, size_t max)
{
	int64_t off, val;
	unsigned width;
	size_t i, o = 0, m;
	char base, num[400];
	int neg, d;

	for (i = 0; i < len; i++) {
		if (tpl[i] == '\\' && i + 1 < len) {
			if (o + 2 > max)
				return -2;
			out[o++] = tpl[i++];
			out[o++] = tpl[i];
			continue;
		}
		if (tpl[i] != '$') {
			if (o + 1 > max)
				return -2;
			out[o++] = tpl[i];
			continue;
		}
		if (i + 1 < len && tpl[i + 1] == '$') {
			if (o + 1 > max)
				return -2;
			out[o++] = '$';
			i++;
			continue;
		}
		off = 0;
		width = 0;
		base = 'd';
		if (i + 1 < len && tpl[i + 1] == '{') {
			i += 2;
			neg = i < len && (tpl[i] == '-' || tpl[i] == '+') ?
			    tpl[i++] == '-' : 0;
			for (d = 0; i < len && tpl[i] >= '0' && tpl[i] <= '9';
			    d++, i++)
				if ((off = off * 10 + (tpl[i] - '0')) >
				    INT32_MAX)
					return -1;
			if (d == 0)
				return -1;
			if (neg)
				off = -off;
			if (i < len && tpl[i] == ',') {
				i++;
				for (d = 0; i < len && tpl[i] >= '0' &&
				    tpl[i] <= '9'; d++, i++)
					if ((width = width * 10 +
					    (unsigned)(tpl[i] - '0')) > 255)
						return -1;
				if (d == 0)
					return -1;
				if (i < len && tpl[i] == ',') {
					i++;
					if (i >= len ||
					    strchr("doxXnN", tpl[i]) == NULL ||
					    tpl[i] == '\0')
						return -1;
					base = tpl[i++];
				}
			}
			if (i >= len || tpl[i] != '}')
				return -1;
		}
		val = v + off;
		switch (base) {
		case 'd':
			m = (size_t)snprintf(num, sizeof(num), "%0*lld",
			    (int)width, (long long)val);
			break;
		case 'o':
			m = (size_t)snprintf(num, sizeof(num), "%0*o",
			    (int)width, (unsigned)(uint32_t)val);
			break;
		case 'x':
			m = (size_t)snprintf(num, sizeof(num), "%0*x",
			    (int)width, (unsigned)(uint32_t)val);
			break;
		case 'X':
			m = (size_t)snprintf(num, sizeof(num), "%0*X",
			    (int)width, (unsigned)(uint32_t)val);
			break;
		default:
			m = zs_nibbles((uint32_t)val, width, base == 'N', num,
			    sizeof(num));
			break;
		}
		if (m >= sizeof(num) || o + m > max)
			return -2;
		memcpy(out + o, num, m);
		o += m;
	}
	return (long)o;
}

/* Check one template by expanding it for v; report a bad modifier. */
static int
zs_check_tpl(struct zscan *z, const struct rd_tok *t, int64_t v)
{
	char b[ZS_SHOWMAX];

	if (zs_expand(t->s, t->len, v, z->genbuf, ZS_GENMAX) == -1) {
		zs_tokerr(z, t, "'%s' has a bad $ modifier; expected $, $$ or "
		    "${offset[,width[,base]]} with base d, o, x, X, n or N",
		    SHOW(t, b));
		return -1;
	}
	return 0;
}

/*
 * $GENERATE start-stop[/step] owner [ttl] [class] type rdata (BIND): the
 * records are made one per zscan_next() call from a copy of the line.
 */
static void
zs_dir_generate(struct zscan *z, struct zs_src *s, const struct rd_tok *t,
    size_t n)
{
	struct zs_gen *g = &z->gen;
	int64_t start, stop, step, count;
	char b[ZS_SHOWMAX];
	struct rd_tok at;
	uint16_t rclass;
	size_t i, j, len, o;

	if (n < 5) {
		at = zs_after(t, n, z->eline);
		zs_tokerr(z, &at, "$GENERATE incomplete; expected $GENERATE "
		    "start-stop[/step] owner [ttl] [class] type rdata");
		return;
	}
	if (zs_range(&t[1], &start, &stop, &step) < 0) {
		zs_tokerr(z, &t[1], "'%s' is not a valid range; expected "
		    "start-stop or start-stop/step with start <= stop", SHOW(&t[1],
		    b));
		return;
	}
	count = (stop - start) / step + 1;
	if (count > (int64_t)z->o.generate_max) {
		zs_tokerr(z, &t[1], "'%s' would make %lld records; expected at "
		    "most %u in one $GENERATE", SHOW(&t[1], b),
		    (long long)count, z->o.generate_max);
		return;
	}
	/* The tokens after the owner: up to two of TTL and class, a type. */
	for (i = 3; i < 5 && i < n - 1; i++) {
		if (!t[i].quoted && t[i].len > 0 &&
		    ((t[i].s[0] >= '0' && t[i].s[0] <= '9') ||
		    zs_class(&t[i], &rclass)))
			continue;
		break;
	}
	if (i >= n - 1) {
		at = zs_after(t, n, z->eline);
		zs_tokerr(z, &at, "$GENERATE without rdata; expected $GENERATE "
		    "start-stop[/step] owner [ttl] [class] type rdata");
		return;
	}
	if (z->genbuf == NULL && (z->genbuf = malloc(ZS_GENMAX + 1)) == NULL) {
		zs_tokerr(z, &t[0], "out of memory; expected more memory");
		return;
	}
	if (zs_check_tpl(z, &t[2], start) < 0)
		return;
	for (j = i + 1; j < n; j++)
		if (zs_check_tpl(z, &t[j], start) < 0)
			return;
	/* Keep the templates: owner, NUL, then the rest joined by blanks. */
	for (len = t[2].len + 1, j = 3; j < n; j++)
		len += t[j].len + 1;
	free(g->tpl);
	if ((g->tpl = malloc(len + 1)) == NULL) {
		zs_tokerr(z, &t[0], "out of memory; expected more memory");
		return;
	}
	memcpy(g->tpl, t[2].s, t[2].len);
	g->tpl[t[2].len] = '\0';
	o = t[2].len + 1;
	for (j = 3; j < n; j++) {
		memcpy(g->tpl + o, t[j].s, t[j].len);
		o += t[j].len;
		g->tpl[o++] = ' ';
	}
	g->lhslen = t[2].len;
	g->restlen = o - t[2].len - 1;
	g->ntpl = i - 3 + 1;
	g->cur = start;
	g->stop = stop;
	g->step = step;
	g->line = t[0].line;
	g->lhscol = t[2].col;
	g->rhscol = t[i + 1].col;
	for (j = 0; j < g->ntpl; j++)
		g->midcol[j] = t[3 + j].col;
	g->saved_state = s->owner_state;
	memcpy(g->saved_owner, s->owner, NAME_MAXLEN);
	g->active = 1;
}

static void
zs_gen_end(struct zscan *z, struct zs_src *s)
{
	z->gen.active = 0;
	s->owner_state = z->gen.saved_state;
	memcpy(s->owner, z->gen.saved_owner, NAME_MAXLEN);
	z->ogen++;
}

/*
 * The next record of the $GENERATE in progress. Returns 1 with rr filled,
 * 0 when it ended or failed (a failed record ends it, as the rest would
 * most likely fail the same way).
 */
int
zs_gen_next(struct zscan *z, struct zscan_rr *rr)
{
	struct zs_gen *g = &z->gen;
	struct zs_src *s = z->src, gs;
	long a, b = 0;
	size_t j;
	int r;

	if (g->cur > g->stop) {
		zs_gen_end(z, s);
		return 0;
	}
	a = zs_expand(g->tpl, g->lhslen, g->cur, z->genbuf, ZS_GENMAX - 1);
	if (a >= 0) {
		z->genbuf[a++] = ' ';
		b = zs_expand(g->tpl + g->lhslen + 1, g->restlen, g->cur,
		    z->genbuf + a, (size_t)(ZS_GENMAX - a));
	}
	if (a < 0 || b < 0) {
		zs_err(z, g->line, g->lhscol, "$GENERATE line longer than %d "
		    "octets once expanded; expected a shorter template",
		    ZS_GENMAX);
		zs_gen_end(z, s);
		return 0;
	}
	for (j = 0; j < (size_t)(a + b); j++)
		if (z->genbuf[j] == '\n')
			z->genbuf[j] = ' ';
	g->cur += g->step;
	memset(&gs, 0, sizeof(gs));
	gs.buf = z->genbuf;
	gs.fill = (size_t)(a + b);
	gs.buf[gs.fill] = '\0';
	gs.eof = 1;
	gs.line = g->line;
	r = zs_cut(z, &gs);
	if (r != ENT_OK || z->ntok == 0) {
		zs_gen_end(z, s);
		return 0;
	}
	for (j = 0; j < z->ntok; j++) {
		z->tok[j].line = g->line;
		if (j == 0)
			z->tok[j].col = g->lhscol;
		else if (j <= g->ntpl)
			z->tok[j].col = g->midcol[j - 1];
		else
			z->tok[j].col = g->rhscol;
	}
	r = zs_record(z, s, z->tok, z->ntok, 1, rr);
	if (r == 0)
		zs_gen_end(z, s);
	return r;
}

void
zs_directive(struct zscan *z, struct zs_src *s, const struct rd_tok *t,
    size_t n)
{
	char b[ZS_SHOWMAX];

	if (zs_is(&t[0], "$origin"))
		zs_dir_origin(z, s, t, n);
	else if (zs_is(&t[0], "$ttl"))
		zs_dir_ttl(z, t, n);
	else if (zs_is(&t[0], "$include"))
		zs_dir_include(z, s, t, n);
	else if (zs_is(&t[0], "$generate"))
		zs_dir_generate(z, s, t, n);
	else
		zs_tokerr(z, &t[0], "'%s' is not a known directive; expected "
		    "$ORIGIN, $TTL, $INCLUDE or $GENERATE", SHOW(&t[0], b));
}
