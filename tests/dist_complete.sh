#!/bin/sh
# dist_complete: does the tarball hold exactly what git tracks?
# Usage: sh tests/dist_complete.sh TARBALL|DIR
#   TARBALL is radixdns-VERSION.tar.gz from `make dist`; DIR is that tarball
#   unpacked (distcheck-hook passes $(distdir)).
# Fails (1) when a file git tracks is not in the tarball (add its folder or
# the file to EXTRA_DIST in Makefile.am, or to a _SOURCES list), or when the
# tarball holds a file git does not track, other than what autoreconf makes
# (git add it, or delete it from the source tree). Skips (77) outside a git
# work tree, e.g. when run from an unpacked tarball.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
what=${1:-}
if [ -z "$what" ] || [ ! -e "$what" ]; then
	echo "dist_complete: usage: $0 TARBALL|DIR (run make dist first)" >&2
	exit 2
fi
if ! command -v git >/dev/null 2>&1 ||
    ! git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	echo "dist_complete: $top is not a git work tree; skipped"
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dist_complete.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# Tracked files that do not ship: CI's entry point and git's own files.
git -C "$top" ls-files | grep -v -e '^\.ci/' -e '^\.gitignore$' \
    -e '^m4/\.keep$' | LC_ALL=C sort >"$tmp/git"
if [ -d "$what" ]; then
	(cd "$what" && find . -path ./_build -prune -o -path ./_inst -prune \
	    -o -type f -print | sed 's|^\./||')
else
	tar tzf "$what" | grep -v '/$' | sed 's|^[^/]*/||'
fi | LC_ALL=C sort >"$tmp/tar"
# What autoreconf and configure's build-aux add to the tarball.
grep -v -e '^configure$' -e '^aclocal\.m4$' -e '^config\.h\.in$' \
    -e '^build-aux/' -e 'Makefile\.in$' -e '^m4/[^/]*\.m4$' \
    "$tmp/tar" >"$tmp/tar.own"

status=0
missing=$(LC_ALL=C comm -23 "$tmp/git" "$tmp/tar")
if [ -n "$missing" ]; then
	echo "dist_complete: tracked by git but not in the tarball (list each in"
	echo "EXTRA_DIST in Makefile.am or in its folder's Makefile.inc):"
	echo "$missing" | sed 's/^/  /'
	status=1
fi
extra=$(LC_ALL=C comm -13 "$tmp/git" "$tmp/tar.own")
if [ -n "$extra" ]; then
	echo "dist_complete: in the tarball but not tracked by git (git add them,"
	echo "or remove them from the source tree):"
	echo "$extra" | sed 's/^/  /'
	status=1
fi
[ $status = 0 ] && echo "dist_complete: the tarball holds the $(wc -l <"$tmp/git") files git tracks"
exit $status
