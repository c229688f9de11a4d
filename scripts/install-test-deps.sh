#!/usr/bin/env bash
# Installs the Debian packages that the integration tests run for real:
# Prometheus, Alertmanager (and promtool/amtool), and Chromium for the browser tests
# (driven by playwright-core). Idempotent; needs root (or sudo) and
# Debian's package archive. The packages ship service units that would listen on
# 0.0.0.0:9090/9093; service starts are denied during the install, the tests start their
# own instances on loopback ports with temporary data directories.
set -euo pipefail

log() { echo "[install-test-deps] $*" >&2; }

missing=()
command -v prometheus >/dev/null || missing+=(prometheus)
command -v prometheus-alertmanager >/dev/null || missing+=(prometheus-alertmanager)
command -v chromium >/dev/null || missing+=(chromium)

if [ ${#missing[@]} -eq 0 ]; then
  log "already installed: $(prometheus --version 2>&1 | head -1)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    log "need root to install ${missing[*]}; the integration tests that need them will be skipped"
    exit 0
  fi
fi

export DEBIAN_FRONTEND=noninteractive
made_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod +x /usr/sbin/policy-rc.d
  made_policy=1
fi
cleanup() { if [ "$made_policy" = 1 ]; then $SUDO rm -f /usr/sbin/policy-rc.d; fi; }
trap cleanup EXIT

$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
log "installed: $(prometheus --version 2>&1 | head -1); $(prometheus-alertmanager --version 2>&1 | head -1)"
