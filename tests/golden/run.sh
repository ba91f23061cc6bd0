#!/bin/sh
# Golden tests of the zone-file scanner through radix-checkzone.
#
# For every cases/NAME.zone, run "radix-checkzone -p -o ORIGIN NAME.zone"
# inside cases/ (ORIGIN from NAME.origin, else example.com.) and compare:
#   stdout with NAME.out (when present),
#   stderr with NAME.err (when present; otherwise stderr must hold no
#   error or warning line),
#   the exit status with NAME.rc (when present; otherwise 0).
# A mismatch prints a diff; the script exits 1 when any case failed, and 77
# (skip) while radix-checkzone is missing or still a placeholder.
set -u

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
tool="$top_builddir/src/tools/radix-checkzone"
cases="$top_srcdir/tests/golden/cases"

if [ ! -x "$tool" ]; then
	echo "golden: $tool is missing; skipped"
	exit 77
fi
if [ -z "$("$tool" 2>&1 </dev/null)" ]; then
	echo "golden: $tool is a placeholder; skipped"
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/golden.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

pass=0
fail=0
for zone in "$cases"/*.zone; do
	name=$(basename "$zone" .zone)
	origin=example.com.
	[ -f "$cases/$name.origin" ] && origin=$(cat "$cases/$name.origin")
	(cd "$cases" && timeout 20 "$tool" -p -o "$origin" "$name.zone") \
	    >"$tmp/out" 2>"$tmp/err"
	rc=$?
	want_rc=0
	[ -f "$cases/$name.rc" ] && want_rc=$(cat "$cases/$name.rc")
	ok=1
	if [ -f "$cases/$name.out" ]; then
		if ! diff -u "$cases/$name.out" "$tmp/out" >"$tmp/diff"; then
			echo "golden: $name: stdout differs:"
			cat "$tmp/diff"
			ok=0
		fi
	fi
	if [ -f "$cases/$name.err" ]; then
		if ! diff -u "$cases/$name.err" "$tmp/err" >"$tmp/diff"; then
			echo "golden: $name: stderr differs:"
			cat "$tmp/diff"
			ok=0
		fi
	elif grep -E ': (error|warning): ' "$tmp/err" >/dev/null; then
		echo "golden: $name: unexpected diagnostics:"
		cat "$tmp/err"
		ok=0
	fi
	if [ "$rc" != "$want_rc" ]; then
		echo "golden: $name: exit status $rc, expected $want_rc"
		ok=0
	fi
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
done
echo "golden: $pass passed, $fail failed"
[ $fail = 0 ]
