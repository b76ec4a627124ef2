"""`manage.py reconcile_with_legacy`: compare the customers here with the legacy shop's."""

from extracted_services.service_defaults.backfill.commands import ReconcileCommand
from extracted_services.users.customers.backfill import CustomersStep


class Command(ReconcileCommand):
    feature = "users"
    steps = (CustomersStep,)
