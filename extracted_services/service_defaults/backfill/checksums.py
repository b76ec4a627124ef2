"""Row checksums in the legacy vocabulary: sha256 of a canonical JSON, and the fields that differ.

Both sides are compared as legacy rows (the service's row translated by the ACL), because only
there does every local time round-trip: see acl/README.md, "Daylight saving time".
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any


def _default(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot checksum a {type(value).__name__}: {value!r}")


def canonical_json(form: Mapping[str, Any]) -> str:
    """One text per form: sorted keys, no spaces, datetimes in ISO form, non-ASCII kept."""
    return json.dumps(
        form, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default
    )


def checksum(form: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(form).encode()).hexdigest()


def differing_fields(
    legacy: Mapping[str, Any], service: Mapping[str, Any], prefix: str = ""
) -> list[tuple[str, Any, Any]]:
    """(dotted path, legacy value, service value) for each difference: `order.total_cents`,
    `lines.812.qty`; a part only one side has is one difference, the other value None."""
    found = []
    for key in sorted(set(legacy) | set(service), key=str):
        path = f"{prefix}{key}"
        there, here = legacy.get(key), service.get(key)
        if isinstance(there, Mapping) and isinstance(here, Mapping):
            found.extend(differing_fields(there, here, f"{path}."))
        elif key not in legacy or key not in service or _text(there) != _text(here):
            found.append((path, there, here))
    return found


def _text(value: Any) -> str:
    # Compared as the checksum sees them: True and 1 differ, as they do in the JSON.
    return json.dumps(value, sort_keys=True, default=_default)
