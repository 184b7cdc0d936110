#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The test command. For each kernel variant in VARIANTS: build kernel, tests
# and initramfs, boot in QEMU with a swap disk, run tests/plan (KUnit runs at
# boot), then parse all console logs and print one summary line.
#   T=a,b      run only these plan entries (and KUnit), first variant only
#   VARIANTS   config variants (configs/variants/*.config), default: all
#              listed in configs/check-variants
#   DEBUG=1    add configs/debug.config (KASAN, lockdep, ...)
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/deps.sh"
T=${T:-}
DEBUG=${DEBUG:-0}
VARIANTS=${VARIANTS:-$(grep -v '^#' "$TOP/configs/check-variants" | xargs)}
[ -n "$T" ] && VARIANTS=${VARIANTS%% *}
BOOT_TIMEOUT=${BOOT_TIMEOUT:-3000}

t0=$(date +%s)
logs=()
for v in $VARIANTS; do
	obj=$("$TOP/scripts/kernel.sh" patched "$v" "$DEBUG")
	tag=$v
	[ "$DEBUG" = 1 ] && tag=$v-debug
	log=$BUILD/logs/check-$tag.log
	log "booting $tag kernel (console: $log)"
	rc=0
	"$TOP/scripts/run-qemu.sh" -q -t "$BOOT_TIMEOUT" -m 2G -c 2 -d 1024 -s 1024 \
		-a "wb.mode=check wb.only=$T" \
		"$obj/arch/x86/boot/bzImage" "$obj/initramfs.cpio.gz" "$log" || rc=$?
	[ $rc = 124 ] && echo "WB-TIMEOUT: $tag guest did not finish in ${BOOT_TIMEOUT}s" >> "$log"
	logs+=("$tag=$log=$obj/.config")
done
log "check took $(( $(date +%s) - t0 ))s"
python3 "$TOP/scripts/parse.py" ${T:+--only "$T"} --json "$BUILD/logs/check.json" \
	--kunit "$TOP/tests/kunit-suites" \
	"$TOP/tests/plan" "${logs[@]}"
