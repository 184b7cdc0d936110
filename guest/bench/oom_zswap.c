// SPDX-License-Identifier: GPL-2.0
/*
 * Time to OOM kill when zswap is the only place to swap to and it is full:
 * a child in a memory cgroup (memory.max MEMMAX_MIB, memory.zswap.max
 * ZMAX_MIB, no swap device) writes SIZE_MIB of incompressible anon data,
 * page by page, and is killed by the cgroup's OOM killer once zswap holds
 * what it may.
 *
 *   oom_zswap SIZE_MIB MEMMAX_MIB ZMAX_MIB
 *
 * On a kernel without virtual swap nothing swaps without a swap device,
 * so the kill comes as soon as the cgroup is full. With virtual swap,
 * zswap takes pages up to its limit and reclaim must then stop treating
 * the cgroup's anon memory as reclaimable: if it does not, every pass
 * unmaps pages that zswap refuses, and the kill comes late.
 *
 * Prints "BENCH <metric> <value>" lines: oom_us (guest time from fork to
 * reaping the killed child; CLOCK_MONOTONIC counts instructions under qemu
 * -icount), oom_kill (the cgroup's oom_kill events: 1), and the cgroup's
 * pgscan, pgsteal and zswpout (memory.stat has no anon-only scan count;
 * the cgroup has next to no page cache). Exits non-zero if the child was
 * not OOM-killed.
 */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <signal.h>
#include <time.h>

#include "../lib/wb_util.h"

#define CG		"/sys/fs/cgroup/wb-bench"
#define SEED		0x00ffULL

/* Incompressible: every word a different pseudo-random value */
static void fill_page(uint64_t *p, size_t idx)
{
	size_t i, n = page_size / sizeof(uint64_t);

	for (i = 0; i < n; i++)
		p[i] = mix64((SEED + idx) * n + i);
}

static int child(size_t size)
{
	size_t i, npages = size / page_size;
	char *buf;

	buf = mmap(NULL, size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		return 3;
	for (i = 0; i < npages; i++)
		fill_page((uint64_t *)(buf + i * page_size), i);
	/* Not killed: everything fit */
	return 4;
}

static int set_limit(const char *file, unsigned long mib)
{
	char path[128], num[32];

	snprintf(path, sizeof(path), CG "/%s", file);
	snprintf(num, sizeof(num), "%lu", mib << 20);
	return write_file(path, num);
}

int main(int argc, char **argv)
{
	unsigned long size, memmax, zmax;
	int status;
	pid_t pid;
	long t;

	if (argc != 4) {
		fprintf(stderr, "usage: %s SIZE_MIB MEMMAX_MIB ZMAX_MIB\n", argv[0]);
		return 2;
	}
	page_size = sysconf(_SC_PAGESIZE);
	size = strtoul(argv[1], NULL, 0) << 20;
	memmax = strtoul(argv[2], NULL, 0);
	zmax = strtoul(argv[3], NULL, 0);

	if (wb_cgroup_create(CG) || set_limit("memory.max", memmax) ||
	    set_limit("memory.zswap.max", zmax)) {
		perror(CG);
		return 2;
	}

	t = wb_now_us();
	pid = wb_fork_in_cgroup(CG);
	if (pid < 0)
		return 2;
	if (!pid)
		_exit(child(size));
	waitpid(pid, &status, 0);
	t = wb_now_us() - t;

	printf("BENCH oom_us %ld\n", t);
	printf("BENCH oom_kill %ld\n", stat_value(CG "/memory.events", "oom_kill"));
	printf("BENCH pgscan %ld\n", stat_value(CG "/memory.stat", "pgscan"));
	printf("BENCH pgsteal %ld\n", stat_value(CG "/memory.stat", "pgsteal"));
	printf("BENCH zswpout %ld\n", stat_value(CG "/memory.stat", "zswpout"));
	rmdir(CG);
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL) {
		fprintf(stderr, "oom_zswap: child was not OOM-killed (status %#x)\n",
			status);
		return 1;
	}
	return 0;
}
