#!/bin/sh
# Zone load benchmark (issue 2): radix-checkzone beside nsd-checkzone and
# kzonecheck on the same generated zone, in the same run.
#
# The zone is generated once by gen_zone.py; then each round runs the three
# checkers one after the other (the order rotates each round), each under
# /usr/bin/time, and every run must exit 0 with its checker's success output,
# so that a checker which rejects the zone early cannot pass for a fast one.
# It prints the median wall time and peak RSS per tool, and radix-checkzone's
# ratios to the other two.  Target: at most 0.5 of nsd-checkzone's wall time
# and of its peak RSS.
#
# usage: checkzone.sh [-r ROUNDS] [-n RECORDS] [-s SEED] [-d DIR]
#                     [-c PATH-TO-radix-checkzone]
# With no -c: $RADIX_CHECKZONE, else src/tools/radix-checkzone under the
# current directory (a build directory), else radix-checkzone on PATH.
# With no -d the zone goes into a temporary directory removed at exit; with
# -d it is kept there and reused when it already exists with the same size.

set -u

here=$(cd "$(dirname "$0")" && pwd)
rounds=3
records=1600000
seed=1
dir=
rcz=${RADIX_CHECKZONE:-}
origin=bench.example.

while getopts r:n:s:d:c: opt; do
	case $opt in
	r) rounds=$OPTARG ;;
	n) records=$OPTARG ;;
	s) seed=$OPTARG ;;
	d) dir=$OPTARG ;;
	c) rcz=$OPTARG ;;
	*) sed -n '2,20p' "$0"; exit 2 ;;
	esac
done

if [ -z "$rcz" ]; then
	if [ -x src/tools/radix-checkzone ]; then
		rcz=$(pwd)/src/tools/radix-checkzone
	else
		rcz=$(command -v radix-checkzone || true)
	fi
fi
for t in "$rcz" nsd-checkzone kzonecheck /usr/bin/time /usr/bin/python3; do
	if [ -z "$t" ] || ! command -v "$t" >/dev/null 2>&1; then
		echo "checkzone.sh: missing ${t:-radix-checkzone}" \
		    "(apt-get install nsd knot time; build radixdns)" >&2
		exit 77
	fi
done

if [ -z "$dir" ]; then
	dir=$(mktemp -d /tmp/radix-bench.XXXXXX)
	trap 'rm -rf "$dir"' EXIT
	trap 'exit 1' INT TERM
fi
mkdir -p "$dir"
zone=$dir/bench-$records-$seed.zone
log=$dir/checkzone.log
: >"$log"

if [ ! -s "$zone" ]; then
	/usr/bin/python3 "$here/gen_zone.py" -n "$records" -s "$seed" \
	    -o "$origin" -z "$zone.tmp" 2>>"$log" || exit 1
	mv "$zone.tmp" "$zone"
fi
nrec=$(/usr/bin/python3 "$here/gen_zone.py" -n "$records" -s "$seed" \
    -z /dev/null 2>&1 | sed -n 's/^gen_zone: \([0-9]*\) records.*/\1/p')
echo "zone: $zone ($nrec records, $(du -m "$zone" | cut -f1) MB)"
echo "radix-checkzone: $rcz"
echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# run TOOL ROUND: one timed run; its "wall rss" line goes to $dir/times.TOOL.
run()
{
	out=$dir/out.$1.$2
	case $1 in
	radix) set -- "$1" "$2" "$rcz" -o "$origin" "$zone" ;;
	nsd) set -- "$1" "$2" nsd-checkzone "$origin" "$zone" ;;
	knot) set -- "$1" "$2" kzonecheck -o "$origin" "$zone" ;;
	esac
	tool=$1
	shift 2
	/usr/bin/time -f '%e %M' -o "$dir/time" "$@" >"$out" 2>&1
	rc=$?
	# Each checker must accept the whole zone: exit 0 and its success output.
	ok=1
	[ $rc -eq 0 ] || ok=0
	case $tool in
	radix) grep -q "loaded serial 2024010101, $nrec records" "$out" || ok=0 ;;
	nsd) grep -q "zone $origin is ok" "$out" || ok=0 ;;
	knot) [ ! -s "$out" ] || ok=0 ;;
	esac
	if [ $ok -eq 0 ]; then
		echo "checkzone.sh: $tool did not accept the zone (exit $rc):" >&2
		head -20 "$out" >&2
		exit 1
	fi
	cat "$dir/time" >>"$dir/times.$tool"
	echo "round $r $tool: $(cat "$dir/time") (seconds, KiB), load" \
	    "$(cut -d" " -f1 /proc/loadavg)" >>"$log"
}

rm -f "$dir"/times.*
r=1
while [ $r -le "$rounds" ]; do
	case $((r % 3)) in
	1) order="radix nsd knot" ;;
	2) order="nsd knot radix" ;;
	0) order="knot radix nsd" ;;
	esac
	for t in $order; do
		run "$t" "$r"
	done
	r=$((r + 1))
done
grep "^round" "$log"

/usr/bin/python3 - "$dir" <<'EOF'
import statistics, sys
d = sys.argv[1]
med = {}
for t in ("radix", "nsd", "knot"):
    rows = [l.split() for l in open("%s/times.%s" % (d, t)) if l.strip()]
    med[t] = (statistics.median(float(r[0]) for r in rows),
              statistics.median(int(r[1]) for r in rows))
names = {"radix": "radix-checkzone", "nsd": "nsd-checkzone",
         "knot": "kzonecheck"}
print("%-16s %10s %14s" % ("tool", "wall s", "peak RSS MiB"))
for t in ("radix", "nsd", "knot"):
    print("%-16s %10.2f %14.1f" % (names[t], med[t][0], med[t][1] / 1024))
for t in ("nsd", "knot"):
    print("radix-checkzone / %-14s wall %.2f  RSS %.2f" %
          (names[t], med["radix"][0] / med[t][0], med["radix"][1] / med[t][1]))
w = med["radix"][0] / med["nsd"][0]
m = med["radix"][1] / med["nsd"][1]
print("target (<= 0.5 of nsd-checkzone): wall %s, memory %s" %
      ("met" if w <= 0.5 else "MISSED", "met" if m <= 0.5 else "MISSED"))
EOF
