// SPDX-License-Identifier: GPL-2.0
/*
 * cgroup v1 memory controller with swap: memory+swap (memsw) accounting.
 *
 * cgroup v1 keeps its meaning under virtual swap: memory.memsw.* counts
 * every swapped-out page of the group, whether zswap, the zero flag or a
 * swap device holds it, and memory.memsw.limit_in_bytes limits all of it.
 * The same test runs on CONFIG_VSWAP=n kernels, where it is the base
 * behaviour.
 *
 * The guest mounts cgroup2 at boot without enabling any controller, so
 * the memory controller can be bound to a v1 hierarchy here; the test
 * unbinds it again and checks that cgroup2 gets it back (later tests use
 * it). Runs first in the plan, before any test creates memory cgroups.
 *
 * Environment: the plan's "swap" setup (swap on /dev/vda); each case sets
 * zswap itself.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "../lib/wb_util.h"

#define V1		"/tmp/memcg-v1"
#define PARENT		V1 "/p"
#define CG		PARENT "/t"
#define ZSWAP_ENABLED	"/sys/module/zswap/parameters/enabled"
#define MiB		(1024UL * 1024UL)
#define SIZE		(64 * MiB)
#define SEED		0x5eed

/* Memory cgroups in existence (/proc/cgroups), or -1 */
static long memcg_count(void)
{
	char buf[4096], *p;

	if (read_file("/proc/cgroups", buf, sizeof(buf)))
		return -1;
	p = strstr(buf, "\nmemory\t");
	if (!p)
		return -1;
	/* subsys_name hierarchy num_cgroups enabled */
	p = strchr(p + 1, '\t');
	p = p ? strchr(p + 1, '\t') : NULL;
	return p ? strtol(p + 1, NULL, 10) : -1;
}

static bool v2_has_memory(void)
{
	char buf[512];

	return !read_file("/sys/fs/cgroup/cgroup.controllers", buf, sizeof(buf)) &&
	       strstr(buf, "memory");
}

FIXTURE(v1) {
	long count;		/* memory cgroups before the test's own */
};

FIXTURE_SETUP(v1)
{
	page_size = sysconf(_SC_PAGESIZE);
	mkdir(V1, 0755);
	if (mount("memory", V1, "cgroup", 0, "memory")) {
		/* No v1 memory controller in this kernel */
		if (errno == ENOENT || errno == EINVAL)
			SKIP(return, "no cgroup v1 memory controller (CONFIG_MEMCG_V1)");
		ASSERT_EQ(0, errno) TH_LOG("mount cgroup v1 memory: %s", strerror(errno));
	}
	if (access(V1 "/memory.memsw.limit_in_bytes", F_OK)) {
		/* The teardown does not run after a SKIP in the setup */
		umount(V1);
		SKIP(return, "no swap accounting (memory.memsw.*)");
	}
	/* Removed groups of a failed earlier run may still be counted */
	self->count = memcg_count();
	ASSERT_LE(1, self->count);
	if (mkdir(PARENT, 0755) || mkdir(CG, 0755) ||
	    write_file(CG "/memory.limit_in_bytes", "32M")) {
		int err = errno;

		rmdir(CG);
		rmdir(PARENT);
		umount(V1);
		ASSERT_TRUE(false) TH_LOG("test groups: %s", strerror(err));
	}
}

/* Child: move to CPU *@arg and touch 16 pages there */
static int touch_on_cpu(void *arg)
{
	cpu_set_t one;
	char *p;

	CPU_ZERO(&one);
	CPU_SET(*(int *)arg, &one);
	if (sched_setaffinity(0, sizeof(one), &one))
		return 1;
	p = mmap(NULL, 16 * page_size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 1;
	memset(p, 1, 16 * page_size);
	return 0;
}

/*
 * Charge a few pages to @cg from every CPU this task may run on, from a
 * child that then exits: each CPU's cache of charges (memcg_stock) is then
 * left holding pages of @cg.
 */
static void charge_every_cpu(const char *cg)
{
	char procs[128];
	cpu_set_t cpus;
	int cpu;

	snprintf(procs, sizeof(procs), "%s/cgroup.procs", cg);
	if (sched_getaffinity(0, sizeof(cpus), &cpus))
		return;
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, &cpus))
			wb_run_in_cgroup(procs, touch_on_cpu, &cpu);
}

