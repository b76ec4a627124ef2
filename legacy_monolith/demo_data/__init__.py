"""Realistic, deterministic demo data for the legacy shop: the `seed` management command."""
