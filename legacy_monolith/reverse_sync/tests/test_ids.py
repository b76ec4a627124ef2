"""`PairedIds`: the legacy ids reverse sync gave rows born in the services."""

import uuid
from datetime import datetime

import pytest

from acl.errors import IdError
from acl.ids import Kind, legacy_uuid
from acl.products import product_from_legacy
from legacy_monolith.reverse_sync.ids import PairedIds
from legacy_monolith.reverse_sync.models import LegacyIdPair

pytestmark = pytest.mark.django_db


def test_a_pair_is_found_both_ways_and_recording_it_again_is_a_no_op():
    ids, minted = PairedIds(), uuid.uuid4()

    ids.record(Kind.PRODUCT, id=minted, legacy_id=7)
    ids.record(Kind.PRODUCT, id=minted, legacy_id=7)

    assert ids.find_uuid(Kind.PRODUCT, 7) == minted
    assert ids.find_legacy_id(Kind.PRODUCT, minted) == 7
    assert ids.find_uuid(Kind.CATEGORY, 7) is None  # kinds are separate spaces
    assert LegacyIdPair.objects.get().linked_dt is None  # the products service is still to be told


def test_legacy_born_rows_are_computed_not_stored_and_order_lines_need_no_telling():
    ids = PairedIds()

    ids.record(Kind.CUSTOMER, id=legacy_uuid(Kind.CUSTOMER, 3), legacy_id=3)
    ids.record(Kind.ORDER_LINE, id=uuid.uuid4(), legacy_id=9)

    pair = LegacyIdPair.objects.get()
    assert pair.kind == "order_line" and pair.linked_dt is not None


def test_a_conflicting_pair_is_refused_and_translations_use_the_minted_uuid():
    ids, minted = PairedIds(), uuid.uuid4()
    ids.record(Kind.PRODUCT, id=minted, legacy_id=7)

    with pytest.raises(IdError, match="already paired"):
        ids.record(Kind.PRODUCT, id=uuid.uuid4(), legacy_id=7)
    with pytest.raises(IdError, match="already paired"):
        ids.record(Kind.PRODUCT, id=minted, legacy_id=8)

    row = {
        "id": 7,
        "prod_code": "A",
        "prod_name": "A",
        "descr": "",
        "price_cents": 1,
        "qty_on_hand": 0,
        "cat_id": 1,
        "active_yn": "Y",
        "created_dt": datetime(2024, 1, 1),
        "modified_dt": datetime(2024, 1, 1),
    }
    assert product_from_legacy(row=row, ids=ids)["id"] == str(minted)
