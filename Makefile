# PiCam Appliance. `make` lists the targets; settings are VAR ?= default and may live in config.mk.
-include config.mk

CONFIGURATION ?= Release
# One framework (net10.0, in the project). RID: the NativeAOT binary for this machine (make aot, make publish).
RID           ?= linux-x64
ARTIFACTS     ?= artifacts
AOT_DIR       ?= $(ARTIFACTS)/aot
# The Raspberry Pi binary (make publish-arm64): cross-linked by clang with lld against Debian's arm64 cross
# libc, so the linker needs no sysroot (docs/BUILD.md); image/arm64/toolchain.sh installs what is missing.
ARM64_LINK_ARGS ?= -p:LinkerFlavor=lld
# make test-arm64: the Integration tests against that binary under qemu-user, with an arm64 root holding the
# libraries it loads (image/arm64/sysroot.sh, cached in /var/cache/picam-arm64-sysroot).
QEMU_CPU      ?= cortex-a72
ARM64_TEST_PACKAGES ?= qemu-user mmdebstrap
RUN_ARGS      ?= --port 8000
TEST_ARGS     ?=
# A release is a tag vX.Y.Z; between releases the version is X.Y.Z-dev (a valid NuGet/semver version).
VERSION       ?= $(or $(shell git describe --tags --match 'v[0-9]*' --exact-match 2>/dev/null | sed 's/^v//'),0.1.0-dev)
# pebble (Let's Encrypt's test CA) and certbot: the ACME tests in tests/PiCam.Tests/Acme.
# nftables: the WebRTC test that loses packets on a veth (WhepRtcpBrowserTests).
APT_PACKAGES  ?= libturbojpeg0 ffmpeg clang zlib1g-dev chromium nftables pebble certbot coturn
# qemu-user-static (not qemu-user-binfmt): its qemu-aarch64 is registered with binfmt_misc's F flag, so the
# image's chroot scripts run under emulation without a copy of it inside (image/qemu/binfmt-aarch64.sh).
IMAGE_PACKAGES ?= mmdebstrap arch-test qemu-user-static qemu-system-arm dosfstools mtools fdisk e2fsprogs openssh-client
IMAGE_DIR     ?= $(ARTIFACTS)/image

DOTNET        ?= dotnet
SOLUTION      := PiCamAppliance.sln
PROJECT       := src/PiCam/PiCam.csproj
TESTS         := tests/PiCam.Tests/PiCam.Tests.csproj

.DEFAULT_GOAL := help
.PHONY: help deps build run test image-base test-unit test-aot test-arm64 test-image aot publish publish-arm64 bench clean

help: ## print this help
	@echo "PiCam Appliance: make <target> [VAR=value]"
	@echo
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | awk -F'\t' '{printf "  %-14s %s\n", $$1, $$2}'
	@echo
	@echo "Settings (override on the command line or in config.mk):"
	@echo "  RID=$(RID) CONFIGURATION=$(CONFIGURATION) RUN_ARGS='$(RUN_ARGS)' ARM64_BINARY=$(ARM64_BINARY) QEMU_CPU=$(QEMU_CPU)"
	@echo "  image: PIGEN_COMMIT=$(PIGEN_COMMIT) PIGEN_DOCKER=$(PIGEN_DOCKER) PIGEN_CLEAN=$(PIGEN_CLEAN) DEPLOY_DIR=$(DEPLOY_DIR)"

deps: ## install the system packages the build and tests need (apt, idempotent)
	@missing=""; for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

build: ## build the server and tests (JIT, with the trim/AOT analyzers on)
	$(DOTNET) build $(SOLUTION) -c $(CONFIGURATION) -p:Version=$(VERSION) -nologo -v quiet

run: deps ## run the server with the simulator on http://127.0.0.1:8000
	$(DOTNET) run --project $(PROJECT) -c $(CONFIGURATION) -p:Version=$(VERSION) -- $(RUN_ARGS)

