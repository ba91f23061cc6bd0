/*
 * zscan: the zone-file scanner (RFC 1035 §5 master files, with $TTL from
 * RFC 2308 §4, BIND's $GENERATE, RFC 3597 generic types and gzip input).
 *
 * The input is read in large blocks into one buffer and cut into tokens in
 * place: a token is a pointer and a length into the buffer, with escapes left
 * for name_from_text() and rdata_from_text(), so no token is ever copied or
 * allocated. The scanner works one entry at a time (one line, or several
 * joined by parentheses). When an entry runs past the end of the buffer, the
 * unread tail is moved to the front, more is read, and the entry is cut
 * again from its start; an entry is therefore always whole in memory.
 *
 * The buffer always ends with a NUL sentinel, so the inner loops test one
 * table lookup per byte and compare the pointer with the end only when they
 * meet a NUL; text is not wire data, and this pointer walk is the bounded
 * cursor of the scanner.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "dns/wire.h"
#include "dns/zscan.h"
#include "dns/zscan_int.h"

/* Byte classes of the tokeniser. */
enum {
	C_WORD = 0,	/* part of a word */
	C_SPACE,	/* blank, tab, carriage return */
	C_NL,		/* end of line */
	C_OPEN,		/* ( */
	C_CLOSE,	/* ) */
	C_SEMI,		/* ; comment */
	C_QUOTE,	/* " */
	C_ESC,		/* \ */
	C_NUL,		/* NUL: the sentinel at the end, or a stray NUL */
};

static const uint8_t zs_cls[256] = {
	[0] = C_NUL, [' '] = C_SPACE, ['\t'] = C_SPACE, ['\r'] = C_SPACE,
	['\n'] = C_NL, ['('] = C_OPEN, [')'] = C_CLOSE, [';'] = C_SEMI,
	['"'] = C_QUOTE, ['\\'] = C_ESC,
};

/* Diagnostics. */

static void __attribute__((format(printf, 6, 0)))
zs_vmsg(struct zscan *z, enum rd_sev sev, const char *file, unsigned line,
    unsigned col, const char *fmt, va_list ap)
{
	char msg[ZS_MSGMAX];

	if (sev == RD_SEV_ERROR)
		z->errors++;
	else if (sev == RD_SEV_WARNING)
		z->warnings++;
	if (z->cb == NULL)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	z->cb(z->ctx, sev, file, line, col, msg);
}

void
zs_err(struct zscan *z, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	zs_vmsg(z, RD_SEV_ERROR, z->src ? z->src->name : NULL, line, col, fmt,
	    ap);
	va_end(ap);
}

void
zs_warn(struct zscan *z, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	zs_vmsg(z, RD_SEV_WARNING, z->src ? z->src->name : NULL, line, col,
	    fmt, ap);
	va_end(ap);
}

void
zs_tokerr(struct zscan *z, const struct rd_tok *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	zs_vmsg(z, RD_SEV_ERROR, z->src ? z->src->name : NULL, t->line, t->col,
	    fmt, ap);
	va_end(ap);
}

/*
 * A token for a message: at most 40 octets, non-printable octets as \DDD,
 * "..." when cut. Returns buf.
 */
