#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Parse guest console logs of 'make check' runs.

parse.py [--only a,b] [--json OUT] [--kunit SUITES] PLAN LABEL=LOG[=CONFIG[=ENTRIES]] ...

Each LOG is one boot of one kernel variant running the test plan, or only
the plan entries ENTRIES (a,b: a debug lane). Results:
KUnit suites (KTAP before userspace starts; with --kunit and the kernel's
CONFIG, a listed suite whose symbol is =y but that printed nothing fails),
plan entries (WB-RESULT lines; cases a passing entry's kselftest
reported as '# SKIP' are listed as skipped, one row per entry and reason;
a failed entry's note quotes its first failure line; a retried entry's note
says why the first attempt failed;
an entry with no result counts as failed), the plan's skip| entries, and a
console check: Oops, BUG, WARNING, KASAN, lockdep, hung task or panic fails
the boot. Prints a table, repeats the failed rows, and ends with
'N passed, N failed, N skipped', after the last lines each failed entry
(and each retried entry's first attempt) printed.
Exit status 1 if anything failed.
"""
import json
import re
import sys

TS = r'^\[\s*\d+\.\d+\]\s?'
BAD = re.compile(TS + r'.*(' + '|'.join([
    r'Oops', r'\bBUG[: ]', r'kernel BUG at', r'WARNING:', r'Kernel panic',
    r'general protection fault', r'KASAN', r'UBSAN', r'KFENCE:',
    r'possible recursive locking', r'circular locking',
    r'inconsistent lock state', r'suspicious RCU usage',
    r'blocked for more than \d+ seconds', r'hung task',
    r'rcu_\w+ detected stall', r'soft lockup', r'hard LOCKUP',
    r'cut here',
]) + r')')
KUNIT = re.compile(TS + r'(ok|not ok) (\d+) ([\w\-.]+)(.*)$')


TAIL = 40      # lines of a failed entry's output printed at the end
REPORT = 24    # console lines printed from the first bad one on
NOSKIP = {}    # plan entry -> config symbols under which nothing may skip


def parse_plan(path, only):
    tests, skips = [], []
    for line in open(path):
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        f = line.split('|')
        if f[0] == 'skip':
            if not only or f[1] in only:
                skips.append((f[1], f[2]))
        elif (only and f[0] in only) or (not only and 'named' not in f[2].split(',')):
            # A 'named' entry runs only where a boot names it (a debug lane)
            tests.append(f[0])
            NOSKIP[f[0]] = [w.split(':', 1)[1] for w in f[2].split(',')
                            if w.startswith('noskip:')]
    return tests, skips


def config_y(config):
    try:
        return set(l.split('=')[0] for l in open(config) if l.rstrip().endswith('=y'))
    except (OSError, TypeError):
        return set()


def enforce_noskip(out, conf):
    """An entry marked noskip:SYM must not skip anything on a SYM=y kernel."""
    res = []
    for name, st, note in out:
        entry = name.split(':')[0]
        syms = [s for s in NOSKIP.get(entry, []) if s in conf]
        if st == 'skip' and syms and not name.startswith(entry + ':' + 'kunit'):
            st, note = 'fail', f'skipped on a {syms[0]}=y kernel: {note}'
        res.append((name, st, note))
    return res


def expected_suites(suites_file, config):
    """Suites of SUITES whose config symbol is =y in CONFIG."""
    if not suites_file or not config:
        return []
    try:
        conf = set(l.split('=')[0] for l in open(config) if l.rstrip().endswith('=y'))
    except OSError:
        return []
    out = []
    for line in open(suites_file):
        line = line.strip()
        if line and not line.startswith('#'):
            suite, sym = line.split('|')
            if sym in conf:
                out.append(suite)
    return out


# A kernel message is written to the serial console whole, but it can land
# in the middle of a line userspace is writing (the guest's echo of
# "WB-RESULT name pass ..." was once cut in two by a clocksource warning).
MIDLINE_TS = re.compile(r'\[\s*\d+\.\d{6}\]')


def console_lines(text):
    """Split the console into lines, giving a kernel message that cut into a
    userspace line its own line and joining the userspace line's pieces."""
    out, pending = [], ''
    for line in text.replace('\r', '').split('\n'):
        m = MIDLINE_TS.search(line)
        if m and m.start() > 0:
            pending += line[:m.start()]
            out.append(line[m.start():])
        elif m and m.start() == 0:
            out.append(line)
        else:
            out.append(pending + line)
            pending = ''
    if pending:
        out.append(pending)
    return out


def selftest():
    """console_lines() on CI's stop-41 console: the result line, cut by a
    clocksource warning, must come back whole, the warning on its own."""
    cut = ('x\r\nWB-RESULT memcg_[   15.986165] clocksource: Watchdog remote '
           'CPU 1 read timed out\r\nv1 pass rc=0 secs=12\r\n'
           '[   16.018830] init (299): drop_caches: 3\r\n')
    lines = console_lines(cut)
    assert 'WB-RESULT memcg_v1 pass rc=0 secs=12' in lines, lines
    assert '[   15.986165] clocksource: Watchdog remote CPU 1 read timed out' in lines, lines
    assert any(BAD.search(x) for x in console_lines('ok[   1.000000] WARNING: CPU: 0 x\n'))


def parse_log(path, tests):
    res, bad, kunit = {}, [], []
    subskip = {}    # (entry, reason) -> number of skipped cases
    why = {}        # entry -> first failure line its output printed
    check = {}      # entry -> first failed harness check it printed
    first = {}      # retried entry -> why its first attempt failed
    output = {}     # entry -> the lines its last attempt printed
    running = None  # the entry between its WB-BEGIN and WB-RESULT
    cur = None
    rip = None      # kernel RIP of the first oops/warning, for the note
    bad_in = None   # plan entry running at the first bad console line
    report = []     # the console from the first bad line on, for the tail
    in_kernel_boot = True
    done = False
    try:
        lines = console_lines(open(path, errors='replace').read())
    except OSError:
        lines = []
    for line in lines:
        if 'WB-GUEST' in line:
            in_kernel_boot = False
        if BAD.search(line):
            if not bad:
                bad_in = cur
            bad.append(line.strip())
        if bad and len(report) < REPORT:
            report.append(line)
        if bad and not rip:
            m = re.search(r'RIP: 0010:(\S+)', line)
            if m:
                rip = m.group(1)
        if in_kernel_boot:
            m = KUNIT.match(line)
            if m:
                status = 'pass' if m.group(1) == 'ok' else 'fail'
                if '# SKIP' in m.group(4):
                    status = 'skip'
                kunit.append(('kunit:' + m.group(3), status, ''))
            continue
        m = re.match(r'WB-BEGIN (\S+)', line)
        if m:
            cur = running = m.group(1)
            output[cur] = []
        elif running:
            output[running].append(line)
        m = re.match(r'(not ok \d+ .*|Bail out!.*|# FAIL.*|WB-TIMEOUT.*)$', line)
        if m and cur and cur not in why:
            why[cur] = m.group(1).strip()[:90]
            if cur in check:
                why[cur] += ' at ' + check.pop(cur)
        # kselftest_harness: "# file.c:LINE:case:Expected a (1) == b (2)"
        m = re.match(r'#\s*(\S+\.c:\d+:\S+:Expected .*)$', line)
        if m and cur and cur not in why and cur not in check:
            check[cur] = m.group(1).strip()[:160]
        m = re.match(r'WB-RETRY (\S+) rc=(\d+)', line)
        if m:
            first[m.group(1)] = f"rc={m.group(2)}: {why.pop(m.group(1), 'no reason printed')}"
            check.pop(m.group(1), None)
            output[m.group(1) + ' (1st attempt)'] = output.get(m.group(1), [])
        m = re.match(r'(?:ok|not ok) \d+ .*# SKIP\s*(.*)$', line)
        if m and cur:
            key = (cur, m.group(1).strip()[:80] or 'no reason given')
            subskip[key] = subskip.get(key, 0) + 1
        m = re.search(r'WB-RESULT (\S+) (pass|fail|skip) rc=(\d+) secs=(\d+)', line)
        if m:
            res[m.group(1)] = (m.group(2), m.group(4) + 's')
            running = None
        if re.search(r'WB-DONE', line):
            done = True
    out = list(kunit)
    for t in tests:
        st, note = res.get(t, ('fail', 'no result (guest died or timed out)'))
        if st == 'fail' and t in why:
            note += ' ' + why[t]
        if t in first:
            note += f' (retried; 1st attempt {first[t]})'
        out.append((t, st, note))
    for (t, why), n in subskip.items():
        if res.get(t, ('fail',))[0] == 'pass':
            out.append((t + ':skipped-cases', 'skip', f'{n} case(s) skipped by the test: {why}'))
    if not done:
        out.append(('boot-completed', 'fail', 'guest did not reach WB-DONE'))
    if bad:
        where = f' (during {bad_in or "boot"}' + (f', RIP {rip})' if rip else ')')
        out.append(('console-clean', 'fail', bad[0][:100] + where))
    else:
        out.append(('console-clean', 'pass', ''))
    if report:
        output['console report'] = report
    return out, bad, output


def main():
    args = sys.argv[1:]
    if args == ['--selftest']:
        selftest()
        return
    only, jout, kfile = None, None, None
    while args and args[0].startswith('--'):
        if args[0] == '--only':
            only = set(x for x in args[1].split(',') if x)
            args = args[2:]
        elif args[0] == '--json':
            jout = args[1]
            args = args[2:]
        elif args[0] == '--kunit':
            kfile = args[1]
            args = args[2:]
        else:
            sys.exit('usage: parse.py [--only a,b] [--json OUT] [--kunit SUITES] '
                     'PLAN LABEL=LOG[=CONFIG[=ENTRIES]]...')
    plan, logs = args[0], args[1:]
    rows, tails, reports = [], [], []
    for spec in logs:
        label, path, config, lane = (spec.split('=', 3) + [None, None])[:4]
        tests, skips = parse_plan(plan, set(lane.split(',')) if lane else only)
        out, bad, output = parse_log(path, tests)
        for name in sorted(set(lane.split(',')) - set(tests) if lane else []):
            out.append((name, 'fail', 'named by the lane, not in the plan'))
        if 'console report' in output:
            reports.append((label, 'console report', output['console report']))
        for name, st, _ in out:
            for key in (name + ' (1st attempt)', name):
                if key in output and (st == 'fail' or key != name):
                    # a 1st attempt ends with the retry's diagnostics
                    n = 2 * TAIL if key != name else TAIL
                    tails.append((label, key, output[key][-n:]))
        seen = set(name for name, _, _ in out)
        for suite in expected_suites(kfile, config):
            if 'kunit:' + suite not in seen:
                out.insert(0, ('kunit:' + suite, 'fail', 'expected (config) but printed no result'))
        out = enforce_noskip(out, config_y(config))
        for name, st, note in out:
            rows.append((label, name, st, note))
        for name, why in skips:
            rows.append((label, name, 'skip', 'plan: ' + why))
        for b in bad[:20]:
            print(f'[{label}] console: {b}')
    w = max([len(r[0]) + len(r[1]) + 1 for r in rows] + [10])
    for label, name, st, note in rows:
        print(f'{label + ":" + name:<{w}}  {st.upper():<5} {note}')
    n = {s: sum(1 for r in rows if r[2] == s) for s in ('pass', 'fail', 'skip')}
    if jout:
        json.dump([dict(kernel=r[0], test=r[1], result=r[2], note=r[3]) for r in rows],
                  open(jout, 'w'), indent=1)
    # What a failed entry printed last (test output and console lines),
    # then the failures again: a CI log is often read from its tail only.
    # a kernel report last: it is what a CI tail needs to show
    for label, name, lines in tails + reports:
        print(f'--- last {len(lines)} lines of {label}:{name} ---')
        for line in lines:
            print(f'[{label}:{name}] {line}')
    for label, name, st, note in rows:
        if st == 'fail':
            print(f'FAILED {label}:{name}  {note}')
    print(f"{n['pass']} passed, {n['fail']} failed, {n['skip']} skipped")
    return 1 if n['fail'] else 0


if __name__ == '__main__':
    sys.exit(main())
