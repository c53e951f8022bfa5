#!/usr/bin/env bash
# Builds the QEMU test image: the cached Debian trixie arm64 base, then the SAME pi-gen stage, overlay and
# linux-arm64 binary as the real image, then a disk laid out like pi-gen's.
# Leaves in OUT_DIR: disk.img, vmlinuz, initrd.img, cmdline.txt, picam.env and the SSH key the test logs
# in with (through the appliance's own SSH_AUTHORIZED_KEY). Needs root.
# Usage: build-test-image.sh BINARY OUT_DIR
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
binary=$(realpath "$1")
out=$(realpath -m "$2")
step() { printf '[image %5ss] %s\n' "$SECONDS" "$*"; }

# ELF e_machine 0xb7: the image is arm64, and a binary for this machine would only fail at boot.
if [ "$(od -An -tx2 -j18 -N2 "$binary" | tr -d ' ')" != 00b7 ]; then
  echo "$0: $binary is not an arm64 (aarch64) binary: build it with make publish-arm64" >&2
  exit 1
fi

step "base root filesystem"
base=$("$here/prefetch-base.sh" wait)

work="$out/work"
rm -rf "$work"
mkdir -p "$work/rootfs"
step "unpacking $(basename "$base")"
tar -C "$work/rootfs" -xpf "$base"

step "applying the pi-gen stage"
cp -a "$repo/pi-gen-config/stage-picam" "$work/stage"
"$repo/image/prepare-stage.sh" "$work/stage" "$binary"
"$here/run-stage.sh" "$work/stage" "$work/rootfs"

step "boot configuration"
rm -f "$out/id_ed25519" "$out/id_ed25519.pub"
ssh-keygen -q -t ed25519 -N '' -C picam-image-test -f "$out/id_ed25519"
cat > "$out/picam.env" <<ENV
# The user's file on the boot partition, as a newcomer would write it.
NAME=QEMU Porch
RESOLUTION=640x360
FRAMERATE=15
VIDEO_SOURCE=simulator
HOSTNAME=picam-qemu
TIMEZONE=Europe/London
SSH_AUTHORIZED_KEY=$(cat "$out/id_ed25519.pub")
# DuckDNS, answered by the test's stand-in on the host (QEMU's user network shows the host as 10.0.2.2).
DUCKDNS_DOMAINS=qemu-porch
DUCKDNS_TOKEN=qemu-test-token
DUCKDNS_URL=http://10.0.2.2:${DUCKDNS_STAND_IN_PORT:-18998}/update
# The status light on a free line of the virt board's PL061 (line 3 is its power key).
STATUS_LED_GPIO=5
STATUS_LED_CHIP=gpiochip0
ENV

step "disk image"
"$here/make-disk.sh" "$work/rootfs" "$out/picam.env" "$out" >/dev/null
rm -rf "$work"
step "done: $out/disk.img ($(du -h --apparent-size "$out/disk.img" | cut -f1) apparent, $(du -h "$out/disk.img" | cut -f1) used)"
