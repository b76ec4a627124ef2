"""Checksums and differences of legacy forms, and how reconcile prints ids."""

from datetime import datetime

from extracted_services.service_defaults.backfill.checksums import checksum, differing_fields
from extracted_services.service_defaults.backfill.reconcile import id_ranges

ORDER = {
    "order": {"id": 7, "total_cents": 2997, "order_dt": datetime(2024, 10, 27, 1, 30)},
    "lines": {"11": {"id": 11, "qty": 2}, "12": {"id": 12, "qty": 1}},
}


def test_the_checksum_ignores_key_order_and_sees_every_value():
    reordered = {"lines": ORDER["lines"], "order": dict(reversed(ORDER["order"].items()))}
    later = {**ORDER, "order": {**ORDER["order"], "order_dt": datetime(2024, 10, 27, 1, 30, 0, 1)}}

    assert checksum(reordered) == checksum(ORDER)
    assert checksum(later) != checksum(ORDER)
    # A flag stored as 1 is not the same row as one stored as true.
    assert checksum({"active": True}) != checksum({"active": 1})


def test_differences_name_the_field_path_and_a_missing_line_as_a_whole():
    service = {
        "order": {**ORDER["order"], "total_cents": 3997},
        "lines": {"11": {"id": 11, "qty": 3}},
    }

    assert differing_fields(ORDER, service) == [
        ("lines.11.qty", 2, 3),
        ("lines.12", {"id": 12, "qty": 1}, None),
        ("order.total_cents", 2997, 3997),
    ]
    assert differing_fields(ORDER, ORDER) == []


def test_ids_are_printed_as_folded_ranges():
    assert id_ranges([9, 3, 4, 5, 1]) == "1, 3-5, 9"
    assert id_ranges([]) == ""
