/*
 * radixctl: control a running radixd over its control socket (radixctl(8),
 * issue 6 point 1). One request per connection, in the frames of
 * server/ctlproto.h. Exit codes: 0 done, 1 the command failed, 2 usage,
 * 3 radixd cannot be reached.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server/ctlproto.h"

#define RADIXCTL_EXIT_OK 0
#define RADIXCTL_EXIT_FAILED 1
#define RADIXCTL_EXIT_USAGE 2
#define RADIXCTL_EXIT_UNREACHABLE 3

/* A command: its name, code, and whether the zone is needed or allowed. */
struct radixctl_cmd {
	const char *name;
	enum ctl_cmd code;
	int zone; /* 0: none, 1: optional, 2: required */
};

static const struct radixctl_cmd radixctl_cmds[] = {
    {"status", CTL_STATUS, 0},
    {"reload", CTL_RELOAD, 1},
    {"zone-status", CTL_ZONE_STATUS, 1},
    {"flush", CTL_FLUSH, 1},
    {"freeze", CTL_FREEZE, 2},
    {"thaw", CTL_THAW, 2},
    {"notify", CTL_NOTIFY, 2},
    {"cookie-rotate", CTL_COOKIE_ROTATE, 1}, /* [SECRET], not a zone */
    {"stop", CTL_STOP, 0},
    {"log-reopen", CTL_LOG_REOPEN, 0},
    {"stats", CTL_STATS, 0},
};

static void
usage(void)
{
	fprintf(stderr,
	    "usage: radixctl [-s SOCKET] [-c radixd.conf] [--json] COMMAND "
	    "[ZONE]\n"
	    "  -s SOCKET   radixd's control socket\n"
	    "  -c FILE     read control-socket: from FILE (default %s)\n"
	    "  --json      print JSON, for scripts\n"
	    "commands: status, reload [ZONE], zone-status [ZONE], flush "
	    "[ZONE],\n"
	    "          freeze ZONE, thaw ZONE, notify ZONE, stop, log-reopen,\n"
	    "          stats [--reset] (read the counters, then zero them),\n"
	    "          cookie-rotate [SECRET]\n",
	    RADIXCTL_CONF);
	exit(RADIXCTL_EXIT_USAGE);
}

/* Strip blanks at both ends of s, in place. */
static char *
radixctl_trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
			    e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/*
 * The control-socket: of radixd.conf's server: block (the rest of the
 * file is radixd's business). Allocated; NULL when absent. Exits 2 when
 * the file cannot be read.
 */
static char *
radixctl_conf_socket(const char *path)
{
	char line[4096], *p, *v, *found = NULL;
	int in_server = 0;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr,
		    "radixctl: cannot read %s: %s; name the socket with -s "
		    "or the configuration with -c\n",
		    path, strerror(errno));
		exit(RADIXCTL_EXIT_USAGE);
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		if ((p = strchr(line, '#')) != NULL)
			*p = '\0';
		p = radixctl_trim(line);
		if (*p == '\0')
			continue;
		if (line[0] != ' ' && line[0] != '\t' &&
		    p[strlen(p) - 1] == ':') {
			in_server = strcmp(p, "server:") == 0;
			continue;
		}
		if (!in_server || strncmp(p, "control-socket:", 15) != 0)
			continue;
		v = radixctl_trim(p + 15);
		if (*v == '"' && strlen(v) > 1 && v[strlen(v) - 1] == '"') {
			v[strlen(v) - 1] = '\0';
			v++;
		}
		free(found);
		found = strdup(v);
	}
	fclose(f);
	return found;
}

/* Connect to path; exits 3 with what to check when that fails. */
static int
radixctl_connect(const char *path)
{
	struct sockaddr_un sun;
	int fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "radixctl: socket path %s is too long\n", path);
		exit(RADIXCTL_EXIT_USAGE);
	}
	memcpy(sun.sun_path, path, strlen(path));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 &&
	    connect(fd, (const struct sockaddr *)&sun, sizeof(sun)) == 0)
		return fd;
	if (errno == ENOENT)
		fprintf(stderr,
		    "radixctl: cannot reach radixd at %s: no such socket; "
		    "radixd is not running, or its control-socket: is "
		    "another path\n",
		    path);
	else if (errno == ECONNREFUSED)
		fprintf(stderr,
		    "radixctl: cannot reach radixd at %s: nobody listens; "
		    "radixd is not running (the socket is stale)\n",
		    path);
	else
		fprintf(stderr,
		    "radixctl: cannot reach radixd at %s: %s; check the "
		    "socket's permissions (radixctl needs its group)\n",
		    path, strerror(errno));
	exit(RADIXCTL_EXIT_UNREACHABLE);
}

