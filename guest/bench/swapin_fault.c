// SPDX-License-Identifier: GPL-2.0
/*
 * swapin_fault: page 2048 anonymous pages out (MADV_PAGEOUT; 8 MiB, more
 * than one swap cluster), fault the first half back in one at a time,
 * then drop 64 pages of the second half, still swapped out, with
 * MADV_DONTNEED. For scripts/stepcount.sh, which counts the instructions
 * of one such fault under QEMU's gdb stub, of the page-out of one of the
 * pages (PHASE=pageout), or of the MADV_DONTNEED (PHASE=free). Whether
 * the pages go to zswap or to the swap device is the guest's setting.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
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
	printf("swapin_fault: %d pages read back, sum %lu, %d dropped\n",
	       NR_PAGES / 2, sum, NR_FREE);
	return 0;
}
