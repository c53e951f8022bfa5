#!/usr/bin/env bash
# The arm64 base root filesystem takes most of the image test's time on a fresh machine (every maintainer
# script runs under emulation, about one core for 20-30 minutes), and needs nothing but the package lists.
# `make test` therefore starts it first, in the background, while the host tests run, and the image test
# waits for it. One lock serialises builders, so the waiter finds the cached tarball instead of a second build.
# Usage: prefetch-base.sh start LOG   (returns at once)
#        prefetch-base.sh wait        (prints the tarball's path once it exists, building it if nobody is)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${CACHE:-/var/cache/picam-image}
mkdir -p "$cache"
lock="$cache/.build.lock"

case "${1:-}" in
  start)
    log=${2:?usage: prefetch-base.sh start LOG}
    mkdir -p "$(dirname "$log")"
    # setsid: the build outlives this make step; flock: a later waiter queues behind it.
    # shellcheck disable=SC2016 # expanded by the inner bash
    setsid bash -c 'start=$SECONDS; flock "$1" "$2/base-rootfs.sh" && echo "base ready after $((SECONDS - start)) s"' \
      prefetch "$lock" "$here" > "$log" 2>&1 < /dev/null &
    echo "Building the image test's base root filesystem in the background (log: $log)"
    ;;
  wait)
    flock "$lock" "$here/base-rootfs.sh"
    ;;
  *)
    echo "usage: prefetch-base.sh start LOG | wait" >&2
    exit 2
    ;;
esac
