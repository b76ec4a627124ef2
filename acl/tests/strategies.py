"""Hypothesis strategies for valid legacy rows and clean dicts, biased to the awkward cases."""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st

from acl import clock
from acl.address import COUNTRY_NAMES, UK_POSTCODE, parse_blob, render_blob
from acl.ids import InMemoryIdMap, Kind, legacy_uuid
from acl.money import LEGACY_MAX_CENTS, money_from_cents
from acl.status import LETTER_TO_STATUS, OrderStatus

LEGACY_MAX_INT = 2**31 - 1

# Generating whole orders can take longer than Hypothesis' default deadline on a busy machine.
relaxed = settings(deadline=None)

legacy_ids = st.integers(min_value=1, max_value=LEGACY_MAX_INT)
legacy_cents = st.one_of(
    st.integers(min_value=0, max_value=LEGACY_MAX_CENTS), st.sampled_from([0, 1, 99, 100])
)
yn = st.sampled_from(["Y", "N"])
status_letters = st.sampled_from(sorted(LETTER_TO_STATUS))


def _last_sunday(year: int, month: int) -> date:
    day = date(year, month, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


# Europe/London has changed on the last Sunday of March and October at 01:00 UTC since 1996.
transition_days = st.builds(
    _last_sunday, st.integers(min_value=1996, max_value=2037), st.sampled_from([3, 10])
)

_any_local = st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2100, 12, 31))
_local_near_change = st.builds(
    lambda day, offset: datetime.combine(day, time()) + offset,
    transition_days,
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(hours=4)),
)
# Any wall-clock time, a good share of them inside the hours around a DST change.
local_times = st.one_of(_any_local, _local_near_change)
existing_local_times = local_times.filter(lambda t: not clock.is_nonexistent(t))
nonexistent_local_times = st.builds(
    lambda day, offset: datetime.combine(day, time(1)) + offset,
    transition_days.filter(lambda day: day.month == 3),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(minutes=59, seconds=59.999999)),
)
ambiguous_local_times = st.builds(
    lambda day, offset: datetime.combine(day, time(1)) + offset,
    transition_days.filter(lambda day: day.month == 10),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(minutes=59, seconds=59.999999)),
)

_any_instant = st.datetimes(
    min_value=datetime(1970, 1, 1), max_value=datetime(2100, 12, 31), timezones=st.just(UTC)
)
_instant_near_change = st.builds(
    lambda day, offset: datetime.combine(day, time(), tzinfo=UTC) + offset,
    transition_days,
    st.timedeltas(min_value=timedelta(hours=-1), max_value=timedelta(hours=3)),
)
instants = st.one_of(_any_instant, _instant_near_change)


def is_second_pass(instant: datetime) -> bool:
    """True for an instant in the second run of a repeated local hour (fold=1)."""
    return instant.astimezone(clock.zone_info(clock.LEGACY_ZONE)).fold == 1


# Clean times the legacy columns can hold exactly (see acl/README.md for the second pass).
clean_times = instants.filter(lambda t: not is_second_pass(t)).map(clock.format_utc)
legacy_times = existing_local_times

# Address parts: one trimmed, non-blank line each.
address_parts = (
    st.text(min_size=1, max_size=40)
    .map(str.strip)
    .filter(lambda s: bool(s) and len(s.splitlines()) == 1 and s == s.strip())
)
uk_postcodes = st.from_regex(UK_POSTCODE, fullmatch=True)
structured_addresses = st.fixed_dictionaries(
    {
        "lines": st.lists(address_parts, min_size=1, max_size=4),
        "city": address_parts,
        "postcode": uk_postcodes,
        "country": st.sampled_from([None, *COUNTRY_NAMES]),
    }
)
# Blobs the parser keeps whole: arbitrary text, plus near misses of well-formed blobs.
_near_misses = structured_addresses.map(render_blob).flatmap(
    lambda blob: st.sampled_from(
        [
            blob + "\n",
            " " + blob,
            blob.replace("\n", "\r\n"),
            blob.replace("\n", ", "),
            blob.lower(),
            blob + "\nUK",
            "\n" + blob,
        ]
    )
)
unparsed_blobs = st.one_of(st.text(min_size=1), _near_misses).filter(
    lambda blob: parse_blob(blob) == {"unparsed": blob}
)
legacy_blobs = st.one_of(
    st.just(""), structured_addresses.map(render_blob), unparsed_blobs, st.text()
)
clean_addresses = st.one_of(
    st.none(), structured_addresses, unparsed_blobs.map(lambda blob: {"unparsed": blob})
)
required_clean_addresses = st.one_of(
    structured_addresses, unparsed_blobs.map(lambda blob: {"unparsed": blob})
)


