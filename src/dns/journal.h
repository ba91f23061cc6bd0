/*
 * journal: the durable log of one dynamic zone's diffs. A header (magic,
 * version, origin), then records {u32 length, u32 CRC-32, serialized diff}.
 * Append without sync, then one jnl_sync() for several appends (group
 * commit); acknowledge only after the sync. A torn tail (short record or
 * bad checksum at the end) is cut off at open; a bad record followed by
 * good ones is corruption and an error.
 */
#ifndef RD_JOURNAL_H
#define RD_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "dns/err.h"

struct diff;
struct zone;
struct jnl;

/*
 * Open (creating it when absent) the journal at path for the zone origin
 * (absolute wire name). max_size limits the file (0: no limit). Records
 * are checked; a torn tail is cut off and reported through cb (a warning
 * with the offset). Returns 0 with *out set, or RD_EIO (with errno),
 * RD_EMALFORMED (not a journal, or a corrupt record in the middle: cb is
 * told to move the file aside and reload from the zone file), RD_EINVAL
 * (journal of another zone) or RD_ENOMEM. cb may be NULL.
 */
int jnl_open(const char *path, const uint8_t *origin, size_t max_size,
    rd_msg_cb cb, void *ctx, struct jnl **out);

/* Close (without a sync) and free. */
void jnl_close(struct jnl *j);

/*
 * Append one diff (it must change the SOA, and its serial_from must be the
 * last record's serial_to) without syncing. Returns 0, RD_ELIMIT when the
 * file would exceed max_size, RD_EINVAL for a diff that does not chain,
 * RD_EIO when the write failed (ENOSPC...): the partial record is cut
 * back, so the file stays valid and nothing is half-written.
 */
int jnl_append(struct jnl *j, const struct diff *d);

/* Make every append so far durable (fdatasync). 0 or RD_EIO. */
int jnl_sync(struct jnl *j);

/*
 * Apply to z every diff that chains from z's serial, in order, skipping
 * the older ones (already in the zone file). Returns the number applied,
 * or RD_ESEMANTIC (the journal starts after z's serial: a gap), an error
 * of diff_apply (journal and zone disagree) or RD_EIO / RD_EMALFORMED /
 * RD_ENOMEM. On error z holds the diffs applied before the failing one.
 */
int jnl_replay(struct jnl *j, struct zone *z);

/*
 * Damage found in a journal: a record in the middle whose length or
 * checksum does not hold, or whose serial does not follow, with whole
 * records after it (so no torn write).
 */
struct jnl_damage {
	int damaged;		/* 0: none found */
	uint64_t off;		/* offset of the damaged record */
	char why[160];		/* what is wrong with it, in words */
	size_t kept;		/* valid records before it */
	uint32_t last_serial;	/* serial_to of the last of them (0: none) */
	size_t after;		/* whole records found after it */
	uint64_t next_off;	/* offset of the first of them */
	uint32_t max_serial;	/* the highest serial_to among them */
};

/*
 * Check the open journal against its file while in use: the file must
 * still be at its path, and every record indexed at open or appended since
 * must read back whole with its checksum. Returns 0; RD_ENOTFOUND when the
 * path names no file or another file (moved aside); RD_EMALFORMED with
 * *dmg filled (when not NULL) and the damage reported through cb; RD_EIO
 * or RD_ENOMEM.
 */
int jnl_verify(struct jnl *j, struct jnl_damage *dmg);

/*
 * Take the valid records of the damaged journal from (those before its
 * first damaged record, or all of them when it has none) into a new
 * journal at to, synced. *dmg says what was found (kept, last_serial, and
 * the damage with the highest serial seen after it). Returns the number of
 * records kept, or RD_EMALFORMED / RD_EINVAL (from's header is not one of
 * origin's journals), RD_EIO, RD_ENOMEM: then to is removed.
 */
int jnl_salvage(const char *from, const char *to, const uint8_t *origin,
    size_t max_size, rd_msg_cb cb, void *ctx, struct jnl_damage *dmg);

/* Iterator over the diffs from a serial to the end (IXFR). */
struct jnl_iter {
	struct jnl *j;
	size_t idx;
};

/*
 * Start at the record whose serial_from is serial. 0, or RD_ENOTFOUND
 * when the history does not reach back to it (answer with AXFR).
 */
int jnl_iter_init(struct jnl *j, uint32_t serial, struct jnl_iter *it);

/* Next diff into d: 1, 0 at the end, or RD_EIO / RD_EMALFORMED / RD_ENOMEM. */
int jnl_iter_next(struct jnl_iter *it, struct diff *d);

/*
 * Drop the oldest records while the records take more than max_bytes,
 * but only records whose serial_to is at or before flushed (the serial
 * of the zone file on disk): the rest is still needed for replay. The
 * file is rewritten into path.tmp, synced and renamed over. Returns the
 * number of records dropped, or RD_EIO.
 */
int jnl_trim(struct jnl *j, uint32_t flushed, size_t max_bytes);

/* Number of records; file size; serial_from of the first and serial_to of
 * the last record (both 0 when empty). */
size_t jnl_count(const struct jnl *j);
size_t jnl_size(const struct jnl *j);
uint32_t jnl_first_serial(const struct jnl *j);
uint32_t jnl_last_serial(const struct jnl *j);

#endif
