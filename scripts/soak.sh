#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make soak: long runs of the swap torture test (tools/testing/selftests/mm/
# swap_torture.c) in QEMU, every lane, on the virtio swap disk.
#   SECONDS_PER_LANE=300   guest seconds per lane
#   LANES=a,b              only these lanes (zswap disk mixed writeback
#                          swapoff fork_fanout shmem)
#   VARIANT=vswap-off      the same on another config variant (the base
#                          behaviour to compare with); ARGS=vswap=off adds
#                          kernel arguments (ARGS=wb.pmd_swap=1: with PMD
#                          swap entries on)
# Then prints the THP swap events, and what is left on the virtual device
# after swapoff and a reclaim of the swap cache (WB-SOAK-LEFT).
# Prints, per lane, operations, GiB verified and the result; the guest
# console is in build/logs/soak-<variant>.log.
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/deps.sh"
VARIANT=${VARIANT:-default}
SECONDS_PER_LANE=${SECONDS_PER_LANE:-300}
obj=$("$TOP/scripts/kernel.sh" patched "$VARIANT" "${DEBUG:-0}")
filter=
for l in ${LANES:+${LANES//,/ }}; do
	filter="$filter -v $l"
done
nl=$(echo "${LANES:-zswap disk mixed writeback swapoff fork_fanout shmem}" | tr ',' ' ' | wc -w)
timeout=$(( nl * (SECONDS_PER_LANE + 120) + 600 ))
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/root/wb" "$BUILD/logs"
cat > "$tmp/root/wb/cmd.sh" <<EOS
. /wb/lib.sh
wb_reset
cd /wb/bin/mm && SWAP_TORTURE_SECONDS=$SECONDS_PER_LANE SWAP_TORTURE_DISK=/dev/vda ./swap_torture$filter
echo "WB-SOAK-RC \$?"
grep -E '^(thp_swp|thp_split_pmd|swpin_zero|swpout_zero|pswp|zswp)' /proc/vmstat | sed 's/^/WB-SOAK-VMSTAT /'
# What is left once nothing uses swap: every virtual slot should be free
# after swapoff and a reclaim of the swap cache.
swapoff -a
echo 4G > /sys/fs/cgroup/memory.reclaim 2>/dev/null
sleep 2
for f in used clusters vtables cached_only zero zswap phys invalid; do
	[ -r /sys/kernel/debug/vswap/\$f ] && echo "WB-SOAK-LEFT \$f \$(cat /sys/kernel/debug/vswap/\$f)"
done
grep -E '^(SwapCached|Shmem):' /proc/meminfo | sed 's/^/WB-SOAK-LEFT /'
# Slots still held by swap cache folios: with no swap space left, reclaim
# does not scan anonymous memory at all. Give it zswap and reclaim again.
wb_zswap on
echo 4G > /sys/fs/cgroup/memory.reclaim 2>/dev/null
sleep 2
for f in used cached_only; do
	[ -r /sys/kernel/debug/vswap/\$f ] && echo "WB-SOAK-LEFT-RECLAIMED \$f \$(cat /sys/kernel/debug/vswap/\$f)"
done
wb_zswap off
EOS
(cd "$tmp/root" && find . | cpio -o -H newc --quiet | gzip -1) > "$tmp/extra.cpio.gz"
cat "$obj/initramfs.cpio.gz" "$tmp/extra.cpio.gz" > "$tmp/initrd"
log=$BUILD/logs/soak-$VARIANT${ARGS:+-$(echo "$ARGS" | tr '= ' '--')}.log
log "soak on $VARIANT${ARGS:+ ($ARGS)}: $nl lane(s) x ${SECONDS_PER_LANE}s (console: $log)"
rc=0
paging=   # KASAN kernels: 4-level paging, see run-qemu.sh
[ "${DEBUG:-0}" = 1 ] && paging=-4
"$TOP/scripts/run-qemu.sh" -q $paging -t "$timeout" "${CHECK_GUEST[@]}" \
	-a "wb.mode=cmd${ARGS:+ $ARGS}" "$obj/arch/x86/boot/bzImage" "$tmp/initrd" "$log" || rc=$?
tr -d '\r' < "$log" | grep -E '^# lane |^#   |^# +ctl |^(not )?ok [0-9]+ torture|WB-SOAK-' || true
# The console must be clean (the patterns make check fails on)
python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); from parse import BAD
bad = [l.strip()[:120] for l in open(sys.argv[2], errors="replace") if BAD.search(l)]
print(*("console: " + l for l in bad[:5]), sep="\n") if bad else None
sys.exit(1 if bad else 0)' "$TOP/scripts" "$log" || rc=1
grep -q '^WB-SOAK-RC 0' <(tr -d '\r' < "$log") || rc=1
[ $rc = 0 ] && log "soak passed" || log "soak FAILED (rc $rc)"
exit $rc