def texts(max_size: int, *, min_size: int = 0) -> st.SearchStrategy[str]:
    return st.text(min_size=min_size, max_size=max_size)


# ---- legacy rows -------------------------------------------------------------------------------

category_rows = st.fixed_dictionaries(
    {
        "id": legacy_ids,
        "cat_name": texts(100, min_size=1),
        "slug": texts(100, min_size=1),
        "visible_yn": yn,
        "sort_order": st.integers(min_value=0, max_value=LEGACY_MAX_INT),
    }
)
product_rows = st.fixed_dictionaries(
    {
        "id": legacy_ids,
        "prod_code": texts(32, min_size=1),
        "prod_name": texts(200, min_size=1),
        "descr": st.text(),
        "price_cents": legacy_cents,
        "qty_on_hand": st.integers(min_value=0, max_value=LEGACY_MAX_INT),
        "cat_id": legacy_ids,
        "active_yn": yn,
        "created_dt": legacy_times,
        "modified_dt": legacy_times,
    }
)
user_rows = st.fixed_dictionaries(
    {
        "id": legacy_ids,
        "username": texts(150, min_size=1),
        "email": texts(254),
        "first_name": texts(150),
        "last_name": texts(150),
        "password": texts(128),
        "is_active": st.booleans(),
        "date_joined": legacy_times,
        "last_login": st.none() | legacy_times,
    }
)


@st.composite
def customer_rows(draw: st.DrawFn) -> dict[str, Any]:
    user = draw(user_rows)
    profile = {
        "user_id": user["id"],
        "phone_no": draw(texts(32)),
        "addr": draw(legacy_blobs),
        "newsletter_yn": draw(yn),
        "modified_dt": draw(legacy_times),
    }
    return {"user": user, "profile": profile}


@st.composite
def order_rows(draw: st.DrawFn) -> dict[str, Any]:
    order_id = draw(legacy_ids)
    order = {
        "id": order_id,
        "cust_id": draw(legacy_ids),
        "status": draw(status_letters),
        "ship_addr": draw(legacy_blobs),
        "total_cents": draw(legacy_cents),
        "order_dt": draw(legacy_times),
        "ship_dt": draw(st.none() | legacy_times),
        "modified_dt": draw(legacy_times),
    }
    lines = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "id": legacy_ids,
                    "order_id": st.just(order_id),
                    "prod_id": legacy_ids,
                    "qty": st.integers(min_value=0, max_value=10_000),
                    "unit_price_cents": legacy_cents,
                }
            ),
            max_size=5,
        )
    )
    return {"order": order, "lines": lines}


# ---- clean dicts -------------------------------------------------------------------------------


class Ids:
    """Draws a clean id pair: legacy-born (uuid5), minted and mapped, or new (no legacy id)."""

    def __init__(self, draw: st.DrawFn, id_map: InMemoryIdMap):
        self.draw, self.map = draw, id_map
        self.seen: dict[tuple[Kind, int], str] = {}  # one legacy id is one row, whatever its origin

    def pair(self, kind: Kind, *, allow_new: bool = False) -> tuple[str, int | None]:
        choices = ["legacy", "minted"] + (["new"] if allow_new else [])
        origin = self.draw(st.sampled_from(choices))
        if origin == "new":
            return str(self.draw(st.uuids())), None
        legacy_id = self.draw(legacy_ids)
        if (kind, legacy_id) not in self.seen:
            if origin == "legacy" or self.map.find_uuid(kind, legacy_id) is not None:
                id = self.map.find_uuid(kind, legacy_id) or legacy_uuid(kind, legacy_id)
            else:
                id = self.draw(
                    st.uuids().filter(lambda u: self.map.find_legacy_id(kind, u) is None)
                )
                self.map.record(kind, id=id, legacy_id=legacy_id)
            self.seen[(kind, legacy_id)] = str(id)
        return self.seen[(kind, legacy_id)], legacy_id


