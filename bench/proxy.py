"""Proxy benchmark: our data plane vs nginx vs direct, on the monolith's product detail endpoint.

Writes bench/results/proxy.json and prints a summary. Everything runs in one go on this machine:
the legacy shop under gunicorn on a seeded SQLite file in a temporary folder, nginx (Debian's
nginx-light) and our proxy (gunicorn + aiohttp + uvloop, one worker each) in front of it, and
`wrk` as the load generator (both installed with apt-get when missing).

    python bench/proxy.py [--duration 10] [--output bench/results/proxy.json]

Measured:
- throughput at 16 connections, proxy vs nginx (target ratio >= 0.9);
- median latency at 1 connection, proxy minus direct (target <= 0.2 ms);
- shadowing every read: the primary's median at 1 connection with the feature in shadow vs
  legacy (target <= 5 %), the shadow copy going to a small stand-in service;
- per-request cost with 1,000 routes vs 10 (target flat), against a fast stand-in backend so the
  proxy's own cost is not hidden behind Django's;
- the proxy worker's RSS growth while streaming a 100 MB body each way (target flat).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results" / "proxy.json"
PYTHON = sys.executable
PRODUCT_PATTERN = "/api/products/{id}/"


# -- the stand-in service (run as `python bench/proxy.py --serve-fake PORT`) -----------------


def serve_fake(port: int) -> None:
    """A fast backend: answers the shadow copies, the route-cost probe and the 100 MB streams."""
    import uvloop
    from aiohttp import web

    body = json.dumps({"id": 1, "prod_name": "Widget", "price_cents": 1299}).encode()

    async def product(request: web.Request) -> web.Response:
        return web.Response(body=body, content_type="application/json")

    async def stream(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        response.content_length = int(request.query.get("mb", "100")) * 1024 * 1024
        await response.prepare(request)
        chunk = b"x" * (1024 * 1024)
        for _ in range(int(request.query.get("mb", "100"))):
            await response.write(chunk)
        await response.write_eof()
        return response

    async def upload(request: web.Request) -> web.Response:
        total = 0
        async for chunk in request.content.iter_any():
            total += len(chunk)
        return web.json_response({"received": total})

    app = web.Application()
    app.router.add_get("/api/products/{id}/", product)
    app.router.add_get("/fast/{id}", product)
    app.router.add_get("/stream", stream)
    app.router.add_post("/upload", upload)
    web.run_app(
        app, host="127.0.0.1", port=port, access_log=None, print=None, loop=uvloop.new_event_loop()
    )


# -- processes ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"process for {url} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status < 500:
                    return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not answer within {timeout:.0f}s")


def ensure_tools() -> None:
    missing = [
        tool
        for tool, package in (("nginx", "nginx-light"), ("wrk", "wrk"))
        if not shutil.which(tool)
    ]
    if not missing:
        return
    print(f"installing {', '.join(missing)} with apt-get", flush=True)
    packages = ["nginx-light" if tool == "nginx" else tool for tool in missing]
    install = ["apt-get", "install", "-y", "--no-install-recommends", *packages]
    if subprocess.run(install, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update"], check=True, capture_output=True)
        subprocess.run(install, check=True, capture_output=True)


class Stack:
    """Every process of the benchmark; stopped together at the end."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.processes: list[subprocess.Popen] = []
        self.env = {
            **os.environ,
            "PYTHONPATH": str(REPO),
            "STRANGLER_VAR_DIR": str(work / "var"),
            "DJANGO_SETTINGS_MODULE": "legacy_monolith.settings.base",
            "LOG_LEVEL": "WARNING",
        }
        self.env.pop("DATABASE_URL", None)

    def start(
        self, args: list[str], name: str, env: dict[str, str] | None = None
    ) -> subprocess.Popen:
        log = open(self.work / f"{name}.log", "ab")  # noqa: SIM115 - lives as long as the process
        process = subprocess.Popen(
            args, cwd=REPO, env={**self.env, **(env or {})}, stdout=log, stderr=subprocess.STDOUT
        )
        self.processes.append(process)
        return process

    def stop(self, process: subprocess.Popen) -> None:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def stop_all(self) -> None:
        for process in reversed(self.processes):
            self.stop(process)


