from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "legacy_monolith.orders"
    label = "orders"
    verbose_name = "Orders"

    def ready(self) -> None:
        from legacy_monolith.events.feeds import ORDER_FEEDS
        from messaging.changes import register_feed

        # Every write to tbl_order and tbl_order_line records the order's event.
        for feed in ORDER_FEEDS:
            register_feed(feed)
