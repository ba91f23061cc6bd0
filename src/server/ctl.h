/*
 * ctl: main's control socket for radixctl(8) (issue 6 point 1): a unix
 * socket of mode 0660 at control-socket:, polled by main's event loop, one
 * request per connection in the frames of ctlproto.h.
 */
#ifndef RD_SERVER_CTL_H
#define RD_SERVER_CTL_H

struct server;

/*
 * Open s->conf.control_socket (none: s->ctl is -1). A stale socket is
 * replaced; one a running radixd answers is not. 0, or -1 with the error
 * logged.
 */
int ctl_open(struct server *s);

/* Close the socket and remove its path. */
void ctl_close(struct server *s);

/* The socket is readable: serve every pending connection. */
void ctl_run(struct server *s);

#endif