def start_legacy(stack: Stack) -> tuple[str, int]:
    manage = [PYTHON, str(REPO / "legacy_monolith" / "manage.py")]
    subprocess.run(
        [*manage, "migrate", "--noinput"], env=stack.env, check=True, capture_output=True
    )
    subprocess.run(
        [*manage, "seed", "--customers", "5", "--products", "20", "--orders", "5", "--no-progress"],
        env=stack.env,
        check=True,
        capture_output=True,
    )
    port = free_port()
    process = stack.start(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "legacy_monolith.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--keep-alive",
            "75",
            "--log-level",
            "warning",
        ],
        "legacy",
    )
    wait_http(f"http://127.0.0.1:{port}/api/products/", process)
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/products/") as response:
        listing = json.load(response)
    items = listing.get("results") or listing.get("products") or listing.get("items") or []
    product_id = items[0].get("prod_id", items[0].get("id")) if items else 1
    return f"http://127.0.0.1:{port}", int(product_id)


def start_fake(stack: Stack) -> str:
    port = free_port()
    process = stack.start([PYTHON, __file__, "--serve-fake", str(port)], "fake-service")
    wait_http(f"http://127.0.0.1:{port}/fast/1", process)
    return f"http://127.0.0.1:{port}"


def start_nginx(stack: Stack, backend: str) -> tuple[str, subprocess.Popen]:
    port = free_port()
    prefix = stack.work / "nginx"
    prefix.mkdir(exist_ok=True)
    upstream = backend.removeprefix("http://")
    conf = prefix / "nginx.conf"
    conf.write_text(
        f"""
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    upstream backend {{ server {upstream}; keepalive 32; }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://backend;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""
    )
    process = stack.start(
        ["nginx", "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"], "nginx"
    )
    wait_http(f"http://127.0.0.1:{port}/api/products/", process)
    return f"http://127.0.0.1:{port}", process


def start_proxy(
    stack: Stack, *, backends: dict[str, str], features: list[dict], name: str
) -> tuple[str, subprocess.Popen]:
    routes_file = stack.work / f"{name}.json"
    routes_file.write_text(json.dumps({"version": 1, "features": features}))
    port = free_port()
    env = {
        "STRANGLER_BIND": f"127.0.0.1:{port}",
        "STRANGLER_WORKERS": "1",
        "STRANGLER_BACKENDS": ",".join(f"{k}={v}" for k, v in backends.items()),
        "STRANGLER_ROUTES_FILE": str(routes_file),
        "STRANGLER_MAX_BODY_BYTES": str(200 << 20),
        "STRANGLER_ACCESS_LOG": "0",
        "STRANGLER_RATE_LIMIT": "1000000000/second",
        "PROMETHEUS_MULTIPROC_DIR": str(stack.work / f"metrics-{name}"),
    }
    process = stack.start(
        [PYTHON, "-m", "gunicorn", "-c", str(REPO / "strangler_proxy" / "gunicorn_conf.py")],
        f"proxy-{name}",
        env,
    )
    wait_http(f"http://127.0.0.1:{port}/metrics", process)
    return f"http://127.0.0.1:{port}", process


def product_feature(stage: str, *, extra_routes: int = 0) -> list[dict]:
    routes = [
        {"id": f"filler-{n}", "pattern": f"/filler{n}/items/{{id}}/", "methods": ["GET"]}
        for n in range(extra_routes)
    ]
    routes.append({"id": "product-detail", "pattern": PRODUCT_PATTERN, "methods": ["GET", "HEAD"]})
    routes.append({"id": "fast", "pattern": "/fast/{id}", "methods": ["GET"]})
    routes.append({"id": "stream", "pattern": "/stream", "methods": ["GET"]})
    routes.append({"id": "upload", "pattern": "/upload", "methods": ["POST"]})
    return [{"name": "products", "backend": "products", "stage": stage, "routes": routes}]


# -- measuring -----------------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, *, connections: int, duration: float) -> dict[str, float]:
    """Requests/s and latency percentiles (ms) from one wrk run (after a short warm-up)."""
    subprocess.run(["wrk", "-t1", f"-c{connections}", "-d2s", url], check=True, capture_output=True)
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{duration:.0f}s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result = {"requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for percentile in ("50", "90", "99"):
        match = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE)
        result[f"p{percentile}_ms"] = round(float(match.group(1)) * _UNITS[match.group(2)], 4)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result["non_2xx"] = int(errors.group(1)) if errors else 0
    result["requests_per_s"] = round(result["requests_per_s"], 1)
    return result


def interleaved(
    targets: dict[str, str], *, rounds: int, connections: int, duration: float
) -> dict[str, dict[str, float]]:
    """Each target measured `rounds` times, in turns, keeping the run with the median result.

    Taking turns spreads a noisy neighbour's burst over every target instead of one.
    """
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in targets}
    for _ in range(rounds):
        for name, url in targets.items():
            runs[name].append(wrk(url, connections=connections, duration=duration))
    key = "p50_ms" if connections == 1 else "requests_per_s"
    return {
        name: sorted(results, key=lambda r: r[key])[len(results) // 2]
        for name, results in runs.items()
    }


def worker_pid(master: subprocess.Popen) -> int:
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    return int(children[0])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def stream_rss_growth(proxy_url: str, pid: int) -> dict[str, float]:
    """Peak RSS growth of the proxy worker while 100 MB go down and then up through it."""
    baseline = rss_mb(pid)
    peak = baseline
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, rss_mb(pid))
            time.sleep(0.005)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.monotonic()
    received = 0
    with urllib.request.urlopen(f"{proxy_url}/stream?mb=100", timeout=120) as response:
        while chunk := response.read(1 << 20):
            received += len(chunk)
    down_seconds = time.monotonic() - started

    def body():
        for _ in range(100):
            yield b"y" * (1 << 20)

    request = urllib.request.Request(
        f"{proxy_url}/upload",
        data=body(),
        method="POST",
        headers={"Content-Length": str(100 << 20), "Content-Type": "application/octet-stream"},
    )
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=120) as response:
        uploaded = json.load(response)["received"]
    up_seconds = time.monotonic() - started
    done.set()
    sampler.join()
    assert received == 100 << 20 and uploaded == 100 << 20, (received, uploaded)
    return {
        "baseline_rss_mb": round(baseline, 1),
        "peak_rss_mb": round(peak, 1),
        "download_mb_per_s": round(100 / down_seconds, 1),
        "upload_mb_per_s": round(100 / up_seconds, 1),
    }


def route_match_us(routes: int) -> float:
    """In-process cost of one route lookup in a table of `routes` routes (microseconds)."""
    sys.path.insert(0, str(REPO))
    from strangler_proxy.data_plane.routing import build_table

    table = build_table({"version": 1, "features": product_feature("legacy", extra_routes=routes)})
    rounds = 200_000
    started = time.perf_counter()
    for _ in range(rounds):
        table.match("GET", "/api/products/7/")
    return round((time.perf_counter() - started) / rounds * 1e6, 3)


def machine() -> dict[str, object]:
    return {
        "hostname": platform.node(),
        "platform": platform.platform(),
        "cpu": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "nginx": subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip(),
    }


# -- the run -------------------------------------------------------------------------------------


def run(duration: float, rounds: int, output: Path) -> dict[str, object]:
    ensure_tools()
    work = Path(tempfile.mkdtemp(prefix="bench-proxy-"))
    stack = Stack(work)
    try:
        print("starting the legacy shop, the stand-in service and nginx", flush=True)
        legacy, product_id = start_legacy(stack)
        fake = start_fake(stack)
        nginx, _ = start_nginx(stack, legacy)
        path = f"/api/products/{product_id}/"
        backends = {"legacy": legacy, "products": fake}

        proxies = {
            name: start_proxy(stack, backends=backends, features=features, name=name)
            for name, features in (
                ("legacy", product_feature("legacy")),
                ("shadow", product_feature("shadow")),
                ("routes-10", product_feature("new", extra_routes=10 - 4)),
                ("routes-1000", product_feature("new", extra_routes=1000 - 4)),
            )
        }
        proxy, shadow_proxy = proxies["legacy"][0], proxies["shadow"][0]
        print("measuring 1 connection: direct, nginx, proxy, proxy with shadow", flush=True)
        c1 = interleaved(
            {
                "direct": legacy + path,
                "nginx": nginx + path,
                "proxy": proxy + path,
                "proxy_shadow": shadow_proxy + path,
            },
            rounds=rounds,
            connections=1,
            duration=duration,
        )
        shadowed = c1.pop("proxy_shadow")
        print("measuring 16 connections: direct, nginx, proxy", flush=True)
        c16 = interleaved(
            {"direct": legacy + path, "nginx": nginx + path, "proxy": proxy + path},
            rounds=rounds,
            connections=16,
            duration=duration,
        )
        print("measuring 10 vs 1,000 routes", flush=True)
        per_size = interleaved(
            {
                "10": proxies["routes-10"][0] + "/fast/1",
                "1000": proxies["routes-1000"][0] + "/fast/1",
            },
            rounds=rounds,
            connections=1,
            duration=duration,
        )
        print("measuring RSS while streaming 100 MB each way", flush=True)
        url, process = proxies["routes-1000"]
        streaming = stream_rss_growth(url, worker_pid(process))
    finally:
        stack.stop_all()
        shutil.rmtree(work, ignore_errors=True)

    results: dict[str, object] = {
        "throughput_ratio_vs_nginx": round(
            c16["proxy"]["requests_per_s"] / c16["nginx"]["requests_per_s"], 3
        ),
        "added_p50_ms_c1": round(c1["proxy"]["p50_ms"] - c1["direct"]["p50_ms"], 4),
        "shadow_overhead_pct": round(
            (shadowed["p50_ms"] - c1["proxy"]["p50_ms"]) / c1["proxy"]["p50_ms"] * 100, 2
        ),
        "route_cost_ratio_1000_vs_10": round(
            per_size["1000"]["p50_ms"] / per_size["10"]["p50_ms"], 3
        ),
        "stream_100mb_rss_growth_mb": round(
            streaming["peak_rss_mb"] - streaming["baseline_rss_mb"], 1
        ),
        "targets": {
            "throughput_ratio_vs_nginx": ">= 0.9",
            "added_p50_ms_c1": "<= 0.2",
            "shadow_overhead_pct": "<= 5",
            "route_cost_ratio_1000_vs_10": "~1 (flat)",
            "stream_100mb_rss_growth_mb": "flat (a few MB)",
        },
        "raw": {
            "endpoint": path,
            "c1": c1,
            "c16": c16,
            "shadow_c1": shadowed,
            "routes_c1_fast_backend": per_size,
            "route_match_us_in_process": {"10": route_match_us(6), "1000": route_match_us(996)},
            "streaming_100mb": streaming,
        },
        "setup": {
            "backend": "legacy shop, gunicorn 2 gthread workers x 4 threads, SQLite, /api/products/<id>/",
            "nginx": "1 worker, upstream keepalive 32, access_log off",
            "proxy": "gunicorn, 1 aiohttp.GunicornUVLoopWebWorker, access log off, rate limiter on",
            "load": (
                f"wrk -t1, {duration:.0f}s per run after a 2s warm-up; {rounds} rounds taken in "
                "turns, the median run kept (by p50 at 1 connection, by requests/s at 16)"
            ),
            "shadow_target": "a stand-in aiohttp service answering the shadow copies",
        },
        "machine": machine(),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2) + "\n")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="runs per target, taken in turns")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--serve-fake", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_fake:
        serve_fake(args.serve_fake)
        return
    results = run(args.duration, args.rounds, args.output)
    for key in (
        "throughput_ratio_vs_nginx",
        "added_p50_ms_c1",
        "shadow_overhead_pct",
        "route_cost_ratio_1000_vs_10",
        "stream_100mb_rss_growth_mb",
    ):
        print(f"{key:<32} {results[key]!s:>10}   target {results['targets'][key]}")
    print(f"written to {args.output}")


if __name__ == "__main__":
    main()
