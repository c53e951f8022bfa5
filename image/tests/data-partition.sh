#!/bin/bash
# Tests for overlay/usr/lib/picam/data-partition (picam-data.service) on a real block device: a loop device
# over a sparse file laid out like pi-gen's image (8 MiB gap, FAT boot, ext4 root) with free space after.
# Needs root and loop devices; prints "skipped" otherwise.
set -uo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

echo "data-partition"
for tool in losetup sfdisk partx mkfs.ext4 e2fsck blkid mountpoint; do
	command -v "$tool" >/dev/null || { echo "  skipped: no $tool"; finish; exit; }
done
if ((EUID != 0)) || ! LOOP=$(losetup --find 2>/dev/null) || [[ ! -e $LOOP ]]; then
	echo "  skipped: needs root and a loop device"
	finish
	exit
fi

TMP=$(mktemp -d)
LOOP=
cleanup() {
	umount "$TMP/root/var/lib/picam" 2>/dev/null
	# Partitions added by partx outlive the loop device unless deleted first.
	[[ -n $LOOP ]] && partx --delete "$LOOP" 2>/dev/null
	[[ -n $LOOP ]] && losetup -d "$LOOP" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT

# 8 MiB gap, 64 MiB boot, a root that ends off the 8 MiB grid, about 200 MiB free.
truncate -s 400M "$TMP/card.img"
printf 'label: dos\nstart=16384, size=131072, type=c\nstart=147456, size=262000, type=83\n' | sfdisk --quiet "$TMP/card.img"
LOOP=$(losetup --find --show "$TMP/card.img")
partx --delete "$LOOP" 2>/dev/null
partx --add "$LOOP"
mkdir -p "$TMP/root"

run() {
	STATUS=0
	PICAM_ROOT=$TMP/root PICAM_DATA_DISK=$LOOP "$REPO/overlay/usr/lib/picam/data-partition" >"$TMP/out" 2>&1 || STATUS=$?
}
ran_ok() { ((STATUS == 0)); }
mounted() { mountpoint -q "$TMP/root/var/lib/picam"; }
partitions() { [[ $(sfdisk --dump "$LOOP" | grep -c '^/dev/') == "$1" ]]; }

disk_id=$(sfdisk --disk-id "$LOOP")
run
check "first boot: runs" ran_ok
check "the disk id, and so boot's and root's PARTUUIDs, are unchanged" equal "$(sfdisk --disk-id "$LOOP")" "$disk_id"
check "first boot: partition 3 added" partitions 3
check "partition 3 starts on the next 8 MiB boundary after the root" eval "sfdisk --dump '$LOOP' | grep -q 'start=      409600'"
check "labelled picam-data, ext4" eval "[[ \$(blkid -p -s LABEL -o value '${LOOP}p3') == picam-data ]]"
check "mounted at /var/lib/picam" mounted
check "ssh/ is root's, private" mode_is "$TMP/root/var/lib/picam/ssh" 700
check "tls/ exists for certificates" eval "[[ -d '$TMP/root/var/lib/picam/tls' ]]"
echo keep >"$TMP/root/var/lib/picam/tls/marker"
umount "$TMP/root/var/lib/picam"

run
check "next boot: runs" ran_ok
check "next boot: no new partition" partitions 3
check "next boot: the same file system, contents kept" file_is "$TMP/root/var/lib/picam/tls/marker" keep
run
check "already mounted: nothing to do" ran_ok
umount "$TMP/root/var/lib/picam"

wipefs --quiet --all "${LOOP}p3"
printf 'x' | dd of="${LOOP}p3" bs=1 seek=1080 conv=notrunc status=none
run
check "an interrupted first boot (partition, no file system) is finished" mounted
umount "$TMP/root/var/lib/picam"

mkfs.ext4 -q -F -L someone-else "${LOOP}p3"
run
check "a partition 3 that is not ours is left alone" eval "! mounted"
check "and not failed over" ran_ok
check "and said so" file_has "$TMP/out" 'leaving it alone'

finish
