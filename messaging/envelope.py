"""The CloudEvents 1.0 envelope, sent in structured mode as `application/cloudevents+json`."""

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

CONTENT_TYPE = "application/cloudevents+json"
SPEC_VERSION = "1.0"
REQUIRED = ("id", "source", "type", "specversion", "time", "subject", "sequence", "data")


class EnvelopeError(ValueError):
    """A message body is not a CloudEvent this library can handle."""


@dataclass(frozen=True)
class Event:
    """An event as consumers see it. `sequence` orders the events of one aggregate (`subject`)."""

    id: str
    type: str
    source: str
    subject: str
    sequence: int
    time: str
    data: Any
    traceparent: str = ""

    def to_dict(self) -> dict[str, Any]:
        body = {
            "specversion": SPEC_VERSION,
            "id": self.id,
            "source": self.source,
            "type": self.type,
            "subject": self.subject,
            # CloudEvents extension attributes are strings or integers; the sequence is an
            # integer so consumers can compare it without parsing.
            "sequence": self.sequence,
            "time": self.time,
            "datacontenttype": "application/json",
            "data": self.data,
        }
        if self.traceparent:
            body["traceparent"] = self.traceparent
        return body

    def to_json(self) -> bytes:
        return json.dumps(self.to_dict(), separators=(",", ":"), ensure_ascii=False).encode()

    @property
    def occurred_at(self) -> datetime:
        return datetime.fromisoformat(self.time.replace("Z", "+00:00"))


def now_rfc3339() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def parse(body: bytes | str) -> Event:
    """Decode a structured-mode CloudEvent, or raise EnvelopeError saying what is wrong."""
    try:
        raw = json.loads(body)
    except (TypeError, ValueError) as exc:
        raise EnvelopeError(f"body is not JSON: {exc}") from exc
    if not isinstance(raw, dict):
        raise EnvelopeError("body is not a JSON object")
    missing = [name for name in REQUIRED if name not in raw]
    if missing:
        raise EnvelopeError(f"CloudEvent is missing {', '.join(missing)}")
    if raw["specversion"] != SPEC_VERSION:
        raise EnvelopeError(f"unsupported CloudEvents specversion {raw['specversion']!r}")
    try:
        sequence = int(raw["sequence"])
    except (TypeError, ValueError):
        raise EnvelopeError(f"sequence {raw['sequence']!r} is not an integer") from None
    return Event(
        id=str(raw["id"]),
        type=str(raw["type"]),
        source=str(raw["source"]),
        subject=str(raw["subject"]),
        sequence=sequence,
        time=str(raw["time"]),
        data=raw["data"],
        traceparent=str(raw.get("traceparent", "")),
    )
