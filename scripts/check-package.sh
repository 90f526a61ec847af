#!/usr/bin/env bash
# Checks the Linux desktop bundle that `make package` made with `fyne package`:
# one .desktop entry with Type=Application, Name=Waymark, Exec and Icon; the
# binary that Exec names, an executable that runs a command-line verb; and the
# icon that Icon names, a PNG of a sensible size.
# Usage: scripts/check-package.sh dist/waymark-VERSION-linux-ARCH.tar.xz
set -euo pipefail

fail() { echo "check-package: $tarball: $*" >&2; exit 1; }

tarball=${1:?usage: check-package.sh TARBALL}
[ -s "$tarball" ] || fail "missing or empty"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xJf "$tarball" -C "$work" || fail "not a readable tar.xz"

mapfile -t entries < <(cd "$work" && find . -path '*/share/applications/*.desktop' -type f | sort)
[ "${#entries[@]}" -eq 1 ] || fail "want one share/applications/*.desktop entry, found ${#entries[@]}: ${entries[*]}"
entry="$work/${entries[0]}"

# The value of a key in the [Desktop Entry] group.
key() { awk -v k="$1" '/^\[/ { g = ($0 == "[Desktop Entry]") } g && index($0, k "=") == 1 { print substr($0, length(k) + 2); exit }' "$entry"; }
grep -qx '\[Desktop Entry\]' "$entry" || fail "${entries[0]} has no [Desktop Entry] group"
[ "$(key Type)" = Application ] || fail "${entries[0]}: Type=$(key Type), want Application"
[ "$(key Name)" = Waymark ] || fail "${entries[0]}: Name=$(key Name), want Waymark"
exec_line=$(key Exec)
icon=$(key Icon)
[ -n "$exec_line" ] || fail "${entries[0]} has no Exec"
[ -n "$icon" ] || fail "${entries[0]} has no Icon"

# Exec's program is in the bundle's bin/ and runs.
program=$(basename "${exec_line%% *}")
mapfile -t bins < <(find "$work" -path "*/bin/$program" -type f)
[ "${#bins[@]}" -eq 1 ] || fail "Exec=$exec_line, but bin/$program is not in the bundle exactly once"
bin=${bins[0]}
[ -x "$bin" ] || fail "bin/$program is not executable"
[ "$(head -c 4 "$bin" | od -An -c | tr -d ' ')" = '177ELF' ] || fail "bin/$program is not an ELF executable"
templates=$(env -u DISPLAY -u WAYLAND_DISPLAY "$bin" templates) || fail "bin/$program templates failed"
grep -q sample <<<"$templates" || fail "bin/$program templates does not list the sample: $templates"

# Icon names a PNG in share/pixmaps or share/icons (or is a path to one).
if [[ $icon == /* ]]; then
	icons=("$work$icon")
else
	mapfile -t icons < <(find "$work" \( -path '*/share/pixmaps/*' -o -path '*/share/icons/*' \) -type f \( -name "$icon.png" -o -name "$icon" \))
fi
[ "${#icons[@]}" -ge 1 ] && [ -f "${icons[0]}" ] || fail "Icon=$icon, but no such icon in share/pixmaps or share/icons"
png=${icons[0]}
[ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "icon ${png#"$work"/} is not a PNG"
# Width and height are the big-endian words at bytes 16 and 20 (IHDR).
read -r width height < <(od -An -tu1 -j16 -N8 "$png" | awk '{ print $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }')
[ "$width" -ge 48 ] && [ "$height" -ge 48 ] || fail "icon ${png#"$work"/} is only ${width}x$height"

echo "check-package: $tarball: Name=Waymark, Exec=$exec_line (${bin#"$work"/}), Icon=$icon (${png#"$work"/}, ${width}x$height PNG): ok"
tar -tJf "$tarball" | sed 's/^/  /'
