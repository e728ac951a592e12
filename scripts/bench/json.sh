#!/usr/bin/env bash
# JSON decode + push to Lua, and encode back, on a 226 KB Nova body of 500 servers.
# stackrun's codec (release build) against Debian's lua-cjson in the stock lua5.4 interpreter.
# Medians of 60 runs after 5 warm-up runs, CPU time (os.clock) inside the process.
# Usage: scripts/bench/json.sh [rounds]   (each round is a fresh process; default 5)
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

rounds=${1:-5}
ensure_build_packages
ensure_packages lua5.4 lua-cjson
say "building (release, static Swift standard library)"
(cd "$REPO" && "$SWIFT" build -c release --static-swift-stdlib --product stackrun >/dev/null)

work=$(mktemp -d /tmp/stackrun-json-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
python3 "$REPO/scripts/bench/make_servers_json.py" 500 >"$work/body.json"
make_script() { # $1: output, $2: decode function, $3: encode function, $4: emit function, $5: prefix line
  python3 - "$work/body.json" "$REPO/scripts/bench/json_bench.lua" "$1" "$2" "$3" "$4" "$5" <<'PY'
import sys
body, template, out, dec, enc, emit, prefix = sys.argv[1:]
text = open(template).read().replace("@BODY@", open(body).read())
text = text.replace("DECODE", dec).replace("ENCODE", enc).replace("EMIT", emit)
open(out, "w").write(prefix + "\n" + text)
PY
}
make_script "$work/stackrun.lua" json.decode json.encode tostring ""
make_script "$work/cjson.lua" cjson.decode cjson.encode print 'local cjson = require "cjson"'

for round in $(seq "$rounds"); do
  printf 'stackrun %s\n' "$("$REPO/.build/release/stackrun" run --output text "$work/stackrun.lua")"
  printf 'cjson    %s\n' "$(lua5.4 "$work/cjson.lua")"
done | tee "$work/results"

python3 - "$work/results" <<'PY'
import json, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, data = line.split(None, 1)
    rows.setdefault(name, []).append(json.loads(data))
for name, samples in rows.items():
    d = statistics.median(s["decode_ms"] for s in samples)
    e = statistics.median(s["encode_ms"] for s in samples)
    print(f"{name:8} decode+push {d:6.2f} ms   encode {e:6.2f} ms   integers kept: {samples[0]['integer_stays_integer']}   ({samples[0]['bytes']} bytes)")
PY
