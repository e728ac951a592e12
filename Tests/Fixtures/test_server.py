#!/usr/bin/python3
"""An HTTP/1.1 server for stackrun's transport and runtime tests (Python 3 standard library only).

It binds 127.0.0.1 on the port given (0: any free one) and prints "PORT <n>" on stdout once it
listens, so that the test that started it knows where to connect. With --cert/--key it speaks
TLS. Every response carries X-Connection-Id, the number of the TCP connection it went out on,
so that a test can see keep-alive from the server's side; /stats counts connections.

Endpoints:
  GET  /json                  a small JSON document
  GET  /delay?ms=N            the same, after N milliseconds (/stats counts the peak waiting)
  GET  /hang                  never answers; counts the connection as hanging until the client
                              closes it (the proof that a cancelled transfer was really aborted)
  GET  /stats                 counters: connections opened and open, hanging, hangs closed
  GET  /status/<code>         that status, with a JSON error body
  GET  /headers               echoes the request's headers; answers with mixed-case names
  GET  /redirect              302 to /json
  GET  /text                  text/plain
  PUT|POST /blob/<name>       stores the body (streamed) and answers its size and SHA-256
  GET  /blob/<name>           streams a stored body back
  POST /discard               reads and hashes the body without storing it (benchmarks)
  GET  /bytes?size=N          N bytes of a fixed pattern, streamed (benchmarks)
  GET  /truncated?size=N      promises N bytes, sends half of them, then drops the connection
  GET|POST /ping/...          a health-check ping: 200 OK; with --pings FILE, appended to FILE as
                              a JSON line (method, path with its query, body) before it is answered
  PUT  /crafted               crafted answers for the cloud under /cloud/, by name

The cloud under /cloud/ and PUT /crafted are crafted_cloud.py's.
"""


import argparse
import hashlib
import http.server
import json
import os
import select
import signal
import socket
import ssl
import sys
import tempfile
import threading
import time
import urllib.parse

from crafted_cloud import CraftedCloud

CHUNK = 256 * 1024


class Counters:
    def __init__(self):
        self.lock = threading.Lock()
        self.opened = 0
        self.open = 0
        self.hanging = 0
        self.hang_closed = 0
        self.delaying = 0
        self.delay_peak = 0
        self.crafted = {}
        self.crafted_served = 0

    def snapshot(self):
        with self.lock:
            return {
                "connections_opened": self.opened,
                "connections_open": self.open,
                "hanging": self.hanging,
                "hang_closed": self.hang_closed,
                "delaying": self.delaying,
                "delay_peak": self.delay_peak,
                "crafted_served": self.crafted_served,
                "crafted_left": len(self.crafted),
            }


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024

    def __init__(self, address, tls_context, blob_dir):
        super().__init__(address, Handler)
        self.tls_context = tls_context
        self.blob_dir = blob_dir
        self.counters = Counters()
        self.pings_file = None

    def get_request(self):
        sock, address = self.socket.accept()
        if self.tls_context is not None:
            # The handshake runs in the connection's thread (on its first read), so a client
            # that rejects our certificate cannot stall the accept loop.
            sock = self.tls_context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, address

    def handle_error(self, request, client_address):
        pass  # a client that hangs up or rejects the certificate is expected here


