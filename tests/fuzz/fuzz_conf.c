/*
 * fuzz_conf: radixd.conf parsing (src/server/conf.c) over arbitrary bytes.
 * Every input must end in 0 or -1 with messages, never a crash or a leak.
 */
#include <stddef.h>
#include <stdint.h>

#include "server/conf.h"
#include "server/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf c;

	/* Messages are part of the result but too many to print. */
	log_set_level(0);
	conf_init(&c);
	if (conf_read_mem(&c, (const char *)data, size, "fuzz.conf") == 0)
		(void)conf_check(&c);
	conf_free(&c);
	return 0;
}
