"""RemoteList: Django's Paginator over a service's pages, with as few requests as it can."""

from django.core.paginator import Paginator

from legacy_monolith.ports.service.paging import RemoteList

ITEMS = list(range(1, 31))


def make() -> tuple[RemoteList[int], list[tuple[int, int]]]:
    asked: list[tuple[int, int]] = []

    def fetch(page: int, page_size: int) -> tuple[int, list[int]]:
        asked.append((page, page_size))
        start = (page - 1) * page_size
        return len(ITEMS), ITEMS[start : start + page_size]

    return RemoteList(fetch, first_page_size=12), asked


def test_the_first_page_costs_one_request():
    remote, asked = make()
    page = Paginator(remote, 12).page(1)
    assert list(page) == ITEMS[:12]
    assert page.paginator.num_pages == 3
    assert asked == [(1, 12)]


def test_a_later_page_is_one_page_of_the_same_size():
    remote, asked = make()
    page = Paginator(remote, 12).page(3)
    assert list(page) == ITEMS[24:30]
    assert asked == [(1, 12), (5, 6)]


def test_odd_slices_are_stitched_from_whole_pages():
    remote, asked = make()
    assert remote[5:17] == ITEMS[5:17]
    assert asked == [(1, 12), (1, 100)]
    assert remote[-1] == 30
    assert list(remote) == ITEMS
    assert len(remote) == 30
