"""The guards: no pact, unverified interactions, unhandled states and pending work on main all fail."""

from pathlib import Path

from contracts.guards import (
    InteractionOutcome,
    StateSignature,
    count_problems,
    exclusion_problems,
    missing_pacts,
    pending_problems,
    state_problems,
)
from contracts.pactfile import load_pact

from .builders import contract_tree, interaction, pact_document, write_json

PRODUCT = "a product with id {prod_id} and stock {qty}"


def _pact(tmp_path: Path, *interactions: dict) -> object:
    return load_pact(
        write_json(tmp_path / "p.json", pact_document("app", "shop", list(interactions)))
    )


def _ok(description: str, consumer: str = "app") -> InteractionOutcome:
    return InteractionOutcome(
        consumer=consumer, description=description, ok=True, pending=False, mismatches=()
    )


def test_a_listed_pair_without_its_pact_fails(tmp_path: Path) -> None:
    config = contract_tree(tmp_path)

    [problem] = missing_pacts(config.pairs)
    assert problem.startswith("app → shop: no pact file at")
    assert "run the consumer stage and commit the pact" in problem


def test_a_pact_for_other_names_or_with_no_interactions_fails(tmp_path: Path) -> None:
    config = contract_tree(
        tmp_path, pacts={"pacts/app-shop/app-shop.json": pact_document("app", "users", [])}
    )
    assert missing_pacts(config.pairs) == [
        f"app → shop: {config.pairs[0].pact} is a pact between app and users"
    ]
    config = contract_tree(
        tmp_path, pacts={"pacts/app-shop/app-shop.json": pact_document("app", "shop", [])}
    )
    assert missing_pacts(config.pairs) == [
        f"app → shop: {config.pairs[0].pact} holds no interactions"
    ]


def test_pending_interactions_fail_on_main_but_not_on_a_branch(tmp_path: Path) -> None:
    pact = _pact(
        tmp_path, interaction("a request for the new thing", pending=True), interaction("old")
    )

    [problem] = pending_problems(pact, branch="main")
    assert "'a request for the new thing' is pending on main" in problem
    assert pending_problems(pact, branch="feature/new-thing") == []


def test_a_state_without_a_handler_or_with_other_parameters_is_named(tmp_path: Path) -> None:
    pact = _pact(
        tmp_path,
        interaction("product 17", states=[(PRODUCT, {"prod_id": 17, "qty": 7})]),
        interaction("product 18", states=[(PRODUCT, {"prod_id": 18, "colour": "red"})]),
        interaction("an order", states=[("an order {order_id}", {"order_id": 1})]),
    )
    signatures = {
        PRODUCT: StateSignature(frozenset({"prod_id", "qty"}), frozenset(), accepts_more=False)
    }

    problems = state_problems(pact, signatures, provider="shop")

    assert problems == [
        "app → shop, interaction 'an order': provider state 'an order {order_id}' has no handler in "
        "shop; add it to PROVIDER_STATES in the pair's provider_states.py",
        f"app → shop, interaction 'product 18': provider state {PRODUCT!r}: missing parameters ['qty']",
        f"app → shop, interaction 'product 18': provider state {PRODUCT!r}: unexpected parameters ['colour']",
    ]


def test_a_handler_taking_any_keyword_accepts_extra_parameters() -> None:
    signature = StateSignature(frozenset({"prod_id"}), frozenset({"qty"}), accepts_more=True)

    assert signature.parameter_problems({"prod_id": 1, "colour": "red"}) == []
    assert signature.parameter_problems({"qty": 1}) == ["missing parameters ['prod_id']"]
    assert StateSignature.from_description(signature.as_description()) == signature


def test_every_interaction_verified_once_passes(tmp_path: Path) -> None:
    pact = _pact(tmp_path, interaction("one"), interaction("two"))

    assert count_problems(pact, [_ok("one"), _ok("two"), _ok("two", consumer="web")]) == []


def test_fewer_verified_interactions_than_the_pact_holds_fail(tmp_path: Path) -> None:
    pact = _pact(tmp_path, interaction("one"), interaction("two"), interaction("three"))

    problems = count_problems(pact, [_ok("one")])

    assert problems == [
        "app → shop: 1 of 3 interactions were verified",
        "app → shop: interaction 'three' was not verified",
        "app → shop: interaction 'two' was not verified",
    ]


def test_no_interaction_verified_at_all_fails_although_the_verifier_passed(tmp_path: Path) -> None:
    pact = _pact(tmp_path, interaction("one"))

    assert count_problems(pact, []) == [
        "app → shop: 0 of 1 interactions were verified",
        "app → shop: interaction 'one' was not verified",
    ]


def test_an_interaction_the_pact_does_not_hold_is_reported(tmp_path: Path) -> None:
    pact = _pact(tmp_path, interaction("one"))

    assert count_problems(pact, [_ok("one"), _ok("stray")]) == [
        "app → shop: the verifier reported 'stray', which the pact does not hold"
    ]


def test_interactions_left_out_by_name_are_not_counted_but_any_other_missing_one_fails(
    tmp_path: Path,
) -> None:
    pact = _pact(tmp_path, interaction("one"), interaction("two"), interaction("checkout"))
    excluded = {"checkout": "not routed to the service"}

    assert count_problems(pact, [_ok("one"), _ok("two")], excluded=excluded) == []
    assert count_problems(pact, [_ok("one")], excluded=excluded) == [
        "app → shop: 1 of 2 interactions were verified",
        "app → shop: interaction 'two' was not verified",
    ]


def test_an_exclusion_naming_no_interaction_of_the_pact_fails(tmp_path: Path) -> None:
    pact = _pact(tmp_path, interaction("one"))

    problems = exclusion_problems(pact, {"checkout": "not routed"}, label="app → shop (proxy)")

    assert problems == [
        f"app → shop (proxy): excluded interaction 'checkout' is not in {pact.path}; "
        "rename or remove it under `excluded` in expected_pairs.toml"
    ]
    assert exclusion_problems(pact, {"one": "not routed"}, label="x") == []
