/*
 * zones: load the configured zones in main, and reload changed ones on
 * SIGHUP. A zone whose new file fails to load keeps serving its old data.
 */
#include "config.h"

#include <sys/stat.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dns/acl.h"
#include "dns/diff.h"
#include "dns/journal.h"
#include "dns/load.h"
#include "dns/rrtype.h"
#include "dns/wire.h"
#include "dns/zone.h"
#include "dns/zonedb.h"
#include "dns/zwrite.h"
#include "server/log.h"
#include "server/notify_send.h"
#include "server/server.h"
#include "server/writer.h"

/* rd_msg_cb: every diagnostic with the file and line it names. */
static void
zones_msg(void *ctx, enum rd_sev sev, const char *file, unsigned line,
    unsigned col, const char *msg)
{
	int level = sev == RD_SEV_ERROR	    ? LOG_LVL_ERR
		    : sev == RD_SEV_WARNING ? LOG_LVL_WARNING
					    : LOG_LVL_INFO;

	/* Messages without a file (diff_rebase) name what ctx names. */
	if (file == NULL)
		file = ctx != NULL ? (const char *)ctx : "zone";
	if (line > 0 && col > 0)
		log_msg(level, "%s:%u:%u: %s", file, line, col, msg);
	else if (line > 0)
		log_msg(level, "%s:%u: %s", file, line, msg);
	else
		log_msg(level, "%s: %s", file, msg);
}

static int
zones_stat(const char *file, struct stat *st)
{
	if (stat(file, st) != 0) {
		log_err(
		    "%s: %s; check the zonefile path", file, strerror(errno));
		return -1;
	}
	return 0;
}

static int
zones_same(const struct zslot *zs, const struct stat *st)
{
	return zs->dev == st->st_dev && zs->ino == st->st_ino &&
	       zs->size == st->st_size &&
	       zs->mtime.tv_sec == st->st_mtim.tv_sec &&
	       zs->mtime.tv_nsec == st->st_mtim.tv_nsec;
}

static void
zones_remember(struct zslot *zs, const struct stat *st)
{
	zs->dev = st->st_dev;
	zs->ino = st->st_ino;
	zs->size = st->st_size;
	zs->mtime = st->st_mtim;
}

/* Load one file. Returns the zone, or NULL with the errors logged. */
static struct zone *
zones_read_path(const struct conf_zone *cz, const char *file)
{
	struct load_opts o;
	struct zone *z = NULL;
	int n;

	memset(&o, 0, sizeof(o));
	o.allow_include = 1;
	n = load_zone_file(file, cz->origin, &o, zones_msg, NULL, &z);
	if (n == RD_ENOMEM) {
		log_err(
		    "zone %s: out of memory loading %s", cz->name, cz->file);
		return NULL;
	}
	if (n != 0 || z == NULL) {
		log_err("zone %s: %d error%s in %s", cz->name, n,
		    n == 1 ? "" : "s", file);
		return NULL;
	}
	return z;
}

/*
 * Issue 7 point 4, max-records: (BIND's option; 0: no limit): a zone of
 * n RRs over its limit is not loaded; what says where they are ("FILE
 * holds"). 0, or -1 with the error logged.
 */
static int
zones_max_records(const struct conf_zone *cz, size_t n, const char *what)
{
	if (cz->max_records == 0 || n <= cz->max_records)
		return 0;
	log_err("zone %s: %s %zu records, over max-records: %zu; remove "
		"records or raise max-records: in the zone's block",
	    cz->name, what, n, cz->max_records);
	return -1;
}

/* The zone file of cz, within max-records:; NULL with the errors logged. */
static struct zone *
zones_read(const struct conf_zone *cz)
{
	struct zone *z = zones_read_path(cz, cz->file);
	char what[PATH_MAX + 8];

	snprintf(what, sizeof(what), "%s holds", cz->file);
	if (z != NULL && zones_max_records(cz, z->nrecords, what) != 0) {
		zone_free(z);
		return NULL;
	}
	return z;
}

/* Journal, apply and sync a diff main made itself. 0 or RD_E*. */
static int
zones_commit(struct zslot *zs, const struct diff *d)
{
	int rc;

	rc = jnl_append(zs->jnl, d);
	if (rc == 0 && (rc = diff_apply(zs->zone, d)) != 0)
		fatal("zone %s: a journalled diff does not apply (%s)",
		    zs->cz->name, rd_strerror(rc));
	if (rc == 0 && jnl_sync(zs->jnl) != 0)
		fatal("zone %s: fdatasync of %s failed", zs->cz->name,
		    zs->cz->journal);
	return rc;
}

