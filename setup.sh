#!/usr/bin/env bash
# Installs trailhound's build dependencies (Debian 12 packages only) and builds it.
# Usage: ./setup.sh            install packages (if root/sudo available) and build into build/
#        SKIP_APT=1 ./setup.sh  build only
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(
  build-essential cmake pkg-config
  libsimdjson-dev libtomlplusplus-dev libcli11-dev libfmt-dev libre2-dev
  libdeflate-dev libisal-dev zlib1g-dev libcurl4-openssl-dev libmaxminddb-dev libmaxmind-db-writer-perl
  libyaml-dev libyaml-cpp-dev uap-core libhyperscan-dev libmimalloc-dev
  libgtest-dev libgmock-dev libbenchmark-dev
)

if [[ "${SKIP_APT:-0}" != "1" ]]; then
  missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    SUDO=""
    [[ $(id -u) -ne 0 ]] && SUDO="sudo"
    $SUDO apt-get update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y "${missing[@]}"
  fi
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)"
