"""The monolith's change-feed payloads read back as the rows the translators take."""

from datetime import datetime

import pytest

from acl.errors import ClockError, TranslationError
from acl.legacy_feed import customer_rows, deleted_id, order_rows, product_row
from acl.orders import order_from_legacy
from acl.products import product_from_legacy


def test_a_product_payload_reads_as_the_row_with_naive_datetimes():
    payload = {
        "id": 7,
        "prod_code": "TEA-007",
        "prod_name": "Teapot",
        "descr": "",
        "price_cents": 1299,
        "qty_on_hand": 0,
        "cat_id": 3,
        "active_yn": "N",
        "created_dt": "2024-03-31T01:30:00",
        "modified_dt": "2024-10-27T01:30:00.000250",
    }

    row = product_row(payload)

    assert row["created_dt"] == datetime(2024, 3, 31, 1, 30)
    assert row["modified_dt"] == datetime(2024, 10, 27, 1, 30, 0, 250)
    assert product_from_legacy(row=row)["updated_at"] == "2024-10-27T00:30:00.000250Z"
    assert payload["created_dt"] == "2024-03-31T01:30:00"  # the payload itself is left alone


def test_a_customer_payload_without_profile_and_without_last_login_reads():
    rows = customer_rows(
        {
            "user": {"id": 1, "date_joined": "2024-01-01T00:00:00", "last_login": None},
            "profile": None,
        }
    )

    assert rows == {
        "user": {"id": 1, "date_joined": datetime(2024, 1, 1), "last_login": None},
        "profile": None,
    }


def test_an_order_payload_reads_with_its_lines():
    rows = order_rows(
        {
            "order": {
                "id": 5,
                "cust_id": 2,
                "status": "S",
                "ship_addr": "",
                "total_cents": 100,
                "order_dt": "2024-01-01T09:00:00",
                "ship_dt": "2024-01-02T09:00:00",
                "modified_dt": "2024-01-02T09:00:00",
            },
            "lines": [{"id": 8, "order_id": 5, "prod_id": 3, "qty": 1, "unit_price_cents": 100}],
        }
    )

    clean = order_from_legacy(**rows)
    assert (clean["status"], clean["shipped_at"]) == ("shipped", "2024-01-02T09:00:00Z")
    assert clean["lines"][0]["product_legacy_id"] == 3


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"order": {"order_dt": "2024-01-01T09:00:00+01:00"}, "lines": []}, "order.order_dt"),
        ({"order": {"order_dt": "soon"}, "lines": []}, "order.order_dt: 'soon' is not"),
        (
            {
                "order": {"order_dt": None, "ship_dt": None, "modified_dt": None},
                "lines": "none",
            },
            "order.lines: expected a list",
        ),
        ({"lines": []}, "order.order: is missing"),
    ],
)
def test_a_malformed_payload_names_the_field(payload, message):
    with pytest.raises(TranslationError, match=message):
        order_rows(payload)


def test_an_offset_is_refused_since_the_feed_sends_local_times():
    with pytest.raises(ClockError, match="has an offset"):
        customer_rows(
            {"user": {"date_joined": "2024-01-01T00:00:00Z", "last_login": None}, "profile": None}
        )


def test_a_deleted_event_names_a_positive_legacy_id():
    assert deleted_id({"id": 4}) == 4
    with pytest.raises(TranslationError, match="positive integer"):
        deleted_id({"id": "4"})
