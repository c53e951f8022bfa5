#!/bin/bash
# What `make publish-arm64` links the linux-arm64 NativeAOT binary with, installed from apt when missing
# (idempotent: a second run only checks). docs/BUILD.md says why this set.
#   on arm64: clang and lld, natively;
#   on x64:   clang and lld, plus Debian's arm64 cross libc and libgcc (crt files, libgcc, libc/libm stubs),
#             which clang finds by itself for --target=aarch64-linux-gnu: no sysroot, no foreign architecture.
set -euo pipefail

say() { printf '==> %s\n' "$*"; }
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'; }

packages=(clang lld)
cross=0
case $(uname -m) in
aarch64 | arm64) ;;
x86_64)
	cross=1
	packages+=(libc6-dev-arm64-cross)
	;;
*)
	printf 'make publish-arm64: no recipe for a %s machine; build on x64 or arm64 Linux (docs/BUILD.md)\n' "$(uname -m)" >&2
	exit 1
	;;
esac

# libgcc's cross package carries GCC's version in its name (12 on bookworm, 14 on trixie): any installed
# one will do, else the newest the archive has.
libgcc_installed() {
	dpkg-query -W -f='${Package} ${Status}\n' 'libgcc-*-dev-arm64-cross' 2>/dev/null | grep -q 'ok installed'
}

missing=()
for package in "${packages[@]}"; do
	installed "$package" || missing+=("$package")
done
if ((${#missing[@]})) || { ((cross)) && ! libgcc_installed; }; then
	command -v apt-get >/dev/null || {
		printf 'make publish-arm64: missing %s and no apt-get to install them (docs/BUILD.md)\n' "${missing[*]-libgcc-N-dev-arm64-cross}" >&2
		exit 1
	}
	sudo=()
	((EUID == 0)) || sudo=(sudo)
	"${sudo[@]}" apt-get update -qq
	if ((cross)) && ! libgcc_installed; then
		libgcc=$(apt-cache pkgnames libgcc- | grep -E '^libgcc-[0-9]+-dev-arm64-cross$' | sort -V | tail -n1)
		[[ -n $libgcc ]] || {
			printf 'make publish-arm64: the apt archive has no libgcc-N-dev-arm64-cross package\n' >&2
			exit 1
		}
		missing+=("$libgcc")
	fi
	say "installing the arm64 NativeAOT toolchain: ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
