/*
 * err: the one error convention of libradixdns.
 * Functions return 0 (or a non-negative count or length) on success and a
 * negative RD_E* code on failure; rd_strerror() names the code.
 */
#ifndef RD_ERR_H
#define RD_ERR_H

enum rd_err {
	RD_OK = 0,
	RD_ENOMEM = -1,		/* out of memory */
	RD_EMALFORMED = -2,	/* malformed wire data */
	RD_ESPACE = -3,		/* output buffer too small */
	RD_ESYNTAX = -4,	/* malformed text */
	RD_ERANGE = -5,		/* value out of range */
	RD_ENOTFOUND = -6,	/* no such item */
	RD_EEXIST = -7,		/* item already present */
	RD_ELOOP = -8,		/* compression pointer or $INCLUDE loop */
	RD_EIO = -9,		/* read or write failed (see errno) */
	RD_EINVAL = -10,	/* invalid argument */
	RD_ELIMIT = -11,	/* a configured limit was reached */
	RD_ENOTSUP = -12,	/* not supported */
	RD_ESEMANTIC = -13,	/* data is well-formed but breaks a DNS rule */
};

/* Severity of a diagnostic passed to an rd_msg_cb. */
enum rd_sev {
	RD_SEV_ERROR = 0,
	RD_SEV_WARNING = 1,
	RD_SEV_INFO = 2,
};

/*
 * Diagnostic callback used by the scanner, the loader and the checks:
 * file and line (0 when unknown) and column (1-based, 0 when unknown), and a
 * message of the form "what is wrong; what was expected or what to do".
 */
typedef void (*rd_msg_cb)(void *ctx, enum rd_sev sev, const char *file,
    unsigned line, unsigned col, const char *msg);

/* Return a static text for an RD_E* code (or "unknown error"). */
const char *rd_strerror(int err);

#endif
