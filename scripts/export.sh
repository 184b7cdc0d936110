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
rm -f "$TOP"/patches/*.patch
shopt -s nullglob
n=0
for p in "$tmp"/*.patch; do
	cp "$p" "$TOP/patches/"
	n=$((n + 1))
done
log "exported $n patches to patches/"
