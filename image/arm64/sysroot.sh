#!/bin/bash
# The arm64 root that qemu-user loads picam's shared libraries from (qemu-aarch64 -L DIR) when the tests
# run the Raspberry Pi binary on an x64 machine (make test-arm64, docs/BUILD.md). Libraries only,
# extracted from Debian trixie (what Raspberry Pi OS trixie is built on): nothing in it is configured or run.
#
#   image/arm64/sysroot.sh          builds it unless it is cached, then prints its path
#   image/arm64/sysroot.sh --path   prints the path only
#
# Cached outside the repository, in a directory named for a hash of this script and its settings: a
# changed package list makes a new one, a repeated run does nothing. Delete the cache to refresh it.
set -euo pipefail

if [[ -z ${ARM64_SYSROOT_CACHE-} ]]; then
	ARM64_SYSROOT_CACHE=/var/cache/picam-arm64-sysroot
	# Without root, a directory the user owns.
	((EUID == 0)) || [[ -w /var/cache/picam-arm64-sysroot ]] ||
		ARM64_SYSROOT_CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/picam-arm64-sysroot
fi
: "${ARM64_SYSROOT_SUITE:=trixie}"
: "${ARM64_SYSROOT_MIRROR:=http://deb.debian.org/debian}"
# libc6: the loader, libc and libm; libturbojpeg0: the simulator's JPEG encoder; libssl3t64: HTTPS (the
# runtime loads it); libgpiod3: the status light's GPIO line. Their dependencies come with them.
: "${ARM64_SYSROOT_PACKAGES:=libc6 libturbojpeg0 libssl3t64 libgpiod3}"
# What must be there afterwards, relative to the root (the loader is picam's PT_INTERP).
readonly REQUIRED=(lib/ld-linux-aarch64.so.1 usr/lib/aarch64-linux-gnu/libturbojpeg.so.0
	usr/lib/aarch64-linux-gnu/libssl.so.3 usr/lib/aarch64-linux-gnu/libgpiod.so.3)

key=$({
	cat "${BASH_SOURCE[0]}"
	printf '%s\n' "$ARM64_SYSROOT_SUITE" "$ARM64_SYSROOT_MIRROR" "$ARM64_SYSROOT_PACKAGES"
} | sha256sum | cut -c1-16)
root=$ARM64_SYSROOT_CACHE/$ARM64_SYSROOT_SUITE-$key

if [[ ${1-} == --path ]]; then
	printf '%s\n' "$root"
	exit 0
fi
[[ -z ${1-} ]] || {
	printf 'usage: %s [--path]\n' "$0" >&2
	exit 2
}

say() { printf '==> %s\n' "$*" >&2; }
die() {
	printf 'arm64 sysroot: %s\n' "$*" >&2
	exit 1
}

complete() {
	local file
	for file in "${REQUIRED[@]}"; do
		[[ -e $1/$file ]] || return 1
	done
}

if ! complete "$root"; then
	command -v mmdebstrap >/dev/null || die "mmdebstrap is missing: sudo apt-get install -y mmdebstrap"
	mkdir -p "$ARM64_SYSROOT_CACHE"
	# One builder at a time; a second caller waits and then finds it done.
	exec 9>"$ARM64_SYSROOT_CACHE/.lock"
	flock 9
	if ! complete "$root"; then
		say "extracting an arm64 $ARM64_SYSROOT_SUITE root for qemu-user into $root"
		tmp=$root.partial
		rm -rf "$tmp"
		# extract: unpack the packages and their dependencies, run nothing (no emulation needed).
		mmdebstrap --quiet --variant=extract --architectures=arm64 --include="${ARM64_SYSROOT_PACKAGES// /,}" \
			"$ARM64_SYSROOT_SUITE" "$tmp" "$ARM64_SYSROOT_MIRROR" >&2
		# Only the libraries: anything else (etc/resolv.conf, dev/) would shadow this machine's own files,
		# since qemu looks every path up in this root first.
		find "$tmp" -mindepth 1 -maxdepth 1 ! -name usr ! -name lib -exec rm -rf {} +
		rm -rf "${tmp:?}/usr/share"
		# Merged /usr: trixie's packages ship /usr/lib only, but the loader is looked up as /lib/...
		for dir in lib bin sbin; do
			[[ -e $tmp/usr/$dir ]] || continue
			if [[ -d $tmp/$dir && ! -L $tmp/$dir ]]; then
				cp -a "$tmp/$dir/." "$tmp/usr/$dir/"
				rm -rf "${tmp:?}/$dir"
			fi
			[[ -L $tmp/$dir ]] || ln -s "usr/$dir" "$tmp/$dir"
		done
		# Absolute symlinks would point into this machine's own root, not the arm64 one: qemu would load
		# x64 libraries (and a linker given this root would silently pick static archives). Make them
		# relative to where they are.
		while IFS= read -r -d '' link; do
			target=$(readlink "$link")
			[[ $target == /* ]] || continue
			ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" "$tmp$target")" "$link"
		done < <(find "$tmp" -type l -print0)
		complete "$tmp" || die "the extracted root lacks one of: ${REQUIRED[*]}"
		mv "$tmp" "$root"
		# Older roots (other settings, older versions of this script) are not used any more.
		find "$ARM64_SYSROOT_CACHE" -mindepth 1 -maxdepth 1 -type d ! -path "$root" -exec rm -rf {} +
		say "arm64 root ready: $(du -sh "$root" | cut -f1)"
	fi
fi
printf '%s\n' "$root"
