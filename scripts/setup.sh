#!/usr/bin/env bash
# Prepares a Debian/Ubuntu machine (as root) to build and test readiness.
# Installs only what is missing: pkg-config, libxml2-dev, libsqlite3-dev, libssl-dev and zlib1g-dev (the C libraries the
# package links), plus git and ca-certificates for SwiftPM. Swift 6.1 or newer must already be on PATH.
set -euo pipefail

need=()
for package in pkg-config libxml2-dev libsqlite3-dev libssl-dev zlib1g-dev git ca-certificates; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    need+=("$package")
  fi
done
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}" >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: run as root (or with sudo) to install: ${need[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

if ! command -v swift >/dev/null 2>&1; then
  echo "setup: Swift 6.1 or newer is needed on PATH (https://www.swift.org/install/linux/)" >&2
  exit 1
fi
if ! pkg-config --exists libxml-2.0; then
  echo "setup: pkg-config cannot find libxml-2.0 even after installing libxml2-dev" >&2
  exit 1
fi
echo "setup: ready ($(swift --version 2>/dev/null | head -n 1); libxml2 $(pkg-config --modversion libxml-2.0))" >&2
