#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Regenerate patches/ from build/linux (commits base..HEAD). Output is stable:
# no version signature, zeroed "From" commit ids, numbered file names, so an
# unchanged tree re-exports to an identical patches/.
. "$(dirname "$0")/lib.sh"
need_tree
git -C "$TREE" rev-parse -q --verify refs/tags/base >/dev/null || die "no 'base' tag in $TREE"
if [ -n "$(git -C "$TREE" status --porcelain --untracked-files=no)" ]; then
	log "warning: $TREE has uncommitted changes; they are not exported"
fi
# The Debian source package's .gitignore ignores every new top-level path,
# so a new file must be added with 'git add -f'. Catch the ones forgotten.
forgot=$(git -C "$TREE" status --porcelain --ignored -- mm include lib kernel \
	tools/testing Documentation | sed -n 's/^!! //p' |
	grep -E '(\.(c|h|rst|sh)|Kconfig|Makefile)$' | grep -v 'local_config\.h$' || true)
if [ -n "$forgot" ]; then
	log "warning: new files ignored by the Debian .gitignore, not in any commit" \
		"(git add -f them):"
	echo "$forgot" | sed 's/^/    /' >&2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git -C "$TREE" -c core.abbrev=12 format-patch -q --zero-commit --no-signature \
	--no-numbered --diff-algorithm=histogram \
	-o "$tmp" refs/tags/base..HEAD
mkdir -p "$TOP/patches"
cover=$TOP/patches/$COVER_LETTER
[ -f "$cover" ] && cp "$cover" "$tmp/cover.old"
rm -f "$TOP"/patches/*.patch
shopt -s nullglob
n=0
for p in "$tmp"/*.patch; do
	cp "$p" "$TOP/patches/"
	n=$((n + 1))
done
log "exported $n patches to patches/"

# The cover letter: its subject and text are kept from the current one, its
# shortlog and diffstat are git format-patch --cover-letter's of the series
# as exported, its date the last commit's, so that it stays stable too.
if [ -f "$tmp/cover.old" ]; then
	git -C "$TREE" -c core.abbrev=12 format-patch -q --zero-commit --no-signature \
		--cover-letter --diff-algorithm=histogram -o "$tmp/cover" refs/tags/base..HEAD
	python3 - "$tmp/cover.old" "$tmp/cover/$COVER_LETTER" \
		"$(git -C "$TREE" log -1 --format=%aD HEAD)" > "$cover" <<'PY'
import re, sys
old = open(sys.argv[1]).read().split('\n')
new = open(sys.argv[2]).read().split('\n')
shortlog = re.compile(r'^\S.* \(\d+\):$')

def parts(lines):
    """Subject text, blurb lines, index of the shortlog header."""
    subj = next(i for i, l in enumerate(lines) if l.startswith('Subject: '))
    body = lines.index('', subj) + 1
    end = max(i for i, l in enumerate(lines) if shortlog.match(l))
    return re.sub(r'^Subject: \[[^]]*\] ', '', lines[subj]), body, end

subject, ob, oe = parts(old)
_, nb, ne = parts(new)
out = []
for line in new[:nb]:
    if line.startswith('Subject: '):
        line = line.replace('*** SUBJECT HERE ***', subject)
    elif line.startswith('Date: '):
        line = 'Date: ' + sys.argv[3]
    out.append(line)
out += old[ob:oe] + new[ne:]
sys.stdout.write('\n'.join(out))
PY
	log "cover letter: patches/$COVER_LETTER"
fi
