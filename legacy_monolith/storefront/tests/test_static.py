"""The stylesheet every page links to exists where staticfiles looks for it."""

from django.contrib.staticfiles import finders


def test_stylesheet_is_found_by_staticfiles():
    path = finders.find("storefront/shop.css")
    assert path is not None
    with open(path, encoding="utf-8") as css:
        assert ".site-header" in css.read()
