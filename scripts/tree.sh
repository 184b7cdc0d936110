#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Materialize build/linux: the base as one commit (tag "base") plus one
# commit per patch in patches/, applied with git am.
#
# KERNEL_SRC=/path/to/linux-7.2 uses that tree (a git checkout's HEAD, or a
# plain directory snapshot) as the base instead of the Debian package.
. "$(dirname "$0")/lib.sh"

if [ -d "$TREE/.git" ]; then
	if [ -n "$(git -C "$TREE" status --porcelain --untracked-files=no)" ]; then
		die "$TREE has uncommitted changes; commit (and 'make export') or discard them first"
	fi
	old=$(git -C "$TREE" rev-parse HEAD)
	log "re-creating $TREE (previous HEAD was $old, still in its reflog until removed)"
	rm -rf "$TREE"
fi
mkdir -p "$BUILD"

ident=(-c user.name="${GIT_AUTHOR_NAME:-vswap workbench}" -c user.email="${GIT_AUTHOR_EMAIL:-workbench@localhost}")
if [ -n "${KERNEL_SRC:-}" ]; then
	src=$(cd "$KERNEL_SRC" && pwd) || die "KERNEL_SRC=$KERNEL_SRC is not a directory"
	[ -f "$src/Makefile" ] && [ -d "$src/mm" ] || die "$src does not look like a kernel tree"
	if git -C "$src" rev-parse --verify -q HEAD >/dev/null 2>&1 &&
	   [ "$(git -C "$src" rev-parse --show-toplevel)" = "$src" ]; then
		log "base: git HEAD of $src"
		git clone -q --no-hardlinks "$src" "$TREE"
	else
		log "base: snapshot of $src"
		mkdir -p "$TREE"
		rsync -a --exclude=.git "$src/" "$TREE/"
		git -C "$TREE" init -q -b base
		git -C "$TREE" add -A -f .
		git -C "$TREE" "${ident[@]}" commit -q -m "Linux base from $src"
	fi
	echo "KERNEL_SRC=$src" > "$BUILD/base-version"
else
	repo=$("$TOP/scripts/fetch-base.sh")
	git clone -q --local "$repo" "$TREE"
	echo "debian $BASE_PKG $(cat "$repo/.wb-complete")" > "$BUILD/base-version"
fi
git -C "$TREE" checkout -q -B series
# Only "series" and the tag "base" name things in the tree ("base" must not
# be ambiguous with a branch of the same name).
git -C "$TREE" for-each-ref --format='%(refname)' refs/heads | grep -vx refs/heads/series |
	while read -r ref; do git -C "$TREE" update-ref -d "$ref"; done
git -C "$TREE" tag -f base HEAD >/dev/null
git -C "$TREE" config user.name >/dev/null || git -C "$TREE" config user.name "${GIT_AUTHOR_NAME:-vswap workbench}"
git -C "$TREE" config user.email >/dev/null || git -C "$TREE" config user.email "${GIT_AUTHOR_EMAIL:-workbench@localhost}"

shopt -s nullglob
mapfile -t patches < <(series_patches)
if [ ${#patches[@]} -gt 0 ]; then
	log "applying ${#patches[@]} patches"
	git -C "$TREE" am -q --whitespace=nowarn "${patches[@]}" ||
		die "git am failed; see 'git -C $TREE am --show-current-patch'"
fi
log "$TREE: base $(cat "$BUILD/base-version") + ${#patches[@]} patches"
