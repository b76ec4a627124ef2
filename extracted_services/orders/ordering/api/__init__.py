"""The orders API under /api/v1/: place, list, detail, cancel, ship, deliver, link a legacy id."""
