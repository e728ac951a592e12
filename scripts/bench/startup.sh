#!/usr/bin/env bash
# Start-up: `stackrun run` on an empty script (release build, static Swift standard library)
# against the stock interpreter, `lua5.4 -e ''`, with hyperfine (no shell, 5 warm-up runs).
# Also prints the peak RSS of one run of each, the binary's size, and where the time goes: programs
# that each add one step (an empty C program, then the libraries stackrun links, then
# `stackrun --version`, then `stackrun run`), with, for comparison, the cost of libcurl's
# libraries, which stackrun loads only when a script makes its first request.
# Usage: scripts/bench/startup.sh [runs] [other-stackrun-binary]   (default 200 runs)
# With a second binary (e.g. a release build of an older commit), both are timed in the same
# hyperfine run (one command after the other, minutes apart at most), so that the machine's
# load falls on both much alike.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

runs=${1:-200}
other=${2:-}
ensure_build_packages
ensure_packages lua5.4 hyperfine time gcc
say "building (release, static Swift standard library)"
(cd "$REPO" && "$SWIFT" build -c release --static-swift-stdlib --product stackrun >/dev/null)
binary="$REPO/.build/release/stackrun"
empty=$(mktemp /tmp/stackrun-empty.XXXXXX.lua)
trap 'rm -f "$empty"' EXIT

say "load before: $(uptime)"
commands=("$binary run $empty" "lua5.4 -e ''")
[ -n "$other" ] && commands+=("$other run $empty")
hyperfine -N --warmup 5 --runs "$runs" --export-json /tmp/stackrun-startup.json "${commands[@]}" >/dev/null
say "load after: $(uptime)"
python3 - /tmp/stackrun-startup.json <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
lua = next(r for r in results if r["command"].startswith("lua5.4"))["median"]
for r in results:
    name = r["command"].split()[0]
    print(f"{name:40} median {r['median'] * 1000:6.2f} ms  (min {r['min'] * 1000:.2f}, max {r['max'] * 1000:.2f}, "
          f"{len(r['times'])} runs)  {r['median'] / lua:.1f}x lua5.4")
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
gcc "$empty.c" -o "$empty.linked" -Wl,--no-as-needed -llua5.4 -lyaml -lstdc++ -lm
gcc "$empty.init.c" -o "$empty.curlinit" -Wl,--no-as-needed -lcurl -llua5.4 -lyaml -lstdc++ -lm
hyperfine -N --warmup 10 --runs "$runs" --export-json /tmp/stackrun-startup-steps.json \
  "$empty.bare" "$empty.linked" "$binary --version" "$binary run $empty" "$empty.curlinit" >/dev/null
python3 - /tmp/stackrun-startup-steps.json <<'PY'
import json, sys
names = ["empty C program", "+ liblua5.4, libyaml, libstdc++ linked",
         "stackrun --version", "stackrun run empty.lua",
         "(not on the path) C + libcurl + curl_global_init"]
results = json.load(open(sys.argv[1]))["results"]
previous = None
for name, result in zip(names[:4], results):
    median = result["median"] * 1000
    added = "" if previous is None else f"  (+{median - previous:.1f} ms)"
    print(f"{name:50} median {median:6.2f} ms{added}")
    previous = median
curl = results[4]["median"] * 1000
print(f"{names[4]:50} median {curl:6.2f} ms  (+{curl - results[1]['median'] * 1000:.1f} ms over the linked C program:"
      " paid at a script's first request)")
PY