const char *
zs_show(const char *s, size_t len, char *buf, size_t max)
{
	size_t i, o = 0;
	unsigned char c;

	for (i = 0; i < len && o + 8 < max; i++) {
		if (i == 40) {
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		c = (unsigned char)s[i];
		if (c < 0x20 || c > 0x7e)
			o += (size_t)snprintf(buf + o, max - o, "\\%03u", c);
		else
			buf[o++] = (char)c;
	}
	buf[o] = '\0';
	return buf;
}

/* The position just after the last token, for "something is missing". */
struct rd_tok
zs_after(const struct rd_tok *t, size_t n, unsigned line)
{
	struct rd_tok e = { "", 0, 0, line, 1 };

	if (n > 0) {
		e.line = t[n - 1].line;
		e.col = t[n - 1].col + t[n - 1].len + (t[n - 1].quoted ? 2 : 0);
	}
	return e;
}

void
zs_name_err(struct zscan *z, const struct rd_tok *t, int r, const char *what)
{
	char b[ZS_SHOWMAX];

	if (r == RD_ERANGE)
		zs_tokerr(z, t, "%s '%s' is too long; expected labels of at "
		    "most 63 octets and a name of at most 255", what,
		    SHOW(t, b));
	else
		zs_tokerr(z, t, "%s '%s' is not a valid domain name; expected "
		    "labels separated by dots, with \\X or \\DDD escapes", what,
		    SHOW(t, b));
}

/* Inputs. */

static const char *
zs_keep_name(struct zscan *z, const char *name)
{
	size_t len = strlen(name);
	struct zs_name *n;

	if ((n = malloc(sizeof(*n) + len + 1)) == NULL)
		return NULL;
	memcpy(n->name, name, len + 1);
	n->next = z->names;
	z->names = n;
	return n->name;
}

void
zs_src_free(struct zs_src *s)
{
	if (s->gz != NULL)
		gzclose(s->gz);
	else if (s->fd >= 0)
		close(s->fd);
	free(s->buf);
	free(s);
}

static struct zs_src *
zs_src_new(struct zscan *z, const char *name, size_t cap)
{
	struct zs_src *s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->fd = -1;
	s->line = 1;
	s->cap = cap;
	if ((s->name = zs_keep_name(z, name)) == NULL ||
	    (s->buf = malloc(cap + 1)) == NULL) {
		free(s);
		return NULL;
	}
	s->buf[0] = '\0';
	return s;
}

/*
 * Open a file as a new input. Returns the input, or NULL with *err set to
 * an errno value (0 when out of memory).
 */
struct zs_src *
zs_src_file(struct zscan *z, const char *path, int *err)
{
	struct zs_src *s;
	struct stat st;
	unsigned char magic[2];
	int fd;

	*err = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		*err = errno;
		return NULL;
	}
	if (fstat(fd, &st) < 0 || S_ISDIR(st.st_mode)) {
		*err = S_ISDIR(st.st_mode) ? EISDIR : errno;
		close(fd);
		return NULL;
	}
	if ((s = zs_src_new(z, path, ZS_BLOCK)) == NULL) {
		close(fd);
		return NULL;
	}
	s->fd = fd;
	s->dev = st.st_dev;
	s->ino = st.st_ino;
	/* RFC 1952 §2.3.1: a gzip member starts with 1f 8b. */
	if (pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1f &&
	    magic[1] == 0x8b) {
		if ((s->gz = gzdopen(fd, "rb")) == NULL) {
			zs_src_free(s);
			return NULL;
		}
		gzbuffer(s->gz, 256 * 1024);
	}
	return s;
}

/* The reason zlib gives, without the "<fd:N>: " it puts in front. */
static const char *
zs_gzwhy(gzFile gz, int *err)
{
	const char *why = gzerror(gz, err), *p;

	if (strncmp(why, "<fd:", 4) == 0 && (p = strstr(why, ": ")) != NULL)
		return p + 2;
	return why;
}

/*
 * Make room and read more after the entry that starts at s->pos. Returns 0,
 * or -1 on a read error or an entry too long (reported).
 */
