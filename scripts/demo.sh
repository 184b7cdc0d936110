#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: build the patched kernel, boot it with a small virtio swap disk
# and zswap, run a memory-pressure workload and print a report.
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/deps.sh"
obj=$("$TOP/scripts/kernel.sh" patched default 0)
log=$BUILD/logs/demo.log
log "booting (console: $log)"
rc=0
"$TOP/scripts/run-qemu.sh" -t 1200 -m 1G -c 2 -d 512 -a "wb.mode=demo" \
	"$obj/arch/x86/boot/bzImage" "$obj/initramfs.cpio.gz" "$log" > /dev/null || rc=$?
sed -n '/^WB-GUEST/,/^WB-DONE/p' "$log" | tr -d '\r' | grep -v '^WB-DONE'
echo
if ! python3 "$TOP/scripts/parse.py" --only none "$TOP/tests/plan" "demo=$log" > "$BUILD/logs/demo.parse" ; then
	grep -E 'console|FAIL' "$BUILD/logs/demo.parse"
	die "demo: kernel console not clean or guest did not finish (rc=$rc)"
fi
grep -q 'WB-DEMO-RESULT pass' "$log" || die "demo: workload data did not verify"
log "demo passed: $(cat "$BUILD/base-version") + $(series_patches | wc -l) patches"
