#!/bin/bash
# Tests for image/prepare-stage.sh and stage-picam/02-picam/00-run.sh (pi-gen's host-side step): the overlay
# and the binary land in ROOTFS_DIR at their paths with their modes, and a second run changes nothing.
# (01-run-chroot.sh needs a real root filesystem: the QEMU test runs it.)
set -uo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cp -a "$REPO/pi-gen-config/stage-picam" "$TMP/stage"
printf '#!/bin/sh\necho picam\n' >"$TMP/picam"
chmod 0755 "$TMP/picam"
mkdir -p "$TMP/rootfs"

install_stage() { (cd "$TMP/stage/02-picam" && ROOTFS_DIR=$TMP/rootfs ./00-run.sh); }
snapshot() { (cd "$TMP/rootfs" && find . -printf '%p %m\n' | sort && find . -type f -print0 | sort -z | xargs -0 sha256sum); }

echo "stage: prepare-stage.sh and 02-picam/00-run.sh"
check "00-run.sh refuses to run before prepare-stage.sh" eval "! install_stage 2>/dev/null"
check "prepare-stage.sh fills files/" "$REPO/image/prepare-stage.sh" "$TMP/stage" "$TMP/picam"
check "00-run.sh installs" install_stage
R=$TMP/rootfs
check "the binary: /usr/bin/picam, 0755" mode_is "$R/usr/bin/picam" 755
check "sample.env kept in the image" eval "cmp -s '$REPO/sample.env' '$R/usr/share/picam/sample.env'"
check "a unit: 0644" mode_is "$R/etc/systemd/system/picam.service" 644
check "a script: 0755" mode_is "$R/usr/lib/picam/apply-config" 755
check "an initramfs script: 0755" mode_is "$R/etc/initramfs-tools/scripts/local-bottom/picam-readonly" 755
check "every overlay file is installed, unchanged" eval "(cd '$REPO/overlay' && find . -type f -print0 | xargs -0 -I{} cmp -s {} '$R/{}')"
before=$(snapshot)
install_stage >/dev/null
check "running again changes nothing" equal "$(snapshot)" "$before"
"$REPO/image/prepare-stage.sh" "$TMP/stage" "$TMP/picam" >/dev/null
check "prepare-stage.sh again: the same files/" eval "diff -r '$REPO/overlay' '$TMP/stage/02-picam/files/overlay' >/dev/null"

finish
