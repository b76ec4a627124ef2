"""Deliberate provider breakages, applied at start-up through CONTRACTS_PROVIDER_PATCHES.

Each is what a careless refactoring would do; the contract tests show the provider stage
catching it. Imports are inside each function: a patch runs in its own provider's process,
where only that project's apps are installed.
"""

from typing import Any


def product_name_renamed() -> None:
    """The legacy API's product serializer sends `product_name` where clients read `prod_name`."""
    from rest_framework import serializers

    from legacy_monolith.api.catalogue import ProductOut

    declared = ProductOut._declared_fields
    declared.pop("prod_name")
    declared["product_name"] = serializers.CharField(source="prod_name")


def customer_phone_renamed() -> None:
    """The users service's customer serializer sends `phone_number` where the monolith reads
    `phone` (only what customers see: the services' view and the events keep `phone`)."""
    from rest_framework import serializers

    from extracted_services.users.customers.serializers import CustomerSerializer

    fields = list(CustomerSerializer.Meta.fields)
    fields[fields.index("phone")] = "phone_number"
    CustomerSerializer.Meta.fields = fields
    CustomerSerializer.Meta.read_only_fields = fields
    CustomerSerializer._declared_fields["phone_number"] = serializers.CharField(
        source="phone", read_only=True
    )


def product_event_sku_dropped() -> None:
    """The products service's product events stop carrying `sku`, payload and schema alike (so
    the outbox still accepts them): consumers reading the SKU are the ones to notice."""
    from extracted_services.products.catalogue import events
    from messaging import event_types

    builder = events.product_payload

    def without_sku(product: Any) -> dict[str, Any]:
        payload = builder(product)
        payload.pop("sku")
        return payload

    events.product_payload = without_sku
    for name in (events.PRODUCT_CREATED, events.PRODUCT_UPDATED, events.PRODUCT_STOCK_CHANGED):
        registered = event_types.get_event_type(name)
        schema = dict(registered.schema)
        schema["properties"] = {k: v for k, v in schema["properties"].items() if k != "sku"}
        schema["required"] = [field for field in schema["required"] if field != "sku"]
        event_types._registry.pop(name)
        event_types.register_event_type(
            name, schema=schema, owner=registered.owner, description=registered.description
        )
