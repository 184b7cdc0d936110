#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# build-tests.sh SRC OBJ
# Build the guest binaries against the kernel's uapi headers in OBJ:
# the upstream kselftests of the test plan and the workbench's own guest
# tests and benchmarks (guest/tests, guest/bench, which use the tree's
# kselftest_harness.h). Output: OBJ/wb-bin/.
. "$(dirname "$0")/lib.sh"

SRC=$1 OBJ=$2
OUT=$OBJ/wb-bin
HDR=$OBJ/usr-headers/include
[ -d "$HDR" ] || die "no uapi headers in $HDR (build the kernel first)"
mkdir -p "$OUT/mm" "$OUT/cgroup"

KSFT=$SRC/tools/testing/selftests
MM_TESTS="cow khugepaged uffd-unit-tests pagemap_ioctl soft-dirty split_huge_page_test ksm_functional_tests"
CG_TESTS="test_zswap test_memcontrol"

# mm kselftests the series adds: built when the tree has them (the base
# tree of 'make bench' does not).
MM_SERIES_TESTS="vswap_tests swapon_max swap_errors swap_torture pmd_swap"
for t in $MM_SERIES_TESTS; do
	[ -f "$KSFT/mm/$t.c" ] && MM_TESTS="$MM_TESTS $t"
done

kmake() {
	make -s -C "$1" OUTPUT="$2" KHDR_INCLUDES="-isystem $HDR" \
		CC="ccache gcc" "${@:3}"
}
log "building kselftests (mm: $MM_TESTS; cgroup: $CG_TESTS)"
kmake "$KSFT/mm" "$OUT/mm" $(for t in $MM_TESTS; do echo "$OUT/mm/$t"; done) >"$OUT/build-mm.log" 2>&1 ||
	{ tail -30 "$OUT/build-mm.log" >&2; die "mm kselftests failed to build"; }
kmake "$KSFT/cgroup" "$OUT/cgroup" $(for t in $CG_TESTS; do echo "$OUT/cgroup/$t"; done) >"$OUT/build-cgroup.log" 2>&1 ||
	{ tail -30 "$OUT/build-cgroup.log" >&2; die "cgroup kselftests failed to build"; }

CFLAGS="-O2 -g -Wall -Wextra -Wno-unused-parameter -Wno-sign-compare -isystem $HDR -I $KSFT"
# tools/mm programs the plan runs
ccache gcc -O2 -g -Wall -isystem "$HDR" -o "$OUT/thp_swap_allocator_test" \
	"$SRC/tools/mm/thp_swap_allocator_test.c" ||
	die "failed to build tools/mm/thp_swap_allocator_test"
for c in "$TOP"/guest/tests/*.c "$TOP"/guest/bench/*.c; do
	[ -f "$c" ] || continue
	b=$OUT/$(basename "$c" .c)
	ccache gcc $CFLAGS -o "$b" "$c" -lpthread ||
		die "failed to build $c"
done
log "guest binaries in $OUT"
