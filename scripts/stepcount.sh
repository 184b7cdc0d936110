#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make stepcount: the instructions one swap-in fault (PHASE=pageout: the
# page-out of one folio; PHASE=free: the freeing of 64 swapped-out pages;
# PHASE=fork: a fork of the process with 960 of them; PHASE=hit: a swap
# cache hit)
# runs, per function, base against patched. Boots the kernels of
# 'make bench' (bench config, built if needed) on one vCPU under QEMU's
# gdb stub, lets the guest page 8 MiB of anonymous memory out
# (guest/bench/swapin_fault.c) and single-steps one whole handle_mm_fault()
# of the read back, or the phase asked for (scripts/stepcount.py).
# The count is exact and the same on every run; it shows where a gap in
# guest time comes from, instruction by instruction (build/stepcount/).
#   KINDS='off on'   patched kinds compared with base: off is booted
#                    with vswap=off, on with virtual swap
#   BACKEND=zswap    where the pages go: zswap or disk (the brd device)
#   SKIP=3           faults (page-outs) let through before the one counted
#   PHASE=pageout    count reclaim's work on one folio instead of a fault:
#                    from one folio_alloc_swap() to the next, during the
#                    guest's MADV_PAGEOUT
#   PHASE=free       count the guest's MADV_DONTNEED of 64 swapped-out
#                    pages: the zap of their page table entries and the
#                    freeing of their swap slots, as munmap() and exit do
#   PHASE=fork       count the guest's fork() afterwards: the copy of the
#                    page tables, 960 of whose entries are swap entries
#   PHASE=hit        count a forked child's read of a page another child
#                    has swapped in: a fault that finds the folio in the
#                    swap cache, and leaves the entry to the parent
# Functions that update memcg statistics (__mod_memcg_lruvec_state(),
# count_memcg_events()) run a few instructions more or less per call with
# the state of the per-CPU counters: the report also gives the total
# without them, and how many calls there were (a different number of
# calls is code, a different length per call is not).
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/deps.sh" gdb
KINDS=${KINDS:-off on}
BACKEND=${BACKEND:-zswap}
SKIP=${SKIP:-3}
PHASE=${PHASE:-fault}
OUT=$BUILD/stepcount
mkdir -p "$OUT"

base_obj=$("$TOP/scripts/kernel.sh" base bench)
patched_obj=$("$TOP/scripts/kernel.sh" patched bench)

zswap=N
[ "$BACKEND" = zswap ] && zswap=Y
mkdir -p "$OUT/root/wb"
cat > "$OUT/root/wb/cmd.sh" <<EOC
mkswap /dev/ram0 >/dev/null && swapon /dev/ram0 || echo "WB-STEPCOUNT swapon failed"
echo $zswap > /sys/module/zswap/parameters/enabled
./swapin_fault
EOC
(cd "$OUT/root" && find . | cpio -o -H newc --quiet | gzip -1) > "$OUT/cmd.cpio.gz"

port=$((20000 + $$ % 10000))
step() {
	local kind=$1 obj=$2 karg=$3
	cat "$obj/initramfs.cpio.gz" "$OUT/cmd.cpio.gz" > "$OUT/$kind.initrd"
	timeout -k 10 900 qemu-system-x86_64 -machine pc -cpu max -m 2G -smp 1 \
		-nodefaults -no-reboot -display none -monitor none \
		-serial "file:$OUT/$kind-console.log" -accel tcg \
		-kernel "$obj/arch/x86/boot/bzImage" -initrd "$OUT/$kind.initrd" \
		-gdb "tcp:127.0.0.1:$port" -S \
		-append "console=ttyS0,115200 panic=-1 loglevel=7 rdinit=/init wb.mode=cmd brd.rd_nr=1 brd.rd_size=262144 $karg" &
	local qemu=$!
	sleep 1
	STEP_OUT=$OUT/$kind.trace STEP_SKIP=$SKIP STEP_PORT=$port STEP_MODE=$PHASE \
		timeout 900 gdb -q -batch -x "$TOP/scripts/stepcount.py" \
		"$obj/vmlinux" > "$OUT/$kind-gdb.log" 2>&1 || true
	kill "$qemu" 2>/dev/null || true
	wait "$qemu" 2>/dev/null || true
	local want='<do_swap_page'
	[ "$PHASE" = pageout ] && want='<swap_writeout'
	[ "$PHASE" = free ] && want='<swap_put_entries_direct'
	[ "$PHASE" = fork ] && want='<swap_dup_entry_direct'
	! grep -q WB-STEPCOUNT-TRUNCATED "$OUT/$kind-gdb.log" ||
		die "$kind: the $PHASE ran past the step limit, its count would be short; see $OUT/$kind-gdb.log"
	grep -q "$want" "$OUT/$kind.trace" 2>/dev/null ||
		die "$kind: no $PHASE traced, see $OUT/$kind-gdb.log and $OUT/$kind-console.log"
	[ "$PHASE" != hit ] || ! grep -q '<swap_read_folio' "$OUT/$kind.trace" ||
		die "$kind: the fault counted read the page: not a swap cache hit"
	log "$kind: $(wc -l < "$OUT/$kind.trace") instructions in the $PHASE"
}

step base "$base_obj" ""
for kind in $KINDS; do
	case $kind in
	off) step off "$patched_obj" vswap=off ;;
	on) step on "$patched_obj" "" ;;
	*) die "kind must be off or on" ;;
	esac
	python3 "$TOP/scripts/stepcount.py" report "$OUT/base.trace" \
		"$OUT/$kind.trace" | tee "$OUT/$kind.txt"
done
