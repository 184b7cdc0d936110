// SPDX-License-Identifier: GPL-2.0
/*
 * Swap under allocation failures (fault injection).
 *
 * Each variant makes slab (failslab) and page allocator (fail_page_alloc)
 * allocations fail at random, but only those made from one object file of
 * the swap code: the stack trace filter of lib/fault-inject.c is set to the
 * text of mm/vswap.o (virtual clusters, swap tables, vtables, memcg
 * tables), mm/zswap.o (zswap entries, compressed memory, writeback),
 * mm/page_io.o (bios), mm/swap_state.o (swap cache folios, readahead) or
 * mm/swapfile.o (physical clusters and their tables). Each range is the
 * object's whole .text: /wb/fault-text, written by the workbench when it
 * builds the initramfs, names the object's first global function, its
 * offset in .text and the size of .text; /proc/kallsyms has the address.
 * The filter looks at every frame of the stack, so an interrupt that
 * allocates while the swap code runs gets failures too.
 *
 * Meanwhile a child in a memory cgroup (memory.zswap.max 4M, so zswap
 * writes back to the disk) swaps a region of 2 MiB THPs and one of small
 * pages out and in again and again (MADV_PAGEOUT, then reads; a quarter of
 * the pages is rewritten each round) and checks every byte. Then failures
 * stop and the test expects: the data intact, failures injected in the
 * range (else the variant tested nothing; a run without one is repeated,
 * up to three runs in all; where reclaim hands out physical slots
 * directly while a swap device has room, as before the series' patch 11,
 * the vswap variant runs again with every swap device off, where virtual
 * slots serve zswap), no swapped-out virtual slot
 * without a backend, the physical swap space in use and the virtual slot
 * counters (CONFIG_VSWAP) back at exactly their values before the
 * variant, and no more virtual clusters than before.
 *
 * Needs CONFIG_FAILSLAB, CONFIG_FAIL_PAGE_ALLOC and
 * CONFIG_FAULT_INJECTION_STACKTRACE_FILTER (skips otherwise), a swap
 * device on (the plan's "swap" setup) and zswap.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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
#define VSWAP_DIR	"/sys/kernel/debug/vswap/"
#define FAILSLAB	"/sys/kernel/debug/failslab/"
#define FAIL_PAGE	"/sys/kernel/debug/fail_page_alloc/"
#define FAULT_TEXT	"/wb/fault-text"
#define MiB		(1024UL * 1024UL)
#define THP_SIZE	(2 * MiB)
#define REGION		(24 * MiB)	/* THP region and small-page region each */
#define ROUNDS		4
#define TIMES		1000000		/* failures allowed per attribute */
#define RUNS		3		/* workload runs to get a failure injected */

static const char * const fault_dirs[] = { FAILSLAB, FAIL_PAGE };

/* The text range [start, end) of object @obj of mm/, or -1 */
static int text_range(const char *obj, unsigned long *start, unsigned long *end)
{
	char line[512], name[128], sym[128] = "", type;
	unsigned long addr, first = 0, off = 0, size = 0;
	FILE *f = fopen(FAULT_TEXT, "r");

	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%127s %127s %lx %lx", name, sym, &off, &size) == 4 &&
		    !strcmp(name, obj))
			break;
		sym[0] = '\0';
	}
	if (f)
		fclose(f);
	if (!sym[0] || !size)
		return -1;

	f = fopen("/proc/kallsyms", "r");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx %c %127s", &addr, &type, name) == 3 &&
		    type == 'T' && !strcmp(name, sym))
			first = addr;
	if (f)
		fclose(f);
	if (!first || first < off)
		return -1;
	*start = first - off;
	*end = *start + size;
	return 0;
}

static int fault_set(const char *dir, const char *attr, const char *val)
{
	char path[256];

	snprintf(path, sizeof(path), "%s%s", dir, attr);
	return write_file(path, val);
}

static long fault_get(const char *dir, const char *attr)
{
	char path[256];

	snprintf(path, sizeof(path), "%s%s", dir, attr);
	return read_long(path);
}

