// SPDX-License-Identifier: GPL-2.0
/*
 * mTHP and THP refault benchmark: a child in a memory cgroup fills SIZE
 * bytes of compressible anon data in large folios of one size (64 KiB
 * mTHPs, or PMD-mapped 2 MiB THPs; that size "madvise", MADV_HUGEPAGE,
 * the other off), pages it all out to zswap, and touches every page once
 * (one read per page), timed; then verifies the data, untimed.
 *
 *   mthp_refault SIZE_MIB large|small|pmd|pmdsplit zswap|mixed
 *
 * large: 64 KiB mTHPs, which the refault may swap back in whole (what the
 * kernel does with mTHP 64 KiB enabled); small: hugepages-64kB is set to
 * "never" between pageout and refault, so every fault swaps in one page
 * (the kernel's order-0 path, on the same data). pmd: 2 MiB THPs, with
 * PMD swap entries where the kernel has them (CONFIG_VSWAP_PMD: the
 * debugfs switch vswap/pmd_swap is turned on; the base kernel splits each
 * THP into 512 PTE swap entries at pageout); pmdsplit: the same with that
 * switch off, the patched kernel's own split path. mixed: before the
 * refault the zswap shrinker writes half of the data back to the swap
 * device through memory.reclaim (synchronously: the device is a RAM
 * disk), so folios are read partly from zswap and partly from the disk.
 *
 * Prints "BENCH <metric> <value>" lines: refault_us (guest time of the
 * touch loop; CLOCK_MONOTONIC counts instructions under qemu -icount),
 * faults (page faults of the touch loop), pte_kb_out (the child's VmPTE,
 * page table memory, while its data is swapped out), mthp_swpin and
 * mthp_swpout (the folio size's stats/swpin and swpout + zswpout) and
 * /proc/vmstat deltas over the whole run. Exits non-zero if the data did
 * not verify or the buffer was not all large folios.
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
#define PMD_THP		THP "hugepages-2048kB/"
#define PMD_SWAP	"/sys/kernel/debug/vswap/pmd_swap"
#define PMD_SZ		(2UL << 20)
#define ZSWAP_SHRINKER	"/sys/module/zswap/parameters/shrinker_enabled"
#define SEED		0x7f11ULL

static const char *const counters[] = {
	"zswpout", "zswpin", "zswpwb", "pswpout", "pswpin", "swpin_zero",
	"thp_split_pmd", "thp_swpout_pmd", "thp_swpin_pmd",
};

/* The large folio size under test and its sysfs directory */
static size_t folio_size = 64UL << 10;
static const char *folio_dir = MTHP;
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
	char stat[128];
	long alloc, pte_out;
	uint64_t *expect = malloc(page_size);
	volatile char sink;
	long t, f;
	char *raw, *buf, num[32];

	snprintf(stat, sizeof(stat), "%sstats/anon_fault_alloc", folio_dir);
	alloc = read_long(stat);
	raw = mmap(NULL, size + PMD_SZ, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED || !expect)
		return 3;
	buf = (char *)(((uintptr_t)raw + PMD_SZ - 1) & ~(PMD_SZ - 1));
	if (madvise(buf, size, MADV_HUGEPAGE))
		return 3;
	for (i = 0; i < npages; i++)
		fill_page((uint64_t *)(buf + i * page_size), i);
	alloc = read_long(stat) - alloc;
	if (alloc != (long)(size / folio_size)) {
		fprintf(stderr, "mthp_refault: %ld of %zu folios are %zu KiB\n",
			alloc, size / folio_size, folio_size >> 10);
		return 4;
	}
	if (madvise(buf, size, MADV_PAGEOUT))
		return 3;
	pte_out = wb_status_kb("VmPTE");
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
	dprintf(resfd, "BENCH refault_us %ld\nBENCH faults %ld\nBENCH pte_kb_out %ld\n",
		t, f, pte_out);
	if (bad)
		fprintf(stderr, "mthp_refault: %zu pages failed verification\n", bad);
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	long before[NR_COUNTERS], after[NR_COUNTERS], swpin, swpout;
	char in_path[128], out_path[128], zout_path[128];
	const char *off_dir = PMD_THP;
	bool small, mixed, pmd;
	size_t size;
	int status, i;
	pid_t pid;

	if (argc != 4) {
		fprintf(stderr, "usage: %s SIZE_MIB large|small|pmd|pmdsplit zswap|mixed\n",
			argv[0]);
		return 2;
	}
	page_size = sysconf(_SC_PAGESIZE);
	size = strtoul(argv[1], NULL, 0) << 20;
	small = !strcmp(argv[2], "small");
	pmd = !strncmp(argv[2], "pmd", 3);
	mixed = !strcmp(argv[3], "mixed");
	if (pmd) {
		folio_size = PMD_SZ;
		folio_dir = PMD_THP;
		off_dir = MTHP;
		/* Absent on the base kernel, which has no PMD swap entries */
		if (!access(PMD_SWAP, W_OK) &&
		    write_file(PMD_SWAP, strcmp(argv[2], "pmd") ? "N" : "Y")) {
			perror(PMD_SWAP);
			return 2;
		}
	}

	snprintf(in_path, sizeof(in_path), "%senabled", off_dir);
	snprintf(out_path, sizeof(out_path), "%senabled", folio_dir);
	if (write_file(out_path, "madvise") || write_file(in_path, "never")) {
		perror("hugepages-*/enabled");
		return 2;
	}
	snprintf(in_path, sizeof(in_path), "%sstats/swpin", folio_dir);
	snprintf(out_path, sizeof(out_path), "%sstats/swpout", folio_dir);
	snprintf(zout_path, sizeof(zout_path), "%sstats/zswpout", folio_dir);
	if (wb_cgroup_create(CG)) {
		perror("mkdir " CG);
		return 2;
	}
	for (i = 0; i < (int)NR_COUNTERS; i++)
		before[i] = stat_value("/proc/vmstat", counters[i]);
	swpin = read_long(in_path);
	swpout = read_long(out_path) + read_long(zout_path);

	pid = wb_fork_in_cgroup(CG);
	if (pid < 0)
		return 2;
	if (!pid)
		_exit(child(size, small, mixed, STDOUT_FILENO));
	waitpid(pid, &status, 0);

	printf("BENCH mthp_swpin %ld\n", read_long(in_path) - swpin);
	printf("BENCH mthp_swpout %ld\n", read_long(out_path) +
	       read_long(zout_path) - swpout);
	for (i = 0; i < (int)NR_COUNTERS; i++) {
		after[i] = stat_value("/proc/vmstat", counters[i]);
		/* thp_*_pmd are not on the base kernel: print what exists */
		if (after[i] >= 0 && before[i] >= 0)
			printf("BENCH %s %ld\n", counters[i], after[i] - before[i]);
	}
	rmdir(CG);
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "mthp_refault: workload failed (status %#x)\n", status);
		return 1;
	}
	return 0;
}
