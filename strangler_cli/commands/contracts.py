"""`strangler contracts ...`: contract checks, implemented in strangler_cli.contracts."""

from strangler_cli.contracts import HELP, add_arguments, run

__all__ = ["HELP", "add_arguments", "run"]
