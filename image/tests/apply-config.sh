#!/bin/bash
# Tests for overlay/usr/lib/picam/apply-config (picam-config.service) and the .env parser it shares
# (env.sh): the real script, run against a scratch root (PICAM_ROOT) with one .env file after another.
set -uo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SCRIPT=$REPO/overlay/usr/lib/picam/apply-config
ROOT=$(mktemp -d)
ENV=$ROOT/boot/firmware/picam.env
trap 'rm -rf "$ROOT"' EXIT

# A scratch root with what the script reads from the image: time zones, the country table, /etc/hosts.
mkdir -p "$ROOT/boot/firmware" "$ROOT/etc" "$ROOT/usr/share/zoneinfo/Etc" "$ROOT/usr/share/zoneinfo/Europe"
printf 'TZif2 fake\n' >"$ROOT/usr/share/zoneinfo/Etc/UTC"
printf 'TZif2 fake\n' >"$ROOT/usr/share/zoneinfo/Europe/Berlin"
printf 'not a zone file\n' >"$ROOT/usr/share/zoneinfo/Europe/Fake"
printf '# ISO 3166 alpha-2 country codes\nDE\tGermany\nGB\tBritain (UK)\nUS\tUnited States\n' >"$ROOT/usr/share/zoneinfo/iso3166.tab"
printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >"$ROOT/etc/hosts"

KEYFILE=$ROOT/run/NetworkManager/system-connections/picam-wifi.nmconnection
PROBLEMS=$ROOT/run/picam/config-problems
SSH_KEYS=$ROOT/run/picam/ssh/authorized_keys
NM_STATE=$ROOT/var/lib/NetworkManager/NetworkManager.state
PUBKEY='ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGv1ZcCMiVMyRkvzOBDr6LzO6jMtOR4XJc6nQ7V4pRkE admin@laptop'

# Writes the .env from the arguments (one line each) and runs the script; its exit status is kept.
STATUS=0
apply() {
	printf '%s\n' "$@" >"$ENV"
	STATUS=0
	PICAM_ROOT=$ROOT PICAM_ENV=$ENV "$SCRIPT" >"$ROOT/out" 2>&1 || STATUS=$?
}
ran_ok() { ((STATUS == 0)); }
no_problems() { [[ -f $PROBLEMS && ! -s $PROBLEMS ]]; }
problem_for() { grep -q "^$1: " "$PROBLEMS"; }
hostname_is() { file_is "$ROOT/etc/hostname" "$1" && count_is "$ROOT/etc/hosts" "127.0.1.1" 1 && file_has "$ROOT/etc/hosts" $'127.0.1.1\t'"$1"; }

echo "apply-config: host name"
apply 'NAME=Front Door Cam!'
check "runs" ran_ok
check "hostname derived from NAME: lower case, '-' for the rest, trimmed" hostname_is front-door-cam
check "no problems for a good file (and the problems file exists)" no_problems
check "/etc/hosts keeps its other lines" file_has "$ROOT/etc/hosts" $'127.0.0.1\tlocalhost'
apply 'NAME=Front Door Cam!'
check "running again leaves one marker block" count_is "$ROOT/etc/hosts" '# >>> picam' 1

apply '# no name'
check "no NAME: hostname picam" hostname_is picam
apply 'NAME=Éléphant  --  Garden__Cam 2'
check "non-ASCII and runs of separators squeeze to one '-'" hostname_is l-phant-garden-cam-2
apply "NAME=$(printf 'a%.0s' {1..70})"
check "a long NAME is cut to 63 characters" hostname_is "$(printf 'a%.0s' {1..63})"
apply 'NAME=!!!'
check "a NAME with nothing usable: picam" hostname_is picam

apply 'NAME=Front Door' 'HOSTNAME=Garage-1'
check "explicit HOSTNAME wins (lower-cased)" hostname_is garage-1
apply 'NAME=Front Door' 'HOSTNAME=bad_name!'
check "invalid HOSTNAME falls back to the derived one" hostname_is front-door
check "invalid HOSTNAME is a problem" problem_for HOSTNAME
check "the problem also goes to the journal as a warning" file_has "$ROOT/out" '<4>HOSTNAME: '
apply 'HOSTNAME=-edge'
check "HOSTNAME starting with '-' is a problem" problem_for HOSTNAME

