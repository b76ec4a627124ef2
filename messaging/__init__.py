"""Reliable messaging for Django: transactional outbox, confirmed relay, idempotent inbox."""
