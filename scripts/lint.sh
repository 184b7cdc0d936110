#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make lint: the checkers a reviewer runs, on what the series touches.
#   1. checkpatch.pl --strict on every patch (make checkpatch)
#   2. gcc W=1 and sparse (make C=2 with a sparse the kernel accepts, see
#      sparse.sh) on every C file the series touches outside tools/, for
#      x86-64 with the default config and configs/lint.config, which
#      builds them all
#   3. scripts/kernel-doc -none -Wall on every touched C file and header
#   4. every non-static function the series adds has a kernel-doc comment
#      with a Context: section
# Checks 2 and 3 run on base too, and a warning fails the run only if base
# has no such warning (same file and message, line numbers ignored): some
# upstream files carry warnings of their own. Logs go to build/lint/; one
# count per checker is printed, and the exit status is non-zero if any is.
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/deps.sh"
[ -d "$TREE/.git" ] || "$TOP/scripts/tree.sh"
need_base_tree
sparse=$("$TOP/scripts/sparse.sh")
OUT=$BUILD/lint
mkdir -p "$OUT"
git -C "$TREE" diff --name-only base HEAD -- '*.c' '*.h' |
	grep -v '^tools/' > "$OUT/files" || true
mapfile -t files < "$OUT/files"
fail=0

# 1. checkpatch
"$TOP/scripts/checkpatch.sh" > "$OUT/checkpatch.log" 2>&1 || true
n=$(grep -cE '^(ERROR|WARNING|CHECK)|: (ERROR|WARNING|CHECK):' "$OUT/checkpatch.log" || true)
log "checkpatch --strict: $n problems ($(series_patches | wc -l) patches)"
[ "$n" = 0 ] || { cat "$OUT/checkpatch.log"; fail=1; }

# 2. W=1 and sparse, in each tree; the base tree lacks the new files
compile() {
	local kind=$1 src=$2 obj=$OUT/obj-$1 f objs=()
	for f in "${files[@]}"; do
		[[ $f == *.c && -f $src/$f ]] && objs+=("${f%.c}.o")
	done
	# base lacks the series' options: its config report is expected noise
	WB_CONFIG_ONLY=1 "$TOP/scripts/build-kernel.sh" "$src" "$obj" default 0 lint \
		2> "$OUT/config-$kind.log" || { cat "$OUT/config-$kind.log"; exit 1; }
	[ "$kind" = base ] || cat "$OUT/config-$kind.log" >&2
	rm -f "${objs[@]/#/$obj/}"
	make -s -C "$src" O="$obj" ARCH=x86_64 CC="ccache gcc" HOSTCC="ccache gcc" \
		-j"$JOBS" -k W=1 C=2 CHECK="$sparse" "${objs[@]}" > "$OUT/compile-$kind.log" 2>&1 ||
		log "$kind: make failed, see $OUT/compile-$kind.log"
	for f in "${objs[@]}"; do
		[ -f "$obj/$f" ] || { log "$kind: $f was not built"; fail=1; }
	done
}
log "W=1 + sparse: ${#files[@]} touched files, base and patched"
compile base "$BASE_TREE"
compile patched "$TREE"
if python3 "$TOP/scripts/lint.py" new-warnings "$BASE_TREE" "$OUT/compile-base.log" \
	"$TREE" "$OUT/compile-patched.log" "$OUT/files" > "$OUT/compile-new.log"; then
	log "W=1 + sparse: 0 new warnings"
else
	log "W=1 + sparse: $(wc -l < "$OUT/compile-new.log") new warnings:"
	cat "$OUT/compile-new.log"
	fail=1
fi

# 3. kernel-doc
kdoc() {
	local src=$1 f have=()
	for f in "${files[@]}"; do
		[ -f "$src/$f" ] && have+=("$f")
	done
	(cd "$src" && ./scripts/kernel-doc -none -Wall "${have[@]}") 2>&1 || true
}
kdoc "$BASE_TREE" > "$OUT/kernel-doc-base.log"
kdoc "$TREE" > "$OUT/kernel-doc-patched.log"
if python3 "$TOP/scripts/lint.py" new-warnings "$BASE_TREE" "$OUT/kernel-doc-base.log" \
	"$TREE" "$OUT/kernel-doc-patched.log" "$OUT/files" > "$OUT/kernel-doc-new.log"; then
	log "kernel-doc -Wall: 0 new warnings"
else
	log "kernel-doc -Wall: $(wc -l < "$OUT/kernel-doc-new.log") new warnings:"
	cat "$OUT/kernel-doc-new.log"
	fail=1
fi

# 4. kernel-doc, with Context:, on every new non-static function
if python3 "$TOP/scripts/lint.py" undocumented "$BASE_TREE" "$TREE" "$OUT/files" \
	> "$OUT/undocumented.log"; then
	log "kernel-doc coverage: every new non-static function documented, with Context:"
else
	log "kernel-doc coverage: $(wc -l < "$OUT/undocumented.log") functions without it or its Context: section:"
	cat "$OUT/undocumented.log"
	fail=1
fi
exit $fail
