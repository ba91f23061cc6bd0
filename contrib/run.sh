#!/bin/sh
# Quick start: install what is missing, build, and check every zone in zones/
# with radix-checkzone. (Once radixd exists this starts it on 127.0.0.1:5353.)
# Usage: sh contrib/run.sh          (from the top of the source tree)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
sh contrib/deps.sh build
[ -x configure ] || autoreconf -fi
mkdir -p _build/default
(cd _build/default && { [ -f Makefile ] || "$top/configure" -q; } && make -s -j"$(nproc 2>/dev/null || echo 2)")
status=0
for f in zones/*.zone; do
	origin=$(basename "$f" .zone)
	_build/default/src/tools/radix-checkzone -o "$origin." "$f" || status=1
done
exit $status