/* Fail @percent % of the allocations made under [start, end) */
static int faults_on(unsigned long start, unsigned long end, int percent)
{
	char s[32], e[32], p[16], t[16];
	unsigned int i;
	int ret = 0;

	snprintf(s, sizeof(s), "0x%lx", start);
	snprintf(e, sizeof(e), "0x%lx", end);
	snprintf(p, sizeof(p), "%d", percent);
	snprintf(t, sizeof(t), "%d", TIMES);
	for (i = 0; i < 2; i++) {
		const char *d = fault_dirs[i];

		ret |= fault_set(d, "probability", "0");
		ret |= fault_set(d, "interval", "1");
		ret |= fault_set(d, "times", t);
		ret |= fault_set(d, "space", "0");
		ret |= fault_set(d, "verbose", "0");
		ret |= fault_set(d, "task-filter", "N");
		ret |= fault_set(d, "ignore-gfp-wait", "N");
		ret |= fault_set(d, "stacktrace-depth", "32");
		ret |= fault_set(d, "require-start", s);
		ret |= fault_set(d, "require-end", e);
		if (i == 1) {	/* fail_page_alloc */
			ret |= fault_set(d, "ignore-gfp-highmem", "N");
			ret |= fault_set(d, "min-order", "0");
		}
		ret |= fault_set(d, "probability", p);
	}
	return ret;
}

/*
 * Stop failing; returns the failures injected by both attributes, or -1
 * if they cannot be read.
 */
static long faults_off(long *slab, long *page)
{
	long slab_left, page_left;

	fault_set(FAILSLAB, "probability", "0");
	fault_set(FAIL_PAGE, "probability", "0");
	slab_left = fault_get(FAILSLAB, "times");
	page_left = fault_get(FAIL_PAGE, "times");
	*slab = TIMES - slab_left;
	*page = TIMES - page_left;
	fault_set(FAILSLAB, "require-start", "0");
	fault_set(FAILSLAB, "require-end", "0xffffffffffffffff");
	fault_set(FAIL_PAGE, "require-start", "0");
	fault_set(FAIL_PAGE, "require-end", "0xffffffffffffffff");
	if (slab_left < 0 || page_left < 0)
		return -1;
	return *slab + *page;
}

/* Kilobytes of swap space in use (SwapTotal - SwapFree) */
static long swap_used_kb(void)
{
	long total = stat_value("/proc/meminfo", "SwapTotal:");
	long free = stat_value("/proc/meminfo", "SwapFree:");

	return total - free;
}

static long vswap_stat(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), VSWAP_DIR "%s", name);
	return read_long(path);
}

struct counters {
	long swap_kb;
	long used, zswap, zero, cached, clusters;
};

static void counters_read(struct counters *c)
{
	c->swap_kb = swap_used_kb();
	c->used = vswap_stat("used");
	c->zswap = vswap_stat("zswap");
	c->zero = vswap_stat("zero");
	c->cached = vswap_stat("cached_only");
	c->clusters = vswap_stat("clusters");
}

/* Back at the values of @b within 10 s: nothing leaked, nothing hidden */
static bool counters_idle(const struct counters *b, struct counters *now)
{
	int i;

	for (i = 0; i < 100; i++) {
		counters_read(now);
		if (now->swap_kb == b->swap_kb && now->used == b->used &&
		    now->zswap == b->zswap && now->zero == b->zero &&
		    now->cached == b->cached && now->clusters <= b->clusters)
			return true;
		usleep(100 * 1000);
	}
	return false;
}

static uint64_t page_seed(uint64_t seed, unsigned char gen)
{
	return seed + gen * 0x1000003ULL;
}

/*
 * Child: swap both regions out and in ROUNDS times, rewriting a quarter of
 * the pages each round, and once more to read back the last rewrites.
 * Returns the number of bad pages, or -1 if the regions could not be set
 * up.
 */
