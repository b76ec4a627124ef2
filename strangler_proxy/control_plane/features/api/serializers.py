"""Input validation of the API; each error names the field and what is allowed."""

from __future__ import annotations

from rest_framework import serializers

from strangler_proxy.stages import ORDER


class StageChangeInput(serializers.Serializer):
    stage = serializers.ChoiceField(
        choices=[s.value for s in ORDER],
        error_messages={
            "invalid_choice": (
                '"{input}" is not a stage; allowed stages: ' + ", ".join(s.value for s in ORDER)
            )
        },
    )
    percent = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": "percent must be from 0 to 100",
            "max_value": "percent must be from 0 to 100",
        },
    )
    reason = serializers.CharField(
        max_length=2000,
        error_messages={
            "blank": "say why the stage changes",
            "required": "say why the stage changes",
        },
    )
    force = serializers.BooleanField(default=False)


class RollbackInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class OverrideTokenInput(serializers.Serializer):
    features = serializers.DictField(
        child=serializers.ChoiceField(choices=["legacy", "new"]),
        help_text='{"products": "new"} or {"*": "legacy"}',
    )
    ttl_seconds = serializers.IntegerField(min_value=60, max_value=7 * 24 * 3600, default=8 * 3600)


class AuditEntryOutput(serializers.Serializer):
    kind = serializers.CharField()
    actor = serializers.CharField()
    at = serializers.DateTimeField()
    from_stage = serializers.CharField()
    from_percent = serializers.IntegerField()
    to_stage = serializers.CharField()
    to_percent = serializers.IntegerField()
    reason = serializers.CharField()
    forced = serializers.BooleanField()
    write_pause_ms = serializers.IntegerField(allow_null=True)
