#!/usr/bin/env bash
# Builds a bootable disk image from a root filesystem directory, the way pi-gen's export-image lays out an
# SD card, without mounting anything: partition 1 is FAT "bootfs" (512 MiB at 8 MiB) holding the boot
# partition's files and picam.env; partition 2 is ext4 "rootfs". fstab and cmdline.txt use
# PARTUUID=<disk id>-01/-02. Also leaves the kernel and initramfs beside the image for QEMU's direct boot.
# Usage: make-disk.sh ROOTFS_DIR PICAM_ENV OUT_DIR
set -euo pipefail

rootfs=$(cd "$1" && pwd)
env_file=$2
out=$3
disk_id=${DISK_ID:-$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')}
boot_mib=512
offset_mib=8

mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# export-image: fstab and cmdline.txt name the partitions by PARTUUID.
sed -i "s|^BOOTDEV|PARTUUID=${disk_id}-01|; s|^ROOTDEV|PARTUUID=${disk_id}-02|" "$rootfs/etc/fstab"
cmdline="$rootfs/boot/firmware/cmdline.txt"
if [ ! -f "$cmdline" ]; then
  echo "console=serial0,115200 console=tty1 root=ROOTDEV rootfstype=ext4 fsck.repair=yes rootwait" > "$cmdline"
fi
sed -i "s|root=[^ ]*|root=PARTUUID=${disk_id}-02|" "$cmdline"

newest() { find "$rootfs/boot" -maxdepth 1 -name "$1" | sort -V | tail -n1; }
cp "$(newest 'vmlinuz-*')" "$out/vmlinuz"
cp "$(newest 'initrd.img-*')" "$out/initrd.img"
cp "$cmdline" "$out/cmdline.txt"

# The boot partition: what the stage put in /boot/firmware, plus the user's picam.env.
mkfs.vfat -C -n bootfs -F 32 "$work/boot.img" $((boot_mib * 1024)) >/dev/null
if [ -n "$(ls -A "$rootfs/boot/firmware")" ]; then
  mcopy -s -i "$work/boot.img" "$rootfs"/boot/firmware/* ::/
fi
mcopy -o -i "$work/boot.img" "$env_file" ::/picam.env

# The root partition: the tree with an empty /boot/firmware mount point, sized to fit with room to spare.
mv "$rootfs/boot/firmware" "$work/firmware"
mkdir "$rootfs/boot/firmware"
used_mib=$(du -sm "$rootfs" | cut -f1)
root_mib=$((used_mib * 13 / 10 + 256))
mkfs.ext4 -q -F -L rootfs -d "$rootfs" "$work/root.img" "${root_mib}M"
rmdir "$rootfs/boot/firmware"
mv "$work/firmware" "$rootfs/boot/firmware"

disk="$out/disk.img"
rm -f "$disk"
# Free space after the root partition, as on a real SD card, where picam-data.service makes the
# persistent data partition at first boot.
free_mib=${FREE_MIB:-256}
truncate -s $(((offset_mib + boot_mib + root_mib + free_mib) * 1024 * 1024)) "$disk"
sfdisk -q "$disk" <<PARTITIONS
label: dos
label-id: 0x${disk_id}
start=${offset_mib}MiB, size=${boot_mib}MiB, type=c
start=$((offset_mib + boot_mib))MiB, size=${root_mib}MiB, type=83
PARTITIONS
dd if="$work/boot.img" of="$disk" bs=1M seek="$offset_mib" conv=notrunc,sparse status=none
dd if="$work/root.img" of="$disk" bs=1M seek=$((offset_mib + boot_mib)) conv=notrunc,sparse status=none
echo "$disk"
