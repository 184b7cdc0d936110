#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compare checker output of the base and the patched tree (make lint).

  lint.py new-warnings BASE_SRC BASE_LOG PATCHED_SRC PATCHED_LOG FILES
      Print the warnings of PATCHED_LOG (gcc, sparse or kernel-doc) that are
      in one of FILES (a file of source paths, one per line) and that base
      does not have: the same file and message, line numbers ignored, counted
      as a multiset. Exit 1 if there are any.
  lint.py undocumented BASE_SRC PATCHED_SRC FILES
      Print the non-static functions the patched C files of FILES define
      that base does not define as non-static, and that have no kernel-doc
      comment or one without a Context: section (the locks and context
      the caller needs); exit 1 if there are any.
"""
import collections
import os
import re
import sys

# gcc and sparse: "path:line:col: warning: text"; kernel-doc:
# "path:line warning: text" (also "Warning: path:line text")
WARN_RE = [
    re.compile(r'^(?P<path>[^\s:]+):\d+(?::\d+)?:? (?P<kind>warning|error): (?P<msg>.*)$'),
    re.compile(r'^(?P<kind>[Ww]arning|[Ee]rror): (?P<path>[^\s:]+):\d+ (?P<msg>.*)$'),
]


def rel(path, src):
    """Source-relative form of a path printed by a build in an O= tree."""
    p = os.path.normpath(path)
    src = os.path.normpath(src)
    if os.path.isabs(p) and p.startswith(src + os.sep):
        return p[len(src) + 1:]
    # "../../linux/mm/x.c" from an object directory: keep the part that
    # names a file of the tree
    parts = p.split(os.sep)
    for i in range(len(parts)):
        cand = os.sep.join(parts[i:])
        if cand and os.path.exists(os.path.join(src, cand)):
            return cand
    return p


def warnings(log, src, files):
    out = collections.Counter()
    lines = {}
    with open(log, errors='replace') as f:
        for line in f:
            line = line.rstrip('\n')
            for r in WARN_RE:
                m = r.match(line)
                if not m:
                    continue
                path = rel(m.group('path'), src)
                if path in files:
                    key = (path, m.group('kind').lower(), m.group('msg'))
                    out[key] += 1
                    lines.setdefault(key, []).append(line)
                break
    return out, lines


def new_warnings(base_src, base_log, src, log, files_path):
    files = set(open(files_path).read().split())
    base, _ = warnings(base_log, base_src, files)
    patched, lines = warnings(log, src, files)
    bad = 0
    for key, n in sorted(patched.items()):
        extra = n - base.get(key, 0)
        if extra > 0:
            bad += extra
            for line in lines[key][-extra:]:
                print(line)
    return 1 if bad else 0


# A definition starts at column 0 with its return type, names the function
# before "(", and its body's "{" opens a later line at column 0.
# VISIBLE_IF_KUNIT functions are static outside KUnit builds.
DEF_RE = re.compile(r'^(?!static\b|VISIBLE_IF_KUNIT\b|typedef\b|struct\s+\w+\s*\{|#)'
                    r'[A-Za-z_][\w\s\*]*?\b(?P<name>[A-Za-z_]\w*)\s*\(')


def definitions(path):
    """Names of the non-static functions a C file defines."""
    try:
        text = open(path, errors='replace').read().split('\n')
    except FileNotFoundError:
        return set()
    names = set()
    for i, line in enumerate(text):
        m = DEF_RE.match(line)
        if not m or line.rstrip().endswith(';'):
            continue
        # the body must follow the parameter list
        for j in range(i, min(i + 12, len(text))):
            if text[j].startswith('{'):
                names.add(m.group('name'))
                break
            if text[j].rstrip().endswith(';'):
                break
    return names


def undocumented(base_src, src, files_path):
    bad = 0
    for path in sorted(set(open(files_path).read().split())):
        if not path.endswith('.c') or path.startswith('tools/'):
            continue
        new = definitions(os.path.join(src, path)) - \
            definitions(os.path.join(base_src, path))
        if not new:
            continue
        text = open(os.path.join(src, path), errors='replace').read()
        for name in sorted(new):
            m = re.search(r'^/\*\*\n \* ' + re.escape(name) +
                          r'(\(\))?\s+-\s(?P<doc>.*?)\*/', text, re.M | re.S)
            if not m:
                print(f'{path}: non-static {name}() has no kernel-doc comment')
            elif not re.search(r'^ \* Context:', m.group('doc'), re.M):
                print(f'{path}: kernel-doc of {name}() has no Context: section')
            else:
                continue
            bad += 1
    return 1 if bad else 0


def main():
    if len(sys.argv) == 7 and sys.argv[1] == 'new-warnings':
        return new_warnings(*sys.argv[2:])
    if len(sys.argv) == 5 and sys.argv[1] == 'undocumented':
        return undocumented(*sys.argv[2:])
    sys.stderr.write(__doc__)
    return 2


if __name__ == '__main__':
    sys.exit(main())
