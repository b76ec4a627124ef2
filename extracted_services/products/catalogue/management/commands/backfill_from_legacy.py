"""`manage.py backfill_from_legacy`: copy the legacy shop's categories, then its products, here."""

from extracted_services.products.catalogue.backfill import CategoriesStep, ProductsStep
from extracted_services.service_defaults.backfill.commands import BackfillCommand


class Command(BackfillCommand):
    feature = "products"
    # A product names its category: categories first.
    steps = (CategoriesStep, ProductsStep)
