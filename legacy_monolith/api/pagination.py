"""Page-number pagination in the legacy envelope: {"count", "page", "pages", "results"}."""

from typing import Any, cast

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response


class LegacyPagination(BasePagination):
    """Fixed page size (LEGACY_SHOP["API_PAGE_SIZE"]), page chosen with `?page=` (from 1).

    An empty list is still one (empty) page. A page past the end is a 404; a page that is
    not a whole number of 1 or more is a validation error.
    """

    page_query_param = "page"

    def paginate_queryset(
        self, queryset: QuerySet, request: Request, view: Any = None
    ) -> list[Any]:
        number = _page_number(request.query_params.get(self.page_query_param, "1"))
        paginator = Paginator(queryset, cast(int, settings.LEGACY_SHOP["API_PAGE_SIZE"]))
        if number > paginator.num_pages:
            raise NotFound(f"Page {number} does not exist: there are {paginator.num_pages} pages")
        self.page: Page = paginator.page(number)
        return list(self.page)

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "count": self.page.paginator.count,
                "page": self.page.number,
                "pages": self.page.paginator.num_pages,
                "results": data,
            }
        )


MAX_PAGE = 999_999_999


def _page_number(raw: str) -> int:
    # Length first: int() of thousands of digits is slow and then refused by Python itself.
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 9 and 1 <= int(raw) <= MAX_PAGE):
        raise ValidationError({"page": [f"must be a whole number from 1 to {MAX_PAGE}"]})
    return int(raw)
