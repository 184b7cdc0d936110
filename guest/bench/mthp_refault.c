// SPDX-License-Identifier: GPL-2.0
/*
 * mTHP refault benchmark: a child in a memory cgroup fills SIZE bytes of
 * compressible anon data in 64 KiB mTHPs (hugepages-64kB "madvise",
 * MADV_HUGEPAGE; PMD THPs off), pages it all out to zswap, and touches
 * every page once (one read per page), timed; then verifies the data,
 * untimed.
 *
 *   mthp_refault SIZE_MIB large|small zswap|mixed
 *
 * large: the refault may swap 64 KiB folios back in whole (what the kernel
 * does with mTHP 64 KiB enabled); small: hugepages-64kB is set to "never"
 * between pageout and refault, so every fault swaps in one page (the
 * kernel's order-0 path, on the same data). mixed: before the refault the
 * zswap shrinker writes half of the data back to the swap device through
 * memory.reclaim (synchronously: the device is a RAM disk), so folios are
 * read partly from zswap and partly from the disk.
 *
 * Prints "BENCH <metric> <value>" lines: refault_us (guest time of the
 * touch loop; CLOCK_MONOTONIC counts instructions under qemu -icount),
 * faults (page faults of the touch loop), mthp_swpin (hugepages-64kB
 * swpin), mthp_swpout and /proc/vmstat deltas over the whole run. Exits
 * non-zero if the data did not verify or the buffer was not all mTHPs.
 */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <stdbool.h>
#include <time.h>

#include "../lib/wb_util.h"

#define CG		"/sys/fs/cgroup/wb-bench"
#define THP		"/sys/kernel/mm/transparent_hugepage/"
#define MTHP		THP "hugepages-64kB/"
#define PMD_SZ		(2UL << 20)
#define ZSWAP_SHRINKER	"/sys/module/zswap/parameters/shrinker_enabled"
#define SEED		0x7f11ULL

static const char *const counters[] = {
	"zswpout", "zswpin", "zswpwb", "pswpout", "pswpin", "swpin_zero",
};
#define NR_COUNTERS (sizeof(counters) / sizeof(counters[0]))

static long faults_now(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt + ru.ru_majflt;
}

/* Compressible and unique per page; never zero */
static void fill_page(uint64_t *p, size_t idx)
{
	size_t i, n = page_size / sizeof(uint64_t);

	for (i = 0; i < n; i++)
		p[i] = (SEED + idx) * 0x100000001ULL + (i & 15);
}

static int child(size_t size, bool small, bool mixed, int resfd)
{
	size_t npages = size / page_size, i, bad = 0;
	long alloc = read_long(MTHP "stats/anon_fault_alloc");
	uint64_t *expect = malloc(page_size);
	volatile char sink;
	long t, f;
	char *raw, *buf, num[32];

	raw = mmap(NULL, size + PMD_SZ, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED || !expect)
		return 3;
	buf = (char *)(((uintptr_t)raw + PMD_SZ - 1) & ~(PMD_SZ - 1));
	if (madvise(buf, size, MADV_HUGEPAGE))
		return 3;
	for (i = 0; i < npages; i++)
		fill_page((uint64_t *)(buf + i * page_size), i);
	alloc = read_long(MTHP "stats/anon_fault_alloc") - alloc;
	if (alloc != (long)(size >> 16)) {
		fprintf(stderr, "mthp_refault: %ld of %zu folios are 64 KiB\n",
			alloc, size >> 16);
		return 4;
	}
	if (madvise(buf, size, MADV_PAGEOUT))
		return 3;
	if (mixed) {
		snprintf(num, sizeof(num), "%zu", size / 2);
		write_file(ZSWAP_SHRINKER, "Y");
		write_file(CG "/memory.reclaim", num);
		write_file(ZSWAP_SHRINKER, "N");
	}
	if (small && write_file(MTHP "enabled", "never"))
		return 3;

	fill_page(expect, 0);
	f = faults_now();
	t = wb_now_us();
	for (i = 0; i < npages; i++)
		sink = buf[i * page_size];
	t = wb_now_us() - t;
	f = faults_now() - f;
	(void)sink;

	for (i = 0; i < npages; i++) {
		fill_page(expect, i);
		bad += !!memcmp(buf + i * page_size, expect, page_size);
	}
	dprintf(resfd, "BENCH refault_us %ld\nBENCH faults %ld\n", t, f);
	if (bad)
		fprintf(stderr, "mthp_refault: %zu pages failed verification\n", bad);
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	long before[NR_COUNTERS], after[NR_COUNTERS], swpin, swpout;
	bool small, mixed;
	size_t size;
	int status, i;
	pid_t pid;

	if (argc != 4) {
		fprintf(stderr, "usage: %s SIZE_MIB large|small zswap|mixed\n", argv[0]);
		return 2;
	}
	page_size = sysconf(_SC_PAGESIZE);
	size = strtoul(argv[1], NULL, 0) << 20;
	small = !strcmp(argv[2], "small");
	mixed = !strcmp(argv[3], "mixed");

	if (write_file(MTHP "enabled", "madvise") ||
	    write_file(THP "hugepages-2048kB/enabled", "never")) {
		perror("hugepages-64kB");
		return 2;
	}
	if (wb_cgroup_create(CG)) {
		perror("mkdir " CG);
		return 2;
	}
	for (i = 0; i < (int)NR_COUNTERS; i++)
		before[i] = stat_value("/proc/vmstat", counters[i]);
	swpin = read_long(MTHP "stats/swpin");
	swpout = read_long(MTHP "stats/swpout") + read_long(MTHP "stats/zswpout");

	pid = wb_fork_in_cgroup(CG);
	if (pid < 0)
		return 2;
	if (!pid)
		_exit(child(size, small, mixed, STDOUT_FILENO));
	waitpid(pid, &status, 0);

	printf("BENCH mthp_swpin %ld\n", read_long(MTHP "stats/swpin") - swpin);
	printf("BENCH mthp_swpout %ld\n", read_long(MTHP "stats/swpout") +
	       read_long(MTHP "stats/zswpout") - swpout);
	for (i = 0; i < (int)NR_COUNTERS; i++) {
		after[i] = stat_value("/proc/vmstat", counters[i]);
		printf("BENCH %s %ld\n", counters[i], after[i] - before[i]);
	}
	rmdir(CG);
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "mthp_refault: workload failed (status %#x)\n", status);
		return 1;
	}
	return 0;
}
