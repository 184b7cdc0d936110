// SPDX-License-Identifier: GPL-2.0
/*
 * swapin_fault: page 2048 anonymous pages out (MADV_PAGEOUT; 8 MiB, more
 * than one swap cluster), fault the first half back in one at a time,
 * then drop 64 pages of the second half, still swapped out, with
 * MADV_DONTNEED, and fork a child that exits at once: the fork copies
 * the page table entries of the 960 pages still swapped out. For
 * scripts/stepcount.sh, which counts the instructions of one such fault
 * under QEMU's gdb stub, of the page-out of one of the pages
 * (PHASE=pageout), of the MADV_DONTNEED (PHASE=free) or of the fork
 * (PHASE=fork). Whether the pages go to zswap or to the swap device is
 * the guest's setting.
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

int main(void)
{
	long psize = sysconf(_SC_PAGESIZE);
	volatile unsigned char *p;
	unsigned long sum = 0;
	long i, j;
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
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (!pid)
		_exit(0);
	waitpid(pid, NULL, 0);
	printf("swapin_fault: %d pages read back, sum %lu, %d dropped, forked\n",
	       NR_PAGES / 2, sum, NR_FREE);
	return 0;
}
