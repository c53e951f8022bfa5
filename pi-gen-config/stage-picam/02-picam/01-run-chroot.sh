#!/bin/bash
# pi-gen, inside the image (fed to bash in a chroot): the service user, the units, and the edits to files
# other packages own (setup-image: config.txt, cmdline.txt, fstab, hosts, picam.env). Safe to run again.
set -euo pipefail
if [ ! -x /usr/bin/picam ] || [ ! -x /usr/lib/picam/setup-image ]; then
	echo "02-picam: /usr/bin/picam or /usr/lib/picam/setup-image missing; 00-run.sh must run first" >&2
	exit 1
fi

# Enabled: the appliance's own units, and sshd (which starts only when picam.env holds a key).
ENABLE=(picam-data.service picam-config.service picam-hdr.service picam.service picam-health.timer picam-certbot.timer picam-certbot-boot.timer ssh.service)
# Masked, for a headless appliance on a read-only root (names that do not exist are masked harmlessly):
#   userconfig               the first-boot user-rename wizard on the console; nobody is there
#   rpi-resize               grows the root on the first boot; the free space is for picam-data instead
#   regenerate_ssh_host_keys new host keys on every boot of the RAM overlay; ours persist on picam-data
#   sshswitch                SSH via a file named ssh on the boot partition; picam.env decides instead
#   ssh.socket               socket activation would bypass ssh.service's condition
#   certbot.timer/.service   Debian's renewal of /etc/letsencrypt, in RAM here; picam-certbot renews ours on picam-data
MASK=(userconfig.service rpi-resize.service regenerate_ssh_host_keys.service sshswitch.service ssh.socket certbot.timer certbot.service)

getent group gpio >/dev/null || groupadd --system gpio
if ! id -u picam >/dev/null 2>&1; then
	useradd --system --user-group --home-dir /var/lib/picam --no-create-home \
		--shell /usr/sbin/nologin --comment "PiCam Appliance" picam
fi
usermod --append --groups video,gpio picam

/usr/lib/picam/setup-image

systemctl enable "${ENABLE[@]}"
systemctl mask "${MASK[@]}"
