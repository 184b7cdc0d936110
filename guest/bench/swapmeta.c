// SPDX-License-Identifier: GPL-2.0
/*
 * swapmeta SIZE_MIB: kernel memory the swap layer spends per swapped-out
 * page, by kind of page, and the physical swap space the pages take.
 *
 * A zram device (created here) is the only swap device. For each kind, a
 * SIZE_MIB buffer is filled and paged out with MADV_PAGEOUT (twice, so
 * that folios still in the swap cache after their write-out are freed),
 * and the kernel memory that appeared meanwhile is measured:
 *
 *   zero   zero-filled pages, zswap off
 *   zswap  compressible pages, zswap on (they all stay in zswap)
 *   disk   incompressible pages, zswap off (they go to the device)
 *
 * Kernel memory is MemTotal - MemFree less what /proc/meminfo and zram
 * attribute to something else: anon, page cache, swap cache, page tables,
 * the zswap pool (compressed data) and zram's storage (mem_used_total).
 * What remains is the swap metadata (swap tables, cgroup records, zswap
 * entries and trees, virtual swap tables; for the disk kind also zram's
 * own per-page handles), plus noise: about 1 MiB either way, i.e. several
 * bytes per page at 128 MiB. The slab part of it (SUnreclaim) is printed
 * separately; swap tables are whole pages, outside the slab. Each kind is
 * measured REPS times; the median is reported.
 *
 * Prints "BENCH <kind>_meta_bytes_per_page_x100 <n>" and
 * "BENCH <kind>_slab_bytes_per_page_x100 <n>" (bytes per page times 100)
 * and "BENCH <kind>_phys_slots <n>" (swap device slots in use).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/swap.h>

#include "../lib/wb_util.h"

#define REPS	5

/* A /proc/meminfo field, in bytes */
static long meminfo(const char *key)
{
	char buf[8192], *p;
	size_t len = strlen(key);

	if (read_file("/proc/meminfo", buf, sizeof(buf)))
		return -1;
	for (p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p)
		if (!strncmp(p, key, len) && p[len] == ':')
			return atol(p + len + 1) * 1024;
	return 0;
}

static char zram_sys[64], zram_dev[32];

static long zram_used(void)
{
	char path[96], buf[256];
	long v[3] = {};

	snprintf(path, sizeof(path), "%s/mm_stat", zram_sys);
	if (read_file(path, buf, sizeof(buf)))
		return 0;
	sscanf(buf, "%ld %ld %ld", &v[0], &v[1], &v[2]);
	return v[2];	/* mem_used_total */
}

static long kernel_other(void)
{
	return meminfo("MemTotal") - meminfo("MemFree") - meminfo("AnonPages") -
	       meminfo("Cached") - meminfo("Buffers") - meminfo("SwapCached") -
	       meminfo("Zswap") - meminfo("PageTables") - zram_used();
}

static long swap_used(void)
{
	return meminfo("SwapTotal") - meminfo("SwapFree");
}

static void settle(void)
{
	sync();
	write_file("/proc/sys/vm/drop_caches", "3");
	write_file("/proc/sys/vm/compact_memory", "1");
	usleep(300 * 1000);
}

static int setup_zram(unsigned long size)
{
	char val[32], path[96];
	int fd, id, err;

	if (read_file("/sys/class/zram-control/hot_add", val, sizeof(val)))
		return -1;
	id = atoi(val);
	snprintf(zram_sys, sizeof(zram_sys), "/sys/block/zram%d", id);
	snprintf(zram_dev, sizeof(zram_dev), "/dev/zram%d", id);
	snprintf(path, sizeof(path), "%s/disksize", zram_sys);
	snprintf(val, sizeof(val), "%lu", size);
	if (write_file(path, val))
		return -1;
	fd = open(zram_dev, O_WRONLY);
	if (fd < 0)
		return -1;
	err = write_swap_header(fd, size);
	close(fd);
	return err ? -1 : swapon(zram_dev, 0);
}

