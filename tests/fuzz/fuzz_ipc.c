/*
 * fuzz_ipc: one datagram of any bytes through a SOCK_SEQPACKET pair into
 * ipc_recv (STYLE.md point 8): it must be taken whole and checked (version,
 * type, exact length), or refused as malformed, never read past its end.
 */
#include "config.h"

#include <sys/socket.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server/ipc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int sv[2] = {-1, -1};
	static uint8_t *buf;
	struct ipc_msg m;
	int r;

	if (sv[0] < 0 && (ipc_pair(sv) != 0 ||
			     (buf = malloc(IPC_HDRLEN + IPC_MAX)) == NULL))
		abort();
	if (size == 0 || size > IPC_HDRLEN + IPC_MAX)
		return 0;
	if (send(sv[1], data, size, 0) != (ssize_t)size)
		return 0;
	r = ipc_recv(sv[0], buf, IPC_HDRLEN + IPC_MAX, &m);
	if (r == 1 && (m.data != buf + IPC_HDRLEN ||
			  m.len != size - IPC_HDRLEN ||
			  (m.type == IPC_ACK && m.len != 4)))
		abort();
	if (r == 0)
		abort(); /* the datagram was sent: it must be there */
	return 0;
}
