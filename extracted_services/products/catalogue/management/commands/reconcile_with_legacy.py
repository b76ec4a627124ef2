"""`manage.py reconcile_with_legacy`: compare the catalogue here with the legacy shop's."""

from extracted_services.products.catalogue.backfill import CategoriesStep, ProductsStep
from extracted_services.service_defaults.backfill.commands import ReconcileCommand


class Command(ReconcileCommand):
    feature = "products"
    steps = (CategoriesStep, ProductsStep)
