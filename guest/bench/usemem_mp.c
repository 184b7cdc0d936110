// SPDX-License-Identifier: GPL-2.0
/*
 * usemem, multi-process: NPROCS processes in one memory cgroup each write
 * their share of TOTAL MiB of anon data (the page mix of wb_util.h), then
 * read it back and verify it. TOTAL is twice the cgroup's memory.max, so
 * about half of the data is swapped out and in again; memory.zswap.max is
 * a quarter of memory.max, so zswap writes its oldest entries back to the
 * swap device.
 *
 *   usemem_mp NPROCS TOTAL_MIB MEMMAX_MIB
 *
 * The processes start together, and all finish writing before any reads
 * (a barrier), so that the cgroup holds the whole TOTAL at once whatever
 * the scheduling; the run ends when the last one exits.
 * Prints "BENCH usemem_us" (guest time of the run: CLOCK_MONOTONIC counts
 * instructions under qemu -icount), "BENCH mbps" (MiB written and read per
 * second of guest time: 2 x TOTAL / usemem_us), "BENCH sys_ms" and
 * "BENCH user_ms" (the processes' system and user CPU time, from
 * getrusage(RUSAGE_CHILDREN)) and the swap counters of /proc/vmstat.
 * Exits non-zero if any page did not verify or a process failed.
 */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <signal.h>

#include "../lib/wb_util.h"

#define CG		"/sys/fs/cgroup/wb-bench"
#define MAX_PROCS	64

static const char *const counters[] = {
	"zswpout", "zswpin", "zswpwb", "pswpout", "pswpin",
};
#define NR_COUNTERS (sizeof(counters) / sizeof(counters[0]))

static int worker(int idx, size_t size, int go, int written, int go_read)
{
	size_t npages = size / page_size, i, bad = 0;
	uint64_t seed = 0x05e7e7ULL * (idx + 1);
	uint64_t *expect = malloc(page_size);
	char *buf, c;

	buf = mmap(NULL, size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED || !expect)
		return 3;
	/* Small folios: the same work per page on both kernels */
	madvise(buf, size, MADV_NOHUGEPAGE);
	if (read(go, &c, 1) != 1)
		return 3;
	for (i = 0; i < npages; i++)
		make_page((uint64_t *)(buf + i * page_size), seed, i);
	if (write(written, "w", 1) != 1 || read(go_read, &c, 1) != 1)
		return 3;
	for (i = 0; i < npages; i++) {
		make_page(expect, seed, i);
		bad += !!memcmp(buf + i * page_size, expect, page_size);
	}
	if (bad)
		fprintf(stderr, "usemem_mp: process %d: %zu pages corrupt\n", idx, bad);
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	long before[NR_COUNTERS], t, us;
	size_t total, memmax, share;
	int nprocs, i, status, go[2], written[2], go_read[2], rc = 0;
	struct rusage ru;
	char num[32];
	pid_t pid;

	if (argc != 4) {
		fprintf(stderr, "usage: %s NPROCS TOTAL_MIB MEMMAX_MIB\n", argv[0]);
		return 2;
	}
	page_size = sysconf(_SC_PAGESIZE);
	nprocs = atoi(argv[1]);
	total = strtoul(argv[2], NULL, 0) << 20;
	memmax = strtoul(argv[3], NULL, 0) << 20;
	if (nprocs < 1 || nprocs > MAX_PROCS)
		return 2;
	share = total / nprocs / page_size * page_size;

	/* A worker that died shows in its exit status, not as SIGPIPE here */
	signal(SIGPIPE, SIG_IGN);
	if (wb_cgroup_create(CG) || pipe(go) || pipe(written) || pipe(go_read)) {
		perror("usemem_mp: setup");
		return 2;
	}
	snprintf(num, sizeof(num), "%zu", memmax);
	if (write_file(CG "/memory.max", num))
		return 2;
	snprintf(num, sizeof(num), "%zu", memmax / 4);
	if (write_file(CG "/memory.zswap.max", num))
		return 2;
	for (i = 0; i < (int)NR_COUNTERS; i++)
		before[i] = stat_value("/proc/vmstat", counters[i]);

	for (i = 0; i < nprocs; i++) {
		pid = wb_fork_in_cgroup(CG);
		if (pid < 0)
			return 2;
		if (!pid) {
			close(go[1]);
			close(written[0]);
			close(go_read[1]);
			_exit(worker(i, share, go[0], written[1], go_read[0]));
		}
	}
	close(go[0]);
	close(written[1]);
	close(go_read[0]);
	t = wb_now_us();
	for (i = 0; i < nprocs; i++)
		if (write(go[1], "g", 1) != 1)
			return 2;
	/* Barrier: every share written before any is read back */
	for (i = 0; i < nprocs; i++)
		if (read(written[0], num, 1) != 1)
			break;
	for (i = 0; i < nprocs; i++)
		if (write(go_read[1], "r", 1) != 1)
			break;
	for (i = 0; i < nprocs; i++)
		if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
			rc = 1;
	us = wb_now_us() - t;
	getrusage(RUSAGE_CHILDREN, &ru);

	printf("BENCH usemem_us %ld\n", us);
	printf("BENCH mbps %ld\n", us ? (long)(2 * (total >> 20) * 1000000 / us) : 0);
	printf("BENCH sys_ms %ld\n", ru.ru_stime.tv_sec * 1000 + ru.ru_stime.tv_usec / 1000);
	printf("BENCH user_ms %ld\n", ru.ru_utime.tv_sec * 1000 + ru.ru_utime.tv_usec / 1000);
	for (i = 0; i < (int)NR_COUNTERS; i++)
		printf("BENCH %s %ld\n", counters[i],
		       stat_value("/proc/vmstat", counters[i]) - before[i]);
	rmdir(CG);
	if (rc)
		fprintf(stderr, "usemem_mp: a process failed\n");
	return rc;
}
