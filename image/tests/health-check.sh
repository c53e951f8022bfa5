#!/bin/bash
# Tests for overlay/usr/lib/picam/health-check: the URL it builds from picam.env, and its verdict against
# a server that answers and one that does not. Off the Pi (PICAM_ROOT set) it reports and never restarts.
set -uo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TMP=$(mktemp -d)
SERVER=
cleanup() {
	[[ -n $SERVER ]] && kill "$SERVER" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT

health() { # .env lines...; output in $TMP/out, exit status in STATUS
	printf '%s\n' "$@" >"$TMP/picam.env"
	STATUS=0
	PICAM_ROOT=$TMP PICAM_ENV=$TMP/picam.env PICAM_HEALTH_TIMEOUT=3 \
		"$REPO/overlay/usr/lib/picam/health-check" >"$TMP/out" 2>&1 || STATUS=$?
}
failed() { ((STATUS != 0)); }
passed() { ((STATUS == 0)); }
said() { file_has "$TMP/out" "$1"; }

# A free port: nothing listens there.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

echo "health-check"
if ! command -v python3 >/dev/null || ! command -v curl >/dev/null; then
	echo "  skipped: needs python3 and curl"
	finish
	exit
fi
port=$(free_port)
health "PORT=$port"
check "nothing listening: fails" failed
check "nothing listening: says it would restart picam.service" said 'restarting picam.service'
check "asks for /current.jpg on the configured port" said "http://127.0.0.1:$port/current.jpg"
health "PORT=$port" 'KEYFILE=/k.pem' 'CERTFILE=/c.pem'
check "KEYFILE and CERTFILE: https" said "https://127.0.0.1:$port/current.jpg"
health "PORT=$port" 'CERTFILE=/c.pem'
check "only one of them: http, as the app decides" said "http://127.0.0.1:$port/"
health 'PORT=not-a-port'
check "a bad PORT: the app's default 8000" said 'http://127.0.0.1:8000/'
health "PORT=$port" 'BIND=::1'
check "an IPv6 BIND is bracketed" said "http://[::1]:$port/"
health "PORT=$port" 'VIEWER_USER=anna' "VIEWER_PASSWORD_HASH=pbkdf2-sha256\$600000\$c2FsdA==\$aGFzaA=="
check "a viewer login: the open liveness probe instead of the picture" said "http://127.0.0.1:$port/healthz"
health "PORT=$port" 'VIEWER_PASSWORD=secret'
check "any VIEWER_* key: the liveness probe (a broken login still serves /healthz)" said "http://127.0.0.1:$port/healthz"

mkdir -p "$TMP/www"
printf '\xff\xd8\xff\xd9' >"$TMP/www/current.jpg"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$TMP/www" >/dev/null 2>&1 &
SERVER=$!
for _ in $(seq 50); do
	curl -sf -o /dev/null "http://127.0.0.1:$port/current.jpg" && break
	sleep 0.1
done
health "PORT=$port"
check "a picture comes back: passes" passed
check "a picture comes back: no restart" eval "! said restarting"
health "PORT=$port" 'CERTBOT_DOMAIN=cam.example.org'
check "CERTBOT_DOMAIN before the first certificate: plain HTTP answers, healthy" passed

finish