/* Send the request and print the reply; the exit code. */
static int
radixctl_run(const char *path, const struct radixctl_cmd *c, const char *zone,
    int flags)
{
	static char reply[CTL_MAX_REPLY + 1];
	char req[CTL_MAX_REQUEST];
	uint16_t status;
	size_t len, zlen = strlen(zone);
	int fd;

	if (zlen + 1 > sizeof(req)) {
		fprintf(stderr, "radixctl: zone name too long\n");
		return RADIXCTL_EXIT_USAGE;
	}
	req[0] = (char)flags;
	memcpy(req + 1, zone, zlen);
	fd = radixctl_connect(path);
	if (ctl_send(fd, (uint16_t)c->code, req, zlen + 1) != 0 ||
	    ctl_recv(fd, &status, reply, CTL_MAX_REPLY, &len) != 0) {
		fprintf(stderr,
		    "radixctl: radixd at %s did not answer: %s; is it "
		    "stopping? see its log\n",
		    path, strerror(errno));
		close(fd);
		return RADIXCTL_EXIT_UNREACHABLE;
	}
	close(fd);
	fwrite(reply, 1, len, status == CTL_OK ? stdout : stderr);
	if (status == CTL_OK)
		return RADIXCTL_EXIT_OK;
	return status == CTL_BAD_REQUEST ? RADIXCTL_EXIT_USAGE
					 : RADIXCTL_EXIT_FAILED;
}

int
main(int argc, char **argv)
{
	const char *sock = NULL, *cfile = NULL, *zone = "";
	const struct radixctl_cmd *c = NULL;
	char *fromconf = NULL;
	int i, json = 0, reset = 0, rc;
	size_t k;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(argv[i], "--reset") == 0)
			reset = 1;
		else if (strcmp(argv[i], "-s") == 0 && i + 1 < argc)
			sock = argv[++i];
		else if (strcmp(argv[i], "-c") == 0 && i + 1 < argc)
			cfile = argv[++i];
		else
			usage();
	}
	if (i == argc)
		usage();
	for (k = 0; k < sizeof(radixctl_cmds) / sizeof(radixctl_cmds[0]); k++)
		if (strcmp(argv[i], radixctl_cmds[k].name) == 0)
			c = &radixctl_cmds[k];
	if (c == NULL) {
		fprintf(stderr, "radixctl: unknown command %s\n", argv[i]);
		usage();
	}
	/* Options may follow the command: stats --reset --json. */
	while (argc - i > 1 && (strcmp(argv[argc - 1], "--json") == 0 ||
				   strcmp(argv[argc - 1], "--reset") == 0)) {
		if (strcmp(argv[--argc], "--json") == 0)
			json = 1;
		else
			reset = 1;
	}
	if (reset && c->code != CTL_STATS) {
		fprintf(stderr, "radixctl: --reset goes with stats only\n");
		usage();
	}
	if (i + 1 < argc)
		zone = argv[i + 1];
	if (argc - i > 2 || (c->zone == 0 && i + 1 < argc) ||
	    (c->zone == 2 && i + 1 == argc)) {
		fprintf(stderr, "radixctl: %s takes %s\n", c->name,
		    c->zone == 0   ? "no argument"
		    : c->zone == 1 ? "at most a zone"
				   : "a zone");
		usage();
	}
	if (sock == NULL) {
		fromconf = radixctl_conf_socket(cfile ? cfile : RADIXCTL_CONF);
		if (fromconf == NULL) {
			fprintf(stderr,
			    "radixctl: %s has no control-socket: in its "
			    "server: block; add one (and restart radixd) or "
			    "use -s SOCKET\n",
			    cfile ? cfile : RADIXCTL_CONF);
			return RADIXCTL_EXIT_USAGE;
		}
		sock = fromconf;
	}
	rc = radixctl_run(sock, c, zone,
	    (json ? CTL_FLAG_JSON : 0) | (reset ? CTL_FLAG_RESET : 0));
	free(fromconf);
	return rc;
}
