"""Address blobs as structured UK addresses and back; blobs that do not parse are kept verbatim."""

import pytest
from faker import Faker
from hypothesis import given
from hypothesis import strategies as st

from acl.address import normalise_uk_postcode, parse_blob, render_blob, validate_address
from acl.errors import AddressError

from .strategies import relaxed, structured_addresses, unparsed_blobs


@relaxed
@given(st.text())
def test_every_blob_round_trips_byte_for_byte(blob: str) -> None:
    assert render_blob(parse_blob(blob)) == blob


@relaxed
@given(structured_addresses)
def test_structured_to_blob_to_structured_is_identity(address: dict) -> None:
    assert parse_blob(render_blob(address)) == address


@relaxed
@given(unparsed_blobs)
def test_a_blob_that_does_not_parse_is_kept_whole(blob: str) -> None:
    kept = parse_blob(blob)
    assert kept == {"unparsed": blob}
    assert render_blob(kept) == blob


def test_the_shop_layout_parses() -> None:
    blob = "Flat 2\n12 Acacia Avenue\nLondon\nSW1A 1AA\nUnited Kingdom"
    assert parse_blob(blob) == {
        "lines": ["Flat 2", "12 Acacia Avenue"],
        "city": "London",
        "postcode": "SW1A 1AA",
        "country": "GB",
    }
    assert parse_blob("12 Acacia Avenue\nLondon\nSW1A 1AA") == {
        "lines": ["12 Acacia Avenue"],
        "city": "London",
        "postcode": "SW1A 1AA",
        "country": None,
    }


def test_realistic_seeded_addresses_parse_and_round_trip() -> None:
    fake = Faker("en_GB")
    fake.seed_instance(20240601)
    for _ in range(300):
        blob = fake.address()
        parsed = parse_blob(blob)
        assert "unparsed" not in parsed, blob
        assert render_blob(parsed) == blob
        with_country = f"{blob}\nUnited Kingdom"
        assert parse_blob(with_country) == {**parsed, "country": "GB"}


@pytest.mark.parametrize(
    "blob",
    [
        "12 Acacia Avenue, London SW1A 1AA",  # one line
        "12 Acacia Avenue\r\nLondon\r\nSW1A 1AA",  # Windows line ends
        "12 Acacia Avenue\nLondon\nsw1a 1aa",  # postcode not in standard form
        "12 Acacia Avenue\nLondon\nSW1A1AA",
        "12 Acacia Avenue\nLondon\nSW1A 1AA\n",  # trailing newline
        "12 Acacia Avenue\n\nLondon\nSW1A 1AA",  # blank line
        " 12 Acacia Avenue\nLondon\nSW1A 1AA",  # stray space
        "12 Acacia Avenue\nLondon\nSW1A 1AA\nUK",  # a country spelling the shop never wrote
        "12 Rue de Rivoli\nParis\n75001\nFrance",  # not a UK address
        "London\nSW1A 1AA",  # no street line
        "United Kingdom",
        "   ",
        "\n",
        "Ünïcødé Straße 1\n東京\n100-0001",
    ],
)
def test_awkward_blobs_are_kept_not_lost(blob: str) -> None:
    assert parse_blob(blob) == {"unparsed": blob}
    assert render_blob({"unparsed": blob}) == blob


def test_an_empty_blob_is_no_address() -> None:
    assert parse_blob("") is None
    assert render_blob(None) == ""


@pytest.mark.parametrize(
    ("text", "postcode"),
    [
        ("sw1a1aa", "SW1A 1AA"),
        (" EC1A 1BB ", "EC1A 1BB"),
        ("m1 1ae", "M1 1AE"),
        ("GIR0AA", "GIR 0AA"),
    ],
)
def test_postcodes_can_be_normalised_before_they_are_stored(text: str, postcode: str) -> None:
    assert normalise_uk_postcode(text) == postcode


@pytest.mark.parametrize("text", ["", "75001", "QA1 1AA", "SW1A 1CA", "XX"])
def test_non_uk_postcodes_do_not_normalise(text: str) -> None:
    assert normalise_uk_postcode(text) is None


@pytest.mark.parametrize(
    ("address", "message"),
    [
        (
            {"lines": ["1 High St"], "city": "Leeds", "postcode": "ls1 4ap", "country": "GB"},
            "postcode: 'ls1 4ap' is not a UK postcode in standard form such as 'SW1A 1AA'; "
            "did you mean 'LS1 4AP'?",
        ),
        (
            {"lines": ["1 Rue"], "city": "Paris", "postcode": "75001", "country": "FR"},
            "postcode: '75001' is not a UK postcode",
        ),
        (
            {"lines": ["1 High St"], "city": "Leeds", "postcode": "LS1 4AP", "country": "FR"},
            "country: 'FR' is not a country the legacy shop stores; use 'GB' or null",
        ),
        (
            {"lines": [], "city": "Leeds", "postcode": "LS1 4AP", "country": None},
            "lines: must be a non-empty list of street lines",
        ),
        (
            {
                "lines": ["1 High St", "Flat 2\nBack"],
                "city": "Leeds",
                "postcode": "LS1 4AP",
                "country": None,
            },
            "lines.1: 'Flat 2\\nBack' must be one line of text",
        ),
        (
            {"lines": ["1 High St"], "city": " Leeds", "postcode": "LS1 4AP", "country": None},
            "city: ' Leeds' must be one line of text, not blank, without leading or trailing",
        ),
        ({"lines": ["1 High St"], "city": "Leeds"}, "got the fields ['city', 'lines']"),
        ({"unparsed": ""}, "unparsed: must be the original non-empty address text"),
        ("1 High St", "expected an address object or null"),
    ],
)
def test_structured_addresses_the_blob_cannot_hold_are_refused(
    address: object, message: str
) -> None:
    with pytest.raises(AddressError) as error:
        render_blob(address)
    assert message in str(error.value)


def test_a_valid_address_passes_validation() -> None:
    validate_address(
        {"lines": ["1 High St"], "city": "Leeds", "postcode": "LS1 4AP", "country": "GB"}
    )