/*
 * Write zone slot zs to its file and its base (DESIGN.md "Durability and
 * the journal": temporary file, fsync, rename), then trim the journal to
 * half its size limit, keeping what replay still needs. 0 or -1.
 */
static int
zones_flush1(struct zslot *zs)
{
	const struct conf_zone *cz = zs->cz;
	const char *path = cz->file;
	struct stat st;
	int rc;

	rc = zone_write_file(zs->zone, path);
	/* Our own write is no hand edit: the next SIGHUP leaves it alone. */
	if (rc == 0 && stat(path, &st) == 0)
		zones_remember(zs, &st);
	if (rc == 0)
		rc = zone_write_file(zs->zone, (path = zs->base));
	if (rc != 0) {
		log_err("zone %s: cannot write %s: %s (%s); the journal keeps "
			"every change",
		    cz->name, path, rd_strerror(rc), strerror(errno));
		return -1;
	}
	zs->flushed = zs->zone->serial;
	rc = jnl_trim(zs->jnl, zs->flushed, cz->journal_size / 2);
	if (rc < 0)
		log_warn("zone %s: journal %s not trimmed: %s", cz->name,
		    cz->journal, rd_strerror(rc));
	log_info("zone %s: serial %u written to %s", cz->name, zs->flushed,
	    cz->file);
	return 0;
}

int
zones_flush_zone(struct server *s, size_t i, int force)
{
	struct zslot *zs = &s->zones[i];
	struct stat st;
	time_t now = time(NULL);

	if (zs->jnl == NULL || zs->zone == NULL ||
	    zs->zone->serial == zs->flushed)
		return 0;
	if (!force && (zs->cz->zonefile_sync == 0 || now < zs->flush_at))
		return 0;
	zs->flush_at = now + zs->cz->zonefile_sync;
	/* Never overwrite a hand edit that SIGHUP has not read. */
	if (stat(zs->cz->file, &st) == 0 && !zones_same(zs, &st)) {
		log_warn("zone %s: %s changed on disk; not overwritten "
			 "until it is reloaded (SIGHUP)",
		    zs->cz->name, zs->cz->file);
		return -1;
	}
	return zones_flush1(zs);
}

void
zones_flush(struct server *s, int force)
{
	size_t i;

	for (i = 0; i < s->conf.nzones; i++)
		(void)zones_flush_zone(s, i, force);
}

/*
 * Carry the change base -> file over to the live zone (issue 4 point 6):
 * conflicts are logged per record by diff_rebase; the file wins. Then the
 * zone is written back so that file, base and tree agree again.
 */
static int
zones_rebase_base(struct zslot *zs, struct zone *base, struct zone *file)
{
	struct diff d;
	int n, rc = 0;

	diff_init(&d);
	n = diff_rebase(zs->zone, base, file, &d, zones_msg, zs->cz->file);
	if (n < 0) {
		log_err("zone %s: cannot carry the file's changes over: %s",
		    zs->cz->name, rd_strerror(n));
		rc = -1;
	} else if (d.nadded > d.nremoved &&
		   zones_max_records(zs->cz,
		       zs->zone->nrecords + d.nadded - d.nremoved,
		       "with the hand edit it would hold") != 0) {
		/*
		 * An edit that grows the zone over the limit (the count is
		 * exact: diff_apply removes only RRs that are there and adds
		 * only absent ones). The file is left as edited and counts as
		 * not yet read: no flush writes over it, the next reload
		 * tries it again.
		 */
		log_err("zone %s: hand edit of %s not applied; serial %u "
			"kept",
		    zs->cz->name, zs->cz->file, zs->zone->serial);
		zs->size = -1;
		rc = -1;
	} else if (!diff_empty(&d)) {
		if (zones_commit(zs, &d) != 0)
			rc = -1;
		else
			log_notice("zone %s: hand edit of %s applied on top "
				   "of the updates: serial %u, %zu removed, "
				   "%zu added, %d conflict%s (the file won)",
			    zs->cz->name, zs->cz->file, d.serial_to, d.nremoved,
			    d.nadded, n, n == 1 ? "" : "s");
	}
	diff_free(&d);
	if (rc == 0)
		rc = zones_flush1(zs);
	return rc;
}

