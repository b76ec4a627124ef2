"""`GET` and `PATCH /api/account/` answered by the users service's `/api/v1/me/`.

A `PATCH` is checked against the monolith's rules first (`legacy_monolith/api/account.py`:
which keys, their lengths, `Y`/`N`), in its words; what passes is translated by
`acl.legacy_api.account_changes_from_api`. Whether an email address is well-formed is left to
the service, whose refusal carries the monolith's wording too (both use Django's validator).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from acl.errors import TranslationError
from acl.legacy_api.accounts import account_changes_from_api, account_to_api
from strangler_proxy.data_plane.translation import ApiRequest, ApiResponse

from . import inputs
from .wire import (
    Endpoint,
    Refusal,
    ask_nothing,
    is_signed_in,
    json_body,
    legacy_answer,
    method_not_allowed,
    not_authenticated,
    problem_errors,
    service_failure,
    service_json,
    service_request,
    unacceptable,
    validation_failed,
)

ENDPOINT = Endpoint("GET, PATCH, HEAD, OPTIONS")
ME = "/api/v1/me/"


def _text(max_length: int) -> Callable[[Any], str]:
    return lambda value: inputs.char_field(value, max_length=max_length)


# AccountPatchIn, in its field order: the order the monolith reports problems in.
EDITABLE: dict[str, Callable[[Any], str]] = {
    "first_name": _text(150),
    "last_name": _text(150),
    "email": _text(254),
    "phone_no": _text(32),
    "addr": _text(1000),
    "newsletter": inputs.yes_no,
}
NOT_EDITABLE = ("cust_id", "username", "modified_dt")
# The service's field names in the API's words, for its refusals.
API_NAMES = {"phone": "phone_no", "address": "addr"}


def account_changes(body: Any) -> dict[str, str]:
    """The body's changes, checked as the monolith checks them (values trimmed as it trims
    them); a `Refusal` listing every problem otherwise."""
    try:
        data = inputs.object_body(body)
    except inputs.Invalid as exc:
        raise Refusal(400, validation_failed({"": exc.messages})) from None
    problems: dict[str, list[str]] = {}
    changes: dict[str, str] = {}
    for key, check in EDITABLE.items():
        if key in data:
            try:
                changes[key] = check(data[key])
            except inputs.Invalid as exc:
                problems[key] = exc.messages
    for key in data:
        if key not in EDITABLE:
            problems[key] = ["not editable" if key in NOT_EDITABLE else "unknown field"]
    if problems:
        raise Refusal(400, validation_failed(problems))
    return changes


class Account:
    """`GET /api/account/` → `GET /api/v1/me/`; `PATCH` → `PATCH /api/v1/me/` (clean changes)."""

    endpoint = ENDPOINT

    def refusal(self, request: ApiRequest) -> Refusal | None:
        """What the monolith answers before asking anyone, in its order: what the client
        accepts, sign-in, method, body."""
        refusal = unacceptable(request)
        if refusal is not None:
            return refusal
        if not is_signed_in(request):
            return not_authenticated()
        if request.method not in ("GET", "HEAD", "PATCH"):
            return method_not_allowed(request.method)
        if request.method == "PATCH":
            try:
                account_changes(json_body(request))
            except Refusal as refusal:
                return refusal
        return None

    def to_new(self, request: ApiRequest, params: Mapping[str, str]) -> ApiRequest:
        if self.refusal(request) is not None:
            return ask_nothing(request)
        if request.method != "PATCH":
            return service_request(request, method="GET", path=ME, query={})
        changes = account_changes_from_api(account_changes(json_body(request)))
        return service_request(request, method="PATCH", path=ME, query={}, body=changes)

    def to_legacy(self, response: ApiResponse, request: ApiRequest) -> ApiResponse:
        refusal = self.refusal(request)
        if refusal is not None:
            return refusal.answer(request, response, ENDPOINT)
        if response.status == 400:
            problems = {API_NAMES.get(k, k): v for k, v in problem_errors(response).items()}
            return self._answer(400, validation_failed(problems), request, response)
        if response.status == 401:
            refusal = not_authenticated()
            return self._answer(401, refusal.body, request, response)
        if response.status != 200:
            return service_failure(request, response, ENDPOINT)
        try:
            body = account_to_api(customer=service_json(response))
        except TranslationError as error:
            return service_failure(request, response, ENDPOINT, str(error))
        return self._answer(200, body, request, response)

    def _answer(
        self, status: int, body: Any, request: ApiRequest, response: ApiResponse
    ) -> ApiResponse:
        return legacy_answer(
            status=status, body=body, request=request, endpoint=ENDPOINT, service=response
        )
