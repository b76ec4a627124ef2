"""The message endpoint: what the verifier asks for each message of a message pact.

POST `/_pact/messages/<consumer>` with `{"description", "providerStates"}` comes after the
interaction's states were set up through the provider-state endpoint, so the provider's own
code has made the writes they name and recorded their events in its outbox, in the same
transactions, through the same payload builders as in production. The answer is the last event
recorded of the type the consumer's pact expects for that description: its payload as the
message body and its CloudEvents attributes (`type`, `source`, `subject`, ...) as the metadata.

An event that was never recorded answers 400 and is listed for the provider stage, naming the
interaction and what the outbox holds instead.
"""

import base64
import json
from collections import Counter
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from contracts.config import load_config
from contracts.pactfile import PactFileError, load_pact
from messaging.models import OutboxEvent

from .conf import provider_setting

CONTENT_TYPE = "application/json"
METADATA_HEADER = "Pact-Message-Metadata"

# One gunicorn worker serves the verification, so this process sees every message asked for.
FAILED_MESSAGES: list[dict[str, Any]] = []


class MessageUnavailable(Exception):
    """The provider cannot produce the message asked for; the message says why."""


@csrf_exempt
@require_POST
def provider_message(request: HttpRequest, consumer: str) -> HttpResponse:
    description = ""
    try:
        asked = json.loads(request.body or b"{}")
        description = str(asked.get("description", ""))
        event_type = expected_type(consumer=consumer, description=description)
        event = last_recorded(event_type)
    except (MessageUnavailable, ValueError, AttributeError) as exc:
        FAILED_MESSAGES.append(
            {"consumer": consumer, "description": description, "message": str(exc)}
        )
        return HttpResponse(str(exc), status=400, content_type="text/plain")
    metadata = {
        "id": str(event.event_id),
        "type": event.type,
        "source": event.source,
        "subject": event.aggregate_id,
        "sequence": event.sequence,
        "time": event.time,
        "specversion": "1.0",
        "contentType": CONTENT_TYPE,
    }
    response = HttpResponse(json.dumps(event.data), content_type=CONTENT_TYPE)
    response[METADATA_HEADER] = base64.b64encode(json.dumps(metadata).encode()).decode()
    return response


def expected_type(*, consumer: str, description: str) -> str:
    """The event type `consumer`'s pact with this provider names for the message `description`."""
    provider = provider_setting("NAME")
    pairs = [
        pair
        for pair in load_config().pairs_verified_against(provider)
        if pair.kind == "message" and pair.consumer == consumer
    ]
    if not pairs:
        raise MessageUnavailable(f"{consumer} has no message pact with {provider}")
    try:
        pact = load_pact(pairs[0].pact)
    except PactFileError as exc:
        raise MessageUnavailable(str(exc)) from exc
    for interaction in pact.interactions:
        if interaction.description == description:
            event_type = interaction.metadata.get("type")
            if not isinstance(event_type, str) or not event_type:
                raise MessageUnavailable(
                    f"message {description!r} of {consumer} names no event `type` in its metadata"
                )
            return event_type
    raise MessageUnavailable(f"{consumer}'s pact with {provider} has no message {description!r}")


def last_recorded(event_type: str) -> OutboxEvent:
    event = OutboxEvent.objects.filter(type=event_type).order_by("-id").first()
    if event is not None:
        return event
    recorded = Counter(OutboxEvent.objects.values_list("type", flat=True))
    held = ", ".join(f"{name} ({count})" for name, count in sorted(recorded.items())) or "nothing"
    raise MessageUnavailable(
        f"{provider_setting('NAME')} recorded no {event_type} event under the interaction's "
        f"provider states (its outbox holds: {held})"
    )
