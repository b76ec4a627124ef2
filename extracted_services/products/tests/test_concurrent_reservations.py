"""Concurrent reservations on real PostgreSQL: row locks must never let stock be oversold."""

import threading
import uuid

import pytest
from django.db import connection

from extracted_services.products.catalogue.models import Reservation
from extracted_services.products.tests.factories import ProductFactory
from extracted_services.service_defaults.testing import client_as, service_identity

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _in_parallel(calls):
    """Run every call at once (each on its own connection); return their responses."""
    barrier = threading.Barrier(len(calls))
    responses = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            responses[index] = call()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return responses


def _reserve(reservation_id, *lines):
    client = client_as(service_identity())
    body = {
        "reservation_id": str(reservation_id),
        "lines": [{"product_id": str(p.id), "quantity": q} for p, q in lines],
    }
    return lambda: client.post("/api/v1/reservations/", body, format="json")


def test_concurrent_reservations_never_oversell():
    product = ProductFactory(stock=5)

    responses = _in_parallel([_reserve(uuid.uuid4(), (product, 1)) for _ in range(12)])

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] * 5 + [409] * 7
    product.refresh_from_db()
    assert product.stock == 0
    assert Reservation.objects.filter(status="held").count() == 5


def test_concurrent_retries_of_one_reservation_hold_the_stock_once():
    product = ProductFactory(stock=5)
    rid = uuid.uuid4()

    responses = _in_parallel([_reserve(rid, (product, 2)) for _ in range(6)])

    assert sorted(r.status_code for r in responses) == [200] * 5 + [201]
    assert {r.json()["id"] for r in responses} == {str(rid)}
    product.refresh_from_db()
    assert product.stock == 3


def test_reservations_naming_products_in_opposite_orders_do_not_deadlock():
    saw, drill = ProductFactory(stock=10), ProductFactory(stock=10)
    calls = []
    for index in range(8):
        lines = [(saw, 1), (drill, 1)] if index % 2 else [(drill, 1), (saw, 1)]
        calls.append(_reserve(uuid.uuid4(), *lines))

    responses = _in_parallel(calls)

    assert [r.status_code for r in responses] == [201] * 8
    saw.refresh_from_db()
    drill.refresh_from_db()
    assert (saw.stock, drill.stock) == (2, 2)


def test_releases_racing_reservations_keep_the_count_exact():
    product = ProductFactory(stock=3)
    held = [uuid.uuid4() for _ in range(3)]
    for rid in held:
        _reserve(rid, (product, 1))()
    client = client_as(service_identity())
    releases = [
        (lambda rid=rid: client.post(f"/api/v1/reservations/{rid}/release/")) for rid in held
    ]
    newcomers = [_reserve(uuid.uuid4(), (product, 1)) for _ in range(5)]

    responses = _in_parallel(releases + newcomers)

    won = sum(r.status_code == 201 for r in responses[3:])
    assert all(r.status_code == 200 for r in responses[:3])
    product.refresh_from_db()
    assert product.stock == 3 - won
    assert Reservation.objects.filter(status="held").count() == won
