"""The message pairs agree with the event catalogue and the registries, both ways."""

from pathlib import Path
from typing import Any

import pytest

from contracts.catalogue import (
    Registries,
    catalogue_problems,
    catalogue_types,
    registries_read,
)
from contracts.config import load_config

from .builders import contract_tree, pact_document

CHANGED = "shop.things.thing.changed.v1"
DELETED = "shop.things.thing.deleted.v1"
MESSAGE_PAIR = '[[pairs]]\nconsumer = "thing_sync"\nprovider = "shop"\nkind = "message"\n'


def message(description: str, event_type: str | None) -> dict[str, Any]:
    return {
        "description": description,
        "type": "Asynchronous/Messages",
        "contents": {"content": {"id": 1}, "contentType": "application/json"},
        "metadata": {"type": event_type} if event_type else {},
        "providerStates": [],
        "pending": False,
    }


def tree(tmp_path: Path, *messages: dict[str, Any], extra: str = ""):
    return contract_tree(
        tmp_path,
        pairs=MESSAGE_PAIR + extra,
        pacts={
            "pacts/thing_sync-shop/thing_sync-shop.json": pact_document(
                "thing_sync", "shop", list(messages)
            )
        },
    )


def registries(handled: list[str], owners: dict[str, str] | None = None) -> Registries:
    return Registries(
        event_types={CHANGED: "shop", DELETED: "shop"} if owners is None else owners,
        consumers={"thing-sync": set(handled)},
    )


@pytest.mark.slow
def test_every_event_type_of_the_repository_has_its_pairs_and_the_catalogue_lists_them() -> None:
    config = load_config()

    found = registries_read(config)

    assert catalogue_problems(config, found, catalogue_types()) == []
    # Every project was read: the types of all four owners and the five consumers are there.
    assert set(found.event_types.values()) == {"legacy_monolith", "users", "products", "orders"}
    assert set(found.consumers) == {
        "users-legacy-sync",
        "products-legacy-sync",
        "orders-legacy-sync",
        "orders-snapshots",
        "legacy-reverse-sync",
    }


def test_the_catalogue_lists_the_documented_types() -> None:
    documented = catalogue_types()

    assert "legacy.orders.order.changed.v1" in documented
    assert "products.product.stock_changed.v1" in documented
    assert len(documented) == 23


def test_pairs_that_cover_what_each_consumer_handles_pass(tmp_path: Path) -> None:
    config = tree(
        tmp_path,
        message("a thing changed", CHANGED),
        message("a thing deleted", DELETED),
    )

    assert catalogue_problems(config, registries([CHANGED, DELETED]), {CHANGED, DELETED}) == []


def test_a_handled_type_without_a_message_in_the_pact_fails(tmp_path: Path) -> None:
    config = tree(tmp_path, message("a thing changed", CHANGED))

    problems = catalogue_problems(config, registries([CHANGED, DELETED]), {CHANGED, DELETED})

    assert problems == [
        f"consumer thing-sync handles {DELETED} but no message pact says so: add a message "
        'to the thing_sync → shop pair\'s consumer test (and the pair, kind = "message")'
    ]


def test_a_message_the_consumer_does_not_handle_fails(tmp_path: Path) -> None:
    config = tree(
        tmp_path,
        message("a thing changed", CHANGED),
        message("a thing deleted", DELETED),
    )

    problems = catalogue_problems(config, registries([CHANGED]), {CHANGED, DELETED})

    assert problems == [
        f"the thing_sync → shop pact has a {DELETED} message, but consumer thing-sync has no "
        "handler for it",
        f"no consumer handles {DELETED}: list it under [unconsumed_events] in "
        "expected_pairs.toml with the reason, or add its consumer's pair",
    ]


def test_a_type_nothing_consumes_must_be_listed_with_its_reason(tmp_path: Path) -> None:
    config = tree(tmp_path, message("a thing changed", CHANGED))

    assert catalogue_problems(config, registries([CHANGED]), {CHANGED, DELETED}) == [
        f"no consumer handles {DELETED}: list it under [unconsumed_events] in "
        "expected_pairs.toml with the reason, or add its consumer's pair"
    ]

    listed = tree(
        tmp_path,
        message("a thing changed", CHANGED),
        extra=f'[unconsumed_events]\n"{DELETED}" = "nobody needs to know yet"\n',
    )
    assert catalogue_problems(listed, registries([CHANGED]), {CHANGED, DELETED}) == []


def test_a_listed_unconsumed_type_that_is_consumed_fails(tmp_path: Path) -> None:
    config = tree(
        tmp_path,
        message("a thing changed", CHANGED),
        message("a thing deleted", DELETED),
        extra=f'[unconsumed_events]\n"{DELETED}" = "nobody needs to know yet"\n',
    )

    assert catalogue_problems(config, registries([CHANGED, DELETED]), {CHANGED, DELETED}) == [
        f"[unconsumed_events] lists {DELETED}, but a consumer handles it: take it out"
    ]


def test_the_catalogue_and_the_registries_must_list_the_same_types(tmp_path: Path) -> None:
    config = tree(
        tmp_path,
        message("a thing changed", CHANGED),
        message("a thing deleted", DELETED),
    )

    problems = catalogue_problems(
        config, registries([CHANGED, DELETED]), {CHANGED, "shop.things.thing.moved.v1"}
    )

    assert problems == [
        f"{DELETED} is registered but not in docs/events.md: add it to the catalogue",
        "docs/events.md lists shop.things.thing.moved.v1, which no project registers",
    ]


def test_a_type_owned_by_no_provider_or_paired_with_another_fails(tmp_path: Path) -> None:
    config = tree(tmp_path, message("a thing changed", CHANGED))

    problems = catalogue_problems(
        config, registries([CHANGED], owners={CHANGED: "warehouse"}), {CHANGED}
    )

    assert problems == [
        f"{CHANGED} is owned by 'warehouse', which is no provider in expected_pairs.toml",
        f"consumer thing-sync handles {CHANGED} but no message pact says so: add a message to "
        'the thing_sync → warehouse pair\'s consumer test (and the pair, kind = "message")',
        f"the thing_sync → shop pact has a {CHANGED} message, but warehouse owns that type",
    ]


def test_a_message_without_an_event_type_fails(tmp_path: Path) -> None:
    config = tree(tmp_path, message("a thing changed", None))

    problems = catalogue_problems(config, registries([], owners={}), set())

    assert problems == [
        "thing_sync → shop: message 'a thing changed' names no event `type` in its metadata"
    ]
