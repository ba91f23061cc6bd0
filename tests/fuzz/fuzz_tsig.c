/*
 * fuzz_tsig: every input is verified as a request against a fixed key set
 * (one key per algorithm, named md5-key. to sha512-key., secret the octets
 * 1 to 32) at a fixed time, and answered with tsig_sign as a server would,
 * twice (first message, then a stream); then it is verified as the reply
 * to a fixed request, twice. The seeds in tests/fuzz/corpus/tsig/ were
 * signed by dnspython with these keys at this time.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dns/tsig.h"

#define FUZZ_TIME 1700000000ULL
#define FUZZ_B64 "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA="

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

static const struct tsig_keyset *
fuzz_keys(void)
{
	static const char *const names[] = {"md5-key", "sha1-key", "sha224-key",
	    "sha256-key", "sha384-key", "sha512-key"};
	static const char *const algs[] = {"hmac-md5", "hmac-sha1",
	    "hmac-sha224", "hmac-sha256", "hmac-sha384", "hmac-sha512"};
	static struct tsig_keyset ks;
	static int done;
	struct tsig_key k;
	size_t i;

	if (done)
		return &ks;
	tsig_keyset_init(&ks);
	for (i = 0; i < 6; i++) {
		if (tsig_key_from_text(
			&k, names[i], algs[i], FUZZ_B64, NULL, 0) != 0 ||
		    tsig_keyset_add(&ks, &k) != 0)
			__builtin_trap();
	}
	done = 1;
	return &ks;
}

/* Answer the input as a server: the same octets, signed. */
static void
fuzz_server(const uint8_t *d, size_t n)
{
	static uint8_t buf[65535 + 1024];
	struct tsig_ctx ctx;
	size_t len, room;
	int rc, i;

	tsig_ctx_init(&ctx);
	rc = tsig_verify(fuzz_keys(), d, n, FUZZ_TIME, &ctx);
	if (ctx.tsig_off > n)
		__builtin_trap();
	if (rc >= 0 && tsig_active(&ctx) && n >= 12 && n <= 65535) {
		for (i = 0; i < 2; i++) {
			/* tsig_reserve must be enough room. */
			room = tsig_reserve(&ctx);
			memcpy(buf, d, ctx.tsig_off);
			len = ctx.tsig_off;
			if (tsig_sign(&ctx, buf, &len, len + room, FUZZ_TIME) !=
			    0)
				__builtin_trap();
		}
	}
	tsig_ctx_clear(&ctx);
}

/* Read the input as the reply to a fixed signed request. */
static void
fuzz_client(const uint8_t *d, size_t n)
{
	static const uint8_t query[] = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01,
	    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 'w', 'w', 'w', 0x07, 'e',
	    'x', 'a', 'm', 'p', 'l', 'e', 0x03, 'c', 'o', 'm', 0x00, 0x00, 0x01,
	    0x00, 0x01};
	struct tsig_ctx ctx;
	uint8_t q[512];
	size_t len;

	memcpy(q, query, sizeof(query));
	len = sizeof(query);
	tsig_ctx_init(&ctx);
	if (tsig_sign_request(&ctx, &fuzz_keys()->keys[3], q, &len, sizeof(q),
		FUZZ_TIME) != 0)
		__builtin_trap();
	(void)tsig_verify_reply(&ctx, d, n, FUZZ_TIME);
	(void)tsig_verify_reply(&ctx, d, n, FUZZ_TIME);
	(void)tsig_verify_done(&ctx);
	tsig_ctx_clear(&ctx);
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	fuzz_server(d, n);
	fuzz_client(d, n);
	return 0;
}
