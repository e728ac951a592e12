#!/usr/bin/env bash
# The emulator's throughput, release build: simple GETs per second and server creates per second
# (each create also makes a Neutron port), measured with wrk, medians of RUNS runs.
#
#   scripts/bench/emulator.sh                                   # builds the release emulator first
#   RUNS=5 DURATION=10 CONNECTIONS=64 scripts/bench/emulator.sh
#   EMULATOR_BIN=.build/release/stackrun-emulator scripts/bench/emulator.sh
#
# wrk (apt: wrk) and the emulator share the machine's cores, as the emulator and the program
# under test share them in our own benchmarks. Results go in docs/performance.md ("Emulator").
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RUNS=${RUNS:-3}
DURATION=${DURATION:-10}
CREATE_DURATION=${CREATE_DURATION:-5}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PY=/usr/bin/python3
command -v wrk >/dev/null || { echo "emulator.sh: needs wrk (apt-get install wrk)" >&2; exit 2; }

if [[ -z ${EMULATOR_BIN:-} ]]; then
  /opt/swift/usr/bin/swift build --package-path "$ROOT" -c release --product stackrun-emulator >&2
  EMULATOR_BIN=$(/opt/swift/usr/bin/swift build --package-path "$ROOT" -c release --show-bin-path)/stackrun-emulator
fi

WORK=$(mktemp -d)
# Quotas out of the way: the benchmark creates thousands of servers and ports per run.
cat >"$WORK/config.json" <<'JSON'
{"timings": {"build_seconds": 1},
 "compute": {"quotas": {"instances": -1, "cores": -1, "ram": -1}},
 "network": {"quotas": {"port": -1}}}
JSON
coproc EMULATOR { "$EMULATOR_BIN" --port 0 --ready-line --exit-on-stdin-eof --config "$WORK/config.json"; }
read -r READY <&"${EMULATOR[0]}"
URL=${READY#ready }
trap 'kill "$EMULATOR_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT

json() { "$PY" -c "import json, sys; data = json.load(sys.stdin); print($1)"; }

# A fresh cloud, an admin token, the cirros image and a network with room for 65,000 ports.
setup() {
  curl -sf -X POST "$URL/_emulator/reset" >/dev/null
  TOKEN=$(curl -sf -D - -o /dev/null -H 'Content-Type: application/json' "$URL/identity/v3/auth/tokens?nocatalog" -d \
    '{"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin", "domain": {"name": "Default"}, "password": "admin"}}},
      "scope": {"project": {"name": "admin", "domain": {"name": "Default"}}}}}' | tr -d '\r' | awk -F': ' 'tolower($1) == "x-subject-token" {print $2}')
  auth=(-H "X-Auth-Token: $TOKEN")
  PUBLIC=$(curl -sf "${auth[@]}" "$URL/network/v2.0/networks?name=public" | json 'data["networks"][0]["id"]')
  IMAGE=$(curl -sf "${auth[@]}" "$URL/image/v2/images?name=cirros" | json 'data["images"][0]["id"]')
  NET=$(curl -sf "${auth[@]}" -H 'Content-Type: application/json' "$URL/network/v2.0/networks" \
    -d '{"network": {"name": "bench"}}' | json 'data["network"]["id"]')
  curl -sf "${auth[@]}" -H 'Content-Type: application/json' "$URL/network/v2.0/subnets" \
    -d "{\"subnet\": {\"network_id\": \"$NET\", \"cidr\": \"10.128.0.0/16\", \"ip_version\": 4}}" >/dev/null
  export TOKEN IMAGE NET
}

# wrk's requests per second; fails loudly if any answer was not 2xx.
measure() {
  local output
  output=$(wrk -t"$THREADS" -c"$CONNECTIONS" "$@")
  if grep -q 'Non-2xx' <<<"$output"; then
    echo "emulator.sh: errors during the run:" >&2
    printf '%s\n' "$output" >&2
    exit 1
  fi
  awk '/^Requests\/sec:/ {printf "%d\n", $2}' <<<"$output"
}

median() { sort -n | awk '{values[NR] = $1} END {print values[int((NR + 1) / 2)]}'; }

report() {
  local name=$1 unit=$2
  shift 2
  local results=("$@")
  printf '%-48s %8s %s/s   (runs: %s)\n' "$name" "$(printf '%s\n' "${results[@]}" | median)" "$unit" "${results[*]}"
}

cat >"$WORK/create.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Auth-Token"] = os.getenv("TOKEN")
wrk.body = string.format(
  '{"server": {"name": "bench", "flavorRef": "1", "imageRef": "%s", "networks": [{"uuid": "%s"}]}}',
  os.getenv("IMAGE"), os.getenv("NET"))
LUA

echo "emulator $URL: $RUNS runs, $THREADS wrk threads, $CONNECTIONS connections, $(nproc) cores"
setup
declare -A targets=(
  ["GET /identity/v3 (no token)"]="$URL/identity/v3"
  ["GET /network/v2.0/networks/{public}"]="$URL/network/v2.0/networks/$PUBLIC"
  ["GET /compute/v2.1/flavors/1"]="$URL/compute/v2.1/flavors/1"
)
for name in "GET /identity/v3 (no token)" "GET /network/v2.0/networks/{public}" "GET /compute/v2.1/flavors/1"; do
  results=()
  for _ in $(seq "$RUNS"); do results+=("$(measure -d"${DURATION}s" -H "X-Auth-Token: $TOKEN" "${targets[$name]}")"); done
  report "$name" "requests" "${results[@]}"
done

results=()
for _ in $(seq "$RUNS"); do
  setup
  results+=("$(measure -d"${CREATE_DURATION}s" -s "$WORK/create.lua" "$URL/compute/v2.1/servers")")
  # Every create answered 202 and made a server with its port.
  stats=$(curl -sf "$URL/_emulator/stats")
  servers=$(json 'data["resources"].get("server", 0)' <<<"$stats")
  ports=$(json 'data["resources"].get("port", 0)' <<<"$stats")
  [[ $servers -gt 0 && $servers -eq $ports ]] || { echo "emulator.sh: $servers servers but $ports ports" >&2; exit 1; }
done
report "POST /compute/v2.1/servers (with a port each)" "creates" "${results[@]}"
