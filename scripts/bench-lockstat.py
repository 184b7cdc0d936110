#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""bench-lockstat.py RUNS [TOP]

RUNS: the run list of 'make bench LOCKSTAT=1' (lines "kind|workload|repeat|
console log"). Each console has "WB-LOCKSTAT class acquisitions
contentions" lines (the kernel's /proc/lock_stat over the workload, one
line per lock class, read and write sides of a rwlock or rwsem as
separate -R/-W classes) and "WB-LOCKSTAT-VMSTAT counter pages" lines (the
growth of /proc/vmstat's swap counters over the same time).

Prints per workload, for each kernel (base, patched, and the patched
kernel booted with vswap=off where the workload runs it), mean over
repeats:
  - the pages swapped out (pswpout + zswpout + swpout_zero) and in
    (pswpin + zswpin + swpin_zero);
  - acquisitions per 1000 of those pages of the global locks of the swap
    paths: locks of which one instance serves the whole system or a whole
    swap device (GLOBAL below); the virtual device is one such device.
    The physical device's si->lock is the "&p->lock" class that the
    guest's swapon took (WB-LOCKSTAT-SWAPON lines);
  - every lock class whose name says it belongs to swap (swap, zswap,
    cluster), per 1000 pages;
  - the TOP (default 15) classes whose acquisitions per 1000 pages differ
    most between base and patched.
Exits 1 when a console has no lock statistics (not a CONFIG_LOCK_STAT
kernel, or the run failed).
"""
import re
import sys
from collections import defaultdict

# The swap device's si->lock: lockdep names it "&p->lock", numbered
# "#N" by when it was first used among classes of that name; the guest
# names the one swapon takes (WB-LOCKSTAT-SWAPON), whose counts are
# listed under this key.
SI_LOCK = '(swapon\'s &p->lock)'

# Lock classes with one instance for the system or per swap device, as
# lockdep names them: static locks by their variable, others by the
# expression their lock was initialised with.
GLOBAL = [
    ('swap_lock', 'swap_lock (swapfile.c: device list, flags)'),
    ('swap_avail_lock', 'swap_avail_lock (devices with free slots)'),
    (SI_LOCK, "si->lock (the swap device's cluster lists)"),
    ('&si->global_cluster_lock', 'si->global_cluster_lock (no per-CPU cluster)'),
    ('&vswap_info_lock_key', "vswap_info->lock (the virtual device's lists)"),
    ('vswap_clusters.xa_lock', 'vswap_clusters xarray (virtual clusters)'),
    ('zswap_pools_lock', 'zswap_pools_lock'),
    ('zswap_shrink_lock', 'zswap_shrink_lock'),
]
SWAPLIKE = re.compile(r'swap|swp|cluster', re.I)
OUT_KEYS = ('pswpout', 'zswpout', 'swpout_zero')
IN_KEYS = ('pswpin', 'zswpin', 'swpin_zero')


def main():
    runs = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    # (workload, kind) -> class -> [acquisitions, contentions], summed
    acq = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    vm = defaultdict(lambda: defaultdict(int))
    nrep = defaultdict(int)
    missing = []
    for line in open(runs):
        kind, wl, rep, log = line.strip().split('|')
        try:
            text = open(log, errors='replace').read()
        except OSError:
            text = ''
        found = False
        si_classes = set(re.findall(r'^WB-LOCKSTAT-SWAPON (\S+)\r?$', text, re.M))
        for m in re.finditer(r'^WB-LOCKSTAT (\S+) (\d+) (\d+)\r?$', text, re.M):
            names = [m.group(1)] + ([SI_LOCK] if m.group(1) in si_classes else [])
            for name in names:
                rec = acq[(wl, kind)][name]
                rec[0] += int(m.group(2))
                rec[1] += int(m.group(3))
            found = True
        for m in re.finditer(r'^WB-LOCKSTAT-VMSTAT (\S+) (-?\d+)\r?$', text, re.M):
            vm[(wl, kind)][m.group(1)] += int(m.group(2))
        if not found:
            missing.append(f'{wl} {kind} run {rep} ({log})')
            continue
        nrep[(wl, kind)] += 1

    for wl in dict.fromkeys(w for w, _ in nrep):
        kinds = [k for k in ('base', 'patched', 'off') if (wl, k) in nrep]
        names = {'base': 'base', 'patched': 'patched', 'off': 'vswap=off'}
        pages = {}
        for k in kinds:
            n = nrep[(wl, k)]
            out = sum(vm[(wl, k)][c] for c in OUT_KEYS) / n
            inn = sum(vm[(wl, k)][c] for c in IN_KEYS) / n
            pages[k] = (out, inn)
        print(f'== {wl}: pages swapped out / in per run: ' +
              ', '.join(f'{names[k]} {pages[k][0]:.0f} / {pages[k][1]:.0f}'
                        for k in kinds))

        def per1000(k, cls, field=0):
            total = sum(pages[k])
            if not total:
                return float('nan')
            return acq[(wl, k)].get(cls, [0, 0])[field] / nrep[(wl, k)] * 1000 / total

        head = f"{'':<48}" + ''.join(f'{names[k]:>11}' for k in kinds)
        print('global locks, acquisitions (contentions) per 1000 pages swapped out and in')
        print(head)
        for cls, desc in GLOBAL:
            if not any(cls in acq[(wl, k)] for k in kinds):
                continue
            print(f'{desc:<48}' + ''.join(
                f'{per1000(k, cls):>7.2f}({per1000(k, cls, 1):.1f})'.rjust(11)
                for k in kinds))
        listed = {c for c, _ in GLOBAL}
        for k in kinds:
            si = sorted(c for c in acq[(wl, k)] if c != SI_LOCK and
                        re.fullmatch(r'&p->lock(#\d+)?', c))
            if si:
                print(f'  {names[k]}: classes named &p->lock: ' + ', '.join(si))
        swapish = sorted(c for k in kinds for c in acq[(wl, k)]
                         if SWAPLIKE.search(c) and c not in listed)
        if swapish:
            print('other swap lock classes, acquisitions per 1000 pages')
            print(head)
            for cls in dict.fromkeys(swapish):
                print(f'{cls[:47]:<48}' + ''.join(f'{per1000(k, cls):>11.2f}' for k in kinds))
        if 'base' in kinds and 'patched' in kinds:
            allc = (set(acq[(wl, 'base')]) | set(acq[(wl, 'patched')])) - {SI_LOCK}
            order = sorted(allc, key=lambda c: -abs(per1000('patched', c) -
                                                    per1000('base', c)))
            print('classes differing most, patched against base, per 1000 pages')
            print(head + f"{'delta':>11}")
            for cls in order[:top]:
                d = per1000('patched', cls) - per1000('base', cls)
                print(f'{cls[:47]:<48}' + ''.join(f'{per1000(k, cls):>11.2f}' for k in kinds) +
                      f'{d:>+11.2f}')
        print()
    for m in missing:
        print(f'no lock statistics: {m}', file=sys.stderr)
    return 1 if missing else 0


if __name__ == '__main__':
    sys.exit(main())
