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
# "object function offset size" per line: the object's first global
# function in .text (globals have unique names in /proc/kallsyms, where
# the guest looks it up), its offset in .text (static functions usually
# come first) and the size of .text, so the guest gets the whole range.
for o in vswap zswap page_io swap_state swapfile; do
	f=$obj/mm/$o.o
	[ -f "$f" ] || continue
	text=$(readelf -SW "$f" | sed -n \
		's/^ *\[ *\([0-9]*\)\] \.text  *[A-Z]*  *[0-9a-f]*  *[0-9a-f]*  *\([0-9a-f]*\) .*/\1 \2/p')
	idx=${text% *} size=${text#* }
	first=$(readelf -sW "$f" | awk -v i="$idx" \
		'$4 == "FUNC" && $5 == "GLOBAL" && $7 == i { print $2, $8 }' |
		sort | head -n 1)
	if [ -n "$text" ] && [ -n "$first" ]; then
		echo "$o ${first#* } 0x${first%% *} 0x$size"
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
