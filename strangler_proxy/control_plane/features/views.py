"""Server-rendered pages: the staff dashboard and a health check."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from . import selectors
from .models import Feature


@staff_member_required
def dashboard(request: HttpRequest) -> HttpResponse:
    features = [
        {
            **selectors.feature_status(feature=f),
            "diffs": selectors.feature_diffs(feature=f)[:5],
            "audit": selectors.feature_audit(feature=f, limit=5),
        }
        for f in Feature.objects.all()
    ]
    return render(
        request,
        "features/dashboard.html",
        {"features": features, "version": selectors.table_version()},
    )


def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok", "table_version": selectors.table_version()})
