#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# checkpatch.pl --strict on every patch of the series.
. "$(dirname "$0")/lib.sh"
"$TOP/scripts/deps.sh"
need_tree
mapfile -t p < <(series_patches)
[ ${#p[@]} -eq 0 ] && { log "no patches"; exit 0; }
# checkpatch runs scripts/spdxcheck.py through "env python3": use Debian's,
# which has ply and git (scripts/deps.sh), not a pyenv shim earlier in PATH.
cd "$TREE" && PATH=/usr/bin:/bin:$PATH ./scripts/checkpatch.pl --strict --no-summary --show-types "${p[@]}"
