/*
 * zones: load the configured zones in main, and reload changed ones on
 * SIGHUP. A zone whose new file fails to load keeps serving its old data.
 */
#include "config.h"

#include <sys/stat.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dns/load.h"
#include "dns/zone.h"
#include "dns/zonedb.h"
#include "server/log.h"
#include "server/server.h"

/* rd_msg_cb: every diagnostic with the file and line it names. */
static void
zones_msg(void *ctx, enum rd_sev sev, const char *file, unsigned line,
    unsigned col, const char *msg)
{
	int level = sev == RD_SEV_ERROR	    ? LOG_LVL_ERR
		    : sev == RD_SEV_WARNING ? LOG_LVL_WARNING
					    : LOG_LVL_INFO;

	(void)ctx;
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
zones_read(const struct conf_zone *cz)
{
	struct load_opts o;
	struct zone *z = NULL;
	int n;

	memset(&o, 0, sizeof(o));
	o.allow_include = 1;
	n = load_zone_file(cz->file, cz->origin, &o, zones_msg, NULL, &z);
	if (n == RD_ENOMEM) {
		log_err(
		    "zone %s: out of memory loading %s", cz->name, cz->file);
		return NULL;
	}
	if (n != 0 || z == NULL) {
		log_err("zone %s: %d error%s in %s", cz->name, n,
		    n == 1 ? "" : "s", cz->file);
		return NULL;
	}
	return z;
}

int
zones_load(struct server *s)
{
	struct zslot *zs;
	struct stat st;
	size_t i;
	int failed = 0;

	s->db = zonedb_new();
	s->zones = calloc(s->conf.nzones, sizeof(*s->zones));
	if (s->db == NULL || s->zones == NULL)
		fatal("out of memory for the zone set");
	for (i = 0; i < s->conf.nzones; i++) {
		zs = &s->zones[i];
		zs->cz = &s->conf.zones[i];
		if (zones_stat(zs->cz->file, &st) != 0 ||
		    (zs->zone = zones_read(zs->cz)) == NULL) {
			log_err("zone %s was not loaded; fix %s and start "
				"again",
			    zs->cz->name, zs->cz->file);
			failed++;
			continue;
		}
		zones_remember(zs, &st);
		if (zonedb_add(s->db, zs->zone) != 0)
			fatal("zone %s: cannot add it to the zone set",
			    zs->cz->name);
		log_info("zone %s: serial %u, %zu records, from %s",
		    zs->cz->name, zs->zone->serial, zs->zone->nrecords,
		    zs->cz->file);
	}
	return failed ? -1 : 0;
}

void
zones_reload(struct server *s)
{
	struct zone *z, *old;
	struct zslot *zs;
	struct stat st;
	size_t i;

	for (i = 0; i < s->conf.nzones; i++) {
		zs = &s->zones[i];
		if (zones_stat(zs->cz->file, &st) != 0) {
			log_err("zone %s: still serving serial %u",
			    zs->cz->name, zs->zone->serial);
			continue;
		}
		if (zones_same(zs, &st))
			continue;
		z = zones_read(zs->cz);
		if (z == NULL) {
			log_err("zone %s: reload failed; still serving "
				"serial %u; fix %s and send SIGHUP again",
			    zs->cz->name, zs->zone->serial, zs->cz->file);
			continue;
		}
		old = zonedb_replace(s->db, z);
		/* Workers keep their copy-on-write view of the old one. */
		if (old != NULL)
			zone_free(old);
		zs->zone = z;
		zones_remember(zs, &st);
		log_notice("zone %s: reloaded serial %u, %zu records, from %s",
		    zs->cz->name, z->serial, z->nrecords, zs->cz->file);
	}
}
