"""The legacy change events: their type names and JSON Schemas, registered with the outbox.

A payload is the legacy rows themselves, column for column (the input the `acl` translators
take), with naive local timestamps as ISO strings without an offset. docs/events.md is the
catalogue; the schemas here are what the outbox enforces when an event is recorded.
"""

from typing import Any

from messaging.event_types import register_event_type

OWNER = "legacy_monolith"

CUSTOMER_CHANGED = "legacy.customers.customer.changed.v1"
CUSTOMER_DELETED = "legacy.customers.customer.deleted.v1"
CATEGORY_CHANGED = "legacy.catalogue.category.changed.v1"
CATEGORY_DELETED = "legacy.catalogue.category.deleted.v1"
PRODUCT_CHANGED = "legacy.catalogue.product.changed.v1"
PRODUCT_DELETED = "legacy.catalogue.product.deleted.v1"
ORDER_CHANGED = "legacy.orders.order.changed.v1"
ORDER_DELETED = "legacy.orders.order.deleted.v1"

# PostgreSQL `integer`, the type of every legacy id and count column.
_MAX_INT = 2**31 - 1
_ID = {"type": "integer", "minimum": 1, "maximum": _MAX_INT}
_COUNT = {"type": "integer", "minimum": 0, "maximum": _MAX_INT}
_FLAG = {"enum": ["Y", "N"]}
_NAIVE_TIME_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?$"
_LOCAL_TIME = {"type": "string", "pattern": _NAIVE_TIME_PATTERN}
_LOCAL_TIME_OR_NULL = {"type": ["string", "null"], "pattern": _NAIVE_TIME_PATTERN}
_TEXT = {"type": "string"}


def _text(max_length: int) -> dict[str, Any]:
    return {"type": "string", "maxLength": max_length}


def _row(columns: dict[str, Any], *, nullable: bool = False) -> dict[str, Any]:
    """A closed object with every column required (or null, for a row that may not exist)."""
    return {
        "type": ["object", "null"] if nullable else "object",
        "properties": columns,
        "required": list(columns),
        "additionalProperties": False,
    }


USER_ROW = _row(
    {
        "id": _ID,
        "username": {"type": "string", "minLength": 1, "maxLength": 150},
        "email": _text(254),
        "first_name": _text(150),
        "last_name": _text(150),
        "password": _text(128),
        "is_active": {"type": "boolean"},
        "date_joined": _LOCAL_TIME,
        "last_login": _LOCAL_TIME_OR_NULL,
    }
)
PROFILE_ROW = _row(
    {
        "user_id": _ID,
        "phone_no": _text(32),
        "addr": _TEXT,
        "newsletter_yn": _FLAG,
        "modified_dt": _LOCAL_TIME,
    },
    nullable=True,
)
CATEGORY_ROW = _row(
    {
        "id": _ID,
        "cat_name": _text(100),
        "slug": {"type": "string", "minLength": 1, "maxLength": 100},
        "visible_yn": _FLAG,
        "sort_order": _COUNT,
    }
)
PRODUCT_ROW = _row(
    {
        "id": _ID,
        "prod_code": {"type": "string", "minLength": 1, "maxLength": 32},
        "prod_name": _text(200),
        "descr": _TEXT,
        "price_cents": _COUNT,
        "qty_on_hand": _COUNT,
        "cat_id": _ID,
        "active_yn": _FLAG,
        "created_dt": _LOCAL_TIME,
        "modified_dt": _LOCAL_TIME,
    }
)
ORDER_ROW = _row(
    {
        "id": _ID,
        "cust_id": _ID,
        "status": {"enum": ["N", "H", "S", "D", "C"]},
        "ship_addr": _TEXT,
        "total_cents": _COUNT,
        "order_dt": _LOCAL_TIME,
        "ship_dt": _LOCAL_TIME_OR_NULL,
        "modified_dt": _LOCAL_TIME,
    }
)
ORDER_LINE_ROW = _row(
    {
        "id": _ID,
        "order_id": _ID,
        "prod_id": _ID,
        "qty": _COUNT,
        "unit_price_cents": _COUNT,
    }
)
DELETED = _row({"id": _ID})

EVENT_TYPES: list[tuple[str, str, dict[str, Any]]] = [
    (
        CUSTOMER_CHANGED,
        "A customer's auth_user row or tbl_customer_profile row was written; the payload is "
        "both rows as they now are (profile null if the customer has none).",
        _row({"user": USER_ROW, "profile": PROFILE_ROW}),
    ),
    (
        CUSTOMER_DELETED,
        "A customer's auth_user row was deleted, or a staff user lost the profile that made "
        "them a customer.",
        DELETED,
    ),
    (CATEGORY_CHANGED, "A tbl_category row was written; the payload is the row.", CATEGORY_ROW),
    (CATEGORY_DELETED, "A tbl_category row was deleted.", DELETED),
    (PRODUCT_CHANGED, "A tbl_product row was written; the payload is the row.", PRODUCT_ROW),
    (PRODUCT_DELETED, "A tbl_product row was deleted.", DELETED),
    (
        ORDER_CHANGED,
        "A tbl_order row or one of its tbl_order_line rows was written or deleted; the payload "
        "is the order row with all its lines as they now are.",
        _row({"order": ORDER_ROW, "lines": {"type": "array", "items": ORDER_LINE_ROW}}),
    ),
    (ORDER_DELETED, "A tbl_order row (and so its lines) was deleted.", DELETED),
]

for _name, _description, _schema in EVENT_TYPES:
    register_event_type(_name, schema=_schema, owner=OWNER, description=_description)
