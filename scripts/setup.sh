#!/usr/bin/env bash
# Installs the Debian packages the build and tests need; apt runs only when
# something is missing.
set -euo pipefail
packages=(build-essential cmake clang python3 tao-pegtl-dev libyaml-cpp-dev libboost-dev catch2 libfmt-dev
          libcli11-dev nlohmann-json3-dev libbenchmark-dev
          libutf8proc-dev pkg-config libhowardhinnant-date-dev tzdata libcsv-dev git
          libclang-rt-14-dev)  # libFuzzer, for fuzz/run.sh
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi
