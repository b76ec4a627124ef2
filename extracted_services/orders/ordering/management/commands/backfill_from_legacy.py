"""`manage.py backfill_from_legacy`: copy the legacy shop's orders here, with the snapshots they need."""

from extracted_services.orders.ordering.backfill import OrdersStep
from extracted_services.orders.readmodels.backfill import (
    CustomerSnapshotsStep,
    ProductSnapshotsStep,
)
from extracted_services.service_defaults.backfill.commands import BackfillCommand


class Command(BackfillCommand):
    feature = "orders"
    # Order lines take their SKU and name from the product snapshots: those come first.
    steps = (CustomerSnapshotsStep, ProductSnapshotsStep, OrdersStep)
