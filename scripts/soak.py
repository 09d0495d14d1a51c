#!/usr/bin/env python3
"""Pathway's soak test: the release server under a steady load for minutes.

Run by `scripts/soak` (which installs wrk and builds the release binary first); not part
of the tests. On the national demo (`pathway demo --councils 153`, made once under
`target/soak/`), it signs in a workforce lead in each of several councils, each with a
session cookie and an API token made as a user makes them, then lets wrk (64
connections) walk a mix of pages and API calls across those councils: dashboard,
register, a person's page, academy, caseloads, leavers, profile, career, training,
vacancies, and the API's worker list, worker, measures and caseloads.

A request counts as an error if its status is anything but 200 (a redirect would mean a
lost session) or if the socket failed. The server's resident memory is read when it has
started, after a warm-up that fills its caches (the baseline), every few seconds during
the run, and at the end; growth is measured from the baseline. It fails (exit 1) on any
error or on growth of 10% or more, and prints a Markdown summary, also written to
`target/soak/summary.md`.
"""

import argparse
import copy
import json
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import ROOT, Server, platform, process_memory_mb  # noqa: E402

UNTIL = "2026-09-30"
PAGES = [
    "/",
    "/workers",
    "/workers/{worker}",
    "/academy",
    "/caseloads",
    "/leavers",
    "/profile",
    "/career",
    "/training",
    "/recruitment/vacancies",
    "/api/v1/workers?per_page=50",
    "/api/v1/workers/{worker}",
    "/api/v1/measures",
    "/api/v1/caseloads",
]

# wrk walks every (council, page) pair in turn on each connection, counts each status
# per thread, and prints the totals at the end.
WRK_SCRIPT = """
local requests = {}
local threads = {}
local counter = 0

%(requests)s

function setup(thread)
  thread:set("offset", #threads * 7919)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  counter = offset
end

function request()
  counter = counter + 1
  local r = requests[(counter %% #requests) + 1]
  return wrk.format("GET", r[1], r[2])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + count
    end
  end
  for status, count in pairs(totals) do
    io.write(string.format("status %%d %%d\\n", status, count))
  end
end
"""


