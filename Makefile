# SPDX-License-Identifier: GPL-2.0
# Virtual swap space for Linux 7.2: patch series + workbench.
# See README.md. Every target installs what it needs (Debian, as root).

S := scripts

.PHONY: help deps base tree export kernel run check demo bench soak matrix stepcount bisect-check checkpatch lint clean distclean

help:
	@echo "make check      build, boot in QEMU, run KUnit + kselftests (the test command)"
	@echo "                T=name[,name]  only these plan entries; VARIANTS=...; DEBUG=1"
	@echo "make demo       boot the patched kernel, run a swap workload, print a report"
	@echo "make bench      base vs patched benchmarks under qemu -icount (REPEAT=3, W=name)"
	@echo "                PROFILE=1: ftrace function profile; LOCKSTAT=1: lock acquisitions per 1000 pages"
	@echo "make soak       long swap torture runs per lane (SECONDS_PER_LANE=300, LANES=, VARIANT=)"
	@echo "make matrix     build (no boot) with VSWAP/ZSWAP/MEMCG/SWAP/THP off, i386, arm64 (M=)"
	@echo "make stepcount  instructions of one swap-in fault (PHASE=pageout: page-out, PHASE=free: freeing 64, PHASE=fork: a fork, PHASE=hit: a swap cache hit) per function, base vs patched (KINDS=, BACKEND=)"
	@echo "make bisect-check  build every commit of the series in order (VARIANTS=, FROM=, TO=, REV=, BOOT=1, CHECK=stages|N,M)"
	@echo "make tree       materialize build/linux = base + patches/ (git am)"
	@echo "make export     regenerate patches/ from build/linux"
	@echo "make kernel     build the patched kernel + initramfs only (VARIANT=, DEBUG=)"
	@echo "make run CMD='...'  boot the built kernel and run shell commands in the guest"
	@echo "make checkpatch scripts/checkpatch.pl --strict on every patch"
	@echo "make lint       checkpatch + W=1 + sparse + kernel-doc on what the series touches"
	@echo "KERNEL_SRC=/path/to/linux-7.2 make tree   use your own base tree"

deps:
	@$(S)/deps.sh

base: deps
	@$(S)/fetch-base.sh >/dev/null

tree: deps
	@$(S)/tree.sh

export:
	@$(S)/export.sh

kernel: deps
	@$(S)/kernel.sh patched $(or $(VARIANT),default) $(or $(DEBUG),0)

check:
	@$(S)/check.sh

demo:
	@$(S)/demo.sh

bench:
	@$(S)/bench.sh

soak:
	@$(S)/soak.sh

matrix:
	@$(S)/matrix.sh

stepcount:
	@$(S)/stepcount.sh

run:
	@$(S)/run.sh

bisect-check:
	@$(S)/bisect-check.sh

checkpatch:
	@$(S)/checkpatch.sh

lint:
	@$(S)/lint.sh

clean:
	rm -rf build/obj build/logs build/bench

distclean:
	rm -rf build
