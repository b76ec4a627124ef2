"""Subcommands of `strangler`, one module each (see strangler_cli.main)."""
