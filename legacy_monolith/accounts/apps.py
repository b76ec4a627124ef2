from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "legacy_monolith.accounts"
    label = "accounts"
    verbose_name = "Customers"

    def ready(self) -> None:
        from legacy_monolith.events.auth_user import record_user_changes
        from legacy_monolith.events.feeds import CUSTOMER_FEEDS
        from messaging.changes import register_feed

        # Every write to a customer (auth_user, tbl_customer_profile) records its event.
        record_user_changes()
        for feed in CUSTOMER_FEEDS:
            register_feed(feed)
