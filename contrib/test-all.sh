#!/bin/sh
# The whole test suite, as CI runs it: install what is missing; make
# distcheck (the tarball unpacked read-only, built out of tree, the unit,
# golden and system tests run there, install and uninstall), then the check
# that the tarball holds every file git tracks; the same tests under
# ASan+UBSan; then each libFuzzer target for FUZZ_SECONDS (default 60).
# Usage: sh contrib/test-all.sh        (from the top of the source tree)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
jobs=$(nproc 2>/dev/null || echo 2)
fuzz_seconds=${FUZZ_SECONDS:-60}
passed=0 failed=0 skipped=0

sh contrib/deps.sh test
[ -x configure ] || autoreconf -fi
# The team's shared data (the root zone) for the tests that use it, which
# look for it beside the source tree: distcheck's copy has none beside it.
if [ -z "${RADIX_SHARED:-}" ] && [ -d "$top/../shared/data" ]; then
	RADIX_SHARED=$(cd "$top/../shared" && pwd)
	export RADIX_SHARED
fi

tally() {
	# Add up one automake test summary: a build's test-suite.log, or the
	# output of make distcheck (whose build tree is gone once it passed).
	log=$1
	[ -d "$log" ] && log=$log/test-suite.log
	[ -f "$log" ] || return 0
	p=$(sed -n 's/^# PASS: *//p' "$log" | head -1)
	f=$(sed -n 's/^# FAIL: *//p' "$log" | head -1)
	e=$(sed -n 's/^# ERROR: *//p' "$log" | head -1)
	s=$(sed -n 's/^# SKIP: *//p' "$log" | head -1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0} + ${e:-0}))
	skipped=$((skipped + ${s:-0}))
}

run_build() {
	# run_build NAME CONFIGURE-ARGS...: configure in _build/NAME and make check.
	name=$1
	shift
	echo "=== build $name: configure $*"
	mkdir -p "_build/$name"
	(cd "_build/$name" && "$top/configure" -q "$@" && make -s -j"$jobs")
	echo "=== tests $name"
	if ! (cd "_build/$name" && make -s -j"$jobs" check VERBOSE=1); then
		echo "=== tests $name: FAILED (see _build/$name/test-suite.log)"
	fi
	tally "_build/$name"
}

run_distcheck() {
	# make distcheck in _build/default: the suite runs once, in the build of
	# the unpacked tarball (radixdns-VERSION/_build/sub); then tarball checks.
	echo "=== distcheck: build and test the tarball out of tree, install, uninstall"
	mkdir -p _build/default
	(cd _build/default && "$top/configure" -q)
	log=_build/distcheck.log
	{
		(cd _build/default && make -s -j"$jobs" distcheck VERBOSE=1) &&
		    echo 0 >_build/distcheck.rc || echo 1 >_build/distcheck.rc
	} 2>&1 | tee "$log"
	tally "$log"
	if [ "$(cat _build/distcheck.rc)" = 0 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "=== distcheck: FAILED (output in $log; the tests' logs in" \
		    "_build/default/*/_build/sub/test-suite.log when they ran)"
	fi
	echo "=== dist_complete: the tarball holds what git tracks"
	set +e
	sh tests/dist_complete.sh "$(ls -t _build/default/*.tar.gz | head -1)"
	rc=$?
	set -e
	case $rc in
	0) passed=$((passed + 1)) ;;
	77) skipped=$((skipped + 1)) ;;
	*) failed=$((failed + 1)) ;;
	esac
}

run_distcheck
run_build asan --enable-sanitizers CC=clang

echo "=== fuzz: build with clang, $fuzz_seconds s per target"
mkdir -p _build/fuzz
(cd _build/fuzz && "$top/configure" -q CC=clang --enable-fuzz && make -s -j"$jobs" fuzz)
for t in _build/fuzz/tests/fuzz/fuzz_*; do
	[ -x "$t" ] || continue
	n=$(basename "$t" | sed 's/^fuzz_//')
	corpus="$top/tests/fuzz/corpus/$n"
	work="_build/fuzz/corpus-$n"
	mkdir -p "$work"
	echo "--- fuzz $n"
	[ -d "$corpus" ] || corpus=""
	if "$t" -max_total_time="$fuzz_seconds" -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix="_build/fuzz/$n-" \
	    "$work" $corpus > "_build/fuzz/$n.log" 2>&1; then
		passed=$((passed + 1))
		tail -n 12 "_build/fuzz/$n.log" | grep -E 'stat::number_of_executed_units|Done' || true
	else
		failed=$((failed + 1))
		echo "fuzz $n FAILED: a crash or leak was found; input and trace in _build/fuzz/"
		tail -n 40 "_build/fuzz/$n.log"
	fi
done

echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
