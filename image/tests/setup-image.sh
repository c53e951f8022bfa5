#!/bin/bash
# Tests for overlay/usr/lib/picam/setup-image (run by the pi-gen stage): the edits it makes to files other
# packages own, on a scratch root shaped like pi-gen's, and that running it twice changes nothing.
set -uo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROOT=$(mktemp -d)
trap 'rm -rf "$ROOT"' EXIT
mkdir -p "$ROOT/boot/firmware" "$ROOT/etc/cloud" "$ROOT/usr/share/picam/boot"
cp "$REPO/overlay/usr/share/picam/boot/config.txt" "$ROOT/usr/share/picam/boot/config.txt"
cp "$REPO/sample.env" "$ROOT/usr/share/picam/sample.env"
printf 'dtparam=audio=on\ncamera_auto_detect=1\n\n[pi5]\ndtoverlay=nospi10\n\n[all]\n' >"$ROOT/boot/firmware/config.txt"
printf 'console=serial0,115200 console=tty1 root=PARTUUID=abcd1234-02 rootfstype=ext4 fsck.repair=yes rootwait resize\n' >"$ROOT/boot/firmware/cmdline.txt"
printf 'proc            /proc           proc    defaults          0       0\nPARTUUID=abcd1234-01  /boot/firmware  vfat    defaults          0       2\nPARTUUID=abcd1234-02  /               ext4    defaults,noatime  0       1\n' >"$ROOT/etc/fstab"
printf '127.0.0.1\tlocalhost\n127.0.1.1\t\tpicam\n' >"$ROOT/etc/hosts"

run() { PICAM_ROOT=$ROOT "$REPO/overlay/usr/lib/picam/setup-image"; }
snapshot() { (cd "$ROOT" && find . -type f -print0 | sort -z | xargs -0 sha256sum); }

echo "setup-image"
check "runs" run
CONFIG=$ROOT/boot/firmware/config.txt
check "config.txt: the hardware watchdog" file_has "$CONFIG" 'dtparam=watchdog=on'
check "config.txt: inside a marker block" file_has "$CONFIG" '# >>> picam'
check "config.txt: under [all], whatever section came last" \
	eval "[[ \$(sed -n '/^# >>> picam/,/^# <<< picam/p' '$CONFIG' | grep -c '^\[all\]') == 1 ]]"
check "config.txt: the rest is kept" file_has "$CONFIG" 'dtoverlay=nospi10'
check "cmdline.txt: no resize (the free space becomes picam-data)" file_lacks "$ROOT/boot/firmware/cmdline.txt" resize
check "cmdline.txt: everything else kept" file_has "$ROOT/boot/firmware/cmdline.txt" 'root=PARTUUID=abcd1234-02 rootfstype=ext4 fsck.repair=yes rootwait'
check "cmdline.txt: still one line" eval "[[ \$(wc -l <'$ROOT/boot/firmware/cmdline.txt') == 1 ]]"
check "fstab: /boot/firmware read-only" eval "awk '\$2 == \"/boot/firmware\" { exit \$4 != \"defaults,ro\" }' '$ROOT/etc/fstab'"
check "fstab: / untouched" file_has "$ROOT/etc/fstab" 'PARTUUID=abcd1234-02  /               ext4    defaults,noatime  0       1'
check "hosts: the build's fixed 127.0.1.1 line is gone" file_lacks "$ROOT/etc/hosts" '127.0.1.1'
check "picam.env on the boot partition from sample.env" eval "cmp -s '$REPO/sample.env' '$ROOT/boot/firmware/picam.env'"
check "cloud-init disabled" eval "[[ -f '$ROOT/etc/cloud/cloud-init.disabled' ]]"
check "/var/lib/picam mount point" eval "[[ -d '$ROOT/var/lib/picam' ]]"

before=$(snapshot)
run
check "running again changes nothing" equal "$(snapshot)" "$before"
printf 'NAME=mine\n' >"$ROOT/boot/firmware/picam.env"
run
check "an existing picam.env is never replaced" file_is "$ROOT/boot/firmware/picam.env" 'NAME=mine'

finish
