"""Legacy ids as UUIDs: deterministic for legacy-born rows, mapped for rows minted on the new side."""

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from acl.errors import IdError, UnmappedIdError
from acl.ids import (
    InMemoryIdMap,
    Kind,
    legacy_id_for,
    legacy_uuid,
    require_legacy_id,
    uuid_for,
)

from .strategies import legacy_ids, relaxed

kinds = st.sampled_from(list(Kind))


def test_legacy_born_uuids_are_fixed_forever() -> None:
    # Pinned: both sides and every stored reference depend on these exact values.
    assert legacy_uuid(Kind.PRODUCT, 1) == uuid.UUID("6cb42d3c-6608-5852-9068-403fa826d961")
    assert legacy_uuid(Kind.CUSTOMER, 42) == uuid.uuid5(
        uuid.UUID("d57f8caa-456f-57fc-917f-790ca2969307"), "customer:42"
    )


@relaxed
@given(kinds, legacy_ids)
def test_legacy_born_rows_need_no_lookup_either_way(kind: Kind, legacy_id: int) -> None:
    id = uuid_for(kind, legacy_id)
    assert id.version == 5
    assert id == uuid_for(kind, legacy_id, ids=InMemoryIdMap())
    assert legacy_id_for(kind, id, legacy_id=legacy_id, ids=InMemoryIdMap()) == legacy_id


@relaxed
@given(legacy_ids)
def test_each_kind_has_its_own_uuid_space(legacy_id: int) -> None:
    assert len({legacy_uuid(kind, legacy_id) for kind in Kind}) == len(Kind)


@relaxed
@given(kinds, legacy_ids, st.uuids())
def test_a_minted_pair_is_found_both_ways_once_recorded(
    kind: Kind, legacy_id: int, minted: uuid.UUID
) -> None:
    ids = InMemoryIdMap()
    assert legacy_id_for(kind, minted, ids=ids) is None
    ids.record(kind, id=minted, legacy_id=legacy_id)
    assert uuid_for(kind, legacy_id, ids=ids) == minted
    assert legacy_id_for(kind, minted, ids=ids) == legacy_id
    assert legacy_id_for(kind, str(minted), legacy_id=legacy_id, ids=ids) == legacy_id
    ids.record(kind, id=minted, legacy_id=legacy_id)  # recording again is harmless
    other_kind = next(k for k in Kind if k != kind)
    assert uuid_for(other_kind, legacy_id, ids=ids) == legacy_uuid(other_kind, legacy_id)


def test_recording_a_conflicting_pair_is_refused() -> None:
    ids = InMemoryIdMap()
    first, second = uuid.uuid4(), uuid.uuid4()
    ids.record(Kind.ORDER, id=first, legacy_id=7)
    with pytest.raises(IdError, match=f"order {second} cannot take legacy id 7: already paired"):
        ids.record(Kind.ORDER, id=second, legacy_id=7)
    with pytest.raises(IdError, match=f"order {first} cannot take legacy id 8: already paired"):
        ids.record(Kind.ORDER, id=first, legacy_id=8)
    assert ids.find_uuid(Kind.ORDER, 7) == first


def test_a_uuid_claiming_someone_elses_legacy_id_is_refused() -> None:
    ids = InMemoryIdMap()
    stranger = uuid.uuid4()
    with pytest.raises(IdError) as error:
        legacy_id_for(Kind.PRODUCT, stranger, legacy_id=1, ids=ids)
    assert str(error.value) == (
        f"product {stranger} claims legacy id 1, which belongs to {legacy_uuid(Kind.PRODUCT, 1)}"
    )
    # Without a map there is nothing to check against: the carried legacy id is taken.
    assert legacy_id_for(Kind.PRODUCT, stranger, legacy_id=1) == 1


def test_a_reference_to_a_row_the_legacy_shop_lacks_is_an_error_saying_what_to_do() -> None:
    minted = uuid.uuid4()
    with pytest.raises(UnmappedIdError) as error:
        require_legacy_id(Kind.CUSTOMER, minted, ids=InMemoryIdMap())
    assert str(error.value) == (
        f"customer {minted} has no legacy id yet; sync that customer to the legacy shop first"
    )


@pytest.mark.parametrize("legacy_id", [0, -1, True, "7", 7.0, None])
def test_legacy_ids_are_positive_integers(legacy_id: object) -> None:
    with pytest.raises(IdError, match="a legacy id is a positive integer"):
        uuid_for(Kind.ORDER, legacy_id)


@pytest.mark.parametrize("value", ["not-a-uuid", 7, None, ""])
def test_uuids_must_be_uuids(value: object) -> None:
    with pytest.raises(IdError, match="expected a UUID such as"):
        legacy_id_for(Kind.ORDER, value)
