/*
 * zwrite: write a zone from its tree to a zone file, atomically.
 *
 * The file is a temporary one in the same folder (mkstemp), written with
 * stdio, flushed and fsynced, then renamed over the old file, and the
 * folder is synced so that the rename survives a crash: at every moment
 * the path holds either the old file or the whole new one. Records are one
 * a line, owner, TTL, class, type, rdata, with absolute names (rrtext), so
 * the file reads back without $ORIGIN or $TTL. The apex comes first in
 * canonical order, and the SOA first among its RRsets.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dns/err.h"
#include "dns/rrtext.h"
#include "dns/rrtype.h"
#include "dns/wire.h"
#include "dns/zone.h"
#include "dns/zwrite.h"

struct zw {
	const struct zone *z;
	FILE *f;
	char *text;
};

static int
put_rrset(struct zw *w, const struct znode *n, const struct rrset *rs)
{
	const uint8_t *p;
	int len;

	RRSET_FOREACH(rs, p) {
		len = rrtext_rr(n->name, rs->ttl, w->z->rclass, rs->type,
		    p + 2, wire_get_u16(p), w->text, RRTEXT_MAX);
		if (len < 0)
			return len;
		w->text[len++] = '\n';
		if (fwrite(w->text, 1, (size_t)len, w->f) != (size_t)len)
			return RD_EIO;
	}
	return 0;
}

static int
node_cb(const struct znode *n, void *ctx)
{
	struct zw *w = ctx;
	const struct rrset *rs, *soa = NULL;
	int ret;

	/* The SOA opens the file (RFC 1035 §5.2). */
	if (n == w->z->apex && (soa = znode_rrset(n, RRTYPE_SOA)) != NULL &&
	    (ret = put_rrset(w, n, soa)) != 0)
		return ret;
	for (rs = n->rrsets; rs != NULL; rs = rs->next)
		if (rs != soa && (ret = put_rrset(w, n, rs)) != 0)
			return ret;
	return 0;
}

static int
sync_dir(const char *path)
{
	char *dir, *slash;
	int fd, ret = 0;

	if ((dir = strdup(path)) == NULL)
		return RD_ENOMEM;
	if ((slash = strrchr(dir, '/')) == NULL)
		strcpy(dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    fsync(fd) != 0)
		ret = RD_EIO;
	if (fd >= 0)
		close(fd);
	free(dir);
	return ret;
}

static int
write_all(const struct zone *z, int fd)
{
	struct zw w;
	int ret, err;

	w.z = z;
	if ((w.text = malloc(RRTEXT_MAX)) == NULL)
		return RD_ENOMEM;
	if ((w.f = fdopen(fd, "w")) == NULL) {
		free(w.text);
		close(fd);
		return RD_EIO;
	}
	ret = zone_walk(z, node_cb, &w);
	if (ret == 0 && (fflush(w.f) != 0 || fsync(fd) != 0))
		ret = RD_EIO;
	err = errno;
	if (fclose(w.f) != 0 && ret == 0)
		ret = RD_EIO;
	errno = err;
	free(w.text);
	return ret;
}

int
zone_write_file(const struct zone *z, const char *path)
{
	char *tmp;
	size_t len = strlen(path);
	int fd, ret, err;

	if ((tmp = malloc(len + 8)) == NULL)
		return RD_ENOMEM;
	memcpy(tmp, path, len);
	memcpy(tmp + len, ".XXXXXX", 8);
	if ((fd = mkstemp(tmp)) < 0) {
		free(tmp);
		return RD_EIO;
	}
	/* mkstemp gives 0600; a zone file is readable like its peers. */
	(void)fchmod(fd, 0644);
	if ((ret = write_all(z, fd)) == 0 && rename(tmp, path) != 0)
		ret = RD_EIO;
	if (ret != 0) {
		err = errno;
		unlink(tmp);
		errno = err;
	} else
		ret = sync_dir(path);
	free(tmp);
	return ret;
}
