"""Keystone: version documents, tokens, application credentials, read-only API, errors."""


def password_auth(user, password, project=None):
    auth = {"identity": {"methods": ["password"],
                         "password": {"user": {"name": user, "domain": {"name": "Default"}, "password": password}}}}
    if project:
        auth["scope"] = {"project": {"name": project, "domain": {"name": "Default"}}}
    return {"auth": auth}


def request(method, path, **options):
    return dict(service="identity", method=method, path=path, **options)


def token_of(name):
    def capture(cloud, response):
        if response.status == 201:
            cloud.values[name] = response.headers["x-subject-token"]
            body = response.json()["token"]
            cloud.values[name + "_user"] = body["user"]["id"]
    return capture


def appcred(cloud, response):
    if response.status == 201:
        body = response.json()["application_credential"]
        cloud.values["appcred_id"] = body["id"]
        cloud.values["appcred_secret"] = body["secret"]


def admin(headers=None):
    return {"X-Auth-Token": "{admin}", **(headers or {})}


def demo(headers=None):
    return {"X-Auth-Token": "{demo}", **(headers or {})}


STEPS = [
    dict(name="GET / (versions)", request=lambda c: request("GET", "")),
    dict(name="GET /v3", request=lambda c: request("GET", "/v3")),
    dict(name="POST /v3/auth/tokens admin project", capture=token_of("admin"),
         request=lambda c: request("POST", "/v3/auth/tokens", json=password_auth("admin", c.passwords["admin"], "admin"))),
    dict(name="POST /v3/auth/tokens demo project", capture=token_of("demo"),
         request=lambda c: request("POST", "/v3/auth/tokens?nocatalog", json=password_auth("demo", c.passwords["demo"], "demo"))),
    dict(name="POST /v3/auth/tokens unscoped",
         request=lambda c: request("POST", "/v3/auth/tokens", json=password_auth("admin", c.passwords["admin"]))),
    dict(name="POST /v3/auth/tokens system scope", request=lambda c: request(
        "POST", "/v3/auth/tokens?nocatalog",
        json={"auth": {**password_auth("admin", c.passwords["admin"])["auth"], "scope": {"system": {"all": True}}}})),
    dict(name="POST /v3/auth/tokens bad password",
         request=lambda c: request("POST", "/v3/auth/tokens", json=password_auth("admin", "wrong", "admin"))),
    dict(name="POST /v3/auth/tokens demo on admin project",
         request=lambda c: request("POST", "/v3/auth/tokens", json=password_auth("demo", c.passwords["demo"], "admin"))),
    dict(name="POST /v3/auth/tokens malformed JSON", request=lambda c: request("POST", "/v3/auth/tokens", raw='{"auth":')),
    dict(name="POST /v3/auth/tokens no auth", request=lambda c: request("POST", "/v3/auth/tokens", json={})),
    dict(name="POST /v3/auth/tokens no domain", request=lambda c: request(
        "POST", "/v3/auth/tokens",
        json={"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin", "password": "x"}}}}})),
    dict(name="POST /v3/auth/tokens unknown token", request=lambda c: request(
        "POST", "/v3/auth/tokens", json={"auth": {"identity": {"methods": ["token"], "token": {"id": "bogus"}}}})),
    dict(name="POST /v3/auth/tokens rescope", request=lambda c: request(
        "POST", "/v3/auth/tokens?nocatalog", json={"auth": {
            "identity": {"methods": ["token"], "token": {"id": c.values["admin"]}},
            "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}})),
    dict(name="GET /v3/auth/tokens validate", request=lambda c: request(
        "GET", "/v3/auth/tokens?nocatalog", headers=admin({"X-Subject-Token": "{demo}"}))),
    dict(name="HEAD /v3/auth/tokens check", request=lambda c: request(
        "HEAD", "/v3/auth/tokens", headers=admin({"X-Subject-Token": "{demo}"}))),
    dict(name="GET /v3/auth/tokens no subject", request=lambda c: request("GET", "/v3/auth/tokens", headers=admin())),
    dict(name="GET /v3/auth/tokens bad caller", request=lambda c: request(
        "GET", "/v3/auth/tokens", headers={"X-Auth-Token": "bogus", "X-Subject-Token": "{demo}"})),
    dict(name="GET /v3/auth/catalog", request=lambda c: request("GET", "/v3/auth/catalog", headers=demo())),
    dict(name="GET /v3/auth/projects", request=lambda c: request("GET", "/v3/auth/projects", headers=demo())),
    dict(name="GET /v3/users?name=admin", request=lambda c: request("GET", "/v3/users?name=admin", headers=admin())),
    dict(name="GET /v3/users as demo", request=lambda c: request("GET", "/v3/users", headers=demo())),
    dict(name="GET /v3/users/does-not-exist", request=lambda c: request("GET", "/v3/users/does-not-exist", headers=admin())),
    dict(name="GET /v3/projects?name=admin", request=lambda c: request("GET", "/v3/projects?name=admin", headers=admin())),
    dict(name="POST /v3/projects duplicate", request=lambda c: request(
        "POST", "/v3/projects", headers=admin(), json={"project": {"name": "demo", "domain_id": "default"}})),
    dict(name="POST /v3/projects no name", request=lambda c: request(
        "POST", "/v3/projects", headers=admin(), json={"project": {"nme": "x"}})),
    dict(name="GET /v3/roles?name=admin", request=lambda c: request("GET", "/v3/roles?name=admin", headers=admin())),
    dict(name="GET /v3/domains", request=lambda c: request("GET", "/v3/domains", headers=admin())),
    dict(name="GET /v3/regions", request=lambda c: request("GET", "/v3/regions", headers=admin())),
    dict(name="POST application credential", capture=appcred, request=lambda c: request(
        "POST", "/v3/users/{demo_user}/application_credentials", headers=demo(),
        json={"application_credential": {"name": "differential", "description": "conformance"}})),
    dict(name="POST application credential duplicate", request=lambda c: request(
        "POST", "/v3/users/{demo_user}/application_credentials", headers=demo(),
        json={"application_credential": {"name": "differential"}})),
    dict(name="POST application credential unassigned role", request=lambda c: request(
        "POST", "/v3/users/{demo_user}/application_credentials", headers=demo(),
        json={"application_credential": {"name": "differential-admin", "roles": [{"name": "admin"}]}})),
    dict(name="GET application credentials by name", request=lambda c: request(
        "GET", "/v3/users/{demo_user}/application_credentials?name=differential", headers=demo())),
    dict(name="GET application credentials of another user", request=lambda c: request(
        "GET", "/v3/users/{admin_user}/application_credentials", headers=demo())),
    dict(name="GET application credential", request=lambda c: request(
        "GET", "/v3/users/{demo_user}/application_credentials/{appcred_id}", headers=demo())),
    dict(name="POST /v3/auth/tokens application credential", request=lambda c: request(
        "POST", "/v3/auth/tokens?nocatalog", json={"auth": {"identity": {
            "methods": ["application_credential"],
            "application_credential": {"id": c.values.get("appcred_id", "x"), "secret": c.values.get("appcred_secret", "x")}}}})),
    dict(name="POST /v3/auth/tokens application credential with scope", request=lambda c: request(
        "POST", "/v3/auth/tokens", json={"auth": {
            "identity": {"methods": ["application_credential"],
                         "application_credential": {"id": c.values.get("appcred_id", "x"), "secret": c.values.get("appcred_secret", "x")}},
            "scope": {"project": {"name": "demo", "domain": {"id": "default"}}}}})),
    dict(name="DELETE application credential", request=lambda c: request(
        "DELETE", "/v3/users/{demo_user}/application_credentials/{appcred_id}", headers=demo())),
    dict(name="GET deleted application credential", request=lambda c: request(
        "GET", "/v3/users/{demo_user}/application_credentials/{appcred_id}", headers=demo())),
    dict(name="DELETE /v3/auth/tokens revoke", request=lambda c: request(
        "DELETE", "/v3/auth/tokens", headers=admin({"X-Subject-Token": "{demo}"}))),
    dict(name="GET /v3/auth/tokens revoked", request=lambda c: request(
        "GET", "/v3/auth/tokens", headers=admin({"X-Subject-Token": "{demo}"}))),
    dict(name="GET /v3/auth/projects revoked caller", request=lambda c: request("GET", "/v3/auth/projects", headers=demo())),
    dict(name="PUT /v3/auth/tokens (wrong method)", request=lambda c: request("PUT", "/v3/auth/tokens", headers=admin())),
    dict(name="GET /v3/bogus (unknown path)", request=lambda c: request("GET", "/v3/bogus", headers=admin())),
]
