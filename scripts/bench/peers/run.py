"""Runs the peers benchmark's rounds against a running emulator and prints the medians.

Each measurement is one process (and its children) started fresh: wall time, CPU time (user +
sys of the whole tree, from wait4), peak RSS (the largest process of the tree, wait4's
ru_maxrss) and the API calls the emulator counted during it (its /_emulator/stats total before
and after). Tools are interleaved: every round runs every workload with every tool, in an order
that rotates from round to round. scripts/bench/peers.sh gives the arguments; results go to
WORK/results.jsonl as they come, and the medians to stdout as a Markdown table.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))


def api_calls(url):
    with urllib.request.urlopen(f"{url}/_emulator/stats") as answer:
        return json.load(answer)["requests"]["total"]


def measure(url, command, log):
    """One run of `command`: its figures, or an exception with its stderr when it fails."""
    before = api_calls(url)
    started = time.monotonic()
    with open(log, "w") as errors:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - started
    if status != 0:
        with open(log) as errors:
            raise RuntimeError(f"{command[:4]} failed ({status}):\n{errors.read()[-3000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
            "rss_mib": usage.ru_maxrss / 1024, "calls": api_calls(url) - before}


def tools(args, workload, round_number):
    """(tool, command, how many runs it gets, scale to the full size) for one workload."""
    stackrun = [args.stackrun, "run"]
    lua = os.path.join(HERE, "stackrun.lua")
    sdk = [args.python, os.path.join(HERE, "sdk.py")]
    cli = ["bash", os.path.join(HERE, "cli.sh")]
    tag = f"r{round_number}-"
    if workload == "flavors":
        return [("stackrun", stackrun + [lua, "flavors"], args.runs, 1),
                ("stackrun, no token cache", stackrun + ["--no-token-cache", lua, "flavors"], args.runs, 1),
                ("openstacksdk", sdk + ["flavors"], args.runs, 1),
                ("openstack CLI", cli + ["flavors"], args.runs, 1)]
    if workload == "gets":
        n, small = str(args.gets), str(args.cli_gets)
        return [("stackrun", stackrun + [lua, "gets", args.server_id, n], args.runs, 1),
                ("openstacksdk", sdk + ["gets", args.server_id, n], args.runs, 1),
                ("openstack CLI", cli + ["gets", args.server_id, small], args.runs, args.gets / args.cli_gets)]
    if workload == "servers":
        n, small = str(args.servers), str(args.cli_servers)
        variants = [("stackrun, --max-concurrency 100", stackrun + ["--max-concurrency", "100", lua, "servers", n, "src-" + tag],
                     args.runs, 1),
                    ("stackrun, waits every 0.25 s", stackrun + [lua, "servers", n, "sri-" + tag, "0.25"], args.runs, 1),
                    ("stackrun, both", stackrun + ["--max-concurrency", "100", lua, "servers", n, "srb-" + tag, "0.25"],
                     args.runs, 1)] if args.variants else []
        return [("stackrun", stackrun + [lua, "servers", n, "sr-" + tag], args.runs, 1)] + variants + [
                ("openstacksdk, threads", sdk + ["servers-threads", n, "sdkt-" + tag], args.runs, 1),
                ("openstacksdk, sequential", sdk + ["servers-seq", n, "sdks-" + tag], args.runs, 1),
                ("openstack CLI", cli + ["servers", small, "cli-" + tag], args.cli_server_runs,
                 args.servers / args.cli_servers)]
    if workload == "image":
        file, out = args.image_file, os.path.join(args.work, "download")
        grant = [f"--allow-read={file}", f"--allow-write={out}"]
        return [("stackrun", stackrun + grant + [lua, "image", file, out, "sr-" + tag], args.runs, 1),
                ("openstacksdk", sdk + ["image", file, out, "sdk-" + tag], args.runs, 1),
                ("openstack CLI", cli + ["image", file, out, "cli-" + tag], args.runs, 1)]
    raise ValueError(workload)


def run_rounds(args):
    results = []
    with open(os.path.join(args.work, "results.jsonl"), "a") as sink:
        for round_number in range(1, args.runs + 1):
            for workload in args.workloads:
                entries = [entry for entry in tools(args, workload, round_number)
                           if not args.tools or entry[0].startswith(tuple(args.tools))]
                shift = (round_number - 1) % len(entries)
                for tool, command, runs, scale in entries[shift:] + entries[:shift]:
                    if round_number > runs:
                        continue
                    log = os.path.join(args.work, "last-stderr.log")
                    figures = measure(args.url, command, log)
                    figures.update(workload=workload, tool=tool, round=round_number, scale=scale)
                    if os.path.exists(os.path.join(args.work, "download")):
                        os.remove(os.path.join(args.work, "download"))
                    print(json.dumps(figures), file=sink, flush=True)
                    print(f"  {workload:8} {tool:26} wall {figures['wall']:8.3f} s  cpu {figures['cpu']:7.3f} s  "
                          f"rss {figures['rss_mib']:6.1f} MiB  calls {figures['calls']}", file=sys.stderr, flush=True)
                    results.append(figures)
    return results


def table(results, args):
    """Medians per workload and tool; the CLI's scaled runs also extrapolated to the full size."""
    rows = ["| Workload | Tool | Runs | Wall | CPU (user+sys) | Peak RSS | API calls | Wall vs stackrun | CPU vs stackrun |",
            "|---|---|---|---|---|---|---|---|---|"]
    for workload in args.workloads:
        mine = [r for r in results if r["workload"] == workload]
        names = list(dict.fromkeys(r["tool"] for r in mine))
        medians = {}
        for name in names:
            runs = [r for r in mine if r["tool"] == name]
            scale = runs[0]["scale"]
            medians[name] = {key: statistics.median(r[key] for r in runs) for key in ("wall", "cpu", "rss_mib", "calls")}
            medians[name].update(runs=len(runs), scale=scale)
        base = medians.get("stackrun")
        for name in names:
            m = medians[name]
            wall, cpu, calls = m["wall"] * m["scale"], m["cpu"] * m["scale"], m["calls"] * m["scale"]
            note = f" (a 1/{m['scale']:g} run, ×{m['scale']:g})" if m["scale"] != 1 else ""
            ratio_wall = f"{wall / base['wall']:.1f}×" if base else "–"
            ratio_cpu = f"{cpu / base['cpu']:.1f}×" if base else "–"
            rows.append(f"| {workload} | {name}{note} | {m['runs']} | {wall:.3f} s | {cpu:.3f} s | {m['rss_mib']:.1f} MiB | "
                        f"{calls:.0f} | {ratio_wall} | {ratio_cpu} |")
    return "\n".join(rows)


