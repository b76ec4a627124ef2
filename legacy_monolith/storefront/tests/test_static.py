"""Static assets and the standalone error page: what a browser needs when things go wrong."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


def test_stylesheet_is_found_by_staticfiles():
    path = finders.find("storefront/shop.css")
    assert path is not None
    with open(path, encoding="utf-8") as css:
        assert ".site-header" in css.read()


def test_server_error_page_renders_without_a_request():
    # Django renders 500.html with an empty context, so it must not rely on context processors.
    page = render_to_string("500.html")
    assert "Something went wrong" in page
    assert "/static/storefront/shop.css" in page