def money(cents: st.SearchStrategy[int] = legacy_cents) -> st.SearchStrategy[dict[str, str]]:
    return cents.map(money_from_cents)


@st.composite
def clean_categories(draw: st.DrawFn, ids: InMemoryIdMap) -> dict[str, Any]:
    id, legacy_id = Ids(draw, ids).pair(Kind.CATEGORY)
    return {
        "id": id,
        "legacy_id": legacy_id,
        "name": draw(texts(100, min_size=1)),
        "slug": draw(texts(100, min_size=1)),
        "visible": draw(st.booleans()),
        "sort_order": draw(st.integers(min_value=0, max_value=LEGACY_MAX_INT)),
    }


@st.composite
def clean_products(draw: st.DrawFn, ids: InMemoryIdMap) -> dict[str, Any]:
    pairs = Ids(draw, ids)
    id, legacy_id = pairs.pair(Kind.PRODUCT)
    category_id, category_legacy_id = pairs.pair(Kind.CATEGORY)
    return {
        "id": id,
        "legacy_id": legacy_id,
        "sku": draw(texts(32, min_size=1)),
        "name": draw(texts(200, min_size=1)),
        "description": draw(st.text()),
        "price": draw(money()),
        "stock": draw(st.integers(min_value=0, max_value=LEGACY_MAX_INT)),
        "category_id": category_id,
        "category_legacy_id": category_legacy_id,
        "active": draw(st.booleans()),
        "created_at": draw(clean_times),
        "updated_at": draw(clean_times),
    }


@st.composite
def clean_customers(draw: st.DrawFn, ids: InMemoryIdMap) -> dict[str, Any]:
    id, legacy_id = Ids(draw, ids).pair(Kind.CUSTOMER)
    return {
        "id": id,
        "legacy_id": legacy_id,
        "username": draw(texts(150, min_size=1)),
        "email": draw(texts(254)),
        "first_name": draw(texts(150)),
        "last_name": draw(texts(150)),
        "phone": draw(texts(32)),
        "address": draw(clean_addresses),
        "newsletter": draw(st.booleans()),
        "active": draw(st.booleans()),
        "password_hash": draw(texts(128)),
        "joined_at": draw(clean_times),
        "last_login_at": draw(st.none() | clean_times),
        "updated_at": draw(clean_times),
    }


@st.composite
def clean_orders(draw: st.DrawFn, ids: InMemoryIdMap) -> dict[str, Any]:
    pairs = Ids(draw, ids)
    id, legacy_id = pairs.pair(Kind.ORDER)
    customer_id, customer_legacy_id = pairs.pair(Kind.CUSTOMER)
    lines = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        line_id, line_legacy_id = pairs.pair(Kind.ORDER_LINE)
        product_id, product_legacy_id = pairs.pair(Kind.PRODUCT)
        quantity = draw(st.integers(min_value=0, max_value=10_000))
        unit_cents = draw(legacy_cents)
        lines.append(
            {
                "id": line_id,
                "legacy_id": line_legacy_id,
                "product_id": product_id,
                "product_legacy_id": product_legacy_id,
                "quantity": quantity,
                "unit_price": money_from_cents(unit_cents),
                "total": money_from_cents(quantity * unit_cents),
            }
        )
    return {
        "id": id,
        "legacy_id": legacy_id,
        "customer_id": customer_id,
        "customer_legacy_id": customer_legacy_id,
        "status": draw(st.sampled_from([status.value for status in OrderStatus])),
        "shipping_address": draw(clean_addresses),
        "total": draw(money()),
        "placed_at": draw(clean_times),
        "shipped_at": draw(st.none() | clean_times),
        "updated_at": draw(clean_times),
        "lines": lines,
    }
