# SPDX-License-Identifier: GPL-2.0
# Guest side of 'make bench': bench.sh WORKLOAD ARGS...
#   roundtrip SIZE_MIB MEMMAX_MIB BACKEND   (MEMMAX 0: MADV_PAGEOUT, no limit)
#   swapoff SIZE_MIB NPROCS RESIDENT_MIB    (disk backend; swapoff_bench)
#   swapmeta SIZE_MIB                       (own zram swap device; swapmeta)
#   mthp SIZE_MIB large|small zswap|mixed   (zswap + /dev/ram0; mthp_refault)
#   oomzswap SIZE_MIB MEMMAX_MIB ZMAX_MIB   (zswap, no swap device; oom_zswap)
# BACKEND: zswap (zswap + RAM-backed swap disk /dev/ram0 (brd); the cgroup's
# memory.zswap.max is MEMMAX/4, so the oldest entries are written back to the
# disk when the pool goes over it), disk
# (/dev/ram0 only, zswap off), zswap-nodev (zswap only, no swap device).
. /wb/lib.sh

setup_backend() {
	case $1 in
	zswap|disk)
		mkswap /dev/ram0 >/dev/null && swapon /dev/ram0 ||
			{ echo "WB-BENCH-ERROR swapon /dev/ram0"; return 1; } ;;
	zswap-nodev) ;;
	*) echo "WB-BENCH-ERROR unknown backend $1"; return 1 ;;
	esac
	case $1 in
	zswap*) wb_zswap on ;;
	*) wb_zswap off ;;
	esac
}

workload=$1
shift
case $workload in
roundtrip)
	setup_backend "$3" || exit 1
	zmax=
	[ "$3" = zswap ] && [ "$2" -gt 0 ] && zmax=$(($2 / 4))
	/wb/bin/roundtrip "$1" "$2" $zmax > /tmp/bench.out 2>&1
	rc=$?
	cat /tmp/bench.out
	echo "WB-BENCH-STATUS $rc" ;;
swapoff)
	setup_backend disk || exit 1
	/wb/bin/swapoff_bench /dev/ram0 "$1" "$2" "$3" > /tmp/bench.out 2>&1
	rc=$?
	cat /tmp/bench.out
	echo "WB-BENCH-STATUS $rc" ;;
swapmeta)
	/wb/bin/swapmeta "$1" > /tmp/bench.out 2>&1
	rc=$?
	cat /tmp/bench.out
	echo "WB-BENCH-STATUS $rc" ;;
mthp)
	setup_backend zswap || exit 1
	/wb/bin/mthp_refault "$1" "$2" "$3" > /tmp/bench.out 2>&1
	rc=$?
	cat /tmp/bench.out
	echo "WB-BENCH-STATUS $rc" ;;
oomzswap)
	setup_backend zswap-nodev || exit 1
	/wb/bin/oom_zswap "$1" "$2" "$3" > /tmp/bench.out 2>&1
	rc=$?
	cat /tmp/bench.out
	echo "WB-BENCH-STATUS $rc" ;;
*)
	echo "WB-BENCH-ERROR unknown workload $workload" ;;
esac
