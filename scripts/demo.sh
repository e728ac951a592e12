#!/usr/bin/env bash
# The main job: build stackrun and its emulator, then run the provisioning example (a web tier:
# network, router, security group, key pair, an image uploaded from a file, three servers with a
# volume each, a floating IP) against the built-in OpenStack emulator, and print what it built.
# Usage: scripts/demo.sh
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

ensure_build_packages
build_debug --product stackrun
build_debug --product stackrun-emulator
image=$(mktemp /tmp/stackrun-demo-image.XXXXXX)
trap 'rm -f "$image"' EXIT
head -c 1048576 /dev/urandom >"$image"
say "running scripts/examples/provision.lua against the built-in emulator"
# The image file lies outside the script's directory and the working directory: reading it is
# granted on the command line (scripts read nothing else unless told).
"$REPO/.build/debug/stackrun" run --emulator --allow-read="$image" "$REPO/scripts/examples/provision.lua" demo "$image"
