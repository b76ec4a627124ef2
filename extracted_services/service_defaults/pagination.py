"""Page-number pagination: `count`, `next`, `previous`, `results`; `page_size` up to a bound."""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request

from extracted_services.service_defaults.problems import Problem


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"

    @property
    def max_page_size(self) -> int:  # type: ignore[override]
        return cast(int, settings.SERVICE_DEFAULTS["MAX_PAGE_SIZE"])

    def get_page_size(self, request: Request) -> int | None:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError(
                {"page_size": [f"must be a whole number from 1 to {self.max_page_size}"]}
            )
        return int(raw)

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        """A page past the end is a 404 problem that says how many pages there are (`count`,
        `pages`), so a client can tell "too far" from "nothing here"."""
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:
            page_size = self.get_page_size(request)
            assert page_size is not None  # without a page size nothing is paginated or refused
            paginator = self.django_paginator_class(queryset, page_size)
            asked = request.query_params.get(self.page_query_param, "")
            raise Problem(
                404,
                "not-found",
                f"there is no page {asked}: there are {paginator.num_pages} pages",
                extra={"count": paginator.count, "pages": paginator.num_pages},
            ) from None
