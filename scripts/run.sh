#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make run CMD='shell commands': boot the patched kernel (as built by the
# last 'make kernel'/'make check', VARIANT=, DEBUG=) with the check disks and
# run CMD in the guest (cwd /wb/bin, the plan's helpers available), printing
# the console. For poking at one test by hand. OBJ=build/base/obj/default
# boots the base kernel of the last "make bench" instead. EXTRA=dir copies
# the files of dir into the guest's /wb/extra (e.g. a test binary built
# with debug output). ARGS='...' adds kernel arguments (e.g. vswap=off).
. "$(dirname "$0")/lib.sh"

VARIANT=${VARIANT:-default}
obj=${OBJ:-$BUILD/obj/patched-$VARIANT}
[ "${DEBUG:-0}" = 1 ] && obj=$obj-debug
[ -f "$obj/initramfs.cpio.gz" ] || obj=$("$TOP/scripts/kernel.sh" patched "$VARIANT" "${DEBUG:-0}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/root/wb"
printf '%s\n' "${CMD:?set CMD}" > "$tmp/root/wb/cmd.sh"
[ -n "${EXTRA:-}" ] && cp -r "$EXTRA" "$tmp/root/wb/extra"
(cd "$tmp/root" && find . | cpio -o -H newc --quiet | gzip -1) > "$tmp/extra.cpio.gz"
cat "$obj/initramfs.cpio.gz" "$tmp/extra.cpio.gz" > "$tmp/initrd"
"$TOP/scripts/run-qemu.sh" -t "${TIMEOUT:-1800}" -m "${MEM:-2G}" -c 2 -d 1024 -s 1024 \
	-a "wb.mode=cmd${ARGS:+ $ARGS}" "$obj/arch/x86/boot/bzImage" "$tmp/initrd" "$BUILD/logs/run.log"
