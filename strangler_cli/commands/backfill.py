"""`strangler backfill ...`: implemented in strangler_cli.backfill."""

from strangler_cli.backfill import HELP, add_arguments, run

__all__ = ["HELP", "add_arguments", "run"]
