#!/usr/bin/env bash
# The test suite once more, built with the address sanitizer (.build-asan), so that an
# out-of-bounds access or a use after free in our C shims, Lua, libcurl's callbacks or the
# unsafe pointers of the Swift code fails the run where it happens. The stackrun the CLI tests
# start is the sanitized one too (the one next to the test bundle).
#
# Left out, each for a reason of the sanitizer's, not of the code:
#   - OutOfMemoryTests run stackrun under `ulimit -v`; ASan reserves terabytes of address space
#     for its shadow memory and cannot start under that limit;
#   - largeUploadAndDownloadKeepMemoryFlat measures RSS, which ASan's quarantine of freed
#     memory (256 MiB) inflates;
#   - tokenExpiresMidScript gives tokens a lifetime of seconds, which the sanitized code's
#     slowness (2-3x) uses up before the calls it counts are made.
# Leak detection is off (detect_leaks=0): scripts/checks/leaks.sh is the leak check, under
# valgrind. LeakSanitizer at exit also reports XCTest's own harness objects and, in stackrun,
# a 32-byte weak-reference side table of StatusPoller's deadline timer, a task still pending
# when the process exits.
# Usage: scripts/checks/asan.sh   (about 6 minutes of tests after a build of its own, 17 from nothing)
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

ensure_build_packages
say "building with the address sanitizer (.build-asan)"
(cd "$REPO" && "$SWIFT" build --build-tests --sanitize=address --build-path .build-asan >&2)
say "running the tests under the address sanitizer"
cd "$REPO"
ASAN_OPTIONS=detect_leaks=0:abort_on_error=0 "$SWIFT" test --skip-build --build-path .build-asan --sanitize=address \
  --skip 'OutOfMemoryTests|largeUploadAndDownloadKeepMemoryFlat|tokenExpiresMidScript'