FIXTURE_TEARDOWN(v1)
{
	long start, ms;
	bool logged = false;
	int rounds = 0, i;

	write_file(ZSWAP_ENABLED, "N");
	/*
	 * The hierarchy, and the controller with it, is only released when
	 * its last cgroup is freed. At rmdir the group's folios and kernel
	 * memory move to the parent, but a removed group lives on while a
	 * swap entry records it (a slot the swap cache still holds: reclaim
	 * frees it) or a CPU's cache of charges still names it. Caches that
	 * hold pages are drained when the group goes offline, but one left
	 * with none is only dropped when that CPU's whole cache is drained,
	 * which an idle guest may not do for minutes. So, until the group is
	 * freed: charge the parent from every CPU, then reclaim it
	 * (memory.force_empty: reclaim, then drain every CPU's cache that
	 * holds pages of the parent or below, whole). After an OOM kill this
	 * takes 2 s whatever is done: the OOM reaper holds the killed task,
	 * and with it its cgroup, for OOM_REAPER_DELAY (mm/oom_kill.c).
	 */
	write_file(CG "/memory.force_empty", "0");
	EXPECT_EQ(0, rmdir(CG)) TH_LOG("rmdir %s: %s", CG, strerror(errno));
	start = wb_now_us();
	while (memcg_count() > self->count + 1 &&
	       wb_now_us() - start < 30 * 1000000L) {
		if (!logged && wb_now_us() - start > 1000000L) {
			TH_LOG("removed group not freed after 1 s: parent memory %ld KiB, memsw %ld KiB, swap cache %ld KiB, writeback %ld KiB",
			       read_long(PARENT "/memory.usage_in_bytes") >> 10,
			       read_long(PARENT "/memory.memsw.usage_in_bytes") >> 10,
			       stat_value(PARENT "/memory.stat", "total_swapcached") >> 10,
			       stat_value(PARENT "/memory.stat", "total_writeback") >> 10);
			logged = true;
		}
		charge_every_cpu(PARENT);
		write_file(PARENT "/memory.force_empty", "0");
		rounds++;
		usleep(100 * 1000);
	}
	ms = (wb_now_us() - start) / 1000;
	if (memcg_count() > self->count + 1)
		TH_LOG("removed group not freed after %ld ms (%d rounds of charges and reclaim)",
		       ms, rounds);
	else if (rounds)
		TH_LOG("removed group freed after %ld ms (%d rounds of charges and reclaim)",
		       ms, rounds);
	EXPECT_EQ(self->count + 1, memcg_count());
	/* What the parent's own caches hold is drained when it goes offline */
	write_file(PARENT "/memory.force_empty", "0");
	EXPECT_EQ(0, rmdir(PARENT)) TH_LOG("rmdir %s: %s", PARENT, strerror(errno));
	for (i = 0; i < 300 && memcg_count() > self->count; i++)
		usleep(100 * 1000);
	EXPECT_GE(self->count, memcg_count());
	EXPECT_EQ(0, umount(V1));
	for (i = 0; i < 100 && !v2_has_memory(); i++)
		usleep(100 * 1000);
	EXPECT_TRUE(v2_has_memory());
}

/*
 * Child: join the group, fill SIZE with zero, compressible and random
 * pages (pushed out by the 32M limit), tell the parent, wait, verify.
 */
