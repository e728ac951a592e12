#!/usr/bin/env bash
# The main job: build stackrun and run the example workflow.
# Usage: scripts/demo.sh
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

ensure_build_packages
build_debug --product stackrun
say "running scripts/examples/hello.lua"
"$REPO/.build/debug/stackrun" run "$REPO/scripts/examples/hello.lua"
