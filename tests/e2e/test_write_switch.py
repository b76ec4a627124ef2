"""Moving products' writes to the products service and back while a client keeps writing.

Every process is real: the monolith (web, relay, `legacy-reverse-sync`), the products service
(API, relay, `products-legacy-sync`), the control plane with its default drain hook and the
proxy (two gunicorn workers) in front. A back-office client restocks products one unit at a
time through the proxy (the legacy admin's restock action; once the service owns products the
proxy sends it to the service's stock adjustments), while `strangler stage products writes-new`
and `strangler rollback products` move the owner there and back. Afterwards every unit is in
the stock exactly once on both sides, reconcile is clean, and the longest pause is printed.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import requests

from legacy_monolith.catalogue.models import Product
from legacy_monolith.factories import (
    DEFAULT_PASSWORD,
    CategoryFactory,
    ProductFactory,
    StaffFactory,
)
from messaging.tests.support import wait_until
from strangler_cli.main import main as strangler

from .stack import REPO_ROOT, Service, Stack
from .strangler import Strangler, running_strangler

pytestmark = [
    pytest.mark.slow,
    pytest.mark.postgres,
    pytest.mark.rabbitmq,
    pytest.mark.django_db(transaction=True),
    pytest.mark.timeout(150),
]

CHANGELIST = "/admin/catalogue/product/"
RESTOCK_ROUTE = {
    "pattern": CHANGELIST,
    "methods": ["POST"],
    "translator": "tests.e2e.admin_restock:restock",
    "timeout": 10,
    "retries": 0,
}
INITIAL_STOCK = 100
WRITERS = 2
# Each switch begins with its sync consumer stopped for this long, so the old owner's last
# writes are not applied yet: a switch that did not wait for them would lose them.
CONSUMER_STALL_S = 1.5
# A held write waits for the proxy workers, the drain and the minimum hold: well under this.
LONGEST_PAUSE_BOUND_S = 5.0


@pytest.fixture(scope="module")
def strangler_stack(products_stack: Stack) -> Iterator[Strangler]:
    with running_strangler(products_stack) as strangler:
        strangler.start_control_plane(extra_routes={"products": [RESTOCK_ROUTE]})
        strangler.start_monolith_web()
        strangler.start_proxy()
        yield strangler


@dataclass(frozen=True)
class Write:
    product: int
    started: float
    took: float
    status: int
    backend: str

    @property
    def done(self) -> bool:
        """What the client sees: the admin's redirect back to the product list."""
        return self.status == 302


class BackOffice:
    """A staff member's browser on the legacy admin, through the proxy."""

    def __init__(self, proxy_url: str, username: str) -> None:
        self.url = proxy_url
        self.session = requests.Session()
        self.session.get(f"{proxy_url}/admin/login/", timeout=10)
        response = self.session.post(
            f"{proxy_url}/admin/login/?next=/admin/",
            data={
                "csrfmiddlewaretoken": self.session.cookies["csrftoken"],
                "username": username,
                "password": DEFAULT_PASSWORD,
                "next": "/admin/",
            },
            allow_redirects=False,
            timeout=10,
        )
        assert response.status_code == 302, response.text[:1000]

    def restock(self, product: int) -> Write:
        started = time.monotonic()
        # The proxy checks CSRF for session writes it sends to a service from the header only
        # (it does not read form bodies), so the token goes in both places.
        response = self.session.post(
            self.url + CHANGELIST,
            headers={"X-CSRFToken": self.session.cookies["csrftoken"]},
            data={
                "csrfmiddlewaretoken": self.session.cookies["csrftoken"],
                "action": "restock",
                "_selected_action": str(product),
                "select_across": "0",
                "quantity": "1",
                "apply": "Restock",
            },
            allow_redirects=False,
            timeout=30,
        )
        return Write(
            product=product,
            started=started,
            took=time.monotonic() - started,
            status=response.status_code,
            backend=response.headers.get("X-Strangler-Backend", ""),
        )

    def product_page(self, product: int) -> str:
        return self.session.get(f"{self.url}{CHANGELIST}{product}/change/", timeout=10).text


def keep_restocking(office: BackOffice, products: list[int], stop: threading.Event, log: list):
    turn = 0
    while not stop.is_set():
        log.append(office.restock(products[turn % len(products)]))
        turn += 1


@contextlib.contextmanager
def stalled(stack: Stack, consumer: str) -> Iterator[None]:
    """Stop the consumer's process now and let it go on CONSUMER_STALL_S later."""
    process = next(c.process for c in stack.children if c.log_path.stem == consumer)
    os.kill(process.pid, signal.SIGSTOP)
    resume = threading.Timer(CONSUMER_STALL_S, os.kill, (process.pid, signal.SIGCONT))
    resume.start()
    try:
        yield
    finally:
        resume.join()


