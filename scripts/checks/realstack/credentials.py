"""Writes the files realstack.sh's scripts sign in with, each 0600 in WORK, none printed:
password (admin's, from OS_PASSWORD), token (one Keystone issues for admin now), appcred.json
(realstack's application credential of user demo: id and secret), and clouds.yaml with
secure.yaml (the secrets) for clouds.lua: sr-admin (Keystone's unversioned URL), sr-internal
(internal interface, compute microversion 2.60), sr-demo (non-admin) and sr-appcred.
    python3 credentials.py WORK REALSTACK_STATE_DIR
"""
import json
import os
import sys
import urllib.request


def exports(path):
    """The variables an openrc-style file exports."""
    found = {}
    with open(path, encoding="utf-8") as rc:
        for line in rc:
            line = line.strip()
            if line.startswith("export ") and "=" in line:
                key, value = line[len("export "):].split("=", 1)
                found[key] = value.strip("'\"")
    return found


def write_secret(path, text):
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(text)


def issue_token(auth_url, username, password, project):
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": username, "domain": {"name": "Default"}, "password": password}}},
        "scope": {"project": {"name": project, "domain": {"name": "Default"}}}}}
    request = urllib.request.Request(auth_url.rstrip("/") + "/auth/tokens", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=60) as answer:
        return answer.headers["X-Subject-Token"]


def main(work, state):
    env = os.environ
    auth_url, password = env["OS_AUTH_URL"], env["OS_PASSWORD"]
    demo = exports(os.path.join(state, "demo-openrc"))
    appcred = exports(os.path.join(state, "appcred-demo.env"))
    write_secret(os.path.join(work, "password"), password + "\n")
    write_secret(os.path.join(work, "token"), issue_token(auth_url, env["OS_USERNAME"], password, env["OS_PROJECT_NAME"]) + "\n")
    write_secret(os.path.join(work, "appcred.json"), json.dumps(
        {"id": appcred["OS_APPLICATION_CREDENTIAL_ID"], "secret": appcred["OS_APPLICATION_CREDENTIAL_SECRET"]}))

    unversioned = auth_url.rstrip("/").removesuffix("/v3")
    def user(name, project, url=auth_url):
        return {"auth_url": url, "username": name, "project_name": project,
                "user_domain_name": "Default", "project_domain_name": "Default"}
    clouds = {"clouds": {
        "sr-admin": {"region_name": "RegionOne", "auth": user(env["OS_USERNAME"], env["OS_PROJECT_NAME"], unversioned)},
        "sr-internal": {"region_name": "RegionOne", "interface": "internal", "compute_api_version": "2.60",
                        "auth": user(env["OS_USERNAME"], env["OS_PROJECT_NAME"])},
        "sr-demo": {"region_name": "RegionOne", "auth": user(demo["OS_USERNAME"], demo["OS_PROJECT_NAME"])},
        "sr-appcred": {"region_name": "RegionOne", "auth_type": "v3applicationcredential",
                       "auth": {"auth_url": auth_url, "application_credential_id": appcred["OS_APPLICATION_CREDENTIAL_ID"]}},
    }}
    secure = {"clouds": {
        "sr-admin": {"auth": {"password": password}},
        "sr-internal": {"auth": {"password": password}},
        "sr-demo": {"auth": {"password": demo["OS_PASSWORD"]}},
        "sr-appcred": {"auth": {"application_credential_secret": appcred["OS_APPLICATION_CREDENTIAL_SECRET"]}},
    }}
    # JSON is YAML: no YAML library needed.
    write_secret(os.path.join(work, "clouds.yaml"), json.dumps(clouds, indent=2) + "\n")
    write_secret(os.path.join(work, "secure.yaml"), json.dumps(secure, indent=2) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
