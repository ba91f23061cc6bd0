#!/bin/sh
# Query benchmark (issue 3 point 5): radixd, NSD, Knot and a recvmmsg/sendmmsg
# echo floor, each with one worker pinned to core 0 and dnsperf on core 1,
# over UDP (several rounds, medians) and TCP (one run each).  The work is done
# by query_bench.py beside this script; see its help for the options:
#
#   tests/bench/query.sh [-r ROUNDS] [-n RECORDS] [-l SECONDS] [-c CLIENTS]
#                        [-q OUTSTANDING] [-Q MAXQPS] [--servers radixd,nsd,knot,echo]
#                        [--radixd PATH] [--no-tcp] [-d DIR]
#
# Run it from a build directory (it finds src/server/radixd there) or give
# --radixd or $RADIXD.  Exit 77 when a server, dnsperf or taskset is missing.
exec /usr/bin/python3 "$(dirname "$0")/query_bench.py" "$@"
