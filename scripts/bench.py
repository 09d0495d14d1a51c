#!/usr/bin/env python3
"""Pathway's national-scale benchmark, side by side with the reference peer.

Run by `scripts/bench` (which installs wrk, nginx and the peer's Python packages and
builds the release binary first); not part of the tests. In one run on this machine:

1. generates the national data (`gen_workforce.py --authorities 153 --seed 1`) and
   one council's (`--authorities 1`, council 888, the same rows as 888 nationally);
2. times `pathway import` into an empty database (cold) and again (warm, unchanged),
   `pathway measures --json` cold (computed; the OS file cache dropped when allowed)
   and warm (the kept document read back), and `pathway measures --from` the files,
   with peak memory from `/usr/bin/time -v`;
3. times the peer (`peer_pandas.py`, pandas + lifelines) on the same files, its load
   and compute phases apart, and compares its JSON with Pathway's number by number;
4. times the computation alone and the survival curves and log-rank tests alone
   (`cargo bench -p pathway --bench measures`);
5. times a committee PDF for one council;
6. loads the web server with wrk (64 connections) on the dashboard, the workforce
   register and an API list, on one council's database and on the national one, and
   a static copy of the dashboard served by nginx as the ceiling;

then prints every figure and ratio as a Markdown table (also written to
`target/bench/national-N/summary.md`).
"""

import argparse
import http.cookiejar
import json
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEER = ROOT.parent / "shared" / "bench"
DATE = "2024-09-30"
COUNCIL = "888"
LEAD = "bench-lead@pathway.example"


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def timed(command, stdout=None, env=None):
    """Runs a command under /usr/bin/time -v: wall seconds, peak memory (MB), stderr."""
    report = ROOT / "target" / "bench" / "time.txt"
    with open(report.with_suffix(".err"), "w") as errors:
        started = time.perf_counter()
        result = subprocess.run(
            ["/usr/bin/time", "-v", "-o", str(report), *map(str, command)],
            stdout=stdout or subprocess.DEVNULL,
            stderr=errors,
            env=env,
        )
        wall = time.perf_counter() - started
    stderr = report.with_suffix(".err").read_text()
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {' '.join(map(str, command))}\n{stderr[-3000:]}")
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report.read_text())
    return {"wall": wall, "rss_mb": int(rss.group(1)) / 1024 if rss else float("nan"), "stderr": stderr}


def phases(text):
    """`name  1.23 s` lines, as both the peer and `--timings` print them."""
    found = {}
    for line in text.splitlines():
        match = re.match(r"^\s*(\w+)\s+([0-9.]+)\s*s\s*$", line)
        if match:
            found[match.group(1)] = float(match.group(2))
    return found


def drop_file_cache():
    """Empties the OS file cache so that the next run reads from disk, if allowed."""
    try:
        subprocess.run(["sync"], check=True)
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def compare(ours, peer, path="", differences=None):
    """Every place where the two measures documents differ beyond 1e-9."""
    if differences is None:
        differences = []
    if isinstance(ours, dict) and isinstance(peer, dict):
        for key in sorted(set(ours) | set(peer)):
            compare(ours.get(key), peer.get(key), f"{path}.{key}", differences)
    elif isinstance(ours, list) and isinstance(peer, list) and len(ours) == len(peer):
        for index, (a, b) in enumerate(zip(ours, peer)):
            compare(a, b, f"{path}[{index}]", differences)
    elif isinstance(ours, (int, float)) and isinstance(peer, (int, float)) and not isinstance(ours, bool):
        if not math.isclose(ours, peer, rel_tol=1e-9, abs_tol=1e-9):
            differences.append((path, ours, peer))
    elif ours != peer:
        differences.append((path, ours, peer))
    return differences


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def process_memory_mb(pid):
    status = Path(f"/proc/{pid}/status").read_text()
    rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024
    peak = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024
    return rss, peak


