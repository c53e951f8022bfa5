#!/bin/bash -e
# pi-gen, on the build host (working directory: this sub-stage): install the PiCam files into the image.
# files/ is filled by image/prepare-stage.sh (make image, and the QEMU test): the binary, sample.env and
# overlay/, a tree that mirrors the target root. Files keep their executable bit: 0755, else 0644.
if [ ! -d "${ROOTFS_DIR:?}" ] || [ ! -x files/picam ] || [ ! -f files/sample.env ] || [ ! -d files/overlay ]; then
	echo "02-picam: files/ is incomplete; run image/prepare-stage.sh STAGE_DIR BINARY first" >&2
	exit 1
fi

install -D -m 0755 files/picam "${ROOTFS_DIR}/usr/bin/picam"
install -D -m 0644 files/sample.env "${ROOTFS_DIR}/usr/share/picam/sample.env"

cd files/overlay
find . -type f -print0 | while IFS= read -r -d '' file; do
	mode=0644
	[ -x "$file" ] && mode=0755
	install -D -m "$mode" "$file" "${ROOTFS_DIR}/${file#./}"
done
