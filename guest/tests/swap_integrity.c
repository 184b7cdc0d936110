// SPDX-License-Identifier: GPL-2.0
/*
 * Swap data-integrity test for the virtual swap workbench.
 *
 * A child process in a memory cgroup fills a buffer with a pattern derived
 * from the page index and a seed (zero pages, compressible pages and
 * incompressible pages), is pushed out by memory.max (or MADV_PAGEOUT), then
 * reads everything back twice and checks every byte. Each variant sets up
 * the swap backends it needs and asserts from memory.stat that the traffic
 * went where it should.
 *
 * Environment: WB_SWAPDEV names the swap block device (default /dev/vda).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "../lib/wb_util.h"

#define CG_ROOT		"/sys/fs/cgroup"
#define ZSWAP_PARAM	"/sys/module/zswap/parameters/"
#define MiB		(1024UL * 1024UL)

static bool swap_is_on(const char *dev)
{
	char buf[4096];
	char real[256];

	if (read_file("/proc/swaps", buf, sizeof(buf)))
		return false;
	if (!realpath(dev, real))
		return false;
	return strstr(buf, real) != NULL;
}

/* Child: fill, push out, verify twice. Returns the number of bad pages. */
static size_t run_workload(size_t size, uint64_t seed, bool pageout)
{
	size_t npages = size / page_size, i, bad = 0, first_bad = SIZE_MAX;
	uint64_t *expect = malloc(page_size);
	char *buf;
	int pass;

	buf = mmap(NULL, size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED || !expect)
		return SIZE_MAX;

	for (i = 0; i < npages; i++)
		make_page((uint64_t *)(buf + i * page_size), seed, i);

	if (pageout && madvise(buf, size, MADV_PAGEOUT))
		return SIZE_MAX;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < npages; i++) {
			make_page(expect, seed, i);
			if (memcmp(buf + i * page_size, expect, page_size)) {
				bad++;
				if (first_bad == SIZE_MAX)
					first_bad = i;
			}
		}
		if (pageout && madvise(buf, size, MADV_PAGEOUT))
			return SIZE_MAX;
	}
	if (bad)
		fprintf(stderr, "# %zu bad page checks, first at page %zu (kind %d)\n",
			bad, first_bad, kind_of(seed, first_bad));
	munmap(buf, size);
	free(expect);
	return bad;
}

struct workload {
	size_t size;
	uint64_t seed;
	bool pageout;
};

/* Child in the test cgroup: 0 if every page read back intact */
static int run_workload_child(void *arg)
{
	struct workload *w = arg;
	size_t bad = run_workload(w->size, w->seed, w->pageout);

	return bad == SIZE_MAX ? 3 : bad ? 1 : 0;
}

/* A swap file on the scratch filesystem, with a swap header, swapped on */
static int swapfile_on(const char *path, size_t size)
{
	char *buf = calloc(1, MiB);
	size_t done;
	int fd, ret = -1;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || !buf)
		goto out;
	for (done = 0; done < size; done += MiB)
		if (write(fd, buf, MiB) != (ssize_t)MiB)
			goto out;
	if (write_swap_header(fd, size) || fsync(fd))
		goto out;
	ret = swapon(path, 0);
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	return ret;
}

FIXTURE(integrity) {
	char cg[256];
	char stat[300];
	char zswap_was[8];
	char shrinker_was[8];
	const char *swapfile;
};

FIXTURE_VARIANT(integrity) {
	bool zswap;		/* zswap enabled */
	bool disk;		/* physical swap device on */
	bool writeback;		/* force zswap writeback with memory.zswap.max */
	bool shrinker;		/* zswap shrinker on: zswap writes cold and
				 * incompressible pages back to the disk */
	bool pageout;		/* MADV_PAGEOUT instead of a memory.max limit */
	size_t mem_max;		/* memory.max of the cgroup (0: max) */
	size_t size;		/* working set */
	const char *swapfile;	/* swap on this file instead of the disk */
};

FIXTURE_VARIANT_ADD(integrity, zswap_disk) {
	.zswap = true, .disk = true, .shrinker = true,
	.mem_max = 32 * MiB, .size = 128 * MiB,
};

FIXTURE_VARIANT_ADD(integrity, disk_only) {
	.zswap = false, .disk = true, .mem_max = 32 * MiB, .size = 128 * MiB,
};

FIXTURE_VARIANT_ADD(integrity, zswap_writeback) {
	.zswap = true, .disk = true, .writeback = true,
	.mem_max = 32 * MiB, .size = 128 * MiB,
};

/*
 * Virtual swap (CONFIG_VSWAP): zswap with no swap device at all. Zero
 * pages take virtual slots only; compressible and incompressible pages
 * (stored as is) go to zswap. Skipped on kernels without vswap.
 */
FIXTURE_VARIANT_ADD(integrity, zswap_no_swapdev) {
	.zswap = true, .disk = false, .mem_max = 48 * MiB, .size = 96 * MiB,
};

/* Disk only, through a swap file on the ext2 scratch filesystem */
FIXTURE_VARIANT_ADD(integrity, swapfile) {
	.zswap = false, .disk = false, .swapfile = "/mnt/scratch/wb-swapfile",
	.mem_max = 32 * MiB, .size = 96 * MiB,
};

FIXTURE_VARIANT_ADD(integrity, zswap_pageout) {
	.zswap = true, .disk = true, .pageout = true, .size = 64 * MiB,
};

