"""Version documents and the generic errors in front of Nova, Cinder, Neutron and Glance."""


def request(service, method, path, **options):
    return dict(service=service, method=method, path=path, **options)


def token(headers=None):
    return {"X-Auth-Token": "{admin}", **(headers or {})}


STEPS = [
    dict(name="compute GET / (versions)", request=lambda c: request("compute", "GET", "/")),
    dict(name="compute GET /v2.1", request=lambda c: request("compute", "GET", "/v2.1")),
    dict(name="compute GET /v2.1/ latest", request=lambda c: request(
        "compute", "GET", "/v2.1/", headers={"OpenStack-API-Version": "compute latest"})),
    dict(name="compute GET /v2.1 legacy header", request=lambda c: request(
        "compute", "GET", "/v2.1", headers={"X-OpenStack-Nova-API-Version": "2.50"})),
    dict(name="compute version 9.99", request=lambda c: request(
        "compute", "GET", "/v2.1", headers={"OpenStack-API-Version": "compute 9.99"})),
    dict(name="compute version foo", request=lambda c: request(
        "compute", "GET", "/v2.1", headers={"OpenStack-API-Version": "compute foo"})),
    dict(name="compute unknown path", request=lambda c: request("compute", "GET", "/v2.1/bogus", headers=token())),
    dict(name="compute unknown path JSON", request=lambda c: request(
        "compute", "GET", "/v2.1/bogus", headers=token({"Accept": "application/json"}))),
    dict(name="compute no token", request=lambda c: request("compute", "GET", "/v2.1/servers")),
    dict(name="compute bad token", request=lambda c: request("compute", "GET", "/v2.1/servers", headers={"X-Auth-Token": "bogus"})),
    dict(name="volume GET / (versions)", request=lambda c: request("volume", "GET", "/")),
    dict(name="volume GET /v3 no token", request=lambda c: request("volume", "GET", "/v3/")),
    dict(name="volume GET /v3", request=lambda c: request("volume", "GET", "/v3/", headers=token())),
    dict(name="volume foreign microversion", request=lambda c: request(
        "volume", "GET", "/v3/", headers=token({"OpenStack-API-Version": "compute 2.1"}))),
    dict(name="volume version 9.99", request=lambda c: request(
        "volume", "GET", "/v3/", headers=token({"OpenStack-API-Version": "volume 9.99"}))),
    dict(name="volume version latest", request=lambda c: request(
        "volume", "GET", "/v3/", headers=token({"OpenStack-API-Version": "volume latest"}))),
    dict(name="network GET / (versions)", request=lambda c: request("network", "GET", "/")),
    dict(name="network GET /v2.0 no token", request=lambda c: request("network", "GET", "/v2.0")),
    dict(name="network GET /v2.0", request=lambda c: request("network", "GET", "/v2.0/", headers=token())),
    dict(name="network unknown path", request=lambda c: request("network", "GET", "/v2.0/bogus", headers=token())),
    dict(name="image GET / (versions)", request=lambda c: request("image", "GET", "/")),
    dict(name="image GET /versions", request=lambda c: request("image", "GET", "/versions")),
    dict(name="image bad token JSON", request=lambda c: request(
        "image", "GET", "/v2/images", headers={"X-Auth-Token": "bogus", "Accept": "application/json"})),
    dict(name="image unknown path JSON", request=lambda c: request(
        "image", "GET", "/v2/bogus", headers=token({"Accept": "application/json"}))),
]
