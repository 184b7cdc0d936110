#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel.sh KIND VARIANT [DEBUG]
# Build kernel + guest binaries + initramfs for KIND (patched: build/linux
# as it is; base: the 'base' commit of build/linux, checked out in
# build/base-src) and a config variant. Prints the object directory.
. "$(dirname "$0")/lib.sh"

KIND=$1 VARIANT=${2:-default} DEBUG=${3:-0}
[ -d "$TREE/.git" ] || "$TOP/scripts/tree.sh"
case $KIND in
patched) SRC=$TREE ;;
base)
	SRC=$BUILD/base-src
	want=$(git -C "$TREE" rev-parse base)
	if [ "$(git -C "$SRC" rev-parse HEAD 2>/dev/null)" != "$want" ]; then
		rm -rf "$SRC"
		git -C "$TREE" worktree prune
		git -C "$TREE" worktree add -q --detach "$SRC" base
	fi ;;
*) die "kind must be base or patched" ;;
esac
OBJ=$BUILD/obj/$KIND-$VARIANT
[ "$DEBUG" = 1 ] && OBJ=$OBJ-debug
"$TOP/scripts/build-kernel.sh" "$SRC" "$OBJ" "$VARIANT" "$DEBUG" >&2
"$TOP/scripts/build-tests.sh" "$SRC" "$OBJ" >&2
"$TOP/scripts/mkinitramfs.sh" "$OBJ/wb-bin" "$OBJ/initramfs.cpio.gz" >&2
echo "$OBJ"
