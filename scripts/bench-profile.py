#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""bench-profile.py RUNS [TOP]

RUNS: the run list of 'make bench PROFILE=1' (lines "kind|workload|repeat|
console log"). Each console has "WB-PROFILE function hits self_us" lines,
ftrace's function profile of the workload (self time: less the time of
traced callees; guest time under qemu -icount). Prints per workload the
total traced time per kernel and the TOP (default 25) functions whose
time differs most between base and patched, and between base and the
patched kernel booted with vswap=off where the workload runs it (mean
over repeats), with hits, so that where a kernel spends more shows
function by function.
"""
import re
import sys
from collections import defaultdict


def main():
    runs = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    # (workload, kind) -> function -> [hits, us] summed over repeats
    prof = defaultdict(lambda: defaultdict(lambda: [0, 0.0]))
    nrep = defaultdict(int)
    for line in open(runs):
        kind, wl, _rep, log = line.strip().split('|')
        nrep[(wl, kind)] += 1
        try:
            text = open(log, errors='replace').read()
        except OSError:
            continue
        for m in re.finditer(r'^WB-PROFILE (\S+) (\d+) ([\d.]+)\r?$', text, re.M):
            rec = prof[(wl, kind)][m.group(1)]
            rec[0] += int(m.group(2))
            rec[1] += float(m.group(3))
    for wl in dict.fromkeys(w for w, _ in nrep):
        kinds = [k for k in ('base', 'patched', 'off') if (wl, k) in nrep]
        mean = {k: {f: (h / nrep[(wl, k)], us / nrep[(wl, k)])
                    for f, (h, us) in prof[(wl, k)].items()} for k in kinds}
        print(f'== {wl}: traced self time (ms): ' +
              ', '.join(f'{k} {sum(us for _, us in mean[k].values()) / 1000:.1f}'
                        for k in kinds))
        if 'base' not in mean:
            continue

        def get(k, f):
            return mean[k].get(f, (0, 0.0))
        # The patched kernel, and the patched kernel booted with
        # vswap=off, each against base
        for k in ('patched', 'off'):
            if k not in mean:
                continue
            funcs = set(mean['base']) | set(mean[k])
            order = sorted(funcs, key=lambda f: -abs(get(k, f)[1] - get('base', f)[1]))
            name = 'patched' if k == 'patched' else 'vswap=off'
            print(f"{'function':<32} {'base ms':>9} {'hits':>9} {name + ' ms':>12} {'hits':>9} {'delta ms':>9}")
            for f in order[:top]:
                b, p = get('base', f), get(k, f)
                print(f'{f:<32} {b[1] / 1000:>9.2f} {b[0]:>9.0f} {p[1] / 1000:>12.2f} '
                      f'{p[0]:>9.0f} {(p[1] - b[1]) / 1000:>+9.2f}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
