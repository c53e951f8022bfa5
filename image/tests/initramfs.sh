#!/bin/bash
# Tests for the initramfs side of the read-only root: picam-readonly (READONLY=0 -> writable), the
# overlayroot.local.conf that acts on its verdict, and picam-machine-id. Run with dash, as the initramfs
# runs them (POSIX sh, no bash).
set -uo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SCRIPTS=$REPO/overlay/etc/initramfs-tools/scripts
SH=$(command -v dash || command -v sh)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# Runs picam-readonly on a .env made of the arguments; succeeds when it decided "writable".
writable() {
	printf '%s\n' "$@" >"$TMP/picam.env"
	rm -f "$TMP/verdict"
	PICAM_ENV=$TMP/picam.env PICAM_VERDICT=$TMP/verdict "$SH" "$SCRIPTS/local-bottom/picam-readonly" >/dev/null
	[[ -f $TMP/verdict ]]
}
read_only() { ! writable "$@"; }

echo "picam-readonly"
check "READONLY=0 boots writable" writable 'READONLY=0'
check "false, no, off (any case) too" writable 'readonly = OFF'
check "quotes, export and a comment" writable 'export READONLY="no" # maintenance'
check "CRLF line end" writable $'READONLY=false\r'
check "last one wins" writable 'READONLY=1' 'READONLY=0'
check "no key: read-only" read_only 'NAME=cam'
check "READONLY=1: read-only" read_only 'READONLY=1'
check "a mistake stays read-only" read_only 'READONLY=maybe'
check "a commented-out line does not count" read_only '#READONLY=0'
check "another key ending in READONLY does not count" read_only 'NOT_READONLY=0'
check "the last one wins the other way too" read_only 'READONLY=0' 'READONLY=1'
check "prereqs answers for initramfs-tools" equal "$("$SH" "$SCRIPTS/local-bottom/picam-readonly" prereqs)" ""

echo "overlayroot.local.conf"
conf() { # prints the overlayroot setting the file makes
	"$SH" -c ". \"\$1\" && printf %s \"\$overlayroot\"" sh "$REPO/overlay/etc/overlayroot.local.conf"
}
if [[ ! -e /run/initramfs/picam-writable ]]; then
	check "tmpfs overlay, / only, by default" equal "$(conf)" "tmpfs:recurse=0"
fi
check "acts on picam-readonly's verdict file" file_has "$REPO/overlay/etc/overlayroot.local.conf" \
	"$(grep -o '/run/initramfs/picam-writable' "$SCRIPTS/local-bottom/picam-readonly" | head -n1)"

echo "picam-machine-id"
mkdir -p "$TMP/root/etc"
machine_id() { # CONTENT SERIAL -> leaves $TMP/root/etc/machine-id
	printf '%s\n' "$1" >"$TMP/root/etc/machine-id"
	printf '%s\0' "$2" >"$TMP/serial"
	rootmnt=$TMP/root PICAM_SERIAL_FILES="$TMP/none $TMP/serial" "$SH" "$SCRIPTS/init-bottom/picam-machine-id"
}
machine_id uninitialized 10000000abcdef01
first=$(<"$TMP/root/etc/machine-id")
is_machine_id() { [[ $1 =~ ^[0-9a-f]{32}$ ]]; }
differs() { [[ $(<"$1") != "$2" ]]; }
check "uninitialized gets an ID from the serial number" is_machine_id "$first"
machine_id uninitialized 10000000abcdef01
check "the same board gets the same ID on every boot" file_is "$TMP/root/etc/machine-id" "$first"
machine_id uninitialized 10000000abcdef02
check "another board gets another ID" differs "$TMP/root/etc/machine-id" "$first"
machine_id 0123456789abcdef0123456789abcdef 10000000abcdef01
check "a real ID on the card is kept" file_is "$TMP/root/etc/machine-id" 0123456789abcdef0123456789abcdef
machine_id uninitialized 0000000000000000
check "no usable serial: left for systemd" file_is "$TMP/root/etc/machine-id" uninitialized
check "runs after overlayroot" equal "$("$SH" "$SCRIPTS/init-bottom/picam-machine-id" prereqs)" overlayroot

finish
