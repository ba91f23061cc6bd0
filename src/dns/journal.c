/*
 * journal: the durable log of a dynamic zone's diffs.
 *
 * File layout, integers in network order:
 *   header: "RADIXJNL", u32 version (1), u8 origin length, origin (wire),
 *           u32 CRC-32 of the header octets before it;
 *   records: u32 length, u32 CRC-32 of the payload, payload (a diff in the
 *           form of diff_serialize, whose serials sit at offsets 2 and 6).
 *
 * Appends are written with one pwrite at the end of the valid data and
 * are not synced: jnl_sync makes all of them durable at once, and the
 * writer acknowledges only after it (group commit). A crash can leave
 * the unsynced tail torn: a short record, or one whose checksum fails,
 * possibly zero-filled by the file system. Such a tail was never
 * acknowledged and is cut at open. A bad record followed by a record that
 * checks out cannot come from a torn append: that is corruption, and the
 * zone must not be loaded from a history with a hole in it.
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

#include "dns/diff.h"
#include "dns/err.h"
#include "dns/journal.h"
#include "dns/name.h"
#include "dns/wire.h"
#include "dns/zone.h"

#define JNL_MAGIC "RADIXJNL"
#define JNL_VERSION 1
#define JNL_RECHDR 8
/* The smallest payload: the header of a diff and its record count. */
#define JNL_MINREC 14
#define JNL_COPYBUF 65536
/* What to do about damage, by who found it. */
#define JNL_ASIDE "move the journal aside and reload the zone from its " \
	"zone file"
#define JNL_KEPT "the records before it are kept, the rest is lost"
#define JNL_IN_USE "found while in use: the zone in memory is whole"

struct jrec {
	uint64_t off;		/* of the record header */
	uint32_t len;		/* of the payload */
	uint32_t serial_from;
	uint32_t serial_to;
};

struct jnl {
	int fd;
	char *path;
	uint8_t origin[NAME_MAXLEN];
	size_t hdrlen;
	uint64_t size;		/* end of the valid data */
	size_t max_size;
	struct jrec *v;
	size_t n, cap;
	uint8_t *buf;
	size_t bufcap;
	rd_msg_cb cb;
	void *ctx;
	int rdonly;		/* jnl_salvage's reading of a damaged copy */
	struct jnl_damage dmg;	/* the last damage found */
};

