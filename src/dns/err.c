/*
 * err: names of the RD_E* codes.
 */
#include "dns/err.h"

const char *
rd_strerror(int err)
{
	switch (err) {
	case RD_OK:
		return "success";
	case RD_ENOMEM:
		return "out of memory";
	case RD_EMALFORMED:
		return "malformed wire data";
	case RD_ESPACE:
		return "output buffer too small";
	case RD_ESYNTAX:
		return "syntax error";
	case RD_ERANGE:
		return "value out of range";
	case RD_ENOTFOUND:
		return "not found";
	case RD_EEXIST:
		return "already exists";
	case RD_ELOOP:
		return "loop detected";
	case RD_EIO:
		return "input/output error";
	case RD_EINVAL:
		return "invalid argument";
	case RD_ELIMIT:
		return "limit reached";
	case RD_ENOTSUP:
		return "not supported";
	case RD_ESEMANTIC:
		return "breaks a DNS rule";
	default:
		return "unknown error";
	}
}
