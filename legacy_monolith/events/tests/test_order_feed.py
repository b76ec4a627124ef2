"""Orders in the change feed: every write to an order or its lines records the whole order."""

import pytest
from django.urls import reverse

from legacy_monolith.events.schemas import ORDER_CHANGED, ORDER_DELETED, PRODUCT_CHANGED
from legacy_monolith.factories import OrderFactory, OrderLineFactory, ProductFactory, UserFactory
from legacy_monolith.orders.models import Order, OrderLine
from legacy_monolith.orders.services import order_cancel, order_mark_shipped

from .support import forget_recorded, recorded, translated, types_and_subjects

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

ORDERS = reverse("admin:orders_order_changelist")


def _act(client, action: str, orders):
    return client.post(ORDERS, {"action": action, "_selected_action": [o.pk for o in orders]})


def _order_with_lines(*quantities: int, stock: int = 10) -> Order:
    order = OrderFactory(total_cents=0)
    for qty in quantities:
        OrderLineFactory(order=order, qty=qty, prod=ProductFactory(qty_on_hand=stock))
    return order


def test_the_payload_is_the_order_row_with_all_its_lines():
    order = _order_with_lines(2, 1)
    stored = Order.objects.get(pk=order.pk)
    lines = list(OrderLine.objects.filter(order=order).order_by("id"))

    assert recorded()[-1].data == {
        "order": {
            "id": order.pk,
            "cust_id": order.cust_id,
            "status": "N",
            "ship_addr": stored.ship_addr,
            "total_cents": 0,
            "order_dt": stored.order_dt.isoformat(),
            "ship_dt": None,
            "modified_dt": stored.modified_dt.isoformat(),
        },
        "lines": [
            {
                "id": line.pk,
                "order_id": order.pk,
                "prod_id": line.prod_id,
                "qty": line.qty,
                "unit_price_cents": line.unit_price_cents,
            }
            for line in lines
        ],
    }
    clean = translated(recorded()[-1])
    assert [line["quantity"] for line in clean["lines"]] == [2, 1]
    assert (clean["legacy_id"], clean["status"]) == (order.pk, "placed")


def test_shipping_records_the_order_shipped_with_its_ship_time():
    order = _order_with_lines(1)
    forget_recorded()

    order_mark_shipped(order_id=order.pk)

    events = recorded()
    assert [(e.type, e.subject) for e in events] == [(ORDER_CHANGED, str(order.pk))]
    clean = translated(events[0])
    assert clean["status"] == "shipped"
    assert events[0].data["order"]["ship_dt"] == Order.objects.get(pk=order.pk).ship_dt.isoformat()


def test_cancelling_records_each_restocked_product_then_the_cancelled_order():
    order = _order_with_lines(2, 3, stock=5)
    first, second = order.lines.order_by("prod_id")
    forget_recorded()

    order_cancel(order_id=order.pk)

    events = recorded()
    assert [(e.type, e.subject) for e in events] == [
        (PRODUCT_CHANGED, str(first.prod_id)),
        (PRODUCT_CHANGED, str(second.prod_id)),
        (ORDER_CHANGED, str(order.pk)),
    ]
    assert [translated(e)["stock"] for e in events[:2]] == [5 + first.qty, 5 + second.qty]
    assert translated(events[2])["status"] == "cancelled"


def test_queryset_update_of_orders_records_each_order_with_its_lines():
    held, also_held = _order_with_lines(1), _order_with_lines(2, 2)
    shipped = OrderFactory(status="S")
    forget_recorded()

    count = Order.objects.filter(pk__in=[held.pk, also_held.pk, shipped.pk], status="N").update(
        status="H"
    )

    assert count == 2
    events = recorded()
    assert sorted(e.subject for e in events) == sorted([str(held.pk), str(also_held.pk)])
    assert {e.subject: len(translated(e)["lines"]) for e in events} == {
        str(held.pk): 1,
        str(also_held.pk): 2,
    }
    assert {translated(e)["status"] for e in events} == {"on_hold"}


