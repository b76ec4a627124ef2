"""Consumers whose pacts this repository keeps: clients written the way their real callers are."""
