#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The test command. For each kernel variant in VARIANTS: build kernel, tests
# and initramfs, boot in QEMU with a swap disk, run tests/plan (KUnit runs at
# boot), then parse all console logs and print one summary line.
#   T=a,b      run only these plan entries (and KUnit), first variant only
#   VARIANTS   config variants (configs/variants/*.config), default: all
#              listed in configs/check-variants; VARIANT+ARG boots that
#              variant's kernel with the kernel argument ARG (see
#              boot_arg_config below); VARIANT@debug:a,b builds that
#              variant with configs/debug.config too and runs only plan
#              entries a,b on it (the debug lane)
#   DEBUG=1    add configs/debug.config (KASAN, lockdep, ...) to every
#              variant (debug lanes are then left out)
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/deps.sh"
T=${T:-}
DEBUG=${DEBUG:-0}
VARIANTS=${VARIANTS:-$(grep -v '^#' "$TOP/configs/check-variants" | xargs)}
[ -n "$T" ] && VARIANTS=${VARIANTS%% *}
BOOT_TIMEOUT=${BOOT_TIMEOUT:-3000}

# boot_arg_config ARG CONFIG OUT: the config the parser judges a boot with
# kernel argument ARG by (noskip: entries, expected KUnit suites). A boot
# argument that switches a feature off turns off the symbols of the feature.
boot_arg_config() {
	local off
	case $1 in
	vswap=off) off="CONFIG_VSWAP CONFIG_VSWAP_PMD CONFIG_VSWAP_KUNIT_TEST" ;;
	*) die "check variant: unknown kernel argument '$1'" ;;
	esac
	cp "$2" "$3"
	for s in $off; do
		sed -i "s/^$s=y\$/# $s is not set ($1)/" "$3"
	done
}

t0=$(date +%s)
logs=()
mkdir -p "$BUILD/logs"
for spec in $VARIANTS; do
	lane= dbg=$DEBUG
	case $spec in
	*@debug:*)
		# A debug lane: a subset of the plan on a debug kernel; left out
		# when T or DEBUG=1 picks what runs
		[ -n "$T" ] || [ "$DEBUG" = 1 ] && continue
		lane=${spec#*@debug:} spec=${spec%%@*} dbg=1 ;;
	esac
	v=${spec%%+*} arg=
	[ "$v" != "$spec" ] && arg=${spec#*+}
	obj=$("$TOP/scripts/kernel.sh" patched "$v" "$dbg")
	tag=$v${arg:+-$(echo "$arg" | tr '=' '-')}
	[ "$dbg" = 1 ] && tag=$tag-debug
	log=$BUILD/logs/check-$tag.log
	config=$obj/.config
	if [ -n "$arg" ]; then
		config=$BUILD/logs/config-$tag
		boot_arg_config "$arg" "$obj/.config" "$config"
	fi
	log "booting $tag kernel${arg:+ with $arg} (console: $log)"
	rc=0
	paging=   # KASAN kernels: 4-level paging, see run-qemu.sh
	[ "$dbg" = 1 ] && paging=-4
	"$TOP/scripts/run-qemu.sh" -q $paging -t "$BOOT_TIMEOUT" "${CHECK_GUEST[@]}" \
		-a "wb.mode=check wb.only=${lane:-$T}${arg:+ $arg}" \
		"$obj/arch/x86/boot/bzImage" "$obj/initramfs.cpio.gz" "$log" || rc=$?
	[ $rc = 124 ] && echo "WB-TIMEOUT: $tag guest did not finish in ${BOOT_TIMEOUT}s" >> "$log"
	logs+=("$tag=$log=$config${lane:+=$lane}")
done
log "check took $(( $(date +%s) - t0 ))s"
[ ${#logs[@]} -gt 0 ] || die "no variant booted (T= and DEBUG=1 leave debug lanes out)"
python3 "$TOP/scripts/parse.py" --selftest || die "parse.py --selftest failed"
python3 "$TOP/scripts/parse.py" ${T:+--only "$T"} --json "$BUILD/logs/check.json" \
	--kunit "$TOP/tests/kunit-suites" \
	"$TOP/tests/plan" "${logs[@]}"
