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

#define ZS_BLOCK	(1024 * 1024)		/* read size */
#define ZS_MAXENTRY	(64 * 1024 * 1024)	/* longest entry we accept */
#define ZS_MSGMAX	512
#define ZS_GENMAX	(256 * 1024)		/* one expanded $GENERATE line */

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

/* A file name kept until zscan_close(), since records point at it. */
struct zs_name {
	struct zs_name *next;
	char name[];
};

/* One input: the zone file, an $INCLUDE'd file, or a memory buffer. */
struct zs_src {
	struct zs_src *up;	/* the including file */
	char *buf;		/* data in buf[0..fill), buf[fill] == 0 */
	size_t cap;		/* buf holds cap + 1 octets */
	size_t fill;
	size_t pos;		/* start of the next entry */
	int fd;			/* -1 for memory input */
	gzFile gz;		/* non-NULL for gzip input */
	int eof;		/* nothing more to read into buf */
	const char *name;	/* file name for messages */
	dev_t dev;		/* identity, for $INCLUDE loops */
	ino_t ino;
	unsigned line;		/* line of buf[pos] */
	unsigned depth;		/* $INCLUDE nesting of this file */
	int owner_state;	/* 0: no owner yet, 1: owner valid, -1: bad */
	uint8_t origin[NAME_MAXLEN];
	uint8_t owner[NAME_MAXLEN];
};

/* A $GENERATE in progress. */
struct zs_gen {
	int active;
	int64_t cur, stop, step;
	char *tpl;		/* owner template, NUL, rest of the line */
	size_t lhslen;		/* owner template length */
	size_t restlen;
	size_t ntpl;		/* tokens in the rest: ttl, class, type */
	unsigned line;
	unsigned lhscol, rhscol;
	unsigned midcol[3];	/* columns of the ttl, class and type */
	int saved_state;	/* the owner before the $GENERATE */
	uint8_t saved_owner[NAME_MAXLEN];
};

struct zscan {
	struct zscan_opts o;
	rd_msg_cb cb;
	void *ctx;
	struct zs_src *src;	/* innermost input */
	struct zs_name *names;
	unsigned errors;
	unsigned warnings;
	int done;
	struct rd_tok *tok;	/* tokens of the current entry */
	size_t ntok, tokcap;
	unsigned eline;		/* line where the current entry starts */
	int has_owner;		/* the entry starts in column 1 */
	uint32_t dflt_ttl;	/* $TTL (or the caller's default) */
	int has_dflt;
	uint32_t last_ttl;	/* last explicit TTL (RFC 1035 §5.1) */
	int has_last;
	uint16_t zclass;	/* class of the first record, 0 before it */
	unsigned ogen;		/* bumped when an origin may change */
	unsigned otext_gen;	/* ogen when otext was parsed */
	size_t otext_len;	/* last owner text, to skip re-parsing it */
	char otext[NAME_MAXTEXT];
	struct zs_gen gen;
	char *genbuf;		/* one expanded $GENERATE line */
	uint8_t rd[RDATA_MAXLEN];
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

static void __attribute__((format(printf, 4, 5)))
zs_err(struct zscan *z, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	zs_vmsg(z, RD_SEV_ERROR, z->src ? z->src->name : NULL, line, col, fmt,
	    ap);
	va_end(ap);
}

static void __attribute__((format(printf, 4, 5)))
zs_warn(struct zscan *z, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	zs_vmsg(z, RD_SEV_WARNING, z->src ? z->src->name : NULL, line, col,
	    fmt, ap);
	va_end(ap);
}

static void __attribute__((format(printf, 3, 4)))
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
static const char *
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

#define ZS_SHOWMAX 200
#define SHOW(t, b) zs_show((t)->s, (t)->len, (b), sizeof(b))

/* The position just after the last token, for "something is missing". */
static struct rd_tok
zs_after(const struct rd_tok *t, size_t n, unsigned line)
{
	struct rd_tok e = { "", 0, 0, line, 1 };

	if (n > 0) {
		e.line = t[n - 1].line;
		e.col = t[n - 1].col + t[n - 1].len + (t[n - 1].quoted ? 2 : 0);
	}
	return e;
}

static void
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

static void
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
static struct zs_src *
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

enum { ENT_OK, ENT_EOF, ENT_MORE, ENT_BAD };

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
static int
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

static int
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
static int
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

static int
zs_eq(const char *s, const char *lc, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((s[i] | 0x20) != lc[i])
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
static int
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

/* Directives. */

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

/* Append text to msg[0..max), cut if it does not fit; returns the new length. */
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
static int
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

static void
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