def log(message):
    print(f"[soak {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def lua_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def national_demo(pathway, database, councils):
    """The demo database of `councils` councils, made once and reused."""
    if database.exists():
        listed = subprocess.run(
            [pathway, "--database", database, "councils"], check=True, capture_output=True, text=True
        ).stdout
        if len(re.findall(r"^\s*\d{3,4}\b", listed, re.M)) >= councils:
            return
        database.unlink()
    log(f"making the national demo: {councils} councils (once)")
    started = time.perf_counter()
    subprocess.run(
        [pathway, "--database", database, "demo", "--councils", str(councils), "--seed", "1",
         "--until", UNTIL],
        check=True, stdout=subprocess.DEVNULL,
    )
    log(f"made in {time.perf_counter() - started:.0f} s")


def council_codes(pathway, database):
    listed = subprocess.run(
        [pathway, "--database", database, "councils"], check=True, capture_output=True, text=True
    ).stdout
    return re.findall(r"^\s*(\d{3,4})\b", listed, re.M)


def lead_of(pathway, database, council):
    """A new workforce lead of `council`: their email and one-time password."""
    email = f"soak-lead-{council}-{int(time.time() * 1000)}@pathway.example"
    output = subprocess.run(
        [pathway, "--database", database, "user", "add", "--council", council,
         "--role", "workforce_lead", "--email", email],
        check=True, capture_output=True, text=True,
    ).stdout
    return email, re.search(r"One-time password: (\S+)", output).group(1)


def sample_memory(server, samples, stop):
    while not stop.wait(5):
        samples.append((time.time(), server.memory_mb()[0]))


def main():
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--councils", type=int, default=153, help="councils in the demo")
    arguments.add_argument("--signed-in", type=int, default=6,
                           help="councils whose leads are signed in and loaded")
    arguments.add_argument("--seconds", type=int, default=300, help="the soak's length")
    arguments.add_argument("--warm-up", type=int, default=60, help="seconds of load before the baseline")
    arguments.add_argument("--connections", type=int, default=64)
    arguments.add_argument("--pathway", default=str(ROOT / "target/release/pathway"))
    options = arguments.parse_args()
    pathway = options.pathway
    work = ROOT / "target" / "soak"
    work.mkdir(parents=True, exist_ok=True)
    database = work / f"national-demo-{options.councils}.db"
    national_demo(pathway, database, options.councils)
    database_mb = database.stat().st_size / 1e6

    codes = council_codes(pathway, database)[: options.signed_in]
    leads = [(code, *lead_of(pathway, database, code)) for code in codes]
    first_email, first_password = leads[0][1], leads[0][2]
    server = Server(pathway, database, first_password, email=first_email)
    figures = {"launched_mb": server.started_mb, "database_mb": database_mb, "councils": codes}
    try:
        requests = []
        for code, email, password in leads:
            # Each lead signs in on the same server; the first is already signed in.
            signed_in = server
            if email != first_email:
                signed_in = copy.copy(server)
                signed_in.sign_in(email, password)
            workers = json.loads(
                signed_in.get("/api/v1/workers?per_page=1", [f"Authorization: Bearer {signed_in.token}"])
            )
            worker = first_worker_id(workers)
            for page in PAGES:
                path = page.replace("{worker}", worker)
                if path.startswith("/api/"):
                    header = f"Authorization: Bearer {signed_in.token}"
                else:
                    header = f"Cookie: {signed_in.cookie}"
                # Every request answers 200 before the soak, or the soak means nothing.
                signed_in.get(path, [header])
                name, value = header.split(": ", 1)
                requests.append((path, name, value))
        lines = [
            f"requests[{index}] = {{ {lua_string(path)}, {{ [{lua_string(name)}] = {lua_string(value)} }} }}"
            for index, (path, name, value) in enumerate(requests, start=1)
        ]
        script = work / "soak.lua"
        script.write_text(WRK_SCRIPT % {"requests": "\n".join(lines)})
        log(f"{len(requests)} requests across {len(codes)} councils: warm-up {options.warm_up} s")
        warm = run_wrk(server.base, script, options.warm_up, options.connections)
        figures["warm"] = warm
        baseline = server.memory_mb()[0]
        figures["baseline_mb"] = baseline
        samples = [(time.time(), baseline)]
        stop = threading.Event()
        sampler = threading.Thread(target=sample_memory, args=(server, samples, stop), daemon=True)
        sampler.start()
        log(f"soak: {options.seconds} s, {options.connections} connections; baseline {baseline:.0f} MB")
        soak = run_wrk(server.base, script, options.seconds, options.connections)
        stop.set()
        sampler.join()
        figures["soak"] = soak
        figures["end_mb"], figures["peak_mb"] = server.memory_mb()
        figures["samples"] = samples
    finally:
        server.stop()

    growth = (figures["end_mb"] - figures["baseline_mb"]) / figures["baseline_mb"] * 100
    figures["growth"] = growth
    summary = write_summary(figures, options)
    (work / "summary.md").write_text(summary)
    print(summary)
    failed = figures["soak"]["errors"] > 0 or figures["warm"]["errors"] > 0 or growth >= 10
    sys.exit(1 if failed else 0)


def first_worker_id(listing):
    workers = listing.get("workers") if isinstance(listing, dict) else listing
    if not workers:
        for value in listing.values():
            if isinstance(value, list) and value:
                workers = value
                break
    return workers[0]["worker_id"]


def run_wrk(base, script, seconds, connections):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s",
               "-s", str(script), base + "/"]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    statuses = {int(s): int(c) for s, c in re.findall(r"^status (\d+) (\d+)$", output, re.M)}
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    failed_sockets = sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    total = int(re.search(r"(\d+) requests in", output).group(1))

    def milliseconds(label):
        match = re.search(rf"^\s*{label}%\s+([0-9.]+)(us|ms|s)\s*$", output, re.M)
        return float(match.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)]

    return {
        "requests": total,
        "rps": float(re.search(r"Requests/sec:\s+([0-9.]+)", output).group(1)),
        "p50": milliseconds("50"),
        "p99": milliseconds("99"),
        "statuses": statuses,
        "socket_errors": failed_sockets,
        "errors": failed_sockets + sum(count for status, count in statuses.items() if status != 200),
    }


def write_summary(f, options):
    soak = f["soak"]
    lines = []
    add = lines.append
    add(f"Machine: {platform()}; date {time.strftime('%Y-%m-%d %H:%M')}; national demo of "
        f"{options.councils} councils ({f['database_mb']:.0f} MB database); {len(f['councils'])} councils' "
        f"leads signed in ({', '.join(f['councils'])}); {len(PAGES)} pages and API calls each.")
    add("")
    add("| what | figure |")
    add("|---|---|")
    add(f"| load | wrk, {options.connections} connections, {options.seconds} s after a {options.warm_up} s warm-up |")
    add(f"| requests | {soak['requests']:,} ({soak['rps']:.0f} per second; p50 {soak['p50']:.1f} ms, p99 {soak['p99']:.1f} ms) |")
    statuses = ", ".join(f"{status}: {count:,}" for status, count in sorted(soak["statuses"].items()))
    add(f"| statuses | {statuses} |")
    add(f"| errors (status other than 200, or socket errors) | {soak['errors']} (socket errors {soak['socket_errors']}); warm-up {f['warm']['errors']} |")
    add(f"| server memory when started | {f['launched_mb']:.0f} MB |")
    add(f"| server memory after the warm-up (baseline) | {f['baseline_mb']:.0f} MB |")
    add(f"| server memory at the end | {f['end_mb']:.0f} MB (peak {f['peak_mb']:.0f} MB) |")
    add(f"| growth from the baseline | {f['growth']:+.1f}% (limit: under 10%) |")
    minute = {}
    start = f["samples"][0][0]
    for at, mb in f["samples"]:
        minute[int((at - start) // 60)] = mb
    add(f"| memory at each minute | {', '.join(f'{mb:.0f}' for _, mb in sorted(minute.items()))} MB |")
    verdict = "passed" if soak["errors"] == 0 and f["warm"]["errors"] == 0 and f["growth"] < 10 else "FAILED"
    add("")
    add(f"Result: {verdict}.")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
