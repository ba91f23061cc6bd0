/*
 * writer: main's single-writer path for UPDATE (RFC 2136, DESIGN.md "The
 * write path"): TSIG, policy, prerequisites and diff against main's tree,
 * journal with group commit, the diff broadcast to every worker, and the
 * reply through the originating worker once every worker has acked.
 */
#ifndef RD_SERVER_WRITER_H
#define RD_SERVER_WRITER_H

#include <stddef.h>
#include <stdint.h>

struct server;
struct writer;
struct diff;

/* New writer for s; NULL when out of memory. */
struct writer *writer_new(struct server *s);

void writer_free(struct writer *w);

/*
 * Some worker's socket is readable: drain every worker's queued messages,
 * process every UPDATE among them, make the journals durable with one sync
 * each, send the diffs to the workers, and reply to what every worker has
 * acknowledged.
 */
void writer_run(struct writer *w);

/*
 * Commit a diff main made itself (a hand edit carried over on reload) to
 * zone slot i: journal, sync, apply to main's tree. Workers get it when
 * they are forked again. Returns 0 or a negative RD_E* code (nothing
 * changed).
 */
int writer_commit(struct writer *w, size_t i, const struct diff *d);

/* A worker was forked in slot k from main's current trees. */
void writer_forked(struct writer *w, unsigned k);

/*
 * The worker pid is being replaced (a reload or a renewal) and drains: its
 * channel fd is kept until it exits, so the UPDATEs it forwarded are
 * answered. The writer closes fd.
 */
void writer_retire(struct writer *w, int pid, int fd);

/* The retired channels still open, for main's poll set: up to max. */
size_t writer_fds(const struct writer *w, int *fds, size_t max);

/* 1 when the workers should be forked again (many diffs applied). */
int writer_want_renew(const struct writer *w);

#endif
