#!/usr/bin/env bash
# Applies a pi-gen stage to a root filesystem the way pi-gen's build.sh does, for the QEMU test:
# for each sub-stage NN-* in order: NN-debconf, NN-packages-nr, NN-packages (apt inside the root),
# NN-run.sh (on the host, from the sub-stage directory, ROOTFS_DIR exported) and NN-run-chroot.sh
# (fed to bash inside the root with proc, sys, dev and a tmpfs /run mounted, like pi-gen's on_chroot).
# Sub-stages whose name contains "raspberrypi" hold packages only the Raspberry Pi archive has and are
# skipped: that is the one difference from the real build.
# Usage: run-stage.sh STAGE_DIR ROOTFS_DIR
set -euo pipefail

stage=$(cd "$1" && pwd)
export ROOTFS_DIR
ROOTFS_DIR=$(cd "$2" && pwd)
export STAGE_DIR=$stage

mounted=()
cleanup() {
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
}
trap cleanup EXIT

mount_chroot() {
  local target
  for target in proc sys dev dev/pts run tmp; do mkdir -p "$ROOTFS_DIR/$target"; done
  mount -t proc proc "$ROOTFS_DIR/proc" && mounted+=("$ROOTFS_DIR/proc")
  mount --rbind /sys "$ROOTFS_DIR/sys" && mounted+=("$ROOTFS_DIR/sys")
  mount --rbind /dev "$ROOTFS_DIR/dev" && mounted+=("$ROOTFS_DIR/dev")
  mount -t tmpfs tmpfs "$ROOTFS_DIR/run" && mounted+=("$ROOTFS_DIR/run")
  mount -t tmpfs tmpfs "$ROOTFS_DIR/tmp" && mounted+=("$ROOTFS_DIR/tmp")
  cp /etc/resolv.conf "$ROOTFS_DIR/run/resolv.conf.picam" 2>/dev/null || true
}

on_chroot() {
  chroot "$ROOTFS_DIR" /usr/bin/env DEBIAN_FRONTEND=noninteractive /bin/bash -e "$@"
}

mount_chroot
for sub in "$stage"/[0-9][0-9]-*/; do
  sub=${sub%/}
  name=$(basename "$sub")
  if [[ $name == *raspberrypi* ]]; then
    echo "[stage] $name: skipped (Raspberry Pi archive only)"
    continue
  fi

  echo "[stage] $name"
  for i in $(seq -w 0 99); do
    if [ -f "$sub/$i-debconf" ]; then
      on_chroot -c 'debconf-set-selections' < "$sub/$i-debconf"
    fi

    for list in "$sub/$i-packages-nr" "$sub/$i-packages"; do
      if [ -f "$list" ]; then
        pkgs=$(grep -v '^\s*#' "$list" | tr -s ' \t\n' ' ')
        missing=$(on_chroot -c "for p in $pkgs; do dpkg-query -W -f='\${Status}' \$p 2>/dev/null | grep -q 'ok installed' || echo \$p; done")
        if [ -n "$missing" ]; then
          echo "[stage] $name/$(basename "$list"): installing $missing"
          on_chroot -c "apt-get update -qq && apt-get install -y -qq $(if [[ $list == *-nr ]]; then echo --no-install-recommends; fi) $missing"
        fi
      fi
    done

    if [ -x "$sub/$i-run.sh" ]; then
      echo "[stage] $name/$i-run.sh"
      (cd "$sub" && "./$i-run.sh")
    fi

    if [ -f "$sub/$i-run-chroot.sh" ]; then
      echo "[stage] $name/$i-run-chroot.sh"
      on_chroot < "$sub/$i-run-chroot.sh"
    fi
  done
done

# What pi-gen's export-image does last: a fresh initramfs (overlayroot's hook) and an empty machine-id.
echo "[stage] export: update-initramfs, machine-id"
on_chroot -c 'update-initramfs -u -k all >/dev/null'
: > "$ROOTFS_DIR/etc/machine-id"
