#!/usr/bin/env bash
# Runs the service test scripts (Tests/LuaScripts/openstack) and both examples against real
# OpenStack services (Keystone, Nova, Cinder, Neutron, Glance from Debian's packages), started
# on loopback by realstack's up.sh. The test command calls this when STACKRUN_REAL=1.
# Where realstack lives: $STACKRUN_REALSTACK, else ../shared/realstack next to the repository.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

realstack=${STACKRUN_REALSTACK:-$REPO/../shared/realstack}
if [ ! -x "$realstack/up.sh" ]; then
  echo "STACKRUN_REAL=1, but realstack is not at $realstack (set STACKRUN_REALSTACK)" >&2
  exit 1
fi
binary="$REPO/.build/debug/stackrun"
[ -x "$binary" ] || build_debug --product stackrun

say "starting the real services (realstack; about 3.5 minutes on a clean machine)"
exports=$("$realstack/up.sh")
eval "$exports"
export STACKRUN_TARGET=realstack

work=$(mktemp -d /tmp/stackrun-real.XXXXXX)
trap 'rm -rf "$work"' EXIT
head -c 3145728 /dev/urandom >"$work/image.raw"
# auth.lua signs in to a second cloud with a password it is given in a file (scripts never read
# OS_PASSWORD); the service scripts read and write in $work, and say so on their command line.
(umask 077 && printf '%s\n' "$OS_PASSWORD" >"$work/password")

failed=0
for script in "$REPO"/Tests/LuaScripts/openstack/*.lua; do
  name=$(basename "$script" .lua)
  [ "$name" = expect ] && continue
  if output=$("$binary" run --allow-read="$work" --allow-write="$work" "$script" "$work/image.raw" "$work/password" 2>&1); then
    echo "realstack: $name ok"
  else
    echo "realstack: $name FAILED" >&2
    echo "$output" >&2
    failed=1
  fi
done

prefix="rs$$"
say "examples against the real services (prefix $prefix)"
if "$binary" run --allow-read="$work/image.raw" "$REPO/scripts/examples/provision.lua" "$prefix" "$work/image.raw" >"$work/provision.json" \
   && "$binary" run --allow-read="$work/image.raw" "$REPO/scripts/examples/provision.lua" "$prefix" "$work/image.raw" >/dev/null; then
  echo "realstack: provision ok (run twice): $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["servers"]), "servers, floating IP", d["floating_ip"]["address"])' "$work/provision.json")"
else
  echo "realstack: provision FAILED" >&2
  failed=1
fi
if "$binary" run "$REPO/scripts/examples/teardown.lua" "$prefix" >/dev/null; then
  echo "realstack: teardown ok"
else
  echo "realstack: teardown FAILED" >&2
  failed=1
fi
exit $failed
