// SPDX-License-Identifier: GPL-2.0
/*
 * Fork with shared swapped-out memory (the shape of a Redis BGSAVE): a
 * parent writes SIZE MiB of anon data (the page mix of wb_util.h), pages
 * out every other 1 MiB of it (MADV_PAGEOUT), then forks NREADERS children
 * that read and verify all of it and NWRITERS children that each rewrite
 * and verify one quarter (copy-on-write of swap entries shared with the
 * parent and the other children). The parent verifies its own copy last.
 *
 *   fork_shared SIZE_MIB NREADERS NWRITERS
 *
 * Prints "BENCH fork_us" (guest time from the first fork() to the last
 * child reaped: CLOCK_MONOTONIC counts instructions under qemu -icount),
 * "BENCH swapins" (zswpin + pswpin over that time: the shared entries
 * should be read once, then found in the swap cache) and the counters
 * themselves. Exits non-zero if any copy did not verify.
 */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <sys/wait.h>

#include "../lib/wb_util.h"

#define CHUNK		(1UL << 20)
#define MAX_CHILDREN	64

static const char *const counters[] = {
	"zswpin", "pswpin", "pgmajfault", "swap_ra",
};
#define NR_COUNTERS (sizeof(counters) / sizeof(counters[0]))

static size_t verify(const char *buf, size_t first, size_t npages, uint64_t seed)
{
	uint64_t *expect = malloc(page_size);
	size_t i, bad = 0;

	if (!expect)
		return npages;
	for (i = first; i < first + npages; i++) {
		make_page(expect, seed, i);
		bad += !!memcmp(buf + i * page_size, expect, page_size);
	}
	free(expect);
	return bad;
}

static int writer(char *buf, size_t npages, int w)
{
	size_t q = npages / 4, first = (w % 4) * q, i;
	uint64_t seed = 0xc0ffeeULL + w;

	for (i = first; i < first + q; i++)
		make_page((uint64_t *)(buf + i * page_size), seed, i);
	return verify(buf, first, q, seed) ? 1 : 0;
}

int main(int argc, char **argv)
{
	long before[NR_COUNTERS], d[NR_COUNTERS], t;
	int nreaders, nwriters, i, status, rc = 0;
	size_t size, npages, off;
	uint64_t seed = 0xf0f0ULL;
	char *buf;
	pid_t pid;

	if (argc != 4) {
		fprintf(stderr, "usage: %s SIZE_MIB NREADERS NWRITERS\n", argv[0]);
		return 2;
	}
	page_size = sysconf(_SC_PAGESIZE);
	size = strtoul(argv[1], NULL, 0) << 20;
	nreaders = atoi(argv[2]);
	nwriters = atoi(argv[3]);
	if (nreaders < 0 || nwriters < 0 || nreaders + nwriters > MAX_CHILDREN)
		return 2;
	npages = size / page_size;

	buf = mmap(NULL, size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		return 2;
	madvise(buf, size, MADV_NOHUGEPAGE);
	for (i = 0; i < (int)npages; i++)
		make_page((uint64_t *)(buf + i * page_size), seed, i);
	for (off = 0; off < size; off += 2 * CHUNK)
		if (madvise(buf + off, CHUNK, MADV_PAGEOUT))
			return 2;
	printf("BENCH swapped_kb %ld\n", wb_status_kb("VmSwap"));

	for (i = 0; i < (int)NR_COUNTERS; i++)
		before[i] = stat_value("/proc/vmstat", counters[i]);
	fflush(stdout);
	t = wb_now_us();
	for (i = 0; i < nreaders + nwriters; i++) {
		pid = fork();
		if (pid < 0)
			return 2;
		if (!pid)
			_exit(i < nreaders ? !!verify(buf, 0, npages, seed) :
			      writer(buf, npages, i - nreaders));
	}
	for (i = 0; i < nreaders + nwriters; i++)
		if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
			rc = 1;
	t = wb_now_us() - t;
	for (i = 0; i < (int)NR_COUNTERS; i++)
		d[i] = stat_value("/proc/vmstat", counters[i]) - before[i];
	if (verify(buf, 0, npages, seed))
		rc = 1;

	printf("BENCH fork_us %ld\nBENCH swapins %ld\n", t, d[0] + d[1]);
	for (i = 0; i < (int)NR_COUNTERS; i++)
		printf("BENCH %s %ld\n", counters[i], d[i]);
	if (rc)
		fprintf(stderr, "fork_shared: a copy did not verify\n");
	return rc;
}
