/*
 * xfrout: placeholder until transfers are served: AXFR/IXFR and NOTIFY are
 * refused with NOTIMP by answer_query. Replaced by the transfer engineer.
 */
#include "server/xfrout.h"

int
xfrout_tcp(struct server *s, const struct zonedb *db, int fd,
    const struct sockaddr *src, const uint8_t *q, size_t qlen, uint8_t *out,
    size_t outmax, size_t *outlen)
{
	*outlen = 0;
	return 0;
}

size_t
xfrout_udp(struct server *s, const struct zonedb *db,
    const struct sockaddr *src, const uint8_t *q, size_t qlen, uint8_t *out,
    size_t outmax)
{
	return 0;
}

size_t
xfrout_notify_in(struct server *s, const struct zonedb *db,
    const struct sockaddr *src, const uint8_t *q, size_t qlen, uint8_t *out,
    size_t outmax)
{
	return 0;
}
