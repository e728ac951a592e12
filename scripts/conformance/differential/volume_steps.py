"""Cinder: volumes (create, wait, show per microversion, list, detail, pagination, filters,
update, extend, delete), snapshots, volume types, quotas and limits, and each kind of error."""

import json
import time


def request(method, path, **options):
    return dict(service="volume", method=method, path=path, **options)


def admin(version=None, **headers):
    if version:
        headers["OpenStack-API-Version"] = "volume " + version
    return {"X-Auth-Token": "{admin}", **headers}


def demo(version=None):
    headers = {"X-Auth-Token": "{demo}"}
    if version:
        headers["OpenStack-API-Version"] = "volume " + version
    return headers


def login(user, password_key):
    def build(cloud):
        return dict(service="identity", method="POST", path="/v3/auth/tokens?nocatalog", json={"auth": {
            "identity": {"methods": ["password"], "password": {"user": {
                "name": user, "domain": {"name": "Default"}, "password": cloud.passwords[password_key]}}},
            "scope": {"project": {"name": user, "domain": {"name": "Default"}}}}})
    return build


def capture_project(prefix):
    def capture(cloud, response):
        if response.status == 201:
            cloud.values[prefix] = response.headers["x-subject-token"]
            cloud.values[prefix + "_project"] = response.json()["token"]["project"]["id"]
    return capture


def capture(name, *path):
    def store(cloud, response):
        body = response.json()
        try:
            for key in path:
                body = body[key]
        except (KeyError, IndexError, TypeError):
            # A failed create still leaves the later steps something to send (and to differ on).
            cloud.values.setdefault(name, MISSING)
            return
        cloud.values[name] = body
    return store


def waiting(seconds, build):
    """A request sent after a pause, for status changes (creating -> available)."""
    def delayed(cloud):
        time.sleep(seconds)
        return build(cloud)
    return delayed


MISSING = "00000000-0000-0000-0000-000000000000"
V = "/v3/{admin_project}"
D = "/v3/{demo_project}"

