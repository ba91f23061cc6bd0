/*
 * notify_send: placeholder until NOTIFY is sent; replaced by the transfer
 * engineer.
 */
#include <stdlib.h>

#include "server/notify_send.h"

struct notifier {
	int unused;
};

struct notifier *
notifier_new(struct server *s)
{
	return calloc(1, sizeof(struct notifier));
}

void
notifier_free(struct notifier *n)
{
	free(n);
}

int
notifier_fd(const struct notifier *n)
{
	return -1;
}

void
notifier_readable(struct notifier *n)
{
}

int
notifier_timeout_ms(const struct notifier *n)
{
	return -1;
}

void
notifier_tick(struct notifier *n)
{
}

void
notifier_zone_changed(struct notifier *n, size_t zone_index, uint32_t serial)
{
}