static int
zs_refill(struct zscan *z, struct zs_src *s)
{
	size_t keep = s->fill - s->pos;
	char *nb;
	ssize_t n;

	if (s->pos > 0) {
		memmove(s->buf, s->buf + s->pos, keep);
		s->fill = keep;
		s->pos = 0;
	}
	if (s->cap - s->fill < s->cap / 2) {
		if (s->cap >= ZS_MAXENTRY) {
			zs_err(z, s->line, 1, "entry longer than %d MiB; "
			    "expected a record of reasonable size (missing "
			    "')' or '\"'?)", ZS_MAXENTRY / (1024 * 1024));
			return -1;
		}
		if ((nb = realloc(s->buf, s->cap * 2 + 1)) == NULL) {
			zs_err(z, s->line, 1, "out of memory reading the "
			    "file; expected more memory");
			return -1;
		}
		s->buf = nb;
		s->cap *= 2;
	}
	if (s->gz != NULL)
		n = gzread(s->gz, s->buf + s->fill,
		    (unsigned)(s->cap - s->fill));
	else
		n = read(s->fd, s->buf + s->fill, s->cap - s->fill);
	if (n < 0) {
		if (s->gz != NULL) {
			int e;

			zs_err(z, s->line, 1, "cannot read: %s; expected an "
			    "intact gzip file", zs_gzwhy(s->gz, &e));
		} else
			zs_err(z, s->line, 1, "cannot read: %s; expected a "
			    "readable file", strerror(errno));
		s->eof = 1;
		return -1;
	}
	if (n == 0 && s->gz != NULL) {
		int e;
		const char *why = zs_gzwhy(s->gz, &e);

		/* RFC 1952 §2.2: a member ends with its CRC32 and length. */
		if (e != Z_OK) {
			zs_err(z, s->line, 1, "cannot read: %s; expected an "
			    "intact gzip file", why);
			n = -1;
		}
	}
	if (n <= 0)
		s->eof = 1;
	if (n > 0)
		s->fill += (size_t)n;
	s->buf[s->fill] = '\0';
	return n < 0 ? -1 : 0;
}

/* Tokeniser. */

static int
zs_growtok(struct zscan *z)
{
	struct rd_tok *nt;
	size_t ncap;

	ncap = z->tokcap ? z->tokcap * 2 : 64;
	if ((nt = realloc(z->tok, ncap * sizeof(*nt))) == NULL)
		return -1;
	z->tok = nt;
	z->tokcap = ncap;
	return 0;
}

static inline int
zs_addtok(struct zscan *z, const char *s, size_t len, int quoted,
    unsigned line, unsigned col)
{
	struct rd_tok *nt;

	if (z->ntok == z->tokcap && zs_growtok(z) < 0)
		return -1;
	nt = &z->tok[z->ntok++];
	nt->s = s;
	nt->len = (uint32_t)len;
	nt->quoted = (uint8_t)quoted;
	nt->line = line;
	nt->col = col;
	return 0;
}

/* How a quoted string ended. */
enum { Q_OK, Q_MORE, Q_EOL, Q_EOF };

/*
 * Find the closing quote of a string whose text starts at *qp. On Q_OK *qp
 * is at the closing quote; on Q_EOL at the newline that ends the line
 * first (as BIND: a quoted string ends on its line unless the newline is
 * escaped); on Q_EOF at the end. Q_MORE: the buffer ended, read more.
 */
static inline int
zs_quote(const char **qp, const char *end, int eof, unsigned *line,
    const char **ls)
{
	const char *q = *qp;
	int r;

	for (;;) {
		if (*q == '"') {
			r = Q_OK;
			break;
		}
		if (*q == '\\' && q + 1 < end) {
			if (q[1] == '\n') {
				(*line)++;
				*ls = q + 2;
			}
			q += 2;
			continue;
		}
		if (q >= end) {
			r = eof ? Q_EOF : Q_MORE;
			break;
		}
		if (*q == '\n') {
			r = Q_EOL;
			break;
		}
		q++;
	}
	*qp = q;
	return r;
}

/*
 * Find the end of a word that starts at *qp: the first blank, newline,
 * parenthesis, quote or semicolon that no backslash escapes. NUL octets
 * inside the input belong to the word. Returns 0, or ENT_MORE when the
 * buffer ended inside the word.
 */
static inline int
zs_word(const char **qp, const char *end, int eof, unsigned *line,
    const char **ls)
{
	const char *q = *qp;

	for (;;) {
		while (zs_cls[(unsigned char)*q] == C_WORD)
			q++;
		if (*q == '\\') {
			if (q + 1 >= end) {
				if (!eof)
					return ENT_MORE;
				q++;
				break;
			}
			if (q[1] == '\n') {
				(*line)++;
				*ls = q + 2;
			}
			q += 2;
			continue;
		}
		if (*q == '\0' && q < end) {
			q++;
			continue;
		}
		break;
	}
	if (q >= end && !eof)
		return ENT_MORE;
	*qp = q;
	return 0;
}

