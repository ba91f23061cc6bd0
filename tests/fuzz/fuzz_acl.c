/*
 * fuzz_acl: every input is one rule text, parsed as an update rule and as
 * a plain rule (with and without a key set), then matched against a few
 * fixed requests.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dns/acl.h"
#include "dns/rrtype.h"
#include "dns/tsig.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

static void
fuzz_match(const struct acl *a)
{
	static const uint8_t key[] = "\x08"
				     "acme-key";
	static const uint8_t name[] = "\x0f_acme-challenge\x03www\x07"
				      "example\x03"
				      "com";
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	char why[256];

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(0xc0000201);
	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	sin6.sin6_addr.s6_addr[0] = 0x20;
	sin6.sin6_addr.s6_addr[1] = 0x01;
	(void)acl_check(a, (struct sockaddr *)&sin, NULL, why, sizeof(why));
	(void)acl_check(a, (struct sockaddr *)&sin6, key, why, sizeof(why));
	(void)acl_update_allowed(a, (struct sockaddr *)&sin, key, name,
	    RRTYPE_TXT, why, sizeof(why));
	(void)acl_update_allowed(a, (struct sockaddr *)&sin6, NULL, name,
	    RRTYPE_ANY, why, sizeof(why));
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct tsig_keyset ks;
	struct tsig_key k;
	struct acl a;
	char err[256], *text;

	if (n > 4096)
		return 0;
	text = malloc(n + 1);
	if (text == NULL)
		return 0;
	memcpy(text, d, n);
	text[n] = '\0';
	tsig_keyset_init(&ks);
	if (tsig_key_from_text(&k, "acme-key", NULL, "YQ==", NULL, 0) != 0 ||
	    tsig_keyset_add(&ks, &k) != 0)
		__builtin_trap();
	acl_init(&a);
	(void)acl_add(&a, text, ACL_UPDATE, NULL, "fuzz:1", err, sizeof(err));
	(void)acl_add(&a, text, 0, &ks, NULL, err, sizeof(err));
	(void)acl_add(&a, text, ACL_UPDATE, &ks, NULL, NULL, 0);
	fuzz_match(&a);
	acl_free(&a);
	tsig_keyset_free(&ks);
	free(text);
	return 0;
}
