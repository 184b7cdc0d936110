#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# run-qemu.sh [options] KERNEL INITRD LOG
#   -t SECS     hard timeout for the whole boot (default 1800)
#   -m SIZE     guest memory (default 2G)
#   -c N        guest CPUs (default 2)
#   -d SIZE     attach a fresh raw virtio disk of SIZE (MiB) as /dev/vda
#   -s SIZE     and a second one as /dev/vdb (scratch filesystem)
#   -a ARGS     extra kernel command line
#   -i          deterministic timing: -icount shift=0,sleep=off
#   -4          a guest CPU without 5-level paging (la57=off): for KASAN
#               kernels, see below
#   -q          quiet: only WB- lines on stdout (full console in LOG)
# Exit: QEMU's status, 124 on timeout.
. "$(dirname "$0")/lib.sh"

tmo=1800 mem=2G cpus=2 disk= disk2= append= icount= quiet= cpu=max
while getopts "t:m:c:d:s:a:iq4" o; do
	case $o in
	t) tmo=$OPTARG ;; m) mem=$OPTARG ;; c) cpus=$OPTARG ;;
	d) disk=$OPTARG ;; s) disk2=$OPTARG ;; a) append=$OPTARG ;; i) icount=1 ;; q) quiet=1 ;;
	# On 7.2 an interrupt that arrives while identify_cpu() has cleared
	# boot_cpu_data's feature bits sees X86_FEATURE_LA57 off. KASAN's
	# shadow bounds then follow 4-level paging, and it reports a
	# "wild-memory-access" on the irq_desc lock in the 5-level direct
	# map. That is an x86 boot race in start_kernel(), long before any
	# swap code runs; with 4-level paging every kernel address is inside
	# both sets of bounds.
	4) cpu=max,la57=off ;;
	*) die "bad option" ;;
	esac
done
shift $((OPTIND - 1))
KERNEL=$1 INITRD=$2 LOG=$3

args=(-machine pc -cpu "$cpu" -m "$mem" -smp "$cpus" -nodefaults -no-reboot
      -display none -serial stdio -monitor none
      -kernel "$KERNEL" -initrd "$INITRD")
accel="tcg,thread=multi"
if [ -n "$icount" ]; then
	accel="tcg,thread=single"
	args+=(-icount shift=0,sleep=off)
fi
if [ "${WB_KVM:-0}" = 1 ] && [ -w /dev/kvm ]; then
	accel=kvm
	args+=(-cpu host)
fi
args+=(-accel "$accel")
mkdir -p "$(dirname "$LOG")"
imgs=()
for d in "$disk" "$disk2"; do
	[ -n "$d" ] || continue
	img=${LOG%.log}.disk${#imgs[@]}.img
	rm -f "$img"
	truncate -s "${d}M" "$img"
	imgs+=("$img")
	args+=(-drive "file=$img,if=virtio,format=raw,cache=unsafe")
done
cmdline="console=ttyS0,115200 panic=-1 oops=panic softlockup_panic=0 loglevel=7 \
rdinit=/init $append"
args+=(-append "$cmdline")

set +e
if [ -n "$quiet" ]; then
	timeout -k 10 "$tmo" qemu-system-x86_64 "${args[@]}" </dev/null 2>&1 |
		tee "$LOG" | grep --line-buffered -a -E '^(\[ *[0-9.]+\] )?WB-'
else
	timeout -k 10 "$tmo" qemu-system-x86_64 "${args[@]}" </dev/null 2>&1 | tee "$LOG"
fi
rc=${PIPESTATUS[0]}
set -e
rm -f "${imgs[@]}"
exit "$rc"
