#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the workbench needs, only those missing;
# arguments name more packages (a target's own, e.g. a cross compiler).
. "$(dirname "$0")/lib.sh"

PKGS="$* build-essential bc bison flex libelf-dev libssl-dev cpio xz-utils
      rsync kmod dwarves ccache busybox-static qemu-system-x86
      python3 python3-ply python3-git git libcap-dev libnuma-dev pkg-config liburing-dev
      debian-archive-keyring ca-certificates"

# checkpatch.pl runs scripts/spdxcheck.py with the first python3 on PATH.
# A python3 that is not Debian's (pyenv) lacks ply and git there: give it
# Debian's copies of just those pure-Python packages, so a plain
# checkpatch.pl run checks SPDX lines instead of printing a traceback.
spdxcheck_python() {
	local py site dir=/usr/local/lib/wb-spdxcheck-pylib m
	py=$(command -v python3) || return 0
	"$py" -c 'import ply, git' 2>/dev/null && return 0
	site=$("$py" -c 'import site; print(site.getsitepackages()[0])' 2>/dev/null) || return 0
	[ -d "$site" ] && [ -w "$site" ] || return 0
	mkdir -p "$dir"
	for m in ply git gitdb smmap; do
		[ -e "/usr/lib/python3/dist-packages/$m" ] &&
			ln -sfn "/usr/lib/python3/dist-packages/$m" "$dir/$m"
	done
	echo "$dir" > "$site/wb-spdxcheck.pth"
	"$py" -c 'import ply, git' 2>/dev/null &&
		log "$py: ply and git from Debian's packages ($site/wb-spdxcheck.pth)"
}

missing=()
for p in $PKGS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	[ "$(id -u)" -eq 0 ] || die "missing packages (${missing[*]}) and not root"
	log "installing: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null || log "apt-get update failed, trying install anyway"
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
		die "apt-get install ${missing[*]} failed"
fi
spdxcheck_python
