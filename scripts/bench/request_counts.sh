#!/usr/bin/env bash
# How many requests the provisioning example makes on a fresh process: runs
# scripts/examples/provision.lua once against a fresh emulator and prints the emulator's request
# counters (total, per service, per route) as JSON. Not timed: the figure is a count, so one run
# is enough. Results go in docs/performance.md ("Requests per workflow").
#
#   scripts/bench/request_counts.sh            # debug build
#   STACKRUN_BIN=... EMULATOR_BIN=... scripts/bench/request_counts.sh
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

use_debug_binaries

WORK=$(mktemp -d)
head -c 1048576 /dev/urandom >"$WORK/image"
coproc EMULATOR { "$EMULATOR_BIN" --port 0 --ready-line --exit-on-stdin-eof; }
read -r READY <&"${EMULATOR[0]}"
URL=${READY#ready }
trap 'kill "$EMULATOR_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT

env -u OS_CLOUD OS_AUTH_URL="$URL/identity" OS_USERNAME=admin OS_PASSWORD=admin OS_PROJECT_NAME=admin \
  OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default OS_REGION_NAME=RegionOne \
  "$STACKRUN_BIN" run --allow-read="$WORK/image" "$REPO/scripts/examples/provision.lua" counts "$WORK/image" >/dev/null
curl -s "$URL/_emulator/stats" | python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin)["requests"], indent=1))'
