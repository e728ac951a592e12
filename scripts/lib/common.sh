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

# The official Prometheus text-format parser (prometheus_client, from PyPI) in a virtualenv
# kept between runs, for the test of --metrics-file: exports STACKRUN_PROMETHEUS_PYTHON, the
# virtualenv's python, which the test then requires.
ensure_metrics_parser() {
  local venv=${PROMETHEUS_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/stackrun/prom-venv}
  if ! "$venv/bin/python" -c 'import prometheus_client.parser' 2>/dev/null; then
    say "installing prometheus_client into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check prometheus_client==0.26.0 >&2
  fi
  export STACKRUN_PROMETHEUS_PYTHON="$venv/bin/python"
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

# Secrets made up for this test run, and a directory of its own for everything the run writes:
# every emulator's admin password (STACKRUN_EMULATOR_PASSWORD; the tests sign in with it) and
# the start of every token and application-credential secret the emulators issue
# (STACKRUN_EMULATOR_SECRET_PREFIX). Temporary files go to SECRETS_ROOT/t and are kept, run
# journals to SECRETS_ROOT/state; the logs of each step belong in SECRETS_ROOT/logs. Then
# scripts/checks/secrets.sh searches all of it for those secrets.
plant_secrets() {
  SECRETS_ROOT=$(mktemp -d /tmp/srs.XXXXXX)
  mkdir -p "$SECRETS_ROOT/t" "$SECRETS_ROOT/state" "$SECRETS_ROOT/logs"
  local tag
  tag=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
  export STACKRUN_EMULATOR_PASSWORD="pw-$tag-never-shown"
  export STACKRUN_EMULATOR_SECRET_PREFIX="tok-$tag-"
  export TMPDIR="$SECRETS_ROOT/t" XDG_STATE_HOME="$SECRETS_ROOT/state" STACKRUN_KEEP_TEST_FILES=1
}
