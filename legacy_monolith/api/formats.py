"""The legacy wire formats: Y/N flags, naive local timestamps and strict input objects."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from rest_framework import serializers

from legacy_monolith.flags import YesNo

LEGACY_DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def legacy_datetime(value: datetime | None) -> str | None:
    """A stored (naive, local) timestamp as "YYYY-MM-DD HH:MM:SS", or None."""
    return value.strftime(LEGACY_DATETIME_FORMAT) if value is not None else None


class LegacyDateTimeField(serializers.Field):
    """Read-only naive local timestamp, exactly as the shop stores it: no zone, no fraction."""

    def __init__(self, **kwargs: Any):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: datetime) -> str | None:
        return legacy_datetime(value)


class YesNoField(serializers.ChoiceField):
    """A `Y`/`N` flag. Reads a Y/N column or a Python bool; accepts only "Y" or "N"."""

    default_error_messages = {"invalid_choice": 'must be "Y" or "N", not "{input}"'}

    def __init__(self, **kwargs: Any):
        super().__init__(choices=YesNo.choices, **kwargs)

    def to_representation(self, value: Any) -> str:
        if isinstance(value, bool):
            return YesNo.YES if value else YesNo.NO
        return str(value)


class StrictInputSerializer(serializers.Serializer):
    """Input that refuses keys it does not know, so a misspelt field is an error, not a no-op.

    `read_only_keys` are keys the client may have seen in a response but cannot write.
    """

    read_only_keys: frozenset[str] = frozenset()

    def to_internal_value(self, data: Any) -> Any:
        unknown = {}
        if isinstance(data, Mapping):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = {
                key: ["not editable" if key in self.read_only_keys else "unknown field"]
                for key in data
                if key not in writable
            }
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if unknown and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**exc.detail, **unknown}) from exc
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value
