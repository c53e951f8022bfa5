#!/bin/bash
# make image-check: everything about the image that can be checked without pi-gen, a Pi or the internet.
#
#   1. pi-gen config: every variable is one the pinned pi-gen knows; the settings pi-gen itself refuses
#   2. stage-picam: pi-gen's layout (NN-* sub-stages, file names, executable run scripts)
#   3. shellcheck on every script of the image layer
#   4. systemd-analyze verify on every unit and drop-in of the overlay
#   5. the script tests in image/tests/
#   6. the image gets the arm64 binary from `make publish-arm64`, here and in the GitHub workflow
#
# PIGEN_DIR (default build/pi-gen) and PIGEN_COMMIT come from the Makefile: when that checkout exists at
# the pinned commit, the list of known variables is derived from it and compared with the committed copy.
# image/qemu/ (the QEMU boot test) is checked by its own target.
set -uo pipefail
export LC_ALL=C

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2
CONFIG=pi-gen-config/config
KNOWN=pi-gen-config/known-variables.txt
STAGE=pi-gen-config/stage-picam
OVERLAY=overlay
PIGEN_DIR=${PIGEN_DIR:-build/pi-gen}
PIGEN_COMMIT=${PIGEN_COMMIT:-}

PASSED=0
FAILED=0
ok() {
	PASSED=$((PASSED + 1))
	printf '  ok    %s\n' "$*"
}
fail() {
	FAILED=$((FAILED + 1))
	printf '  FAIL  %s\n' "$*"
}
section() { printf '%s\n' "$*"; }
# expect "OK MESSAGE" "FAIL MESSAGE" COMMAND...: one check.
expect() {
	local good=$1 bad=$2
	shift 2
	if "$@"; then ok "$good"; else fail "$bad"; fi
}
is() { [[ $1 == "$2" ]]; }

# The variables a pi-gen config may set: README's documented settings plus every ${NAME:-default} in
# build.sh and build-docker.sh. (How known-variables.txt was made.)
derive_variables() { # PIGEN_DIR
	{
		# shellcheck disable=SC2016 # the backquotes are README's Markdown
		grep -oE '^ *\* `[A-Z_][A-Z0-9_]*`' "$1/README.md" | grep -oE '[A-Z_][A-Z0-9_]*'
		cat "$1/build.sh" "$1/build-docker.sh" | grep -oE '\$\{[A-Z_][A-Z0-9_]*:?-' | grep -oE '[A-Z_][A-Z0-9_]*'
	} | sort -u
}

# --- 1. the pi-gen config ---------------------------------------------------------------------------
section "pi-gen config ($CONFIG)"
known=$(grep -v '^#' "$KNOWN" | sort -u)
if [[ -f $PIGEN_DIR/build.sh ]] && [[ -n $PIGEN_COMMIT ]] &&
	[[ $(git -C "$PIGEN_DIR" rev-parse HEAD 2>/dev/null) == "$PIGEN_COMMIT" ]]; then
	if [[ $(derive_variables "$PIGEN_DIR") == "$known" ]]; then
		ok "$KNOWN matches $PIGEN_DIR at ${PIGEN_COMMIT:0:12}"
	else
		fail "$KNOWN differs from what $PIGEN_DIR at ${PIGEN_COMMIT:0:12} defines; regenerate it (derive_variables)"
	fi
fi
mapfile -t used < <(grep -oE '^[[:space:]]*(export[[:space:]]+)?[A-Za-z_][A-Za-z0-9_]*=' "$CONFIG" |
	sed -E 's/^[[:space:]]*(export[[:space:]]+)?//; s/=$//' | sort -u)
unknown=()
for name in "${used[@]}"; do
	grep -qx "$name" <<<"$known" || unknown+=("$name")
done
if ((${#unknown[@]})); then
	fail "variables pi-gen does not know: ${unknown[*]}"
else
	ok "all ${#used[@]} variables are pi-gen's (${used[*]})"
fi
# The config is our own shell fragment, as pi-gen sources it.
# shellcheck disable=SC1090
settings=$(set -a && . "$CONFIG" && printf '%s\n' "IMG_NAME=${IMG_NAME-}" "RELEASE=${RELEASE-}" \
	"FIRST_USER_PASS=${FIRST_USER_PASS-}" "DISABLE_FIRST_BOOT_USER_RENAME=${DISABLE_FIRST_BOOT_USER_RENAME-}" \
	"ENABLE_SSH=${ENABLE_SSH-}" "STAGE_LIST=${STAGE_LIST-}" "DEPLOY_COMPRESSION=${DEPLOY_COMPRESSION-}")
setting() { sed -n "s/^$1=//p" <<<"$settings"; }
expect "IMG_NAME=picam-appliance" "IMG_NAME is '$(setting IMG_NAME)'" is "$(setting IMG_NAME)" picam-appliance
expect "RELEASE=trixie (pi-gen's arm64 branch)" "RELEASE is '$(setting RELEASE)'" is "$(setting RELEASE)" trixie
expect "no FIRST_USER_PASS: the first user is locked" "FIRST_USER_PASS is set" is "$(setting FIRST_USER_PASS)" ""
if [[ $(setting DISABLE_FIRST_BOOT_USER_RENAME) == 1 && -z $(setting FIRST_USER_PASS) ]]; then
	fail "DISABLE_FIRST_BOOT_USER_RENAME=1 without FIRST_USER_PASS: pi-gen's build.sh refuses this"
else
	ok "DISABLE_FIRST_BOOT_USER_RENAME is valid for a locked user"
fi
expect "ENABLE_SSH=0" "ENABLE_SSH is '$(setting ENABLE_SSH)'" is "$(setting ENABLE_SSH)" 0
expect "DEPLOY_COMPRESSION=xz" "DEPLOY_COMPRESSION is '$(setting DEPLOY_COMPRESSION)'" is "$(setting DEPLOY_COMPRESSION)" xz
read -r -a stages <<<"$(setting STAGE_LIST)"
if [[ ${stages[*]:0:3} == "stage0 stage1 stage2" && ${stages[-1]} == "$(basename "$STAGE")" ]]; then
	ok "STAGE_LIST: stage0 stage1 stage2 then $(basename "$STAGE")"
else
	fail "STAGE_LIST is '${stages[*]}'"
fi

# --- 2. the stage's layout ----------------------------------------------------------------------------
section "pi-gen stage ($STAGE)"
expect "prerun.sh, executable" "prerun.sh missing or not executable (pi-gen skips it)" test -x "$STAGE/prerun.sh"
expect "EXPORT_IMAGE sets IMG_SUFFIX" "EXPORT_IMAGE missing or without IMG_SUFFIX" grep -qs '^IMG_SUFFIX=' "$STAGE/EXPORT_IMAGE"
layout_ok=1
for sub in "$STAGE"/*/; do
	sub=${sub%/}
	name=${sub##*/}
	if [[ ! $name =~ ^[0-9]{2}-[a-z0-9][a-z0-9-]*$ ]]; then
		fail "$name: not a pi-gen sub-stage name (NN-name)"
		layout_ok=0
		continue
	fi
	for entry in "$sub"/*; do
		base=${entry##*/}
		case $base in
		[0-9][0-9]-debconf | [0-9][0-9]-packages | [0-9][0-9]-packages-nr | [0-9][0-9]-run-chroot.sh | README*) ;;
		[0-9][0-9]-patches | files) [[ -d $entry ]] || { fail "$name/$base should be a directory"; layout_ok=0; } ;;
		[0-9][0-9]-run.sh) [[ -x $entry ]] || { fail "$name/$base is not executable: pi-gen would skip it"; layout_ok=0; } ;;
		*) fail "$name/$base: pi-gen ignores this name" && layout_ok=0 ;;
		esac
	done
	for list in "$sub"/[0-9][0-9]-packages "$sub"/[0-9][0-9]-packages-nr; do
		[[ -f $list ]] || continue
		# As pi-gen reads it: comments removed, white space collapsed.
		read -r -a packages <<<"$(sed 's/#.*//' "$list" | tr -s '[:space:]' ' ')"
		if ((${#packages[@]} == 0)); then
			fail "$name/${list##*/} lists no packages"
			layout_ok=0
		fi
		for package in "${packages[@]}"; do
			[[ $package =~ ^[a-z0-9][a-z0-9.+-]*$ ]] || { fail "$name/${list##*/}: '$package' is not a package name"; layout_ok=0; }
		done
	done
done
((layout_ok)) && ok "sub-stages are NN-name with only pi-gen's file names; run scripts executable"
only_packages=1
for entry in "$STAGE"/01-raspberrypi/*; do
	[[ ${entry##*/} == [0-9][0-9]-packages* ]] || only_packages=0
