"""The legacy admin's restock action as the products service's stock adjustment.

The translator of the write route the write-switch test adds to the products feature
(`POST /admin/catalogue/product/`): while the monolith owns products the proxy passes the admin's
form on untouched; once the products service owns them, the proxy sends the same restock to
`POST /api/v1/products/<id>/stock/adjustments/` and answers as the admin would (302 back to the
product list). One product per request, as the test's client sends it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from urllib.parse import parse_qs

from multidict import CIMultiDict

from acl.ids import Kind, legacy_uuid
from strangler_proxy.data_plane.translation import ApiRequest, ApiResponse

CHANGELIST = "/admin/catalogue/product/"
DROPPED = {"content-type", "content-length", "cookie"}


class AdminRestock:
    def to_new(self, request: ApiRequest, params: Mapping[str, str]) -> ApiRequest:
        form = parse_qs(request.body.decode())
        if form.get("action") != ["restock"] or len(form.get("_selected_action", [])) != 1:
            raise ValueError("only the restock action of one product is translated")
        product = legacy_uuid(Kind.PRODUCT, int(form["_selected_action"][0]))
        headers = CIMultiDict(
            (k, v) for k, v in request.headers.items() if k.lower() not in DROPPED
        )
        headers["Content-Type"] = "application/json"
        body = {"delta": int(form["quantity"][0]), "reason": "restocked in the legacy admin"}
        return ApiRequest(
            "POST",
            f"/api/v1/products/{product}/stock/adjustments/",
            "",
            headers,
            json.dumps(body).encode(),
        )

    def to_legacy(self, response: ApiResponse, request: ApiRequest) -> ApiResponse:
        if response.status != 200:
            return response
        return ApiResponse(302, CIMultiDict({"Location": CHANGELIST}), b"")


restock = AdminRestock()
