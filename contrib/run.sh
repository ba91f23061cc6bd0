#!/bin/sh
# Quick start: install what is missing, build, check every zone in zones/
# with radix-checkzone, then run radixd in the foreground serving all of them
# on 127.0.0.1 port 5353 (stop it with Ctrl-C). Try, from another terminal:
#	dig @127.0.0.1 -p 5353 www.example.com A
# Usage: sh contrib/run.sh          (from the top of the source tree)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
sh contrib/deps.sh build
[ -x configure ] || autoreconf -fi
mkdir -p _build/default
(cd _build/default && { [ -f Makefile ] || "$top/configure" -q; } && make -s -j"$(nproc 2>/dev/null || echo 2)")
status=0
set --
for f in zones/*.zone; do
	origin=$(basename "$f" .zone)
	_build/default/src/tools/radix-checkzone -o "$origin." "$f" || status=1
	set -- "$@" -z "$origin:$f"
done
if [ "$status" -ne 0 ]; then
	echo "run.sh: a zone in zones/ has errors (above); fix it to start radixd" >&2
	exit $status
fi
echo "run.sh: radixd on 127.0.0.1@5353; try: dig @127.0.0.1 -p 5353 www.example.com A"
exec _build/default/src/server/radixd "$@" -l 127.0.0.1@5353 -d
