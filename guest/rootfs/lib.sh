# SPDX-License-Identifier: GPL-2.0
# Helpers for the guest scripts (sourced by init).

WB_SWAPDEV=/dev/vda
export WB_SWAPDEV

wb_zswap() {	# on|off
	[ -w /sys/module/zswap/parameters/enabled ] || return 0
	if [ "$1" = on ]; then v=Y; else v=N; fi
	echo $v > /sys/module/zswap/parameters/enabled
}

wb_zswap_shrinker() {	# on|off
	[ -w /sys/module/zswap/parameters/shrinker_enabled ] || return 0
	if [ "$1" = on ]; then v=Y; else v=N; fi
	echo $v > /sys/module/zswap/parameters/shrinker_enabled
}

# Put the machine back into the default state between tests.
wb_reset() {
	swapoff -a 2>/dev/null
	wb_zswap off
	wb_zswap_shrinker off
	for f in /sys/kernel/mm/transparent_hugepage/enabled; do
		[ -w $f ] && echo always > $f
	done
	for d in /sys/fs/cgroup/*/; do
		[ -d "$d" ] && rmdir "$d" 2>/dev/null
	done
	# A test killed by its timeout leaves no fault injection armed
	for f in /sys/kernel/debug/failslab/probability \
		 /sys/kernel/debug/fail_page_alloc/probability; do
		[ -w $f ] && echo 0 > $f
	done
	echo 3 > /proc/sys/vm/drop_caches
	# THP tests (split_huge_page_test) fail outright when no PMD-sized
	# block is free; earlier tests leave memory fragmented.
	[ -w /proc/sys/vm/compact_memory ] && echo 1 > /proc/sys/vm/compact_memory
	# wb.pmd_swap=0|1: every entry runs with PMD swap entries off|on
	# (the kernel's default is on)
	if [ -n "$WB_PMD_SWAP" ] && [ -w /sys/kernel/debug/vswap/pmd_swap ]; then
		if [ "$WB_PMD_SWAP" = 1 ]; then v=Y; else v=N; fi
		echo $v > /sys/kernel/debug/vswap/pmd_swap
	fi
}

wb_setup() {	# words: swap zswap
	for w in $(echo "$1" | tr ',' ' '); do
		case $w in
		swap) swapon $WB_SWAPDEV || echo "WB-WARN swapon $WB_SWAPDEV failed" ;;
		zswap) wb_zswap on ;;
		-|none) ;;
		noskip:*) ;;	# for the host's parser, see tests/plan
		retry) ;;	# handled by wb_run_plan
		named) ;;	# handled by wb_run_plan
		*) echo "WB-WARN unknown setup word $w" ;;
		esac
	done
}

# Plan lines: name|timeout seconds|setup|command (run in /wb/bin)
wb_run_plan() {
	plan=$1 only=$2
	if [ -b $WB_SWAPDEV ]; then
		mkswap $WB_SWAPDEV >/dev/null || echo "WB-WARN mkswap failed"
	fi
	grep -v '^#' "$plan" | grep -v '^skip|' | grep -v '^$' | while IFS='|' read -r name tmo setup cmd; do
		if [ -n "$only" ]; then
			case ",$only," in *",$name,"*) ;; *) continue ;; esac
		fi
		# named: runs only where wb.only names it (a debug lane)
		case ",$setup," in *,named,*) [ -n "$only" ] || continue ;; esac
		tries=1
		case ",$setup," in *,retry,*) tries=2 ;; esac
		while :; do
			wb_reset
			wb_mem "before $name"
			wb_setup "$setup"
			echo "WB-BEGIN $name"
			t0=$(cut -d. -f1 /proc/uptime)
			(cd /wb/bin && timeout -s KILL "$tmo" sh -c "$cmd" </dev/null 2>&1)
			rc=$?
			t1=$(cut -d. -f1 /proc/uptime)
			tries=$((tries - 1))
			case $rc in 0|4|137) break ;; esac
			[ $tries -gt 0 ] || break
			# The host reports the first attempt's failure next to
			# the final result; keep what explains it.
			echo "WB-RETRY $name rc=$rc"
			wb_diag
			# Let whatever held the first attempt back (compaction,
			# deferred work, a straggling child) finish first.
			sleep 5
		done
		case $rc in
		0) res=pass ;;
		4) res=skip ;;
		137) res=fail; echo "WB-TIMEOUT $name after ${tmo}s" ;;
		*) res=fail ;;
		esac
		echo "WB-RESULT $name $res rc=$rc secs=$((t1 - t0))"
	done
	wb_reset
	wb_mem end
}

# What a failed attempt leaves behind, for the host's report: memory,
# processes still alive, THP settings and THP/compaction/migration events.
wb_diag() {
	cat /proc/buddyinfo
	grep -E 'MemFree|AnonHuge|SwapFree' /proc/meminfo
	ps -o pid,ppid,stat,rss,args 2>/dev/null | grep -v ' \[' | tail -n 20
	t=/sys/kernel/mm/transparent_hugepage
	for f in $t/enabled $t/defrag $t/khugepaged/pages_to_scan \
		 $t/khugepaged/max_ptes_swap $t/hugepages-*kB/enabled; do
		[ -r "$f" ] && echo "$f: $(cat "$f")"
	done
	grep -E '^(thp_|compact_(stall|fail|success|isolated|migrate)|pgmigrate_)' \
		/proc/vmstat | tr '\n' ' '
	echo
}

# One line of memory state, taken right after a reset: a kernel that leaks
# (swap cache, virtual slots) shows it growing from entry to entry.
wb_mem() {
	mem=$(awk '/^(MemFree|SwapCached|AnonPages|Slab):/ {
		sub(":", "", $1); printf " %s=%s", $1, $2 }' /proc/meminfo)
	d=/sys/kernel/debug/vswap
	[ -r $d/used ] &&
		mem="$mem vswap_used=$(cat $d/used) vswap_clusters=$(cat $d/clusters)"
	echo "WB-MEM $1$mem"
}
