"""A list kept by a service, read one page at a time: what Django's Paginator needs of it."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Generic, TypeVar, overload

from acl.clients.base import MAX_PAGE_SIZE

T = TypeVar("T")

# fetch(page, page_size) -> (count over all pages, the page's items)
Fetch = Callable[[int, int], tuple[int, list[T]]]


class RemoteList(Sequence[T], Generic[T]):
    """`count()` and slices, each slice fetched with as few service pages as it can.

    Paginator asks for the count, then for `[bottom:top]`, a slice whose start is a multiple of
    its width, which is one service page of that size. The first request also learns the count.
    Items the shop cannot show (not yet given a legacy id) are dropped from a page, so a page
    may briefly hold fewer items than the count suggests.
    """

    def __init__(self, fetch: Fetch[T], *, first_page_size: int = 20):
        self._fetch = fetch
        self._first_page_size = min(first_page_size, MAX_PAGE_SIZE)
        self._count: int | None = None
        self._pages: dict[tuple[int, int], list[T]] = {}

    def _page(self, page: int, page_size: int) -> list[T]:
        if (page, page_size) not in self._pages:
            count, items = self._fetch(page, page_size)
            self._count = count
            self._pages[(page, page_size)] = items
        return self._pages[(page, page_size)]

    def count(self) -> int:  # type: ignore[override]
        if self._count is None:
            self._page(1, self._first_page_size)
        assert self._count is not None
        return self._count

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, int):
            position = index if index >= 0 else self.count() + index
            items = self[position : position + 1]
            if not items:
                raise IndexError(index)
            return items[0]
        start, stop, step = index.indices(self.count())
        if step != 1:
            raise ValueError("a RemoteList slice takes no step")
        if stop <= start:
            return []
        width = stop - start
        if width <= MAX_PAGE_SIZE and start % width == 0:
            return self._page(start // width + 1, width)
        if (start, stop) == (0, min(self.count(), self._first_page_size)):
            return self._page(1, self._first_page_size)
        found: list[T] = []
        for page in range(start // MAX_PAGE_SIZE + 1, (stop - 1) // MAX_PAGE_SIZE + 2):
            offset = (page - 1) * MAX_PAGE_SIZE
            items = self._page(page, MAX_PAGE_SIZE)
            found.extend(items[max(start - offset, 0) : stop - offset])
        return found

    def __iter__(self) -> Iterator[T]:
        yield from self[0 : self.count()]
