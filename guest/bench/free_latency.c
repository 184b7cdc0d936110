// SPDX-License-Identifier: GPL-2.0
/*
 * Free latency: guest time to free SIZE MiB of anon memory that is swapped
 * out, once by munmap() and once by process exit.
 *
 *   free_latency SIZE_MIB zswap|disk|mixed|zero
 *
 * zswap: compressible pages, all held by zswap; disk: incompressible pages
 * on the swap device (zswap off); mixed: the page mix of wb_util.h (zero,
 * compressible, incompressible), half of zswap's share written back to the
 * device by the zswap shrinker before the free; zero: zero-filled pages
 * (zswap off), which take no space on the device.
 *
 * Each round runs in a child in the memory cgroup /sys/fs/cgroup/wb-bench:
 * it fills the region, pages it all out (MADV_PAGEOUT), checks with VmSwap
 * that at least 95 % of it is out, then frees it. munmap_us is the guest
 * time of the munmap() call; exit_us is from the child's last instruction
 * before _exit() to the parent returning from waitpid(), which covers the
 * teardown of its address space. Under qemu -icount CLOCK_MONOTONIC counts
 * instructions. The base kernel frees each swap entry to its device; with
 * virtual swap the virtual slot and whatever backs it are freed.
 *
 * Prints "BENCH munmap_us", "BENCH exit_us", "BENCH swapped_kb" (VmSwap
 * before the munmap) and "BENCH swap_left_kb" (swap space still in use
 * after both rounds less what was in use before, which should be 0).
 * Exits non-zero if a round could not swap the region out.
 */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <sys/wait.h>
#include <stdbool.h>

#include "../lib/wb_util.h"

#define CG		"/sys/fs/cgroup/wb-bench"
#define ZSWAP_SHRINKER	"/sys/module/zswap/parameters/shrinker_enabled"

enum backend { B_ZSWAP, B_DISK, B_MIXED, B_ZERO };

static void fill(char *buf, size_t size, enum backend b)
{
	size_t npages = size / page_size, i, j, n = page_size / sizeof(uint64_t);
	uint64_t *p;

	for (i = 0; i < npages; i++) {
		p = (uint64_t *)(buf + i * page_size);
		switch (b) {
		case B_MIXED:
			make_page(p, 0xf7eeULL, i);
			break;
		case B_ZERO:
			/* Fault the page in, then leave it zero-filled */
			memset(p, 0, page_size);
			break;
		case B_ZSWAP:
			for (j = 0; j < n; j++)
				p[j] = i * 0x100000001ULL + (j & 15);
			break;
		case B_DISK:
			wb_fill_random(p, mix64(i) | 1);
			break;
		}
	}
}

/* Fill and page out @size bytes; returns the region or NULL */
static char *swapped_region(size_t size, enum backend b, long *swapped_kb)
{
	char *buf, num[32];

	buf = mmap(NULL, size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		return NULL;
	/* Small folios: both kernels then do the same work per page */
	madvise(buf, size, MADV_NOHUGEPAGE);
	fill(buf, size, b);
	if (madvise(buf, size, MADV_PAGEOUT))
		return NULL;
	if (b == B_MIXED) {
		snprintf(num, sizeof(num), "%zu", size / 4);
		write_file(ZSWAP_SHRINKER, "Y");
		write_file(CG "/memory.reclaim", num);
		write_file(ZSWAP_SHRINKER, "N");
	}
	*swapped_kb = wb_status_kb("VmSwap");
	if (*swapped_kb < (long)(size >> 10) * 95 / 100) {
		fprintf(stderr, "free_latency: only %ld KiB of %zu swapped out\n",
			*swapped_kb, size >> 10);
		return NULL;
	}
	return buf;
}

static int munmap_round(size_t size, enum backend b, int resfd)
{
	long swapped, t;
	char *buf;

	buf = swapped_region(size, b, &swapped);
	if (!buf)
		return 1;
	t = wb_now_us();
	munmap(buf, size);
	t = wb_now_us() - t;
	dprintf(resfd, "BENCH munmap_us %ld\nBENCH swapped_kb %ld\n", t, swapped);
	return 0;
}

static int exit_round(size_t size, enum backend b, int stampfd)
{
	long swapped, t;

	if (!swapped_region(size, b, &swapped))
		return 1;
	t = wb_now_us();
	if (write(stampfd, &t, sizeof(t)) != sizeof(t))
		return 1;
	return 0;
}

static long swap_used_kb(void)
{
	return stat_value("/proc/meminfo", "SwapTotal") -
	       stat_value("/proc/meminfo", "SwapFree");
}

int main(int argc, char **argv)
{
	static const char *const names[] = { "zswap", "disk", "mixed", "zero" };
	int status, fds[2], b, rc = 0;
	long t0 = 0, t1, used;
	size_t size;
	pid_t pid;

	page_size = sysconf(_SC_PAGESIZE);
	for (b = 0; argc == 3 && b < 4; b++)
		if (!strcmp(argv[2], names[b]))
			break;
	if (argc != 3 || b == 4) {
		fprintf(stderr, "usage: %s SIZE_MIB zswap|disk|mixed|zero\n", argv[0]);
		return 2;
	}
	size = strtoul(argv[1], NULL, 0) << 20;
	if (wb_cgroup_create(CG) || pipe(fds)) {
		perror("free_latency: setup");
		return 2;
	}
	used = swap_used_kb();

	pid = wb_fork_in_cgroup(CG);
	if (!pid)
		_exit(munmap_round(size, b, STDOUT_FILENO));
	if (pid < 0 || waitpid(pid, &status, 0) != pid || status)
		rc = 1;

	pid = wb_fork_in_cgroup(CG);
	if (!pid)
		_exit(exit_round(size, b, fds[1]));
	close(fds[1]);
	if (pid < 0 || read(fds[0], &t0, sizeof(t0)) != sizeof(t0))
		rc = 1;
	if (waitpid(pid, &status, 0) != pid || status)
		rc = 1;
	t1 = wb_now_us();
	if (!rc)
		printf("BENCH exit_us %ld\n", t1 - t0);
	printf("BENCH swap_left_kb %ld\n", swap_used_kb() - used);
	rmdir(CG);
	if (rc)
		fprintf(stderr, "free_latency: a round failed\n");
	return rc;
}
