#!/bin/bash
# HTTP benchmarks (issue 3): builds the release stackrun as it ships, then runs http_bench.py,
# which starts nginx and the fixture server on loopback and compares stackrun with the curl
# tool and Python requests. Results go to stdout as JSON (and to --json FILE if given); the
# figures and how they were read are in docs/performance.md, section HTTP.
#
# usage: scripts/bench/http.sh [http_bench.py options, e.g. --rounds 5 --json /tmp/http.json]
# needs: nginx-light, curl, python3-requests (Debian packages)
set -euo pipefail
cd "$(dirname "$0")/../.."
# Always the toolchain's swift: Debian's python3-swiftclient installs an unrelated /usr/bin/swift.
/opt/swift/usr/bin/swift build -c release --static-swift-stdlib --product stackrun >&2
binary="$(/opt/swift/usr/bin/swift build -c release --static-swift-stdlib --product stackrun --show-bin-path)/stackrun"
exec /usr/bin/python3 scripts/bench/http_bench.py --stackrun "$binary" "$@"
