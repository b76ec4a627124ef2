from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "legacy_monolith.catalogue"
    label = "catalogue"
    verbose_name = "Catalogue"

    def ready(self) -> None:
        from legacy_monolith.events.feeds import CATALOGUE_FEEDS
        from messaging.changes import register_feed

        # Every write to tbl_category and tbl_product records its event.
        for feed in CATALOGUE_FEEDS:
            register_feed(feed)
