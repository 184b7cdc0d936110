# SPDX-License-Identifier: GPL-2.0
# tools/mm/thp_swap_allocator_test as its header says to run it: a 64 MiB
# zram swap device, 64 KiB mTHP "always", PMD THP "never"; once with only
# mTHPs and once with small folios too (-s). Swap-out and swap-in both go
# through virtual slots when CONFIG_VSWAP=y. The program fails on errors
# only: the fallback ratios it prints are shown, and the swpin counts of
# the 64 KiB size are printed for the log. The mTHP settings are restored.
T=/sys/kernel/mm/transparent_hugepage
mode() { sed 's/.*\[\(.*\)\].*/\1/' "$1"; }
[ -d $T/hugepages-64kB ] || { echo "# [wb] no 64 KiB mTHP"; exit 4; }
[ -e /sys/class/zram-control/hot_add ] || { echo "# [wb] no zram"; exit 4; }
was64=$(mode $T/hugepages-64kB/enabled) was2m=$(mode $T/hugepages-2048kB/enabled)
id=$(cat /sys/class/zram-control/hot_add)
echo 64M > /sys/block/zram$id/disksize
mkswap /dev/zram$id >/dev/null && swapon /dev/zram$id || exit 1
echo always > $T/hugepages-64kB/enabled
echo never > $T/hugepages-2048kB/enabled
rc=0
for args in "" "-s"; do
	in=$(cat $T/hugepages-64kB/stats/swpin)
	echo "# [wb] thp_swap_allocator_test $args"
	/wb/bin/thp_swap_allocator_test $args > /tmp/tsa.out 2>&1 || rc=1
	tail -3 /tmp/tsa.out
	echo "# [wb] 64 KiB swpin: $(($(cat $T/hugepages-64kB/stats/swpin) - in))," \
	     "swpin_fallback: $(cat $T/hugepages-64kB/stats/swpin_fallback)"
done
echo "$was64" > $T/hugepages-64kB/enabled
echo "$was2m" > $T/hugepages-2048kB/enabled
swapoff /dev/zram$id
echo $id > /sys/class/zram-control/hot_remove
exit $rc
