/*
 * zscan: the zone-file scanner. RFC 1035 §5 master files with the
 * extensions operators use ($ORIGIN, $TTL, $INCLUDE, $GENERATE, RFC 3597
 * generic types, gzip-compressed input). Emits one record at a time in wire
 * form with its file and line; reports every error (up to a limit) through
 * the diagnostic callback and goes on with the next record.
 */
#ifndef RD_ZSCAN_H
#define RD_ZSCAN_H

#include <stddef.h>
#include <stdint.h>

#include "dns/err.h"

struct zscan;

struct zscan_opts {
	const uint8_t *origin;	/* initial $ORIGIN, absolute wire name (NULL: root) */
	uint32_t default_ttl;	/* used when has_default_ttl and no $TTL/TTL given */
	int has_default_ttl;
	unsigned max_errors;	/* stop after this many errors (0: 100) */
	unsigned include_depth;	/* $INCLUDE nesting limit (0: 10) */
	unsigned generate_max;	/* records one $GENERATE may make (0: 65536) */
	int allow_include;	/* 0 refuses $INCLUDE (e.g. for fuzzing) */
};

/* One scanned record; pointers stay valid until the next zscan_next(). */
struct zscan_rr {
	const uint8_t *owner;	/* absolute wire name, case as written */
	uint32_t ttl;
	uint16_t rclass;
	uint16_t type;
	uint16_t rdlen;
	const uint8_t *rdata;
	const char *file;	/* the file this record came from */
	unsigned line;		/* line where the record starts */
};

/*
 * Open a zone file (gzip detected by its magic bytes). Errors (including
 * failure to open) are reported through cb. NULL only when out of memory.
 */
struct zscan *zscan_open_file(const char *path, const struct zscan_opts *o,
    rd_msg_cb cb, void *ctx);

/* Scan a buffer; name is used as the file name in messages. */
struct zscan *zscan_open_mem(const char *buf, size_t len, const char *name,
    const struct zscan_opts *o, rd_msg_cb cb, void *ctx);

/*
 * Next record: 1 and *rr filled, 0 at the end of input (or after
 * max_errors errors). Records with errors are reported and skipped.
 */
int zscan_next(struct zscan *z, struct zscan_rr *rr);

/* Errors and warnings reported so far. */
unsigned zscan_errors(const struct zscan *z);
unsigned zscan_warnings(const struct zscan *z);

void zscan_close(struct zscan *z);

/*
 * A TTL in seconds, or with the units s, m, h, d, w in any case, as in 1h30m
 * or 2w (RFC 2308 §4 and BIND). Returns 0, RD_ESYNTAX or RD_ERANGE (over
 * 4294967295).
 */
int zscan_ttl_from_text(const char *s, size_t len, uint32_t *ttl);

#endif
