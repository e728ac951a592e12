# Shared by the scripts under scripts/: the toolchain, system packages, the build.
# shellcheck shell=bash

# Debian's python3-swiftclient installs /usr/bin/swift (OpenStack's object-store client),
# which shadows the toolchain: always call the toolchain by its full path.
SWIFT=${SWIFT:-/opt/swift/usr/bin/swift}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Installs the Debian packages that are missing (as root, or through sudo).
ensure_packages() {
  local missing=()
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# What every build needs: Lua, libcurl and libyaml headers, and pkg-config to find them.
ensure_build_packages() {
  ensure_packages pkg-config liblua5.4-dev libcurl4-openssl-dev libyaml-dev
}

# Builds everything in debug (the products and, with --build-tests, the tests). The compiler's
# progress goes to stderr: stdout is for what a script produces (`scripts/demo.sh | jq .`).
build_debug() {
  say "building (debug)"
  (cd "$REPO" && "$SWIFT" build "$@" >&2)
}

# STACKRUN_BIN and EMULATOR_BIN, unless given: the debug builds, built first.
use_debug_binaries() {
  if [[ -z ${STACKRUN_BIN:-} || -z ${EMULATOR_BIN:-} ]]; then
    build_debug --product stackrun
    build_debug --product stackrun-emulator
    STACKRUN_BIN=$REPO/.build/debug/stackrun
    EMULATOR_BIN=$REPO/.build/debug/stackrun-emulator
  fi
}
