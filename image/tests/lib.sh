# shellcheck shell=bash
# A tiny test harness for the image scripts: check NAME COMMAND..., then finish.
# Each test file prints "N passed, N failed" at the end and exits non-zero when anything failed.

PASSED=0
FAILED=0
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export REPO

check() { # NAME COMMAND...
	local name=$1
	shift
	if "$@"; then
		PASSED=$((PASSED + 1))
		printf '  ok    %s\n' "$name"
	else
		FAILED=$((FAILED + 1))
		printf '  FAIL  %s\n' "$name"
	fi
}

# Assertions, usable as check's COMMAND.
file_has() { grep -qF -- "$2" "$1" 2>/dev/null; }                 # FILE TEXT
file_lacks() { [[ -f $1 ]] && ! grep -qF -- "$2" "$1"; }          # FILE TEXT
file_is() { [[ -f $1 && $(<"$1") == "$2" ]]; }                    # FILE CONTENT
absent() { [[ ! -e $1 && ! -L $1 ]]; }                            # PATH
mode_is() { [[ $(stat -c %a "$1" 2>/dev/null) == "$2" ]]; }       # PATH MODE
link_is() { [[ -L $1 && $(readlink "$1") == "$2" ]]; }            # PATH TARGET
count_is() { [[ $(grep -cF -- "$2" "$1" 2>/dev/null) == "$3" ]]; } # FILE TEXT N
equal() { [[ $1 == "$2" ]]; }                                     # A B

finish() {
	printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
	((FAILED == 0))
}
