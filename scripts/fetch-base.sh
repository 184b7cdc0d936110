#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch Debian's linux-source-7.2 through a private apt configuration (own
# sources list and state under the cache; the machine's apt sources are never
# touched) and turn it into a pristine one-commit git repository, cached.
# Prints the path of that repository on stdout.
. "$(dirname "$0")/lib.sh"

APTDIR=$CACHE/apt
DEBDIR=$CACHE/debs
BASEDIR=$CACHE/base
SUITES="unstable trixie-backports"
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

mkdir -p "$APTDIR/lists/partial" "$APTDIR/archives/partial" "$APTDIR/prefs.d" "$DEBDIR" "$BASEDIR"
: > "$APTDIR/sources.list"
for s in $SUITES; do
	echo "deb [signed-by=$KEYRING] $MIRROR $s main" >> "$APTDIR/sources.list"
done
touch "$APTDIR/status"
APTOPTS=(-o Dir::Etc::SourceList="$APTDIR/sources.list"
	 -o Dir::Etc::SourceParts=/dev/null
	 -o Dir::Etc::Preferences=/dev/null
	 -o Dir::Etc::PreferencesParts="$APTDIR/prefs.d"
	 -o Dir::State="$APTDIR" -o Dir::State::Lists="$APTDIR/lists"
	 -o Dir::State::status="$APTDIR/status"
	 -o Dir::Cache="$APTDIR" -o Dir::Cache::archives="$APTDIR/archives"
	 -o APT::Architecture=amd64 -o Acquire::Languages=none
	 -o APT::Sandbox::User=root -q)

deb_for() { echo "$DEBDIR/${BASE_PKG}_${1//:/%3a}_all.deb"; }

pick_version() {
	local pref deb
	pref=$(deb_for "$BASE_PREF_VERSION")
	if [ -f "$pref" ] && echo "$BASE_PREF_SHA256  $pref" | sha256sum -c --status; then
		echo "$BASE_PREF_VERSION"
		return
	fi
	log "updating private apt lists ($SUITES)"
	apt-get "${APTOPTS[@]}" update >&2 ||
		die "apt-get update on the private sources ($SUITES at $MIRROR) failed"
	local versions
	versions=$(apt-cache "${APTOPTS[@]}" madison "$BASE_PKG" 2>/dev/null | awk -F'|' '{gsub(/ /,"",$2); print $2}')
	[ -n "$versions" ] || die "no $BASE_PKG package in suites: $SUITES ($MIRROR)"
	if grep -qx "$BASE_PREF_VERSION" <<<"$versions"; then
		echo "$BASE_PREF_VERSION"
		return
	fi
	local newest=""
	for v in $versions; do
		case $v in 7.2.*) ;; *) continue ;; esac
		if [ -z "$newest" ] || dpkg --compare-versions "$v" gt "$newest"; then
			newest=$v
		fi
	done
	[ -n "$newest" ] || die "no 7.2.x version of $BASE_PKG in $SUITES (found: $versions)"
	log "NOTICE: preferred $BASE_PKG $BASE_PREF_VERSION is not available; using $newest"
	echo "$newest"
}

VER=$(pick_version)
DEB=$(deb_for "$VER")
if [ ! -f "$DEB" ]; then
	log "downloading $BASE_PKG=$VER"
	(cd "$DEBDIR" && apt-get "${APTOPTS[@]}" download "$BASE_PKG=$VER" >&2) ||
		die "apt-get download $BASE_PKG=$VER failed"
fi
if [ "$VER" = "$BASE_PREF_VERSION" ]; then
	echo "$BASE_PREF_SHA256  $DEB" | sha256sum -c --status ||
		{ rm -f "$DEB"; die "SHA256 mismatch for $DEB (expected $BASE_PREF_SHA256)"; }
fi

REPO=$BASEDIR/linux-$VER
if [ ! -f "$REPO/.wb-complete" ]; then
	log "creating pristine base repository $REPO (once)"
	rm -rf "$REPO" "$REPO.tmp"
	mkdir -p "$REPO.tmp"
	dpkg-deb --fsys-tarfile "$DEB" |
		tar -xO "./usr/src/$BASE_PKG.tar.xz" | xz -dc -T0 |
		tar -x -C "$REPO.tmp" --strip-components=1
	(
		cd "$REPO.tmp"
		git init -q -b pristine
		git config core.autocrlf false
		git add -A -f .
		GIT_AUTHOR_NAME="Debian $BASE_PKG" GIT_AUTHOR_EMAIL=base@localhost \
		GIT_COMMITTER_NAME="Debian $BASE_PKG" GIT_COMMITTER_EMAIL=base@localhost \
		GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z" \
			git commit -q -m "Linux base from Debian $BASE_PKG $VER"
		git tag base
		git gc -q --auto
	)
	mv "$REPO.tmp" "$REPO"
	echo "$VER" > "$REPO/.wb-complete"
fi
echo "$VER" > "$BASEDIR/CURRENT"
echo "$REPO"