static void child(int ready, int go)
{
	uint64_t *expect = malloc(page_size);
	size_t i, bad = 0;
	char pid[32], c;
	char *buf;

	snprintf(pid, sizeof(pid), "%d", getpid());
	if (write_file(CG "/cgroup.procs", pid) || !expect)
		_exit(100);
	buf = mmap(NULL, SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED || madvise(buf, SIZE, MADV_NOHUGEPAGE))
		_exit(101);
	for (i = 0; i < SIZE / page_size; i++)
		make_page((uint64_t *)(buf + i * page_size), SEED, i);
	if (write(ready, "r", 1) != 1 || read(go, &c, 1) != 1)
		_exit(102);
	for (i = 0; i < SIZE / page_size; i++) {
		make_page(expect, SEED, i);
		bad += !!memcmp(buf + i * page_size, expect, page_size);
	}
	_exit(bad ? 1 : 0);
}

static void memsw_run(struct __test_metadata *_metadata, bool zswap)
{
	long mem, memsw, swapped, zswpout;
	int to_parent[2], to_child[2], status;
	pid_t pid;
	char c;

	ASSERT_EQ(0, write_file(ZSWAP_ENABLED, zswap ? "Y" : "N"));
	zswpout = stat_value("/proc/vmstat", "zswpout");
	ASSERT_EQ(0, pipe(to_parent));
	ASSERT_EQ(0, pipe(to_child));
	pid = fork();
	ASSERT_GE(pid, 0);
	if (!pid)
		child(to_parent[1], to_child[0]);
	ASSERT_EQ(1, read(to_parent[0], &c, 1));
	mem = read_long(CG "/memory.usage_in_bytes");
	memsw = read_long(CG "/memory.memsw.usage_in_bytes");
	swapped = stat_value(CG "/memory.stat", "swap");
	zswpout = stat_value("/proc/vmstat", "zswpout") - zswpout;
	ASSERT_EQ(1, write(to_child[1], "g", 1));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	TH_LOG("memory %ld KiB, memsw %ld KiB, swap %ld KiB, %ld pages to zswap",
	       mem >> 10, memsw >> 10, swapped >> 10, zswpout);
	EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status))
		TH_LOG("child status %#x", status);
	EXPECT_LE(mem, 32 * MiB);
	/* Every page of the buffer counts, in memory or swapped out */
	EXPECT_GE(memsw, SIZE);
	EXPECT_GE(swapped, SIZE - 32 * MiB);
	EXPECT_GE(memsw - mem, swapped);
	if (zswap)
		EXPECT_GT(zswpout, 0);
	/* All freed: nothing left charged */
	EXPECT_LT(read_long(CG "/memory.memsw.usage_in_bytes"), 1 * MiB);
	close(to_parent[0]);
	close(to_parent[1]);
	close(to_child[0]);
	close(to_child[1]);
}

/* memsw counts pages in zswap, zero pages and pages on the device */
TEST_F_TIMEOUT(v1, memsw_usage_zswap, 600)
{
	memsw_run(_metadata, true);
}

TEST_F_TIMEOUT(v1, memsw_usage_disk, 600)
{
	memsw_run(_metadata, false);
}

/*
 * memory.memsw.limit_in_bytes limits memory plus every swapped-out page,
 * zswap and zero pages included: 64M does not fit in 48M.
 */
TEST_F_TIMEOUT(v1, memsw_limit_zswap, 600)
{
	int status, i;
	pid_t pid;

	ASSERT_EQ(0, write_file(ZSWAP_ENABLED, "Y"));
	ASSERT_EQ(0, write_file(CG "/memory.memsw.limit_in_bytes", "48M"));
	pid = fork();
	ASSERT_GE(pid, 0);
	if (!pid) {
		char pidstr[32], *buf;

		snprintf(pidstr, sizeof(pidstr), "%d", getpid());
		if (write_file(CG "/cgroup.procs", pidstr))
			_exit(100);
		buf = mmap(NULL, SIZE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (buf == MAP_FAILED)
			_exit(101);
		for (i = 0; i < (int)(SIZE / page_size); i++)
			make_page((uint64_t *)(buf + i * page_size), SEED, i);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
		TH_LOG("not OOM-killed: status %#x", status);
	EXPECT_GE(stat_value(CG "/memory.oom_control", "oom_kill"), 1);
	EXPECT_LT(read_long(CG "/memory.memsw.usage_in_bytes"), 1 * MiB);
}

TEST_HARNESS_MAIN
