# PiCam Appliance. `make` lists the targets; settings are VAR ?= default and may live in config.mk.
-include config.mk

CONFIGURATION ?= Release
# The product framework. The AOT test build uses AOT_TFM because the NuGet feed reachable here serves
# NativeAOT packs only for net9 on linux-x64 (docs/BUILD.md).
TFM           ?= net10.0
AOT_TFM       ?= net9.0
RID           ?= linux-x64
ARTIFACTS     ?= artifacts
AOT_DIR       ?= $(ARTIFACTS)/aot
RUN_ARGS      ?= --port 8000
TEST_ARGS     ?=
# A release is a tag vX.Y.Z; between releases the version is X.Y.Z-dev (a valid NuGet/semver version).
VERSION       ?= $(or $(shell git describe --tags --match 'v[0-9]*' --exact-match 2>/dev/null | sed 's/^v//'),0.1.0-dev)
# pebble (Let's Encrypt's test CA) and certbot: the ACME tests in tests/PiCam.Tests/Acme.
APT_PACKAGES  ?= libturbojpeg0 ffmpeg clang zlib1g-dev chromium pebble certbot
# qemu-user-static (not qemu-user-binfmt): its qemu-aarch64 is registered with binfmt_misc's F flag, so the
# image's chroot scripts run under emulation without a copy of it inside (image/qemu/binfmt-aarch64.sh).
IMAGE_PACKAGES ?= mmdebstrap arch-test qemu-user-static qemu-system-arm dosfstools mtools fdisk e2fsprogs openssh-client
IMAGE_DIR     ?= $(ARTIFACTS)/image

DOTNET        ?= dotnet
SOLUTION      := PiCamAppliance.sln
PROJECT       := src/PiCam/PiCam.csproj
TESTS         := tests/PiCam.Tests/PiCam.Tests.csproj

.DEFAULT_GOAL := help
.PHONY: help deps build run test test-unit test-aot test-image aot publish publish-arm64 bench clean

help: ## print this help
	@echo "PiCam Appliance: make <target> [VAR=value]"
	@echo
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | awk -F'\t' '{printf "  %-14s %s\n", $$1, $$2}'
	@echo
	@echo "Settings (override on the command line or in config.mk):"
	@echo "  TFM=$(TFM) AOT_TFM=$(AOT_TFM) RID=$(RID) CONFIGURATION=$(CONFIGURATION) RUN_ARGS='$(RUN_ARGS)'"
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

aot: deps ## publish the NativeAOT binary for this machine into $(AOT_DIR)
	$(DOTNET) publish $(PROJECT) -c Release -r $(RID) -p:PicamTargetFramework=$(AOT_TFM) -p:Version=$(VERSION) -o $(AOT_DIR) -nologo -v quiet
	@ls -l $(AOT_DIR)/picam

publish: deps ## publish the product binary: TFM=$(TFM), RID=$(RID), NativeAOT
	$(DOTNET) publish $(PROJECT) -c Release -r $(RID) -p:PicamTargetFramework=$(TFM) -p:Version=$(VERSION) -o $(ARTIFACTS)/publish/$(RID) -nologo

publish-arm64: ## the Raspberry Pi binary (net10, linux-arm64, NativeAOT; needs full NuGet and an arm64 toolchain)
	$(MAKE) publish RID=linux-arm64 TFM=net10.0

test: deps build aot ## every test: unit + integration (JIT), integration on the AOT binary, image checks, QEMU boot
	$(DOTNET) test $(TESTS) -c $(CONFIGURATION) --no-build -nologo --filter 'Category!=Image' $(TEST_ARGS)
	PICAM_BINARY=$(abspath $(AOT_DIR)/picam) $(DOTNET) test $(TESTS) -c $(CONFIGURATION) --no-build -nologo --filter Category=Integration $(TEST_ARGS)
	$(MAKE) --no-print-directory image-check
	$(MAKE) --no-print-directory test-image

test-image: ## build the arm64 image from the pi-gen stage (Debian trixie stand-in), boot it in QEMU (root)
	@$(MAKE) --no-print-directory deps APT_PACKAGES="$(IMAGE_PACKAGES)"
	@[ -x $(ARM64_BINARY) ] || $(MAKE) --no-print-directory publish-arm64
	@[ -f tests/PiCam.Tests/bin/$(CONFIGURATION)/net10.0/PiCam.Tests.dll ] || $(MAKE) --no-print-directory build
	image/qemu/build-test-image.sh $(ARM64_BINARY) $(IMAGE_DIR)
	PICAM_IMAGE_DIR=$(abspath $(IMAGE_DIR)) PICAM_REPO=$(CURDIR) $(DOTNET) test $(TESTS) -c $(CONFIGURATION) --no-build -nologo --filter Category=Image $(TEST_ARGS); \
	  status=$$?; echo "Image test timings:"; cat $(IMAGE_DIR)/timings.txt 2>/dev/null; exit $$status

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
