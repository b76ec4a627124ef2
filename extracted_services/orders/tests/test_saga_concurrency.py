"""Several runners racing for one saga: exactly one drives it (real PostgreSQL, real threads)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from extracted_services.orders.ordering.models import OrderSaga, OrderStatus
from extracted_services.orders.ordering.saga import saga_run
from extracted_services.orders.ordering.services import LineRequest, order_create_pending

from .factories import ADDRESS

RUNNERS = 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_runners_reserve_and_confirm_once(customer, teapot, stock):
    order = order_create_pending(
        customer_id=customer.id,
        lines=[LineRequest(product_id=teapot.id, quantity=2)],
        shipping_address=ADDRESS,
    )
    saga = OrderSaga.objects.get(order=order)
    start = threading.Barrier(RUNNERS)
    errors: list[BaseException] = []

    def runner() -> None:
        try:
            start.wait()
            saga_run(saga_id=saga.pk, stock=stock)
        except BaseException as exc:  # reported below; a thread's exception is otherwise lost
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner) for _ in range(RUNNERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert [name for name, _ in stock.calls] == ["reserve", "confirm"]
    order.refresh_from_db()
    assert order.status == OrderStatus.PLACED
    assert stock.on_hand[teapot.id] == 3
