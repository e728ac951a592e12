"""Fails when a secret the real-service checks signed in with appears in what they wrote: each
check's stdout and stderr (logs/), and the run history and journals (state/). The secrets are
the ones credentials.py wrote: admin's and demo's passwords, the application credential's secret
and the token issued for the checks, and the tokens the runs kept in their cache (cache/, which
holds them by design and is not itself searched). Prints only the names of the secrets found and the files they were found in.
    python3 secrets.py WORK
"""
import json
import os
import sys


def secrets(work):
    found = {}
    with open(os.path.join(work, "secure.yaml"), encoding="utf-8") as secure:
        for cloud, entry in json.load(secure)["clouds"].items():
            for key, value in entry["auth"].items():
                found[f"{cloud} {key}"] = value
    with open(os.path.join(work, "token"), encoding="utf-8") as token:
        found["issued token"] = token.read().strip()
    # The tokens the runs themselves signed in with: what their token cache kept.
    for directory, _, files in os.walk(os.path.join(work, "cache")):
        for name in files:
            try:
                with open(os.path.join(directory, name), encoding="utf-8") as cached:
                    value = json.load(cached).get("token")
            except (OSError, ValueError, AttributeError):
                continue
            if isinstance(value, str):
                found[f"cached token {name}"] = value
    # Shorter ones are left out: realstack's default admin password is "secret", a word the
    # logs rightly contain ("application_credential_secret": "***").
    return {name: value for name, value in found.items() if len(value) >= 8}


def main(work):
    wanted = secrets(work)
    leaks = []
    searched = 0
    for place in ("logs", "state"):
        for directory, _, files in os.walk(os.path.join(work, place)):
            for name in files:
                path = os.path.join(directory, name)
                with open(path, "rb") as handle:
                    text = handle.read()
                searched += 1
                leaks += [f"{secret} in {os.path.relpath(path, work)}"
                          for secret, value in wanted.items() if value.encode() in text]
    if leaks:
        print("\n".join(leaks))
        sys.exit(1)
    print(f"{len(wanted)} secrets searched for in {searched} files: none found")


if __name__ == "__main__":
    main(sys.argv[1])
