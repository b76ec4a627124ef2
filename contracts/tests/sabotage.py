"""Deliberate provider breakages, applied at start-up through CONTRACTS_PROVIDER_PATCHES.

Each is what a careless refactoring would do; the contract tests show the provider stage
catching it.
"""

from rest_framework import serializers

from legacy_monolith.api.catalogue import ProductOut


def product_name_renamed() -> None:
    """The legacy API's product serializer sends `product_name` where clients read `prod_name`."""
    declared = ProductOut._declared_fields
    declared.pop("prod_name")
    declared["product_name"] = serializers.CharField(source="prod_name")
