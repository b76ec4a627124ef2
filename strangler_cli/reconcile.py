"""`strangler reconcile users|products|orders`: compare a feature's service with the legacy rows.

Runs the service's `reconcile_with_legacy` (see docs/backfill.md): counts and per-row checksums
in the legacy vocabulary; prints each difference with its ids; exit code 1 when there is any.
"""

from __future__ import annotations

import argparse

from extracted_services.service_defaults.argtypes import count, positive_int
from strangler_cli.service_manage import add_feature_argument, run_service_command

HELP = "compare a feature's service with the legacy database; exit 1 on any difference"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_feature_argument(parser)
    parser.add_argument(
        "--batch-size", type=positive_int, help="legacy rows per batch (default: 1000)"
    )
    parser.add_argument(
        "--show",
        type=count,
        help="ids to print per kind of difference (default: 20; 0 prints every one)",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def run(args: argparse.Namespace) -> int:
    arguments = []
    if args.batch_size is not None:
        arguments += ["--batch-size", str(args.batch_size)]
    if args.show is not None:
        arguments += ["--show", str(args.show)]
    if args.json:
        arguments.append("--json")
    return run_service_command(
        feature=args.feature,
        command="reconcile_with_legacy",
        arguments=arguments,
        settings=args.settings,
    )
