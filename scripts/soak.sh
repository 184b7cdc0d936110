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
#                          kernel arguments
# Prints, per lane, operations, GiB verified and the result; the guest
# console is in build/logs/soak-<variant>.log.
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/deps.sh"
VARIANT=${VARIANT:-default}
SECONDS_PER_LANE=${SECONDS_PER_LANE:-300}
obj=$("$TOP/scripts/kernel.sh" patched "$VARIANT" "${DEBUG:-0}")
filter=
for l in ${LANES//,/ }; do
	filter="$filter -v $l"
done
nl=$(echo "${LANES:-zswap disk mixed writeback swapoff fork_fanout shmem}" | tr ',' ' ' | wc -w)
timeout=$(( nl * (SECONDS_PER_LANE + 120) + 600 ))
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/root/wb" "$BUILD/logs"
cat > "$tmp/root/wb/cmd.sh" <<EOS
cd /wb/bin/mm && SWAP_TORTURE_SECONDS=$SECONDS_PER_LANE SWAP_TORTURE_DISK=/dev/vda ./swap_torture$filter
echo "WB-SOAK-RC \$?"
EOS
(cd "$tmp/root" && find . | cpio -o -H newc --quiet | gzip -1) > "$tmp/extra.cpio.gz"
cat "$obj/initramfs.cpio.gz" "$tmp/extra.cpio.gz" > "$tmp/initrd"
log=$BUILD/logs/soak-$VARIANT${ARGS:+-$(echo "$ARGS" | tr '= ' '--')}.log
log "soak on $VARIANT${ARGS:+ ($ARGS)}: $nl lane(s) x ${SECONDS_PER_LANE}s (console: $log)"
rc=0
"$TOP/scripts/run-qemu.sh" -q -t "$timeout" -m 2G -c 2 -d 1024 -s 1024 \
	-a "wb.mode=cmd${ARGS:+ $ARGS}" "$obj/arch/x86/boot/bzImage" "$tmp/initrd" "$log" || rc=$?
tr -d '\r' < "$log" | grep -E '^# lane |^#   |^# +ctl |^(not )?ok [0-9]+ torture|WB-SOAK-RC' || true
# The console must be clean (the patterns make check fails on)
python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); from parse import BAD
bad = [l.strip()[:120] for l in open(sys.argv[2], errors="replace") if BAD.search(l)]
print(*("console: " + l for l in bad[:5]), sep="\n") if bad else None
sys.exit(1 if bad else 0)' "$TOP/scripts" "$log" || rc=1
grep -q '^WB-SOAK-RC 0' <(tr -d '\r' < "$log") || rc=1
[ $rc = 0 ] && log "soak passed" || log "soak FAILED (rc $rc)"
exit $rc
