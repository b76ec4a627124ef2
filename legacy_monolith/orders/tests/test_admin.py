"""The order admin: totals in pounds, lines inline, search, filters and the ship/cancel actions."""

from datetime import datetime

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from legacy_monolith.catalogue.models import Product
from legacy_monolith.factories import (
    OrderFactory,
    OrderLineFactory,
    ProductFactory,
    UserFactory,
)
from legacy_monolith.orders.models import Order, OrderStatus

pytestmark = pytest.mark.django_db

ORDERS = reverse("admin:orders_order_changelist")


def _change_url(order: Order) -> str:
    return reverse("admin:orders_order_change", args=[order.pk])


def _listed(response) -> list[int]:
    return sorted(order.pk for order in response.context["cl"].result_list)


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _act(client, action: str, orders):
    return client.post(ORDERS, {"action": action, "_selected_action": [o.pk for o in orders]})


def _set_order_dt(order: Order, when: datetime) -> None:
    Order.objects.filter(pk=order.pk).update(order_dt=when)


def test_order_list_shows_customer_status_and_total_in_pounds(admin_client):
    OrderFactory(cust=UserFactory(username="ada"), total_cents=250075)

    page = admin_client.get(ORDERS).content.decode()

    assert "ada" in page
    assert "£2,500.75" in page
    assert "New" in page


def test_order_list_query_count_does_not_grow_with_the_page(admin_client):
    OrderFactory.create_batch(2)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(ORDERS)
    OrderFactory.create_batch(20)
    with CaptureQueriesContext(connection) as many:
        admin_client.get(ORDERS)

    assert len(many) == len(few)


def test_order_list_filters_by_status_and_order_date(admin_client):
    new = OrderFactory(status=OrderStatus.NEW)
    shipped = OrderFactory(status=OrderStatus.SHIPPED, ship_dt=datetime(2025, 3, 2, 9, 0))
    _set_order_dt(new, datetime(2025, 6, 1, 12, 0))
    _set_order_dt(shipped, datetime(2025, 3, 1, 12, 0))

    assert _listed(admin_client.get(ORDERS, {"status__exact": "S"})) == [shipped.pk]
    march = {"order_dt__gte": "2025-03-01", "order_dt__lt": "2025-04-01"}
    assert _listed(admin_client.get(ORDERS, march)) == [shipped.pk]
    assert _listed(admin_client.get(ORDERS, {"ship_dt__isnull": "True"})) == [new.pk]


def test_order_search_by_number_customer_and_postcode(admin_client):
    ada = OrderFactory(
        cust=UserFactory(username="ada", email="countess@lovelace.example"),
        ship_addr="1 Mill Lane\nBath\nBA1 1AA",
    )
    other = OrderFactory(cust=UserFactory(username="charles"), ship_addr="2 High St\nYO1 7HH")

    assert _listed(admin_client.get(ORDERS, {"q": str(other.pk)})) == [other.pk]
    assert _listed(admin_client.get(ORDERS, {"q": "countess@"})) == [ada.pk]
    assert _listed(admin_client.get(ORDERS, {"q": "AD"})) == [ada.pk]
    assert _listed(admin_client.get(ORDERS, {"q": "ba1 1aa"})) == [ada.pk]
    assert _listed(admin_client.get(ORDERS, {"q": "  yo1 7hh "})) == [other.pk]


@pytest.mark.parametrize("term", ["nothing-like-this", "99999999999999999999", "lovelace"])
def test_order_search_without_a_match_lists_nothing(admin_client, term):
    OrderFactory(cust=UserFactory(username="ada", email="ada@lovelace.example"))

    response = admin_client.get(ORDERS, {"q": term})

    assert response.status_code == 200
    assert _listed(response) == []


def test_order_page_shows_lines_with_pound_totals_read_only(admin_client):
    order = OrderFactory(total_cents=2 * 1250 + 399)
    OrderLineFactory(
        order=order, prod=ProductFactory(prod_name="Enamel Mug"), qty=2, unit_price_cents=1250
    )
    OrderLineFactory(order=order, qty=1, unit_price_cents=399)

    response = admin_client.get(_change_url(order))

    page = response.content.decode()
    assert "Enamel Mug" in page
    assert "£12.50" in page  # unit price
    assert "£25.00" in page  # line total
    assert "£28.99" in page  # order total
    form = response.context["adminform"].form
    assert "total_cents" not in form.fields
    assert 'name="lines-0-qty"' not in page  # the record of the sale is not editable