echo "apply-config: Wi-Fi"
apply 'WIFI_SSID=Home Net' 'WIFI_PASSWORD=correct horse' 'WIFI_COUNTRY=gb'
check "keyfile written" file_has "$KEYFILE" 'ssid=Home Net'
check "keyfile mode 0600" mode_is "$KEYFILE" 600
check "keyfile has the WPA password" file_has "$KEYFILE" 'psk=correct horse'
check "keyfile is WPA-PSK" file_has "$KEYFILE" 'key-mgmt=wpa-psk'
check "keyfile is a wifi connection" file_has "$KEYFILE" 'type=wifi'
check "keyfile turns Wi-Fi power saving off" file_has "$KEYFILE" 'powersave=2'
check "radio on in NetworkManager's state" file_has "$NM_STATE" 'WirelessEnabled=true'
check "no problems with a country" no_problems
uuid1=$(grep '^uuid=' "$KEYFILE")
apply 'WIFI_SSID=Home Net' 'WIFI_PASSWORD=correct horse' 'WIFI_COUNTRY=GB'
check "same network, same connection UUID on every boot" file_has "$KEYFILE" "$uuid1"

apply 'NAME=cam'
check "WIFI_SSID removed: no keyfile" absent "$KEYFILE"
check "WIFI_SSID removed: radio off" file_has "$NM_STATE" 'WirelessEnabled=false'

apply 'WIFI_SSID=Home' 'WIFI_PASSWORD=short' 'WIFI_COUNTRY=GB'
check "password under 8 characters is a problem" problem_for WIFI_PASSWORD
check "password under 8 characters: no keyfile" absent "$KEYFILE"
apply 'WIFI_SSID=Home' "WIFI_PASSWORD=$(printf 'x%.0s' {1..64})" 'WIFI_COUNTRY=GB'
check "64 characters that are not hex is a problem" problem_for WIFI_PASSWORD
apply 'WIFI_SSID=Home' "WIFI_PASSWORD=$(printf 'a%.0s' {1..64})" 'WIFI_COUNTRY=GB'
check "64 hex digits (a raw key) is fine" no_problems

apply 'WIFI_SSID=Cafe'
check "open network: keyfile without a password section" file_lacks "$KEYFILE" 'wifi-security'
check "no WIFI_COUNTRY is a problem (world setting)" problem_for WIFI_COUNTRY
apply 'WIFI_SSID=Home' 'WIFI_PASSWORD=long enough' 'WIFI_COUNTRY=XX'
check "unknown country is a problem" problem_for WIFI_COUNTRY
check "unknown country still connects" file_has "$KEYFILE" 'ssid=Home'
apply 'WIFI_PASSWORD=long enough'
check "a password without a network is a problem" problem_for WIFI_PASSWORD
apply 'WIFI_SSID=" leading space"' 'WIFI_PASSWORD=back\slash1'
check "a quoted leading space is kept, and escaped in the keyfile" file_has "$KEYFILE" 'ssid=\sleading space'
check "keyfile escapes a backslash" file_has "$KEYFILE" 'psk=back\\slash1'
apply "WIFI_SSID=$(printf 'n%.0s' {1..33})" 'WIFI_PASSWORD=long enough'
check "an SSID over 32 bytes is a problem" problem_for WIFI_SSID

echo "apply-config: SSH"
apply "SSH_AUTHORIZED_KEY=$PUBKEY"
check "authorized_keys holds the key" file_is "$SSH_KEYS" "$PUBKEY"
check "ssh.service's condition names the file the script writes" \
	file_has "$REPO/overlay/etc/systemd/system/ssh.service.d/picam.conf" "ConditionPathExists=${SSH_KEYS#"$ROOT"}"
check "sshd reads the file the script writes" \
	file_has "$REPO/overlay/etc/ssh/sshd_config.d/picam.conf" "AuthorizedKeysFile ${SSH_KEYS#"$ROOT"}"
if command -v ssh-keygen >/dev/null; then
	check "a persistent host key is created" file_has "$ROOT/var/lib/picam/ssh/ssh_host_ed25519_key.pub" ssh-ed25519
	check "host key directory is private" mode_is "$ROOT/var/lib/picam/ssh" 700
fi
apply 'NAME=cam'
check "SSH_AUTHORIZED_KEY removed: no authorized_keys (sshd stays off)" absent "$SSH_KEYS"
apply 'SSH_AUTHORIZED_KEY=-----BEGIN OPENSSH PRIVATE KEY-----'
check "a private key is refused" absent "$SSH_KEYS"
check "a private key is a problem" problem_for SSH_AUTHORIZED_KEY
apply 'SSH_AUTHORIZED_KEY=hello'
check "not a key: a problem" problem_for SSH_AUTHORIZED_KEY
PEERKEY='ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE2n0m4kcGVlcmtleWZvcnRlc3RzMDEyMzQ1Njc4OTA picam-cert-peer@front'
apply "CERT_PEER_KEY=$PEERKEY"
check "CERT_PEER_KEY alone: sshd gets a key file" file_has "$SSH_KEYS" "$PEERKEY"
check "CERT_PEER_KEY may only run receive-certificate, restricted" \
	file_is "$SSH_KEYS" "restrict,command=\"sudo -n /usr/lib/picam/receive-certificate\" $PEERKEY"
