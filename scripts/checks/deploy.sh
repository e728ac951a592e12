#!/usr/bin/env bash
# The deployment examples in deploy/ are valid as their tools read them: the systemd units by
# `systemd-analyze verify` (any warning fails, as an unknown key is only a warning there), the
# Kubernetes manifests by kubernetes-validate's schemas (from PyPI, in a virtualenv kept
# between runs), strict: an unknown field fails. A CronJob must forbid overlapping runs.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
fail() { echo "deploy: $*" >&2; exit 1; }
ensure_packages systemd python3-venv

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
say "deploy: systemd units (systemd-analyze verify)"
for unit in "$REPO"/deploy/systemd/*.service "$REPO"/deploy/systemd/*.timer; do
  # ExecStart must name a program that exists: the one just built stands in for the installed one.
  sed "s#/usr/local/bin/stackrun#$REPO/.build/debug/stackrun#" "$unit" > "$work/$(basename "$unit")"
done
if ! output=$(cd "$work" && systemd-analyze verify ./*.service ./*.timer 2>&1) || [ -n "$output" ]; then
  echo "$output" >&2
  fail "systemd-analyze found problems in deploy/systemd"
fi

say "deploy: Kubernetes manifests (kubernetes-validate --strict)"
venv=${DEPLOY_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/stackrun/deploy-venv}
if [ ! -x "$venv/bin/kubernetes-validate" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet kubernetes-validate==1.37.0
fi
for manifest in "$REPO"/deploy/kubernetes/*.yaml; do
  "$venv/bin/kubernetes-validate" --strict --quiet "$manifest" || fail "$manifest is not a valid Kubernetes manifest"
  if grep -q '^kind: CronJob' "$manifest" && ! grep -q 'concurrencyPolicy: Forbid' "$manifest"; then
    fail "$manifest: a CronJob must forbid overlapping runs (concurrencyPolicy: Forbid)"
  fi
done
say "deploy: valid"
