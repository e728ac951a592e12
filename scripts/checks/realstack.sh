#!/usr/bin/env bash
# Runs stackrun against real OpenStack services (Keystone, Nova with the fake driver, Cinder,
# Neutron, Glance from Debian's packages), started on loopback by realstack's up.sh: the service
# test scripts (Tests/LuaScripts/openstack), both examples, and the standard recipes
# (scripts/recipes), each that promises idempotence run twice with the second run's JSON log
# checked for writes. Every check prints "realstack: NAME ok|FAILED (N s)"; the script exits 1
# when any failed. The test command calls it when STACKRUN_REAL=1.
#   scripts/checks/realstack.sh                # or: STACKRUN_REAL=1 scripts/test.sh
# Where realstack lives: $STACKRUN_REALSTACK, else ../shared/realstack next to the repository;
# its state directory: $REALSTACK_DIR, else /tmp/realstack. Scripts never read OS_PASSWORD: the
# secrets they need are in files this script writes (0600) in its work directory.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
here="$REPO/scripts/checks/realstack"

realstack=${STACKRUN_REALSTACK:-$REPO/../shared/realstack}
state=${REALSTACK_DIR:-/tmp/realstack}
if [ ! -x "$realstack/up.sh" ]; then
  echo "STACKRUN_REAL=1, but realstack is not at $realstack (set STACKRUN_REALSTACK)" >&2
  exit 1
fi
binary="$REPO/.build/debug/stackrun"
# Always (incremental): a binary left from an older checkout would test old code.
build_debug --product stackrun
begun=$SECONDS

say "starting the real services (realstack; about 3.5 minutes on a clean machine)"
exports=$("$realstack/up.sh")
eval "$exports"
export STACKRUN_TARGET=realstack
echo "realstack: services up in $((SECONDS - begun)) s"

work=$(mktemp -d /tmp/stackrun-real.XXXXXX)
# STACKRUN_REAL_KEEP=1 keeps the work directory (each check's output and log) for a look after.
if [ "${STACKRUN_REAL_KEEP:-0}" = 1 ]; then echo "realstack: work directory $work kept"; else trap 'rm -rf "$work"' EXIT; fi
mkdir -p "$work/logs"
# The runs' history, journals and token cache stay in the work directory, and no user's recipe
# shadows the standard ones.
export XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache" XDG_CONFIG_HOME="$work/config" STACKRUN_PATH=
head -c 3145728 /dev/urandom >"$work/image.raw"
python3 "$here/credentials.py" "$work" "$state"
export OS_CLIENT_CONFIG_FILE="$work/clouds.yaml" OS_CLIENT_SECURE_FILE="$work/secure.yaml"

passed=0
failures=()
# check NAME COMMAND...: runs it with stdout in logs/NAME.out and stderr in logs/NAME.log, and
# says how it went; a failure shows the log's end.
check() {
  local name=$1 start=$SECONDS
  shift
  if "$@" >"$work/logs/$name.out" 2>"$work/logs/$name.log"; then
    echo "realstack: $name ok ($((SECONDS - start)) s)"
    passed=$((passed + 1))
  else
    echo "realstack: $name FAILED ($((SECONDS - start)) s)"
    tail -n 30 "$work/logs/$name.log" | sed 's/^/    /'
    failures+=("$name")
  fi
}
# verdict NAME COMMAND...: COMMAND, a checker that says why, passes or fails the check NAME;
# the first line it printed is shown when it passes, all of it when it fails.
verdict() {
  local name=$1 said
  shift
  if said=$("$@"); then
    echo "realstack: $name ok: ${said%%$'\n'*}"
    passed=$((passed + 1))
  else
    echo "realstack: $name FAILED:"
    echo "$said" | sed 's/^/    /'
    failures+=("$name")
  fi
}
# unchanged NAME: the run logged in logs/NAME.log sent no write and changed no resource.
unchanged() { verdict "$1 changed nothing" python3 "$here/changes.py" "$work/logs/$1.log"; }
# result NAME WHAT EXPRESSION: the JSON document NAME printed (as `d`) makes the Python
# expression true.
result() {
  if python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' \
       "$work/logs/$1.out" "$3" 2>/dev/null; then
    echo "realstack: $1 $2 ok"
    passed=$((passed + 1))
  else
    echo "realstack: $1 $2 FAILED: not true of its result: $3"
    failures+=("$1 $2")
  fi
}
run() { "$binary" run "$@"; }
recipe() { "$binary" run --log-format json "$@"; }

