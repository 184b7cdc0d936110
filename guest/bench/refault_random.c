// SPDX-License-Identifier: GPL-2.0
/*
 * Random-order refault: SIZE MiB of anon data is paged out (MADV_PAGEOUT),
 * then every page is read back and verified in a fixed pseudo-random order
 * (a Fisher-Yates shuffle with a constant seed), so swap readahead cannot
 * follow a sequential stream as in roundtrip.
 *
 *   refault_random SIZE_MIB zswap|disk
 *
 * zswap: compressible pages, held by zswap; disk: incompressible pages on
 * the swap device (zswap off).
 * Prints "BENCH refault_us" (guest time of the read loop: CLOCK_MONOTONIC
 * counts instructions under qemu -icount), "BENCH swapped_kb" (VmSwap
 * before the loop) and the /proc/vmstat deltas of the loop. Exits non-zero
 * if a page did not verify or less than 95 % of the data was swapped out.
 */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <stdbool.h>

#include "../lib/wb_util.h"

static const char *const counters[] = {
	"zswpin", "pswpin", "pgmajfault", "swap_ra", "swap_ra_hit",
};
#define NR_COUNTERS (sizeof(counters) / sizeof(counters[0]))

static void fill_page(uint64_t *p, size_t idx, bool random)
{
	size_t j, n = page_size / sizeof(uint64_t);

	if (random) {
		wb_fill_random(p, mix64(idx) | 1);
		return;
	}
	for (j = 0; j < n; j++)
		p[j] = idx * 0x100000001ULL + (j & 15);
}

int main(int argc, char **argv)
{
	long before[NR_COUNTERS], swapped, t;
	size_t size, npages, i, j, tmp, bad = 0;
	uint64_t *expect;
	size_t *order;
	bool random;
	char *buf;

	if (argc != 3 || (strcmp(argv[2], "zswap") && strcmp(argv[2], "disk"))) {
		fprintf(stderr, "usage: %s SIZE_MIB zswap|disk\n", argv[0]);
		return 2;
	}
	page_size = sysconf(_SC_PAGESIZE);
	size = strtoul(argv[1], NULL, 0) << 20;
	npages = size / page_size;
	random = !strcmp(argv[2], "disk");
	order = malloc(npages * sizeof(*order));
	expect = malloc(page_size);
	buf = mmap(NULL, size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!order || !expect || buf == MAP_FAILED)
		return 2;
	madvise(buf, size, MADV_NOHUGEPAGE);
	for (i = 0; i < npages; i++) {
		fill_page((uint64_t *)(buf + i * page_size), i, random);
		order[i] = i;
	}
	for (i = npages - 1; i > 0; i--) {
		j = mix64(0x5eedULL + i) % (i + 1);
		tmp = order[i];
		order[i] = order[j];
		order[j] = tmp;
	}
	if (madvise(buf, size, MADV_PAGEOUT))
		return 2;
	swapped = wb_status_kb("VmSwap");
	if (swapped < (long)(size >> 10) * 95 / 100) {
		fprintf(stderr, "refault_random: only %ld KiB of %zu swapped out\n",
			swapped, size >> 10);
		return 1;
	}

	for (i = 0; i < NR_COUNTERS; i++)
		before[i] = stat_value("/proc/vmstat", counters[i]);
	t = wb_now_us();
	for (i = 0; i < npages; i++) {
		fill_page(expect, order[i], random);
		bad += !!memcmp(buf + order[i] * page_size, expect, page_size);
	}
	t = wb_now_us() - t;

	printf("BENCH refault_us %ld\nBENCH swapped_kb %ld\n", t, swapped);
	for (i = 0; i < NR_COUNTERS; i++)
		printf("BENCH %s %ld\n", counters[i],
		       stat_value("/proc/vmstat", counters[i]) - before[i]);
	if (bad)
		fprintf(stderr, "refault_random: %zu pages corrupt\n", bad);
	return bad ? 1 : 0;
}