def test_mark_shipped_ships_unshipped_orders_and_reports_the_skipped(admin_client):
    new, held = OrderFactory(status=OrderStatus.NEW), OrderFactory(status=OrderStatus.HELD)
    delivered = OrderFactory(status=OrderStatus.DELIVERED, ship_dt=datetime(2025, 1, 2))
    cancelled = OrderFactory(status=OrderStatus.CANCELLED)

    response = _act(admin_client, "mark_shipped", [new, held, delivered, cancelled])

    assert response.status_code == 302
    statuses = dict(Order.objects.values_list("pk", "status"))
    assert statuses == {
        new.pk: "S",
        held.pk: "S",
        delivered.pk: "D",
        cancelled.pk: "C",
    }
    assert Order.objects.get(pk=new.pk).ship_dt is not None
    assert Order.objects.get(pk=delivered.pk).ship_dt == datetime(2025, 1, 2)
    assert _messages(response) == [
        "Marked 2 orders as shipped.",
        "Skipped 2 orders that were not new or on hold (already shipped, delivered or cancelled).",
    ]


def test_mark_shipped_with_nothing_to_ship_only_warns(admin_client):
    shipped = OrderFactory(status=OrderStatus.SHIPPED, ship_dt=datetime(2025, 1, 2))

    response = _act(admin_client, "mark_shipped", [shipped])

    assert Order.objects.get(pk=shipped.pk).ship_dt == datetime(2025, 1, 2)
    assert _messages(response) == [
        "Skipped 1 order that was not new or on hold (already shipped, delivered or cancelled)."
    ]


def test_cancel_and_restock_puts_the_stock_back(admin_client):
    teapot = ProductFactory(qty_on_hand=1)
    open_line = OrderLineFactory(prod=teapot, qty=3)
    shipped_line = OrderLineFactory(
        prod=teapot, qty=5, order=OrderFactory(status=OrderStatus.SHIPPED, ship_dt=datetime.now())
    )

    response = _act(admin_client, "cancel_and_restock", [open_line.order, shipped_line.order])

    assert Order.objects.get(pk=open_line.order_id).status == "C"
    assert Order.objects.get(pk=shipped_line.order_id).status == "S"
    assert Product.objects.get(pk=teapot.pk).qty_on_hand == 1 + 3
    assert _messages(response) == [
        "Cancelled 1 order and put the stock back.",
        "Skipped 1 order that was not new or on hold (already shipped, delivered or cancelled).",
    ]


def _change_form_data(order: Order, **changes) -> dict:
    data = {
        "cust": order.cust_id,
        "status": order.status,
        "ship_addr": order.ship_addr,
        "ship_dt_0": "",
        "ship_dt_1": "",
        "lines-TOTAL_FORMS": "0",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_cancelling_through_the_form_is_refused_so_stock_is_not_lost(admin_client):
    line = OrderLineFactory(qty=2, prod=ProductFactory(qty_on_hand=0))

    response = admin_client.post(_change_url(line.order), _change_form_data(line.order, status="C"))

    assert response.status_code == 200
    assert "Cancel selected orders and restock" in response.content.decode()
    assert Order.objects.get(pk=line.order_id).status == "N"


def test_a_shipped_status_needs_a_ship_time(admin_client):
    order = OrderFactory()

    refused = admin_client.post(_change_url(order), _change_form_data(order, status="S"))
    assert refused.status_code == 200
    assert "needs the time it shipped" in refused.content.decode()
    assert Order.objects.get(pk=order.pk).status == "N"

    accepted = admin_client.post(
        _change_url(order),
        _change_form_data(order, status="S", ship_dt_0="2025-05-01", ship_dt_1="10:30:00"),
    )
    assert accepted.status_code == 302
    saved = Order.objects.get(pk=order.pk)
    assert (saved.status, saved.ship_dt) == ("S", datetime(2025, 5, 1, 10, 30))


def test_editing_the_address_keeps_lines_and_total(admin_client):
    order = OrderFactory(total_cents=700)
    OrderLineFactory(order=order, qty=1, unit_price_cents=700)

    response = admin_client.post(
        _change_url(order), _change_form_data(order, ship_addr="3 New Road\nYork\nYO1 1AA")
    )

    assert response.status_code == 302
    saved = Order.objects.get(pk=order.pk)
    assert (saved.ship_addr, saved.total_cents, saved.lines.count()) == (
        "3 New Road\nYork\nYO1 1AA",
        700,
        1,
    )


def test_adding_an_order_with_lines_computes_its_total(admin_client):
    customer = UserFactory()
    kettle, mug = ProductFactory(), ProductFactory()
    data = {
        "cust": customer.pk,
        "status": "N",
        "ship_addr": "1 High Street\nLeeds\nLS1 1AA",
        "ship_dt_0": "",
        "ship_dt_1": "",
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-prod": kettle.pk,
        "lines-0-qty": "2",
        "lines-0-unit_price_cents": "2500",
        "lines-1-prod": mug.pk,
        "lines-1-qty": "1",
        "lines-1-unit_price_cents": "450",
    }

    response = admin_client.post(reverse("admin:orders_order_add"), data)

    assert response.status_code == 302
    order = Order.objects.get(cust=customer)
    assert order.total_cents == 2 * 2500 + 450
    assert sorted(order.lines.values_list("prod_id", "qty")) == [(kettle.pk, 2), (mug.pk, 1)]