def cli(*args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = strangler(list(args))
    assert code == 0, out.getvalue()
    return out.getvalue().strip()


def service_stock(products: Service, legacy_id: int) -> int | None:
    rows = products.query("SELECT stock FROM catalogue_product WHERE legacy_id = %s", legacy_id)
    return rows[0][0] if rows else None


def reconcile(stack: Stack, products: Service) -> dict:
    """`strangler reconcile products --json` against the run's databases."""
    done = subprocess.run(
        [sys.executable, "-m", "strangler_cli.main", "reconcile", "products", "--json"],
        env=stack.env(
            PRODUCTS_DATABASE_URL=products.database_url,
            LEGACY_DATABASE_URL=stack.legacy_database_url,
        ),
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.strip(), done.stderr
    return json.loads(done.stdout)


def test_products_switch_to_the_service_and_back_under_writes_losing_nothing(
    strangler_stack: Strangler, monkeypatch, capsys
) -> None:
    stack = strangler_stack.stack
    products = stack.services["products"]
    monkeypatch.setenv("STRANGLER_CONTROL_URL", f"{strangler_stack.proxy_url}/_strangler/")
    monkeypatch.setenv("STRANGLER_USER", strangler_stack.operator[0])
    monkeypatch.setenv("STRANGLER_PASSWORD", strangler_stack.operator[1])
    category = CategoryFactory(slug="switch-test")
    ids = [
        ProductFactory(cat=category, prod_code=f"SW-{n}", qty_on_hand=INITIAL_STOCK).pk
        for n in range(3)
    ]
    staff = StaffFactory(username="stockkeeper")
    wait_until(
        lambda: all(service_stock(products, pk) == INITIAL_STOCK for pk in ids),
        timeout=30,
        what="forward sync to copy the products",
    )
    cli("stage", "products", "canary", "--percent", "100", "--force", "--reason", "e2e start")

    stop, writes = threading.Event(), []
    offices = [BackOffice(strangler_stack.proxy_url, staff.username) for _ in range(WRITERS)]
    watcher = BackOffice(strangler_stack.proxy_url, staff.username)
    writers = [
        threading.Thread(target=keep_restocking, args=(office, ids, stop, writes))
        for office in offices
    ]
    for thread in writers:
        thread.start()
    try:
        time.sleep(1.0)
        forward_started = time.monotonic()
        with stalled(stack, "products-legacy-sync"):
            # Forced: the stage gates (their own tests) want traffic this run does not make.
            forward = cli(
                *("stage", "products", "writes-new", "--force"),
                *("--reason", "service owns products"),
            )
        forward_done = time.monotonic()
        # The monolith's ports follow the control plane: at once its admin is read-only there.
        owned_page = watcher.product_page(ids[0])
        time.sleep(1.5)
        reverse_started = time.monotonic()
        with stalled(stack, "legacy-reverse-sync"):
            reverse = cli("rollback", "products", "--reason", "back to the monolith")
        reverse_done = time.monotonic()
        legacy_page = watcher.product_page(ids[0])
        time.sleep(1.0)
    finally:
        stop.set()
        for thread in writers:
            thread.join()

    assert "owned by the products service" in owned_page
    assert "owned by the products service" not in legacy_page
    failed = [w for w in writes if not w.done]
    assert failed == [], f"{len(failed)} of {len(writes)} writes failed: {failed[:5]}"
    by_backend = {b: sum(w.backend == b for w in writes) for b in ("legacy", "products")}
    assert by_backend["legacy"] > 10 and by_backend["products"] > 10, by_backend
    # Who answered follows the owner: the service only between the two switches.
    assert {w.backend for w in writes if w.started + w.took < forward_started} == {"legacy"}
    between = {w.backend for w in writes if forward_done < w.started < reverse_started}
    assert between == {"products"}
    assert {w.backend for w in writes if w.started > reverse_done} == {"legacy"}

    # Every unit restocked is in the stock exactly once, on both sides.
    expected = {pk: INITIAL_STOCK + sum(w.product == pk for w in writes) for pk in ids}
    wait_until(
        lambda: {pk: service_stock(products, pk) for pk in ids} == expected,
        timeout=30,
        what=f"the products service to hold {expected}",
    )
    wait_until(
        lambda: (
            dict(Product.objects.filter(pk__in=ids).values_list("pk", "qty_on_hand")) == expected
        ),
        timeout=30,
        what=f"the legacy shop to hold {expected}",
    )
    report = reconcile(stack, products)
    assert report["differences"] == 0, json.dumps(report, indent=2)[:3000]
    assert {step["step"]: step["matched"] for step in report["steps"]}["products"] >= len(ids)

    longest = max(writes, key=lambda w: w.took)
    pauses = strangler_stack.control_query(
        "SELECT to_stage, write_pause_ms FROM strangler_features_auditentry "
        "WHERE write_pause_ms IS NOT NULL ORDER BY id"
    )
    with capsys.disabled():
        print(
            f"\nwrite switch under load: {len(writes)} restocks ({by_backend}); longest write "
            f"pause {longest.took * 1000:.0f} ms; switches: {forward}; {reverse}; "
            f"audited pauses (ms): {pauses}"
        )
    assert [stage for stage, _ in pauses] == ["writes-new", "canary"]
    assert longest.took < LONGEST_PAUSE_BOUND_S
