"""Django admin: routes and pins are edited here; stages only through audited actions."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from strangler_proxy.stages import StageError

from . import services
from .models import AuditEntry, CohortPin, Feature, Route, ShadowDiff
from .write_switch import SwitchAborted


class RouteInline(admin.TabularInline):
    model = Route
    extra = 0


class CohortPinInline(admin.TabularInline):
    model = CohortPin
    extra = 0


@admin.register(Feature)
class FeatureAdmin(admin.ModelAdmin):
    list_display = ["name", "backend", "stage", "percent", "write_hold", "updated_at"]
    list_filter = ["stage"]
    search_fields = ["name", "backend"]
    # Stage moves are validated, audited and may need the write switch: never a bare edit.
    readonly_fields = ["stage", "percent", "write_hold", "updated_at"]
    inlines = [RouteInline, CohortPinInline]
    actions = ["roll_back_one_stage"]

    @admin.action(description="Roll back one stage (audited)")
    def roll_back_one_stage(self, request: HttpRequest, queryset: QuerySet[Feature]) -> None:
        for feature in queryset:
            try:
                entry = services.feature_rollback(
                    name=feature.name,
                    reason="rollback from the admin",
                    actor=request.user.get_username(),
                )
            except (StageError, SwitchAborted) as exc:
                self.message_user(request, f"{feature.name}: {exc}", messages.ERROR)
            else:
                self.message_user(request, f"{feature.name}: {entry.from_stage} → {entry.to_stage}")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = [
        "at",
        "feature",
        "kind",
        "actor",
        "from_stage",
        "to_stage",
        "to_percent",
        "reason",
    ]
    list_filter = ["kind", "feature"]
    search_fields = ["reason", "actor"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ShadowDiff)
class ShadowDiffAdmin(admin.ModelAdmin):
    list_display = ["feature", "field", "route", "count", "last_seen"]
    list_filter = ["feature"]
    search_fields = ["field", "route"]
    readonly_fields = ["feature", "route", "field", "count", "sample", "first_seen", "last_seen"]
