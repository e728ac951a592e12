#!/usr/bin/python3
"""HTTP benchmarks of stackrun against the curl tool and Python requests (issue 3's proof).

On loopback: nginx (1 worker, our own config on a free port) serves a small JSON file for the
request-rate runs; Tests/Fixtures/test_server.py serves the delayed endpoint (500 requests in
flight) and the 2 GiB streams. Every client is a separate process; its CPU time (user + sys)
and peak RSS come from wait4(2), wall time from the monotonic clock, except for Python
requests, which measures CPU and wall around its requests only (see requests_client.py).
Each measurement is repeated --rounds times, clients interleaved within a round, and the
median is reported with the range.

usage: http_bench.py --stackrun PATH [--rounds 5] [--requests 20000] [--json OUT]
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIXTURE_SERVER = os.path.join(ROOT, "Tests", "Fixtures", "test_server.py")
PYTHON = "/usr/bin/python3"
CURL = "/usr/bin/curl"
SMALL_JSON = b'{"server": {"id": "3f1c5e1e-8d4a-4f7e-9c1b-0a6b2f4d9e11", "status": "ACTIVE", "name": "web-1"}}\n'


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def measure(argv, env=None):
    """Runs argv to its end; wall seconds, CPU seconds, peak RSS in KiB, stdout, exit code."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if process.returncode != 0:
        raise RuntimeError("%s exited %d: %s" % (" ".join(argv), process.returncode, stderr[-2000:]))
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_kib": usage.ru_maxrss, "stdout": stdout}


class Nginx:
    def __init__(self, directory):
        self.port = free_port()
        www = os.path.join(directory, "www")
        os.makedirs(www)
        with open(os.path.join(www, "small.json"), "wb") as f:
            f.write(SMALL_JSON)
        for path in (os.path.dirname(directory), directory, www, os.path.join(www, "small.json")):
            os.chmod(path, 0o755)  # the worker runs as nobody
        temp = lambda name: os.path.join(directory, name)
        config = temp("nginx.conf")
        with open(config, "w") as f:
            f.write(
                "worker_processes 1;\n"
                "daemon off;\n"
                "pid %s;\n"
                "error_log %s warn;\n"
                "events { worker_connections 4096; }\n"
                "http {\n"
                "  access_log off;\n"
                "  types { application/json json; }\n"
                "  keepalive_requests 10000000;\n"
                "  keepalive_timeout 300s;\n"
                "  client_body_temp_path %s; proxy_temp_path %s; fastcgi_temp_path %s;\n"
                "  uwsgi_temp_path %s; scgi_temp_path %s;\n"
                "  server { listen 127.0.0.1:%d; root %s; }\n"
                "}\n" % (temp("nginx.pid"), temp("error.log"), temp("b"), temp("p"), temp("f"),
                         temp("u"), temp("s"), self.port, www))
        self.process = subprocess.Popen(["/usr/sbin/nginx", "-c", config, "-p", directory],
                                        stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port)
        self.url = "http://127.0.0.1:%d/small.json" % self.port

    def stop(self):
        self.process.terminate()
        self.process.wait()


