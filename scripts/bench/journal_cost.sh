#!/usr/bin/env bash
# What the run journal costs: one run creates NETWORKS networks, 20 at a time, against a fresh
# emulator, with the journal (each create appended and fdatasync'ed before the call returns) and
# with --no-journal, alternating, RUNS times each. Prints the median wall time of each and their
# ratio. Results go in docs/performance.md ("The run journal").
#
#   scripts/bench/journal_cost.sh                  # 500 networks, 5 runs each, debug build
#   NETWORKS=200 RUNS=3 scripts/bench/journal_cost.sh
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
NETWORKS=${NETWORKS:-500}
RUNS=${RUNS:-5}

use_debug_binaries

WORK=$(mktemp -d)
cat >"$WORK/config.json" <<'JSON'
{"network": {"quotas": {"network": -1}}}
JSON
cat >"$WORK/networks.lua" <<'LUA'
local count, prefix = tonumber(arg[1]), arg[2]
local names = {}
for i = 1, count do names[i] = prefix .. i end
parallel.map(names, function(name) return neutron.networks.create{name = name}.id end, {limit = 20})
LUA
coproc EMULATOR { "$EMULATOR_BIN" --port 0 --ready-line --exit-on-stdin-eof --config "$WORK/config.json"; }
read -r READY <&"${EMULATOR[0]}"
URL=${READY#ready }
trap 'kill "$EMULATOR_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT

run_once() { # $1: extra flag or "", $2: name prefix; prints seconds
  local started finished
  started=$(date +%s.%N)
  env -u OS_CLOUD OS_AUTH_URL="$URL/identity" OS_USERNAME=admin OS_PASSWORD=admin OS_PROJECT_NAME=admin \
    OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default OS_REGION_NAME=RegionOne \
    XDG_STATE_HOME="$WORK/state" XDG_CACHE_HOME="$WORK/cache" \
    "$STACKRUN_BIN" run $1 "$WORK/networks.lua" "$NETWORKS" "$2" >/dev/null
  finished=$(date +%s.%N)
  echo "$finished - $started" | bc
}

with=() without=()
for run in $(seq "$RUNS"); do
  with+=("$(run_once "" "j$run-")")
  without+=("$(run_once --no-journal "n$run-")")
done
python3 - "$NETWORKS" "${with[*]}" "${without[*]}" "$WORK/state" <<'PY'
import json, os, statistics, sys
count, with_times, without_times, state = int(sys.argv[1]), sys.argv[2].split(), sys.argv[3].split(), sys.argv[4]
journals = os.path.join(state, "stackrun", "journals")
lines = sum(1 for name in os.listdir(journals) for _ in open(os.path.join(journals, name)))
w, n = statistics.median(map(float, with_times)), statistics.median(map(float, without_times))
print(json.dumps({"networks": count, "runs": len(with_times), "median_seconds_journal": round(w, 3),
                  "median_seconds_no_journal": round(n, 3), "ratio": round(w / n, 3),
                  "journal_lines_written": lines}, indent=1))
PY
