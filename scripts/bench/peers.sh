#!/usr/bin/env bash
# stackrun against openstacksdk and the `openstack` CLI (issue 12): the same workloads, against
# the same release-built emulator with the same injected delays, done three ways in one run:
# scripts/bench/peers/stackrun.lua, scripts/bench/peers/sdk.py, scripts/bench/peers/cli.sh.
#
#   (a) flavors  start-up and one call: flavor list
#   (b) gets     GETS sequential GETs of one server
#   (c) servers  SERVERS servers, each with a volume: created, waited for (ACTIVE, available),
#                attached, then deleted (server, then volume), waited for until gone
#   (d) image    an IMAGE_MIB MiB image uploaded, downloaded to a file, deleted
#
# Every call to the emulator waits LATENCY_MS; servers and volumes are ready BUILD_SECONDS after
# their create; deletes take effect at once. Medians of RUNS interleaved rounds (wall, CPU of
# the process tree, peak RSS, API calls counted by the emulator), printed as a Markdown table.
# The CLI is slow enough that it runs (b) with CLI_GETS GETs and (c) with CLI_SERVERS servers,
# CLI_SERVER_RUNS times, and the table scales those linearly to the full size (marked ×N).
#
#   scripts/bench/peers.sh                                    # builds the release binaries first
#   RUNS=1 SERVERS=5 GETS=10 IMAGE_MIB=16 scripts/bench/peers.sh          # a quick try
#   WORKLOADS=flavors,gets scripts/bench/peers.sh
#   STACKRUN_BIN=... EMULATOR_BIN=... scripts/bench/peers.sh
#   WORKLOADS=servers TOOLS=stackrun VARIANTS=1 scripts/bench/peers.sh   # what closes (c)'s gap
#
# openstacksdk and python-openstackclient come from PyPI into the virtualenv that
# scripts/conformance/openstackclient.sh uses (OSC_VENV, ~/.cache/stackrun/osc-venv).
# Results go in docs/performance.md ("Against openstacksdk and the openstack CLI").
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
RUNS=${RUNS:-3}
LATENCY_MS=${LATENCY_MS:-20}
BUILD_SECONDS=${BUILD_SECONDS:-2}
GETS=${GETS:-200}
CLI_GETS=${CLI_GETS:-10}
SERVERS=${SERVERS:-100}
CLI_SERVERS=${CLI_SERVERS:-5}
CLI_SERVER_RUNS=${CLI_SERVER_RUNS:-$RUNS}
IMAGE_MIB=${IMAGE_MIB:-1024}
WORKLOADS=${WORKLOADS:-flavors,gets,servers,image}
TOOLS=${TOOLS:-}             # e.g. TOOLS=stackrun: only the tools whose names start so
VARIANTS=${VARIANTS:-0}      # 1: also stackrun tuned for (c): --max-concurrency 100, waits every 0.25 s
VENV=${OSC_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/stackrun/osc-venv}

if [[ -z ${STACKRUN_BIN:-} || -z ${EMULATOR_BIN:-} ]]; then
  ensure_build_packages
  say "building (release)"
  (cd "$REPO" && "$SWIFT" build -c release --static-swift-stdlib --product stackrun >&2)
  (cd "$REPO" && "$SWIFT" build -c release --static-swift-stdlib --product stackrun-emulator >&2)
  STACKRUN_BIN=$REPO/.build/release/stackrun
  EMULATOR_BIN=$REPO/.build/release/stackrun-emulator
fi

# The conformance script's virtualenv: python-openstackclient brings openstacksdk with it.
if ! "$VENV/bin/openstack" --version >/dev/null 2>&1 || ! "$VENV/bin/python" -c 'import openstack' 2>/dev/null; then
  say "installing python-openstackclient (and openstacksdk) into $VENV"
  /usr/bin/python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check python-openstackclient openstacksdk >&2
fi

WORK=$(mktemp -d /tmp/peers.XXXXXX)
cat >"$WORK/config.json" <<JSON
{"timings": {"build_seconds": $BUILD_SECONDS, "delete_seconds": 0},
 "compute": {"quotas": {"instances": -1, "cores": -1, "ram": -1}},
 "volume": {"quotas": {"volumes": -1, "gigabytes": -1}},
 "network": {"quotas": {"port": -1}}}
JSON
# Set before the emulator starts: a failed start still removes WORK.
trap 'kill "${EMULATOR_PID:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
coproc EMULATOR { "$EMULATOR_BIN" --port 0 --ready-line --exit-on-stdin-eof --config "$WORK/config.json" --latency-ms "$LATENCY_MS"; }
if ! read -r READY <&"${EMULATOR[0]}"; then
  echo "peers.sh: the emulator did not start" >&2
  exit 1
fi
URL=${READY#ready }

# All three tools sign in from the same variables; stackrun's run history, journals and token
# cache go under WORK.
for name in $(env | grep -o '^OS_[A-Z_]*' || true); do unset "$name"; done
export OS_AUTH_URL=$URL/identity OS_USERNAME=admin OS_PASSWORD=${STACKRUN_EMULATOR_PASSWORD:-admin} OS_PROJECT_NAME=admin
export OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default OS_REGION_NAME=RegionOne OS_IDENTITY_API_VERSION=3
export XDG_STATE_HOME=$WORK/state XDG_CACHE_HOME=$WORK/cache OPENSTACK=$VENV/bin/openstack
mkdir -p "$XDG_STATE_HOME" "$XDG_CACHE_HOME"

# Set-up, not measured: the server (b) reads, and the image file (d) uploads (random bytes, so
# that nothing along the way can take a short cut through zeros).
if ! SERVER_ID=$("$STACKRUN_BIN" run --output text "$REPO/scripts/bench/peers/stackrun.lua" make-server peers-get 2>"$WORK/setup.log"); then
  echo "peers.sh: the set-up run failed:" >&2
  cat "$WORK/setup.log" >&2
  exit 1
fi
SERVER_ID=$(tail -1 <<<"$SERVER_ID")
head -c "$((IMAGE_MIB * 1048576))" /dev/urandom >"$WORK/image"

say "emulator $URL: ${LATENCY_MS} ms per call, ready after ${BUILD_SECONDS} s; $RUNS rounds; $(nproc) cores; load: $(uptime | sed 's/.*load average: //')"
/usr/bin/python3 "$REPO/scripts/bench/peers/run.py" --url "$URL" --stackrun "$STACKRUN_BIN" --python "$VENV/bin/python" \
  --work "$WORK" --tools "$TOOLS" $([[ $VARIANTS == 1 ]] && echo --variants) --server-id "$SERVER_ID" --image-file "$WORK/image" --workloads "$WORKLOADS" --runs "$RUNS" \
  --latency-ms "$LATENCY_MS" --build-seconds "$BUILD_SECONDS" --gets "$GETS" --cli-gets "$CLI_GETS" --servers "$SERVERS" --cli-servers "$CLI_SERVERS" --cli-server-runs "$CLI_SERVER_RUNS"
say "load after: $(uptime | sed 's/.*load average: //'); openstacksdk $("$VENV/bin/python" -c 'import openstack.version as v; print(v.__version__)' 2>/dev/null || echo '?'), $("$OPENSTACK" --version 2>&1)"