/*
 * Cut the entry at s->pos into z->tok. An entry ends at a newline outside
 * parentheses (RFC 1035 §5.1), or at the end of the input. Returns ENT_OK
 * (s->pos moved past the entry), ENT_EOF, ENT_MORE (the buffer ended inside
 * the entry and more can be read; nothing moved) or ENT_BAD (reported,
 * s->pos moved past the entry). One switch on the class of each octet,
 * kept in one function because it is the innermost loop of loading.
 */
int
zs_cut(struct zscan *z, struct zs_src *s)
{
	const char *p = s->buf + s->pos, *end = s->buf + s->fill, *q, *ls;
	unsigned line = s->line, pline = 0, pcol = 0, tline, tcol;
	int depth = 0, bad = 0, r;

	ls = p;
	z->ntok = 0;
	z->eline = line;
	r = zs_cls[(unsigned char)*p];
	z->has_owner = r == C_WORD || r == C_ESC || r == C_QUOTE ||
	    (r == C_NUL && p < end);
	for (;;) {
		switch (zs_cls[(unsigned char)*p]) {
		case C_SPACE:
			p++;
			break;
		case C_NL:
			p++;
			line++;
			ls = p;
			if (depth == 0)
				goto done;
			break;
		case C_OPEN:
			if (depth++ == 0) {
				pline = line;
				pcol = (unsigned)(p - ls + 1);
			}
			p++;
			break;
		case C_CLOSE:
			if (depth == 0 && !bad) {
				zs_err(z, line, (unsigned)(p - ls + 1), "')' "
				    "without a matching '('; expected '(' "
				    "earlier in the record");
				bad = 1;
			} else if (depth > 0)
				depth--;
			p++;
			break;
		case C_SEMI:
			if ((q = memchr(p, '\n', (size_t)(end - p))) == NULL) {
				if (!s->eof)
					return ENT_MORE;
				q = end;
			}
			p = q;
			break;
		case C_QUOTE:
			tline = line;
			tcol = (unsigned)(p - ls + 1);
			q = ++p;
			r = zs_quote(&q, end, s->eof, &line, &ls);
			if (r == Q_MORE)
				return ENT_MORE;
			if (r == Q_OK) {
				if (!bad && zs_addtok(z, p, (size_t)(q - p), 1,
				    tline, tcol) < 0)
					goto nomem;
				p = q + 1;
				break;
			}
			if (!bad)
				zs_err(z, tline, tcol, "quoted string not closed "
				    "at the end of the %s; expected '\"'",
				    r == Q_EOL ? "line" : "file");
			bad = 1;
			/*
			 * The entry ends there too, so that a stray quote
			 * cannot swallow the rest of the file.
			 */
			depth = 0;
			p = q;
			break;
		case C_NUL:
			if (p >= end) {
				if (!s->eof)
					return ENT_MORE;
				if (depth > 0 && !bad) {
					zs_err(z, pline, pcol, "'(' not closed "
					    "at the end of the file; expected "
					    "')'");
					bad = 1;
				}
				if (z->ntok == 0 && !bad && p == s->buf +
				    s->pos)
					return ENT_EOF;
				goto done;
			}
			/* FALLTHROUGH */
		default:
			q = p;
			tline = line;
			tcol = (unsigned)(p - ls + 1);
			if (zs_word(&q, end, s->eof, &line, &ls) != 0)
				return ENT_MORE;
			if (zs_addtok(z, p, (size_t)(q - p), 0, tline,
			    tcol) < 0)
				goto nomem;
			p = q;
			break;
		}
	}
done:
	s->pos = (size_t)(p - s->buf);
	s->line = line;
	return bad ? ENT_BAD : ENT_OK;
nomem:
	zs_err(z, line, 1, "out of memory; expected more memory");
	s->pos = s->fill;
	s->eof = 1;
	return ENT_BAD;
}

/* TTLs, classes and types. */