say "service scripts against the real services"
for script in "$REPO"/Tests/LuaScripts/openstack/*.lua; do
  name=$(basename "$script" .lua)
  [ "$name" = expect ] && continue
  check "$name" run --allow-read="$work" --allow-write="$work" "$script" \
    "$work/image.raw" "$work/password" "$work/appcred.json" "$work/token"
done

prefix="rs$$"
say "examples against the real services (prefix $prefix)"
check provision recipe --allow-read="$work/image.raw" "$REPO/scripts/examples/provision.lua" "$prefix" "$work/image.raw"
check provision-again recipe --allow-read="$work/image.raw" "$REPO/scripts/examples/provision.lua" "$prefix" "$work/image.raw"
result provision "built" 'len(d["servers"]) == 3 and all(s["status"] == "ACTIVE" for s in d["servers"]) and d["floating_ip"]["address"]'
unchanged provision-again
check teardown run "$REPO/scripts/examples/teardown.lua" "$prefix"

say "standard recipes against the real services, each run twice (prefix $prefix)"
ns=(network-stack --param "name=$prefix-ns" --param cidr=10.31.0.0/24)
check network-stack recipe "${ns[@]}"
result network-stack "made" 'all(d[k]["created"] for k in ("network", "subnet", "router")) and d["interface_added"] and d["changed"]'
check network-stack-again recipe "${ns[@]}"
unchanged network-stack-again
img=(--allow-read="$work/image.raw" image-upload --param "name=$prefix-img" --param "file=$work/image.raw"
     --param disk_format=raw --param "tags=$prefix")
check image-upload recipe "${img[@]}"
result image-upload "uploaded" 'd["uploaded"] and d["status"] == "active" and d["size"] == 3145728'
check image-upload-again recipe "${img[@]}"
unchanged image-upload-again
sg=(server-group --param "name=$prefix-sg" --param count=2 --param flavor=m1.tiny --param floating_ip=true)
check server-group recipe "${sg[@]}"
result server-group "built" 'len(d["servers"]) == 2 and all(s["status"] == "ACTIVE" and s["volume"] and s["floating_ip"] for s in d["servers"])'
check server-group-again recipe "${sg[@]}"
unchanged server-group-again
es=(ensure-servers --param "pattern=$prefix-es-%02d" --param count=2 --param "network=$prefix-ns" --param flavor=m1.tiny)
check ensure-servers recipe "${es[@]}"
result ensure-servers "made" 'len(d["created"]) == 2 and d["changed"]'
check ensure-servers-again recipe "${es[@]}"
unchanged ensure-servers-again
check ensure-servers-lost-one run "$here/delete-server.lua" "$prefix-es-02"
check ensure-servers-mend recipe "${es[@]}"
result ensure-servers-mend "made the lost one again" '[s["name"] for s in d["created"]] == ["'"$prefix"'-es-02"] and len(d["kept"]) == 1'
check tag-for-cleanup run "$here/tag.lua" "$prefix" "$prefix"
check cleanup-dry-run recipe cleanup --param "tag=$prefix" --param dry_run=true
cleanup=(cleanup --param "tag=$prefix" --param kinds=floating_ips,servers,volumes,ports,routers,networks,security_groups,images)
result cleanup-dry-run "listed" 'd["dry_run"] and len(d["deleted"]["servers"]) == 4'
check cleanup recipe "${cleanup[@]}"
result cleanup "deleted" 'len(d["deleted"]["servers"]) == 4 and len(d["deleted"]["images"]) == 1 and not d.get("failed")'
check cleanup-again recipe "${cleanup[@]}"
unchanged cleanup-again
check cleanup-left-nothing run "$here/leftovers.lua" "$prefix"

# No password, secret or token in anything the checks wrote (the token cache aside).
verdict "no secret in the output" python3 "$here/secrets.py" "$work"

if [ ${#failures[@]} -eq 0 ]; then
  echo "realstack: all ${passed} checks passed in $((SECONDS - begun)) s"
else
  list=$(printf '%s; ' "${failures[@]}")
  echo "realstack: ${passed} passed, ${#failures[@]} FAILED in $((SECONDS - begun)) s: ${list%; }"
  exit 1
fi
