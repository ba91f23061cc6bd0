/*
 * load: scanner records into a zone, with the semantic checks that
 * named-checkzone and kzonecheck make: exactly one SOA, at the apex; NS at
 * the apex; CNAME beside other data (RFC 2181 §10.1); out-of-zone records;
 * data below a delegation; in-bailiwick NS without glue; TTLs differing
 * inside an RRset (RFC 2181 §5.2); duplicates collapsed.
 */
#ifndef RD_LOAD_H
#define RD_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "dns/err.h"

struct zone;

struct load_opts {
	unsigned max_errors;	/* 0: 100 */
	unsigned include_depth;	/* 0: scanner default */
	unsigned generate_max;	/* 0: scanner default */
	int allow_include;	/* passed to the scanner */
	int64_t sig_time;	/* time of the signature expiry checks, in
				   seconds since 1970; 0: now (dnssec.h) */
};

/*
 * Load the zone file path for origin (absolute wire name). Every error and
 * warning goes to cb with file, line and reason; the zone-wide checks run
 * only after a scan without syntax errors, and their messages come last,
 * with the line of the first record of the name they concern (the file is
 * read a second time to find it, only when there are such messages).
 * Returns the number of errors: 0 with *out set to the new zone (finalized),
 * or > 0 with *out NULL; RD_ENOMEM when out of memory.
 */
int load_zone_file(const char *path, const uint8_t *origin,
    const struct load_opts *o, rd_msg_cb cb, void *ctx, struct zone **out);

/* The same from a buffer; name stands for the file in messages. */
int load_zone_mem(const char *buf, size_t len, const char *name,
    const uint8_t *origin, const struct load_opts *o, rd_msg_cb cb, void *ctx,
    struct zone **out);

/*
 * Run the semantic checks on a zone already built (also used after a diff);
 * calls zone_finalize() first. Messages name file with line 0. Returns the
 * number of errors found; warnings go to cb as well.
 */
int load_check(struct zone *z, const char *file, rd_msg_cb cb, void *ctx);

#endif