done
expect "01-raspberrypi holds package lists only (the Debian test skips exactly it)" \
	"01-raspberrypi holds more than package lists" is "$only_packages" 1
if git check-ignore -q "$STAGE/02-picam/files/picam" 2>/dev/null || ! git rev-parse --git-dir >/dev/null 2>&1; then
	ok "02-picam/files/ is git-ignored (filled by image/prepare-stage.sh)"
else
	fail "02-picam/files/ is not git-ignored"
fi
mapfile -t enabled < <(sed -n 's/^ENABLE=(\(.*\))$/\1/p' "$STAGE/02-picam/01-run-chroot.sh" | tr ' ' '\n')
missing=()
for unit in "${enabled[@]}"; do
	[[ $unit == ssh.service || -f $OVERLAY/etc/systemd/system/$unit ]] || missing+=("$unit")
done
expect "every unit the stage enables (${#enabled[@]}) is in the overlay" \
	"units the stage enables but the overlay lacks: ${missing[*]-} (or no ENABLE=(...) line)" \
	eval "((${#enabled[@]} > 0 && ${#missing[@]} == 0))"
not_exec=()
while IFS= read -r -d '' file; do
	[[ -x $file ]] || not_exec+=("$file")
done < <(find "$OVERLAY/usr/lib/picam" "$OVERLAY/etc/initramfs-tools" -type f ! -name '*.sh' -print0)
expect "overlay programs are executable (00-run.sh installs them 0755)" "not executable: ${not_exec[*]-}" \
	is "${#not_exec[@]}" 0

# --- 3. shellcheck ----------------------------------------------------------------------------------
section "shellcheck"
scripts=()
while IFS= read -r -d '' file; do
	case $file in
	*.sh | */config | */EXPORT_IMAGE | */overlayroot.local.conf) scripts+=("$file") ;;
	*) head -n1 "$file" | grep -qE '^#!.*\b(ba)?sh\b|^# shellcheck shell=' && scripts+=("$file") ;;
	esac
done < <(find image pi-gen-config "$OVERLAY" -path image/qemu -prune -o -path "$STAGE/02-picam/files" -prune \
	-o -type f ! -name '*.txt' ! -name '*.md' -print0 | sort -z)
shellcheck_failed=0
for script in "${scripts[@]}"; do
	args=(-x -P "$(dirname "$script")")
	case $script in
	*/config | */EXPORT_IMAGE) args+=(-s bash) ;;
	*/overlayroot.local.conf) args+=(-s sh) ;;
	esac
	if ! out=$(shellcheck "${args[@]}" "$script" 2>&1); then
		fail "shellcheck $script"
		printf '%s\n' "$out" | sed 's/^/        /'
		shellcheck_failed=1
	fi
done
((shellcheck_failed)) || ok "${#scripts[@]} scripts clean"

