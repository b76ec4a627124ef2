"""`Idempotency-Key` on creating writes: the first success is stored and replayed to retries.

The stored record is written in the same transaction as the write itself, so a retry either
finds both or neither. Two concurrent first attempts race on the unique (caller, key) index:
the loser's transaction (its write included) rolls back and it replays the winner's response.
The same key with a different request is refused with 422.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any, cast

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from extracted_services.service_defaults.models import IdempotencyRecord
from extracted_services.service_defaults.permissions import caller_of
from extracted_services.service_defaults.problems import Problem

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
REPLAYED_RESPONSE_HEADERS = ("Location",)


class _LostRace(Exception):
    """Another request stored the same key first; rolls back this attempt's write."""


def _checked_key(raw: str) -> str:
    key = raw.strip()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise Problem(
            400,
            "invalid-idempotency-key",
            f"the {HEADER} header must be 1 to {MAX_KEY_LENGTH} printable characters",
        )
    return key


def request_fingerprint(request: Request) -> str:
    """sha256 of method, path and body; JSON bodies are canonicalised so key order is ignored."""
    body = json.dumps(request.data, sort_keys=True, separators=(",", ":"), default=str)
    material = f"{request.method}\n{request.path}\n{body}"
    return hashlib.sha256(material.encode()).hexdigest()


def _replay(record: IdempotencyRecord, fingerprint: str) -> Response:
    if record.fingerprint != fingerprint:
        raise Problem(
            422,
            "idempotency-key-reused",
            f"this {HEADER} was already used for a different request "
            f"({record.method} {record.path}); use a new key for a new request",
        )
    headers = {**record.response_headers, REPLAYED_HEADER: "true"}
    return Response(record.response_body, status=record.response_status, headers=headers)


def _stored_json(data: Any) -> Any:
    # Rendered exactly as the client saw it (UUIDs, decimals and datetimes as strings).
    return json.loads(JSONRenderer().render(data)) if data is not None else None


def _find(caller: str, key: str) -> IdempotencyRecord | None:
    return IdempotencyRecord.objects.filter(caller=caller, key=key).first()


def run_idempotently(request: Request, run: Callable[[], Response]) -> Response:
    """Run `run` once per (caller, key); without the header it simply runs."""
    raw_key = request.headers.get(HEADER)
    caller = caller_of(request)
    if raw_key is None or caller is None:
        return run()
    key = _checked_key(raw_key)
    fingerprint = request_fingerprint(request)
    try:
        with transaction.atomic():
            existing = _find(caller.reference, key)
            if existing is not None:
                return _replay(existing, fingerprint)
            response = run()
            if 200 <= response.status_code < 300:
                _store(caller.reference, key, fingerprint, request, response)
            return response
    except (_LostRace, IntegrityError):
        winner = _find(caller.reference, key)
        if winner is None:
            raise
        return _replay(winner, fingerprint)


def _store(caller: str, key: str, fingerprint: str, request: Request, response: Response) -> None:
    headers = {name: response[name] for name in REPLAYED_RESPONSE_HEADERS if name in response}
    try:
        with transaction.atomic():
            IdempotencyRecord.objects.create(
                caller=caller,
                key=key,
                fingerprint=fingerprint,
                method=request.method or "",
                path=request.path,
                response_status=response.status_code,
                response_body=_stored_json(response.data),
                response_headers=headers,
            )
    except IntegrityError as exc:
        raise _LostRace from exc


def idempotent(handler: Callable[..., Response]) -> Callable[..., Response]:
    """Decorate a creating view method (`post`) to honour `Idempotency-Key`."""

    @functools.wraps(handler)
    def wrapper(view: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
        return run_idempotently(request, lambda: handler(view, request, *args, **kwargs))

    return wrapper


def purge_expired(*, older_than: timedelta | None = None) -> int:
    """Delete records older than the retention period; returns how many were deleted."""
    if older_than is None:
        older_than = timedelta(
            hours=cast(float, settings.SERVICE_DEFAULTS["IDEMPOTENCY_RETENTION_HOURS"])
        )
    deleted, _ = IdempotencyRecord.objects.filter(
        created_at__lt=timezone.now() - older_than
    ).delete()
    return deleted
