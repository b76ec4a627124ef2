"""`manage.py backfill_from_legacy`: copy the legacy shop's customers here."""

from extracted_services.service_defaults.backfill.commands import BackfillCommand
from extracted_services.users.customers.backfill import CustomersStep


class Command(BackfillCommand):
    feature = "users"
    steps = (CustomersStep,)
