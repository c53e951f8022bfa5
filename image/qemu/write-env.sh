#!/usr/bin/env bash
# Replaces picam.env on the boot partition of a disk image made by make-disk.sh, as a user editing the SD
# card from a PC would. The VM must be off. Usage: write-env.sh DISK_IMAGE PICAM_ENV
set -euo pipefail
mcopy -o -i "$1@@8M" "$2" ::/picam.env
