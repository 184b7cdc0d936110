# SPDX-License-Identifier: GPL-2.0
"""Count the instructions of one page fault or page-out, per function.

In gdb (scripts/stepcount.sh runs it against QEMU's gdb stub):
    STEP_OUT=file STEP_SKIP=N STEP_PORT=port gdb -batch -x stepcount.py vmlinux
stops at the (N+1)th do_swap_page(), then single-steps the next whole
handle_mm_fault() and writes one disassembled instruction per line.
With STEP_MODE=pageout it stops at the (N+1)th folio_alloc_swap() instead
and single-steps until the next one: reclaim's whole work on one folio
(swap allocation, unmap, write-out, removal from the page cache) and the
reclaim loop's own code around it.
With STEP_MODE=free it stops at the guest's madvise(MADV_DONTNEED) and
single-steps the whole system call: the zap of 64 swapped-out pages'
page table entries and the freeing of their swap slots (what munmap()
and exit do per page).
With STEP_MODE=fork it stops at the guest's clone() (its fork()) after
that madvise() and single-steps the whole system call: the copy of the
page tables, whose swap entries each take another reference on their
slot.
With STEP_MODE=hit it stops at the guest child's madvise(MADV_NORMAL)
and single-steps the next whole handle_mm_fault(): the child's read of a
page another child has swapped in, a swap cache hit that leaves the
entry's last reference to the parent.
A trace that reaches the step limit before the phase returns is short:
the gdb log then says WB-STEPCOUNT-TRUNCATED, and stepcount.sh fails.
Stepping is done with interrupts and timers masked (QEMU's default), so
the trace holds only the fault's own instructions.

Outside gdb:
    python3 stepcount.py report BASE.trace OTHER.trace
prints the instructions run per function (inlined code counts for its
caller) and the difference, largest first.
"""
import collections
import os
import re
import sys


def trace():
    import gdb  # pylint: disable=import-error,import-outside-toplevel

    out = os.environ['STEP_OUT']
    skip = int(os.environ.get('STEP_SKIP', '3'))
    gdb.execute('set pagination off')
    gdb.execute('set confirm off')
    gdb.execute('target remote :%s' % os.environ.get('STEP_PORT', '1234'))

    def addr(sym):
        return int(gdb.parse_and_eval('(long)&%s' % sym)) & (2**64 - 1)

    mode = os.environ.get('STEP_MODE', 'fault')
    pageout = mode == 'pageout'
    if mode in ('free', 'fork', 'hit'):
        # The syscall wrapper's struct pt_regs (no debug information to
        # name its fields): dx, madvise()'s behaviour, is at byte 96
        advice = 0 if mode == 'hit' else 4  # MADV_NORMAL, MADV_DONTNEED
        gdb.execute('break *0x%x' % addr('__x64_sys_madvise'))
        while True:
            gdb.execute('continue')
            if int(gdb.parse_and_eval(
                    '*(unsigned long *)($rdi + 96)')) == advice:
                break
        gdb.execute('delete')
        ret = int(gdb.parse_and_eval('*(unsigned long *)$sp')) & (2**64 - 1)
    if mode == 'fork':
        # The guest's next system call after that is fork(): glibc's is
        # clone(); clone3() for a libc that uses it
        gdb.execute('break *0x%x' % addr('__x64_sys_clone'))
        gdb.execute('break *0x%x' % addr('__x64_sys_clone3'))
        gdb.execute('continue')
        gdb.execute('delete')
        ret = int(gdb.parse_and_eval('*(unsigned long *)$sp')) & (2**64 - 1)
    elif mode not in ('free', 'hit'):
        gdb.execute('break *0x%x' % addr('folio_alloc_swap' if pageout
                                           else 'do_swap_page'))
        for _ in range(skip + 1):
            gdb.execute('continue')
        gdb.execute('delete')
    if pageout:
        # From this folio's swap allocation to the next folio's
        ret = addr('folio_alloc_swap')
    elif mode not in ('free', 'fork'):
        gdb.execute('break *0x%x' % addr('handle_mm_fault'))
        gdb.execute('continue')
        gdb.execute('delete')
        ret = int(gdb.parse_and_eval('*(unsigned long *)$sp')) & (2**64 - 1)
    # A fork copies every mapping of the process, not only the swapped one
    limit = 3000000 if mode == 'fork' else 200000
    n = 0
    with open(out, 'w') as f:
        while n < limit:
            pc = int(gdb.parse_and_eval('$pc')) & (2**64 - 1)
            if pc == ret and n:
                break
            f.write(gdb.execute('x/i $pc', to_string=True).strip() + '\n')
            n += 1
            gdb.execute('stepi', to_string=True)
    if n >= limit:
        print('WB-STEPCOUNT-TRUNCATED after %d instructions' % n)
    gdb.execute('kill')


def count(path, entries=False):
    """Instructions run per function or, with entries, calls per function."""
    c = collections.Counter()
    with open(path) as f:
        for line in f:
            m = re.search(r'<([^+>]+)(>?)', line)
            if entries:
                if m and m.group(2):
                    c[m.group(1)] += 1
            else:
                c[m.group(1) if m else '?'] += 1
    return c


# Statistics updates whose path depends on the state of per-CPU counters
# (memcg_rstat_updated()'s threshold, memcg v1 event ratelimits), not code
STATE_DEPENDENT = re.compile(r'memcg_lruvec_state|memcg_state|'
                             r'count_memcg_events|memcg1_check_events|'
                             r'mem_cgroup_threshold|css_rstat_updated')


def report(a_path, b_path):
    a, b = count(a_path), count(b_path)
    print('%-44s %8s %8s %6s' % ('function', os.path.basename(a_path),
                                  os.path.basename(b_path), 'diff'))
    print('%-44s %8d %8d %+6d' % ('(all of it)', sum(a.values()),
                                   sum(b.values()),
                                   sum(b.values()) - sum(a.values())))
    sa = sum(v for k, v in a.items() if not STATE_DEPENDENT.search(k))
    sb = sum(v for k, v in b.items() if not STATE_DEPENDENT.search(k))
    print('%-44s %8d %8d %+6d' % ('(without memcg statistics updates)',
                                   sa, sb, sb - sa))
    ca, cb = count(a_path, True), count(b_path, True)
    na = sum(v for k, v in ca.items() if STATE_DEPENDENT.search(k))
    nb = sum(v for k, v in cb.items() if STATE_DEPENDENT.search(k))
    print('%-44s %8d %8d %+6d' % ('(memcg statistics updates: calls)',
                                   na, nb, nb - na))
    for k in sorted(set(a) | set(b), key=lambda k: (-abs(b[k] - a[k]), k)):
        if a[k] != b[k]:
            print('%-44s %8d %8d %+6d' % (k, a[k], b[k], b[k] - a[k]))


if __name__ == '__main__':
    if len(sys.argv) == 4 and sys.argv[1] == 'report':
        report(sys.argv[2], sys.argv[3])
    else:
        trace()