enum kind { ZERO, ZSWAP, DISK, NKINDS };
static const char * const names[] = { "zero", "zswap", "disk" };

static void fill(char *buf, size_t size, enum kind k)
{
	size_t i, j;

	for (i = 0; i < size; i += page_size) {
		unsigned long long *p = (unsigned long long *)(buf + i);

		switch (k) {
		case ZERO:
			buf[i] = 0;	/* fault it in, zero-filled */
			break;
		case ZSWAP:	/* compressible: a few distinct words */
			for (j = 0; j < (size_t)page_size / 8; j++)
				p[j] = (i / page_size) ^ (j & 7);
			break;
		default:	/* incompressible */
			wb_fill_random((uint64_t *)p, mix64(i / page_size) | 1);
			break;
		}
	}
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	size_t size = (argc > 1 ? atol(argv[1]) : 128) << 20;
	long npages, meta[REPS], slab[REPS], phys[REPS];
	int k, r;

	page_size = sysconf(_SC_PAGESIZE);
	npages = size / page_size;
	if (setup_zram(size + (64 << 20))) {
		perror("zram swap");
		return 1;
	}
	/*
	 * Freed pages parked on the per-cpu lists do not count as MemFree:
	 * keep those lists short so that MemFree is exact to a few pages.
	 */
	if (write_file("/proc/sys/vm/percpu_pagelist_high_fraction", "100000"))
		perror("percpu_pagelist_high_fraction");
	write_file("/sys/kernel/mm/transparent_hugepage/enabled", "never");
	write_file("/sys/module/zswap/parameters/shrinker_enabled", "N");
	write_file("/sys/module/zswap/parameters/max_pool_percent", "50");

	for (k = 0; k < NKINDS; k++) {
		write_file("/sys/module/zswap/parameters/enabled",
			  k == ZSWAP ? "Y" : "N");
		for (r = 0; r < REPS; r++) {
			long k0, s0, f0, a0, u0;
			char *buf;

			buf = mmap(NULL, size, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE,
				   -1, 0);
			if (buf == MAP_FAILED)
				return 1;
			fill(buf, size, k);
			settle();
			k0 = kernel_other();
			s0 = swap_used();
			f0 = meminfo("MemFree");
			a0 = meminfo("AnonPages");
			u0 = meminfo("SUnreclaim");
			if (madvise(buf, size, MADV_PAGEOUT) ||
			    madvise(buf, size, MADV_PAGEOUT))
				return 1;
			settle();
			meta[r] = (kernel_other() - k0) * 100 / npages;
			phys[r] = (swap_used() - s0) / page_size;
			slab[r] = (meminfo("SUnreclaim") - u0) * 100 / npages;
			printf("# %s rep %d: %ld.%02ld bytes/page, %ld slots; KiB: swapcached %ld, free %+ld, anon %+ld, slab unreclaimable %+ld\n",
			       names[k], r, meta[r] / 100, labs(meta[r]) % 100,
			       phys[r], meminfo("SwapCached") >> 10,
			       (meminfo("MemFree") - f0) >> 10,
			       (meminfo("AnonPages") - a0) >> 10,
			       (meminfo("SUnreclaim") - u0) >> 10);
			munmap(buf, size);
			settle();
		}
		qsort(meta, REPS, sizeof(long), cmp_long);
		qsort(phys, REPS, sizeof(long), cmp_long);
		qsort(slab, REPS, sizeof(long), cmp_long);
		printf("BENCH %s_meta_bytes_per_page_x100 %ld\n", names[k],
		       meta[REPS / 2]);
		printf("BENCH %s_slab_bytes_per_page_x100 %ld\n", names[k],
		       slab[REPS / 2]);
		printf("BENCH %s_phys_slots %ld\n", names[k], phys[REPS / 2]);
	}
	swapoff(zram_dev);
	return 0;
}