class FixtureServer:
    def __init__(self):
        self.process = subprocess.Popen([PYTHON, FIXTURE_SERVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        line = self.process.stdout.readline().decode()
        self.port = int(line.split()[1])
        self.base = "http://127.0.0.1:%d" % self.port

    def stats(self):
        return json.loads(subprocess.run([CURL, "-s", self.base + "/stats"], capture_output=True, check=True).stdout)

    def stop(self):
        self.process.stdin.close()
        self.process.terminate()
        self.process.wait()


def wait_for_port(port, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError("nothing listens on port %d" % port)


def summary(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


# Clients, each returning {"wall", "cpu"} for `count` GETs of `url`, `concurrency` at a time.

def stackrun_client(stackrun, url, count, concurrency):
    result = measure([stackrun, "run", "--allow-net=127.0.0.1", os.path.join(HERE, "lua", "requests.lua"), url, str(count), str(concurrency)])
    assert result["stdout"].strip() == "0", "stackrun saw failures: " + result["stdout"]
    return result


def curl_client(_, url, count, concurrency):
    # One process; URL globbing makes `count` URLs (the query is ignored by nginx). curl caps
    # --parallel-max at 300.
    argv = [CURL, "-s", "-o", "/dev/null", "--fail"]
    if concurrency > 1:
        argv += ["-Z", "--parallel-max", str(concurrency)]
    argv.append("%s?[1-%d]" % (url, count))
    # -o applies to the first URL only; the others go to stdout, which measure() discards.
    return measure(argv)


def python_client(_, url, count, concurrency):
    result = measure([PYTHON, os.path.join(HERE, "requests_client.py"), url, str(count), str(concurrency)])
    inner = json.loads(result["stdout"])
    assert inner["failures"] == 0, "requests saw failures"
    return {"wall": inner["wall"], "cpu": inner["cpu"], "rss_kib": result["rss_kib"]}


def rate_benchmarks(options, nginx):
    clients = [("stackrun", stackrun_client), ("curl", curl_client), ("python-requests", python_client)]
    results = {}
    for concurrency in (1, 50, 500):
        for name, client in clients:
            results[(name, concurrency)] = {"wall": [], "cpu": [], "count": None}
        for round_number in range(options.rounds):
            for name, client in clients:
                count = options.requests if name != "python-requests" else options.python_requests
                run = client(options.stackrun, nginx.url, count, concurrency)
                entry = results[(name, concurrency)]
                entry["count"] = count
                entry["wall"].append(run["wall"])
                entry["cpu"].append(run["cpu"])
                print("  round %d %-16s c=%-3d %6.0f req/s %6.1f us/req" % (
                    round_number + 1, name, concurrency, count / run["wall"], run["cpu"] / count * 1e6), file=sys.stderr)
    table = []
    for (name, concurrency), entry in results.items():
        count = entry["count"]
        rates = [count / wall for wall in entry["wall"]]
        cpu_us = [cpu / count * 1e6 for cpu in entry["cpu"]]
        table.append({"client": name, "concurrency": concurrency, "requests": count,
                      "req_per_s": summary(rates), "cpu_us_per_req": summary(cpu_us)})
    return table


def memory_benchmarks(options, server, scratch):
    out = {}
    empty = os.path.join(scratch, "empty.lua")
    open(empty, "w").close()
    out["empty_script"] = summary([measure([options.stackrun, "run", empty])["rss_kib"] for _ in range(options.rounds)])

    # 500 requests held by the server for 3 s each: all of them in flight at once.
    delayed = server.base + "/delay?ms=3000"
    rss, peaks = [], []
    for _ in range(options.rounds):
        fresh = FixtureServer()  # a fresh peak counter each round
        run = measure([options.stackrun, "run", "--allow-net=127.0.0.1", os.path.join(HERE, "lua", "requests.lua"),
                       fresh.base + "/delay?ms=3000", "500", "500"])
        peaks.append(fresh.stats()["delay_peak"])
        fresh.stop()
        rss.append(run["rss_kib"])
    out["inflight_500"] = summary(rss)
    out["inflight_500_server_peak"] = summary(peaks)
    curl_rss = [measure([CURL, "-s", "-o", "/dev/null", "-Z", "--parallel-max", "300",
                         "%s&n=[1-300]" % delayed])["rss_kib"] for _ in range(min(options.rounds, 3))]
    out["curl_inflight_300"] = summary(curl_rss)

    # 2 GiB streamed each way. The upload source is sparse (it reads as zeros, quickly).
    size = options.stream_bytes
    source = os.path.join(scratch, "upload.bin")
    with open(source, "wb") as f:
        f.truncate(size)
    target = os.path.join(scratch, "download.bin")
    transfer = os.path.join(HERE, "lua", "transfer.lua")
    up, down, up_wall, down_wall = [], [], [], []
    for _ in range(options.stream_rounds):
        run = measure([options.stackrun, "run", "--allow-net=127.0.0.1", "--allow-read=" + source, transfer, "upload",
                       server.base + "/discard", source])
        assert int(run["stdout"]) == size, run["stdout"]
        up.append(run["rss_kib"])
        up_wall.append(run["wall"])
        run = measure([options.stackrun, "run", "--allow-net=127.0.0.1", "--allow-write=" + target, transfer, "download",
                       "%s/bytes?size=%d" % (server.base, size), target])
        assert int(run["stdout"]) == size and os.path.getsize(target) == size, run["stdout"]
        os.unlink(target)
        down.append(run["rss_kib"])
        down_wall.append(run["wall"])
    out["upload_2gib"] = summary(up)
    out["download_2gib"] = summary(down)
    out["upload_2gib_seconds"] = summary(up_wall)
    out["download_2gib_seconds"] = summary(down_wall)
    curl_up = measure([CURL, "-s", "-o", "/dev/null", "-T", source, server.base + "/discard"])["rss_kib"]
    curl_down = measure([CURL, "-s", "-o", target, "%s/bytes?size=%d" % (server.base, size)])["rss_kib"]
    os.unlink(target)
    out["curl_upload_2gib"] = curl_up
    out["curl_download_2gib"] = curl_down
    os.unlink(source)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stackrun", required=True, help="the release build of stackrun")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=20000, help="per run, for stackrun and curl")
    parser.add_argument("--python-requests", type=int, default=3000, help="per run, for Python requests")
    parser.add_argument("--stream-bytes", type=int, default=2 << 30)
    parser.add_argument("--stream-rounds", type=int, default=3)
    parser.add_argument("--skip-rates", action="store_true")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--json", help="write the results here")
    options = parser.parse_args()

    results = {"machine": {"nproc": os.cpu_count(), "loadavg_start": os.getloadavg()},
               "versions": {
                   "curl": subprocess.run([CURL, "--version"], capture_output=True, text=True).stdout.splitlines()[0],
                   "python": sys.version.split()[0],
                   "requests": subprocess.run([PYTHON, "-c", "import requests; print(requests.__version__)"],
                                              capture_output=True, text=True).stdout.strip(),
               }}
    with tempfile.TemporaryDirectory(prefix="stackrun-bench-") as scratch:
        if not options.skip_rates:
            nginx = Nginx(os.path.join(scratch, "nginx"))
            try:
                results["rates"] = rate_benchmarks(options, nginx)
            finally:
                nginx.stop()
        if not options.skip_memory:
            server = FixtureServer()
            try:
                results["memory"] = memory_benchmarks(options, server, scratch)
            finally:
                server.stop()
    results["machine"]["loadavg_end"] = os.getloadavg()
    text = json.dumps(results, indent=2)
    if options.json:
        with open(options.json, "w") as f:
            f.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
