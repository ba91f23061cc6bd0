/*
 * fuzz_xfr: every input is a transfer request (AXFR or IXFR with the
 * client's SOA serial) answered from a fixed zone with a two-diff history,
 * over TCP or UDP as the input's length says, for a few messages; and the
 * same bytes as a NOTIFY request, a NOTIFY response and an SOA answer.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dns/diff.h"
#include "dns/load.h"
#include "dns/name.h"
#include "dns/notify.h"
#include "dns/pkt.h"
#include "dns/rrtype.h"
#include "dns/xfr.h"
#include "dns/zone.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

static const char zone_text[] =
    "$ORIGIN example.com.\n$TTL 300\n"
    "@ SOA ns1 hm 3 7200 3600 1209600 60\n@ NS ns1\n@ MX 10 mail\n"
    "ns1 A 192.0.2.1\nmail A 192.0.2.2\nwww A 192.0.2.3\n"
    "sub NS ns.sub\nns.sub A 192.0.2.4\n*.w TXT \"w\"\n";

static uint8_t origin[NAME_MAXLEN];
static struct zone *zone;
static struct diff diffs[2];

/* SOA rdata as in zone_text, with the serial given. */
static uint16_t
soa(uint8_t *out, uint32_t serial)
{
	static const uint8_t names[] = {
		3, 'n', 's', '1', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e',
		3, 'c', 'o', 'm', 0, 2, 'h', 'm', 7, 'e', 'x', 'a', 'm', 'p',
		'l', 'e', 3, 'c', 'o', 'm', 0,
	};
	static const uint8_t timers[16] = {
		0, 0, 0x1c, 0x20, 0, 0, 0x0e, 0x10, 0, 0x12, 0x75, 0,
		0, 0, 0, 60,
	};

	memcpy(out, names, sizeof(names));
	out[sizeof(names)] = (uint8_t)(serial >> 24);
	out[sizeof(names) + 1] = (uint8_t)(serial >> 16);
	out[sizeof(names) + 2] = (uint8_t)(serial >> 8);
	out[sizeof(names) + 3] = (uint8_t)serial;
	memcpy(out + sizeof(names) + 4, timers, sizeof(timers));
	return (uint16_t)(sizeof(names) + 20);
}

static void
setup(void)
{
	static const uint8_t a[4] = { 192, 0, 2, 9 };
	uint8_t f[DIFF_SOA_MAX], t[DIFF_SOA_MAX];
	uint16_t fl, tl;
	int i;

	name_from_text("example.com.", 12, NULL, origin);
	if (load_zone_mem(zone_text, strlen(zone_text), "fuzz", origin,
	    NULL, NULL, NULL, &zone) != 0)
		__builtin_trap();
	for (i = 0; i < 2; i++) {
		diff_init(&diffs[i]);
		fl = soa(f, (uint32_t)i + 1);
		tl = soa(t, (uint32_t)i + 2);
		if (diff_set_soa(&diffs[i], origin, 300, f, fl, 300, t,
		    tl) != 0 || (i == 0 ? diff_remove : diff_add)(&diffs[i],
		    origin, RRTYPE_A, 300, a, 4) != 0)
			__builtin_trap();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static uint8_t out[65535];
	struct xfr_request req;
	struct xfr_diffarr arr;
	struct xfr_diffsrc src;
	struct notify_msg m;
	struct xfr x;
	size_t max = (n & 2) ? 512 : sizeof(out);
	int i, len;

	if (zone == NULL)
		setup();
	if (xfr_parse_request(d, n, &req) != 0) {
		if (req.has_question &&
		    xfr_error(&req, PKT_RCODE_FORMERR, out, 512) < 0)
			__builtin_trap();
	} else {
		req.udp = n & 1;
		xfr_diffsrc_array(&src, &arr, diffs, 2);
		if (xfr_begin(&x, zone, &req, &src, NULL) == 0) {
			for (i = 0; i < 8; i++) {
				len = xfr_next(&x, out, max);
				if (len <= 0)
					break;
				if ((size_t)len > max)
					__builtin_trap();
			}
			xfr_end(&x);
		}
	}
	if (notify_parse_request(d, n, &m) == 0 &&
	    notify_build_response(&m, PKT_RCODE_NOERROR, out, 512) < 0)
		__builtin_trap();
	notify_parse_response(d, n, 0x1234, origin, &m);
	notify_parse_soa_answer(d, n, 0x1234, origin, &m);
	return 0;
}