int
zscan_ttl_from_text(const char *s, size_t len, uint32_t *ttl)
{
	uint64_t total = 0, num = 0, mult;
	int digits = 0, units = 0;
	size_t i;

	if (len == 0)
		return RD_ESYNTAX;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= '0' && c <= '9') {
			num = num * 10 + (c - '0');
			if (num > UINT32_MAX)
				return RD_ERANGE;
			digits = 1;
			continue;
		}
		/* RFC 2308 §4 leaves units to BIND: s, m, h, d, w. */
		switch (c | 0x20) {
		case 's':
			mult = 1;
			break;
		case 'm':
			mult = 60;
			break;
		case 'h':
			mult = 3600;
			break;
		case 'd':
			mult = 86400;
			break;
		case 'w':
			mult = 604800;
			break;
		default:
			return RD_ESYNTAX;
		}
		if (!digits)
			return RD_ESYNTAX;
		total += num * mult;
		if (total > UINT32_MAX)
			return RD_ERANGE;
		num = 0;
		digits = 0;
		units = 1;
	}
	if (digits) {
		if (units)
			return RD_ESYNTAX;
		total = num;
	}
	*ttl = (uint32_t)total;
	return 0;
}

int
zs_ttl(struct zscan *z, const struct rd_tok *t, uint32_t *ttl)
{
	char b[ZS_SHOWMAX];
	int r;

	if (t->quoted)
		r = RD_ESYNTAX;
	else
		r = zscan_ttl_from_text(t->s, t->len, ttl);
	if (r == RD_ERANGE)
		zs_tokerr(z, t, "'%s' is too large for a TTL; expected at most "
		    "2147483647 seconds", SHOW(t, b));
	else if (r < 0)
		zs_tokerr(z, t, "'%s' is not a valid TTL; expected seconds or "
		    "units like 1h30m", SHOW(t, b));
	else if (*ttl > INT32_MAX) {
		/* RFC 2181 §8: a TTL with the top bit set counts as zero. */
		zs_warn(z, t->line, t->col, "TTL '%s' is above 2147483647 and "
		    "taken as 0 (RFC 2181 §8); use at most 2147483647",
		    SHOW(t, b));
		*ttl = 0;
	}
	return r;
}

/* 1 when the token is a class a zone may hold (IN, CH, HS, CLASSnn). */
int
zs_class(const struct rd_tok *t, uint16_t *rclass)
{
	const char *s = t->s;

	if (t->quoted)
		return 0;
	if (t->len == 2 && (s[0] | 0x20) == 'i' && (s[1] | 0x20) == 'n') {
		*rclass = RRCLASS_IN;
		return 1;
	}
	if (rrclass_from_text(s, t->len, rclass) < 0 ||
	    *rclass == RRCLASS_NONE || *rclass == RRCLASS_ANY)
		return 0;
	return 1;
}

/* The common types first, then the table. */
static int
zs_type(const struct rd_tok *t, uint16_t *type)
{
	const char *s = t->s;

	if (t->quoted)
		return RD_ESYNTAX;
	switch (t->len) {
	case 1:
		if ((s[0] | 0x20) == 'a') {
			*type = RRTYPE_A;
			return 0;
		}
		break;
	case 2:
		if (zs_eq(s, "ns", 2)) {
			*type = RRTYPE_NS;
			return 0;
		}
		if (zs_eq(s, "mx", 2)) {
			*type = RRTYPE_MX;
			return 0;
		}
		if (zs_eq(s, "ds", 2)) {
			*type = RRTYPE_DS;
			return 0;
		}
		break;
	case 4:
		if (zs_eq(s, "aaaa", 4)) {
			*type = RRTYPE_AAAA;
			return 0;
		}
		break;
	}
	return rrtype_from_text(s, t->len, type);
}

/* Rdata. */

/* A dotted quad without leading zeros, or -1 to let rdata decide. */
static int
zs_fast_a(const struct rd_tok *t, uint8_t *out)
{
	const char *s = t->s, *e = s + t->len, *d;
	unsigned v, i, n;

	if (t->quoted)
		return -1;
	for (i = 0; i < 4; i++) {
		v = 0;
		n = 0;
		d = s;
		while (s < e && *s >= '0' && *s <= '9' && n < 4) {
			v = v * 10 + (unsigned)(*s++ - '0');
			n++;
		}
		if (n == 0 || n > 3 || v > 255 || (n > 1 && *d == '0'))
			return -1;
		out[i] = (uint8_t)v;
		if (i < 3) {
			if (s >= e || *s != '.')
				return -1;
			s++;
		}
	}
	return s == e ? 4 : -1;
}

