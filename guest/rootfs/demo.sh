# SPDX-License-Identifier: GPL-2.0
# Guest side of 'make demo': swap disk + zswap, a memory-pressure workload in
# a cgroup, then a report of where the data went.
. /wb/lib.sh

section() { printf '\n===== %s =====\n' "$*"; }
cg=/sys/fs/cgroup/wb-bench

# State of the swap layers; called while the workload still holds its data.
report() {
	section "/proc/swaps"
	cat /proc/swaps
	section "/proc/meminfo (swap)"
	grep -E 'Swap|Zswap' /proc/meminfo
	section "zswap (/sys/kernel/debug/zswap)"
	for f in /sys/kernel/debug/zswap/*; do printf '%-28s %s\n' "${f##*/}" "$(cat $f)"; done
	section "/proc/vmstat (swap)"
	grep -E '^(pswp|zswp|swap_ra|swpin_zero|swpout_zero|thp_swpout|pgmajfault)' /proc/vmstat
	section "memory.stat of the workload cgroup (swap, zswap)"
	grep -E 'swap|zswp' $cg/memory.stat
	for f in memory.current memory.swap.current memory.swap.peak memory.zswap.current; do
		[ -f $cg/$f ] && printf '%-22s %s\n' $f "$(cat $cg/$f)"
	done
	vswap "while the workload holds its data"
}

vswap() {
	section "/sys/kernel/debug/vswap ($1)"
	if [ -d /sys/kernel/debug/vswap ]; then
		for f in /sys/kernel/debug/vswap/*; do printf '%-28s %s\n' "${f##*/}" "$(cat $f)"; done
	else
		echo "(not present: this kernel has no virtual swap layer)"
	fi
}

if [ "$1" = report ]; then
	report
	exit 0
fi

section "setup"
mkswap $WB_SWAPDEV >/dev/null && swapon $WB_SWAPDEV && echo "swapon $WB_SWAPDEV"
wb_zswap on && echo "zswap enabled: $(cat /sys/module/zswap/parameters/enabled)" \
	"compressor: $(cat /sys/module/zswap/parameters/compressor)"

section "workload"
echo "a cgroup limited to 64 MiB (memory.max) writes 192 MiB of anon data"
echo "(25% zero pages, 50% compressible, 25% incompressible), then reads it"
echo "back twice and verifies every byte. memory.zswap.max is 16 MiB: over it,"
echo "zswap writes its oldest entries back to the swap disk. The report below"
echo "is taken after the reads, while the workload still holds its data."
WB_KEEP_CG=1 WB_SNAPSHOT="sh /wb/demo.sh report > /tmp/report.out 2>&1" \
	/wb/bin/roundtrip 192 64 16 > /tmp/demo.out 2>&1
rc=$?
sed 's/^BENCH /  /' /tmp/demo.out
cat /tmp/report.out
rmdir $cg
vswap "after the workload exited"
section "result"
if [ $rc = 0 ]; then
	echo "WB-DEMO-RESULT pass: all data verified"
else
	echo "WB-DEMO-RESULT fail: workload exit status $rc"
fi
