#!/bin/bash
# Fills STAGE_DIR/02-picam/files/ for pi-gen: the binary, sample.env and overlay/ (a tree mirroring the
# target root). Used by `make image` and by the QEMU test; safe to run again (files/ is replaced whole).
#
#   image/prepare-stage.sh STAGE_DIR BINARY
set -euo pipefail

if (($# != 2)); then
	echo "usage: $0 STAGE_DIR BINARY" >&2
	exit 2
fi
stage=$1
binary=$2
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
files=$stage/02-picam/files

[[ -d $stage/02-picam ]] || { echo "$0: $stage is not stage-picam (no 02-picam/)" >&2; exit 1; }
[[ -x $binary ]] || { echo "$0: $binary is not an executable (build it first: make publish-arm64, or make aot)" >&2; exit 1; }

rm -rf "$files"
mkdir -p "$files"
cp -a "$repo/overlay" "$files/overlay"
install -m 0755 "$binary" "$files/picam"
install -m 0644 "$repo/sample.env" "$files/sample.env"
echo "$files: picam ($(du -h "$files/picam" | cut -f1)), sample.env, overlay/ ($(find "$files/overlay" -type f | wc -l) files)"
