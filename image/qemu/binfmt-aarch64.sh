#!/usr/bin/env bash
# Lets this machine run arm64 programs in a chroot, as the arm64 test image's build needs (mmdebstrap's
# maintainer scripts, the pi-gen stage's NN-run-chroot.sh): binfmt_misc mounted and qemu-aarch64 registered
# with the F flag, so the kernel opens the static interpreter once, here, and the chroot needs no copy of it.
# Idempotent; needs root and qemu-user-static (whose qemu-aarch64.conf has the F flag). Nothing to do on arm64.
set -euo pipefail

[ "$(uname -m)" = aarch64 ] && exit 0
misc=/proc/sys/fs/binfmt_misc
conf=/usr/lib/binfmt.d/qemu-aarch64.conf
entry=$misc/qemu-aarch64

mountpoint -q "$misc" || mount -t binfmt_misc binfmt_misc "$misc"
if [ -f "$entry" ] && grep -q '^enabled' "$entry" && grep -q '^flags: .*F' "$entry"; then
	exit 0
fi
if ! grep -q ':[A-Z]*F[A-Z]*$' "$conf" 2>/dev/null || [ ! -x /usr/bin/qemu-aarch64-static ]; then
	echo "$0: $conf with the F flag is missing: install qemu-user-static" >&2
	exit 1
fi
# Registered without the F flag (qemu-user-binfmt's dynamic qemu cannot start inside a foreign chroot): replace it.
[ -f "$entry" ] && echo -1 > "$entry"
cat "$conf" > "$misc/register"
echo "binfmt_misc: registered qemu-aarch64 ($(sed -n 's/^interpreter //p' "$entry"))" >&2
