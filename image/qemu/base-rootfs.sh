#!/usr/bin/env bash
# Builds (or reuses) the Debian trixie arm64 root filesystem that stands in for pi-gen's stages 0-2 plus
# every Debian package our stage lists, as a tarball cached under $CACHE by a hash of its inputs.
# Prints the tarball's path. Needs root (mmdebstrap --mode=root) and, on another architecture, qemu-user
# through binfmt_misc (binfmt-aarch64.sh): every maintainer script runs emulated, which is most of the time.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
stage=${STAGE:-$repo/pi-gen-config/stage-picam}
cache=${CACHE:-/var/cache/picam-image}
release=${RELEASE:-trixie}
mirror=${MIRROR:-http://deb.debian.org/debian}
arch=${ARCH:-arm64}

# Packages: ours, then every NN-packages list of the stage except the Raspberry-Pi-archive sub-stage.
packages=$(
  { cat "$here/base-packages"
    echo "linux-image-$arch"
    find "$stage" -path '*raspberrypi*' -prune -o -name '[0-9][0-9]-packages*' -type f -print0 | sort -z | xargs -0 -r cat
  } | sed 's/#.*//' | tr -s ' \t' '\n' | grep -v '^\s*$' | sort -u | paste -sd, -
)
key=$(printf '%s\n%s\n%s\n%s\n' "$release" "$arch" "$packages" "$(cat "$here/base-rootfs.sh")" | sha256sum | cut -c1-16)
tarball="$cache/base-$release-$arch-$key.tar"
if [ -f "$tarball" ]; then
  echo "$tarball"
  exit 0
fi

mkdir -p "$cache/debs-$arch"
if [ "$arch" = arm64 ]; then
  "$here/binfmt-aarch64.sh"
fi
echo "Building the $release $arch base root filesystem (cached as $tarball)..." >&2
# A small initramfs: only the modules QEMU's disk and overlayroot need (REFERENCE §4: MODULES=most takes far
# longer), plus the network and the hardware watchdog, so they are there from the start.
# shellcheck disable=SC2016 # $1 is expanded by mmdebstrap, not here
essential_hook='mkdir -p "$1/etc/initramfs-tools/conf.d" "$1/usr/share/initramfs-tools/modules.d"
  echo MODULES=list > "$1/etc/initramfs-tools/conf.d/picam-qemu.conf"
  printf "%s\n" virtio_pci virtio_blk virtio_net ext4 vfat overlay i6300esb > "$1/usr/share/initramfs-tools/modules.d/picam-qemu"'
# What pi-gen's stage 1-2 do that our stage builds on: the first user (locked password, sudo), the fstab
# template export-image fills in, the boot partition's mount point, and raspberrypi-sys-mods' udev rule that
# gives group gpio the GPIO chips (the stage creates the group).
# shellcheck disable=SC2016 # likewise
customize_hook='chroot "$1" useradd -m -s /bin/bash -G sudo,video pi
  chroot "$1" passwd -l pi
  echo "pi ALL=(ALL) NOPASSWD: ALL" > "$1/etc/sudoers.d/010_pi-nopasswd"
  chmod 0440 "$1/etc/sudoers.d/010_pi-nopasswd"
  mkdir -p "$1/boot/firmware"
  printf "proc /proc proc defaults 0 0\nBOOTDEV /boot/firmware vfat defaults 0 2\nROOTDEV / ext4 defaults,noatime 0 1\n" > "$1/etc/fstab"
  echo picam > "$1/etc/hostname"
  echo "SUBSYSTEM==\"gpio\", KERNEL==\"gpiochip*\", GROUP=\"gpio\", MODE=\"0660\"" > "$1/etc/udev/rules.d/60-gpio-stand-in.rules"'

mmdebstrap --mode=root --format=tar --variant=minbase --architectures="$arch" \
  --include="$packages" \
  --essential-hook="$essential_hook" \
  --customize-hook="$customize_hook" \
  --aptopt='Acquire::Retries "3"' --aptopt='APT::Keep-Downloaded-Packages "true"' \
  --setup-hook="mkdir -p \"\$1/var/cache/apt/archives\"" \
  --setup-hook="sync-in $cache/debs-$arch /var/cache/apt/archives/" \
  --customize-hook="sync-out /var/cache/apt/archives/ $cache/debs-$arch" \
  --dpkgopt=force-unsafe-io \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
  "$release" "$tarball.partial" "$mirror" >&2
mv "$tarball.partial" "$tarball"
echo "$tarball"
