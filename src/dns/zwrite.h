/*
 * zwrite: a zone written back to a zone file (zonefile-sync, flush) from
 * the tree in canonical order, one record a line with absolute names, in
 * the text of rrtext.
 */
#ifndef RD_ZWRITE_H
#define RD_ZWRITE_H

struct zone;

/*
 * Write z to path atomically: path.XXXXXX in the same folder, fsync,
 * rename over path, fsync of the folder. The SOA comes first. Returns 0,
 * RD_EIO (errno tells why; the temporary file is removed) or RD_ENOMEM.
 */
int zone_write_file(const struct zone *z, const char *path);

#endif