void
zones_rebase(struct server *s, size_t i, struct zone *file)
{
	struct zslot *zs = &s->zones[i];
	struct zone *base;
	uint32_t serial = zs->zone->serial;

	base = zones_read_path(zs->cz, zs->base);
	if (base == NULL) {
		log_err("zone %s: no base %s to compare the file with; "
			"file not applied",
		    zs->cz->name, zs->base);
		zone_free(file);
		return;
	}
	(void)zones_rebase_base(zs, base, file);
	zone_free(base);
	zone_free(file);
	if (zs->zone->serial != serial && s->notifier != NULL)
		notifier_zone_changed(s->notifier, i, zs->zone->serial);
}

/*
 * A dynamic zone at start (DESIGN.md): the journal replayed on the zone
 * file. When a base is kept, the journal chains from it: base + journal
 * is the live zone, and a file edited meanwhile is carried over on top.
 * Returns 0; -1 when the zone file or base does not load; ZONES_JNL_BAD
 * when the journal cannot be opened or replayed (zs->zone is then the
 * file's tree, zs->jnl NULL).
 */
#define ZONES_JNL_BAD (-2)
static int
zones_dynamic(struct zslot *zs)
{
	const struct conf_zone *cz = zs->cz;
	struct zone *file = zs->zone, *base;
	int rc;

	if (zs->base == NULL && asprintf(&zs->base, "%s.base", cz->journal) < 0)
		fatal("out of memory");
	rc = jnl_open(cz->journal, cz->origin, cz->journal_size, zones_msg,
	    NULL, &zs->jnl);
	if (rc != 0) {
		/* Damage was described by jnl_open with its offset. */
		if (rc != RD_EMALFORMED)
			log_err("zone %s: journal %s: %s", cz->name,
			    cz->journal, rd_strerror(rc));
		return ZONES_JNL_BAD;
	}
	zs->flushed = file->serial;
	if (access(zs->base, F_OK) != 0) {
		if (zone_write_file(file, zs->base) != 0) {
			log_err("zone %s: cannot write %s", cz->name, zs->base);
			return -1;
		}
		base = NULL;
	} else {
		zs->zone = zones_read_path(cz, zs->base);
		base = zones_read_path(cz, zs->base);
		if (zs->zone == NULL || base == NULL) {
			zone_free(zs->zone);
			zone_free(base);
			zs->zone = file;
			return -1;
		}
	}
	rc = jnl_replay(zs->jnl, zs->zone);
	if (rc < 0) {
		log_err("zone %s: journal %s does not replay: %s", cz->name,
		    cz->journal, rd_strerror(rc));
		if (base != NULL) {
			zone_free(zs->zone);
			zone_free(base);
			zs->zone = file;
		}
		jnl_close(zs->jnl);
		zs->jnl = NULL;
		return ZONES_JNL_BAD;
	}
	if (rc > 0)
		log_info("zone %s: %d change%s replayed from %s", cz->name, rc,
		    rc == 1 ? "" : "s", cz->journal);
	/* Only when max-records: was lowered since the updates came in. */
	if (zones_max_records(
		cz, zs->zone->nrecords, "with its journal it holds") != 0) {
		log_err("zone %s: to take it back, raise max-records: for a "
			"start and delete records by UPDATE",
		    cz->name);
		if (base != NULL) {
			zone_free(zs->zone);
			zone_free(base);
			zs->zone = file;
		}
		return -1;
	}
	/*
	 * A journal that ends before the zone (records kept from a damaged
	 * one, all older than the zone file) holds nothing replay needs, and
	 * the next update could not follow it: start it over.
	 */
	if (jnl_count(zs->jnl) > 0 &&
	    diff_serial_gt(zs->zone->serial, jnl_last_serial(zs->jnl)) &&
	    jnl_trim(zs->jnl, zs->zone->serial, 0) < 0)
		log_warn("zone %s: journal %s ends before serial %u and could "
			 "not be emptied; updates will fail until it is moved "
			 "aside",
		    cz->name, cz->journal, zs->zone->serial);
	if (base != NULL) {
		rc = zones_rebase_base(zs, base, file);
		zone_free(base);
		zone_free(file);
	}
	return rc < 0 ? -1 : 0;
}

