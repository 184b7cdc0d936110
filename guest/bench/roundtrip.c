// SPDX-License-Identifier: GPL-2.0
/*
 * zswap round-trip benchmark: a child in a memory cgroup with memory.max M
 * writes SIZE bytes of anon data (25% zero, 50% compressible, 25%
 * incompressible pages), then reads it all back twice, verifying it.
 *
 *   roundtrip SIZE_MIB MEMMAX_MIB [ZSWAP_MAX_MIB]
 *
 * MEMMAX_MIB 0 means no limit: each phase then ends with MADV_PAGEOUT of the
 * whole buffer, so every page goes out and comes back in once per phase.
 *
 * ZSWAP_MAX_MIB sets memory.zswap.max of the cgroup: a store that would go
 * over it first writes the cgroup's oldest zswap entries back to the swap
 * device (synchronously, so the run stays deterministic).
 *
 * Prints "BENCH <metric> <value>" lines: guest time of each phase in
 * microseconds (CLOCK_MONOTONIC: under qemu -icount this counts
 * instructions), /proc/vmstat deltas and zswap's stored pages at the end
 * of the read phase.
 * Exits non-zero if the data did not verify. WB_SNAPSHOT=CMD in the
 * environment runs CMD (with system()) after the read phase, while the data
 * is still mapped and partly swapped out. WB_KEEP_CG=1 in the environment
 * keeps the cgroup (/sys/fs/cgroup/wb-bench) for the caller to inspect.
 */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <stdbool.h>
#include <time.h>

#include "../lib/wb_util.h"

#define CG "/sys/fs/cgroup/wb-bench"

static const char *const counters[] = {
	"zswpout", "zswpin", "zswpwb", "pswpout", "pswpin",
	"pgmajfault", "swap_ra",
};
#define NR_COUNTERS (sizeof(counters) / sizeof(counters[0]))

static int child(size_t size, bool pageout, int resfd)
{
	size_t npages = size / page_size, i, bad = 0;
	uint64_t seed = 0xbe7c4ULL;
	uint64_t *expect = malloc(page_size);
	long t[4];
	char *buf;
	int pass;

	buf = mmap(NULL, size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED || !expect)
		return 3;
	t[0] = wb_now_us();
	for (i = 0; i < npages; i++)
		make_page((uint64_t *)(buf + i * page_size), seed, i);
	if (pageout && madvise(buf, size, MADV_PAGEOUT))
		return 3;
	t[1] = wb_now_us();
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < npages; i++) {
			make_page(expect, seed, i);
			bad += !!memcmp(buf + i * page_size, expect, page_size);
		}
		if (pageout && madvise(buf, size, MADV_PAGEOUT))
			return 3;
		t[2 + pass] = wb_now_us();
	}
	dprintf(resfd, "BENCH write_us %ld\nBENCH read_us %ld\n"
		"BENCH read1_us %ld\nBENCH read2_us %ld\n",
		t[1] - t[0], t[3] - t[1], t[2] - t[1], t[3] - t[2]);
	dprintf(resfd, "BENCH zswap_stored_pages %ld\n",
		read_long("/sys/kernel/debug/zswap/stored_pages"));
	if (getenv("WB_SNAPSHOT") && system(getenv("WB_SNAPSHOT")))
		fprintf(stderr, "roundtrip: snapshot command failed\n");
	if (bad)
		fprintf(stderr, "roundtrip: %zu pages failed verification\n", bad);
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	long before[NR_COUNTERS], after[NR_COUNTERS];
	size_t size, memmax;
	char num[32];
	int status, i;
	pid_t pid;

	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: %s SIZE_MIB MEMMAX_MIB [ZSWAP_MAX_MIB]\n",
			argv[0]);
		return 2;
	}
	page_size = sysconf(_SC_PAGESIZE);
	size = strtoul(argv[1], NULL, 0) << 20;
	memmax = strtoul(argv[2], NULL, 0) << 20;

	if (wb_cgroup_create(CG)) {
		perror("mkdir " CG);
		return 2;
	}
	snprintf(num, sizeof(num), "%zu", memmax);
	if (memmax && write_file(CG "/memory.max", num)) {
		perror("memory.max");
		return 2;
	}
	if (argc == 4) {
		snprintf(num, sizeof(num), "%lu", strtoul(argv[3], NULL, 0) << 20);
		if (write_file(CG "/memory.zswap.max", num)) {
			perror("memory.zswap.max");
			return 2;
		}
	}
	for (i = 0; i < (int)NR_COUNTERS; i++)
		before[i] = stat_value("/proc/vmstat", counters[i]);

	pid = wb_fork_in_cgroup(CG);
	if (pid < 0)
		return 2;
	if (!pid)
		_exit(child(size, !memmax, STDOUT_FILENO));
	waitpid(pid, &status, 0);

	for (i = 0; i < (int)NR_COUNTERS; i++) {
		after[i] = stat_value("/proc/vmstat", counters[i]);
		printf("BENCH %s %ld\n", counters[i], after[i] - before[i]);
	}
	if (!getenv("WB_KEEP_CG"))
		rmdir(CG);
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "roundtrip: workload failed (status %#x)\n", status);
		return 1;
	}
	return 0;
}
