"""Backfill from the legacy shop and reconciliation with it: a Django app every service installs."""
