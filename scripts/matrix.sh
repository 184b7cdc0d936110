#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make matrix: build the patched tree (build/linux) in every configuration
# the series must keep building, without booting: the config variants that
# turn the series' dependencies off (configs/variants/*-off.config), THP
# off, THP_SWAP off (not a user option: arm64 with 64K pages), 32-bit x86
# and arm64 with MTE (configs/matrix/; arm64 with Debian's cross
# compiler). Each build: tinyconfig + configs/base.config +
# configs/series.config + the entry's fragment, vmlinux, then mm/ again
# with W=1. An entry fails on a build error or on any compiler warning in
# a C file or header the series touches.
#   M=a,b   only these entries
# Prints one line per entry (result, time, warnings); logs in
# build/matrix/<entry>.log.
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/deps.sh" gcc-aarch64-linux-gnu
[ -d "$TREE/.git" ] || "$TOP/scripts/tree.sh"
touched=$(git -C "$TREE" diff --name-only refs/tags/base HEAD -- '*.c' '*.h')

# name|ARCH|CROSS_COMPILE|fragment
ENTRIES="
vswap-off|x86_64||variants/vswap-off.config
zswap-off|x86_64||variants/zswap-off.config
memcg-off|x86_64||variants/memcg-off.config
swap-off|x86_64||variants/swap-off.config
thp-off|x86_64||matrix/thp-off.config
thp-swap-off|arm64|aarch64-linux-gnu-|matrix/thp-swap-off.config
i386|i386||matrix/i386.config
arm64|arm64|aarch64-linux-gnu-|matrix/arm64.config
"
out=$BUILD/matrix
mkdir -p "$out"
fail=0
for e in $ENTRIES; do
	IFS='|' read -r name arch cross frag <<< "$e"
	if [ -n "${M:-}" ]; then
		case ",$M," in *",$name,"*) ;; *) continue ;; esac
	fi
	obj=$out/$name log=$out/$name.log
	mkdir -p "$obj"
	km=(make -s -C "$TREE" O="$obj" ARCH="$arch" CC="ccache ${cross}gcc"
	    HOSTCC="ccache gcc" ${cross:+CROSS_COMPILE=$cross})
	t0=$(date +%s)
	rc=0
	{
		"${km[@]}" tinyconfig &&
		(cd "$obj" && "$TREE/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" \
			"$TOP/configs/base.config" "$TOP/configs/series.config" "$TOP/configs/$frag") &&
		"${km[@]}" olddefconfig &&
		"${km[@]}" -j"$JOBS" vmlinux &&
		"${km[@]}" -j"$JOBS" W=1 mm/
	} > "$log" 2>&1 || rc=$?
	# Options the fragment asks for must have been granted
	while IFS= read -r line; do
		case $line in
		CONFIG_*=*) grep -qx "$line" "$obj/.config" ||
			{ echo "config: $line requested, not applied" >> "$log"; rc=1; } ;;
		"# CONFIG_"*" is not set")
			opt=${line#\# } opt=${opt%% *}
			! grep -q "^$opt=" "$obj/.config" ||
			{ echo "config: $opt should be off" >> "$log"; rc=1; } ;;
		esac
	done < "$TOP/configs/$frag"
	warn=0
	for f in $touched; do
		n=$(grep -cE "(^|/)$f:[0-9]+:[0-9]+: warning:" "$log" || true)
		warn=$(( warn + n ))
	done
	vswap=$(grep -q '^CONFIG_VSWAP=y' "$obj/.config" && echo on || echo off)
	if [ $rc = 0 ] && [ "$warn" = 0 ]; then
		res=ok
	else
		res=FAIL fail=1
	fi
	printf '%-14s %-6s vswap %-3s %4ss  %s warning(s)  %s\n' "$name" "$res" "$vswap" \
		"$(( $(date +%s) - t0 ))" "$warn" "$log"
done
exit $fail
