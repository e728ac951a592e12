"""Sends one sequence of requests to two clouds and compares what comes back.

Each step is a function of a per-cloud context that returns a request, or None to skip. Both clouds
get the same steps in the same order; the engine compares status codes, the request-id and
microversion headers (by presence and value shape), and the set of key paths of JSON bodies.
Differences listed in allowed-differences.txt are reported as allowed, with their reason.
"""

import json
import re
import urllib.error
import urllib.request

REQUEST_ID_HEADERS = ("x-openstack-request-id", "x-compute-request-id")
MICROVERSION_HEADERS = ("openstack-api-version", "x-openstack-nova-api-version")


class Cloud:
    """One side of the comparison: where each service lives and who logs in."""

    def __init__(self, name, roots, passwords):
        self.name = name
        self.roots = roots          # service -> root URL, e.g. "compute" -> "http://127.0.0.1:8774"
        self.passwords = passwords  # user -> password
        self.values = {}            # ids and tokens captured along the way

    def url(self, service, path):
        return self.roots[service].rstrip("/") + path.format(**self.values)


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = {name.lower(): value for name, value in headers}
        self.body = body

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None


def send(cloud, request):
    data = None
    headers = dict(request.get("headers", {}))
    if "json" in request:
        data = json.dumps(request["json"]).encode()
        headers.setdefault("Content-Type", "application/json")
    elif "raw" in request:
        data = request["raw"].encode()
        headers.setdefault("Content-Type", "application/json")
    for key, value in list(headers.items()):
        headers[key] = value.format(**cloud.values)
    http = urllib.request.Request(
        cloud.url(request["service"], request["path"]), data=data, headers=headers, method=request["method"])
    try:
        with urllib.request.urlopen(http, timeout=60) as answer:
            return Response(answer.status, answer.getheaders(), answer.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.headers.items(), error.read())


def key_paths(value, prefix=""):
    """Every key path in a JSON value; list elements collapse to [] and merge."""
    paths = set()
    if isinstance(value, dict):
        for key, member in value.items():
            path = prefix + "." + key if prefix else key
            paths.add(path)
            paths |= key_paths(member, path)
    elif isinstance(value, list):
        for member in value:
            paths |= key_paths(member, prefix + "[]")
    return paths


def header_shape(name, value):
    if value is None:
        return "absent"
    if name in REQUEST_ID_HEADERS:
        return "req-<uuid>" if re.fullmatch(r"req-[0-9a-f-]{36}", value) else value
    return value


def compare(step, left, right):
    """Differences between two responses to the same step, as (kind, detail) pairs."""
    found = []
    if left.status != right.status:
        found.append(("status", f"{left.status} != {right.status}"))
    for name in REQUEST_ID_HEADERS + MICROVERSION_HEADERS + tuple(step.get("headers_compared", ())):
        a, b = header_shape(name, left.headers.get(name)), header_shape(name, right.headers.get(name))
        if a != b:
            found.append((f"header {name}", f"{a} != {b}"))
    a, b = left.json(), right.json()
    if (a is None) != (b is None):
        found.append(("body", "JSON on one side only"))
    elif a is not None:
        missing = sorted(key_paths(a) - key_paths(b))
        extra = sorted(key_paths(b) - key_paths(a))
        if missing:
            found.append(("keys", f"only in {step['_left']}: {', '.join(missing)}"))
        if extra:
            found.append(("keys", f"only in {step['_right']}: {', '.join(extra)}"))
    return found


def load_allowed(path):
    """Lines of `step name | kind | reason`."""
    allowed = {}
    try:
        with open(path) as file:
            for line in file:
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                name, kind, reason = (part.strip() for part in line.split("|", 2))
                allowed[(name, kind)] = reason
    except FileNotFoundError:
        pass
    return allowed


def run(steps, left, right, allowed):
    unexpected = 0
    for step in steps:
        requests = [step["request"](cloud) for cloud in (left, right)]
        if requests[0] is None or requests[1] is None:
            continue
        responses = [send(cloud, request) for cloud, request in zip((left, right), requests)]
        for cloud, response in zip((left, right), responses):
            if "capture" in step:
                step["capture"](cloud, response)
        step["_left"], step["_right"] = left.name, right.name
        differences = compare(step, *responses)
        label = f"[{requests[0]['service']}] {step['name']}"
        if not differences:
            print(f"same      {label}")
            continue
        for kind, detail in differences:
            reason = allowed.get((step["name"], kind))
            if reason:
                print(f"allowed   {label}: {kind}: {detail} ({reason})")
            else:
                unexpected += 1
                print(f"DIFFERENT {label}: {kind}: {detail}")
    return unexpected