apply "SSH_AUTHORIZED_KEY=$PUBKEY" "CERT_PEER_KEY=$PEERKEY"
check "both keys: the maintenance key first, unrestricted" equal "$(head -n1 "$SSH_KEYS")" "$PUBKEY"
check "both keys: two lines" count_is "$SSH_KEYS" "ssh-ed25519" 2
apply 'CERT_PEER_KEY=-----BEGIN OPENSSH PRIVATE KEY-----'
check "a private CERT_PEER_KEY is a problem" problem_for CERT_PEER_KEY
check "a private CERT_PEER_KEY is refused" absent "$SSH_KEYS"

echo "apply-config: time zone"
apply 'TIMEZONE=Europe/Berlin'
check "localtime links to the zone" link_is "$ROOT/etc/localtime" /usr/share/zoneinfo/Europe/Berlin
check "/etc/timezone names it" file_is "$ROOT/etc/timezone" Europe/Berlin
apply 'TIMEZONE=Mars/Olympus_Mons'
check "unknown zone is a problem" problem_for TIMEZONE
check "unknown zone: UTC" link_is "$ROOT/etc/localtime" /usr/share/zoneinfo/Etc/UTC
apply 'TIMEZONE=../../etc/passwd'
check "a path is not a zone" problem_for TIMEZONE
apply 'TIMEZONE=Europe/Fake'
check "a file that is not a zone is not a zone" problem_for TIMEZONE
apply 'NAME=cam'
check "TIMEZONE removed: back to UTC" file_is "$ROOT/etc/timezone" Etc/UTC

echo "apply-config: READONLY"
apply 'READONLY=0'
check "READONLY=0 is reported (maintenance mode)" problem_for READONLY
apply 'READONLY=maybe'
check "READONLY=maybe is a problem" problem_for READONLY
apply 'READONLY=1'
check "READONLY=1: no problem" no_problems

echo "apply-config: parsing as the app does"
apply 'export NAME="Back Yard"' "WIFI_SSID='My Net'" 'WIFI_PASSWORD="pa=ss=word1"' 'WIFI_COUNTRY=GB # the UK'
check "export and double quotes" hostname_is back-yard
check "single quotes" file_has "$KEYFILE" 'ssid=My Net'
check "split on the first '=' only" file_has "$KEYFILE" 'psk=pa=ss=word1'
check "an inline comment after white space ends the value" no_problems
apply 'name=lower case key' 'NAME=first' 'Name=Last Wins'
check "keys are case-insensitive and the last one wins" hostname_is last-wins
apply 'this line is not a setting' '1BAD=x' '=nokey' '; a semicolon comment' '   ' 'NAME=Still Applied'
check "malformed lines do not stop the script" ran_ok
check "the good lines still apply" hostname_is still-applied
check "malformed lines are the app's to report, not listed twice" no_problems
apply 'WIFI_SSID="Quoted" # comment' 'WIFI_PASSWORD="unterminated' 'WIFI_COUNTRY=GB'
check "a quoted value with a comment after the closing quote" file_has "$KEYFILE" 'ssid=Quoted'
check "an unterminated quote keeps the text as written" file_has "$KEYFILE" 'psk="unterminated'
printf '\xef\xbb\xbfNAME=Windows\r\nHOSTNAME=crlf-host\r\n' >"$ENV"
PICAM_ROOT=$ROOT PICAM_ENV=$ENV "$SCRIPT" >/dev/null 2>&1
check "CRLF line ends and a byte-order mark (Windows Notepad)" hostname_is crlf-host
rm -f "$ENV"
STATUS=0
PICAM_ROOT=$ROOT PICAM_ENV=$ENV "$SCRIPT" >/dev/null 2>&1 || STATUS=$?
check "no picam.env at all: defaults, no failure" ran_ok
check "no picam.env at all: hostname picam" hostname_is picam

# The parser itself, through env.sh, for keys apply-config does not use.
parsed() { # KEY EXPECTED LINE...
	local key=$1 expected=$2
	shift 2
	printf '%s\n' "$@" >"$ENV"
	(
		# shellcheck source=../../overlay/usr/lib/picam/env.sh
		. "$REPO/overlay/usr/lib/picam/env.sh"
		picam_env_load "$ENV"
		[[ $(picam_env_get "$key") == "$expected" ]]
	)
}
check "CERTFILE=a=b keeps everything after the first '='" parsed CERTFILE 'certificates/a=b' 'CERTFILE=certificates/a=b'
check "a '#' inside a word is part of the value" parsed PORT 'a#b' 'PORT=a#b'
check "white space around key and value is trimmed" parsed PORT 8443 '  port  =  8443  '
check "export with a tab" parsed PORT 9000 $'export\tPORT=9000'
check "empty quotes are an empty value" parsed NAME '' 'NAME=""'

finish