# --- 4. systemd-analyze verify ----------------------------------------------------------------------
section "systemd units"
VROOT=$(mktemp -d)
trap 'rm -rf "$VROOT"' EXIT
# A root to verify in: this machine's units, the overlay on top, stubs for programs it does not have.
mkdir -p "$VROOT/usr/lib/systemd" "$VROOT/etc"
cp -a /usr/lib/systemd/system "$VROOT/usr/lib/systemd/" 2>/dev/null || cp -a /lib/systemd/system "$VROOT/usr/lib/systemd/"
ln -s usr/lib "$VROOT/lib"
ln -s usr/bin "$VROOT/bin"
ln -s usr/sbin "$VROOT/sbin"
mkdir -p "$VROOT/usr/bin" "$VROOT/usr/sbin"
cp -a "$OVERLAY/." "$VROOT/"
units=()
for file in "$OVERLAY"/etc/systemd/system/*.service "$OVERLAY"/etc/systemd/system/*.timer; do
	units+=("${file##*/}")
done
for dropin in "$OVERLAY"/etc/systemd/system/*.d; do
	target=${dropin##*/}
	target=${target%.d}
	units+=("$target")
	# A unit we only extend but this machine lacks (sshd): a stand-in, so the drop-in gets verified.
	[[ -f $VROOT/usr/lib/systemd/system/$target || -f $VROOT/etc/systemd/system/$target ]] ||
		printf '[Unit]\nDescription=stand-in for %s\n[Service]\nExecStart=/usr/sbin/%s\n' "$target" "${target%.service}" \
			>"$VROOT/usr/lib/systemd/system/$target"
done
for unit in "${units[@]}"; do
	for file in "$VROOT/etc/systemd/system/$unit" "$VROOT/usr/lib/systemd/system/$unit" "$VROOT/etc/systemd/system/$unit.d"/*.conf; do
		[[ -f $file ]] || continue
		sed -nE 's/^Exec[A-Za-z]*=[-@:+!]*([^ ]+).*/\1/p' "$file"
	done
done | sort -u | while read -r program; do
	[[ $program == /* && ! -e $VROOT$program ]] || continue
	mkdir -p "$(dirname "$VROOT$program")"
	printf '#!/bin/sh\nexit 0\n' >"$VROOT$program"
	chmod 0755 "$VROOT$program"
done
out=$(cd "$VROOT" && systemd-analyze verify --root="$VROOT" --man=no "${units[@]}" 2>&1)
status=$?
# verify only warns about unknown keys and exits 0; anything it prints is a finding.
if ((status == 0)) && [[ -z $out ]]; then
	ok "systemd-analyze verify: ${units[*]}"
else
	fail "systemd-analyze verify"
	printf '%s\n' "$out" | sed 's/^/        /'
fi

# --- 5. tests ---------------------------------------------------------------------------------------
section "tests"
for test in image/tests/*.sh; do
	[[ $test == */lib.sh ]] && continue
	if out=$(bash "$test" 2>&1); then
		ok "$test: $(tail -n1 <<<"$out")"
	else
		fail "$test: $(tail -n1 <<<"$out")"
		grep -E 'FAIL|skipped' <<<"$out" | sed 's/^/      /'
	fi
done

# --- 6. the arm64 binary ---------------------------------------------------------------------------
section "the arm64 binary (Makefile, .github/workflows/image.yml)"
# in_order TEXT PATTERN...: each extended regex matches a line after the previous one's.
in_order() {
	local text=$1 after=0 line
	shift
	for pattern; do
		line=$(tail -n "+$((after + 1))" <<<"$text" | grep -n -m1 -E -- "$pattern" | cut -d: -f1)
		[[ -n $line ]] || return 1
		after=$((after + line))
	done
}
expect "make image builds the binary with make publish-arm64 before pi-gen runs" \
	"the Makefile's image target must run build-image.sh prerequisites, \$(MAKE) publish-arm64, build-image.sh build" \
	in_order "$(sed -n '/^image:/,/^$/p' Makefile)" 'build-image\.sh prerequisites' '^\s+\$\(MAKE\) publish-arm64$' 'build-image\.sh build'
workflow=.github/workflows/image.yml
expect "the image workflow builds the binary with make publish-arm64, then runs make image" \
	"$workflow must run 'make publish-arm64' and then 'make image' (the same build as here)" \
	in_order "$(cat "$workflow")" '^\s+run: make publish-arm64$' '^\s+run: make image( |$)'

printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
((FAILED == 0))
