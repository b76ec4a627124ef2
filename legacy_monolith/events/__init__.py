"""The legacy shop's change-data-capture feed: event types, payloads and the tables' change feeds."""
