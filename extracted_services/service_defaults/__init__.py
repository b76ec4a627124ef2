"""Defaults every extracted service shares: settings base, auth, health, errors, outbox wiring."""