static void
jmsg(struct jnl *j, enum rd_sev sev, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
jmsg(struct jnl *j, enum rd_sev sev, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (j->cb == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	j->cb(j->ctx, sev, j->path, 0, 0, msg);
}

static uint32_t
crc(const uint8_t *p, size_t len)
{
	return (uint32_t)crc32(crc32(0L, Z_NULL, 0), p, (uInt)len);
}

static int
buf_need(struct jnl *j, size_t n)
{
	uint8_t *nb;

	if (n <= j->bufcap)
		return 0;
	if ((nb = realloc(j->buf, n)) == NULL)
		return RD_ENOMEM;
	j->buf = nb;
	j->bufcap = n;
	return 0;
}

static int
read_at(int fd, void *p, size_t len, uint64_t off)
{
	ssize_t r;
	size_t got = 0;

	while (got < len) {
		r = pread(fd, (uint8_t *)p + got, len - got,
		    (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return RD_EIO;
		got += (size_t)r;
	}
	return 0;
}

static int
write_at(int fd, const void *p, size_t len, uint64_t off)
{
	ssize_t r;
	size_t put = 0;

	while (put < len) {
		r = pwrite(fd, (const uint8_t *)p + put, len - put,
		    (off_t)(off + put));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = ENOSPC;
			return RD_EIO;
		}
		put += (size_t)r;
	}
	return 0;
}

/* fsync the folder holding path, so a create or rename is durable. */
static int
sync_dir(const char *path)
{
	char dir[4096];
	const char *slash;
	int fd, ret = 0;

	if ((slash = strrchr(path, '/')) == NULL)
		strcpy(dir, ".");
	else if (slash == path)
		strcpy(dir, "/");
	else if ((size_t)(slash - path) < sizeof(dir))
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	else
		return RD_EIO;
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return RD_EIO;
	if (fsync(fd) != 0)
		ret = RD_EIO;
	close(fd);
	return ret;
}

static size_t
header_build(const uint8_t *origin, uint8_t *h)
{
	size_t olen = name_len(origin), n;

	memcpy(h, JNL_MAGIC, 8);
	wire_put_u32(h + 8, JNL_VERSION);
	h[12] = (uint8_t)olen;
	memcpy(h + 13, origin, olen);
	n = 13 + olen;
	wire_put_u32(h + n, crc(h, n));
	return n + 4;
}

static int
header_write(int fd, const uint8_t *origin, size_t *hdrlen)
{
	uint8_t h[13 + NAME_MAXLEN + 4];

	*hdrlen = header_build(origin, h);
	return write_at(fd, h, *hdrlen, 0);
}

static int
header_read(struct jnl *j, uint64_t fsize)
{
	uint8_t h[13 + NAME_MAXLEN + 4];
	size_t olen;

	if (fsize < 13 || read_at(j->fd, h, 13, 0) != 0 ||
	    memcmp(h, JNL_MAGIC, 8) != 0 ||
	    wire_get_u32(h + 8) != JNL_VERSION) {
		jmsg(j, RD_SEV_ERROR, "not a radixdns journal (version %u); "
		    "move it aside", JNL_VERSION);
		return RD_EMALFORMED;
	}
	olen = h[12];
	if (olen == 0 || fsize < 17 + olen ||
	    read_at(j->fd, h + 13, olen + 4, 13) != 0 ||
	    name_check(h + 13, olen) != (int)olen ||
	    wire_get_u32(h + 13 + olen) != crc(h, 13 + olen)) {
		jmsg(j, RD_SEV_ERROR, "journal header is damaged; move the "
		    "journal aside and reload from the zone file");
		return RD_EMALFORMED;
	}
	if (!name_equal(h + 13, j->origin)) {
		jmsg(j, RD_SEV_ERROR, "journal belongs to another zone; "
		    "check the journal path in the configuration");
		return RD_EINVAL;
	}
	j->hdrlen = 17 + olen;
	return 0;
}

static int
index_push(struct jnl *j, uint64_t off, uint32_t len, const uint8_t *pl)
{
	struct jrec *nv;
	size_t ncap;

	if (j->n == j->cap) {
		ncap = j->cap ? j->cap * 2 : 64;
		if ((nv = realloc(j->v, ncap * sizeof(*nv))) == NULL)
			return RD_ENOMEM;
		j->v = nv;
		j->cap = ncap;
	}
	j->v[j->n].off = off;
	j->v[j->n].len = len;
	j->v[j->n].serial_from = wire_get_u32(pl + 2);
	j->v[j->n].serial_to = wire_get_u32(pl + 6);
	j->n++;
	return 0;
}

/*
 * Check the record at off: 1 when it is whole and its checksum holds
 * (payload in j->buf, length in *len), 0 when not, or an error.
 */
static int
rec_check(struct jnl *j, uint64_t off, uint64_t fsize, uint32_t *len)
{
	uint8_t h[JNL_RECHDR];

	if (fsize - off < JNL_RECHDR)
		return 0;
	if (read_at(j->fd, h, JNL_RECHDR, off) != 0)
		return RD_EIO;
	*len = wire_get_u32(h);
	if (*len < JNL_MINREC || *len > fsize - off - JNL_RECHDR)
		return 0;
	if (buf_need(j, *len) != 0)
		return RD_ENOMEM;
	if (read_at(j->fd, j->buf, *len, off + JNL_RECHDR) != 0)
		return RD_EIO;
	return crc(j->buf, *len) == wire_get_u32(h + 4);
}

/*
 * What is wrong with the record at off, in words, for the log: the record
 * header cannot be read whole, its length is impossible, or its checksum
 * does not hold.
 */
static void
rec_why(struct jnl *j, uint64_t off, uint64_t fsize, char *why, size_t len)
{
	uint8_t h[JNL_RECHDR];
	uint32_t rlen;

	if (fsize - off < JNL_RECHDR || read_at(j->fd, h, JNL_RECHDR, off) != 0) {
		snprintf(why, len, "only %llu octets left, less than a record "
		    "header", (unsigned long long)(fsize - off));
		return;
	}
	rlen = wire_get_u32(h);
	if (rlen < JNL_MINREC)
		snprintf(why, len, "impossible length %u (the least is %u)",
		    rlen, JNL_MINREC);
	else if (rlen > fsize - off - JNL_RECHDR)
		snprintf(why, len, "impossible length %u (only %llu octets "
		    "follow the record header)", rlen,
		    (unsigned long long)(fsize - off - JNL_RECHDR));
	else if (buf_need(j, rlen) != 0 ||
	    read_at(j->fd, j->buf, rlen, off + JNL_RECHDR) != 0)
		snprintf(why, len, "unreadable payload of %u octets", rlen);
	else
		snprintf(why, len, "checksum mismatch (stored %08x, payload "
		    "of %u octets gives %08x)", wire_get_u32(h + 4), rlen,
		    crc(j->buf, rlen));
}

/*
 * Look for whole records anywhere after the bad one at bad, trying every
 * offset: a damaged length field hides where the next record starts. A
 * record counts when its length is possible, its checksum holds and its
 * payload is a diff. Records found are followed from one to the next.
 * Returns 0 with the count, the first offset and the highest serial_to,
 * or RD_ENOMEM / RD_EIO.
 */
static int
scan_after(struct jnl *j, uint64_t bad, uint64_t skip, uint64_t fsize,
    struct jnl_damage *dmg)
{
	uint64_t p, rest = fsize - bad;
	uint8_t *b;
	uint32_t len, to;
	struct diff d;

	dmg->after = 0;
	if (rest < skip + JNL_RECHDR + JNL_MINREC)
		return 0;
	if ((b = malloc((size_t)rest)) == NULL)
		return RD_ENOMEM;
	if (read_at(j->fd, b, (size_t)rest, bad) != 0) {
		free(b);
		return RD_EIO;
	}
	diff_init(&d);
	for (p = skip; p + JNL_RECHDR + JNL_MINREC <= rest;) {
		len = wire_get_u32(b + p);
		if (len < JNL_MINREC || len > rest - p - JNL_RECHDR ||
		    crc(b + p + JNL_RECHDR, len) != wire_get_u32(b + p + 4) ||
		    diff_deserialize(&d, b + p + JNL_RECHDR, len) != 0) {
			p++;
			continue;
		}
		to = wire_get_u32(b + p + JNL_RECHDR + 6);
		if (dmg->after == 0) {
			dmg->next_off = bad + p;
			dmg->max_serial = to;
		} else if (diff_serial_gt(to, dmg->max_serial))
			dmg->max_serial = to;
		dmg->after++;
		p += JNL_RECHDR + len;
	}
	diff_free(&d);
	free(b);
	return 0;
}

/* Record and report the damage at off (dmg->why and the after fields set). */
static int
damaged(struct jnl *j, uint64_t off, size_t kept, const char *advice)
{
	struct jnl_damage *dmg = &j->dmg;

	dmg->damaged = 1;
	dmg->off = off;
	dmg->kept = kept;
	dmg->last_serial = kept ? j->v[kept - 1].serial_to : 0;
	jmsg(j, RD_SEV_ERROR, "journal record at offset %llu is damaged: %s; "
	    "%zu valid record%s before it (up to serial %u), %zu after it "
	    "(the first at offset %llu, up to serial %u): not a torn write; "
	    "%s", (unsigned long long)off, dmg->why, dmg->kept,
	    dmg->kept == 1 ? "" : "s", dmg->last_serial, dmg->after,
	    (unsigned long long)dmg->next_off, dmg->max_serial, advice);
	return RD_EMALFORMED;
}

/*
 * A bad record at off: cut it off when it is the torn tail, that is when
 * no whole record follows it anywhere. Otherwise the journal is damaged:
 * describe the damage in j->dmg and refuse it.
 */
static int
bad_record(struct jnl *j, uint64_t off, uint64_t fsize)
{
	struct jnl_damage *dmg = &j->dmg;
	int ret;

	memset(dmg, 0, sizeof(*dmg));
	if ((ret = scan_after(j, off, 1, fsize, dmg)) != 0)
		return ret;
	if (dmg->after > 0) {
		rec_why(j, off, fsize, dmg->why, sizeof(dmg->why));
		return damaged(j, off, j->n, j->rdonly ? JNL_KEPT : JNL_ASIDE);
	}
	if (j->rdonly)
		return 0;
	if (ftruncate(j->fd, (off_t)off) != 0 || fdatasync(j->fd) != 0)
		return RD_EIO;
	jmsg(j, RD_SEV_WARNING, "torn journal tail of %llu octets at offset "
	    "%llu cut off (an update that was never acknowledged)",
	    (unsigned long long)(fsize - off), (unsigned long long)off);
	return 0;
}

static int rec_read(struct jnl *j, size_t i, struct diff *d);

static int
scan(struct jnl *j, uint64_t fsize)
{
	uint64_t off = j->hdrlen;
	uint32_t len;
	int ret;

	while (off < fsize) {
		if ((ret = rec_check(j, off, fsize, &len)) < 0)
			return ret;
		if (ret == 0)
			return bad_record(j, off, fsize);
		if (j->n > 0 &&
		    wire_get_u32(j->buf + 2) != j->v[j->n - 1].serial_to) {
			memset(&j->dmg, 0, sizeof(j->dmg));
			snprintf(j->dmg.why, sizeof(j->dmg.why), "its serial "
			    "%u does not follow serial %u",
			    wire_get_u32(j->buf + 2), j->v[j->n - 1].serial_to);
			if ((ret = scan_after(j, off, 0, fsize, &j->dmg)) != 0)
				return ret;
			return damaged(j, off, j->n,
			    j->rdonly ? JNL_KEPT : JNL_ASIDE);
		}
		if ((ret = index_push(j, off, len, j->buf)) != 0)
			return ret;
		off += JNL_RECHDR + len;
		j->size = off;
	}
	return 0;
}

/*
 * A file shorter than our header whose octets are the start of it: the
 * creation was cut by a crash before its sync. Nothing was ever recorded.
 */
static int
header_torn(struct jnl *j, uint64_t fsize)
{
	uint8_t want[13 + NAME_MAXLEN + 4], have[13 + NAME_MAXLEN + 4];
	size_t n;

	n = header_build(j->origin, want);
	if (fsize == 0 || fsize >= n || read_at(j->fd, have, fsize, 0) != 0 ||
	    memcmp(have, want, fsize) != 0)
		return 0;
	jmsg(j, RD_SEV_WARNING, "journal header cut short by a crash; "
	    "started again");
	return ftruncate(j->fd, 0) == 0;
}

static int
jnl_init(struct jnl *j)
{
	struct stat sb;
	int ret;

	if (fstat(j->fd, &sb) != 0)
		return RD_EIO;
	if (sb.st_size == 0 || header_torn(j, (uint64_t)sb.st_size)) {
		if ((ret = header_write(j->fd, j->origin, &j->hdrlen)) != 0 ||
		    fdatasync(j->fd) != 0 || sync_dir(j->path) != 0)
			return RD_EIO;
		j->size = j->hdrlen;
		return 0;
	}
	if ((ret = header_read(j, (uint64_t)sb.st_size)) != 0)
		return ret;
	j->size = j->hdrlen;
	return scan(j, (uint64_t)sb.st_size);
}

int
jnl_open(const char *path, const uint8_t *origin, size_t max_size,
    rd_msg_cb cb, void *ctx, struct jnl **out)
{
	struct jnl *j;
	int ret;

	*out = NULL;
	if ((j = calloc(1, sizeof(*j))) == NULL ||
	    (j->path = strdup(path)) == NULL) {
		free(j);
		return RD_ENOMEM;
	}
	memcpy(j->origin, origin, name_len(origin));
	j->max_size = max_size;
	j->cb = cb;
	j->ctx = ctx;
	j->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0640);
	if (j->fd < 0) {
		jmsg(j, RD_SEV_ERROR, "cannot open the journal: %s",
		    strerror(errno));
		ret = RD_EIO;
	} else
		ret = jnl_init(j);
	if (ret != 0) {
		jnl_close(j);
		return ret;
	}
	*out = j;
	return 0;
}

void
jnl_close(struct jnl *j)
{
	if (j == NULL)
		return;
	if (j->fd >= 0)
		close(j->fd);
	free(j->path);
	free(j->v);
	free(j->buf);
	free(j);
}

/*
 * After a failed append: the file ends on the last whole record again.
 * Should even this fail, the next append overwrites the same octets and
 * the next open cuts a torn tail: nothing acknowledged is at stake.
 */
static void
cut_back(struct jnl *j)
{
	if (ftruncate(j->fd, (off_t)j->size) != 0)
		jmsg(j, RD_SEV_WARNING, "cannot cut back a failed append: %s",
		    strerror(errno));
}

int
jnl_append(struct jnl *j, const struct diff *d)
{
	size_t len;
	int ret, err;

	if (!d->has_soa ||
	    (j->n > 0 && d->serial_from != j->v[j->n - 1].serial_to))
		return RD_EINVAL;
	len = diff_serialized_len(d);
	if (len > UINT32_MAX - JNL_RECHDR)
		return RD_ELIMIT;
	if (j->max_size != 0 && j->size + JNL_RECHDR + len > j->max_size)
		return RD_ELIMIT;
	if (buf_need(j, JNL_RECHDR + len) != 0)
		return RD_ENOMEM;
	if ((ret = diff_serialize(d, j->buf + JNL_RECHDR, len)) < 0)
		return ret;
	wire_put_u32(j->buf, (uint32_t)len);
	wire_put_u32(j->buf + 4, crc(j->buf + JNL_RECHDR, len));
	if (write_at(j->fd, j->buf, JNL_RECHDR + len, j->size) != 0) {
		/* Cut back what was written, so the file ends on a record. */
		err = errno;
		cut_back(j);
		errno = err;
		return RD_EIO;
	}
	if ((ret = index_push(j, j->size, (uint32_t)len,
	    j->buf + JNL_RECHDR)) != 0) {
		cut_back(j);
		return ret;
	}
	j->size += JNL_RECHDR + len;
	return 0;
}

int
jnl_sync(struct jnl *j)
{
	return fdatasync(j->fd) == 0 ? 0 : RD_EIO;
}

int
jnl_verify(struct jnl *j, struct jnl_damage *dmg)
{
	struct stat a, b;
	uint8_t h[JNL_RECHDR];
	size_t i;
	int ret = 0;

	memset(&j->dmg, 0, sizeof(j->dmg));
	if (stat(j->path, &a) != 0 || fstat(j->fd, &b) != 0 ||
	    a.st_dev != b.st_dev || a.st_ino != b.st_ino) {
		jmsg(j, RD_SEV_ERROR, "the journal file was moved or removed "
		    "while in use");
		ret = RD_ENOTFOUND;
	} else if ((uint64_t)b.st_size < j->size) {
		snprintf(j->dmg.why, sizeof(j->dmg.why), "the file was cut "
		    "to %llu octets, its records end at %llu",
		    (unsigned long long)b.st_size,
		    (unsigned long long)j->size);
		for (i = 0; i < j->n &&
		    j->v[i].off + JNL_RECHDR + j->v[i].len <= (uint64_t)b.st_size;
		    i++)
			;
		ret = damaged(j, i < j->n ? j->v[i].off : j->size, i,
		    JNL_IN_USE);
	}
	for (i = 0; ret == 0 && i < j->n; i++) {
		if (read_at(j->fd, h, JNL_RECHDR, j->v[i].off) != 0 ||
		    buf_need(j, j->v[i].len) != 0 ||
		    read_at(j->fd, j->buf, j->v[i].len,
		    j->v[i].off + JNL_RECHDR) != 0)
			return RD_EIO;
		if (wire_get_u32(h) == j->v[i].len &&
		    crc(j->buf, j->v[i].len) == wire_get_u32(h + 4))
			continue;
		rec_why(j, j->v[i].off, j->size, j->dmg.why,
		    sizeof(j->dmg.why));
		if ((ret = scan_after(j, j->v[i].off, 1, j->size,
		    &j->dmg)) != 0)
			return ret;
		ret = damaged(j, j->v[i].off, i, JNL_IN_USE);
	}
	if (dmg != NULL)
		*dmg = j->dmg;
	return ret;
}

int
jnl_salvage(const char *from, const char *to, const uint8_t *origin,
    size_t max_size, rd_msg_cb cb, void *ctx, struct jnl_damage *dmg)
{
	struct jnl *src, *dst = NULL;
	struct stat sb;
	struct diff d;
	size_t i;
	int ret;

	memset(dmg, 0, sizeof(*dmg));
	if ((src = calloc(1, sizeof(*src))) == NULL ||
	    (src->path = strdup(from)) == NULL) {
		free(src);
		return RD_ENOMEM;
	}
	memcpy(src->origin, origin, name_len(origin));
	src->cb = cb;
	src->ctx = ctx;
	src->rdonly = 1;
	if ((src->fd = open(from, O_RDONLY | O_CLOEXEC)) < 0 ||
	    fstat(src->fd, &sb) != 0) {
		jmsg(src, RD_SEV_ERROR, "cannot read it: %s", strerror(errno));
		jnl_close(src);
		return RD_EIO;
	}
	if ((ret = header_read(src, (uint64_t)sb.st_size)) != 0) {
		jnl_close(src);
		return ret;
	}
	/* A damaged record stops the scan: the records before it stay. */
	src->size = src->hdrlen;
	ret = scan(src, (uint64_t)sb.st_size);
	if (ret != 0 && ret != RD_EMALFORMED) {
		jnl_close(src);
		return ret;
	}
	*dmg = src->dmg;
	dmg->kept = src->n;
	dmg->last_serial = jnl_last_serial(src);
	diff_init(&d);
	ret = jnl_open(to, origin, max_size, cb, ctx, &dst);
	for (i = 0; ret == 0 && i < src->n; i++)
		if ((ret = rec_read(src, i, &d)) == 0)
			ret = jnl_append(dst, &d);
	if (ret == 0)
		ret = jnl_sync(dst);
	diff_free(&d);
	jnl_close(dst);
	jnl_close(src);
	if (ret != 0) {
		unlink(to);
		return ret;
	}
	return (int)dmg->kept;
}

/* Read record i into d, checking it again. */
static int
rec_read(struct jnl *j, size_t i, struct diff *d)
{
	const struct jrec *r = &j->v[i];
	uint8_t h[JNL_RECHDR];

	if (buf_need(j, r->len) != 0)
		return RD_ENOMEM;
	if (read_at(j->fd, h, JNL_RECHDR, r->off) != 0 ||
	    read_at(j->fd, j->buf, r->len, r->off + JNL_RECHDR) != 0)
		return RD_EIO;
	if (wire_get_u32(h) != r->len ||
	    crc(j->buf, r->len) != wire_get_u32(h + 4))
		return RD_EMALFORMED;
	return diff_deserialize(d, j->buf, r->len);
}

static int
find_from(const struct jnl *j, uint32_t serial, size_t *idx)
{
	size_t i;

	for (i = 0; i < j->n; i++)
		if (j->v[i].serial_from == serial) {
			*idx = i;
			return 0;
		}
	return RD_ENOTFOUND;
}

int
jnl_replay(struct jnl *j, struct zone *z)
{
	struct diff d;
	size_t i;
	int ret = 0, count = 0;

	if (j->n == 0 || z->serial == j->v[j->n - 1].serial_to ||
	    diff_serial_gt(z->serial, j->v[j->n - 1].serial_to))
		return 0;
	if (find_from(j, z->serial, &i) != 0) {
		jmsg(j, RD_SEV_ERROR, "journal (serials %u to %u) does not "
		    "chain from the zone file's serial %u; move the journal "
		    "aside or restore the zone file", j->v[0].serial_from,
		    j->v[j->n - 1].serial_to, z->serial);
		return RD_ESEMANTIC;
	}
	diff_init(&d);
	for (; i < j->n; i++) {
		if ((ret = rec_read(j, i, &d)) != 0 ||
		    (ret = diff_apply(z, &d)) != 0) {
			jmsg(j, RD_SEV_ERROR, "journal record from serial %u "
			    "cannot be applied: %s; move the journal aside "
			    "and reload from the zone file",
			    j->v[i].serial_from, rd_strerror(ret));
			break;
		}
		count++;
	}
	diff_free(&d);
	return ret != 0 ? ret : count;
}

int
jnl_iter_init(struct jnl *j, uint32_t serial, struct jnl_iter *it)
{
	it->j = j;
	return find_from(j, serial, &it->idx);
}

int
jnl_iter_next(struct jnl_iter *it, struct diff *d)
{
	int ret;

	if (it->idx >= it->j->n)
		return 0;
	if ((ret = rec_read(it->j, it->idx, d)) != 0)
		return ret;
	it->idx++;
	return 1;
}

/* Copy the records from off to the end into fd after the header. */
static int
copy_tail(struct jnl *j, int fd, uint64_t off, size_t hdrlen)
{
	uint64_t dst = hdrlen;
	size_t n;

	if (buf_need(j, JNL_COPYBUF) != 0)
		return RD_ENOMEM;
	while (off < j->size) {
		n = j->size - off < JNL_COPYBUF ? (size_t)(j->size - off) :
		    JNL_COPYBUF;
		if (read_at(j->fd, j->buf, n, off) != 0 ||
		    write_at(fd, j->buf, n, dst) != 0)
			return RD_EIO;
		off += n;
		dst += n;
	}
	return 0;
}

static int
rewrite(struct jnl *j, size_t drop)
{
	char tmp[4096];
	uint64_t from, shift;
	size_t hdrlen, i;
	int fd, ret;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", j->path) >= (int)sizeof(tmp))
		return RD_EIO;
	fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0)
		return RD_EIO;
	from = drop < j->n ? j->v[drop].off : j->size;
	if ((ret = header_write(fd, j->origin, &hdrlen)) != 0 ||
	    (ret = copy_tail(j, fd, from, hdrlen)) != 0 || fsync(fd) != 0 ||
	    rename(tmp, j->path) != 0) {
		close(fd);
		unlink(tmp);
		return ret != 0 ? ret : RD_EIO;
	}
	sync_dir(j->path);
	close(j->fd);
	j->fd = fd;
	shift = from - hdrlen;
	memmove(j->v, j->v + drop, (j->n - drop) * sizeof(*j->v));
	j->n -= drop;
	for (i = 0; i < j->n; i++)
		j->v[i].off -= shift;
	j->size -= shift;
	j->hdrlen = hdrlen;
	return 0;
}

int
jnl_trim(struct jnl *j, uint32_t flushed, size_t max_bytes)
{
	uint64_t bytes = j->size - j->hdrlen;
	size_t drop = 0, limit = 0, i;
	int ret;

	/* Records up to the one that reaches the flushed serial may go. */
	for (i = 0; i < j->n; i++)
		if (j->v[i].serial_to == flushed)
			limit = i + 1;
	if (j->n > 0 && diff_serial_gt(flushed, j->v[j->n - 1].serial_to))
		limit = j->n;
	while (drop < limit && bytes > max_bytes) {
		bytes -= JNL_RECHDR + j->v[drop].len;
		drop++;
	}
	if (drop == 0)
		return 0;
	if ((ret = rewrite(j, drop)) != 0) {
		jmsg(j, RD_SEV_ERROR, "journal trim failed: %s; the journal "
		    "is unchanged", strerror(errno));
		return ret;
	}
	return (int)drop;
}

size_t
jnl_count(const struct jnl *j)
{
	return j->n;
}

size_t
jnl_size(const struct jnl *j)
{
	return (size_t)j->size;
}

uint32_t
jnl_first_serial(const struct jnl *j)
{
	return j->n ? j->v[0].serial_from : 0;
}

uint32_t
jnl_last_serial(const struct jnl *j)
{
	return j->n ? j->v[j->n - 1].serial_to : 0;
}