def test_writes_to_lines_record_their_order_once_per_write():
    order = OrderFactory()
    product = ProductFactory()
    forget_recorded()

    OrderLine.objects.bulk_create(
        [
            OrderLine(order=order, prod=product, qty=1, unit_price_cents=100),
            OrderLine(order=order, prod=product, qty=2, unit_price_cents=100),
        ]
    )
    OrderLine.objects.filter(order=order, qty=2).update(qty=4)
    order.lines.get(qty=1).delete()

    events = recorded()
    assert types_and_subjects() == [(ORDER_CHANGED, str(order.pk))] * 3
    assert [[line["qty"] for line in e.data["lines"]] for e in events] == [[1, 2], [1, 4], [4]]


def test_deleting_an_order_records_its_lines_gone_then_the_order_deleted():
    order = _order_with_lines(1, 1)
    order_id = order.pk
    forget_recorded()

    order.delete()

    events = recorded()
    assert events[-1].type == ORDER_DELETED
    assert translated(events[-1]) == order_id
    assert {(e.type, e.subject) for e in events[:-1]} == {(ORDER_CHANGED, str(order_id))}
    assert events[-2].data["lines"] == []


def test_admin_mark_shipped_records_only_the_orders_it_shipped(admin_client):
    new, already = _order_with_lines(1), OrderFactory(status="D")
    forget_recorded()

    response = _act(admin_client, "mark_shipped", [new, already])

    assert response.status_code == 302
    events = recorded()
    assert [(e.type, e.subject) for e in events] == [(ORDER_CHANGED, str(new.pk))]
    assert translated(events[0])["status"] == "shipped"


def test_admin_cancel_and_restock_records_the_products_and_the_order(admin_client):
    order = _order_with_lines(2, stock=1)
    line = order.lines.get()
    forget_recorded()

    response = _act(admin_client, "cancel_and_restock", [order])

    assert response.status_code == 302
    events = recorded()
    assert [(e.type, e.subject) for e in events] == [
        (PRODUCT_CHANGED, str(line.prod_id)),
        (ORDER_CHANGED, str(order.pk)),
    ]
    assert translated(events[0])["stock"] == 3
    assert translated(events[1])["status"] == "cancelled"


def test_an_admin_change_form_edit_records_one_event_with_the_new_values(admin_client):
    order = OrderFactory(total_cents=700)
    OrderLineFactory(order=order, qty=1, unit_price_cents=700)
    forget_recorded()

    response = admin_client.post(
        reverse("admin:orders_order_change", args=[order.pk]),
        {
            "cust": order.cust_id,
            "status": "H",
            "ship_addr": "3 New Road\nYork\nYO1 1AA",
            "ship_dt_0": "",
            "ship_dt_1": "",
            "lines-TOTAL_FORMS": "0",
            "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "0",
            "lines-MAX_NUM_FORMS": "1000",
        },
    )

    assert response.status_code == 302
    events = recorded()
    assert [(e.type, e.subject) for e in events] == [(ORDER_CHANGED, str(order.pk))]
    clean = translated(events[0])
    assert (clean["status"], clean["shipping_address"]["postcode"], clean["total"]["amount"]) == (
        "on_hold",
        "YO1 1AA",
        "7.00",
    )
    assert len(clean["lines"]) == 1


def test_an_order_added_in_the_admin_ends_with_its_lines_and_total(admin_client):
    customer = UserFactory()
    kettle = ProductFactory()
    forget_recorded()

    response = admin_client.post(
        reverse("admin:orders_order_add"),
        {
            "cust": customer.pk,
            "status": "N",
            "ship_addr": "1 High Street\nLeeds\nLS1 1AA",
            "ship_dt_0": "",
            "ship_dt_1": "",
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "0",
            "lines-MAX_NUM_FORMS": "1000",
            "lines-0-prod": kettle.pk,
            "lines-0-qty": "2",
            "lines-0-unit_price_cents": "2500",
        },
    )

    assert response.status_code == 302
    order = Order.objects.get(cust=customer)
    assert {e.subject for e in recorded()} == {str(order.pk)}
    last = translated(recorded()[-1])
    assert (last["total"]["amount"], [line["quantity"] for line in last["lines"]]) == (
        "50.00",
        [2],
    )
