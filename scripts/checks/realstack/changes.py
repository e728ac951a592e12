"""Reads a `stackrun run --log-format json` log and says whether the run changed anything.

A change is an API call that is not a read (POST, PUT, PATCH, DELETE; signing in aside) or a
resource the run summary counts as created, changed or deleted. Prints one line; exits 1 when
the run changed something, 2 when the log has no run summary.
    python3 changes.py LOG
"""
import json
import sys

WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def main(path):
    calls, writes, summary = 0, [], None
    with open(path, encoding="utf-8") as log:
        for line in log:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if not isinstance(record, dict):
                continue
            if "summary" in record:
                summary = record["summary"]
            elif "method" in record and "url" in record:
                calls += 1
                url = record["url"].split("?")[0]
                if record["method"] in WRITES and not url.endswith("/auth/tokens"):
                    writes.append(f'{record["method"]} {url} {record.get("status", "?")}')
    if summary is None:
        print("no run summary in the log")
        return 2
    resources = summary.get("resources", {})
    counted = {k: resources.get(k, 0) for k in ("created", "changed", "deleted")}
    print(f"{calls} API calls, {len(writes)} writes; resources {counted}")
    for write in writes:
        print(f"  {write}")
    return 1 if writes or any(counted.values()) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