/*
 * The rdata of one record into z->rd. A, NS and CNAME in their plain form
 * take a short way; anything else, and any error, goes to
 * rdata_from_text(), which owns the rules and the messages.
 */
static int
zs_rdata(struct zscan *z, const struct zs_src *s, uint16_t type,
    const struct rd_tok *t, size_t n)
{
	char err[ZS_MSGMAX], b[ZS_SHOWMAX];
	struct rd_tok at;
	size_t et = n;
	int r;

	if (n == 1 && !t->quoted && t->s[0] != '\\') {
		if (type == RRTYPE_A && (r = zs_fast_a(t, z->rd)) > 0)
			return r;
		if ((type == RRTYPE_NS || type == RRTYPE_CNAME) &&
		    (r = name_from_text(t->s, t->len, s->origin, z->rd)) > 0)
			return r;
	}
	err[0] = '\0';
	r = rdata_from_text(type, t, n, s->origin, z->rd, sizeof(z->rd), err,
	    sizeof(err), &et);
	if (r >= 0)
		return r;
	at = et < n ? t[et] : zs_after(t, n, z->eline);
	if (err[0] != '\0')
		zs_tokerr(z, &at, "%s", err);
	else if (et < n)
		zs_tokerr(z, &at, "'%s' is not valid here; expected the rdata "
		    "of the record type", SHOW(&at, b));
	else
		zs_tokerr(z, &at, "rdata incomplete; expected more fields for "
		    "the record type");
	return -1;
}

/* Records. */

/*
 * The owner of a record starting with t (a token in column 1): the last
 * owner's wire form is reused when the text and origin are the same.
 */
static int
zs_owner(struct zscan *z, struct zs_src *s, const struct rd_tok *t)
{
	int r;

	if (s->owner_state == 1 && z->otext_gen == z->ogen &&
	    t->len == z->otext_len && !t->quoted &&
	    memcmp(t->s, z->otext, t->len) == 0)
		return 0;
	if (t->quoted)
		r = RD_ESYNTAX;
	else
		r = name_from_text(t->s, t->len, s->origin, s->owner);
	if (r < 0) {
		zs_name_err(z, t, r, "owner");
		s->owner_state = -1;
		z->otext_len = SIZE_MAX;
		return -1;
	}
	s->owner_state = 1;
	if (t->len < sizeof(z->otext)) {
		memcpy(z->otext, t->s, t->len);
		z->otext_len = t->len;
		z->otext_gen = z->ogen;
	} else
		z->otext_len = SIZE_MAX;
	return 0;
}

/*
 * The TTL of a record that gave ttl (explicit) or none: $TTL (RFC 2308
 * §4), else the last explicit TTL (RFC 1035 §5.1), else for an SOA its
 * MINIMUM, as BIND does. Returns 0, or -1 when there is none (reported).
 */
static int
zs_pick_ttl(struct zscan *z, const struct rd_tok *t, int explicit,
    uint16_t type, int rdlen, uint32_t *ttl)
{
	if (explicit) {
		z->last_ttl = *ttl;
		z->has_last = 1;
	} else if (z->has_dflt)
		*ttl = z->dflt_ttl;
	else if (z->has_last)
		*ttl = z->last_ttl;
	else if (type == RRTYPE_SOA && rdlen >= 20) {
		/* The MINIMUM then stands in for a $TTL. */
		*ttl = wire_get_u32(z->rd + rdlen - 4);
		zs_warn(z, t->line, t->col, "no TTL for the SOA and no $TTL; "
		    "using its MINIMUM %u as the default TTL, add $TTL to make "
		    "this explicit", *ttl);
		z->dflt_ttl = *ttl;
		z->has_dflt = 1;
	} else {
		zs_tokerr(z, t, "no TTL for this record; expected a $TTL "
		    "directive before it or a TTL in the record");
		return -1;
	}
	return 0;
}

