#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: build the base and the patched kernel from the same config,
# run every workload of tests/bench-workloads REPEAT times on each under
# qemu -icount shift=0,sleep=off (guest time counts instructions), print a
# table and write build/bench/results.{json,csv}.
#   REPEAT=3     boots per kernel and workload
#   W=name,...   only these workloads
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/deps.sh"
REPEAT=${REPEAT:-3}
W=${W:-}
OUT=$BUILD/bench
mkdir -p "$OUT"
rm -f "$OUT"/*.log

base_obj=$("$TOP/scripts/kernel.sh" base default 0)
patched_obj=$("$TOP/scripts/kernel.sh" patched default 0)

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
				-a "wb.mode=bench wb.bench=$wl $extra${karg:+ $karg}" \
				"$obj/arch/x86/boot/bzImage" "$obj/initramfs.cpio.gz" "$log" >/dev/null || true
			runs+=("$kind|$name|$r|$log")
		done
	done
done < "$OUT/workloads"
printf '%s\n' "${runs[@]}" > "$OUT/runs"
python3 "$TOP/scripts/bench-report.py" "$OUT/runs" "$OUT/results" \
	"$(cat "$BUILD/base-version")" "$(ls "$TOP"/patches/*.patch 2>/dev/null | wc -l)"
