/*
 * zones_static: IXFR history for zones without allow-update: (issue 5
 * point 2, "diffs made by reloading an edited zone file feed IXFR").
 *
 * A static zone's file is the truth: it is never replayed over or written
 * by radixd. But a reload of an edited file is a change secondaries should
 * get by IXFR (RFC 1995) rather than AXFR, so the difference of the old
 * and the new tree (diff_between) is kept as one journal record, in the
 * same journal format and at the same journal: path (default FILE.jnl) as
 * a dynamic zone's. A journal, not a history in memory, because it
 * survives a restart: a secondary that was one reload behind before the
 * restart still gets IXFR after it. Knot does the same for every zone
 * (journal-content: changes); NSD since 4.8 with create-ixfr: yes.
 *
 * The history must end at the serial served. A file edited while radixd
 * was stopped leaves it behind (its last serial is not the file's): it is
 * dropped at start, and secondaries get one AXFR-style answer. An edit
 * that does not raise the serial is served (the file is the truth, as
 * NSD and Knot load it too), with a warning, since secondaries will not
 * pull it; the history is dropped as well, because a diff chain ending at
 * an unchanged serial would now describe other records. The journal's
 * size is held under journal-size: by dropping the oldest records.
 * The file is created by the first reload that changes the zone.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "dns/diff.h"
#include "dns/journal.h"
#include "dns/zone.h"
#include "server/log.h"
#include "server/server.h"

/* Journal diagnostics (a torn tail cut at open) with the file they name. */
static void
zst_msg(void *ctx, enum rd_sev sev, const char *file, unsigned line,
    unsigned col, const char *msg)
{
	(void)line;
	(void)col;
	if (file == NULL)
		file = ctx;
	if (sev == RD_SEV_ERROR)
		log_err("%s: %s", file, msg);
	else if (sev == RD_SEV_WARNING)
		log_warn("%s: %s", file, msg);
	else
		log_info("%s: %s", file, msg);
}

/* Forget the whole history (the next IXFR is answered AXFR-style). */
static void
zst_drop(struct zslot *zs)
{
	int rc;

	if (zs->ixfr == NULL || jnl_count(zs->ixfr) == 0)
		return;
	rc = jnl_trim(zs->ixfr, jnl_last_serial(zs->ixfr), 0);
	if (rc < 0) {
		log_err("zone %s: cannot empty the IXFR history in %s: %s; "
			"IXFR is answered AXFR-style until radixd restarts; "
			"check the folder is writable",
		    zs->cz->name, zs->cz->journal, rd_strerror(rc));
		jnl_close(zs->ixfr);
		zs->ixfr = NULL;
	}
}

/* Open (or create) the journal; 0, or -1 with a warning logged. */
static int
zst_open(struct zslot *zs)
{
	const struct conf_zone *cz = zs->cz;
	int rc;

	rc = jnl_open(cz->journal, cz->origin, cz->journal_size, zst_msg,
	    cz->journal, &zs->ixfr);
	if (rc != 0) {
		log_warn("zone %s: journal %s: %s (%s); reloads of this zone "
			 "go to secondaries as full transfers; make its folder "
			 "writable, set journal:, or move a damaged file aside",
		    cz->name, cz->journal, rd_strerror(rc), strerror(errno));
		zs->ixfr = NULL;
		return -1;
	}
	return 0;
}

/*
 * The journal is made by the first reload that changes the zone, so a
 * zone that is never edited leaves no file beside its zone file.
 */
void
zones_static_open(struct zslot *zs)
{
	const struct conf_zone *cz = zs->cz;

	if (access(cz->journal, F_OK) != 0 || zst_open(zs) != 0 ||
	    jnl_count(zs->ixfr) == 0)
		return;
	if (jnl_last_serial(zs->ixfr) != zs->zone->serial) {
		log_notice("zone %s: %s has serial %u but the IXFR history in "
			   "%s ends at %u (edited while radixd was stopped?); "
			   "history dropped, secondaries get one full transfer",
		    cz->name, cz->file, zs->zone->serial, cz->journal,
		    jnl_last_serial(zs->ixfr));
		zst_drop(zs);
		return;
	}
	log_info("zone %s: IXFR history of %zu change%s in %s, from serial "
		 "%u",
	    cz->name, jnl_count(zs->ixfr), jnl_count(zs->ixfr) == 1 ? "" : "s",
	    cz->journal, jnl_first_serial(zs->ixfr));
}

/* Append d, dropping the oldest records when journal-size: is reached. */
static int
zst_append(struct zslot *zs, const struct diff *d)
{
	int rc;

	/* The history must chain to d (RFC 1995 §4: consecutive versions). */
	if (jnl_count(zs->ixfr) > 0 &&
	    jnl_last_serial(zs->ixfr) != d->serial_from)
		zst_drop(zs);
	if (zs->ixfr == NULL)
		return RD_EIO;
	rc = jnl_append(zs->ixfr, d);
	if (rc == RD_ELIMIT) {
		(void)jnl_trim(
		    zs->ixfr, d->serial_from, zs->cz->journal_size / 2);
		rc = jnl_append(zs->ixfr, d);
	}
	if (rc == RD_ELIMIT) {
		zst_drop(zs);
		if (zs->ixfr != NULL)
			rc = jnl_append(zs->ixfr, d);
	}
	return rc;
}

void
zones_static_reload(
    struct zslot *zs, const struct zone *old, const struct zone *z)
{
	const struct conf_zone *cz = zs->cz;
	int newer = diff_serial_gt(z->serial, old->serial), rc;
	struct diff d;

	diff_init(&d);
	if ((rc = diff_between(old, z, &d)) != 0) {
		log_err("zone %s: cannot compute what the reload changed: %s; "
			"IXFR history dropped",
		    cz->name, rd_strerror(rc));
		zst_drop(zs);
	} else if (diff_empty(&d)) {
		/* The file was touched, not changed. */
	} else if (!newer) {
		/* RFC 1982: secondaries only pull a greater serial. */
		log_warn("zone %s: %s changed but its serial %u is not above "
			 "%u; secondaries will not transfer the change: raise "
			 "the serial in the file and reload again",
		    cz->name, cz->file, z->serial, old->serial);
		zst_drop(zs);
	} else if (zs->ixfr == NULL && zst_open(zs) != 0) {
		/* Warned: this change goes out as a full transfer. */
	} else if ((rc = zst_append(zs, &d)) != 0) {
		log_err("zone %s: the change to serial %u is not kept for IXFR "
			"(%s); secondaries get it by AXFR; %s",
		    cz->name, z->serial, rd_strerror(rc),
		    rc == RD_ELIMIT
			? "raise journal-size:"
			: "check the disk and the journal's folder");
		zst_drop(zs);
	} else if (jnl_sync(zs->ixfr) != 0) {
		log_err(
		    "zone %s: fdatasync of %s failed (%s); its IXFR history "
		    "is no longer kept until radixd restarts",
		    cz->name, cz->journal, strerror(errno));
		jnl_close(zs->ixfr);
		zs->ixfr = NULL;
	} else
		log_info("zone %s: reload from serial %u to %u kept for IXFR "
			 "(%zu removed, %zu added; %zu change%s in %s)",
		    cz->name, old->serial, z->serial, d.nremoved, d.nadded,
		    jnl_count(zs->ixfr), jnl_count(zs->ixfr) == 1 ? "" : "s",
		    cz->journal);
	diff_free(&d);
}
