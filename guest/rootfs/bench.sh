# SPDX-License-Identifier: GPL-2.0
# Guest side of 'make bench': bench.sh WORKLOAD ARGS...
#   roundtrip SIZE_MIB MEMMAX_MIB BACKEND   (MEMMAX 0: MADV_PAGEOUT, no limit)
#   swapoff SIZE_MIB NPROCS RESIDENT_MIB    (disk backend; swapoff_bench)
#   swapmeta SIZE_MIB                       (own zram swap device; swapmeta)
#   mthp SIZE_MIB large|small zswap|mixed   (zswap + /dev/ram0; mthp_refault)
#   oomzswap SIZE_MIB MEMMAX_MIB ZMAX_MIB   (zswap, no swap device; oom_zswap)
#   freelat SIZE_MIB zswap|disk|mixed|zero  (free_latency)
#   usemem NPROCS TOTAL_MIB MEMMAX_MIB      (zswap + disk; usemem_mp)
#   forkshared SIZE_MIB NREADERS NWRITERS   (zswap + disk; fork_shared)
#   refaultrand SIZE_MIB zswap|disk         (refault_random)
# BACKEND: zswap (zswap + RAM-backed swap disk /dev/ram0 (brd); the cgroup's
# memory.zswap.max is MEMMAX/4, so the oldest entries are written back to the
# disk when the pool goes over it), disk
# (/dev/ram0 only, zswap off), zswap-nodev (zswap only, no swap device).
. /wb/lib.sh

setup_backend() {
	case $1 in
	zswap|disk)
		# Lock statistics: the lock class of the device's si->lock is
		# the "&p->lock" one that swapon takes (lockdep numbers
		# classes of the same name in the order they are first used)
		mkswap /dev/ram0 >/dev/null &&
			{ [ -z "$WB_LOCKSTAT" ] || echo 0 > /proc/lock_stat; } &&
			swapon /dev/ram0 ||
			{ echo "WB-BENCH-ERROR swapon /dev/ram0"; return 1; }
		[ -z "$WB_LOCKSTAT" ] ||
			lockstat_lines /proc/lock_stat | awk '
				$1 ~ /^&p->lock(#[0-9]+)?$/ && $2 > 0 {
					print "WB-LOCKSTAT-SWAPON " $1 }' ;;
	zswap-nodev) ;;
	*) echo "WB-BENCH-ERROR unknown backend $1"; return 1 ;;
	esac
	case $1 in
	zswap*) wb_zswap on ;;
	*) wb_zswap off ;;
	esac
}

# Functions the profiler traces (make bench PROFILE=1): the swap paths,
# the allocators and reclaim code they call; PROFILE_FILTER on the host
# replaces the list (wb.profile_filter, commas for spaces).
PROFILE_FILTER="*swap* *swp* *cluster* zs_* *zsmalloc* brd_* *memcg* *lru*
	do_swap_page zap_pte_range try_to_unmap_one shrink_folio_list
	__folio_alloc* alloc_pages* free_unref* kmem_cache_* __kmalloc* kfree"

# lockstat_lines FILE: "class acquisitions contentions" per lock class of
# a copy of /proc/lock_stat. Class lines have the name, then 12 numbers
# of which the 2nd is contentions and the 8th acquisitions (read and
# write acquisitions of a rwlock or rwsem are separate lines, -R/-W).
lockstat_lines() {
	awk 'NF >= 13 && $(NF - 11) ~ /^[0-9]+$/ && $(NF - 4) ~ /^[0-9]+$/ {
		name = $1
		for (i = 2; i <= NF - 12; i++)
			name = name "_" $i
		sub(/:$/, "", name)
		printf "%s %d %d\n", name, $(NF - 4), $(NF - 10)
	}' "$1"
}

# The swap counters of /proc/vmstat, "name value" per line: the pages
# swapped out and in during a run, which lock counts are divided by.
lockstat_vmstat() {
	grep -E '^(pswpin|pswpout|zswpin|zswpout|swpin_zero|swpout_zero) ' /proc/vmstat
}