/*
 * Issue 7 point 5: a zone whose journal is damaged in the middle (or does
 * not replay) is stopped, not loaded from a history with a hole in it, and
 * radixd serves its other zones. An empty tree marked stopped stands in
 * the zone set: its names get SERVFAIL (as Knot answers for a zone it has
 * no contents for) instead of falling through to a parent zone we serve;
 * updates and transfers get SERVFAIL too. The journal is left untouched
 * for the operator; the recovery is in doc/reliability.md and radixd(8).
 */
static void
zones_stop(struct zslot *zs)
{
	const struct conf_zone *cz = zs->cz;

	if (zs->jnl != NULL)
		jnl_close(zs->jnl);
	zs->jnl = NULL;
	zone_free(zs->zone);
	if ((zs->zone = zone_new(cz->origin, 1)) == NULL)
		fatal("out of memory stopping zone %s", cz->name);
	zs->zone->stopped = 1;
	zs->stopped = 1;
	log_err("zone %s is stopped: its journal %s cannot be replayed (the "
		"lines above say where and why); its names get SERVFAIL, "
		"updates and transfers are refused, the other zones are "
		"served. To recover: mv %s %s.corrupt, then radixctl reload %s "
		"(or SIGHUP): the zone comes back from %s and the valid "
		"journal records before the damage; the updates after it are "
		"lost",
	    cz->name, cz->journal, cz->journal, cz->journal, cz->name,
	    cz->file);
}

/*
 * Raise the SOA serial of zone slot zs to serial, journalled: after a
 * salvage lost updates that secondaries may hold, the recovered zone must
 * be newer than anything they saw (RFC 1982 arithmetic), or they would
 * never transfer it and a later update could reuse one of their serials
 * for other data.
 */
static int
zones_bump(struct zslot *zs, uint32_t serial)
{
	const struct rrset *rs = znode_rrset(zs->zone->apex, RRTYPE_SOA);
	uint8_t to[DIFF_SOA_MAX];
	struct diff d;
	uint16_t len;
	int rc;

	if (rs == NULL || rs->count != 1)
		return RD_EINVAL;
	len = (uint16_t)((rs->data[0] << 8) | rs->data[1]);
	if (len < 20 || len > sizeof(to))
		return RD_EINVAL;
	memcpy(to, rs->data + 2, len);
	wire_put_u32(to + len - 20, serial);
	diff_init(&d);
	rc = diff_set_soa(&d, zs->zone->origin, rs->ttl, rs->data + 2, len,
	    rs->ttl, to, len);
	if (rc == 0)
		rc = zones_commit(zs, &d);
	diff_free(&d);
	return rc;
}

/* JOURNAL.corrupt, or the first free JOURNAL.corrupt.N; NULL: none free. */
static char *
zones_aside_name(const char *journal)
{
	char *p = NULL;
	int n;

	for (n = 0; n < 100; n++) {
		free(p);
		if ((n == 0 ? asprintf(&p, "%s.corrupt", journal)
			    : asprintf(&p, "%s.corrupt.%d", journal, n)) < 0)
			fatal("out of memory");
		if (access(p, F_OK) != 0)
			return p;
	}
	free(p);
	return NULL;
}

int
zones_load(struct server *s)
{
	struct zslot *zs;
	struct stat st;
	size_t i;
	int failed = 0, rc;

	s->db = zonedb_new();
	s->zones = calloc(s->conf.nzones, sizeof(*s->zones));
	if (s->db == NULL || s->zones == NULL)
		fatal("out of memory for the zone set");
	for (i = 0; i < s->conf.nzones; i++) {
		zs = &s->zones[i];
		zs->cz = &s->conf.zones[i];
		rc = 0;
		if (zones_stat(zs->cz->file, &st) != 0 ||
		    (zs->zone = zones_read(zs->cz)) == NULL ||
		    (acl_count(&zs->cz->acl_update) > 0 &&
			(rc = zones_dynamic(zs)) == -1)) {
			log_err("zone %s was not loaded; fix %s and start "
				"again",
			    zs->cz->name, zs->cz->file);
			failed++;
			continue;
		}
		if (rc == ZONES_JNL_BAD)
			zones_stop(zs);
		if (zs->jnl != NULL && stat(zs->cz->file, &st) != 0)
			fatal(
			    "zone %s: %s is gone", zs->cz->name, zs->cz->file);
		if (zs->jnl == NULL)
			zones_static_open(zs);
		zones_remember(zs, &st);
		zs->flush_at = time(NULL) + zs->cz->zonefile_sync;
		zs->loaded_at = time(NULL);
		if (zonedb_add(s->db, zs->zone) != 0)
			fatal("zone %s: cannot add it to the zone set",
			    zs->cz->name);
		if (!zs->stopped)
			log_info("zone %s: serial %u, %zu records, from %s",
			    zs->cz->name, zs->zone->serial, zs->zone->nrecords,
			    zs->cz->file);
	}
	return failed ? -1 : 0;
}

