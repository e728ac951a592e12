#!/usr/bin/env bash
# Every test: unit and integration tests (Swift Testing), then the leak check under valgrind;
# with STACKRUN_REAL=1, also the service tests and examples against real OpenStack services.
# Usage: scripts/test.sh
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

ensure_build_packages
# valgrind: the leak check; python3 and openssl: test servers and certificates; python3-venv:
# the openstack client for the conformance check.
ensure_packages valgrind python3 python3-venv openssl curl

build_debug --build-tests
say "running the tests"
(cd "$REPO" && "$SWIFT" test --skip-build)

"$REPO/scripts/checks/leaks.sh"

say "conformance: the real openstack client against the emulator"
"$REPO/scripts/conformance/openstackclient.sh"

# The same service tests and examples against real OpenStack services, and the emulator's
# answers compared with theirs, when asked for.
if [ "${STACKRUN_REAL:-0}" = 1 ]; then
  "$REPO/scripts/checks/realstack.sh"
  say "conformance: the emulator's answers against the real services'"
  "$REPO/scripts/conformance/differential.sh"
fi
say "all tests passed"
