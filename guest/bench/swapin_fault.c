// SPDX-License-Identifier: GPL-2.0
/*
 * swapin_fault: page 2048 anonymous pages out (MADV_PAGEOUT; 8 MiB, more
 * than one swap cluster), fault the first half back in one at a time,
 * then drop 64 pages of the second half, still swapped out, with
 * MADV_DONTNEED, and fork a child: the fork copies the page table entries
 * of the 960 pages still swapped out. A second child reads one of them
 * back, which leaves its folio in the swap cache (the parent and the
 * first child still hold the entry), then the first child reads the same
 * page: a swap cache hit that leaves the entry to the parent, as every
 * reader after the first takes on memory shared over fork(). The first
 * child marks the start of that fault with madvise(MADV_NORMAL) of the
 * page. For scripts/stepcount.sh, which counts the instructions of
 * one of the first faults under QEMU's gdb stub, of the page-out of one
 * of the pages (PHASE=pageout), of the MADV_DONTNEED (PHASE=free), of
 * the fork (PHASE=fork) or of the child's swap cache hit (PHASE=hit).
 * Whether the pages go to zswap or to the swap device is the guest's
 * setting.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define NR_PAGES 2048
/* Past the first half and its swap readahead */
#define FREE_FIRST 1536
#define NR_FREE 64
/* Still swapped out at the fork, and not dropped */
#define SHARED_PAGE 1800

/* Fork a child that reads the byte at @p, exiting 0 if it is @val */
static pid_t fork_reader(volatile unsigned char *p, unsigned char val)
{
	pid_t pid = fork();

	if (!pid)
		_exit(*p != val);
	return pid;
}

static int wait_child(pid_t pid)
{
	int status;

	if (pid < 0 || waitpid(pid, &status, 0) != pid ||
	    !WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "swapin_fault: a child failed\n");
		return 1;
	}
	return 0;
}

int main(void)
{
	long psize = sysconf(_SC_PAGESIZE);
	volatile unsigned char *p;
	unsigned long sum = 0;
	int pipefd[2];
	long i, j;
	char go;
	pid_t pid;

	p = mmap(NULL, NR_PAGES * psize, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	/* Not zero-filled, and compressible as a program's data would be */
	for (i = 0; i < NR_PAGES; i++)
		for (j = 0; j < psize; j++)
			p[i * psize + j] = (j * 7 + i) & 0x3f;
	if (madvise((void *)p, NR_PAGES * psize, MADV_PAGEOUT)) {
		perror("madvise");
		return 1;
	}
	/*
	 * Let the work the page-out queued run first (e.g. the allocation of
	 * virtual swap's flat cluster map), as it has in a longer workload.
	 */
	sleep(1);
	for (i = 0; i < NR_PAGES / 2; i++)
		sum += p[i * psize];
	if (madvise((void *)(p + FREE_FIRST * psize), NR_FREE * psize,
		    MADV_DONTNEED)) {
		perror("madvise");
		return 1;
	}
	if (pipe(pipefd)) {
		perror("pipe");
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (!pid) {
		/* Without a writer of its own, it sees EOF if the parent fails */
		close(pipefd[1]);
		if (read(pipefd[0], &go, 1) != 1 ||
		    madvise((void *)(p + SHARED_PAGE * psize), psize, MADV_NORMAL))
			_exit(1);
		_exit(p[SHARED_PAGE * psize] != (SHARED_PAGE & 0x3f));
	}
	close(pipefd[0]);
	/* A second child reads the page in first: the swap cache miss */
	if (wait_child(fork_reader(p + SHARED_PAGE * psize, SHARED_PAGE & 0x3f)))
		return 1;
	if (write(pipefd[1], "g", 1) != 1) {
		perror("write");
		return 1;
	}
	if (wait_child(pid))
		return 1;
	printf("swapin_fault: %d pages read back, sum %lu, %d dropped, forked, 1 shared\n",
	       NR_PAGES / 2, sum, NR_FREE);
	return 0;
}
