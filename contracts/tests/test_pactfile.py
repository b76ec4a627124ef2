"""Pact files: a content hash that only the contract moves, a canonical form and readable diffs."""

import json
from pathlib import Path

import pytest

from contracts.pactfile import PactFileError, content_hash, diff, load_pact, render

from .builders import interaction, pact_document, write_json


def test_hash_ignores_interaction_order_and_the_pact_librarys_version() -> None:
    first, second = interaction("a request for thing 1"), interaction("a request for thing 2")
    document = pact_document("app", "shop", [first, second])
    reordered = pact_document("app", "shop", [second, first])
    reordered["metadata"]["pactRust"] = {"ffi": "9.9.9"}

    assert content_hash(document) == content_hash(reordered)


def test_hash_moves_when_the_contract_does() -> None:
    document = pact_document("app", "shop", [interaction("a request for thing 1")])
    changed = json.loads(json.dumps(document))
    changed["interactions"][0]["response"]["status"] = 201

    assert content_hash(document) != content_hash(changed)


def test_diff_shows_the_changed_line_and_nothing_when_equal(tmp_path: Path) -> None:
    document = pact_document("app", "shop", [interaction("a request for thing 1")])
    committed = write_json(tmp_path / "committed.json", document)
    same = write_json(
        tmp_path / "same.json", pact_document("app", "shop", document["interactions"])
    )
    document["interactions"][0]["response"]["status"] = 404
    changed = write_json(tmp_path / "changed.json", document)

    assert diff(committed, same) == ""
    shown = diff(committed, changed)
    assert '-        "status": 200' in shown
    assert '+        "status": 404' in shown


def test_render_is_the_committed_form_sorted_and_without_the_library_version() -> None:
    text = render(pact_document("app", "shop", [interaction("b"), interaction("a")]))

    assert text.endswith("}\n")
    assert "pactRust" not in text
    assert text.index('"description": "a"') < text.index('"description": "b"')


def test_interactions_states_and_pending_are_read(tmp_path: Path) -> None:
    path = write_json(
        tmp_path / "p.json",
        pact_document(
            "app",
            "shop",
            [
                interaction("x", states=[("a thing {id}", {"id": 1})], pending=True),
                interaction("x"),
            ],
        ),
    )

    pact = load_pact(path)
    assert (pact.consumer, pact.provider) == ("app", "shop")
    with_state = next(i for i in pact.interactions if i.states)
    assert with_state.states[0].name == "a thing {id}"
    assert with_state.states[0].params == {"id": 1}
    assert with_state.pending
    assert [i.pending for i in pact.interactions if not i.states] == [False]
    assert pact.duplicate_descriptions() == ["x"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no pact file at"),
        ("{", "is not valid JSON"),
        ('{"interactions": []}', "is not a pact"),
    ],
)
def test_unreadable_pacts_are_named(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "p.json"
    if content is not None:
        path.write_text(content)

    with pytest.raises(PactFileError, match=message):
        load_pact(path)
