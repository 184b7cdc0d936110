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
