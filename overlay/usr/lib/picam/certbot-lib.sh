# shellcheck shell=bash
# Shared by certbot-run, certbot-deploy, certbot-repair-live and receive-certificate. Sourced, never run.
#
# Where things are (the app's side is src/PiCam/Http/Acme/AcmePaths.cs; keep the two in step):
#   /var/lib/picam/letsencrypt/    certbot's --config-dir: the ACME account, archive/, live/, renewal/ (picam-data)
#   /var/lib/picam/tls/            the copies the server reads: fullchain.pem 0644, privkey.pem 0600, owner picam
#   /var/lib/picam/ssh/peer_*      the key and known hosts for pushing certificates to CERT_PEERS
#   /run/picam/acme-webroot/       certbot's --webroot; the server answers /.well-known/acme-challenge/ from it
#   /run/picam/certbot/            certbot's --work-dir and --logs-dir (RAM: nothing there must survive)
#   /run/picam/certbot-problems    "KEY: message" lines from the last run; the server shows them on /status
#
# Testable off the Pi: PICAM_ROOT (default /) prefixes every path above, PICAM_ENV names the .env file,
# PICAM_SYSTEMCTL replaces systemctl (with PICAM_ROOT other than / and no PICAM_SYSTEMCTL, nothing is
# restarted), PICAM_PEER_USER is the SSH user on peers (default pi). Nothing here ever prints a private key.

export LC_ALL=C

# shellcheck disable=SC2034 # the scripts that source this use them
{
	ROOT=${PICAM_ROOT:-/}
	ROOT=${ROOT%/}
	LIVE=0
	[[ -z $ROOT ]] && LIVE=1
	# env.sh turns PICAM_ENV into its table, which children do not inherit; they get PICAM_ENV_FILE.
	ENV_FILE=${PICAM_ENV_FILE:-${PICAM_ENV:-/boot/firmware/picam.env}}
	export PICAM_ENV_FILE=$ENV_FILE

	DATA_DIR=$ROOT/var/lib/picam
	LE_DIR=$DATA_DIR/letsencrypt
	TLS_DIR=$DATA_DIR/tls
	SSH_DIR=$DATA_DIR/ssh
	PEER_KEY=$SSH_DIR/peer_ed25519
	PEER_KNOWN_HOSTS=$SSH_DIR/peer_known_hosts
	PEERS_SENT_DIR=$SSH_DIR/peers-sent
	RUN_DIR=$ROOT/run/picam
	WEBROOT=$RUN_DIR/acme-webroot
	CERTBOT_WORK_DIR=$RUN_DIR/certbot/work
	CERTBOT_LOGS_DIR=$RUN_DIR/certbot/logs
	CERTBOT_PROBLEMS=${PICAM_CERTBOT_PROBLEMS:-$RUN_DIR/certbot-problems}
	readonly SERVICE_USER=picam
	readonly PEER_USER=${PICAM_PEER_USER:-pi}
	# The four files of a certbot lineage, as named in live/<name>/ and archive/<name>/<kind>N.pem.
	readonly LINEAGE_KINDS=(cert chain fullchain privkey)
}

# shellcheck source=env.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/env.sh"

info() { printf '<6>%s\n' "$*" >&2; }
warn() { printf '<4>%s\n' "$*" >&2; }

# Records a problem for /status (and the journal). The message must never hold a secret.
problem() { # KEY MESSAGE
	warn "$1: $2"
	mkdir -p "$(dirname "$CERTBOT_PROBLEMS")"
	printf '%s: %s\n' "$1" "$2" >>"$CERTBOT_PROBLEMS"
}

# Lower case, no white space at the ends.
trimmed_lower() { # TEXT
	_picam_env_trim "$1"
	printf '%s' "${REPLY,,}"
}

# A public DNS name with at least one dot, as the app's SettingsReader wants for CERTBOT_DOMAIN.
valid_domain() { [[ $1 =~ ^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$ ]]; }

# True when CHAIN's first certificate and KEY belong together (and both parse). Only public keys are compared.
pair_matches() { # CHAIN KEY
	[[ -s $1 && -s $2 ]] || return 1
	local cert_public key_public
	cert_public=$(openssl x509 -in "$1" -noout -pubkey 2>/dev/null) || return 1
	key_public=$(openssl pkey -in "$2" -pubout 2>/dev/null) || return 1
	[[ -n $cert_public && $cert_public == "$key_public" ]]
}

