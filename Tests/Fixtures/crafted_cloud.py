"""The cloud of crafted answers that test_server.py serves under /cloud/ (CraftedCloud in the
Swift tests), for tests of how the clients take bad answers (ResponseFuzzTests,
ResponseEdgeTests).

Keystone at /cloud/identity/v3 issues a token whose catalog puts compute at /cloud/compute/v2.1,
which has a version document; any other compute request gets the crafted answer named by the
last segment of its path (every time it is asked: a retry gets the same), or a 404. PUT /crafted
takes {"name": answer, ...}, in place of the answers it had; an answer is a JSON object: "status", "headers" ([[name, value],
...]), "body" (each character one byte, as latin-1), and optionally "length" (the
Content-Length sent, when it is not the body's), "close_after" (bytes of the body sent before
the connection is dropped) and "no_length" (no Content-Length: the body ends when the
connection closes).
"""

import socket


class CraftedCloud:
    """Mixed into test_server.py's Handler: it uses its answer_json and its server's counters."""

    def cloud(self, parts):
        base = "%s://%s:%d/cloud" % ("https" if self.server.tls_context else "http", *self.server.server_address[:2])
        if parts[:4] == ["identity", "v3", "auth", "tokens"]:
            catalog = [{"type": "compute", "name": "nova", "endpoints": [
                {"interface": "public", "region_id": "RegionOne", "url": base + "/compute/v2.1"}]}]
            token = {"methods": ["password"], "expires_at": "2099-01-01T00:00:00.000000Z",
                     "issued_at": "2026-01-01T00:00:00.000000Z", "catalog": catalog,
                     "user": {"id": "u1", "name": "admin", "domain": {"id": "default", "name": "Default"}},
                     "project": {"id": "p1", "name": "admin", "domain": {"id": "default", "name": "Default"}}}
            self.answer_json(201, {"token": token}, headers=[("X-Subject-Token", "fixture-token")])
        elif parts == ["compute", "v2.1"] or parts == ["compute", "v2.1", ""]:
            self.answer_json(200, {"version": {"id": "v2.1", "status": "CURRENT", "version": "2.90", "min_version": "2.1"}})
        else:
            counters = self.server.counters
            with counters.lock:
                crafted = counters.crafted.get(parts[-1])
                counters.crafted_served += crafted is not None
            if crafted is None:
                self.answer_json(404, {"itemNotFound": {"code": 404, "message": "no crafted answer of this name"}})
            else:
                self.send_crafted(crafted)

    def send_crafted(self, crafted):
        body = crafted.get("body", "").encode("latin-1")
        self.send_response(crafted["status"])
        for name, value in crafted.get("headers", []):
            self.send_header(name, value)
        if not crafted.get("no_length"):
            self.send_header("Content-Length", str(crafted.get("length", len(body))))
        self.end_headers()
        close_after = crafted.get("close_after")
        self.wfile.write(body if close_after is None else body[:close_after])
        self.wfile.flush()
        if close_after is not None or crafted.get("no_length") or crafted.get("length", len(body)) != len(body):
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