aot: deps ## publish the NativeAOT binary for this machine (net10.0, RID=$(RID)) into $(AOT_DIR)
	$(DOTNET) publish $(PROJECT) -c Release -r $(RID) -p:Version=$(VERSION) -o $(AOT_DIR) -nologo -v quiet
	@ls -l $(AOT_DIR)/picam

publish: deps ## publish the NativeAOT binary (net10.0, RID=$(RID)) into $(ARTIFACTS)/publish/$(RID)
	$(DOTNET) publish $(PROJECT) -c Release -r $(RID) -p:Version=$(VERSION) -o $(ARTIFACTS)/publish/$(RID) -nologo

# The linker's settings are no input of the link step: a stamp beside the native intermediates throws them
# away when ARM64_LINK_ARGS changes, or a stale binary would survive. The result must be AArch64: ELF
# e_machine 0xb7, what `file` calls "ARM aarch64" (od is in coreutils; file may be missing).
ARM64_NATIVE := src/PiCam/obj/Release/net10.0/linux-arm64/native
publish-arm64: ## the Raspberry Pi binary (net10.0, linux-arm64, NativeAOT) into $(ARM64_BINARY); installs its toolchain
	image/arm64/toolchain.sh
	@[ "$$(cat $(ARM64_NATIVE)/.link-args 2>/dev/null)" = '$(ARM64_LINK_ARGS)' ] || rm -rf $(ARM64_NATIVE)
	$(DOTNET) publish $(PROJECT) -c Release -r linux-arm64 $(ARM64_LINK_ARGS) -p:Version=$(VERSION) -o $(dir $(ARM64_BINARY)) -nologo -v quiet
	@echo '$(ARM64_LINK_ARGS)' >$(ARM64_NATIVE)/.link-args
	@[ "$$(od -An -tx1 -j18 -N2 $(ARM64_BINARY) | tr -d ' \n')" = b700 ] || { echo "$(ARM64_BINARY) is not an arm64 executable" >&2; exit 1; }
	@ls -l $(ARM64_BINARY)

test: deps image-base build aot publish-arm64 ## every test: unit + integration (JIT), integration on both AOT binaries, image checks, QEMU boot
	$(DOTNET) test $(TESTS) -c $(CONFIGURATION) --no-build -nologo --filter 'Category!=Image' $(TEST_ARGS)
	PICAM_BINARY=$(abspath $(AOT_DIR)/picam) $(DOTNET) test $(TESTS) -c $(CONFIGURATION) --no-build -nologo --filter Category=Integration $(TEST_ARGS)
	$(MAKE) --no-print-directory test-arm64
	$(MAKE) --no-print-directory image-check
	$(MAKE) --no-print-directory test-image

image-base: ## start building the QEMU test's arm64 base in the background (make test does this first)
	@$(MAKE) --no-print-directory deps APT_PACKAGES="$(IMAGE_PACKAGES)"
	image/qemu/prefetch-base.sh start $(IMAGE_DIR)/base.log

test-image: ## build the arm64 image from the pi-gen stage (Debian trixie stand-in), boot it in QEMU (root)
	@$(MAKE) --no-print-directory deps APT_PACKAGES="$(IMAGE_PACKAGES)"
	@[ -x $(ARM64_BINARY) ] || $(MAKE) --no-print-directory publish-arm64
	@[ -f tests/PiCam.Tests/bin/$(CONFIGURATION)/net10.0/PiCam.Tests.dll ] || $(MAKE) --no-print-directory build
	image/qemu/build-test-image.sh $(ARM64_BINARY) $(IMAGE_DIR)
	@[ ! -f $(IMAGE_DIR)/base.log ] || tail -n 1 $(IMAGE_DIR)/base.log
	PICAM_IMAGE_DIR=$(abspath $(IMAGE_DIR)) PICAM_REPO=$(CURDIR) $(DOTNET) test $(TESTS) -c $(CONFIGURATION) --no-build -nologo --filter Category=Image $(TEST_ARGS); \
	  status=$$?; echo "Image test timings:"; cat $(IMAGE_DIR)/timings.txt 2>/dev/null; exit $$status

