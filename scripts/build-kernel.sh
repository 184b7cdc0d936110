#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# build-kernel.sh SRC OBJ VARIANT [DEBUG] [EXTRA]
#   SRC      kernel source tree
#   OBJ      output directory (O=)
#   VARIANT  name of configs/variants/VARIANT.config
#   DEBUG    1 to add configs/debug.config
#   EXTRA    name of one more fragment, configs/EXTRA.config (profile)
# Config: tinyconfig + configs/base.config + configs/series.config + variant
# (+ extra) (+ debug), merged with
# the kernel's merge_config.sh. Builds bzImage and the uapi headers
# (WB_CONFIG_ONLY=1: only installs the config in OBJ).
. "$(dirname "$0")/lib.sh"

SRC=$1 OBJ=$2 VARIANT=${3:-default} DEBUG=${4:-0} EXTRA=${5:-}
frag_variant=$TOP/configs/variants/$VARIANT.config
[ -f "$frag_variant" ] || die "unknown config variant '$VARIANT' (configs/variants/)"
frags=("$TOP/configs/base.config" "$TOP/configs/series.config" "$frag_variant")
if [ -n "$EXTRA" ]; then
	[ -f "$TOP/configs/$EXTRA.config" ] || die "unknown config fragment '$EXTRA' (configs/)"
	frags+=("$TOP/configs/$EXTRA.config")
fi
[ "$DEBUG" = 1 ] && frags+=("$TOP/configs/debug.config")

mkdir -p "$OBJ"
KMAKE=(make -s -C "$SRC" O="$OBJ" ARCH=x86_64 CC="ccache gcc" HOSTCC="ccache gcc"
       KBUILD_BUILD_USER=wb KBUILD_BUILD_HOST=wb
       KBUILD_BUILD_TIMESTAMP="Sat Jan  1 00:00:00 UTC 2000")

# Generate the config into a scratch file; install it only if it changed so
# an incremental build stays incremental.
cfgdir=$OBJ/.wb-config
rm -rf "$cfgdir"
mkdir -p "$cfgdir"
"${KMAKE[@]}" O="$cfgdir" tinyconfig >/dev/null
(cd "$cfgdir" && "$SRC/scripts/kconfig/merge_config.sh" -m -O "$cfgdir" \
	"$cfgdir/.config" "${frags[@]}" > "$cfgdir/merge.log" 2>&1) ||
	{ cat "$cfgdir/merge.log" >&2; die "merge_config failed"; }
"${KMAKE[@]}" O="$cfgdir" olddefconfig >/dev/null

# Report options the fragments asked for but Kconfig did not grant. A later
# fragment overrides an earlier one (a variant turning an option off), as
# in merge_config.sh.
declare -A want=()
order=()
for f in "${frags[@]}"; do
	while IFS= read -r line; do
		case $line in
		CONFIG_*=*) opt=${line%%=*} val=${line#*=} ;;
		"# CONFIG_"*" is not set") opt=${line#\# } opt=${opt%% *} val=n ;;
		*) continue ;;
		esac
		[ -n "${want[$opt]+x}" ] || order+=("$opt")
		want[$opt]=$val
	done < "$f"
done
bad=0
for opt in "${order[@]}"; do
	val=${want[$opt]}
	if [ "$val" = n ]; then
		grep -q "^$opt=" "$cfgdir/.config" && { log "config: $opt should be off"; bad=1; }
	else
		grep -qx "$opt=$val" "$cfgdir/.config" || {
			log "config: $opt=$val requested, got: $(grep "^$opt=\|# $opt is" "$cfgdir/.config" || echo unset)"
			bad=1; }
	fi
done
[ $bad = 0 ] || log "config: some requested options were not applied (see above)"

if ! cmp -s "$cfgdir/.config" "$OBJ/.config"; then
	cp "$cfgdir/.config" "$OBJ/.config"
	"${KMAKE[@]}" olddefconfig >/dev/null
fi
rm -rf "$cfgdir"
# make lint compiles single objects of its own: the config is all it needs
[ "${WB_CONFIG_ONLY:-0}" = 1 ] && exit 0

log "building $VARIANT${DEBUG:+ (debug=$DEBUG)} kernel in $OBJ"
t0=$(date +%s)
"${KMAKE[@]}" -j"$JOBS" bzImage
"${KMAKE[@]}" headers_install INSTALL_HDR_PATH="$OBJ/usr-headers" >/dev/null
log "kernel built in $(( $(date +%s) - t0 ))s: $OBJ/arch/x86/boot/bzImage"
