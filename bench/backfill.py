"""Backfill benchmark: rows/s and peak memory of the orders backfill at 100k and 1M orders, and
the time reconcile takes for the same, on PostgreSQL. Writes bench/results/backfill.json.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
    BENCH_DATABASE_PREFIX=bench_backfill python bench/backfill.py [--quick]

It makes (and drops first) four databases `<prefix>_legacy`, `_users`, `_products`, `_orders`,
migrates them, seeds the monolith with 5,000 customers, 1,000 products and 100,000 orders, runs
`manage.py backfill_from_legacy` and `reconcile_with_legacy` of the orders service exactly as
`strangler backfill orders` / `strangler reconcile orders` do, then seeds 900,000 more orders
and does the same again into a fresh orders database. Peak memory is the child process's
maximum resident set (getrusage via wait4). Rows/s is orders copied per second of the orders
step (from its checkpoint); the snapshot steps before it are timed separately.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

REPO_ROOT = Path(__file__).resolve().parents[1]
RESULTS = REPO_ROOT / "bench" / "results" / "backfill.json"
CUSTOMERS, PRODUCTS = 5_000, 1_000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--server-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="any database on the PostgreSQL server (used to create the benchmark's own)",
    )
    parser.add_argument(
        "--prefix", default=os.environ.get("BENCH_DATABASE_PREFIX", "bench_backfill")
    )
    parser.add_argument("--quick", action="store_true", help="2k and 10k orders: a smoke run")
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--output", type=Path, default=RESULTS)
    return parser.parse_args()


class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.urls = {
            name: args.server_url.rsplit("/", 1)[0] + f"/{args.prefix}_{name}"
            for name in ("legacy", "users", "products", "orders")
        }

    def env(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.endswith("DATABASE_URL") and key != "DJANGO_SETTINGS_MODULE"
        }
        env.update(
            PYTHONPATH=str(REPO_ROOT),
            DATABASE_URL=self.urls["legacy"],
            LEGACY_DATABASE_URL=self.urls["legacy"],
            USERS_DATABASE_URL=self.urls["users"],
            PRODUCTS_DATABASE_URL=self.urls["products"],
            ORDERS_DATABASE_URL=self.urls["orders"],
        )
        return env

    def recreate(self, name: str) -> None:
        database = self.urls[name].rsplit("/", 1)[1]
        with psycopg.connect(self.args.server_url, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database))
            )
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))

    def manage(self, project: str, *args: str) -> dict[str, Any]:
        """Run a manage.py command; its wall time, peak RSS and output."""
        script = (
            REPO_ROOT / "legacy_monolith" / "manage.py"
            if project == "legacy"
            else REPO_ROOT / "extracted_services" / project / "manage.py"
        )
        started = time.monotonic()
        child = subprocess.Popen(
            [sys.executable, str(script), *args],
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert child.stdout is not None
        output = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.monotonic() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            raise SystemExit(f"{project} {' '.join(args)} failed:\n{output}")
        return {"seconds": seconds, "peak_rss_mb": usage.ru_maxrss / 1024, "output": output}

    def query(self, name: str, statement: str) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.urls[name], autocommit=True) as connection:
            return connection.execute(statement).fetchall()

    def seed(self, *, orders: int, append: bool) -> float:
        counts = (
            ["--customers", "0", "--products", "0"]
            if append
            else ["--customers", str(CUSTOMERS), "--products", str(PRODUCTS)]
        )
        flags = ["--append"] if append else []
        print(f"seeding {orders:,} orders{' more' if append else ''} ...", flush=True)
        run = self.manage(
            "legacy",
            "seed",
            *counts,
            "--orders",
            str(orders),
            "--until",
            "2025-06-30",
            "--no-progress",
            *flags,
        )
        return run["seconds"]

    def measure(self, label: str) -> dict[str, Any]:
        """Backfill orders into a fresh orders database, then reconcile; the numbers."""
        self.recreate("orders")
        self.manage("orders", "migrate", "--no-input", "-v", "0")
        orders = self.query("legacy", "SELECT COUNT(*) FROM tbl_order")[0][0]
        lines = self.query("legacy", "SELECT COUNT(*) FROM tbl_order_line")[0][0]
        print(f"{label}: backfilling {orders:,} orders ({lines:,} lines) ...", flush=True)
        load_before = os.getloadavg()
        backfill = self.manage(
            "orders",
            "backfill_from_legacy",
            "--no-progress",
            "--batch-size",
            str(self.args.batch_size),
        )
        steps = {
            step: {"rows": copied, "seconds": (finished - started).total_seconds()}
            for step, copied, started, finished in self.query(
                "orders",
                "SELECT step, copied, started_at, finished_at FROM backfill_backfillcheckpoint",
            )
        }
        print(f"{label}: reconciling ...", flush=True)
        reconcile = self.manage("orders", "reconcile_with_legacy")
        assert "orders: identical to the legacy shop." in reconcile["output"], reconcile["output"]
        order_step = steps["orders"]
        result = {
            "orders": orders,
            "order_lines": lines,
            "rows_per_s": round(order_step["rows"] / order_step["seconds"], 1),
            "orders_step_s": round(order_step["seconds"], 1),
            "snapshot_steps_s": round(
                sum(s["seconds"] for name, s in steps.items() if name != "orders"), 1
            ),
            "backfill_wall_s": round(backfill["seconds"], 1),
            "peak_rss_mb": round(backfill["peak_rss_mb"], 1),
            "reconcile_s": round(reconcile["seconds"], 1),
            "reconcile_peak_rss_mb": round(reconcile["peak_rss_mb"], 1),
            "load_average_1m": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        }
        print(f"{label}: {json.dumps(result)}", flush=True)
        return result


def machine(bench: Bench) -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "memory_gb": round(memory_gb, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "postgres": bench.query("legacy", "SHOW server_version")[0][0],
    }


def main() -> None:
    args = parse_args()
    small, large = (2_000, 10_000) if args.quick else (100_000, 1_000_000)
    bench = Bench(args)
    started = time.monotonic()
    for name in bench.urls:
        bench.recreate(name)
    bench.manage("legacy", "migrate", "--no-input", "-v", "0")
    seeded_s = bench.seed(orders=small, append=False)
    first = bench.measure(f"{small:,}")
    seeded_s += bench.seed(orders=large - small, append=True)
    second = bench.measure(f"{large:,}")
    results = {
        "rows_per_s_100k": first["rows_per_s"],
        "rows_per_s_1m": second["rows_per_s"],
        "peak_rss_mb_100k": first["peak_rss_mb"],
        "peak_rss_mb_1m": second["peak_rss_mb"],
        "reconcile_s_100k": first["reconcile_s"],
        "reconcile_s_1m": second["reconcile_s"],
        "quick": args.quick,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(bench),
        "setup": {
            "customers": CUSTOMERS,
            "products": PRODUCTS,
            "batch_size": args.batch_size,
            "seed_s": round(seeded_s, 1),
            "total_s": round(time.monotonic() - started, 1),
        },
        "raw": {"100k": first, "1m": second},
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