/*
 * One record from tokens t[0..n): [owner] [ttl] [class] type rdata, with
 * TTL and class in either order (RFC 1035 §5.1). Returns 1 with rr filled,
 * or 0 when the record was bad (reported).
 */
int
zs_record(struct zscan *z, struct zs_src *s, const struct rd_tok *t,
    size_t n, int has_owner, struct zscan_rr *rr)
{
	const struct rd_tok *ttok = NULL, *ctok = NULL;
	struct rd_tok at;
	uint16_t rclass = 0, type;
	uint32_t ttl = 0;
	char b[ZS_SHOWMAX], cb1[32], cb2[32];
	size_t i = 0, k;
	int rdlen;

	if (has_owner) {
		if (zs_owner(z, s, &t[0]) < 0)
			return 0;
		i = 1;
	} else if (s->owner_state <= 0) {
		/*
		 * A record that repeats a bad owner is part of the error
		 * already reported for it, and dropped with it.
		 */
		if (s->owner_state == 0)
			zs_tokerr(z, &t[0], "no owner name for this record; "
			    "expected a name in the first column of an "
			    "earlier line");
		return 0;
	}
	for (k = 0; k < 2 && i < n; k++) {
		unsigned char c = (unsigned char)t[i].s[0];

		if (!t[i].quoted && t[i].len > 0 && c >= '0' && c <= '9' &&
		    ttok == NULL) {
			if (zs_ttl(z, &t[i], &ttl) < 0)
				return 0;
			ttok = &t[i++];
		} else if (ctok == NULL && zs_class(&t[i], &rclass)) {
			ctok = &t[i++];
		} else
			break;
	}
	if (i == n) {
		at = zs_after(t, n, z->eline);
		zs_tokerr(z, &at, "record type missing; expected a type such "
		    "as A, NS or TYPE65280 after the owner, TTL and class");
		return 0;
	}
	if (zs_type(&t[i], &type) < 0) {
		if (t[i].len > 0 && t[i].s[0] >= '0' && t[i].s[0] <= '9')
			zs_tokerr(z, &t[i], "'%s' is a second TTL; expected a "
			    "class or a record type", SHOW(&t[i], b));
		else
			zs_tokerr(z, &t[i], "'%s' is not a known class or "
			    "record type; expected a type such as A, NS or "
			    "TYPE65280 (RFC 3597)", SHOW(&t[i], b));
		return 0;
	}
	if (type == RRTYPE_OPT || type == RRTYPE_TKEY || type == RRTYPE_TSIG ||
	    type == RRTYPE_IXFR || type == RRTYPE_AXFR || type == 253 ||
	    type == 254 || type == RRTYPE_ANY) {
		zs_tokerr(z, &t[i], "'%s' is a meta type that cannot be in a "
		    "zone; expected a data type", SHOW(&t[i], b));
		return 0;
	}
	i++;
	if ((rdlen = zs_rdata(z, s, type, t + i, n - i)) < 0)
		return 0;
	/* RFC 1035 §5.1: the class is the zone's; one zone, one class. */
	if (ctok == NULL)
		rclass = z->zclass ? z->zclass : RRCLASS_IN;
	if (z->zclass == 0)
		z->zclass = rclass;
	else if (rclass != z->zclass) {
		rrclass_to_text(rclass, cb1, sizeof(cb1));
		rrclass_to_text(z->zclass, cb2, sizeof(cb2));
		zs_tokerr(z, ctok, "class %s differs from the zone's class %s; "
		    "expected %s or no class", cb1, cb2, cb2);
		return 0;
	}
	if (zs_pick_ttl(z, t, ttok != NULL, type, rdlen, &ttl) < 0)
		return 0;
	rr->owner = s->owner;
	rr->ttl = ttl;
	rr->rclass = rclass;
	rr->type = type;
	rr->rdlen = (uint16_t)rdlen;
	rr->rdata = z->rd;
	rr->file = s->name;
	rr->line = t[0].line;
	return 1;
}

/* The scanner. */

