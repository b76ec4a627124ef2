"""What the ports' list operations return: a queryset, or a service's list read page by page.

Both have `count()` and slices, which is all Django's Paginator, ListView and DRF's list views
use; anything else is an implementation detail of one side.
"""

from typing import TypeVar

from django.db.models import Model, QuerySet

from .service.paging import RemoteList

M = TypeVar("M", bound=Model)

Listing = QuerySet[M, M] | RemoteList[M]
