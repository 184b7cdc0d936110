#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# checkpatch.pl --strict on every patch of the series.
. "$(dirname "$0")/lib.sh"
need_tree
shopt -s nullglob
p=("$TOP"/patches/*.patch)
[ ${#p[@]} -eq 0 ] && { log "no patches"; exit 0; }
cd "$TREE" && ./scripts/checkpatch.pl --strict --no-summary --show-types "${p[@]}"