STEPS = [
    dict(name="volume login admin", capture=capture_project("admin"), request=login("admin", "admin")),
    dict(name="volume login demo", capture=capture_project("demo"), request=login("demo", "demo")),
    dict(name="volume create", capture=capture("volume_id", "volume", "id"),
         request=lambda c: request("POST", V + "/volumes", headers=admin(),
                                   json={"volume": {"size": 1, "name": "diff-volume", "metadata": {"purpose": "diff"}}})),
    dict(name="volume show available", request=waiting(4, lambda c: request("GET", V + "/volumes/{volume_id}", headers=admin()))),
    dict(name="volume show 3.70", request=lambda c: request("GET", V + "/volumes/{volume_id}", headers=admin("3.70"))),
    dict(name="volume show demo own", capture=capture("demo_volume_id", "volume", "id"),
         request=lambda c: request("POST", D + "/volumes", headers=demo(), json={"volume": {"size": 1, "name": "diff-demo"}})),
    dict(name="volume show as demo", request=waiting(4, lambda c: request("GET", D + "/volumes/{demo_volume_id}", headers=demo("3.70")))),
    dict(name="volume list", request=lambda c: request("GET", V + "/volumes?name=diff-volume", headers=admin())),
    dict(name="volume list detail", request=lambda c: request("GET", V + "/volumes/detail?name=diff-volume", headers=admin())),
    dict(name="volume list limit=1", request=lambda c: request("GET", V + "/volumes?limit=1", headers=admin())),
    dict(name="volume list with_count", request=lambda c: request(
        "GET", V + "/volumes/detail?limit=1&with_count=true", headers=admin("3.45"))),
    dict(name="volume list bad marker", request=lambda c: request(
        "GET", V + "/volumes?marker=00000000-0000-0000-0000-000000000000", headers=admin())),
    dict(name="volume list bad limit", request=lambda c: request("GET", V + "/volumes?limit=x", headers=admin())),
    dict(name="volume list demo bad filter 3.31", request=lambda c: request("GET", D + "/volumes?host=x", headers=demo("3.31"))),
    dict(name="volume update", request=lambda c: request(
        "PUT", V + "/volumes/{volume_id}", headers=admin(), json={"volume": {"name": "diff-volume", "description": "updated"}})),
    dict(name="volume metadata", request=lambda c: request("GET", V + "/volumes/{volume_id}/metadata", headers=admin())),
    dict(name="snapshot create", capture=capture("snapshot_id", "snapshot", "id"), request=lambda c: request(
        "POST", V + "/snapshots", headers=admin(), json={"snapshot": {"volume_id": c.values["volume_id"], "name": "diff-snap"}})),
    dict(name="snapshot show", request=waiting(4, lambda c: request("GET", V + "/snapshots/{snapshot_id}", headers=admin()))),
    dict(name="snapshot list", request=lambda c: request("GET", V + "/snapshots?name=diff-snap", headers=admin())),
    dict(name="snapshot list detail", request=lambda c: request("GET", V + "/snapshots/detail?name=diff-snap", headers=admin("3.70"))),
    dict(name="volume delete with snapshot", request=lambda c: request("DELETE", V + "/volumes/{volume_id}", headers=admin())),
    dict(name="snapshot delete", request=lambda c: request("DELETE", V + "/snapshots/{snapshot_id}", headers=admin())),
    dict(name="snapshot show missing", request=lambda c: request(
        "GET", V + "/snapshots/00000000-0000-0000-0000-000000000000", headers=admin())),
    dict(name="volume extend", request=lambda c: request(
        "POST", V + "/volumes/{volume_id}/action", headers=admin(), json={"os-extend": {"new_size": 2}})),
    dict(name="volume extend smaller", request=waiting(4, lambda c: request(
        "POST", V + "/volumes/{volume_id}/action", headers=admin(), json={"os-extend": {"new_size": 1}}))),
    dict(name="volume types", request=lambda c: request("GET", V + "/types", headers=admin())),
    dict(name="volume types as demo", request=lambda c: request("GET", D + "/types", headers=demo())),
    dict(name="volume type default", request=lambda c: request("GET", V + "/types/default", headers=admin())),
    dict(name="volume create bad type", request=lambda c: request(
        "POST", V + "/volumes", headers=admin(), json={"volume": {"size": 1, "volume_type": "no-such-type"}})),
    dict(name="volume create size -1", request=lambda c: request("POST", V + "/volumes", headers=admin(), json={"volume": {"size": -1}})),
    dict(name="volume create no size", request=lambda c: request("POST", V + "/volumes", headers=admin(), json={"volume": {"name": "x"}})),
    dict(name="volume create bad zone", request=lambda c: request(
        "POST", V + "/volumes", headers=admin(), json={"volume": {"size": 1, "availability_zone": "mars"}})),
    dict(name="volume create malformed", request=lambda c: request("POST", V + "/volumes", headers=admin(), raw='{"volume":')),
    dict(name="volume show missing", request=lambda c: request(
        "GET", V + "/volumes/00000000-0000-0000-0000-000000000000", headers=admin())),
    dict(name="volume wrong project in URL", request=lambda c: request("GET", V + "/volumes", headers=demo())),
    dict(name="volume version 3.99", request=lambda c: request("GET", V + "/volumes", headers=admin("3.99"))),
    dict(name="volume foreign version header", request=lambda c: request(
        "GET", V + "/volumes", headers=admin(**{"OpenStack-API-Version": "compute 2.1"}))),
    dict(name="volume unknown action", request=lambda c: request(
        "POST", V + "/volumes/{volume_id}/action", headers=admin(), json={"os-bogus": {}})),
    # Cinder (Zed) checks a new limit against usage only where the project already has an explicit
    # limit for that resource: set one first, so that the steps below see the same rules whether
    # this is the cloud's first run (no explicit limits yet) or a later one.
    dict(name="quota set demo volumes=10 (explicit limit)", request=lambda c: request(
        "PUT", V + "/os-quota-sets/{demo_project}", headers=admin(), json={"quota_set": {"volumes": 10}})),
    dict(name="quota show", request=lambda c: request("GET", V + "/os-quota-sets/{demo_project}", headers=admin())),
    dict(name="quota show usage", capture=capture("demo_volumes_used", "quota_set", "volumes", "in_use"),
         request=lambda c: request("GET", D + "/os-quota-sets/{demo_project}?usage=True", headers=demo())),
    dict(name="quota set below usage", request=lambda c: request(
        "PUT", V + "/os-quota-sets/{demo_project}", headers=admin(),
        json={"quota_set": {"volumes": max(0, int(c.values.get("demo_volumes_used", 1)) - 1)}})),
    dict(name="quota set demo volumes=used", request=lambda c: request(
        "PUT", V + "/os-quota-sets/{demo_project}", headers=admin(),
        json={"quota_set": {"volumes": int(c.values.get("demo_volumes_used", 1))}})),
    dict(name="volume create over quota", request=lambda c: request("POST", D + "/volumes", headers=demo(), json={"volume": {"size": 1}}),
         headers_compared=("retry-after",)),
    dict(name="quota set demo volumes=10", request=lambda c: request(
        "PUT", V + "/os-quota-sets/{demo_project}", headers=admin(), json={"quota_set": {"volumes": 10}})),
    dict(name="limits", request=lambda c: request("GET", D + "/limits", headers=demo())),
    dict(name="volume delete", request=waiting(3, lambda c: request("DELETE", V + "/volumes/{volume_id}", headers=admin()))),
    dict(name="volume delete demo", request=lambda c: request("DELETE", D + "/volumes/{demo_volume_id}", headers=demo())),
]
