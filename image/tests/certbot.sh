#!/bin/bash
# Tests for the certificate scripts in overlay/usr/lib/picam (picam-certbot.service): certbot-deploy,
# certbot-repair-live, certbot-run and receive-certificate, run for real against scratch roots (PICAM_ROOT)
# with lineages laid out as certbot lays them out, certificates made by openssl, and a stand-in certbot that
# records how it was called. Pushing to a peer goes through a real sshd on 127.0.0.1 when one is installed.
# The real certbot against a real ACME server (pebble) is tests/PiCam.Tests/Acme/.
set -uo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

LIB=$REPO/overlay/usr/lib/picam
TMP=$(mktemp -d)
SSHD_PID=
cleanup() {
	[[ -z $SSHD_PID ]] || kill "$SSHD_PID" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT

NAME=cam.example.org
export PICAM_SYSTEMCTL=$TMP/systemctl
printf '#!/bin/sh\necho "$*" >>"%s/systemctl.log"\n' "$TMP" >"$PICAM_SYSTEMCTL"
chmod 0755 "$PICAM_SYSTEMCTL"
mkdir -p "$TMP/bin"
# The stand-in certbot: records its arguments; CERTBOT_STUB_FAIL makes it fail the way certbot does.
cat >"$TMP/bin/certbot" <<EOF
#!/bin/bash
printf '%s\n' "\$*" >>"$TMP/certbot.log"
if [[ -n \${CERTBOT_STUB_FAIL:-} ]]; then
	printf 'Certbot failed to authenticate some domains (authenticator: webroot).\n  Domain: x\n  Type:   connection\n  Detail: 203.0.113.7: Fetching http://x/.well-known/acme-challenge/abc: Timeout during connect (likely firewall problem)\n\nAsk for help or search for solutions at https://community.letsencrypt.org.\n'
	exit 1
fi
EOF
chmod 0755 "$TMP/bin/certbot"

# A certificate and key (P-256) for CN as PEM files PREFIX.{crt,key}; "expired" makes one that ran out in 2020
# (openssl req cannot date backwards, openssl ca can).
make_pair() { # PREFIX CN [expired]
	if [[ ${3:-} != expired ]]; then
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" -out "$1.crt" \
			-days 30 -subj "/CN=$2" 2>/dev/null
		return
	fi
	local ca=$TMP/expired-ca
	mkdir -p "$ca"
	: >"$ca/index.txt"
	printf '01\n' >"$ca/serial"
	printf '[ca]\ndefault_ca=x\n[x]\ndatabase=%s/index.txt\nserial=%s/serial\nnew_certs_dir=%s\ndefault_md=sha256\npolicy=p\n[p]\ncommonName=supplied\n' \
		"$ca" "$ca" "$ca" >"$ca/ca.cnf"
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" -out "$ca/req.csr" -subj "/CN=$2" 2>/dev/null
	openssl ca -batch -config "$ca/ca.cnf" -selfsign -keyfile "$1.key" -in "$ca/req.csr" -out "$1.crt" -notext \
		-startdate 20200101000000Z -enddate 20200201000000Z >/dev/null 2>&1
}
make_pair "$TMP/issuer" "Test Intermediate"

# A certbot lineage in ROOT's letsencrypt dir with versions 1..N, live/ pointing at N, and its renewal file.
make_lineage() { # ROOT N
	local le=$1/var/lib/picam/letsencrypt n kind
	mkdir -p "$le/archive/$NAME" "$le/live/$NAME" "$le/renewal"
	for ((n = 1; n <= $2; n++)); do
		make_pair "$TMP/v$n" "$NAME"
		cp "$TMP/v$n.crt" "$le/archive/$NAME/cert$n.pem"
		cp "$TMP/issuer.crt" "$le/archive/$NAME/chain$n.pem"
		cat "$TMP/v$n.crt" "$TMP/issuer.crt" >"$le/archive/$NAME/fullchain$n.pem"
		cp "$TMP/v$n.key" "$le/archive/$NAME/privkey$n.pem"
	done
	for kind in cert chain fullchain privkey; do
		ln -sfn "../../archive/$NAME/$kind$2.pem" "$le/live/$NAME/$kind.pem"
	done
	printf 'archive_dir = %s\n[renewalparams]\nserver = https://acme.example/dir\n' "$le/archive/$NAME" >"$le/renewal/$NAME.conf"
}

new_root() { # DIR: an empty appliance root with a picam.env holding the remaining arguments, one a line
	local root=$TMP/$1
	shift
	rm -rf "$root"
	mkdir -p "$root/boot" "$root/run/picam"
	printf '%s\n' "$@" >"$root/boot/picam.env"
	rm -f "$TMP/systemctl.log" "$TMP/certbot.log"
	printf '%s' "$root"
}

run() { # ROOT SCRIPT [ARGS...]: runs a script in ROOT, output in ROOT/out, status in STATUS
	local root=$1 script=$2
	shift 2
	STATUS=0
	PICAM_ROOT=$root PICAM_ENV=$root/boot/picam.env PATH="$TMP/bin:$PATH" "$LIB/$script" "$@" >"$root/out" 2>&1 || STATUS=$?
}
deploy() { # ROOT LINEAGE
	local root=$1 lineage=$2
	STATUS=0
	RENEWED_LINEAGE=$lineage PICAM_ROOT=$root PICAM_ENV=$root/boot/picam.env "$LIB/certbot-deploy" >"$root/out" 2>&1 || STATUS=$?
}

ran_ok() { ((STATUS == 0)); }
failed() { ((STATUS != 0)); }
restarts_are() { [[ $(grep -c 'try-restart picam.service' "$TMP/systemctl.log" 2>/dev/null) == "$1" ]]; }
same_file() { cmp -s "$1" "$2"; }
inode() { stat -c %i "$1"; }
link_version_is() { # ROOT N: all four live/ links point at version N
	local kind
	for kind in cert chain fullchain privkey; do
		link_is "$1/var/lib/picam/letsencrypt/live/$NAME/$kind.pem" "../../archive/$NAME/$kind$2.pem" || return 1
	done
}
problem_for() { grep -q "^$2: " "$1/run/picam/certbot-problems" 2>/dev/null; } # ROOT KEY
no_problems() { [[ -f $1/run/picam/certbot-problems && ! -s $1/run/picam/certbot-problems ]]; }
certbot_called_with() { grep -qF -- "$1" "$TMP/certbot.log" 2>/dev/null; }
certbot_not_called() { [[ ! -s $TMP/certbot.log ]]; }

echo "certbot-deploy"
R=$(new_root deploy 'NAME=cam')
make_lineage "$R" 1
LIVE=$R/var/lib/picam/letsencrypt/live/$NAME
TLS=$R/var/lib/picam/tls
deploy "$R" "$LIVE"
check "installs the lineage" ran_ok
check "fullchain.pem is the lineage's" same_file "$LIVE/fullchain.pem" "$TLS/fullchain.pem"
check "privkey.pem is the lineage's" same_file "$LIVE/privkey.pem" "$TLS/privkey.pem"
check "the key is 0600" mode_is "$TLS/privkey.pem" 600
check "the chain is 0644" mode_is "$TLS/fullchain.pem" 644
check "copies, not links to certbot's files" test ! -L "$TLS/privkey.pem"
check "the first certificate restarts the server once (its main port was plain HTTP)" restarts_are 1
check "no key material in the output" file_lacks "$R/out" 'PRIVATE KEY'
before=$(inode "$TLS/privkey.pem"):$(inode "$TLS/fullchain.pem")
deploy "$R" "$LIVE"
check "run again: succeeds" ran_ok
check "run again: nothing rewritten (same inodes)" equal "$(inode "$TLS/privkey.pem"):$(inode "$TLS/fullchain.pem")" "$before"
check "run again: no second restart" restarts_are 1
chmod 0644 "$TLS/privkey.pem"
deploy "$R" "$LIVE"
check "a key made readable by others is made 0600 again" mode_is "$TLS/privkey.pem" 600
touch "$TLS/.privkey.pem.AbCdEf"
make_lineage "$R" 2
deploy "$R" "$LIVE"
check "a renewal replaces the files" same_file "$LIVE/fullchain.pem" "$TLS/fullchain.pem"
check "a renewal is picked up by the server itself: no restart" restarts_are 1
check "a temporary file left by a power cut is cleared" absent "$TLS/.privkey.pem.AbCdEf"
old=$(cat "$TLS/fullchain.pem")
make_pair "$TMP/other" other
cp "$TMP/other.key" "$R/wrong-key.pem"
mkdir -p "$R/mismatch"
cp "$LIVE/fullchain.pem" "$R/mismatch/fullchain.pem"
cp "$TMP/other.key" "$R/mismatch/privkey.pem"
deploy "$R" "$R/mismatch"
check "a key that does not match the certificate is refused" failed
check "... and the installed pair is left alone" file_is "$TLS/fullchain.pem" "$old"
check "... and it is a problem" problem_for "$R" CERTBOT_DOMAIN
STATUS=0
PICAM_ROOT=$R "$LIB/certbot-deploy" >/dev/null 2>&1 || STATUS=$?
check "without RENEWED_LINEAGE it refuses to guess" failed

echo "certbot-repair-live"
R=$(new_root repair 'NAME=cam')
make_lineage "$R" 3
LE=$R/var/lib/picam/letsencrypt
run "$R" certbot-repair-live "$NAME"
check "a whole lineage is left as it is" link_version_is "$R" 3
rm "$LE/live/$NAME/fullchain.pem"
run "$R" certbot-repair-live "$NAME"
check "a missing link is recreated" link_version_is "$R" 3
ln -sfn "../../archive/$NAME/privkey9.pem" "$LE/live/$NAME/privkey.pem"
run "$R" certbot-repair-live "$NAME"
check "a dangling link is repaired" link_version_is "$R" 3
ln -sfn "../../archive/$NAME/cert2.pem" "$LE/live/$NAME/cert.pem"
run "$R" certbot-repair-live "$NAME"
check "links at different versions are brought together on the newest" link_version_is "$R" 3
rm "$LE/live/$NAME/chain.pem" "$LE/archive/$NAME/privkey3.pem"
run "$R" certbot-repair-live "$NAME"
check "an incomplete newest set (a power cut inside certbot) falls back to the one before" link_version_is "$R" 2
cp "$TMP/other.key" "$LE/archive/$NAME/privkey2.pem"
rm "$LE/live/$NAME/cert.pem"
run "$R" certbot-repair-live "$NAME"
check "a set whose key does not match is skipped too" link_version_is "$R" 1
check "a repair is not a problem" test ! -s "$R/run/picam/certbot-problems"
rm -f "$LE/live/$NAME/"*.pem
cp "$LE/archive/$NAME/fullchain1.pem" "$LE/live/$NAME/fullchain.pem"
run "$R" certbot-repair-live "$NAME"
check "a regular file where a link belongs is replaced by the link" link_version_is "$R" 1
printf 'CERTBOT_DOMAIN=%s\n' "$NAME" >"$R/boot/picam.env"
rm "$LE/live/$NAME/cert.pem"
run "$R" certbot-repair-live
check "the name defaults to CERTBOT_DOMAIN" link_version_is "$R" 1
rm -f "$LE/archive/$NAME/"privkey*.pem "$LE/live/$NAME/privkey.pem"
run "$R" certbot-repair-live "$NAME"
check "beyond repair: runs" ran_ok
check "beyond repair: reported on /status" problem_for "$R" CERTBOT_DOMAIN
check "beyond repair: the lineage is out of certbot's way" absent "$LE/renewal/$NAME.conf"
check "beyond repair: kept for inspection" test -d "$(find "$LE/broken" -mindepth 1 -maxdepth 1 -name "$NAME-*" | head -n1)/archive"
R=$(new_root repair2 'NAME=cam')
make_lineage "$R" 1
rm "$R/var/lib/picam/letsencrypt/renewal/$NAME.conf"
run "$R" certbot-repair-live "$NAME"
check "a lineage without its renewal settings is set aside (certbot could never renew it)" absent "$R/var/lib/picam/letsencrypt/live/$NAME"
R=$(new_root repair3 'NAME=cam')
run "$R" certbot-repair-live "$NAME"
check "no lineage yet: nothing to do, no problem" ran_ok
check "no lineage yet: nothing created" absent "$R/var/lib/picam/letsencrypt/broken"

echo "certbot-run"
R=$(new_root run-none 'NAME=cam')
run "$R" certbot-run
check "no CERTBOT_DOMAIN: exits 0" ran_ok
check "no CERTBOT_DOMAIN: certbot is not called" certbot_not_called
check "no CERTBOT_DOMAIN: an empty problems file (last run's problems cleared)" no_problems "$R"
R=$(new_root run-peers-only 'CERT_PEERS=garden')
run "$R" certbot-run
check "CERT_PEERS without CERTBOT_DOMAIN is a problem" problem_for "$R" CERT_PEERS
R=$(new_root run-same-port "CERTBOT_DOMAIN=$NAME" 'PORT=80')
run "$R" certbot-run
check "PORT equal to HTTP_PORT: certbot is not called" certbot_not_called
R=$(new_root run-bad-name 'CERTBOT_DOMAIN=localhost')
run "$R" certbot-run
check "a name without a dot: certbot is not called (the server reports it)" certbot_not_called
R=$(new_root run "CERTBOT_DOMAIN= Cam.Example.ORG " 'CERTBOT_EMAIL=me@example.org' 'HTTP_PORT=8080' 'PORT=443')
run "$R" certbot-run
check "runs" ran_ok
check "certonly, keeping a certificate that is not due" certbot_called_with "certonly --non-interactive --agree-tos --keep-until-expiring"
check "the name, lower case and trimmed, is the certificate's name" certbot_called_with "--cert-name $NAME -d $NAME"
check "webroot in /run/picam (RAM), where the server reads challenges" certbot_called_with "--webroot -w $R/run/picam/acme-webroot"
check "the account and certificates on the data partition" certbot_called_with "--config-dir $R/var/lib/picam/letsencrypt"
check "the deploy hook" certbot_called_with "--deploy-hook $LIB/certbot-deploy"
check "Let's Encrypt's production CA by default" certbot_called_with "--server https://acme-v02.api.letsencrypt.org/directory"
check "the e-mail address" certbot_called_with "--email me@example.org"
check "the webroot exists for the server to read" test -d "$R/run/picam/acme-webroot"
check "no problems" no_problems "$R"
R=$(new_root run-staging "CERTBOT_DOMAIN=$NAME" 'CERTBOT_STAGING=1')
run "$R" certbot-run
check "CERTBOT_STAGING=1: the staging CA" certbot_called_with "--server https://acme-staging-v02.api.letsencrypt.org/directory"
check "no e-mail: registers without one" certbot_called_with "--register-unsafely-without-email"
R=$(new_root run-server "CERTBOT_DOMAIN=$NAME" 'CERTBOT_STAGING=1' 'CERTBOT_SERVER=https://ca.test:14000/dir' "ACME_WEBROOT=$TMP/elsewhere")
run "$R" certbot-run
check "CERTBOT_SERVER wins over CERTBOT_STAGING" certbot_called_with "--server https://ca.test:14000/dir"
check "ACME_WEBROOT moves the webroot (for the server and certbot alike)" certbot_called_with "-w $TMP/elsewhere"
make_lineage "$R" 1
run "$R" certbot-run
check "a certificate from another CA than the configured one is replaced now" certbot_called_with "--force-renewal --break-my-certs"
check "the current certificate is installed for the server even without a renewal" test -s "$R/var/lib/picam/tls/privkey.pem"
R=$(new_root run-fail "CERTBOT_DOMAIN=$NAME")
CERTBOT_STUB_FAIL=1 run "$R" certbot-run
check "certbot failing: still exits 0 (never fails the boot)" ran_ok
check "certbot failing: a problem" problem_for "$R" CERTBOT_DOMAIN
check "certbot failing: the problem quotes the CA" file_has "$R/run/picam/certbot-problems" 'Timeout during connect (likely firewall problem)'
run "$R" certbot-run
check "the next good run clears the problem" no_problems "$R"
R=$(new_root run-repair "CERTBOT_DOMAIN=$NAME")
make_lineage "$R" 2
rm "$R/var/lib/picam/letsencrypt/live/$NAME/fullchain.pem"
run "$R" certbot-run
check "live/ is repaired before certbot runs" link_version_is "$R" 2

echo "receive-certificate"
R=$(new_root receive 'NAME=peer')
make_pair "$TMP/r1" "$NAME"
receive() { # ROOT INPUT-FILE
	STATUS=0
	PICAM_ROOT=$1 "$LIB/receive-certificate" <"$2" >"$1/out" 2>&1 || STATUS=$?
}
cat "$TMP/r1.key" "$TMP/r1.crt" "$TMP/issuer.crt" >"$TMP/r1.in"
receive "$R" "$TMP/r1.in"
check "installs a key and chain from stdin" ran_ok
check "the chain as sent" same_file "$R/var/lib/picam/tls/fullchain.pem" <(cat "$TMP/r1.crt" "$TMP/issuer.crt")
check "the key, 0600" mode_is "$R/var/lib/picam/tls/privkey.pem" 600
check "answers with the fingerprint" file_has "$R/out" 'installed '
check "the first certificate restarts the server" restarts_are 1
receive "$R" "$TMP/r1.in"
check "the same certificate again: accepted, no restart" restarts_are 1
cat "$TMP/other.key" "$TMP/r1.crt" >"$TMP/bad.in"
receive "$R" "$TMP/bad.in"
check "a key that does not match is refused" failed
cat "$TMP/r1.key" "$TMP/other.key" "$TMP/r1.crt" >"$TMP/bad.in"
receive "$R" "$TMP/bad.in"
check "two keys are refused" failed
cp "$TMP/r1.key" "$TMP/bad.in"
receive "$R" "$TMP/bad.in"
check "no certificate is refused" failed
make_pair "$TMP/old" "$NAME" expired
check "(the stand-in expired certificate is one)" test -s "$TMP/old.crt"
cat "$TMP/old.key" "$TMP/old.crt" >"$TMP/bad.in"
receive "$R" "$TMP/bad.in"
check "an expired certificate is refused" failed
head -c 70000 /dev/zero >"$TMP/bad.in"
receive "$R" "$TMP/bad.in"
check "more than 64 KiB is refused" failed
check "after all refusals the good pair is still installed" same_file "$R/var/lib/picam/tls/privkey.pem" "$TMP/r1.key"

echo "CERT_PEERS over SSH"
if [[ ! -x /usr/sbin/sshd || $(id -u) != 0 ]]; then
	echo "  skipped: CERT_PEERS over SSH needs /usr/sbin/sshd (openssh-server) and root"
else
	SENDER=$(new_root sender "CERTBOT_DOMAIN=$NAME")
	PEER=$TMP/peer
	mkdir -p "$PEER/run/picam" "$TMP/sshd" /run/sshd
	mkdir -p "$SENDER/var/lib/picam/ssh"
	ssh-keygen -q -t ed25519 -N '' -f "$SENDER/var/lib/picam/ssh/peer_ed25519"
	ssh-keygen -q -t ed25519 -N '' -f "$TMP/sshd/host_key"
	# What picam-config writes on the peer for CERT_PEER_KEY: the sender's key, able to run one command.
	printf 'restrict,command="PICAM_ROOT=%s PICAM_SYSTEMCTL=%s %s/receive-certificate" %s\n' \
		"$PEER" "$PICAM_SYSTEMCTL" "$LIB" "$(<"$SENDER/var/lib/picam/ssh/peer_ed25519.pub")" >"$TMP/sshd/authorized_keys"
	SSH_PORT=$((20000 + RANDOM % 20000))
	cat >"$TMP/sshd/config" <<-EOF
		ListenAddress 127.0.0.1
		Port $SSH_PORT
		HostKey $TMP/sshd/host_key
		AuthorizedKeysFile $TMP/sshd/authorized_keys
		PidFile none
		UsePAM no
		StrictModes no
		PasswordAuthentication no
		KbdInteractiveAuthentication no
		PermitRootLogin forced-commands-only
		LogLevel ERROR
	EOF
	/usr/sbin/sshd -D -e -f "$TMP/sshd/config" 2>"$TMP/sshd/log" &
	SSHD_PID=$!
	for _ in $(seq 50); do
		(exec 3<>"/dev/tcp/127.0.0.1/$SSH_PORT") 2>/dev/null && break
		sleep 0.1
	done
	printf 'CERTBOT_DOMAIN=%s\nCERT_PEERS=127.0.0.1:%s\n' "$NAME" "$SSH_PORT" >"$SENDER/boot/picam.env"
	make_lineage "$SENDER" 1
	export PICAM_PEER_USER=root
	deploy "$SENDER" "$SENDER/var/lib/picam/letsencrypt/live/$NAME"
	check "the sender installs and pushes" ran_ok
	check "the peer has the chain" same_file "$PEER/var/lib/picam/tls/fullchain.pem" "$SENDER/var/lib/picam/tls/fullchain.pem"
	check "the peer has the key, 0600" mode_is "$PEER/var/lib/picam/tls/privkey.pem" 600
	check "the peer's host key is pinned on the data partition" file_has "$SENDER/var/lib/picam/ssh/peer_known_hosts" "127.0.0.1"
	check "both restarted once for their first certificate" restarts_are 2
	check "no problems" test ! -s "$SENDER/run/picam/certbot-problems"
	kill "$SSHD_PID"
	wait "$SSHD_PID" 2>/dev/null
	SSHD_PID=
	deploy "$SENDER" "$SENDER/var/lib/picam/letsencrypt/live/$NAME"
	check "run again with the peer unreachable: nothing to send, so no problem" test ! -s "$SENDER/run/picam/certbot-problems"
	make_lineage "$SENDER" 2
	deploy "$SENDER" "$SENDER/var/lib/picam/letsencrypt/live/$NAME"
	check "a renewal the peer cannot get is a problem" problem_for "$SENDER" CERT_PEERS
	check "... which tells what the peer's picam.env needs" file_has "$SENDER/run/picam/certbot-problems" 'CERT_PEER_KEY=ssh-ed25519 '
	check "... and the sender still installed its own copy" same_file "$SENDER/var/lib/picam/tls/fullchain.pem" "$SENDER/var/lib/picam/letsencrypt/live/$NAME/fullchain.pem"
	/usr/sbin/sshd -D -e -f "$TMP/sshd/config" 2>>"$TMP/sshd/log" &
	SSHD_PID=$!
	for _ in $(seq 50); do
		(exec 3<>"/dev/tcp/127.0.0.1/$SSH_PORT") 2>/dev/null && break
		sleep 0.1
	done
	: >"$SENDER/run/picam/certbot-problems"
	deploy "$SENDER" "$SENDER/var/lib/picam/letsencrypt/live/$NAME"
	check "the next run catches the peer up" same_file "$PEER/var/lib/picam/tls/fullchain.pem" "$SENDER/var/lib/picam/tls/fullchain.pem"
	check "a renewal on the peer needs no restart either" restarts_are 2
fi

finish