# The SHA-256 fingerprint of the first certificate in FILE, or nothing.
fingerprint() { # FILE
	openssl x509 -in "$1" -noout -fingerprint -sha256 2>/dev/null | sed 's/^.*=//' || true
}

expiry() { # FILE
	openssl x509 -in "$1" -noout -enddate 2>/dev/null | sed 's/^notAfter=//' || true
}

# "picam:picam" when the service user exists (on the appliance), else nothing (tests off the Pi).
service_owner() {
	if getent passwd "$SERVICE_USER" >/dev/null 2>&1; then
		printf '%s:%s' "$SERVICE_USER" "$SERVICE_USER"
	fi
}

# Replaces DEST with SRC's content, atomically and durably: a temporary file in DEST's directory, written,
# given its mode and owner, flushed to the card, then renamed over DEST, and the directory flushed too. A power
# cut at any point leaves either the old file or the new one, never a mix.
put_file() { # SRC DEST MODE
	local src=$1 dest=$2 mode=$3 tmp owner
	owner=$(service_owner)
	tmp=$(mktemp "$(dirname "$dest")/.${dest##*/}.XXXXXX")
	cat -- "$src" >"$tmp"
	chmod "$mode" "$tmp"
	[[ -z $owner ]] || chown "$owner" "$tmp"
	sync -- "$tmp"
	mv -f -- "$tmp" "$dest"
}

# Installs CHAIN and KEY into DIR as fullchain.pem and privkey.pem. Sets CHANGED=1 when a file was written;
# identical files are left alone (only their mode and owner are corrected).
install_pair() { # CHAIN KEY DIR
	local chain=$1 key=$2 dir=$3 owner
	CHANGED=0
	owner=$(service_owner)
	if [[ ! -d $dir ]]; then
		install -d -m 0750 "$dir"
		[[ -z $owner ]] || chown "$owner" "$dir"
	fi
	# Leftovers of a power cut during an earlier install.
	find "$dir" -maxdepth 1 -name '.*.pem.*' -type f -delete
	# The key first: until the chain follows, the server keeps serving the previous pair (a mismatch does not load).
	if ! cmp -s -- "$key" "$dir/privkey.pem"; then
		put_file "$key" "$dir/privkey.pem" 0600
		CHANGED=1
	fi
	if ! cmp -s -- "$chain" "$dir/fullchain.pem"; then
		put_file "$chain" "$dir/fullchain.pem" 0644
		CHANGED=1
	fi
	chmod 0600 "$dir/privkey.pem"
	chmod 0644 "$dir/fullchain.pem"
	[[ -z $owner ]] || chown "$owner" "$dir/privkey.pem" "$dir/fullchain.pem"
	if ((CHANGED)); then
		sync -- "$dir"
	fi
}

# The server reloads a renewed certificate by itself. Only when it could not have been serving the previous
# one (there was none, or a broken pair) does its main port still speak plain HTTP, which takes a restart.
restart_server() { # REASON
	if ((LIVE)) || [[ -n ${PICAM_SYSTEMCTL:-} ]]; then
		info "restarting picam.service: $1"
		# --no-block: queue the restart and go on; certbot (our parent) must not wait on the server.
		"${PICAM_SYSTEMCTL:-systemctl}" --no-block try-restart picam.service ||
			warn "could not restart picam.service; it serves HTTPS after its next start"
	else
		info "not restarting picam.service outside the appliance (PICAM_ROOT is set): $1"
	fi
}

# Installs a certificate into TLS_DIR for the server, restarting it if it needs that. Returns 1, changing
# nothing, when CHAIN and KEY do not belong together.
install_certificate() { # CHAIN KEY
	local chain=$1 key=$2 had_pair=0
	if ! pair_matches "$chain" "$key"; then
		warn "$chain and $key are not a matching certificate and key; nothing installed"
		return 1
	fi
	pair_matches "$TLS_DIR/fullchain.pem" "$TLS_DIR/privkey.pem" && had_pair=1
	install_pair "$chain" "$key" "$TLS_DIR"
	if ((CHANGED)); then
		info "installed certificate $(fingerprint "$TLS_DIR/fullchain.pem") (valid until $(expiry "$TLS_DIR/fullchain.pem")) in $TLS_DIR"
	else
		info "certificate $(fingerprint "$TLS_DIR/fullchain.pem") already installed in $TLS_DIR"
	fi
	if ((!had_pair)); then
		restart_server "the first certificate: the main port switches from HTTP to HTTPS"
	fi
}

