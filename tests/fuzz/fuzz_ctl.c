/*
 * fuzz_ctl: any bytes as a radixctl request frame through
 * ctl_parse_request (src/server/ctlproto.h, what radixd's control socket
 * runs on every request before dispatch): a frame is taken only when its
 * length says exactly what follows, and then the command, flags and
 * argument must be those octets, the argument NUL-terminated. The same
 * bytes then go as a reply through ctl_recv over a socket pair (what
 * radixctl reads): it must stop at the frame's end or refuse it.
 */
#include "config.h"

#include <sys/socket.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server/ctlproto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
reply(const uint8_t *data, size_t size)
{
	static char buf[CTL_MAX_REQUEST + 1];
	uint16_t code;
	size_t len;
	int sv[2];

	if (size > 65536 || socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		return;
	if (write(sv[1], data, size) == (ssize_t)size) {
		shutdown(sv[1], SHUT_WR);
		if (ctl_recv(sv[0], &code, buf, CTL_MAX_REQUEST, &len) == 0 &&
		    (len + 6 > size || ctl_get32(data) != len + 2 ||
			buf[len] != '\0' || memcmp(buf, data + 6, len) != 0))
			abort();
	}
	close(sv[0]);
	close(sv[1]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ctl_request req;

	if (ctl_parse_request(data, size, &req) == 0) {
		if (size < 7 || req.arglen != size - 7 ||
		    strlen(req.arg) != req.arglen ||
		    req.cmd != (uint16_t)(data[4] << 8 | data[5]) ||
		    req.flags != data[6] ||
		    memcmp(req.arg, data + 7, req.arglen) != 0)
			abort();
	}
	reply(data, size);
	return 0;
}
