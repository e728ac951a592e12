"""Nova: flavors, key pairs, limits and quotas, servers (create, list, filters, pagination, show,
update, actions, console, metadata, tags, volume attachments, delete), and each kind of error.

Runs as the demo user, with a token of its own (identity's steps revoke theirs). Steps that need
a server to settle poll it before they send their request, on both clouds.
"""

import time

import engine

ZERO = "00000000-0000-0000-0000-000000000000"
# An Ed25519 public key made with ssh-keygen for these steps.
PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA7YpEbmKbZl94jSb0JqZ0F0A7eEG5ht+N1gVc+SX+5u differential@example"


def password_auth(user, password, project):
    return {"auth": {"identity": {"methods": ["password"], "password": {
        "user": {"name": user, "domain": {"name": "Default"}, "password": password}}},
        "scope": {"project": {"name": project, "domain": {"name": "Default"}}}}}


def login(name, user):
    def capture(cloud, response):
        if response.status == 201:
            cloud.values[name] = response.headers["x-subject-token"]
            cloud.values[name + "_project"] = response.json()["token"]["project"]["id"]
    return dict(name=f"login {user} for compute", capture=capture, request=lambda c: dict(
        service="identity", method="POST", path="/v3/auth/tokens?nocatalog",
        json=password_auth(user, c.passwords[user], user)))


def nova(method, path, version=None, user="nova_demo", **options):
    headers = {"X-Auth-Token": "{%s}" % user, **options.pop("headers", {})}
    if version:
        headers["OpenStack-API-Version"] = "compute " + version
    return dict(service="compute", method=method, path="/v2.1" + path, headers=headers, **options)


def capture_value(name, *keys):
    def capture(cloud, response):
        if response.status < 300:
            value = response.json()
            for key in keys:
                value = value[key]
            cloud.values[name] = value
    return capture


def image(cloud):
    """The cirros image's id, looked up in Glance once (not compared: that is Glance's business)."""
    if "image" not in cloud.values:
        response = engine.send(cloud, dict(service="image", method="GET", path="/v2/images?name=cirros",
                                           headers={"X-Auth-Token": "{nova_demo}"}))
        images = (response.json() or {}).get("images", []) if response.status == 200 else []
        cloud.values["image"] = images[0]["id"] if images else ZERO
    return cloud.values["image"]


