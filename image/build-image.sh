#!/bin/bash
# make image: the SD-card image, built by pi-gen. The Makefile runs the two steps with `make publish-arm64`
# between them and passes the settings (PIGEN_*, IMAGE_NAME, DEPLOY_DIR, VERSION, ARM64_BINARY).
#
#   image/build-image.sh prerequisites   the tools the arm64 binary and pi-gen need, and how to get them
#   image/build-image.sh build           pi-gen at PIGEN_COMMIT + stage-picam + the binary, run; leaves
#                                        DEPLOY_DIR/IMAGE_NAME-VERSION.img.xz, its .sha256 and .info
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

: "${PIGEN_REPO:=https://github.com/RPi-Distro/pi-gen.git}" "${PIGEN_BRANCH:=arm64}" "${PIGEN_DIR:=build/pi-gen}"
: "${PIGEN_DOCKER:=0}" "${PIGEN_CLEAN:=1}" "${IMAGE_NAME:=picam-appliance}" "${DEPLOY_DIR:=deploy}"
: "${ARM64_BINARY:=artifacts/publish/linux-arm64/picam}" "${VERSION:=0.0.0-dev}"
: "${PIGEN_COMMIT:?set by the Makefile: the pinned pi-gen commit}"
readonly STAGE=pi-gen-config/stage-picam CONFIG=pi-gen-config/config

die() {
	printf 'make image: %s\n' "$*" >&2
	exit 1
}
say() { printf '==> %s\n' "$*"; }

prerequisites() {
	local missing=() hints=()
	[[ $(uname -s) == Linux ]] || die "pi-gen builds on Linux only (Debian/Ubuntu; or PIGEN_DOCKER=1 on any Linux with Docker)"
	command -v git >/dev/null || { missing+=(git) && hints+=(git); }
	command -v dotnet >/dev/null || missing+=("dotnet (the .NET 10 SDK: https://learn.microsoft.com/dotnet/core/install/linux)")
	# The linker for the arm64 binary (clang, lld and, on x64, the arm64 cross libc) is not checked here:
	# `make publish-arm64` installs it (image/arm64/toolchain.sh). It needs apt.
	command -v apt-get >/dev/null || missing+=("apt-get (make publish-arm64 installs its toolchain with it)")
	if [[ $PIGEN_DOCKER == 1 ]]; then
		command -v docker >/dev/null || missing+=("docker (PIGEN_DOCKER=1)")
	elif ((EUID != 0)) && ! command -v sudo >/dev/null; then
		missing+=("root or sudo (pi-gen's build.sh runs as root; or PIGEN_DOCKER=1)")
	fi
	if ((${#missing[@]})); then
		printf 'make image: missing: %s\n' "${missing[@]}" >&2
		if ((${#hints[@]})); then
			printf '\nOn Debian/Ubuntu:\n  sudo apt-get install -y %s\n' "${hints[*]}" >&2
		fi
		printf '\npi-gen checks its own host tools when it starts (its depends file); see docs/IMAGE.md.\n' >&2
		exit 1
	fi
	say "prerequisites present (host $(uname -m)); pi-gen checks its own host tools next"
}

fetch_pigen() {
	if [[ ! -d $PIGEN_DIR/.git ]]; then
		say "fetching pi-gen ($PIGEN_BRANCH) into $PIGEN_DIR"
		mkdir -p "$(dirname "$PIGEN_DIR")"
		git clone --quiet --branch "$PIGEN_BRANCH" "$PIGEN_REPO" "$PIGEN_DIR"
	fi
	if [[ $(git -C "$PIGEN_DIR" rev-parse HEAD) != "$PIGEN_COMMIT" ]]; then
		git -C "$PIGEN_DIR" cat-file -e "$PIGEN_COMMIT^{commit}" 2>/dev/null ||
			git -C "$PIGEN_DIR" fetch --quiet origin "$PIGEN_BRANCH" "$PIGEN_COMMIT"
		git -C "$PIGEN_DIR" checkout --quiet --detach "$PIGEN_COMMIT"
	fi
	[[ $(git -C "$PIGEN_DIR" rev-parse HEAD) == "$PIGEN_COMMIT" ]] || die "$PIGEN_DIR is not at $PIGEN_COMMIT"
	[[ -z $(git -C "$PIGEN_DIR" status --porcelain --untracked-files=no) ]] ||
		die "$PIGEN_DIR has local changes to pi-gen's files; remove the directory to start clean"
	say "pi-gen at ${PIGEN_COMMIT:0:12} ($PIGEN_BRANCH)"
}

build() {
	[[ -x $ARM64_BINARY ]] || die "$ARM64_BINARY is missing (make publish-arm64)"
	# ELF e_machine 0xb7 = AArch64: never put a binary for this machine into the Pi's image.
	[[ $(od -An -tx1 -j18 -N2 "$ARM64_BINARY" | tr -d ' \n') == b700 ]] || die "$ARM64_BINARY is not an arm64 executable"
	fetch_pigen

	say "adding stage-picam and the binary"
	rm -rf "${PIGEN_DIR:?}/stage-picam"
	cp -a "$STAGE" "$PIGEN_DIR/stage-picam"
	image/prepare-stage.sh "$PIGEN_DIR/stage-picam" "$ARM64_BINARY"
	# stage2 (Raspberry Pi OS Lite) is built as our base but not exported as an image of its own.
	touch "$PIGEN_DIR/stage2/SKIP_IMAGES"

	local config started
	config=$(realpath "$CONFIG")
	started=$(mktemp)
	trap 'rm -f "$started"' RETURN
	if [[ $PIGEN_DOCKER == 1 ]]; then
		say "running pi-gen in Docker (build-docker.sh)"
		(cd "$PIGEN_DIR" && ./build-docker.sh -c "$config")
	else
		local as_root=() clean=()
		((EUID == 0)) || as_root=(sudo)
		[[ $PIGEN_CLEAN == 1 ]] && clean=(CLEAN=1)
		say "running pi-gen (build.sh, as root${clean:+, CLEAN=1})"
		(cd "$PIGEN_DIR" && "${as_root[@]}" env "${clean[@]}" ./build.sh -c "$config")
	fi

	local image info out
	image=$(find "$PIGEN_DIR/deploy" -maxdepth 1 -name "image_*-$IMAGE_NAME.img.xz" -newer "$started" -print | sort | tail -n1)
	[[ -n $image ]] || die "pi-gen left no new image_*-$IMAGE_NAME.img.xz in $PIGEN_DIR/deploy"
	mkdir -p "$DEPLOY_DIR"
	out=$IMAGE_NAME-$VERSION.img.xz
	cp "$image" "$DEPLOY_DIR/$out"
	info=$(find "$PIGEN_DIR/deploy" -maxdepth 1 -name "*-$IMAGE_NAME.info" -newer "$started" -print | sort | tail -n1)
	[[ -z $info ]] || cp "$info" "$DEPLOY_DIR/$IMAGE_NAME-$VERSION.info"
	(cd "$DEPLOY_DIR" && sha256sum "$out" >"$out.sha256")
	say "$DEPLOY_DIR/$out ($(du -h "$DEPLOY_DIR/$out" | cut -f1)), sha256 $(cut -d' ' -f1 "$DEPLOY_DIR/$out.sha256")"
}

case ${1-} in
prerequisites) prerequisites ;;
build) build ;;
*) die "usage: $0 prerequisites|build" ;;
esac
