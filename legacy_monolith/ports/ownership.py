"""The legacy admin, read-only for what a service owns: no add, change, delete or actions.

From `writes-new` on, the service owns a feature's writes and reverse sync keeps the legacy
tables current; an edit in the legacy admin would write behind the owner's back and be
overwritten by the next synced change. Staff still see everything, with a note naming the owner.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse

from .stages import feature_stage, service_owns


class OwnedByServiceMixin:
    """For ModelAdmin and InlineModelAdmin classes: set `owner_feature` (`users`, `products`,
    `orders`) and `owned_entities` (how the note names the rows, e.g. "Products")."""

    owner_feature: str
    owned_entities: str

    def owned_by_service(self) -> bool:
        return service_owns(self.owner_feature)

    def ownership_note(self) -> str:
        return (
            f"{self.owned_entities} are owned by the {self.owner_feature} service since stage "
            f"{feature_stage(self.owner_feature).value}; edits here are disabled."
        )

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return not self.owned_by_service() and super().has_add_permission(request, *args)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self.owned_by_service() and super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self.owned_by_service() and super().has_delete_permission(request, obj)  # type: ignore[misc]


class OwnedByServiceAdminMixin(OwnedByServiceMixin):
    """The ModelAdmin side: actions hidden and the note shown on the list and the form."""

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        if self.owned_by_service():
            return {}
        return super().get_actions(request)  # type: ignore[misc]

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        self._note(request)
        return super().changelist_view(request, extra_context)  # type: ignore[misc]

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: Any = None,
    ) -> HttpResponse:
        self._note(request)
        return super().changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]

    def _note(self, request: HttpRequest) -> None:
        if request.method == "GET" and self.owned_by_service():
            messages.warning(request, self.ownership_note())
