#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make bisect-check: build every commit of the series on its own, in order,
# so that a bisection never lands on a commit that does not build.
# Each commit is checked out in a worktree of build/linux
# (build/bisect/linux) and built incrementally (ccache) in each config
# variant: the kernel (bzImage), then, for a commit that touches
# tools/testing/selftests, the guest test binaries too. A commit fails on
# a build error or on a compiler warning in a C file or header it touches.
#   VARIANTS=default,vswap-off   config variants (configs/variants/)
#   FROM=N  TO=M                 only patches N..M (1-based, as numbered
#                                in patches/)
#   REV=branch                   another branch of build/linux (default:
#                                its HEAD, the series)
#   BOOT=1                       also boot each kernel of the first variant
#                                in QEMU: the built-in KUnit suites run at
#                                boot; the boot fails on a failed suite, a
#                                bad console (as make check judges it) or
#                                no shell prompt (the guest userspace of
#                                the last 'make check' runs one command)
#   CHECK=N,M | CHECK=stages     at these patches, run the test plan too,
#                                on the first variant, as 'make check'
#                                runs it (same disks and timeouts): the
#                                guest binaries and the initramfs are
#                                built from that commit's tree, and the
#                                plan entries of series tests the commit
#                                does not have yet are left out (listed).
#                                'stages': the last patch of each stage
#                                of the cover letter's "How the series
#                                reads" (patches/0000-cover-letter.patch)
# Prints one line per commit and variant; logs in build/bisect/logs/.
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/deps.sh"
need_tree
VARIANTS=${VARIANTS:-default,vswap-off}
WT=$BUILD/bisect/linux
LOGS=$BUILD/bisect/logs
mkdir -p "$LOGS"

# The worktree: detached, so build/linux's branch stays where it is.
if ! git -C "$WT" rev-parse --git-dir >/dev/null 2>&1; then
	rm -rf "$WT"
	git -C "$TREE" worktree prune
	git -C "$TREE" worktree add -q --detach "$WT" refs/tags/base
fi

REV=${REV:-HEAD}
first=${VARIANTS%%,*}
# BOOT=1: the initramfs of the last make check, plus a command that ends
# the boot
if [ "${BOOT:-0}" = 1 ]; then
	initrd=$BUILD/obj/patched-$first/initramfs.cpio.gz
	[ -f "$initrd" ] || die "BOOT=1 needs $initrd: run make check first"
	mkdir -p "$BUILD/bisect/root/wb"
	echo 'echo WB-BOOT-OK' > "$BUILD/bisect/root/wb/cmd.sh"
	(cd "$BUILD/bisect/root" && find . | cpio -o -H newc --quiet | gzip -1) |
		cat "$initrd" - > "$BUILD/bisect/initrd"
fi

# CHECK=stages: the ends of the ranges "  N-M  stage" in the cover letter
CHECK=${CHECK:-}
if [ "$CHECK" = stages ]; then
	CHECK=$(sed -n '/^How the series reads:/,/^$/s/^  *[0-9]*-\([0-9]*\) .*/\1/p' \
		"$TOP/patches/0000-cover-letter.patch" | paste -sd,)
	[ -n "$CHECK" ] || die "no stages in the cover letter"
	log "stage ends: $CHECK"
fi

# run_plan I OBJ: build the guest binaries and initramfs of the checked
# out commit into OBJ, boot it and run the plan entries whose tests the
# commit has; judge the console as make check does. Prints a summary.
run_plan() {
	local i=$1 obj=$2 tag clog only= absent= t
	tag=$(printf %04d "$i")-$first-check
	clog=$LOGS/$tag.log
	"$TOP/scripts/build-tests.sh" "$WT" "$obj" > "$LOGS/$tag-build.log" 2>&1 &&
	"$TOP/scripts/mkinitramfs.sh" "$obj/wb-bin" "$obj/initramfs.cpio.gz" \
		>> "$LOGS/$tag-build.log" 2>&1 || { echo "guest build failed"; return 1; }
	# Series tests this commit does not have: their plan entries are out
	for t in $(sed -n 's/^MM_SERIES_TESTS="\(.*\)"/\1/p' "$TOP/scripts/build-tests.sh"); do
		[ -f "$WT/tools/testing/selftests/mm/$t.c" ] || absent="$absent $t"
	done
	only=$(grep -vE '^#|^$|^skip\|' "$TOP/tests/plan" | while IFS='|' read -r name tmo setup cmd; do
		case ",$setup," in *,named,*) continue ;; esac
		for t in $absent; do
			grep -qw -- "$t" <<< "$cmd" && continue 2
		done
		echo "$name"
	done | paste -sd,)
	# A rerun keeps the previous console (a failure may not repeat)
	[ -f "$clog" ] && mv "$clog" "${clog%.log}.prev.log"
	"$TOP/scripts/run-qemu.sh" -q -t 3000 "${CHECK_GUEST[@]}" \
		-a "wb.mode=check wb.only=$only" \
		"$obj/arch/x86/boot/bzImage" "$obj/initramfs.cpio.gz" "$clog" >/dev/null || true
	echo "console $clog${absent:+; not in the tree yet:$absent}"
	local rc=0
	python3 "$TOP/scripts/parse.py" --only "$only" --json "$LOGS/$tag.json" \
		--kunit "$TOP/tests/kunit-suites" "$TOP/tests/plan" "$first=$clog=$obj/.config" \
		> "$LOGS/$tag.txt" 2>&1 || rc=$?
	# the summary line and the failures (parse.py prints them last)
	grep -E '^(FAILED|[0-9]+ passed)' "$LOGS/$tag.txt" || tail -n 3 "$LOGS/$tag.txt"
	return $rc
}