# run PROG ARGS...: the workload, its output and WB-BENCH-STATUS. With
# wb.profile=1, ftrace's function profiler runs around it and the
# functions' hits and self time (graph-time off: less the time of traced
# callees), summed over CPUs, follow as "WB-PROFILE name hits us" lines.
# With wb.lockstat=1 (a CONFIG_LOCK_STAT kernel), the lock statistics are
# cleared before it and follow as "WB-LOCKSTAT class acquisitions
# contentions" lines, with the swap counters' growth as
# "WB-LOCKSTAT-VMSTAT name pages" (and setup_backend's swapon names the
# swap device's lock class in a "WB-LOCKSTAT-SWAPON class" line).
run() {
	tr=/sys/kernel/tracing
	if [ -n "$WB_PROFILE" ]; then
		mount -t tracefs tracefs $tr 2>/dev/null
		echo 0 > $tr/options/graph-time
		set -f
		for g in ${WB_PROFILE_FILTER:-$PROFILE_FILTER}; do
			echo "$g" >> $tr/set_ftrace_filter
		done 2>/dev/null
		set +f
		echo 1 > $tr/function_profile_enabled ||
			echo "WB-BENCH-ERROR no function profiler"
	fi
	if [ -n "$WB_LOCKSTAT" ]; then
		lockstat_vmstat > /tmp/vmstat.before
		# Writing 0 clears every class's counts
		echo 0 > /proc/lock_stat ||
			echo "WB-BENCH-ERROR no lock statistics"
	fi
	"$@" > /tmp/bench.out 2>&1
	rc=$?
	if [ -n "$WB_LOCKSTAT" ]; then
		# Snapshot first: reading the files takes locks of its own
		cp /proc/lock_stat /tmp/lock_stat
		lockstat_vmstat | paste /tmp/vmstat.before - | awk '
			{ printf "WB-LOCKSTAT-VMSTAT %s %d\n", $1, $4 - $2 }'
		lockstat_lines /tmp/lock_stat | sed 's/^/WB-LOCKSTAT /'
	fi
	if [ -n "$WB_PROFILE" ]; then
		echo 0 > $tr/function_profile_enabled
		cat $tr/trace_stat/function* | awk '
			$2 ~ /^[0-9]+$/ && $4 == "us" { hit[$1] += $2; us[$1] += $3 }
			END { for (f in us) printf "WB-PROFILE %s %d %.1f\n", f, hit[f], us[f] }'
	fi
	cat /tmp/bench.out
	echo "WB-BENCH-STATUS $rc"
}

workload=$1
shift
case $workload in
roundtrip)
	setup_backend "$3" || exit 1
	zmax=
	[ "$3" = zswap ] && [ "$2" -gt 0 ] && zmax=$(($2 / 4))
	run /wb/bin/roundtrip "$1" "$2" $zmax ;;
swapoff)
	setup_backend disk || exit 1
	run /wb/bin/swapoff_bench /dev/ram0 "$1" "$2" "$3" ;;
swapmeta)
	run /wb/bin/swapmeta "$1" ;;
mthp)
	setup_backend zswap || exit 1
	run /wb/bin/mthp_refault "$1" "$2" "$3" ;;
oomzswap)
	setup_backend zswap-nodev || exit 1
	run /wb/bin/oom_zswap "$1" "$2" "$3" ;;
freelat|refaultrand)
	# zero pages need a swap device on base; zswap off, as for disk
	case $2 in zswap|mixed) b=zswap ;; *) b=disk ;; esac
	setup_backend $b || exit 1
	prog=free_latency
	[ "$workload" = refaultrand ] && prog=refault_random
	run /wb/bin/$prog "$@" ;;
usemem|forkshared)
	setup_backend zswap || exit 1
	prog=usemem_mp
	[ "$workload" = forkshared ] && prog=fork_shared
	run /wb/bin/$prog "$@" ;;
*)
	echo "WB-BENCH-ERROR unknown workload $workload" ;;
esac