/* Re-read zone slot i's file if it changed: zones_reload_zone's part. */
static int
zones_reload_file(struct server *s, size_t i)
{
	struct zslot *zs = &s->zones[i];
	struct zone *z, *old;
	struct stat st;
	uint32_t serial;

	if (zones_stat(zs->cz->file, &st) != 0) {
		log_err("zone %s: still serving serial %u", zs->cz->name,
		    zs->zone->serial);
		return -1;
	}
	if (zones_same(zs, &st))
		return 0;
	z = zones_read(zs->cz);
	if (z == NULL) {
		log_err("zone %s: reload failed; still serving serial %u; fix "
			"%s and send SIGHUP again",
		    zs->cz->name, zs->zone->serial, zs->cz->file);
		return -1;
	}
	zs->loaded_at = time(NULL);
	if (zs->jnl != NULL) {
		zones_remember(zs, &st);
		zones_rebase(s, i, z);
		return 0;
	}
	serial = zs->zone->serial;
	zones_static_reload(zs, zs->zone, z);
	old = zonedb_replace(s->db, z);
	/* Workers keep their copy-on-write view of the old one. */
	if (old != NULL)
		zone_free(old);
	zs->zone = z;
	zones_remember(zs, &st);
	log_notice("zone %s: reloaded serial %u, %zu records, from %s",
	    zs->cz->name, z->serial, z->nrecords, zs->cz->file);
	if (z->serial != serial && s->notifier != NULL)
		notifier_zone_changed(s->notifier, i, z->serial);
	return 0;
}

/*
 * A stopped zone on reload: load it again from its zone file and journal.
 * When the operator moved the damaged journal to JOURNAL.corrupt and no
 * journal is at JOURNAL, its valid records before the damage are taken
 * into a new journal first (jnl_salvage); the damaged copy stays as it is.
 */
static int
zones_restart(struct server *s, size_t i)
{
	struct zslot *zs = &s->zones[i];
	const struct conf_zone *cz = zs->cz;
	struct jnl_damage dmg;
	struct zone *z, *stopped = zs->zone, *old;
	struct stat st;
	char *moved;
	int kept = -1, rc;

	if (zones_stat(cz->file, &st) != 0 || (z = zones_read(cz)) == NULL) {
		log_err("zone %s: still stopped; fix %s and reload again",
		    cz->name, cz->file);
		return -1;
	}
	memset(&dmg, 0, sizeof(dmg));
	if (asprintf(&moved, "%s.corrupt", cz->journal) < 0)
		fatal("out of memory");
	if (access(cz->journal, F_OK) != 0 && access(moved, F_OK) == 0) {
		kept = jnl_salvage(moved, cz->journal, cz->origin,
		    cz->journal_size, zones_msg, NULL, &dmg);
		if (kept < 0) {
			log_err("zone %s: no record could be taken from %s: "
				"%s; still stopped. To start from %s alone, "
				"move %s out of the way too and reload",
			    cz->name, moved, rd_strerror(kept), cz->file,
			    moved);
			zone_free(z);
			free(moved);
			return -1;
		}
	}
	zs->zone = z;
	rc = zones_dynamic(zs);
	if (rc != 0) {
		if (zs->jnl != NULL)
			jnl_close(zs->jnl);
		zs->jnl = NULL;
		zone_free(zs->zone);
		zs->zone = stopped;
		log_err("zone %s: still stopped; the lines above say why",
		    cz->name);
		free(moved);
		return -1;
	}
	if (kept >= 0)
		log_notice("zone %s: %d valid journal record%s taken from %s "
			   "(up to serial %u); %s",
		    cz->name, kept, kept == 1 ? "" : "s", moved,
		    dmg.last_serial,
		    dmg.damaged ? "the records from the damage on are lost"
				: "it had no damage");
	/* Secondaries may hold serials up to dmg.max_serial: go above. */
	if (dmg.damaged && dmg.after > 0 &&
	    diff_serial_gt(dmg.max_serial, zs->zone->serial)) {
		if ((rc = zones_bump(zs, dmg.max_serial + 1)) != 0)
			log_err("zone %s: serial not raised above %u: %s; "
				"raise it by hand in %s",
			    cz->name, dmg.max_serial, rd_strerror(rc),
			    cz->file);
		else
			log_notice("zone %s: serial raised to %u, above the "
				   "lost updates' %u, so secondaries transfer "
				   "the recovered zone",
			    cz->name, zs->zone->serial, dmg.max_serial);
	}
	free(moved);
	old = zonedb_replace(s->db, zs->zone);
	if (old != NULL)
		zone_free(old);
	zs->stopped = 0;
	if (stat(cz->file, &st) == 0)
		zones_remember(zs, &st);
	zs->loaded_at = time(NULL);
	zs->flush_at = zs->loaded_at + cz->zonefile_sync;
	log_notice("zone %s: recovered, serving serial %u, %zu records",
	    cz->name, zs->zone->serial, zs->zone->nrecords);
	if (s->notifier != NULL)
		notifier_zone_changed(s->notifier, i, zs->zone->serial);
	return 0;
}