def wait(cloud, request, done, timeout=60):
    """Polls `request` on `cloud` until `done(response)`; the step's own request follows."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        response = engine.send(cloud, request)
        if done(response):
            return
        time.sleep(0.5)
    print(f"warning: {cloud.name}: gave up waiting on {request['path']}")


def server_status(*statuses):
    def done(response):
        if response.status == 404:
            return "GONE" in statuses
        body = response.json() or {}
        server = body.get("server", {})
        return server.get("status") in statuses and server.get("OS-EXT-STS:task_state") is None
    return done


def after_server(statuses, request):
    return after_server_id("server", statuses, request)


def after_server_id(name, statuses, request):
    def build(cloud):
        wait(cloud, nova("GET", "/servers/{%s}" % name), server_status(*statuses))
        return request(cloud)
    return build


def port_of(cloud):
    """The port Nova made for the networked server."""
    response = engine.send(cloud, dict(service="network", method="GET", path="/v2.0/ports?device_id={net_server}",
                                       headers={"X-Auth-Token": "{nova_demo}"}))
    ports = (response.json() or {}).get("ports", [])
    return ports[0]["id"] if ports else ZERO


def volume_status(status):
    def done(response):
        body = response.json() or {}
        return response.status == 200 and body.get("volume", {}).get("status") == status
    return done


def new_volume(request):
    """Makes a volume in Cinder for the attachment steps (not compared: that is Cinder's business)."""
    def build(cloud):
        response = engine.send(cloud, dict(
            service="volume", method="POST", path="/v3/{nova_demo_project}/volumes", headers={"X-Auth-Token": "{nova_demo}"},
            json={"volume": {"size": 1, "name": "differential-attach"}}))
        cloud.values["volume"] = (response.json() or {}).get("volume", {}).get("id", ZERO)
        return after_volume("available", request)(cloud)
    return build


def then_delete_volume(request):
    """Deletes the attachment steps' volume once it is available again, then sends `request`."""
    def build(cloud):
        volume = dict(service="volume", method="GET", path="/v3/{nova_demo_project}/volumes/{volume}",
                      headers={"X-Auth-Token": "{nova_demo}"})
        wait(cloud, volume, volume_status("available"))
        engine.send(cloud, {**volume, "method": "DELETE"})
        return request(cloud)
    return build


def with_network(request):
    """Makes a network with a subnet in Neutron for the next server (not compared: Neutron's business)."""
    def build(cloud):
        headers = {"X-Auth-Token": "{nova_demo}"}
        response = engine.send(cloud, dict(service="network", method="POST", path="/v2.0/networks", headers=headers,
                                           json={"network": {"name": "differential-net"}}))
        network = (response.json() or {}).get("network", {}).get("id", ZERO)
        cloud.values["network"] = network
        engine.send(cloud, dict(service="network", method="POST", path="/v2.0/subnets", headers=headers, json={
            "subnet": {"network_id": network, "cidr": "10.77.0.0/24", "ip_version": 4, "name": "differential-subnet"}}))
        return request(cloud)
    return build


def then_delete_network(request):
    """Deletes the network of `with_network` once the server's port is gone, then sends `request`."""
    def build(cloud):
        headers = {"X-Auth-Token": "{nova_demo}"}
        ports = dict(service="network", method="GET", path="/v2.0/ports?device_id={net_server}", headers=headers)
        wait(cloud, ports, lambda response: response.status == 200 and not (response.json() or {}).get("ports"))
        engine.send(cloud, dict(service="network", method="DELETE", path="/v2.0/networks/{network}", headers=headers))
        return request(cloud)
    return build


def after_volume(status, request):
    def build(cloud):
        wait(cloud, dict(service="volume", method="GET", path="/v3/{nova_demo_project}/volumes/{volume}",
                         headers={"X-Auth-Token": "{nova_demo}"}), volume_status(status))
        return request(cloud)
    return build


def create_body(name, **extra):
    return lambda c: {"server": {"name": name, "imageRef": image(c), "flavorRef": "1", "networks": "none", **extra}}


STEPS = [
    login("nova_demo", "demo"),
    login("nova_admin", "admin"),

    # Flavors
    dict(name="GET /flavors", request=lambda c: nova("GET", "/flavors")),
    dict(name="GET /flavors 2.55", request=lambda c: nova("GET", "/flavors", "2.55")),
    dict(name="GET /flavors/detail", request=lambda c: nova("GET", "/flavors/detail")),
    dict(name="GET /flavors/detail 2.93", request=lambda c: nova("GET", "/flavors/detail", "2.93")),
    dict(name="GET /flavors?limit=1", request=lambda c: nova("GET", "/flavors?limit=1")),
    dict(name="GET /flavors/1", request=lambda c: nova("GET", "/flavors/1", "2.61")),
    dict(name="GET /flavors/99", request=lambda c: nova("GET", "/flavors/99")),
    dict(name="GET /flavors?marker=zz", request=lambda c: nova("GET", "/flavors?marker=zz")),
    dict(name="GET /flavors?minRam=x", request=lambda c: nova("GET", "/flavors?minRam=x")),
    dict(name="GET /flavors?bogus=1 2.75", request=lambda c: nova("GET", "/flavors?bogus=1", "2.75")),

    # Key pairs
    dict(name="POST /os-keypairs import 2.93", request=lambda c: nova(
        "POST", "/os-keypairs", "2.93", json={"keypair": {"name": "differential", "public_key": PUBLIC_KEY}})),
    dict(name="POST /os-keypairs duplicate", request=lambda c: nova(
        "POST", "/os-keypairs", "2.93", json={"keypair": {"name": "differential", "public_key": PUBLIC_KEY}})),
    dict(name="POST /os-keypairs generate 2.92", request=lambda c: nova(
        "POST", "/os-keypairs", "2.92", json={"keypair": {"name": "differential-gen"}})),
    dict(name="POST /os-keypairs generate 2.10", request=lambda c: nova(
        "POST", "/os-keypairs", "2.10", json={"keypair": {"name": "differential-gen"}})),
    dict(name="POST /os-keypairs bad key", request=lambda c: nova(
        "POST", "/os-keypairs", "2.93", json={"keypair": {"name": "differential-bad", "public_key": "ssh-rsa nonsense"}})),
    dict(name="POST /os-keypairs bad name", request=lambda c: nova(
        "POST", "/os-keypairs", "2.10", json={"keypair": {"name": "bad/name", "public_key": PUBLIC_KEY}})),
    dict(name="GET /os-keypairs 2.1", request=lambda c: nova("GET", "/os-keypairs")),
    dict(name="GET /os-keypairs?limit=1 2.35", request=lambda c: nova("GET", "/os-keypairs?limit=1", "2.35")),
    dict(name="GET /os-keypairs/differential 2.93", request=lambda c: nova("GET", "/os-keypairs/differential", "2.93")),
    dict(name="GET /os-keypairs/nope", request=lambda c: nova("GET", "/os-keypairs/nope")),
    dict(name="DELETE /os-keypairs/differential-gen 2.1", request=lambda c: nova("DELETE", "/os-keypairs/differential-gen")),

    # Limits and quotas
    dict(name="GET /limits", request=lambda c: nova("GET", "/limits")),
    dict(name="GET /limits 2.93", request=lambda c: nova("GET", "/limits", "2.93")),
    dict(name="GET /os-quota-sets/{project}", request=lambda c: nova("GET", "/os-quota-sets/{nova_demo_project}")),
    dict(name="GET /os-quota-sets/{project} 2.93", request=lambda c: nova("GET", "/os-quota-sets/{nova_demo_project}", "2.93")),
    dict(name="GET /os-quota-sets/{project}/detail", request=lambda c: nova("GET", "/os-quota-sets/{nova_demo_project}/detail", "2.93")),
    dict(name="PUT /os-quota-sets as member", request=lambda c: nova(
        "PUT", "/os-quota-sets/{nova_demo_project}", "2.93", json={"quota_set": {"instances": 20}})),

    # Server create errors
    dict(name="POST /servers no networks 2.93", request=lambda c: nova(
        "POST", "/servers", "2.93", json={"server": {"name": "x", "imageRef": image(c), "flavorRef": "1"}})),
    dict(name="POST /servers no flavorRef", request=lambda c: nova("POST", "/servers", json={"server": {"name": "x"}})),
    dict(name="POST /servers unknown flavor", request=lambda c: nova(
        "POST", "/servers", "2.93", json={"server": {**create_body("x")(c)["server"], "flavorRef": "99"}})),
    dict(name="POST /servers unknown image", request=lambda c: nova(
        "POST", "/servers", "2.93", json={"server": {**create_body("x")(c)["server"], "imageRef": ZERO}})),
    dict(name="POST /servers unknown key", request=lambda c: nova(
        "POST", "/servers", "2.93", json={"server": {**create_body("x")(c)["server"], "key_name": "nokey"}})),
    dict(name="POST /servers unknown network", request=lambda c: nova(
        "POST", "/servers", "2.93", json={"server": {**create_body("x")(c)["server"], "networks": [{"uuid": ZERO}]}})),
    dict(name="POST /servers unknown port", request=lambda c: nova(
        "POST", "/servers", "2.93", json={"server": {**create_body("x")(c)["server"], "networks": [{"port": ZERO}]}})),
    dict(name="POST /servers bad zone", request=lambda c: nova(
        "POST", "/servers", "2.93", json={"server": {**create_body("x")(c)["server"], "availability_zone": "zz"}})),
    dict(name="POST /servers bad user_data", request=lambda c: nova(
        "POST", "/servers", "2.93", json={"server": {**create_body("x")(c)["server"], "user_data": "!!notbase64"}})),
    dict(name="POST /servers unknown member", request=lambda c: nova(
        "POST", "/servers", "2.93", json={"server": {**create_body("x")(c)["server"], "bogus": 1}})),
    dict(name="POST /servers unknown security group", request=lambda c: nova(
        "POST", "/servers", "2.93", json={"server": {**create_body("x")(c)["server"], "security_groups": [{"name": "nosuch"}]}})),

    # A server through its life
    dict(name="POST /servers", capture=capture_value("server", "server", "id"), request=lambda c: nova(
        "POST", "/servers", "2.93", json=create_body("differential-vm", key_name="differential", metadata={"role": "test"},
                                                     tags=["diff"], description="differential")(c))),
    dict(name="GET /servers/{id} 2.93 once ACTIVE", request=after_server(["ACTIVE"], lambda c: nova("GET", "/servers/{server}", "2.93"))),
    dict(name="GET /servers/{id} 2.1", request=lambda c: nova("GET", "/servers/{server}")),
    dict(name="GET /servers/{id} 2.47", request=lambda c: nova("GET", "/servers/{server}", "2.47")),
    dict(name="GET /servers/{id} 2.93 admin", request=lambda c: nova("GET", "/servers/{server}", "2.93", user="nova_admin")),
    dict(name="GET /servers/{id} 2.1 admin", request=lambda c: nova("GET", "/servers/{server}", user="nova_admin")),
    dict(name="GET /servers/{zero}", request=lambda c: nova("GET", "/servers/" + ZERO)),
    dict(name="GET /servers", request=lambda c: nova("GET", "/servers?name=differential-vm")),
    dict(name="GET /servers/detail 2.93", request=lambda c: nova("GET", "/servers/detail?name=%5Edifferential-vm%24", "2.93")),
    dict(name="GET /servers/detail 2.1", request=lambda c: nova("GET", "/servers/detail?name=differential-vm")),
    dict(name="GET /servers?limit=1", request=lambda c: nova("GET", "/servers?limit=1&name=differential")),
    dict(name="GET /servers?status=ACTIVE", request=lambda c: nova("GET", "/servers?status=ACTIVE&name=differential")),
    dict(name="GET /servers?status=bogus 2.93", request=lambda c: nova("GET", "/servers?status=bogus", "2.93")),
    dict(name="GET /servers?status=bogus 2.1", request=lambda c: nova("GET", "/servers?status=bogus")),
    dict(name="GET /servers?name=( (bad regex)", request=lambda c: nova("GET", "/servers?name=(")),
    dict(name="GET /servers?marker=x", request=lambda c: nova("GET", "/servers?marker=x")),
    dict(name="GET /servers?limit=x", request=lambda c: nova("GET", "/servers?limit=x")),
    dict(name="GET /servers?changes-since=bogus", request=lambda c: nova("GET", "/servers?changes-since=bogus")),
    dict(name="GET /servers?status=deleted as member", request=lambda c: nova("GET", "/servers?status=deleted")),
    dict(name="PUT /servers/{id} 2.1", request=lambda c: nova("PUT", "/servers/{server}", json={"server": {"name": "differential-vm"}})),
    dict(name="PUT /servers/{id} 2.93", request=lambda c: nova(
        "PUT", "/servers/{server}", "2.93", json={"server": {"description": "updated"}})),
    dict(name="PUT /servers/{id} description at 2.1", request=lambda c: nova(
        "PUT", "/servers/{server}", json={"server": {"description": "x"}})),

    # Actions
    dict(name="action os-start while ACTIVE", request=lambda c: nova("POST", "/servers/{server}/action", json={"os-start": None})),
    dict(name="action confirmResize while ACTIVE", request=lambda c: nova("POST", "/servers/{server}/action", json={"confirmResize": None})),
    dict(name="action revertResize while ACTIVE", request=lambda c: nova("POST", "/servers/{server}/action", json={"revertResize": None})),
    dict(name="action resize to the same flavor", request=lambda c: nova(
        "POST", "/servers/{server}/action", json={"resize": {"flavorRef": "1"}})),
    dict(name="action resize to an unknown flavor", request=lambda c: nova(
        "POST", "/servers/{server}/action", json={"resize": {"flavorRef": "99"}})),
    dict(name="action reboot bad type", request=lambda c: nova(
        "POST", "/servers/{server}/action", json={"reboot": {"type": "BAD"}})),
    dict(name="action reboot no type", request=lambda c: nova("POST", "/servers/{server}/action", json={"reboot": {}})),
    dict(name="action bogus", request=lambda c: nova("POST", "/servers/{server}/action", json={"bogus": None})),
    dict(name="action two at once", request=lambda c: nova(
        "POST", "/servers/{server}/action", json={"os-stop": None, "os-start": None})),
    dict(name="action os-getConsoleOutput", request=lambda c: nova(
        "POST", "/servers/{server}/action", json={"os-getConsoleOutput": {"length": 2}})),
    dict(name="action os-getConsoleOutput null", request=lambda c: nova(
        "POST", "/servers/{server}/action", json={"os-getConsoleOutput": None})),
    dict(name="action os-getConsoleOutput bad length", request=lambda c: nova(
        "POST", "/servers/{server}/action", json={"os-getConsoleOutput": {"length": -2}})),
    dict(name="action reboot SOFT", request=lambda c: nova("POST", "/servers/{server}/action", json={"reboot": {"type": "SOFT"}})),
    dict(name="action os-stop", request=after_server(["ACTIVE"], lambda c: nova(
        "POST", "/servers/{server}/action", json={"os-stop": None}))),
    dict(name="action os-stop while SHUTOFF", request=after_server(["SHUTOFF"], lambda c: nova(
        "POST", "/servers/{server}/action", json={"os-stop": None}))),
    dict(name="action soft reboot while SHUTOFF", request=lambda c: nova(
        "POST", "/servers/{server}/action", json={"reboot": {"type": "SOFT"}})),
    dict(name="GET /servers/{id} SHUTOFF", request=lambda c: nova("GET", "/servers/{server}", "2.93")),
    dict(name="action os-start", request=lambda c: nova("POST", "/servers/{server}/action", json={"os-start": None})),

    # Metadata and tags
    dict(name="POST /servers/{id}/metadata", request=after_server(["ACTIVE"], lambda c: nova(
        "POST", "/servers/{server}/metadata", json={"metadata": {"k1": "v1", "k2": "v2"}}))),
    dict(name="PUT /servers/{id}/metadata", request=lambda c: nova(
        "PUT", "/servers/{server}/metadata", json={"metadata": {"k3": "v3"}})),
    dict(name="GET /servers/{id}/metadata", request=lambda c: nova("GET", "/servers/{server}/metadata")),
    dict(name="GET /servers/{id}/metadata/k3", request=lambda c: nova("GET", "/servers/{server}/metadata/k3")),
    dict(name="GET /servers/{id}/metadata/nope", request=lambda c: nova("GET", "/servers/{server}/metadata/nope")),
    dict(name="PUT /servers/{id}/metadata/k4", request=lambda c: nova(
        "PUT", "/servers/{server}/metadata/k4", json={"meta": {"k4": "v4"}})),
    dict(name="PUT /servers/{id}/metadata/k4 mismatch", request=lambda c: nova(
        "PUT", "/servers/{server}/metadata/k4", json={"meta": {"k5": "v4"}})),
    dict(name="DELETE /servers/{id}/metadata/k4", request=lambda c: nova("DELETE", "/servers/{server}/metadata/k4")),
    dict(name="DELETE /servers/{id}/metadata/k4 again", request=lambda c: nova("DELETE", "/servers/{server}/metadata/k4")),
    dict(name="GET /servers/{id}/tags 2.1", request=lambda c: nova("GET", "/servers/{server}/tags")),
    dict(name="PUT /servers/{id}/tags", request=lambda c: nova("PUT", "/servers/{server}/tags", "2.26", json={"tags": ["a", "b"]})),
    dict(name="PUT /servers/{id}/tags/c", request=lambda c: nova("PUT", "/servers/{server}/tags/c", "2.26")),
    dict(name="PUT /servers/{id}/tags/c again", request=lambda c: nova("PUT", "/servers/{server}/tags/c", "2.26")),
    dict(name="GET /servers/{id}/tags/c", request=lambda c: nova("GET", "/servers/{server}/tags/c", "2.26")),
    dict(name="GET /servers/{id}/tags/zz", request=lambda c: nova("GET", "/servers/{server}/tags/zz", "2.26")),
    dict(name="DELETE /servers/{id}/tags/c", request=lambda c: nova("DELETE", "/servers/{server}/tags/c", "2.26")),
    dict(name="GET /servers/{id}/tags", request=lambda c: nova("GET", "/servers/{server}/tags", "2.26")),

    # Volume attachments
    dict(name="POST /servers/{id}/os-volume_attachments", request=new_volume(lambda c: nova(
        "POST", "/servers/{server}/os-volume_attachments", "2.93", json={"volumeAttachment": {"volumeId": c.values.get("volume", ZERO)}}))),
    dict(name="POST /servers/{id}/os-volume_attachments again", request=after_volume("in-use", lambda c: nova(
        "POST", "/servers/{server}/os-volume_attachments", "2.93", json={"volumeAttachment": {"volumeId": c.values.get("volume", ZERO)}}))),
    dict(name="POST /servers/{id}/os-volume_attachments unknown volume", request=lambda c: nova(
        "POST", "/servers/{server}/os-volume_attachments", json={"volumeAttachment": {"volumeId": ZERO}})),
    dict(name="POST /servers/{id}/os-volume_attachments no volumeId", request=lambda c: nova(
        "POST", "/servers/{server}/os-volume_attachments", json={"volumeAttachment": {}})),
    dict(name="GET /servers/{id}/os-volume_attachments 2.93", request=lambda c: nova("GET", "/servers/{server}/os-volume_attachments", "2.93")),
    dict(name="GET /servers/{id}/os-volume_attachments 2.1", request=lambda c: nova("GET", "/servers/{server}/os-volume_attachments")),
    dict(name="GET /servers/{id}/os-volume_attachments/{volume} 2.79", request=lambda c: nova(
        "GET", "/servers/{server}/os-volume_attachments/{volume}", "2.79")),
    dict(name="GET /servers/{id} with a volume", request=lambda c: nova("GET", "/servers/{server}", "2.93")),
    dict(name="DELETE /servers/{id}/os-volume_attachments/{volume}", request=lambda c: nova(
        "DELETE", "/servers/{server}/os-volume_attachments/{volume}")),
    dict(name="DELETE /servers/{id}/os-volume_attachments/{volume} again", request=after_volume("available", lambda c: nova(
        "DELETE", "/servers/{server}/os-volume_attachments/{volume}"))),

    # Quota: the demo project's instances limit set to 0 by the admin, then reset.
    dict(name="PUT /os-quota-sets instances 0", request=then_delete_volume(lambda c: nova(
        "PUT", "/os-quota-sets/{nova_demo_project}", "2.93", user="nova_admin", json={"quota_set": {"instances": 0, "force": True}}))),
    dict(name="POST /servers over quota", request=lambda c: nova("POST", "/servers", "2.93", json=create_body("differential-over")(c))),
    dict(name="DELETE /os-quota-sets", request=lambda c: nova("DELETE", "/os-quota-sets/{nova_demo_project}", user="nova_admin")),

    # A server on a Neutron network: addresses and security groups.
    dict(name="POST /servers on a network", capture=capture_value("net_server", "server", "id"), request=with_network(lambda c: nova(
        "POST", "/servers", "2.93", json={"server": {**create_body("differential-net-vm")(c)["server"],
                                                     "networks": [{"uuid": c.values["network"]}]}}))),
    dict(name="GET /servers/{id} on a network 2.93", request=after_server_id("net_server", ["ACTIVE"], lambda c: nova(
        "GET", "/servers/{net_server}", "2.93"))),
    dict(name="GET /servers/{id} on a network 2.1", request=lambda c: nova("GET", "/servers/{net_server}")),
    dict(name="POST /servers port in use", request=lambda c: nova("POST", "/servers", "2.93", json={"server": {
        **create_body("differential-thief")(c)["server"], "networks": [{"port": port_of(c)}]}})),
    dict(name="GET /servers/detail on a network", request=lambda c: nova("GET", "/servers/detail?name=differential-net-vm", "2.93")),
    dict(name="PUT /servers/{id} on a network 2.1", request=lambda c: nova(
        "PUT", "/servers/{net_server}", json={"server": {"name": "differential-net-vm"}})),
    dict(name="GET /servers?ip=10.77.0.", request=lambda c: nova("GET", "/servers?ip=10.77.0.")),
    dict(name="DELETE /servers/{id} on a network", request=lambda c: nova("DELETE", "/servers/{net_server}")),

    # Delete
    dict(name="DELETE /servers/{id}", request=then_delete_network(lambda c: nova("DELETE", "/servers/{server}"))),
    dict(name="GET /servers/{id} once deleted", request=after_server(["GONE"], lambda c: nova("GET", "/servers/{server}"))),
    dict(name="GET /servers/detail?changes-since", request=lambda c: nova(
        "GET", "/servers/detail?changes-since=2020-01-01T00:00:00Z&name=%5Edifferential-vm%24", "2.93")),
    dict(name="DELETE /servers/{id} again", request=lambda c: nova("DELETE", "/servers/{server}")),
    dict(name="DELETE /os-keypairs/differential", request=lambda c: nova("DELETE", "/os-keypairs/differential", "2.93")),
]
