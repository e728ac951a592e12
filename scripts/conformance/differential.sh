#!/usr/bin/env bash
# Differential conformance: sends the same requests to the emulator and to the real services
# started by ../shared/realstack/up.sh, and reports every difference in status code, request-id
# and microversion headers, and the key paths of JSON bodies. Differences kept on purpose are
# listed in allowed-differences.txt (and in docs/emulator/conformance.md and the services' pages) with the reason.
#
#   scripts/conformance/differential.sh            # builds and starts the emulator itself
#   EMULATOR_URL=http://127.0.0.1:5055 scripts/conformance/differential.sh
#
# Needs realstack running (REALSTACK_SERVICES=keystone is enough for the identity steps, but the
# discovery steps need all services). The test command runs it when STACKRUN_REAL=1.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PY=/usr/bin/python3
command -v "$PY" >/dev/null || PY=python3

if ! curl -s -m 5 -o /dev/null http://127.0.0.1:5000/v3; then
  echo "differential.sh: no Keystone on 127.0.0.1:5000; start realstack first (../shared/realstack/up.sh)" >&2
  exit 2
fi

if [[ -z ${EMULATOR_URL:-} ]]; then
  /opt/swift/usr/bin/swift build --package-path "$ROOT" --product stackrun-emulator >&2
  BIN=$(/opt/swift/usr/bin/swift build --package-path "$ROOT" --show-bin-path)/stackrun-emulator
  # The emulator's stdin is a pipe from this script: it exits when the script does.
  coproc EMULATOR { "$BIN" --port 0 --ready-line --exit-on-stdin-eof; }
  read -r READY <&"${EMULATOR[0]}"
  EMULATOR_URL=${READY#ready }
  trap 'kill "$EMULATOR_PID" 2>/dev/null || true' EXIT
fi

cd "$HERE/differential"
"$PY" main.py --emulator "$EMULATOR_URL"
