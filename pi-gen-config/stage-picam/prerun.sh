#!/bin/bash -e
# pi-gen: this stage starts from stage2's root filesystem (Raspberry Pi OS Lite), unless a previous run
# of this stage left one to continue from.
[ -d "${ROOTFS_DIR:?}" ] || copy_previous
