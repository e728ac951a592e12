#!/usr/bin/env bash
# Start-up: `stackrun run` on an empty script (release build, static Swift standard library)
# against the stock interpreter, `lua5.4 -e ''`, with hyperfine (no shell, 5 warm-up runs).
# Also prints the peak RSS of one run of each, the binary's size, and where the time goes: programs
# that each add one step (an empty C program, then libcurl's libraries loaded, then
# curl_global_init, then `stackrun --version`, then `stackrun run`).
# Usage: scripts/bench/startup.sh [runs]   (default 200)
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

runs=${1:-200}
ensure_build_packages
ensure_packages lua5.4 hyperfine time gcc
say "building (release, static Swift standard library)"
(cd "$REPO" && "$SWIFT" build -c release --static-swift-stdlib --product stackrun >/dev/null)
binary="$REPO/.build/release/stackrun"
empty=$(mktemp /tmp/stackrun-empty.XXXXXX.lua)
trap 'rm -f "$empty"' EXIT

hyperfine -N --warmup 5 --runs "$runs" --export-json /tmp/stackrun-startup.json \
  "$binary run $empty" "lua5.4 -e ''" >/dev/null
python3 - /tmp/stackrun-startup.json <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
medians = {r["command"].split()[0].rsplit("/", 1)[-1]: r["median"] * 1000 for r in results}
for r in results:
    name = r["command"].split()[0].rsplit("/", 1)[-1]
    print(f"{name:10} median {r['median'] * 1000:6.2f} ms  (min {r['min'] * 1000:.2f}, max {r['max'] * 1000:.2f}, {len(r['times'])} runs)")
print(f"ratio stackrun / lua5.4: {medians['stackrun'] / medians['lua5.4']:.1f}x")
PY
printf 'peak RSS: stackrun %s KiB, lua5.4 %s KiB\n' \
  "$(/usr/bin/time -f %M "$binary" run "$empty" 2>&1 >/dev/null | tail -1)" \
  "$(/usr/bin/time -f %M lua5.4 -e '' 2>&1 >/dev/null | tail -1)"
printf 'binary: %s bytes (%s stripped)\n' "$(stat -c %s "$binary")" \
  "$(strip -o /tmp/stackrun-stripped-size "$binary" && stat -c %s /tmp/stackrun-stripped-size)"

# Where the time goes: programs that each add one step to the one before (docs/performance.md).
say "start-up, step by step"
cat >"$empty.c" <<'C'
int main(void) { return 0; }
C
cat >"$empty.init.c" <<'C'
#include <curl/curl.h>
int main(void) { return curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK; }
C
trap 'rm -f "$empty" "$empty".*' EXIT
gcc "$empty.c" -o "$empty.bare"
gcc "$empty.c" -o "$empty.linked" -Wl,--no-as-needed -lcurl -llua5.4 -lyaml
gcc "$empty.init.c" -o "$empty.curlinit" -Wl,--no-as-needed -lcurl -llua5.4 -lyaml
hyperfine -N --warmup 10 --runs "$runs" --export-json /tmp/stackrun-startup-steps.json \
  "$empty.bare" "$empty.linked" "$empty.curlinit" "$binary --version" "$binary run $empty" >/dev/null
python3 - /tmp/stackrun-startup-steps.json <<'PY'
import json, sys
names = ["empty C program", "+ libcurl, liblua5.4, libyaml linked", "+ curl_global_init",
         "stackrun --version", "stackrun run empty.lua"]
previous = None
for name, result in zip(names, json.load(open(sys.argv[1]))["results"]):
    median = result["median"] * 1000
    added = "" if previous is None else f"  (+{median - previous:.1f} ms)"
    print(f"{name:38} median {median:6.2f} ms{added}")
    previous = median
PY
