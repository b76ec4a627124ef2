"""The provider-state endpoint the verifier calls before and after each interaction.

POST {"state", "params", "action": "setup"|"teardown"} sets a state up or, on teardown, empties
the database. A setup answers with the values its handler provides (`{"token": ...}`), which the
verifier injects where the pact's request asks for them. GET lists the states this provider
handles, the state changes that failed and the messages that could not be produced.

Refusals and handler faults answer 400, never 500: the verifier retries a 5xx state change for
minutes, while a 400 fails the interaction at once and the provider stage reports why.
"""

import json
import logging
import traceback
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .conf import provider_setting
from .database import database_reset
from .messages import FAILED_MESSAGES
from .registry import StateRefused, registry

logger = logging.getLogger(__name__)

# One gunicorn worker serves the verification, so this process sees every state change.
FAILED_STATE_CHANGES: list[dict[str, Any]] = []


@csrf_exempt
@require_http_methods(["GET", "POST"])
def provider_states(request: HttpRequest) -> JsonResponse:
    if request.method == "GET":
        return JsonResponse(
            {
                "provider": provider_setting("NAME"),
                "states": registry().describe(),
                "failures": FAILED_STATE_CHANGES,
                "message_failures": FAILED_MESSAGES,
            }
        )
    try:
        state, params, action = _state_change(request.body)
    except ValueError as exc:
        return _refused(str(exc), state=None, params={})
    if action == "teardown":
        database_reset()
        registry().reset()
        return JsonResponse({"state": state, "action": action})
    if state == "":
        return JsonResponse({"state": state, "action": action})  # an interaction with no states
    try:
        values = registry().setup(state, params)
    except StateRefused as exc:
        return _refused(str(exc), state=state, params=params)
    except Exception as exc:
        logger.exception("provider state %r failed", state)
        detail = "".join(traceback.format_exception_only(exc)).strip()
        return _refused(f"provider state {state!r} failed: {detail}", state=state, params=params)
    return JsonResponse({**values, "state": state, "action": action})


def _state_change(body: bytes) -> tuple[str, dict[str, Any], str]:
    try:
        change = json.loads(body or b"{}")
    except json.JSONDecodeError as exc:
        raise ValueError(f"the body is not JSON: {exc}") from None
    if not isinstance(change, dict):
        raise ValueError("the body must be a JSON object")
    state, params, action = (
        change.get("state"),
        change.get("params") or {},
        change.get("action", "setup"),
    )
    if not isinstance(state, str):
        raise ValueError('"state" must be the state name (a string)')
    if not isinstance(params, dict):
        raise ValueError('"params" must be an object')
    if action not in ("setup", "teardown"):
        raise ValueError('"action" must be "setup" or "teardown"')
    return state, params, action


def _refused(message: str, *, state: str | None, params: dict[str, Any]) -> JsonResponse:
    FAILED_STATE_CHANGES.append({"state": state, "params": params, "message": message})
    return JsonResponse({"error": "state_refused", "message": message}, status=400)
