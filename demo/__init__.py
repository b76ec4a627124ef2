"""The embedded demo: one command prepares every database and starts every process."""