static long workload(uint64_t seed)
{
	size_t npages = 2 * REGION / page_size, i, round;
	unsigned char *gen = calloc(npages, 1);
	uint64_t *expect = malloc(page_size);
	long bad = 0;
	char *raw, *buf;

	raw = mmap(NULL, 2 * REGION + THP_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED || !gen || !expect)
		return -1;
	buf = (char *)(((uintptr_t)raw + THP_SIZE - 1) & ~(THP_SIZE - 1));
	if (madvise(buf, REGION, MADV_HUGEPAGE) ||
	    madvise(buf + REGION, REGION, MADV_NOHUGEPAGE))
		return -1;
	for (i = 0; i < npages; i++)
		make_page((uint64_t *)(buf + i * page_size), seed, i);

	for (round = 0; round <= ROUNDS; round++) {
		/* Fails with ENOMEM when a folio could not be reclaimed */
		madvise(buf, 2 * REGION, MADV_PAGEOUT);
		for (i = 0; i < npages; i++) {
			char *p = buf + i * page_size;

			make_page(expect, page_seed(seed, gen[i]), i);
			if (memcmp(p, expect, page_size)) {
				if (!bad)
					fprintf(stderr, "# round %zu: page %zu differs\n",
						round, i);
				bad++;
			}
			if (round < ROUNDS && i % 4 == round % 4) {
				gen[i]++;
				make_page((uint64_t *)p, page_seed(seed, gen[i]), i);
			}
		}
	}
	munmap(raw, 2 * REGION + THP_SIZE);
	free(expect);
	free(gen);
	return bad;
}

/* Child in the test cgroup: 0 if every page read back intact */
static int workload_child(void *arg)
{
	long bad = workload(*(uint64_t *)arg);

	return bad < 0 ? 3 : bad ? 1 : 0;
}

#define MAX_SWAPS	8

/* A swap device swapped off for a while, and how to swap it on again */
struct swap_dev {
	char path[128];
	int prio;		/* from /proc/swaps; negative: kernel-assigned */
};

static int swap_dev_on(const struct swap_dev *d)
{
	int flags = 0;

	if (d->prio >= 0)
		flags = SWAP_FLAG_PREFER |
			((d->prio << SWAP_FLAG_PRIO_SHIFT) & SWAP_FLAG_PRIO_MASK);
	return swapon(d->path, flags);
}

/*
 * Swap off every swap device in /proc/swaps and keep their paths and
 * priorities in @devs (at most MAX_SWAPS). Returns how many were swapped
 * off, or -1 with errno set if one could not be (those already off are on
 * again).
 */
static int swaps_off(struct swap_dev *devs)
{
	char line[512];
	int n = 0, err;
	FILE *f = fopen("/proc/swaps", "r");

	if (!f)
		return -1;
	while (n < MAX_SWAPS && fgets(line, sizeof(line), f))
		if (sscanf(line, "%127s %*s %*d %*d %d", devs[n].path,
			   &devs[n].prio) == 2 && devs[n].path[0] == '/')
			n++;
	fclose(f);
	for (int i = 0; i < n; i++) {
		if (!swapoff(devs[i].path))
			continue;
		err = errno;
		while (i--)
			swap_dev_on(&devs[i]);
		errno = err;
		return -1;
	}
	return n;
}

/* Swap @n devices of @devs on again; 0, or -1 with errno set */
static int swaps_on(const struct swap_dev *devs, int n)
{
	int ret = 0;

	for (int i = 0; i < n; i++)
		if (swap_dev_on(&devs[i]))
			ret = -1;
	return ret;
}

FIXTURE(fault) {
	char cg[256];
	char zswap_was[8];
	char shrinker_was[8];
	bool vswap;
	struct counters base;
};

FIXTURE_VARIANT(fault) {
	const char *obj;	/* object file of mm/ whose allocations fail */
	bool needs_vswap;	/* only on a kernel that uses virtual swap */
};

FIXTURE_VARIANT_ADD(fault, vswap) { .obj = "vswap", .needs_vswap = true };
FIXTURE_VARIANT_ADD(fault, zswap) { .obj = "zswap" };
FIXTURE_VARIANT_ADD(fault, page_io) { .obj = "page_io" };
FIXTURE_VARIANT_ADD(fault, swap_state) { .obj = "swap_state" };
FIXTURE_VARIANT_ADD(fault, swapfile) { .obj = "swapfile" };

