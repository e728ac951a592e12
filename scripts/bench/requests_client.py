#!/usr/bin/python3
"""Python `requests` doing what lua/requests.lua does: GET URL COUNT times, CONCURRENCY at a
time (threads, one Session each, since a Session is not meant to be shared across threads).
Prints {"failures", "wall", "cpu"} as JSON, with time and CPU counted around the requests
only (not the interpreter's start-up or the import).
usage: requests_client.py URL COUNT CONCURRENCY"""

import json
import resource
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests


def main():
    url, count, concurrency = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    local = threading.local()
    failures = []

    def get(_):
        session = getattr(local, "session", None)
        if session is None:
            session = local.session = requests.Session()
        if session.get(url).status_code != 200:
            failures.append(1)

    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    if concurrency <= 1:
        for i in range(count):
            get(i)
    else:
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            list(pool.map(get, range(count)))
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(json.dumps({"failures": len(failures), "wall": wall, "cpu": cpu}))


if __name__ == "__main__":
    main()
