"""Build incoming events the way the inbox hands them to handlers."""

from __future__ import annotations

import uuid
from typing import Any

from messaging.envelope import Event


def incoming(
    type_: str, data: dict[str, Any], *, time: str = "2025-03-30T00:00:00Z", sequence: int = 1
) -> Event:
    return Event(
        id=str(uuid.uuid4()),
        type=type_,
        source=type_.split(".", 1)[0],
        subject=str(data.get("id", "")),
        sequence=sequence,
        time=time,
        data=data,
    )
