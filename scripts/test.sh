#!/usr/bin/env bash
# Every test: unit and integration tests (Swift Testing), then the leak check under valgrind
# and the conformance check; with STACKRUN_REAL=1, also the service tests and examples against
# real OpenStack services. The emulator-based steps run with secrets made up for the run, and
# everything they write is then searched for them (scripts/checks/secrets.sh).
# Usage: scripts/test.sh
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

ensure_build_packages
# valgrind: the leak check; python3 and openssl: test servers and certificates; python3-venv:
# the openstack client for the conformance check.
ensure_packages valgrind python3 python3-venv openssl curl

build_debug --build-tests
# prometheus_client's parser, which the metrics file's test reads the file with.
ensure_metrics_parser
# The openstack client's virtualenv stays where it was: the secrets' directory is new each run.
export OSC_VENV=${OSC_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/stackrun/osc-venv}
# In a subshell: the secrets and directories planted here are for these steps only.
(
  plant_secrets
  # A step that failed may have printed a secret too: the search runs then as well.
  trap 'status=$?; if [ $status -ne 0 ]; then [ -n "${searched:-}" ] || "$REPO/scripts/checks/secrets.sh" "$SECRETS_ROOT" || true
        echo "what the tests wrote is kept in $SECRETS_ROOT" >&2; fi' EXIT
  say "running the tests (their files in $SECRETS_ROOT)"
  (cd "$REPO" && XDG_CACHE_HOME="$SECRETS_ROOT/cache" "$SWIFT" test --skip-build 2>&1) | tee "$SECRETS_ROOT/logs/tests.log"

  "$REPO/scripts/checks/leaks.sh" 2>&1 | tee "$SECRETS_ROOT/logs/leaks.log"

  say "conformance: the real openstack client against the emulator"
  "$REPO/scripts/conformance/openstackclient.sh" 2>&1 | tee "$SECRETS_ROOT/logs/conformance.log"

  say "secrets: searching everything the tests wrote"
  searched=1
  "$REPO/scripts/checks/secrets.sh" "$SECRETS_ROOT"
  rm -rf "$SECRETS_ROOT"
)

# The systemd units and Kubernetes manifests of deploy/, as their own tools read them.
"$REPO/scripts/checks/deploy.sh"

# The same service tests and examples against real OpenStack services, and the emulator's
# answers compared with theirs, when asked for.
if [ "${STACKRUN_REAL:-0}" = 1 ]; then
  "$REPO/scripts/checks/realstack.sh"
  say "conformance: the emulator's answers against the real services'"
  "$REPO/scripts/conformance/differential.sh"
fi
say "all tests passed"
