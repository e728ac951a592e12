"""Glance: create, upload, show, download, list with filters and `next`, JSON patch, tags,
protected images, delete, and its HTML and JSON errors."""

J = {"Accept": "application/json"}
PATCH = "application/openstack-images-v2.1-json-patch"


def request(method, path, **options):
    return dict(service="image", method=method, path=path, **options)


def admin(**headers):
    return {"X-Auth-Token": "{admin}", **headers}


def demo(**headers):
    return {"X-Auth-Token": "{demo}", **headers}


def capture_id(name):
    def store(cloud, response):
        body = response.json()
        if response.status == 201 and body:
            cloud.values[name] = body["id"]
        else:
            cloud.values.setdefault(name, "00000000-0000-0000-0000-000000000000")
    return store


STEPS = [
    dict(name="image create", capture=capture_id("image_id"), request=lambda c: request(
        "POST", "/v2/images", headers=admin(),
        json={"name": "diff-image", "disk_format": "raw", "container_format": "bare", "tags": ["diff"], "purpose": "diff"})),
    dict(name="image show queued", request=lambda c: request("GET", "/v2/images/{image_id}", headers=admin())),
    dict(name="image download queued", request=lambda c: request("GET", "/v2/images/{image_id}/file", headers=admin())),
    dict(name="image upload", request=lambda c: request(
        "PUT", "/v2/images/{image_id}/file", headers=admin(**{"Content-Type": "application/octet-stream"}), raw="x" * 100000)),
    dict(name="image show active", request=lambda c: request("GET", "/v2/images/{image_id}", headers=admin())),
    dict(name="image download", request=lambda c: request("GET", "/v2/images/{image_id}/file", headers=admin()),
         headers_compared=("content-md5", "content-length", "content-type")),
    dict(name="image upload again", request=lambda c: request(
        "PUT", "/v2/images/{image_id}/file", headers=admin(**{"Content-Type": "application/octet-stream", **J}), raw="y")),
    dict(name="image list", request=lambda c: request("GET", "/v2/images?name=diff-image", headers=admin())),
    dict(name="image list limit=1", request=lambda c: request("GET", "/v2/images?limit=1", headers=admin())),
    dict(name="image list tag", request=lambda c: request("GET", "/v2/images?tag=diff&status=active", headers=admin())),
    dict(name="image list visibility public", request=lambda c: request("GET", "/v2/images?visibility=public", headers=demo())),
    dict(name="image list bad visibility", request=lambda c: request("GET", "/v2/images?visibility=everyone", headers=admin(**J))),
    dict(name="image list bad marker", request=lambda c: request(
        "GET", "/v2/images?marker=00000000-0000-0000-0000-000000000000", headers=admin(**J))),
    dict(name="image patch", request=lambda c: request(
        "PATCH", "/v2/images/{image_id}", headers=admin(**{"Content-Type": PATCH}),
        json=[{"op": "replace", "path": "/name", "value": "diff-image"}, {"op": "add", "path": "/hw_disk_bus", "value": "scsi"},
              {"op": "replace", "path": "/protected", "value": True}])),
    dict(name="image patch wrong media type", request=lambda c: request(
        "PATCH", "/v2/images/{image_id}", headers=admin(**J), json=[{"op": "remove", "path": "/hw_disk_bus"}])),
    dict(name="image patch remove missing", request=lambda c: request(
        "PATCH", "/v2/images/{image_id}", headers=admin(**{"Content-Type": PATCH, **J}), json=[{"op": "remove", "path": "/nothing"}])),
    dict(name="image patch read-only", request=lambda c: request(
        "PATCH", "/v2/images/{image_id}", headers=admin(**{"Content-Type": PATCH, **J}),
        json=[{"op": "replace", "path": "/status", "value": "active"}])),
    dict(name="image tag add", request=lambda c: request("PUT", "/v2/images/{image_id}/tags/extra", headers=admin())),
    dict(name="image tag delete", request=lambda c: request("DELETE", "/v2/images/{image_id}/tags/extra", headers=admin())),
    dict(name="image delete protected", request=lambda c: request("DELETE", "/v2/images/{image_id}", headers=admin(**J))),
    dict(name="image unprotect", request=lambda c: request(
        "PATCH", "/v2/images/{image_id}", headers=admin(**{"Content-Type": PATCH}),
        json=[{"op": "replace", "path": "/protected", "value": False}])),
    dict(name="image delete", request=lambda c: request("DELETE", "/v2/images/{image_id}", headers=admin())),
    dict(name="image show deleted JSON", request=lambda c: request("GET", "/v2/images/{image_id}", headers=admin(**J))),
    dict(name="image show deleted HTML", request=lambda c: request("GET", "/v2/images/{image_id}", headers=admin()),
         headers_compared=("content-type",)),
    dict(name="image create bad disk_format", request=lambda c: request(
        "POST", "/v2/images", headers=admin(**J), json={"disk_format": "bogus"})),
    dict(name="image create read-only status", request=lambda c: request(
        "POST", "/v2/images", headers=admin(**J), json={"status": "active"})),
    dict(name="image create public as demo", request=lambda c: request(
        "POST", "/v2/images", headers=demo(**J), json={"name": "p", "visibility": "public"})),
    dict(name="image wrong method", request=lambda c: request("POST", "/v2/images/{image_id}", headers=admin(**J), json={})),
    dict(name="image no token", request=lambda c: request("GET", "/v2/images", headers=J)),
]
