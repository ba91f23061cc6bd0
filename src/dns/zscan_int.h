/*
 * zscan_int: what zscan.c (inputs, tokeniser, records) and zscan_dir.c
 * (directives) share. Private to those two files; nothing else includes it.
 */
#ifndef RD_ZSCAN_INT_H
#define RD_ZSCAN_INT_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#include <zlib.h>

#include "dns/err.h"
#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/zscan.h"

#define ZS_BLOCK	(1024 * 1024)		/* read size */
#define ZS_MAXENTRY	(64 * 1024 * 1024)	/* longest entry we accept */
#define ZS_MSGMAX	512
#define ZS_GENMAX	(256 * 1024)		/* one expanded $GENERATE line */

#define ZS_SHOWMAX	200

/* Results of cutting one entry (zs_cut). */
enum { ENT_OK, ENT_EOF, ENT_MORE, ENT_BAD };

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

/* Diagnostics, counted in z; the position is a line and a 1-based column. */
void zs_err(struct zscan *z, unsigned line, unsigned col, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));
void zs_warn(struct zscan *z, unsigned line, unsigned col, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));
void zs_tokerr(struct zscan *z, const struct rd_tok *t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A token for a message, cut and escaped into buf; returns buf. */
const char *zs_show(const char *s, size_t len, char *buf, size_t max);
#define SHOW(t, b) zs_show((t)->s, (t)->len, (b), sizeof(b))

/* The position just after the last of t[0..n), for "something is missing". */
struct rd_tok zs_after(const struct rd_tok *t, size_t n, unsigned line);

/* Report a name that name_from_text() refused with r; what names its role. */
void zs_name_err(struct zscan *z, const struct rd_tok *t, int r,
    const char *what);

/* Open a file as an input, or NULL with *err an errno value (0: no memory). */
struct zs_src *zs_src_file(struct zscan *z, const char *path, int *err);
void zs_src_free(struct zs_src *s);

/* Cut the entry at s->pos into z->tok: ENT_OK, ENT_EOF, ENT_MORE, ENT_BAD. */
int zs_cut(struct zscan *z, struct zs_src *s);

/* A TTL token, with RFC 2181 §8 applied; 0 or an RD_E* code (reported). */
int zs_ttl(struct zscan *z, const struct rd_tok *t, uint32_t *ttl);

/* 1 when the token is a class a zone may hold (IN, CH, HS, CLASSnn). */
int zs_class(const struct rd_tok *t, uint16_t *rclass);

/*
 * One record from t[0..n): [owner] [ttl] [class] type rdata. Returns 1 with
 * rr filled, or 0 when the record was bad (reported).
 */
int zs_record(struct zscan *z, struct zs_src *s, const struct rd_tok *t,
    size_t n, int has_owner, struct zscan_rr *rr);

/* Run the directive in t[0..n) (t[0] starts with $). */
void zs_directive(struct zscan *z, struct zs_src *s, const struct rd_tok *t,
    size_t n);

/* The next record of the $GENERATE in progress: 1, or 0 when it ended. */
int zs_gen_next(struct zscan *z, struct zscan_rr *rr);

/* Case-insensitive comparison with a lower-case ASCII word. */
static inline int
zs_eq(const char *s, const char *lc, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((s[i] | 0x20) != lc[i])
			return 0;
	return 1;
}

#endif