mapfile -t commits < <(git -C "$TREE" rev-list --reverse "refs/tags/base..$REV")
[ ${#commits[@]} -gt 0 ] || die "no commits between base and $REV in $TREE"
from=${FROM:-1} to=${TO:-${#commits[@]}}
fail=0 n=0
t0=$(date +%s)
for i in $(seq "$from" "$to"); do
	c=${commits[$((i - 1))]}
	subject=$(git -C "$TREE" log -1 --format=%s "$c")
	git -C "$WT" checkout -q --detach "$c"
	touched=$(git -C "$WT" diff-tree --no-commit-id --name-only -r "$c")
	for v in ${VARIANTS//,/ }; do
		# Same layout as kernel.sh (source at ../../linux from the
		# object directory) so ccache shares objects with it
		obj=$BUILD/bisect/obj/$v
		log=$LOGS/$(printf %04d "$i")-$v.log
		rc=0
		t1=$(date +%s)
		{
			"$TOP/scripts/build-kernel.sh" "$WT" "$obj" "$v" &&
			if grep -q '^tools/testing/selftests/' <<< "$touched"; then
				"$TOP/scripts/build-tests.sh" "$WT" "$obj"
			fi
		} > "$log" 2>&1 || rc=$?
		# build-tests.sh keeps the compilers' output in its own logs
		wlogs=("$log")
		grep -q '^tools/testing/selftests/' <<< "$touched" &&
			wlogs+=("$obj"/wb-bin/build-*.log)
		warn=0
		for f in $(grep -E '\.[ch]$' <<< "$touched" || true); do
			k=$(cat "${wlogs[@]}" | grep -cE "(^|/)${f##*/}:[0-9]+:[0-9]+: warning:" || true)
			warn=$(( warn + k ))
		done
		boot=
		if [ $rc = 0 ] && [ "${BOOT:-0}" = 1 ] && [ "$v" = "$first" ]; then
			blog=${log%.log}-boot.log
			"$TOP/scripts/run-qemu.sh" -q -t 600 -m 2G -c 2 -a "wb.mode=cmd" \
				"$obj/arch/x86/boot/bzImage" "$BUILD/bisect/initrd" "$blog" >/dev/null || true
			boot=$(python3 -c 'import re, sys; sys.path.insert(0, sys.argv[1])
from parse import BAD, KUNIT
lines = open(sys.argv[2], errors="replace").read().splitlines()
bad = [l for l in lines if BAD.search(l)]
fail = [m.group(3) for m in map(KUNIT.match, lines) if m and m.group(1) == "not ok"]
ok = [l for l in lines if "WB-BOOT-OK" in l]
print("bad console: " + bad[0].strip()[:80] if bad else
      "KUnit failed: " + ",".join(fail) if fail else
      "no prompt" if not ok else "")' "$TOP/scripts" "$blog")
			[ -z "$boot" ] && boot=booted || rc=1
		fi
		plan= planout=
		if [ $rc = 0 ] && [ "$v" = "$first" ] && [[ ",$CHECK," == *",$i,"* ]]; then
			planout=$(run_plan "$i" "$obj") && plan=", plan passed" ||
				{ rc=1 plan=", plan failed"; }
		fi
		st=ok
		[ $rc = 0 ] || st=FAIL
		[ $warn = 0 ] || st=FAIL
		[ $st = ok ] || fail=$(( fail + 1 ))
		n=$(( n + 1 ))
		printf '%-4s %04d %-10s %4ss %s warning(s)%s%s  %s\n' "$st" "$i" "$v" \
			"$(( $(date +%s) - t1 ))" "$warn" "${boot:+, $boot}" "$plan" "$subject"
		[ -z "$planout" ] || sed 's/^/     /' <<< "$planout"
		if [ $st != ok ]; then
			grep -m5 -E 'error:|warning:' "$log" | sed 's/^/     /' || true
		fi
	done
done
log "bisect-check: $n build(s), $fail failed, $(( $(date +%s) - t0 ))s"
[ $fail = 0 ]
