"""`strangler reconcile ...`: implemented in strangler_cli.reconcile."""

from strangler_cli.reconcile import HELP, add_arguments, run

__all__ = ["HELP", "add_arguments", "run"]