FIXTURE_SETUP(integrity)
{
	const char *dev = getenv("WB_SWAPDEV") ?: "/dev/vda";
	char val[320];

	page_size = sysconf(_SC_PAGESIZE);

	if (access(ZSWAP_PARAM "enabled", F_OK) && variant->zswap)
		SKIP(return, "zswap not available");
	if (variant->zswap && !variant->disk &&
	    access("/sys/kernel/debug/vswap/used", F_OK))
		SKIP(return, "zswap without a swap device needs CONFIG_VSWAP");
	ASSERT_EQ(0, read_file(ZSWAP_PARAM "enabled", self->zswap_was,
			       sizeof(self->zswap_was)));
	ASSERT_EQ(0, write_file(ZSWAP_PARAM "enabled", variant->zswap ? "Y" : "N"));

	if (variant->disk && !swap_is_on(dev))
		ASSERT_EQ(0, swapon(dev, 0)) TH_LOG("swapon %s: %s", dev, strerror(errno));
	if (!variant->disk && swap_is_on(dev))
		ASSERT_EQ(0, swapoff(dev));
	if (variant->swapfile) {
		if (access("/mnt/scratch", W_OK))
			SKIP(return, "no scratch filesystem for a swap file");
		self->swapfile = variant->swapfile;
		ASSERT_EQ(0, swapfile_on(variant->swapfile, 128 * MiB))
			TH_LOG("swap file %s: %s", variant->swapfile, strerror(errno));
	}

	write_file(CG_ROOT "/cgroup.subtree_control", "+memory");
	snprintf(self->cg, sizeof(self->cg), CG_ROOT "/wb-integrity-%d", getpid());
	snprintf(self->stat, sizeof(self->stat), "%s/memory.stat", self->cg);
	ASSERT_EQ(0, mkdir(self->cg, 0755));

	snprintf(val, sizeof(val), "%s/memory.max", self->cg);
	if (variant->mem_max) {
		char num[32];

		snprintf(num, sizeof(num), "%zu", variant->mem_max);
		ASSERT_EQ(0, write_file(val, num));
	}
	if (variant->writeback) {
		snprintf(val, sizeof(val), "%s/memory.zswap.max", self->cg);
		ASSERT_EQ(0, write_file(val, "4M"));
		snprintf(val, sizeof(val), "%s/memory.zswap.writeback", self->cg);
		ASSERT_EQ(0, write_file(val, "1"));
	}
	ASSERT_EQ(0, read_file(ZSWAP_PARAM "shrinker_enabled", self->shrinker_was,
			       sizeof(self->shrinker_was)));
	ASSERT_EQ(0, write_file(ZSWAP_PARAM "shrinker_enabled",
				variant->shrinker ? "Y" : "N"));
}

FIXTURE_TEARDOWN(integrity)
{
	wb_restore_bool(ZSWAP_PARAM "enabled", self->zswap_was);
	wb_restore_bool(ZSWAP_PARAM "shrinker_enabled", self->shrinker_was);
	if (self->cg[0])
		rmdir(self->cg);
	if (self->swapfile) {
		swapoff(self->swapfile);
		unlink(self->swapfile);
	}
}

TEST_F_TIMEOUT(integrity, roundtrip, 1800)
{
	uint64_t seed = 0x5eed0000ULL + getpid();
	char procs[320];
	int status;
	long zswpout, zswpin, pswpout, pswpin, zswpwb;
	struct workload work;

	snprintf(procs, sizeof(procs), "%s/cgroup.procs", self->cg);
	work.size = variant->size;
	work.seed = seed;
	work.pageout = variant->pageout;
	status = wb_run_in_cgroup(procs, run_workload_child, &work);
	ASSERT_NE(-1, status);

	zswpout = stat_value(self->stat, "zswpout");
	zswpin = stat_value(self->stat, "zswpin");
	pswpout = stat_value(self->stat, "pswpout");
	pswpin = stat_value(self->stat, "pswpin");
	zswpwb = stat_value(self->stat, "zswpwb");
	TH_LOG("zswpout %ld zswpin %ld pswpout %ld pswpin %ld zswpwb %ld",
	       zswpout, zswpin, pswpout, pswpin, zswpwb);

	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("workload killed by signal %d",
					       WTERMSIG(status));
	ASSERT_EQ(0, WEXITSTATUS(status)) TH_LOG("data verification failed");

	if (variant->zswap) {
		EXPECT_GT(zswpout, 0);
		EXPECT_GT(zswpin, 0);
		if (!variant->disk) {
			EXPECT_EQ(0, pswpout);
			EXPECT_FALSE(swap_is_on(getenv("WB_SWAPDEV") ?: "/dev/vda"));
		}
	} else {
		EXPECT_EQ(0, zswpout);
		EXPECT_GT(pswpout, 0);
		EXPECT_GT(pswpin, 0);
	}
	if (variant->swapfile)
		EXPECT_TRUE(swap_is_on(variant->swapfile));
	if (variant->writeback) {
		EXPECT_GT(zswpwb, 0);
		EXPECT_GT(pswpin, 0);
	}
	if (variant->shrinker) {
		/* Incompressible pages only leave memory through writeback. */
		EXPECT_GT(zswpwb, 0);
		EXPECT_GT(pswpin, 0);
	}
}

TEST_HARNESS_MAIN
