# SPDX-License-Identifier: GPL-2.0
# Common settings for the workbench scripts. Sourced, not executed.

set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/vswap-workbench
TREE=$BUILD/linux
JOBS=${JOBS:-$(nproc)}

# Preferred base: Debian's linux-source-7.2 package.
BASE_PKG=linux-source-7.2
BASE_PREF_VERSION=7.2.13-1
BASE_PREF_SHA256=30a8c5fc63f9028a62e6d7b3f7f43bee67425dbce2a05fceba83f9b87c92083d

export CCACHE_DIR=${CCACHE_DIR:-$CACHE/ccache}
export CCACHE_BASEDIR=$TOP
export CCACHE_NOHASHDIR=1
export CCACHE_SLOPPINESS=${CCACHE_SLOPPINESS:-time_macros,include_file_mtime,include_file_ctime}

log() { printf '[wb] %s\n' "$*" >&2; }
die() { printf '[wb] error: %s\n' "$*" >&2; exit 1; }

# Kernel source the series applies to (build/linux unless the user
# materialized it from KERNEL_SRC, which tree.sh handles).
need_tree() {
	[ -d "$TREE/.git" ] || die "$TREE does not exist: run 'make tree' first"
}

# The base tree, unpatched: a worktree of build/linux at its 'base' tag.
BASE_TREE=$BUILD/base/linux
need_base_tree() {
	local want
	need_tree
	mkdir -p "$BUILD/base"
	want=$(git -C "$TREE" rev-parse refs/tags/base)
	if [ "$(git -C "$BASE_TREE" rev-parse HEAD 2>/dev/null)" != "$want" ]; then
		rm -rf "$BASE_TREE"
		git -C "$TREE" worktree prune
		git -C "$TREE" worktree add -q --detach "$BASE_TREE" refs/tags/base
	fi
}

# The guest the test plan runs in (make check, make soak, make bisect-check
# CHECK=): memory, CPUs, the swap disk and the scratch disk (MiB)
CHECK_GUEST=(-m 2G -c 2 -d 1024 -s 1024)

# The series' patch files in order; the cover letter is not one of them.
COVER_LETTER=0000-cover-letter.patch
series_patches() {
	local p
	for p in "$TOP"/patches/*.patch; do
		[ -e "$p" ] && [ "${p##*/}" != "$COVER_LETTER" ] && echo "$p"
	done
	return 0
}
