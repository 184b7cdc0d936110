#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""bench-report.py RUNS OUTPREFIX BASE NPATCHES

RUNS: lines "kind|workload|repeat|console log"; kind is base, patched or
off (the patched kernel booted with vswap=off, reported as its own row
"<workload> vswap=off" against the same base runs). Collects the guest's
"BENCH key value" lines per run, prints one table (metric, base, patched,
patched/base, repeats, spread) and writes OUTPREFIX.json and OUTPREFIX.csv.
Values are means over repeats; spread is (max - min) / mean. A run whose
workload failed (WB-BENCH-STATUS != 0) or whose console is not clean is
reported and makes the exit status non-zero.
"""
import json
import re
import statistics
import sys

sys.path.insert(0, __file__.rsplit('/', 1)[0])
from parse import BAD  # noqa: E402


def main():
    runs_file, prefix, base, npatches = sys.argv[1:5]
    data = {}   # (workload, metric) -> kind -> [values]
    errors = []
    for line in open(runs_file):
        kind, wl, rep, log = line.strip().split('|')
        status = None
        try:
            text = open(log, errors='replace').read().replace('\r', '')
        except OSError:
            text = ''
        for ln in text.splitlines():
            m = re.match(r'^BENCH (\S+) (-?\d+)$', ln)
            if m:
                data.setdefault((wl, m.group(1)), {}).setdefault(kind, []).append(int(m.group(2)))
            m = re.match(r'^WB-BENCH-STATUS (\d+)', ln)
            if m:
                status = int(m.group(1))
            if BAD.search(ln):
                errors.append(f'{kind} {wl} run {rep}: console: {ln.strip()[:120]}')
        if status != 0:
            errors.append(f'{kind} {wl} run {rep}: workload status {status} ({log})')

    rows = []
    for (wl, metric), per in data.items():
        # Runs of kind "off" (the patched kernel booted with vswap=off)
        # make a second row, "<workload> vswap=off", against the same base.
        shown = [('patched', wl)]
        if 'off' in per:
            shown.append(('off', wl + ' vswap=off'))
        for pkind, label in shown:
            row = dict(workload=label, metric=metric)
            for kind, src in (('base', 'base'), ('patched', pkind)):
                v = per.get(src, [])
                row[kind] = statistics.mean(v) if v else None
                row[kind + '_n'] = len(v)
                row[kind + '_spread'] = ((max(v) - min(v)) / statistics.mean(v)
                                         if v and statistics.mean(v) else 0.0)
                row[kind + '_values'] = v
            row['ratio'] = (row['patched'] / row['base']
                            if row['base'] and row['patched'] is not None else None)
            rows.append(row)

    def fmt(x):
        if x is None:
            return '-'
        return f'{x:.0f}' if abs(x) >= 100 else f'{x:.2f}'

    print(f'# base: {base}; patched: base + {npatches} patches; '
          'guest time under qemu -icount shift=0,sleep=off (1 insn = 1 ns)')
    hdr = f"{'workload':<28} {'metric':<20} {'base':>12} {'patched':>12} {'ratio':>7} {'n':>5} {'spread b/p':>13}"
    print(hdr)
    print('-' * len(hdr))
    for r in rows:
        ratio = f"{r['ratio']:.3f}" if r['ratio'] is not None else '-'
        spread = f"{100 * r['base_spread']:.1f}%/{100 * r['patched_spread']:.1f}%"
        print(f"{r['workload']:<28} {r['metric']:<20} {fmt(r['base']):>12} "
              f"{fmt(r['patched']):>12} {ratio:>7} {r['base_n']}/{r['patched_n']:<3} {spread:>13}")
    json.dump(dict(base=base, patches=int(npatches), rows=rows, errors=errors),
              open(prefix + '.json', 'w'), indent=1)
    with open(prefix + '.csv', 'w') as f:
        f.write('workload,metric,base,patched,ratio,base_n,patched_n,base_spread,patched_spread\n')
        for r in rows:
            f.write(','.join(str(r[k]) for k in ('workload', 'metric', 'base', 'patched', 'ratio',
                                                 'base_n', 'patched_n', 'base_spread',
                                                 'patched_spread')) + '\n')
    for e in errors:
        print('ERROR:', e)
    print(f'written: {prefix}.json {prefix}.csv')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
