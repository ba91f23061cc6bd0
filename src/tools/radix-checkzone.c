/*
 * radix-checkzone: parse a zone file exactly as radixd does, report every
 * error with file and line, and optionally print the zone in canonical
 * form.
 */
#include <err.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dns/err.h"
#include "dns/load.h"
#include "dns/name.h"
#include "dns/rrtext.h"
#include "dns/rrtype.h"
#include "dns/zone.h"

#define OUTBUF (1024 * 1024)

struct printer {
	char *buf; /* RRTEXT_MAX octets */
	uint16_t rclass;
	int skip_soa; /* the apex SOA is printed first */
	const struct znode *apex;
	int err;
};

static void
usage(void)
{
	fprintf(stderr, "usage: radix-checkzone [-pq] [-o origin] file\n");
	exit(2);
}

static void
msg_cb(void *ctx, enum rd_sev sev, const char *file, unsigned line,
    unsigned col, const char *msg)
{
	const char *what;

	switch (sev) {
	case RD_SEV_ERROR:
		what = "error";
		break;
	case RD_SEV_WARNING:
		what = "warning";
		break;
	default:
		what = "note";
		break;
	}
	fprintf(stderr, "%s:%u:%u: %s: %s\n", file != NULL ? file : "-", line,
	    col, what, msg);
}

/*
 * The default origin, as kzonecheck takes it: the file's base name without
 * a ".zone" suffix, made absolute.
 */
static int
default_origin(const char *path, uint8_t origin[NAME_MAXLEN])
{
	char *copy, *base;
	size_t len;
	int r;

	if ((copy = strdup(path)) == NULL)
		err(1, "strdup");
	base = basename(copy);
	len = strlen(base);
	if (len > 5 && strcmp(base + len - 5, ".zone") == 0)
		len -= 5;
	if (len == 0 || base[len - 1] != '.')
		base[len++] = '.';
	r = name_from_text(base, len, NULL, origin);
	free(copy);
	return r;
}

static void
print_rrset(struct printer *pr, const struct znode *n, const struct rrset *rs)
{
	const uint8_t *p;
	int len;

	RRSET_FOREACH(rs, p)
	{
		len = rrtext_rr(n->name, rs->ttl, pr->rclass, rs->type, p + 2,
		    (size_t)((p[0] << 8) | p[1]), pr->buf, RRTEXT_MAX);
		if (len < 0) {
			pr->err = len;
			return;
		}
		pr->buf[len++] = '\n';
		fwrite(pr->buf, 1, (size_t)len, stdout);
	}
}

static int
print_cb(const struct znode *n, void *ctx)
{
	struct printer *pr = ctx;
	const struct rrset *rs;

	for (rs = n->rrsets; rs != NULL && pr->err == 0; rs = rs->next) {
		if (n == pr->apex && rs->type == RRTYPE_SOA)
			continue;
		print_rrset(pr, n, rs);
	}
	return pr->err;
}

/*
 * Print every record, one per line, in canonical order (RFC 4034 §6.1 for
 * names, RRsets by type, RFC 4034 §6.3 inside an RRset), the SOA first as
 * in an AXFR (RFC 5936 §2.2).
 */
static int
print_zone(const struct zone *z, struct printer *pr)
{
	const struct rrset *soa;

	if ((pr->buf = malloc(RRTEXT_MAX)) == NULL)
		err(1, "malloc");
	if (setvbuf(stdout, NULL, _IOFBF, OUTBUF) != 0)
		warnx("setvbuf failed; output is unbuffered");
	if ((soa = znode_rrset(z->apex, RRTYPE_SOA)) != NULL)
		print_rrset(pr, z->apex, soa);
	if (pr->err == 0)
		zone_walk(z, print_cb, pr);
	free(pr->buf);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		warn("stdout");
		return -1;
	}
	return pr->err;
}

int
main(int argc, char *argv[])
{
	uint8_t origin[NAME_MAXLEN];
	char otext[NAME_MAXTEXT];
	struct load_opts lo;
	struct printer pr;
	struct zone *z;
	const char *oarg = NULL;
	int ch, print = 0, quiet = 0, r;

	while ((ch = getopt(argc, argv, "o:pq")) != -1) {
		switch (ch) {
		case 'o':
			oarg = optarg;
			break;
		case 'p':
			print = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 1)
		usage();
	if (oarg != NULL)
		r = name_from_text(
		    oarg, strlen(oarg), (const uint8_t *)"", origin);
	else
		r = default_origin(argv[0], origin);
	if (r < 0) {
		fprintf(stderr, "radix-checkzone: %s: not a valid origin: %s\n",
		    oarg != NULL ? oarg : argv[0], rd_strerror(r));
		return 2;
	}

	memset(&lo, 0, sizeof(lo));
	lo.allow_include = 1;
	r = load_zone_file(argv[0], origin, &lo, msg_cb, NULL, &z);
	if (r == RD_ENOMEM)
		errx(1, "%s: out of memory", argv[0]);
	if (r != 0) {
		if (!quiet)
			fprintf(stderr, "%s: %d error%s; zone not loaded\n",
			    argv[0], r, r == 1 ? "" : "s");
		return 1;
	}

	memset(&pr, 0, sizeof(pr));
	pr.rclass = z->rclass;
	pr.apex = z->apex;
	if (print && print_zone(z, &pr) != 0) {
		fprintf(stderr, "%s: cannot print the zone: %s\n", argv[0],
		    rd_strerror(pr.err));
		zone_free(z);
		return 1;
	}
	if (!quiet) {
		name_to_text(z->origin, otext, sizeof(otext));
		fprintf(print ? stderr : stdout,
		    "%s: loaded serial %u, %zu records, %zu names\n", otext,
		    (unsigned)z->serial, z->nrecords, z->nnames);
	}
	zone_free(z);
	return 0;
}
