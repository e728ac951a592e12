#!/usr/bin/env bash
# How many requests waiting costs: one run builds SERVERS servers at once (parallel.map, each
# `nova.create{..., wait = true}`) against a fresh emulator whose servers take BUILD_SECONDS to
# build, and prints the emulator's counts of the GETs that polled them. A count, not a time:
# one run is the measurement. Results go in docs/performance.md ("Requests per workflow").
#
#   scripts/bench/wait_requests.sh                     # 200 servers, 6 s builds, debug build
#   SERVERS=50 BUILD_SECONDS=3 scripts/bench/wait_requests.sh
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
SERVERS=${SERVERS:-200}
BUILD_SECONDS=${BUILD_SECONDS:-6}

use_debug_binaries

WORK=$(mktemp -d)
# Quotas out of the way: the run creates SERVERS servers and as many ports.
cat >"$WORK/config.json" <<JSON
{"timings": {"build_seconds": $BUILD_SECONDS},
 "compute": {"quotas": {"instances": -1, "cores": -1, "ram": -1}},
 "network": {"quotas": {"port": -1}}}
JSON
cat >"$WORK/build.lua" <<'LUA'
local count = tonumber(arg[1])
local names = {}
for i = 1, count do names[i] = "wait-" .. i end
local built = parallel.map(names, function(name)
  return nova.create{name = name, image = "cirros", flavor = "m1.tiny", network = "public", wait = true}.status
end, {limit = count})
return #built
LUA
coproc EMULATOR { "$EMULATOR_BIN" --port 0 --ready-line --exit-on-stdin-eof --config "$WORK/config.json"; }
read -r READY <&"${EMULATOR[0]}"
URL=${READY#ready }
trap 'kill "$EMULATOR_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT

started=$(date +%s.%N)
env -u OS_CLOUD OS_AUTH_URL="$URL/identity" OS_USERNAME=admin OS_PASSWORD=admin OS_PROJECT_NAME=admin \
  OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default OS_REGION_NAME=RegionOne \
  "$STACKRUN_BIN" run "$WORK/build.lua" "$SERVERS" >/dev/null
finished=$(date +%s.%N)
curl -s "$URL/_emulator/stats" | python3 -c '
import json, sys
stats = json.load(sys.stdin)["requests"]
compute = stats["by_route"].get("compute", {})
print(json.dumps({
    "servers": int(sys.argv[1]), "build_seconds": float(sys.argv[2]), "wall_seconds": round(float(sys.argv[3]), 1),
    "polls_by_id": compute.get("GET /compute/v2.1/servers/{server_id}", 0),
    "polls_by_list": compute.get("GET /compute/v2.1/servers/detail", 0),
    "creates": compute.get("POST /compute/v2.1/servers", 0),
    "requests_total": stats["total"],
}, indent=1))' "$SERVERS" "$BUILD_SECONDS" "$(echo "$finished - $started" | bc)"
