"""`strangler backfill` and `strangler reconcile` against a seeded monolith on PostgreSQL.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name> \
     .venv/bin/python -m pytest tests/integration/test_backfill.py
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from decimal import Decimal

import pytest

from .conftest import REPO_ROOT, Stack

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

ORDER_TABLES = ("orders_ordering_order", "orders_ordering_orderline")
SNAPSHOT_TABLES = ("orders_readmodels_customersnapshot", "orders_readmodels_productsnapshot")


def backfill(stack: Stack, feature: str, *args: str) -> subprocess.CompletedProcess[str]:
    return stack.strangler("backfill", feature, "--no-progress", *args)


def everything_in(stack: Stack, database: str, tables: tuple[str, ...]) -> dict[str, list]:
    """Every row of the tables, every column, in a stable order: "nothing changed" means this."""
    return {table: stack.rows(database, f"SELECT * FROM {table} ORDER BY id") for table in tables}


def checkpoint(stack: Stack, database: str, step: str) -> dict:
    rows = stack.rows(
        database,
        "SELECT last_legacy_id, copied, unchanged, newer_here, failed, finished_at "
        "FROM backfill_backfillcheckpoint WHERE step = %s",
        step,
    )
    if not rows:
        return {}
    keys = ("last_legacy_id", "copied", "unchanged", "newer_here", "failed", "finished_at")
    return dict(zip(keys, rows[0], strict=True))


def test_backfill_copies_every_feature_and_reconcile_finds_no_difference(stack: Stack) -> None:
    for feature in ("users", "products", "orders"):
        result = backfill(stack, feature)
        assert result.returncode == 0, result.stderr
        assert f"Backfill of {feature} complete." in result.stdout

    legacy_customers = stack.value(
        "legacy", "SELECT COUNT(*) FROM auth_user WHERE NOT is_staff AND NOT is_superuser"
    )
    assert stack.value("users", "SELECT COUNT(*) FROM customers_customer") == legacy_customers == 25
    assert stack.value("products", "SELECT COUNT(*) FROM catalogue_product") == 30
    assert stack.value("orders", "SELECT COUNT(*) FROM orders_ordering_order") == 300
    assert stack.value("orders", "SELECT COUNT(*) FROM orders_ordering_orderline") == stack.value(
        "legacy", "SELECT COUNT(*) FROM tbl_order_line"
    )
    # Money, status and the line's SKU (from the product snapshot) arrive in the clean vocabulary.
    cents, letter = stack.rows("legacy", "SELECT total_cents, status FROM tbl_order WHERE id = 1")[
        0
    ]
    total, status = stack.rows(
        "orders", "SELECT total, status FROM orders_ordering_order WHERE legacy_id = 1"
    )[0]
    assert total == Decimal(cents) / 100
    assert (
        status
        == {"N": "placed", "H": "on_hold", "S": "shipped", "D": "delivered", "C": "cancelled"}[
            letter
        ]
    )
    sku = stack.value(
        "legacy",
        "SELECT p.prod_code FROM tbl_order_line l JOIN tbl_product p ON p.id = l.prod_id "
        "WHERE l.order_id = 1 ORDER BY l.id LIMIT 1",
    )
    assert sku == stack.value(
        "orders",
        "SELECT l.sku FROM orders_ordering_orderline l JOIN orders_ordering_order o "
        "ON o.id = l.order_id WHERE o.legacy_id = 1 ORDER BY l.legacy_id LIMIT 1",
    )
    # Copies from the legacy shop are silent: nothing to echo back.
    for service in ("users", "products", "orders"):
        assert stack.value(service, "SELECT COUNT(*) FROM messaging_outbox") == 0
    assert checkpoint(stack, "orders", "orders")["copied"] == 300
    assert checkpoint(stack, "orders", "orders")["finished_at"] is not None

    for feature in ("users", "products", "orders"):
        result = stack.strangler("reconcile", feature)
        assert result.returncode == 0, result.stdout + result.stderr
        assert f"{feature}: identical to the legacy shop." in result.stdout
    assert "orders: 300 in the legacy shop, 300 here, 300 identical" in result.stdout


def test_running_the_backfill_again_changes_nothing(stack: Stack) -> None:
    assert backfill(stack, "orders").returncode == 0
    before = everything_in(stack, "orders", ORDER_TABLES + SNAPSHOT_TABLES)

    again = backfill(stack, "orders")
    full_pass = backfill(stack, "orders", "--restart")

    assert again.returncode == 0 and full_pass.returncode == 0, again.stderr + full_pass.stderr
    assert "orders: already complete (300 rows" in again.stdout
    assert "300 legacy rows read" in full_pass.stdout
    assert "0 copied, 300 unchanged, 0 newer here, 0 failed" in full_pass.stdout
    assert everything_in(stack, "orders", ORDER_TABLES + SNAPSHOT_TABLES) == before
    assert checkpoint(stack, "orders", "orders")["unchanged"] == 300


def test_a_difference_on_either_side_is_reported_by_id_and_fails(stack: Stack) -> None:
    assert backfill(stack, "products").returncode == 0
    assert backfill(stack, "orders").returncode == 0
    cents = stack.value("legacy", "SELECT price_cents FROM tbl_product WHERE id = 5")
    stack.rows(
        "products",
        "UPDATE catalogue_product SET price_amount = price_amount + 1 WHERE legacy_id = 5",
    )
    stack.rows("legacy", "DELETE FROM tbl_order_line WHERE order_id = 17")
    stack.rows("legacy", "DELETE FROM tbl_order WHERE id = 17")
    gone = stack.value("orders", "SELECT id FROM orders_ordering_order WHERE legacy_id = 42")
    stack.rows("orders", "DELETE FROM orders_ordering_orderline WHERE order_id = %s", gone)
    stack.rows("orders", "DELETE FROM orders_ordering_order WHERE id = %s", gone)

    products = stack.strangler("reconcile", "products")
    orders = stack.strangler("reconcile", "orders")

    assert products.returncode == 1
    assert f"product 5: price_cents: legacy {cents}, here {cents + 100}" in products.stdout
    assert "products: 1 differences with the legacy shop" in products.stderr
    assert orders.returncode == 1
    assert "orders: 299 in the legacy shop, 299 here, 298 identical" in orders.stdout
    assert "missing here: 1 (legacy ids 42)" in orders.stdout
    assert "missing in the legacy shop: 1 (legacy ids 17)" in orders.stdout

    report = json.loads(stack.strangler("reconcile", "products", "--json").stdout)
    step = report["steps"][1]
    assert (report["differences"], step["step"], step["differing"]["legacy_ids"]) == (
        1,
        "products",
        [5],
    )
    assert step["differing"]["fields"]["5"] == [
        {"field": "price_cents", "legacy": cents, "service": cents + 100}
    ]


def test_an_interrupted_backfill_resumes_from_its_checkpoint_and_finishes_clean(
    stack: Stack,
) -> None:
    run = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "strangler_cli.main",
            "backfill",
            "orders",
            "--no-progress",
            "--batch-size",
            "10",
            "--pause",
            "0.05",
        ],
        env=stack.env,
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not checkpoint(stack, "orders", "orders").get("last_legacy_id"):
            assert run.poll() is None, "the backfill ended before it could be interrupted"
            assert time.monotonic() < deadline, "the orders step never started"
            time.sleep(0.02)
    finally:
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()

    stopped = checkpoint(stack, "orders", "orders")
    assert stopped["finished_at"] is None
    assert 0 < stopped["last_legacy_id"] < 300
    # Each batch commits with its checkpoint: exactly the orders up to it are here, no more.
    copied_so_far = stack.value("orders", "SELECT COUNT(*) FROM orders_ordering_order")
    assert (
        copied_so_far
        == stopped["copied"]
        == stack.value(
            "legacy", "SELECT COUNT(*) FROM tbl_order WHERE id <= %s", stopped["last_legacy_id"]
        )
    )

    resumed = backfill(stack, "orders", "--batch-size", "50")

    assert resumed.returncode == 0, resumed.stderr
    assert f"orders: resuming after legacy id {stopped['last_legacy_id']}" in resumed.stdout
    assert f"{300 - copied_so_far} legacy rows read" in resumed.stdout
    finished = checkpoint(stack, "orders", "orders")
    assert (finished["copied"], finished["unchanged"], finished["failed"]) == (300, 0, 0)
    assert finished["finished_at"] is not None
    reconcile = stack.strangler("reconcile", "orders")
    assert reconcile.returncode == 0, reconcile.stdout


def test_a_later_legacy_change_is_copied_and_a_newer_copy_here_is_kept(stack: Stack) -> None:
    assert backfill(stack, "orders").returncode == 0
    # The monolith ships order 6 after the backfill read it; forward sync brought order 7's
    # newer version here before a backfill batch with its older copy.
    stack.rows(
        "legacy",
        "UPDATE tbl_order SET status = 'S', ship_dt = now(), modified_dt = now() WHERE id = 6",
    )
    stack.rows(
        "orders",
        "UPDATE orders_ordering_order SET status = 'on_hold', "
        "legacy_modified_at = now() + interval '1 day' WHERE legacy_id = 7",
    )

    again = backfill(stack, "orders", "--restart")

    assert again.returncode == 0, again.stderr
    assert "1 copied, 298 unchanged, 1 newer here, 0 failed" in again.stdout
    assert (
        stack.value("orders", "SELECT status FROM orders_ordering_order WHERE legacy_id = 6")
        == "shipped"
    )
    assert (
        stack.value("orders", "SELECT status FROM orders_ordering_order WHERE legacy_id = 7")
        == "on_hold"
    )


def test_bad_input_says_what_is_allowed(stack: Stack) -> None:
    unknown = stack.strangler("backfill", "payments")
    no_legacy = subprocess.run(
        [sys.executable, "-m", "strangler_cli.main", "reconcile", "users"],
        env={**stack.env, "LEGACY_DATABASE_URL": stack.urls["legacy"] + "_missing"},
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert unknown.returncode == 2
    assert (
        "invalid choice: 'payments' (choose from 'orders', 'products', 'users')" in unknown.stderr
    )
    assert no_legacy.returncode == 1
    assert "cannot read the legacy database" in no_legacy.stderr
    assert "Traceback" not in no_legacy.stderr
