#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh BINDIR OUT.cpio.gz
# Busybox (static) + guest scripts + test plan + the binaries in BINDIR with
# exactly the shared libraries they need.
. "$(dirname "$0")/lib.sh"

BIN=$1 OUTF=$2
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,run,etc,root,wb/bin,mnt}
bb=$(command -v busybox) || die "busybox not found"
file -L "$bb" 2>/dev/null | grep -q 'statically linked' || [ -f /bin/busybox ] || die "need busybox-static"
cp /bin/busybox "$root/bin/busybox"
for a in $("$root/bin/busybox" --list-full); do
	[ -e "$root/$a" ] || ln -s /bin/busybox "$root/$a"
done
cp "$TOP"/guest/rootfs/init "$root/init"
chmod +x "$root/init"
cp "$TOP"/guest/rootfs/*.sh "$root/wb/"
cp "$TOP"/tests/plan "$root/wb/plan"
echo "root:x:0:0:root:/root:/bin/sh" > "$root/etc/passwd"
echo "root:x:0:" > "$root/etc/group"
echo "nobody:x:65534:65534:nobody:/:/bin/false" >> "$root/etc/passwd"
echo "nogroup:x:65534:" >> "$root/etc/group"
printf '127.0.0.1 localhost\n::1 localhost\n' > "$root/etc/hosts"
echo "hosts: files" > "$root/etc/nsswitch.conf"

# The kernel config where tests look for it (swapon_max, as LTP's swapon03)
obj=$(dirname "$BIN")
if [ -f "$obj/.config" ] && [ -f "$obj/include/config/kernel.release" ]; then
	mkdir -p "$root/boot"
	cp "$obj/.config" "$root/boot/config-$(cat "$obj/include/config/kernel.release")"
fi

# The text of the swap code, for swap_fault_inject's stack trace filter:
# "object first-function last-function" per line, the first and last
# global function in the object's .text (globals: their names are unique
# in /proc/kallsyms, where the guest looks them up; static functions
# before the first or after the last are left out).
for o in vswap zswap page_io swap_state swapfile; do
	f=$obj/mm/$o.o
	[ -f "$f" ] || continue
	idx=$(readelf -SW "$f" | sed -n 's/^ *\[ *\([0-9]*\)\] \.text .*/\1/p')
	syms=$(readelf -sW "$f" | awk -v i="$idx" \
		'$4 == "FUNC" && $5 == "GLOBAL" && $7 == i { print $2, $8 }' |
		sort | awk '{ print $2 }')
	if [ -n "$syms" ]; then
		echo "$o $(echo "$syms" | head -n 1) $(echo "$syms" | tail -n 1)"
	fi
done > "$root/wb/fault-text"

rsync -a --exclude='*.log' --exclude='*.o' --exclude='*.mk' --exclude='*.h' "$BIN/" "$root/wb/bin/"

# Shared libraries of every dynamic ELF binary, at their host paths.
find "$root/wb/bin" -type f -perm -u+x | while read -r f; do
	ldd "$f" 2>/dev/null | awk '/=> \// {print $3} /^\t\/[^ ]+ \(/ {print $1}'
done | sort -u | while read -r lib; do
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$OUTF"