test-arm64: ## the Integration tests against the arm64 binary under qemu-user ($(QEMU_CPU))
	@$(MAKE) --no-print-directory deps APT_PACKAGES="$(ARM64_TEST_PACKAGES)"
	@[ -x $(ARM64_BINARY) ] || $(MAKE) --no-print-directory publish-arm64
	@[ -f tests/PiCam.Tests/bin/$(CONFIGURATION)/net10.0/PiCam.Tests.dll ] || $(MAKE) --no-print-directory build
	sysroot=$$(image/arm64/sysroot.sh) && \
	  PICAM_BINARY=$(abspath $(ARM64_BINARY)) PICAM_BINARY_RUNNER="qemu-aarch64 -cpu $(QEMU_CPU) -L $$sysroot" \
	  $(DOTNET) test $(TESTS) -c $(CONFIGURATION) --no-build -nologo --filter Category=Integration $(TEST_ARGS)

test-unit: build ## run the unit tests only
	$(DOTNET) test $(TESTS) -c $(CONFIGURATION) --no-build -nologo --filter 'Category!=Integration&Category!=Image' $(TEST_ARGS)

bench: deps ## measure throughput, lag and CPU against a baseline (not a test)
	bench/run.sh

clean: ## remove build output
	rm -rf $(ARTIFACTS) src/*/bin src/*/obj tests/*/bin tests/*/obj bench/*/bin bench/*/obj

# --- The SD-card image (docs/IMAGE.md) ------------------------------------------------------------------
PIGEN_REPO    ?= https://github.com/RPi-Distro/pi-gen.git
# pi-gen's 64-bit branch (Raspberry Pi OS trixie, arm64), pinned: "Merge branch 'master' into arm64", 2026-06-16.
PIGEN_BRANCH  ?= arm64
PIGEN_COMMIT  ?= ca8aeed0ae300c2a89f55ce9617d5f96a27e99e5
PIGEN_DIR     ?= build/pi-gen
# 1: run pi-gen in Docker (build-docker.sh); 0: on this machine (build.sh, as root through sudo).
PIGEN_DOCKER  ?= 0
# 1: pi-gen rebuilds every stage; 0: it continues from build/pi-gen/work (faster while iterating).
PIGEN_CLEAN   ?= 1
IMAGE_NAME    ?= picam-appliance
DEPLOY_DIR    ?= deploy
ARM64_BINARY  ?= $(ARTIFACTS)/publish/linux-arm64/picam
# What image-check uses: shellcheck, systemd-analyze, sfdisk (the data-partition test), dash (initramfs scripts).
# openssl and sshd: image/tests/certbot.sh (its peer push runs against a real sshd on 127.0.0.1).
IMAGE_CHECK_PACKAGES ?= shellcheck systemd fdisk dash curl openssl openssh-client openssh-server
IMAGE_ENV      = PIGEN_REPO='$(PIGEN_REPO)' PIGEN_BRANCH='$(PIGEN_BRANCH)' PIGEN_COMMIT='$(PIGEN_COMMIT)' \
                 PIGEN_DIR='$(PIGEN_DIR)' PIGEN_DOCKER='$(PIGEN_DOCKER)' PIGEN_CLEAN='$(PIGEN_CLEAN)' \
                 IMAGE_NAME='$(IMAGE_NAME)' DEPLOY_DIR='$(DEPLOY_DIR)' VERSION='$(VERSION)' ARM64_BINARY='$(ARM64_BINARY)'

.PHONY: image image-check image-deps

image: ## the SD-card image via pi-gen: $(DEPLOY_DIR)/$(IMAGE_NAME)-<version>.img.xz + .sha256 (Linux, sudo, internet)
	$(IMAGE_ENV) image/build-image.sh prerequisites
	$(MAKE) publish-arm64
	$(IMAGE_ENV) image/build-image.sh build

image-check: image-deps ## check the image layer here: pi-gen config and stage, shellcheck, systemd units, script tests
	PIGEN_DIR='$(PIGEN_DIR)' PIGEN_COMMIT='$(PIGEN_COMMIT)' image/check.sh

image-deps: ## install what image-check needs (apt, idempotent)
	@missing=""; for p in $(IMAGE_CHECK_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
