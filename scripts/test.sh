#!/usr/bin/env bash
# Every test: unit and integration tests (Swift Testing), then the leak check under valgrind.
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
say "all tests passed"
