#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel.sh KIND VARIANT [DEBUG] [EXTRA]
# Build kernel + guest binaries + initramfs for KIND (patched: build/linux
# as it is; base: the 'base' commit of build/linux, checked out in
# build/base/linux) and a config variant, with configs/debug.config if
# DEBUG is 1 and configs/EXTRA.config if EXTRA is given (see
# build-kernel.sh). Prints the object directory.
# Both layouts put the source at ../../linux from the object directory so
# ccache (CCACHE_BASEDIR) shares objects between base and patched builds.
. "$(dirname "$0")/lib.sh"

KIND=$1 VARIANT=${2:-default} DEBUG=${3:-0} EXTRA=${4:-}
[ -d "$TREE/.git" ] || "$TOP/scripts/tree.sh"
case $KIND in
patched) SRC=$TREE OBJ=$BUILD/obj/$KIND-$VARIANT ;;
base) need_base_tree; SRC=$BASE_TREE OBJ=$BUILD/base/obj/$VARIANT ;;
*) die "kind must be base or patched" ;;
esac
[ -n "$EXTRA" ] && OBJ=$OBJ-$EXTRA
[ "$DEBUG" = 1 ] && OBJ=$OBJ-debug
"$TOP/scripts/build-kernel.sh" "$SRC" "$OBJ" "$VARIANT" "$DEBUG" "$EXTRA" >&2
"$TOP/scripts/build-tests.sh" "$SRC" "$OBJ" >&2
"$TOP/scripts/mkinitramfs.sh" "$OBJ/wb-bin" "$OBJ/initramfs.cpio.gz" >&2
echo "$OBJ"
