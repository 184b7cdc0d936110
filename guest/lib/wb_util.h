/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the workbench's guest tests and benchmarks: the page
 * content pattern (zero, compressible and incompressible pages derived from
 * a seed and the page index), small sysfs/cgroup file helpers and a swap
 * header writer (the guest has no mkswap of its own to rely on in C).
 */
#ifndef WB_UTIL_H
#define WB_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

static long page_size;

enum page_kind { PK_ZERO, PK_TEXT, PK_TEXT2, PK_RANDOM, PK_NR };

static inline uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

static inline enum page_kind kind_of(uint64_t seed, size_t idx)
{
	return mix64(seed ^ (idx * 0x9e3779b97f4a7c15ULL)) % PK_NR;
}

/* Fill one page with incompressible xorshift data from nonzero @x */
static inline void wb_fill_random(uint64_t *p, uint64_t x)
{
	size_t i, n = page_size / sizeof(uint64_t);

	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		p[i] = x;
	}
}

/* Fill one page with its expected content. */
static inline void make_page(uint64_t *p, uint64_t seed, size_t idx)
{
	size_t i, n = page_size / sizeof(uint64_t);

	switch (kind_of(seed, idx)) {
	case PK_ZERO:
		memset(p, 0, page_size);
		break;
	case PK_TEXT:
	case PK_TEXT2:
		/* Compressible: a short repeating run, unique per page. */
		for (i = 0; i < n; i++)
			p[i] = (seed + idx) * 0x100000001ULL + (i & 15);
		break;
	default:
		wb_fill_random(p, mix64(seed + idx) | 1);
		break;
	}
}

static inline int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	close(fd);
	return n < 0 ? -errno : 0;
}

static inline int read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = 0;
	return 0;
}

/* Write back a Y/N knob read earlier into @was; nothing if it was not read */
static inline void wb_restore_bool(const char *path, const char *was)
{
	if (was[0])
		write_file(path, was[0] == 'Y' ? "Y" : "N");
}

/* Value of "key" in a "key value" file such as memory.stat, or -1. */
static inline long stat_value(const char *path, const char *key)
{
	static char buf[16384];
	size_t klen = strlen(key);
	char *line;

	if (read_file(path, buf, sizeof(buf)))
		return -1;
	for (line = buf; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		if (!strncmp(line, key, klen) && line[klen] == ' ')
			return strtol(line + klen + 1, NULL, 10);
	}
	return -1;
}

/* Field @key ("VmSwap") of /proc/self/status, in KiB, or -1 */
static inline long wb_status_kb(const char *key)
{
	static char buf[4096];
	size_t klen = strlen(key);
	char *line;

	if (read_file("/proc/self/status", buf, sizeof(buf)))
		return -1;
	for (line = buf; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		if (!strncmp(line, key, klen) && line[klen] == ':')
			return strtol(line + klen + 1, NULL, 10);
	}
	return -1;
}

/* A file holding one integer, or -1. */
static inline long read_long(const char *path)
{
	char buf[64];

	if (read_file(path, buf, sizeof(buf)))
		return -1;
	return strtol(buf, NULL, 10);
}

/*
 * Write a version 1 swap header for a @size byte device or file to the
 * start of @fd: no bad pages, last page size / page_size - 1. page_size
 * must be set. Returns 0 or -1.
 */
static inline int write_swap_header(int fd, size_t size)
{
	char *hdr = calloc(1, page_size);
	uint32_t *info = (uint32_t *)(hdr + 1024);
	int ret = -1;

	if (!hdr)
		return -1;
	info[0] = 1;				/* version */
	info[1] = size / page_size - 1;		/* last_page */
	memcpy(hdr + page_size - 10, "SWAPSPACE2", 10);
	if (pwrite(fd, hdr, page_size, 0) == page_size)
		ret = 0;
	free(hdr);
	return ret;
}

/*
 * Run @fn(@arg) in a child process that first joins the cgroup whose
 * cgroup.procs file is @procs. The child exits with what @fn returns, or
 * with 2 if it could not join. Returns the child's wait status, or -1.
 */
static inline int wb_run_in_cgroup(const char *procs, int (*fn)(void *), void *arg)
{
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid)
		_exit(write_file(procs, "0") ? 2 : fn(arg));
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

/* Guest time in microseconds: under qemu -icount it counts instructions */
static inline long wb_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000L + ts.tv_nsec / 1000;
}

/* A fresh cgroup2 directory @cg with the memory controller: 0 or -1 */
static inline int wb_cgroup_create(const char *cg)
{
	write_file("/sys/fs/cgroup/cgroup.subtree_control", "+memory");
	rmdir(cg);
	return mkdir(cg, 0755);
}

/*
 * fork(), the child joining cgroup @cg (it exits with 2 if it cannot).
 * Returns what fork() returns.
 */
static inline pid_t wb_fork_in_cgroup(const char *cg)
{
	char procs[256];
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (!pid) {
		snprintf(procs, sizeof(procs), "%s/cgroup.procs", cg);
		if (write_file(procs, "0"))
			_exit(2);
	}
	return pid;
}

#endif /* WB_UTIL_H */