FIXTURE_SETUP(fault)
{
	char path[320];

	page_size = sysconf(_SC_PAGESIZE);
	self->cg[0] = '\0';
	self->zswap_was[0] = self->shrinker_was[0] = '\0';
	if (access(FAILSLAB "require-start", W_OK) ||
	    access(FAIL_PAGE "require-start", W_OK))
		SKIP(return, "needs CONFIG_FAILSLAB, CONFIG_FAIL_PAGE_ALLOC and CONFIG_FAULT_INJECTION_STACKTRACE_FILTER");
	self->vswap = !access(VSWAP_DIR "used", R_OK);
	if (variant->needs_vswap && !self->vswap)
		SKIP(return, "virtual swap not in use (CONFIG_VSWAP=n or vswap=off)");
	if (access(ZSWAP_PARAM "enabled", W_OK))
		SKIP(return, "no zswap");
	ASSERT_LT(0, stat_value("/proc/meminfo", "SwapTotal:"))
		TH_LOG("needs a swap device on");

	ASSERT_EQ(0, read_file(ZSWAP_PARAM "enabled", self->zswap_was,
			       sizeof(self->zswap_was)));
	ASSERT_EQ(0, read_file(ZSWAP_PARAM "shrinker_enabled", self->shrinker_was,
			       sizeof(self->shrinker_was)));
	ASSERT_EQ(0, write_file(ZSWAP_PARAM "enabled", "Y"));
	ASSERT_EQ(0, write_file(ZSWAP_PARAM "shrinker_enabled", "Y"));

	write_file(CG_ROOT "/cgroup.subtree_control", "+memory");
	snprintf(self->cg, sizeof(self->cg), CG_ROOT "/wb-fault-%d", getpid());
	ASSERT_EQ(0, mkdir(self->cg, 0755));
	snprintf(path, sizeof(path), "%s/memory.zswap.max", self->cg);
	ASSERT_EQ(0, write_file(path, "4M"));
	counters_read(&self->base);
}

FIXTURE_TEARDOWN(fault)
{
	long slab, page;

	faults_off(&slab, &page);
	wb_restore_bool(ZSWAP_PARAM "enabled", self->zswap_was);
	wb_restore_bool(ZSWAP_PARAM "shrinker_enabled", self->shrinker_was);
	if (self->cg[0])
		rmdir(self->cg);
}

/*
 * Run the workload in the cgroup of @procs with failures injected in
 * [start, end), again while a run injected none (RUNS runs at most). The
 * code under test may allocate little: the virtual swap layer allocates
 * only when it creates a cluster (emptied ones are kept for reuse), a few
 * dozen times a run, and a run can then miss all of them at 10 %. Where
 * earlier tests left clusters with room enough for the whole workload, no
 * run allocates: the log says so. Returns the last run's wait status, or
 * -1; *@run is its index, *@injected the failures it injected (-1: not
 * readable), *@slab and *@page those of each kind.
 */
static int run_workload(const char *procs, unsigned long start,
			unsigned long end, uint64_t *seed, int *run,
			long *slab, long *page, long *injected)
{
	int status = -1;

	for (*run = 0; *run < RUNS; (*run)++) {
		if (faults_on(start, end, 10))
			return -1;
		status = wb_run_in_cgroup(procs, workload_child, seed);
		*injected = faults_off(slab, page);
		if (status == -1)
			return -1;
		if (!WIFEXITED(status) || WEXITSTATUS(status) || *injected ||
		    *run + 1 == RUNS)
			break;
		ksft_print_msg("run %d: no failure injected, running the workload again\n",
			       *run + 1);
	}
	return status;
}