# CERT_PEERS as "host port" lines; malformed entries are skipped (the app reports them on /status).
peer_list() {
	local peer host port list
	read -ra list <<<"$(picam_env_get CERT_PEERS | tr ',' ' ')"
	for peer in "${list[@]}"; do
		host=${peer%%:*}
		port=22
		[[ $peer == *:* ]] && port=${peer#*:}
		if [[ $host =~ ^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$ && $port =~ ^[0-9]{1,5}$ ]] && ((port > 0 && port < 65536)); then
			printf '%s %s\n' "$host" "$port"
		else
			warn "CERT_PEERS: '$peer' is not host or host:sshport; skipped"
		fi
	done
}

# The dedicated key for pushing to peers, made once and kept on the data partition.
ensure_peer_key() {
	[[ -s $PEER_KEY && -s $PEER_KEY.pub ]] && return 0
	install -d -m 0700 "$SSH_DIR"
	rm -f "$PEER_KEY" "$PEER_KEY.pub"
	ssh-keygen -q -t ed25519 -N '' -C "picam-cert-peer@$(hostname 2>/dev/null || echo picam)" -f "$PEER_KEY" >/dev/null
	info "made the key for CERT_PEERS; each peer's picam.env needs: CERT_PEER_KEY=$(<"$PEER_KEY.pub")"
}

# Sends the installed certificate to every peer that has not yet acknowledged this very certificate, so a
# peer that was down is caught up by the next run. The peer's forced command (receive-certificate) reads
# the key and the chain as PEM from stdin and installs them the same atomic way.
push_to_peers() {
	local peers host port state sent fp output
	peers=$(peer_list)
	[[ -n $peers ]] || return 0
	if ! pair_matches "$TLS_DIR/fullchain.pem" "$TLS_DIR/privkey.pem"; then
		info "CERT_PEERS: no certificate installed yet; nothing to send"
		return 0
	fi
	ensure_peer_key
	install -d -m 0700 "$PEERS_SENT_DIR"
	fp=$(fingerprint "$TLS_DIR/fullchain.pem")
	while read -r host port; do
		state=$PEERS_SENT_DIR/$host-$port
		sent=$(cat "$state" 2>/dev/null || true)
		if [[ $sent == "$fp" ]]; then
			info "CERT_PEERS: $host:$port already has certificate $fp"
			continue
		fi
		# BatchMode: never a prompt. accept-new: a peer's host key is learnt on first contact and pinned in a
		# known_hosts file on the data partition; a changed host key is then refused. -F /dev/null: no system
		# ssh_config surprises. The command asked for is ignored by the peer's forced command anyway.
		if output=$(cat -- "$TLS_DIR/privkey.pem" "$TLS_DIR/fullchain.pem" | timeout 120 ssh -F /dev/null \
			-i "$PEER_KEY" -p "$port" -o IdentitiesOnly=yes -o IdentityAgent=none -o BatchMode=yes \
			-o StrictHostKeyChecking=accept-new -o UserKnownHostsFile="$PEER_KNOWN_HOSTS" \
			-o GlobalKnownHostsFile=/dev/null -o ConnectTimeout=15 -o ServerAliveInterval=10 -o LogLevel=ERROR \
			"$PEER_USER@$host" receive-certificate 2>&1); then
			printf '%s\n' "$fp" >"$state"
			info "CERT_PEERS: sent certificate $fp to $host:$port: $(tail -n1 <<<"$output")"
		else
			problem CERT_PEERS "could not send the certificate to $host:$port ($(tail -n1 <<<"$output" | tr -d '\r')); it is tried again at the next run. That camera's picam.env needs CERT_PEER_KEY=$(<"$PEER_KEY.pub")"
		fi
	done <<<"$peers"
}