class Server:
    """`pathway serve` on a database, signed in (by default as a workforce lead of
    council 888), with an API token made the way a user makes one."""

    def __init__(self, pathway, database, password, email=LEAD):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, PATHWAY_LOG="warn")
        self.process = subprocess.Popen(
            [pathway, "--database", database, "serve", "--addr", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL,
            env=env,
        )
        for _ in range(300):
            try:
                with urllib.request.urlopen(self.base + "/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            self.stop()
            sys.exit("the server did not answer /health")
        self.started_mb = process_memory_mb(self.process.pid)[0]
        self.sign_in(email, password)

    def sign_in(self, email, password):
        """Signs in through the form and makes an API token on the tokens page."""
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self.opener.addheaders = [("Origin", self.base)]
        self.post("/sign-in", {"email": email, "password": password}, "/sign-in")
        self.cookie = "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)
        if "session" not in self.cookie:
            sys.exit(f"signing in as {email} failed")
        page = self.post("/account/tokens", {"name": "bench"}, "/account/tokens")
        token = re.search(r'id="new-token">([^<]+)<', page)
        if not token:
            sys.exit("no API token was made")
        self.token = token.group(1)

    def get(self, path, headers=()):
        request = urllib.request.Request(self.base + path)
        for header in headers:
            name, value = header.split(": ", 1)
            request.add_header(name, value)
        with self.opener.open(request, timeout=60) as response:
            return response.read().decode()

    def post(self, path, fields, form_page):
        form = self.get(form_page)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        body = urllib.parse.urlencode({**fields, "csrf_token": csrf}).encode()
        with self.opener.open(self.base + path, data=body, timeout=60) as response:
            return response.read().decode()

    def memory_mb(self):
        return process_memory_mb(self.process.pid)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def wrk(url, seconds, connections, headers=()):
    """wrk's figures: requests per second, p50/p99 in ms, errors."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(command + [url], check=True, capture_output=True, text=True).stdout

    def milliseconds(label):
        match = re.search(rf"^\s*{label}%\s+([0-9.]+)(us|ms|s)\s*$", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    requests = float(re.search(r"Requests/sec:\s+([0-9.]+)", output).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    errors = 0
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket_errors:
        errors += sum(int(count) for count in socket_errors.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        errors += int(non_2xx.group(1))
    return {
        "rps": requests,
        "p50": milliseconds("50"),
        "p99": milliseconds("99"),
        "errors": errors,
        "requests": total,
    }


def nginx_ceiling(work, html, seconds, connections):
    """Serves `html` as a static file with nginx and loads it as the dashboard is."""
    site = work / "nginx"
    shutil.rmtree(site, ignore_errors=True)
    (site / "root").mkdir(parents=True)
    (site / "logs").mkdir()
    (site / "root" / "index.html").write_text(html)
    port = free_port()
    user = "user root root;\n" if os.geteuid() == 0 else ""
    (site / "nginx.conf").write_text(
        f"""{user}worker_processes auto;
daemon off;
pid {site}/nginx.pid;
error_log {site}/logs/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    default_type text/html;
    client_body_temp_path {site}/tmp_body;
    proxy_temp_path {site}/tmp_proxy;
    fastcgi_temp_path {site}/tmp_fastcgi;
    uwsgi_temp_path {site}/tmp_uwsgi;
    scgi_temp_path {site}/tmp_scgi;
    server {{
        listen 127.0.0.1:{port};
        root {site}/root;
        location / {{ index index.html; }}
    }}
}}
"""
    )
    process = subprocess.Popen(["nginx", "-p", str(site), "-c", str(site / "nginx.conf")])
    try:
        url = f"http://127.0.0.1:{port}/"
        for _ in range(100):
            try:
                with urllib.request.urlopen(url, timeout=2):
                    break
            except OSError:
                time.sleep(0.1)
        return wrk(url, seconds, connections)
    finally:
        process.send_signal(signal.SIGQUIT)
        process.wait(timeout=20)


def lead_password(pathway, database):
    output = subprocess.run(
        [pathway, "--database", database, "user", "add", "--council", COUNCIL,
         "--role", "workforce_lead", "--email", LEAD],
        check=True, capture_output=True, text=True,
    ).stdout
    return re.search(r"One-time password: (\S+)", output).group(1)


def import_fresh(pathway, folder, database):
    for suffix in ("", "-wal", "-shm"):
        Path(str(database) + suffix).unlink(missing_ok=True)
    return timed([pathway, "--database", database, "import", folder])


def main():
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--authorities", type=int, default=153)
    arguments.add_argument("--seconds", type=int, default=30, help="each wrk run")
    arguments.add_argument("--connections", type=int, default=64)
    arguments.add_argument("--python", default=sys.executable, help="the peer's Python")
    arguments.add_argument("--pathway", default=str(ROOT / "target/release/pathway"))
    options = arguments.parse_args()
    pathway = options.pathway
    work = ROOT / "target" / "bench" / f"national-{options.authorities}"
    work.mkdir(parents=True, exist_ok=True)
    data, one = work / "data", work / "one"
    national_db, one_db = work / "national.db", work / "one.db"
    figures = {}

    log(f"generating {options.authorities} councils' data (seed 1)")
    for folder, count in ((data, options.authorities), (one, 1)):
        if not (folder / "employments.csv").exists():
            subprocess.run(
                [sys.executable, PEER / "gen_workforce.py", "--out", folder,
                 "--authorities", str(count), "--seed", "1"],
                check=True, stderr=subprocess.DEVNULL,
            )
    figures["data_mb"] = sum(path.stat().st_size for path in data.iterdir()) / 1e6

    log("pathway import, into an empty database and again")
    figures["import_cold"] = import_fresh(pathway, data, national_db)
    figures["import_warm"] = timed([pathway, "--database", national_db, "import", data])
    figures["database_mb"] = national_db.stat().st_size / 1e6

    log("pathway measures --json, cold and warm")
    measures = [pathway, "--database", national_db, "measures", "--date", DATE, "--json", "--timings"]
    figures["cache_dropped"] = drop_file_cache()
    with open(work / "pathway.json", "w") as out:
        figures["measures_cold"] = timed(measures, stdout=out)
    with open(work / "pathway.json", "w") as out:
        figures["measures_warm"] = timed(measures, stdout=out)

    log("pathway measures --json --from the files (read, checked and measured, no database)")
    with open(work / "pathway-files.json", "w") as out:
        figures["measures_files"] = timed(
            [pathway, "measures", "--date", DATE, "--json", "--timings", "--from", data], stdout=out
        )

    log("the peer (pandas + lifelines)")
    figures["peer"] = timed(
        [options.python, PEER / "peer_pandas.py", data, "--date", DATE, "--json", work / "peer.json"]
    )
    differences = compare(
        json.loads((work / "pathway.json").read_text()), json.loads((work / "peer.json").read_text())
    )
    figures["differences"] = differences
    figures["files_differences"] = compare(
        json.loads((work / "pathway-files.json").read_text()), json.loads((work / "peer.json").read_text())
    )
    figures["survival_differences"] = [d for d in differences if ".survival" in d[0]]

    log("the computation alone (cargo bench)")
    bench = subprocess.run(
        ["cargo", "bench", "--locked", "-p", "pathway", "--bench", "measures"],
        cwd=ROOT, check=True, capture_output=True, text=True,
        env=dict(os.environ, PATHWAY_BENCH_DATA=str(data)),
    ).stdout
    for name in ("measures", "survival"):
        match = re.search(rf"{name} compute: .* fastest ([0-9.]+) s, median ([0-9.]+) s", bench)
        figures[f"{name}_compute"] = (float(match.group(1)), float(match.group(2)))

    log("a committee PDF for one council")
    runs = []
    for _ in range(3):
        runs.append(timed([pathway, "--database", national_db, "report", "committee", "--council",
                           COUNCIL, "--date", DATE, "--format", "pdf", "--output", work / "committee.pdf"]))
    figures["committee_pdf"] = sorted(runs, key=lambda run: run["wall"])[1]

    log("HTTP load")
    import_fresh(pathway, one, one_db)
    pages = {
        "dashboard": "/",
        "register": "/workers",
        "API list": "/api/v1/workers?per_page=50",
    }
    figures["http"] = {}
    dashboard_html = None
    for scope, database in (("one council", one_db), ("national", national_db)):
        password = lead_password(pathway, database)
        server = Server(pathway, database, password)
        try:
            for name, path in pages.items():
                headers = [f"Cookie: {server.cookie}"]
                if path.startswith("/api/"):
                    headers = [f"Authorization: Bearer {server.token}"]
                # One request first, as a user's first visit, so that wrk measures the
                # pages as they are served once the council's records are in memory.
                page = server.get(path, headers)
                if name == "dashboard" and dashboard_html is None:
                    dashboard_html = page
                log(f"wrk {scope} {name}")
                result = wrk(server.base + path, options.seconds, options.connections, headers)
                result["memory"] = server.memory_mb()
                figures["http"][(scope, name)] = result
            figures["http"][(scope, "server")] = {
                "started_mb": server.started_mb,
                "end_mb": server.memory_mb()[0],
                "peak_mb": server.memory_mb()[1],
            }
        finally:
            server.stop()
    log("wrk nginx static dashboard")
    figures["nginx"] = nginx_ceiling(work, dashboard_html, options.seconds, options.connections)

    summary = write_summary(figures, options)
    (work / "summary.md").write_text(summary)
    print(summary)


def write_summary(f, options):
    peer = phases(f["peer"]["stderr"])
    peer_compute = sum(peer.get(k, 0.0) for k in ("workforce", "leavers", "academy", "survival", "recruitment"))
    cold, warm = phases(f["measures_cold"]["stderr"]), phases(f["measures_warm"]["stderr"])
    compute_fastest, compute_median = f["measures_compute"]
    survival_fastest, survival_median = f["survival_compute"]
    lines = []
    add = lines.append
    add(f"Machine: {os.cpu_count()} cores, {platform()}; date {time.strftime('%Y-%m-%d %H:%M')}; "
        f"{options.authorities} councils, {f['data_mb']:.0f} MB of CSV; database {f['database_mb']:.0f} MB.")
    add("")
    add("| what | wall time | peak memory | notes |")
    add("|---|---|---|---|")
    add(f"| `pathway import` into an empty database | {f['import_cold']['wall']:.1f} s | {f['import_cold']['rss_mb']:.0f} MB | |")
    add(f"| `pathway import` again (nothing changed) | {f['import_warm']['wall']:.1f} s | {f['import_warm']['rss_mb']:.0f} MB | |")
    cache = "OS file cache dropped first" if f["cache_dropped"] else "OS file cache could not be dropped"
    add(f"| `pathway measures --json`, cold (computed) | {f['measures_cold']['wall']:.2f} s | {f['measures_cold']['rss_mb']:.0f} MB | load {cold.get('load', 0):.2f} s, compute {cold.get('compute', 0):.2f} s; {cache} |")
    warm_note = (f"kept document read back in {warm['kept']:.3f} s" if "kept" in warm
                 else f"computed: load {warm.get('load', 0):.2f} s, compute {warm.get('compute', 0):.2f} s")
    add(f"| `pathway measures --json`, warm (nothing changed) | {f['measures_warm']['wall']:.2f} s | {f['measures_warm']['rss_mb']:.0f} MB | {warm_note} |")
    files = phases(f["measures_files"]["stderr"])
    add(f"| `pathway measures --json --from` the files (no database) | {f['measures_files']['wall']:.2f} s | {f['measures_files']['rss_mb']:.0f} MB | read and checked {files.get('load', 0):.2f} s, compute {files.get('compute', 0):.2f} s |")
    add(f"| peer (pandas + lifelines) | {f['peer']['wall']:.1f} s | {f['peer']['rss_mb']:.0f} MB | load {peer.get('load', 0):.2f} s, compute {peer_compute:.2f} s (survival {peer.get('survival', 0):.2f} s) |")
    add(f"| measures computation alone (cargo bench) | fastest {compute_fastest:.3f} s, median {compute_median:.3f} s | | |")
    add(f"| survival curves and log-rank alone (cargo bench) | fastest {survival_fastest:.3f} s, median {survival_median:.3f} s | | |")
    add(f"| committee PDF, council {COUNCIL} (median of 3) | {f['committee_pdf']['wall']:.2f} s | {f['committee_pdf']['rss_mb']:.0f} MB | |")
    add("")
    add(f"Same numbers: {len(f['differences'])} differences between Pathway's and the peer's JSON beyond 1e-9 "
        f"({len(f['survival_differences'])} in survival; {len(f['files_differences'])} for `--from` the files)" + (": " + "; ".join(f"{p} {a} vs {b}" for p, a, b in f["differences"][:5]) if f["differences"] else "."))
    add("")
    add("| ratio | measured | target |")
    add("|---|---|---|")
    add(f"| peer compute / Pathway computation (median) | {peer_compute / compute_median:.0f}× | ≥ 50× |")
    add(f"| peer compute / `pathway measures --json` warm (from the store) | {peer_compute / f['measures_warm']['wall']:.0f}× | ≥ 50× |")
    add(f"| peer compute / `pathway measures --json` cold (loaded from the store and computed) | {peer_compute / f['measures_cold']['wall']:.1f}× | ≥ 50× |")
    end_to_end = f["import_cold"]["wall"] + f["measures_cold"]["wall"]
    add(f"| peer end to end / (import + measures cold) | {f['peer']['wall'] / end_to_end:.2f}× | ≥ 10× |")
    add(f"| peer end to end / `pathway measures --from` the same files | {f['peer']['wall'] / f['measures_files']['wall']:.1f}× | ≥ 10× |")
    add(f"| lifelines survival / Pathway survival (median) | {peer.get('survival', 0) / survival_median:.0f}× | ≥ 20× |")
    add("")
    add(f"HTTP: wrk, {options.connections} connections, {options.seconds} s each, 2 threads, on this machine "
        "(wrk and the server share its cores).")
    add("")
    add("| installation | page | requests/s | p50 | p99 | errors | vs nginx | server memory after |")
    add("|---|---|---|---|---|---|---|---|")
    ceiling = f["nginx"]["rps"]
    for (scope, name), result in f["http"].items():
        if name == "server":
            continue
        add(f"| {scope} | {name} | {result['rps']:.0f} | {result['p50']:.2f} ms | {result['p99']:.2f} ms | "
            f"{result['errors']} | {100 * result['rps'] / ceiling:.0f}% | {result['memory'][0]:.0f} MB |")
    n = f["nginx"]
    add(f"| nginx | static dashboard | {n['rps']:.0f} | {n['p50']:.2f} ms | {n['p99']:.2f} ms | {n['errors']} | 100% | |")
    add("")
    for scope in ("one council", "national"):
        server = f["http"][(scope, "server")]
        add(f"Server memory, {scope}: {server['started_mb']:.0f} MB at start, {server['end_mb']:.0f} MB at the end, "
            f"peak {server['peak_mb']:.0f} MB.")
    return "\n".join(lines) + "\n"


def platform():
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        memory = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        return f"{model}, {memory / 1024 / 1024:.0f} GiB"
    except OSError:
        return model


if __name__ == "__main__":
    main()
