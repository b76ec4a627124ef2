"""`manage.py reconcile_with_legacy`: compare orders and their snapshots with the legacy shop."""

from extracted_services.orders.ordering.backfill import OrdersStep
from extracted_services.orders.readmodels.backfill import (
    CustomerSnapshotsStep,
    ProductSnapshotsStep,
)
from extracted_services.service_defaults.backfill.commands import ReconcileCommand


class Command(ReconcileCommand):
    feature = "orders"
    steps = (CustomerSnapshotsStep, ProductSnapshotsStep, OrdersStep)
