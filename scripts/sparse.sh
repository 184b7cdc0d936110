#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Print the path of a sparse the kernel accepts (scripts/checker-valid.sh:
# 7.2 headers use __typeof_unqual__, which Debian 12's sparse 0.6.4 rejects,
# and make C=1 then silently checks nothing). In order: Debian's sparse
# package, if it passes; else sparse built from the source package of
# Debian unstable, fetched through a private apt configuration like the
# base kernel's (scripts/fetch-base.sh) and cached.
. "$(dirname "$0")/lib.sh"

need_tree
valid() { [ "$("$TREE/scripts/checker-valid.sh" "$1" -m64 2>/dev/null)" = 1 ]; }

"$TOP/scripts/deps.sh" sparse dpkg-dev
if valid /usr/bin/sparse; then
	echo /usr/bin/sparse
	exit 0
fi
OUT=$CACHE/sparse
if [ -x "$OUT/sparse" ] && valid "$OUT/sparse"; then
	echo "$OUT/sparse"
	exit 0
fi

APTDIR=$CACHE/apt-src
SUITE=unstable
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
mkdir -p "$APTDIR/lists/partial" "$APTDIR/archives/partial"
echo "deb-src [signed-by=$KEYRING] $MIRROR $SUITE main" > "$APTDIR/sources.list"
touch "$APTDIR/status"
APTOPTS=(-o Dir::Etc::SourceList="$APTDIR/sources.list"
	 -o Dir::Etc::SourceParts=/dev/null
	 -o Dir::Etc::Preferences=/dev/null
	 -o Dir::Etc::PreferencesParts=/dev/null
	 -o Dir::State="$APTDIR" -o Dir::State::Lists="$APTDIR/lists"
	 -o Dir::State::status="$APTDIR/status"
	 -o Dir::Cache="$APTDIR" -o Dir::Cache::archives="$APTDIR/archives"
	 -o Acquire::Languages=none -o APT::Sandbox::User=root -q)
log "/usr/bin/sparse is too old for this kernel: building Debian $SUITE's sparse"
apt-get "${APTOPTS[@]}" update >&2 || die "apt-get update ($SUITE sources) failed"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get "${APTOPTS[@]}" source --download-only sparse >&2) ||
	die "apt-get source sparse failed"
dpkg-source -x "$work"/sparse_*.dsc "$work/src" >/dev/null ||
	die "dpkg-source -x sparse failed"
# Debian's build pins the compiler of its own release (gcc-NN): use ours
make -C "$work/src" -s -j"$JOBS" CC=gcc sparse >&2 || die "building sparse failed"
mkdir -p "$OUT"
cp "$work/src/sparse" "$OUT/sparse"
valid "$OUT/sparse" || die "Debian $SUITE's sparse does not pass checker-valid.sh either"
log "sparse: $OUT/sparse ($(basename "$work"/sparse_*.dsc .dsc))"
echo "$OUT/sparse"
