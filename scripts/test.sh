#!/usr/bin/env bash
# Every test: unit and integration tests (Swift Testing), then the leak check under valgrind;
# with STACKRUN_REAL=1, also the service tests and examples against real OpenStack services.
# Usage: scripts/test.sh
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

ensure_build_packages
# valgrind: the leak check; python3 and openssl: test servers and certificates.
ensure_packages valgrind python3 openssl

build_debug --build-tests
say "running the tests"
(cd "$REPO" && "$SWIFT" test --skip-build)

"$REPO/scripts/checks/leaks.sh"

# The same service tests and examples against real OpenStack services, when asked for.
if [ "${STACKRUN_REAL:-0}" = 1 ]; then
  "$REPO/scripts/checks/realstack.sh"
fi
say "all tests passed"
