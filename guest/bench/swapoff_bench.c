// SPDX-License-Identifier: GPL-2.0
/*
 * swapoff benchmark: SIZE MiB of anon data (no zero pages) swapped out to
 * the active swap device (MADV_PAGEOUT), spread over NPROCS processes that
 * each also keep RESIDENT MiB of anon memory mapped and resident. While they sleep, time
 * swapoff(DEVICE), then let every process verify its data.
 *
 *   swapoff_bench DEVICE SIZE_MIB NPROCS RESIDENT_MIB
 *
 * Base swapoff walks the page tables of every process (resident memory
 * included) to find the swap entries; with virtual swap the device's
 * reverse map names the slots directly, so the time should not depend on
 * NPROCS.
 *
 * Prints "BENCH swapoff_us <guest time>" (CLOCK_MONOTONIC: under qemu
 * -icount this counts instructions), "BENCH swapped_kb <KiB on the device
 * before swapoff>" and exits non-zero if swapoff failed or data did not
 * verify.
 */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <sys/swap.h>
#include <sys/wait.h>
#include <time.h>

#include "../lib/wb_util.h"

#define MAX_PROCS	64

static long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000L + ts.tv_nsec / 1000;
}

/*
 * No zero pages: with virtual swap they would take no slot on the device,
 * and both kernels should move the same amount of data.
 */
static void fill_page(uint64_t *p, uint64_t seed, size_t idx)
{
	size_t i, n = page_size / sizeof(uint64_t);

	for (i = 0; i < n; i++)
		p[i] = mix64(seed + idx * n + i) | 1;
}

static int worker(int idx, size_t size, size_t resident, int ready, int go)
{
	size_t npages = size / page_size, i, bad = 0;
	uint64_t seed = 0x5a0ffULL + idx;
	uint64_t *expect = malloc(page_size);
	char *buf, *res, c;

	buf = mmap(NULL, size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	res = mmap(NULL, resident, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED || res == MAP_FAILED || !expect)
		return 2;
	/* Small pages: the page tables are what base swapoff walks */
	madvise(buf, size, MADV_NOHUGEPAGE);
	madvise(res, resident, MADV_NOHUGEPAGE);
	for (i = 0; i < resident; i += page_size)
		res[i] = 1;
	for (i = 0; i < npages; i++)
		fill_page((uint64_t *)(buf + i * page_size), seed, i);
	if (madvise(buf, size, MADV_PAGEOUT))
		return 3;
	if (write(ready, "r", 1) != 1 || read(go, &c, 1) != 1)
		return 4;
	for (i = 0; i < npages; i++) {
		fill_page(expect, seed, i);
		if (memcmp(buf + i * page_size, expect, page_size))
			bad++;
	}
	return bad ? 1 : 0;
}

static long swap_used_kb(const char *dev)
{
	char line[512], name[256];
	long used = -1, u;
	FILE *f = fopen("/proc/swaps", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%255s %*s %*d %ld", name, &u) == 2 &&
		    !strcmp(name, dev))
			used = u;
	fclose(f);
	return used;
}

int main(int argc, char **argv)
{
	int nprocs, i, status, ready[2], go[2], ret = 0;
	size_t size, resident;
	pid_t pids[MAX_PROCS];
	long t0, t1;
	char c;

	if (argc != 5) {
		fprintf(stderr, "usage: swapoff_bench DEVICE SIZE_MIB NPROCS RESIDENT_MIB\n");
		return 2;
	}
	page_size = sysconf(_SC_PAGESIZE);
	nprocs = atoi(argv[3]);
	if (nprocs < 1 || nprocs > MAX_PROCS)
		return 2;
	size = (size_t)atol(argv[2]) * 1024 * 1024 / nprocs;
	size -= size % page_size;
	resident = (size_t)atol(argv[4]) * 1024 * 1024;
	if (pipe(ready) || pipe(go))
		return 2;

	for (i = 0; i < nprocs; i++) {
		pids[i] = fork();
		if (pids[i] < 0)
			return 2;
		if (!pids[i]) {
			close(ready[0]);
			close(go[1]);
			_exit(worker(i, size, resident, ready[1], go[0]));
		}
	}
	close(ready[1]);
	close(go[0]);
	for (i = 0; i < nprocs; i++)
		if (read(ready[0], &c, 1) != 1)
			return 2;

	printf("BENCH swapped_kb %ld\n", swap_used_kb(argv[1]));
	t0 = now_us();
	if (swapoff(argv[1])) {
		perror("swapoff");
		ret = 1;
	}
	t1 = now_us();
	printf("BENCH swapoff_us %ld\n", t1 - t0);

	for (i = 0; i < nprocs; i++)
		if (write(go[1], "g", 1) != 1)
			ret = 1;
	for (i = 0; i < nprocs; i++) {
		if (waitpid(pids[i], &status, 0) != pids[i] ||
		    !WIFEXITED(status) || WEXITSTATUS(status)) {
			fprintf(stderr, "worker %d: status %#x\n", i, status);
			ret = 1;
		}
	}
	return ret;
}
