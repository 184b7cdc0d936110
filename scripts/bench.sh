#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: build the base and the patched kernel from the same config,
# run every workload of tests/bench-workloads REPEAT times on each under
# qemu -icount shift=0,sleep=off (guest time counts instructions), print a
# table and write build/bench/results.{json,csv}.
#   REPEAT=3     boots per kernel and workload
#   W=name,...   only these workloads
#   BENCH_JOBS=N boots at a time (default: one per host CPU); guest time
#                under -icount does not depend on the host's load
#   VARIANT=bench  config variant of both kernels (configs/variants/): the
#                default, bench, is built as distributions ship a kernel;
#                VARIANT=default measures the test config of make check
#   PROFILE=1    profile instead: both kernels built with ftrace's function
#                profiler (configs/profile.config added to VARIANT), which
#                runs around each workload; prints, per workload, the
#                functions whose guest time differs most between the
#                kernels (build/bench/profile.txt). Its timings are not
#                benchmark figures: the tracing costs time of its own.
#   PROFILE_FILTER=glob,...  the functions traced (default: the swap
#                paths, see guest/rootfs/bench.sh)
#   LOCKSTAT=1   count lock acquisitions instead: both kernels built with
#                lock statistics (configs/lockstat.config added to
#                VARIANT), cleared before each workload; prints, per
#                workload, acquisitions per 1000 pages swapped out and in
#                of the locks one instance of which serves the whole
#                system or a whole swap device, and the lock classes whose
#                counts differ most between the kernels
#                (build/bench/lockstat.txt). Not benchmark figures either.
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/deps.sh"
REPEAT=${REPEAT:-3}
W=${W:-}
OUT=$BUILD/bench
mkdir -p "$OUT"
rm -f "$OUT"/*.log

VARIANT=${VARIANT:-bench}
frag= pargs=
if [ "${PROFILE:-0}" = 1 ] && [ "${LOCKSTAT:-0}" = 1 ]; then
	die "PROFILE=1 and LOCKSTAT=1 build different kernels: one at a time"
elif [ "${PROFILE:-0}" = 1 ]; then
	frag=profile
	pargs=" wb.profile=1${PROFILE_FILTER:+ wb.profile_filter=$PROFILE_FILTER}"
elif [ "${LOCKSTAT:-0}" = 1 ]; then
	frag=lockstat
	pargs=" wb.lockstat=1"
fi
base_obj=$("$TOP/scripts/kernel.sh" base "$VARIANT" 0 $frag)
patched_obj=$("$TOP/scripts/kernel.sh" patched "$VARIANT" 0 $frag)

par=${BENCH_JOBS:-$JOBS}
runs=()
grep -v '^#' "$TOP/tests/bench-workloads" | grep -v '^$' > "$OUT/workloads"
while IFS='|' read -r name mem rd wl kinds; do
	if [ -n "$W" ]; then
		case ",$W," in *",$name,"*) ;; *) continue ;; esac
	fi
	extra=
	[ "$rd" -gt 0 ] && extra="brd.rd_nr=1 brd.rd_size=$((rd * 1024))"
	for r in $(seq 1 "$REPEAT"); do
		for kind in ${kinds:-base patched}; do
			# off: the patched kernel booted with vswap=off
			karg=
			case $kind in
			off) obj=$patched_obj karg=vswap=off ;;
			*) obj=${kind}_obj obj=${!obj} ;;
			esac
			log=$OUT/$kind-$name-$r.log
			log "$name: $kind run $r/$REPEAT"
			"$TOP/scripts/run-qemu.sh" -i -q -t 3600 -m "$mem" -c 2 \
				-a "wb.mode=bench wb.bench=$wl $extra${karg:+ $karg}$pargs" \
				"$obj/arch/x86/boot/bzImage" "$obj/initramfs.cpio.gz" "$log" >/dev/null &
			runs+=("$kind|$name|$r|$log")
			# A failed boot shows in its log (no WB-BENCH-STATUS 0)
			while [ "$(jobs -rp | wc -l)" -ge "$par" ]; do
				wait -n || true
			done
		done
	done
done < "$OUT/workloads"
wait || true
printf '%s\n' "${runs[@]}" > "$OUT/runs"
rc=0
python3 "$TOP/scripts/bench-report.py" "$OUT/runs" "$OUT/results" \
	"$(cat "$BUILD/base-version"), $VARIANT config${frag:+ + $frag}" \
	"$(series_patches | wc -l)" || rc=$?
if [ "${PROFILE:-0}" = 1 ]; then
	python3 "$TOP/scripts/bench-profile.py" "$OUT/runs" | tee "$OUT/profile.txt"
fi
if [ "${LOCKSTAT:-0}" = 1 ]; then
	python3 "$TOP/scripts/bench-lockstat.py" "$OUT/runs" | tee "$OUT/lockstat.txt" ||
		rc=1
fi
exit $rc