class Handler(CraftedCloud, http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes: without TCP_NODELAY the body waits for the
    # client's delayed ACK (40 ms a response).
    disable_nagle_algorithm = True

    def log_message(self, format, *args):
        pass

    def setup(self):
        super().setup()
        counters = self.server.counters
        with counters.lock:
            counters.opened += 1
            counters.open += 1
            self.connection_id = counters.opened

    def finish(self):
        try:
            super().finish()
        finally:
            counters = self.server.counters
            with counters.lock:
                counters.open -= 1

    # Answers

    def answer(self, status, body, content_type="application/json", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Connection-Id", str(self.connection_id))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def answer_json(self, status, value, headers=()):
        self.answer(status, json.dumps(value).encode(), headers=headers)

    # Request bodies, streamed in pieces

    def body_pieces(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return
                remaining = size
                while remaining > 0:
                    piece = self.rfile.read(min(CHUNK, remaining))
                    if not piece:
                        raise ConnectionError("the body ended early")
                    remaining -= len(piece)
                    yield piece
                self.rfile.readline()
        else:
            remaining = int(self.headers.get("Content-Length", "0"))
            while remaining > 0:
                piece = self.rfile.read(min(CHUNK, remaining))
                if not piece:
                    raise ConnectionError("the body ended early")
                remaining -= len(piece)
                yield piece

    def consume_body(self, sink=None):
        digest = hashlib.sha256()
        size = 0
        for piece in self.body_pieces():
            digest.update(piece)
            size += len(piece)
            if sink is not None:
                sink.write(piece)
        return {"size": size, "sha256": digest.hexdigest()}

    # Routing

    def route(self):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        parts = url.path.strip("/").split("/")
        return parts, query

    def record_ping(self):
        body = b"".join(self.body_pieces()) if self.command == "POST" else b""
        # Recorded before the answer: once the client has it, the record is there to read.
        if self.server.pings_file:
            line = json.dumps({"method": self.command, "path": self.path, "body": body.decode("utf-8", "replace")})
            with self.server.counters.lock, open(self.server.pings_file, "a") as pings:
                pings.write(line + "\n")
        self.answer(200, b"OK", content_type="text/plain")

    def do_GET(self):
        parts, query = self.route()
        name = parts[0]
        if name == "cloud":
            self.cloud(parts[1:])
        elif name == "ping":
            self.record_ping()
        elif name == "json":
            self.answer_json(200, {"ok": True, "connection": self.connection_id})
        elif name == "delay":
            self.delay(int(query.get("ms", "200")))
        elif name == "hang":
            self.hang()
        elif name == "stats":
            self.answer_json(200, self.server.counters.snapshot())
        elif name == "status" and len(parts) == 2:
            code = int(parts[1])
            self.answer_json(code, {"error": {"code": code, "message": "status %d as asked" % code}})
        elif name == "headers":
            received = [[key, value] for key, value in self.headers.items()]
            self.answer_json(200, {"headers": received}, headers=[
                ("X-Mixed-CASE-Name", "Mixed"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")])
        elif name == "redirect":
            self.answer_json(302, {"to": "/json"}, headers=[("Location", "/json")])
        elif name == "text":
            self.answer(200, b"plain text\n", content_type="text/plain; charset=utf-8")
        elif name == "blob" and len(parts) == 2:
            self.send_blob(parts[1])
        elif name == "bytes":
            self.send_pattern(int(query.get("size", "0")))
        elif name == "truncated":
            self.send_truncated(int(query.get("size", "1048576")))
        else:
            self.answer_json(404, {"error": "no route for " + url_path(self.path)})

    do_HEAD = do_GET

    def do_PUT(self):
        parts, _ = self.route()
        if parts[0] == "cloud":
            self.consume_body()
            self.cloud(parts[1:])
        elif parts[0] == "crafted":
            answers = json.loads(b"".join(self.body_pieces()))
            counters = self.server.counters
            with counters.lock:
                counters.crafted = answers
            self.answer_json(200, {"queued": len(answers)})
        elif parts[0] == "ping":
            self.record_ping()
        elif parts[0] == "blob" and len(parts) == 2:
            self.store_blob(parts[1])
        elif parts[0] == "discard":
            self.answer_json(200, self.consume_body())
        elif parts[0] == "headers":
            self.consume_body()
            self.do_GET()
        else:
            self.consume_body()
            self.answer_json(404, {"error": "no route for " + url_path(self.path)})

    do_POST = do_PUT
    do_PATCH = do_PUT

    def do_DELETE(self):
        parts, _ = self.route()
        if parts[0] == "cloud":
            self.cloud(parts[1:])
        else:
            self.answer_json(200, {"method": "DELETE"})

    # Endpoints with more to them

    def delay(self, ms):
        # delay_peak is the most requests that were waiting here at once: the proof of a
        # client's concurrency that does not depend on how loaded the machine is.
        counters = self.server.counters
        with counters.lock:
            counters.delaying += 1
            counters.delay_peak = max(counters.delay_peak, counters.delaying)
        try:
            time.sleep(ms / 1000)
        finally:
            with counters.lock:
                counters.delaying -= 1
        self.answer_json(200, {"ok": True, "delayed_ms": ms})

    def hang(self):
        counters = self.server.counters
        with counters.lock:
            counters.hanging += 1
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                readable, _, _ = select.select([self.connection], [], [], 0.05)
                if readable and not self.connection.recv(1, socket.MSG_PEEK):
                    break
        except (OSError, ValueError):
            pass
        finally:
            with counters.lock:
                counters.hanging -= 1
                counters.hang_closed += 1
        self.close_connection = True

    def blob_path(self, name):
        if not name or "/" in name or name.startswith("."):
            raise ValueError("bad blob name")
        return os.path.join(self.server.blob_dir, name)

    def store_blob(self, name):
        path = self.blob_path(name)
        with open(path + ".tmp", "wb") as sink:
            result = self.consume_body(sink)
        os.replace(path + ".tmp", path)
        self.answer_json(201, result)

    def send_blob(self, name):
        path = self.blob_path(name)
        if not os.path.exists(path):
            self.answer_json(404, {"error": "no blob " + name})
            return
        size = os.path.getsize(path)
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(size))
        self.send_header("X-Connection-Id", str(self.connection_id))
        self.end_headers()
        with open(path, "rb") as source:
            while True:
                piece = source.read(CHUNK)
                if not piece:
                    break
                self.wfile.write(piece)

    def send_pattern(self, size):
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        piece = bytes(range(256)) * (CHUNK // 256)
        remaining = size
        while remaining > 0:
            count = min(len(piece), remaining)
            self.wfile.write(piece[:count] if count < len(piece) else piece)
            remaining -= count

    def send_truncated(self, size):
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        self.wfile.write(b"x" * (size // 2))
        self.wfile.flush()
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def exit_at_end_of_input():
    while os.read(0, 4096):
        pass
    os.kill(os.getpid(), signal.SIGTERM)


def url_path(path):
    return urllib.parse.urlsplit(path).path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1", help="a loopback address to listen on")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--cert", help="PEM certificate chain: serve TLS")
    parser.add_argument("--key", help="PEM private key of --cert")
    parser.add_argument("--blobs", help="directory for stored bodies (default: a temporary one)")
    parser.add_argument("--client-ca", help="with --cert: require a client certificate from this CA")
    parser.add_argument("--pings", help="append every request to /ping/... to this file, a JSON line each")
    options = parser.parse_args()
    # A test process that starts us from several threads may have let us inherit the other
    # end of another child's pipes: holding them would keep that child's reader from its EOF.
    os.closerange(3, os.sysconf("SC_OPEN_MAX"))
    context = None
    if options.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(options.cert, options.key)
        if options.client_ca:
            context.verify_mode = ssl.CERT_REQUIRED
            context.load_verify_locations(options.client_ca)
    # Stop when the test process that started us goes away (it holds our stdin), so that a
    # crashed test run leaves no server behind; SIGTERM stops us cleanly too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    threading.Thread(target=exit_at_end_of_input, daemon=True).start()
    if options.blobs:
        serve(options, context, options.blobs)
    else:
        with tempfile.TemporaryDirectory(prefix="stackrun-test-server-") as blob_dir:
            serve(options, context, blob_dir)


def serve(options, context, blob_dir):
    server = Server((options.host, options.port), context, blob_dir)
    server.pings_file = options.pings
    print("PORT %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever(poll_interval=0.1)
    except (KeyboardInterrupt, SystemExit):
        pass


if __name__ == "__main__":
    main()
