"""Money and stock as customers read them."""

import pytest
from django.template import Context, Template

from legacy_monolith.storefront.templatetags.shop import money, stock_label, stock_level


@pytest.mark.parametrize(
    ("cents", "shown"),
    [(1299, "£12.99"), (5, "£0.05"), (0, "£0.00"), (123456, "£1,234.56"), (-250, "-£2.50")],
)
def test_money_shows_integer_cents_as_pounds(cents, shown):
    assert money(cents) == shown


def test_money_in_a_template_and_with_nothing_to_show():
    rendered = Template("{% load shop %}[{{ a|money }}][{{ b|money }}]").render(
        Context({"a": 2500, "b": None})
    )
    assert rendered == "[£25.00][]"


def test_money_uses_the_configured_currency(settings):
    settings.LEGACY_SHOP = {**settings.LEGACY_SHOP, "CURRENCY": "EUR"}
    assert money(1000) == "€10.00"


@pytest.mark.parametrize(
    ("qty", "label", "level"),
    [
        (7, "In stock (7)", "in"),
        (6, "In stock (6)", "in"),
        (5, "Only 5 left", "low"),
        (2, "Only 2 left", "low"),
        (1, "Only 1 left", "low"),
        (0, "Out of stock", "out"),
    ],
)
def test_stock_label(qty, label, level):
    assert stock_label(qty) == label
    assert stock_level(qty) == level