TEST_F_TIMEOUT(fault, swap_roundtrip, 300)
{
	uint64_t seed = 0xfa170000ULL + getpid();
	unsigned long start, end;
	struct counters now;
	char path[320];
	long slab, page, injected, direct = 0;
	int status, run;

	ASSERT_EQ(0, text_range(variant->obj, &start, &end))
		TH_LOG("no text range for mm/%s.o in %s and /proc/kallsyms",
		       variant->obj, FAULT_TEXT);
	TH_LOG("mm/%s.o text 0x%lx-0x%lx (%lu KiB)", variant->obj, start, end,
	       (end - start) / 1024);

	if (self->vswap) {
		TH_LOG("before: %ld virtual clusters, %ld virtual slots in use",
		       self->base.clusters, self->base.used);
		direct = vswap_stat("direct_phys");
	}
	snprintf(path, sizeof(path), "%s/cgroup.procs", self->cg);
	status = run_workload(path, start, end, &seed, &run, &slab, &page,
			      &injected);
	ASSERT_NE(-1, status);

	snprintf(path, sizeof(path), "%s/memory.stat", self->cg);
	TH_LOG("run %d injected: %ld slab, %ld page allocation failures; all runs: zswpout %ld zswpin %ld zswpwb %ld pswpout %ld pswpin %ld thp_swpout %ld",
	       run + 1, slab, page, stat_value(path, "zswpout"), stat_value(path, "zswpin"),
	       stat_value(path, "zswpwb"), stat_value(path, "pswpout"),
	       stat_value(path, "pswpin"), stat_value(path, "thp_swpout"));
	ASSERT_TRUE(WIFEXITED(status))
		TH_LOG("workload killed by signal %d", WTERMSIG(status));
	ASSERT_EQ(0, WEXITSTATUS(status)) TH_LOG("data verification failed");
	ASSERT_LE(0, injected) TH_LOG("cannot read the fault injection counters");
	/*
	 * Physical slots handed out directly with nothing injected: reclaim
	 * went past the virtual device, as before the series gives folios
	 * virtual slots first (its patch 11; make bisect-check runs this
	 * test on earlier patches). There virtual slots serve zswap while
	 * no swap device is on: run the workload again with the swap
	 * devices off, and on again after it.
	 */
	if (self->vswap)
		direct = vswap_stat("direct_phys") - direct;
	if (!injected && variant->needs_vswap && direct > 0) {
		struct swap_dev swaps[MAX_SWAPS];
		int nr_swaps;

		TH_LOG("virtual slots not used while a swap device is on (%ld direct physical slots): again with swap off",
		       direct);
		nr_swaps = swaps_off(swaps);
		ASSERT_LE(0, nr_swaps) TH_LOG("swapoff: %s", strerror(errno));
		snprintf(path, sizeof(path), "%s/cgroup.procs", self->cg);
		status = run_workload(path, start, end, &seed, &run, &slab,
				      &page, &injected);
		ASSERT_EQ(0, swaps_on(swaps, nr_swaps))
			TH_LOG("swapon: %s", strerror(errno));
		ASSERT_NE(-1, status);
		/* Swapoff read in what others had swapped out */
		self->base.swap_kb = swap_used_kb();
		snprintf(path, sizeof(path), "%s/memory.stat", self->cg);
		TH_LOG("swap off, run %d injected: %ld slab, %ld page allocation failures; zswpout %ld",
		       run + 1, slab, page, stat_value(path, "zswpout"));
		ASSERT_TRUE(WIFEXITED(status))
			TH_LOG("workload killed by signal %d", WTERMSIG(status));
		ASSERT_EQ(0, WEXITSTATUS(status)) TH_LOG("data verification failed");
	}
	EXPECT_LT(0, injected) TH_LOG("no failure injected: the range is never on the stack");
	if (self->vswap)
		EXPECT_EQ(0, vswap_stat("invalid"))
			TH_LOG("swapped-out virtual slots without a backend");
	EXPECT_LT(0, stat_value(path, "zswpout"));

	ASSERT_TRUE(counters_idle(&self->base, &now))
		TH_LOG("not idle (now/before): swap %ld/%ld kB, used %ld/%ld, zswap %ld/%ld, zero %ld/%ld, cached_only %ld/%ld, clusters %ld/%ld",
		       now.swap_kb, self->base.swap_kb, now.used, self->base.used,
		       now.zswap, self->base.zswap, now.zero, self->base.zero,
		       now.cached, self->base.cached, now.clusters,
		       self->base.clusters);
}

TEST_HARNESS_MAIN
