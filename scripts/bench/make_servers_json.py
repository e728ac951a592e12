#!/usr/bin/env python3
"""Writes a Nova `GET /servers/detail` body of N servers (default 500), shaped like a real one
(ids, nested addresses, flavor and image objects, metadata, floats, booleans and nulls, a
\\u escape), deterministic so that every run measures the same bytes."""
import json
import random
import sys

count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
rng = random.Random(42)


def uuid():
    h = "".join(rng.choice("0123456789abcdef") for _ in range(32))
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


servers = []
for i in range(count):
    sid = uuid()
    servers.append({
        "id": sid,
        "name": f"web-{i:03d} \u00e9\"q\"",
        "status": rng.choice(["ACTIVE", "BUILD", "SHUTOFF"]),
        "metadata": {"role": "web", "index": str(i)},
        "image": {"id": uuid()},
        "flavor": {"vcpus": 1, "ram": 512, "disk": 1, "original_name": "m1.tiny"},
        "addresses": {"private": [{"version": 4, "addr": f"10.0.{i // 250}.{i % 250 + 2}",
                                   "OS-EXT-IPS:type": "fixed"}]},
        "key_name": None,
        "progress": 0 if i % 2 else 100,
        "OS-EXT-STS:power_state": 1,
        "locked": False,
        "tags": [],
        "load": round(rng.random() * 4, 3),
    })

json.dump({"servers": servers}, sys.stdout, separators=(",", ": "))
