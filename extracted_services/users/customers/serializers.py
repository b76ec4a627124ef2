"""Customer shapes on the wire: the clean vocabulary (UUIDs, structured address, UTC times)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, identify_hasher
from django.core.validators import RegexValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from acl.address import render_blob
from acl.errors import AddressError
from extracted_services.users.customers.models import Customer

ADDRESS_SCHEMA = {
    "oneOf": [
        {
            "type": "object",
            "properties": {
                "lines": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                "city": {"type": "string"},
                "postcode": {"type": "string", "example": "SW1A 1AA"},
                "country": {"type": "string", "nullable": True, "example": "GB"},
            },
            "required": ["lines", "city", "postcode", "country"],
        },
        {
            "type": "object",
            "properties": {"unparsed": {"type": "string"}},
            "required": ["unparsed"],
        },
    ],
    "nullable": True,
}

username_validator = RegexValidator(
    r"^[\w.@+-]+\Z", "letters, digits and @ . + - _ only, as in the legacy shop"
)


@extend_schema_field(ADDRESS_SCHEMA)
class AddressField(serializers.JSONField):
    """`{lines, city, postcode, country}`, `{unparsed}` or null; only what the legacy blob holds."""

    def to_internal_value(self, data: Any) -> Any:
        value = super().to_internal_value(data)
        try:
            render_blob(value)
        except AddressError as exc:
            raise serializers.ValidationError(str(exc)) from exc
        return value


class CustomerSerializer(serializers.ModelSerializer):
    address = AddressField(allow_null=True)
    # Empty for customers the legacy shop holds no email for: not always an email address.
    email = serializers.CharField(read_only=True)

    class Meta:
        model = Customer
        fields = [
            "id",
            "legacy_id",
            "username",
            "email",
            "first_name",
            "last_name",
            "phone",
            "address",
            "newsletter",
            "active",
            "joined_at",
            "last_login_at",
            "updated_at",
        ]
        read_only_fields = fields


class ServiceCustomerSerializer(CustomerSerializer):
    """What services see: also the password hash, which reverse sync writes to the legacy shop."""

    class Meta(CustomerSerializer.Meta):
        fields = [*CustomerSerializer.Meta.fields, "password_hash"]
        read_only_fields = fields


def validate_password_hash(value: str) -> None:
    """A hash Django can read (md5, pbkdf2, ...) or an unusable-password marker, kept as is."""
    if value.startswith(UNUSABLE_PASSWORD_PREFIX):
        return
    try:
        identify_hasher(value)
    except ValueError as exc:
        raise serializers.ValidationError(
            "not a password hash this service can check; send Django's encoded form "
            "such as 'pbkdf2_sha256$...' exactly as the legacy shop stored it"
        ) from exc


class _CustomerFields(serializers.Serializer):
    username = serializers.CharField(max_length=150, validators=[username_validator])
    email = serializers.EmailField(max_length=254, allow_blank=True, required=False)
    first_name = serializers.CharField(max_length=150, allow_blank=True, required=False)
    last_name = serializers.CharField(max_length=150, allow_blank=True, required=False)
    phone = serializers.CharField(max_length=32, allow_blank=True, required=False)
    address = AddressField(allow_null=True, required=False)
    newsletter = serializers.BooleanField(required=False)
    active = serializers.BooleanField(required=False)
    password = serializers.CharField(
        max_length=128, write_only=True, required=False, trim_whitespace=False
    )
    password_hash = serializers.CharField(
        max_length=128, required=False, validators=[validate_password_hash]
    )
    legacy_id = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    last_login_at = serializers.DateTimeField(allow_null=True, required=False)
    updated_at = serializers.DateTimeField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "password" in attrs and "password_hash" in attrs:
            raise serializers.ValidationError(
                {"password": ["send either password or password_hash, not both"]}
            )
        return attrs


class CustomerCreateSerializer(_CustomerFields):
    """A new customer. `id`, `legacy_id`, hashes and times are for services (backfill, sync)."""

    id = serializers.UUIDField(required=False)
    joined_at = serializers.DateTimeField(required=False)


class CustomerUpdateSerializer(_CustomerFields):
    """A partial change; a customer changing their password also sends `current_password`."""

    current_password = serializers.CharField(
        max_length=128, write_only=True, required=False, trim_whitespace=False
    )


class CustomerFilterSerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=100, required=False, help_text="part of username, email or name"
    )
    active = serializers.BooleanField(required=False, allow_null=True, default=None)
    legacy_id = serializers.IntegerField(min_value=1, required=False)
    email = serializers.EmailField(required=False)


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False)