/*
 * A dynamic zone's journal checked on reload (jnl_verify). Damaged while
 * radixd runs, it is no reason to stop the zone: main's tree holds every
 * acknowledged update. So the tree is written to the zone file and base
 * (as a flush does), the damaged journal is kept as JOURNAL.corrupt and
 * a new, empty one started: nothing is lost but the IXFR history.
 */
static void
zones_rescue(struct zslot *zs)
{
	const struct conf_zone *cz = zs->cz;
	char *aside = NULL;
	int rc;

	rc = jnl_verify(zs->jnl, NULL);
	if (rc == 0)
		return;
	if (rc != RD_EMALFORMED && rc != RD_ENOTFOUND) {
		log_err("zone %s: journal %s not checked: %s", cz->name,
		    cz->journal, rd_strerror(rc));
		return;
	}
	if (access(cz->journal, F_OK) == 0) {
		if ((aside = zones_aside_name(cz->journal)) == NULL ||
		    rename(cz->journal, aside) != 0) {
			log_err("zone %s: cannot move %s aside: %s; updates "
				"go on into it; move it aside by hand and "
				"reload",
			    cz->name, cz->journal, strerror(errno));
			free(aside);
			return;
		}
	}
	jnl_close(zs->jnl);
	zs->jnl = NULL;
	rc = jnl_open(cz->journal, cz->origin, cz->journal_size, zones_msg,
	    NULL, &zs->jnl);
	if (rc != 0) {
		zs->frozen = 1;
		log_err("zone %s: cannot start a new journal %s: %s; the zone "
			"is served but frozen (updates refused); fix it and "
			"run radixctl thaw %s",
		    cz->name, cz->journal, rd_strerror(rc), cz->name);
		free(aside);
		return;
	}
	rc = zones_flush1(zs);
	log_err("zone %s: journal %s was %s while in use; the zone in memory "
		"holds every acknowledged update and keeps serving: serial %u "
		"%s %s, %s%s%s a new journal started (secondaries asking for "
		"IXFR from before it get AXFR)",
	    cz->name, cz->journal, aside != NULL ? "damaged" : "moved away",
	    zs->zone->serial, rc == 0 ? "written to" : "NOT written to",
	    cz->file, aside != NULL ? "the damaged one kept as " : "",
	    aside != NULL ? aside : "", aside != NULL ? " and" : "and");
	free(aside);
}

int
zones_reload_zone(struct server *s, size_t i)
{
	struct zslot *zs = &s->zones[i];
	int rc;

	if (zs->stopped)
		return zones_restart(s, i);
	rc = zones_reload_file(s, i);
	/* With a zone file that does not load, no rescue writes over it. */
	if (rc == 0 && zs->jnl != NULL)
		zones_rescue(zs);
	return rc;
}

void
zones_reload(struct server *s)
{
	size_t i;

	for (i = 0; i < s->conf.nzones; i++)
		(void)zones_reload_zone(s, i);
}