static struct zscan *
zs_new(const struct zscan_opts *o, rd_msg_cb cb, void *ctx)
{
	struct zscan *z;

	if ((z = calloc(1, sizeof(*z))) == NULL)
		return NULL;
	if (o != NULL)
		z->o = *o;
	if (z->o.max_errors == 0)
		z->o.max_errors = 100;
	if (z->o.include_depth == 0)
		z->o.include_depth = 10;
	if (z->o.generate_max == 0)
		z->o.generate_max = 65536;
	if (z->o.has_default_ttl) {
		z->dflt_ttl = z->o.default_ttl;
		z->has_dflt = 1;
	}
	z->cb = cb;
	z->ctx = ctx;
	z->otext_len = SIZE_MAX;
	return z;
}

static void
zs_set_origin(struct zs_src *s, const uint8_t *origin)
{
	if (origin != NULL)
		memcpy(s->origin, origin, name_len(origin));
	else
		s->origin[0] = 0;
}

struct zscan *
zscan_open_file(const char *path, const struct zscan_opts *o, rd_msg_cb cb,
    void *ctx)
{
	struct zscan *z;
	int e;

	if ((z = zs_new(o, cb, ctx)) == NULL)
		return NULL;
	if ((z->src = zs_src_file(z, path, &e)) == NULL) {
		if (e == 0 || (z->src = zs_src_new(z, path, 0)) == NULL) {
			zscan_close(z);
			return NULL;
		}
		z->src->eof = 1;
		zs_err(z, 0, 0, "cannot open '%s': %s; expected a readable "
		    "zone file", path, strerror(e));
		z->done = 1;
	}
	zs_set_origin(z->src, o != NULL ? o->origin : NULL);
	return z;
}

struct zscan *
zscan_open_mem(const char *buf, size_t len, const char *name,
    const struct zscan_opts *o, rd_msg_cb cb, void *ctx)
{
	struct zscan *z;

	if ((z = zs_new(o, cb, ctx)) == NULL)
		return NULL;
	/* A copy, for the NUL sentinel the tokeniser relies on. */
	if ((z->src = zs_src_new(z, name ? name : "<memory>", len)) == NULL) {
		zscan_close(z);
		return NULL;
	}
	if (len > 0)
		memcpy(z->src->buf, buf, len);
	z->src->fill = len;
	z->src->buf[len] = '\0';
	z->src->eof = 1;
	zs_set_origin(z->src, o != NULL ? o->origin : NULL);
	return z;
}

int
zscan_next(struct zscan *z, struct zscan_rr *rr)
{
	struct zs_src *s;
	int r;

	for (;;) {
		if (z->done || z->errors >= z->o.max_errors) {
			z->done = 1;
			return 0;
		}
		if (z->gen.active) {
			if (zs_gen_next(z, rr))
				return 1;
			continue;
		}
		s = z->src;
		r = zs_cut(z, s);
		if (r == ENT_MORE) {
			if (zs_refill(z, s) < 0) {
				/* The rest of this file cannot be read. */
				s->pos = s->fill;
				s->eof = 1;
			}
			continue;
		}
		if (r == ENT_EOF) {
			if (s->up == NULL) {
				z->done = 1;
				return 0;
			}
			z->src = s->up;
			zs_src_free(s);
			z->ogen++;
			continue;
		}
		if (r == ENT_BAD || z->ntok == 0)
			continue;
		if (z->has_owner && !z->tok[0].quoted && z->tok[0].s[0] == '$') {
			zs_directive(z, s, z->tok, z->ntok);
			continue;
		}
		if (zs_record(z, s, z->tok, z->ntok, z->has_owner, rr))
			return 1;
	}
}

unsigned
zscan_errors(const struct zscan *z)
{
	return z->errors;
}

unsigned
zscan_warnings(const struct zscan *z)
{
	return z->warnings;
}

void
zscan_close(struct zscan *z)
{
	struct zs_src *s;
	struct zs_name *n;

	if (z == NULL)
		return;
	while ((s = z->src) != NULL) {
		z->src = s->up;
		zs_src_free(s);
	}
	while ((n = z->names) != NULL) {
		z->names = n->next;
		free(n);
	}
	free(z->tok);
	free(z->gen.tpl);
	free(z->genbuf);
	free(z);
}