def main():
    parser = argparse.ArgumentParser()
    for name in ("url", "stackrun", "python", "work", "server-id", "image-file"):
        parser.add_argument(f"--{name}", required=True)
    parser.add_argument("--workloads", default="flavors,gets,servers,image")
    for name, default in (("runs", 3), ("gets", 200), ("cli-gets", 10), ("servers", 100), ("cli-servers", 5),
                          ("cli-server-runs", 1)):
        parser.add_argument(f"--{name}", type=int, default=default)
    parser.add_argument("--variants", action="store_true", help="also stackrun tuned for the server workload")
    parser.add_argument("--tools", default="", help="only the tools whose names start with these (comma-separated)")
    parser.add_argument("--latency-ms", type=float, default=20)
    parser.add_argument("--build-seconds", type=float, default=2)
    args = parser.parse_args()
    args.workloads = args.workloads.split(",")
    args.tools = [name for name in args.tools.split(",") if name]
    results = run_rounds(args)
    print(table(results, args))
    # Workload (c)'s critical path, set by the emulator's delays alone, each server's steps in
    # parallel with the others': sign in; look up image, flavor and network (together); create
    # the volume and the server (together); the readiness delay; read both statuses; attach;
    # read in-use; delete the server; read it gone; delete the volume; read it gone.
    latency = args.latency_ms / 1000
    path = args.build_seconds + 10 * latency
    print(f"\nWorkload servers: critical path {path:.3f} s (readiness {args.build_seconds:g} s + 10 round trips of "
          f"{args.latency_ms:g} ms); 1.3× that is {1.3 * path:.3f} s.")


if __name__ == "__main__":
    main()
