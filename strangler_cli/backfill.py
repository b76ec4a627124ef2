"""`strangler backfill users|products|orders`: copy a feature's legacy rows into its service.

Runs the service's `backfill_from_legacy` (see docs/backfill.md): batched, resumable from the
checkpoint in the service's database, idempotent, with a progress bar.
"""

from __future__ import annotations

import argparse

from extracted_services.service_defaults.argtypes import positive_int, seconds
from strangler_cli.service_manage import add_feature_argument, run_service_command

HELP = "copy a feature's rows from the legacy database into its service (resumable)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_feature_argument(parser)
    parser.add_argument(
        "--batch-size", type=positive_int, help="legacy rows per batch (default: 1000)"
    )
    parser.add_argument(
        "--restart",
        action="store_true",
        help="forget the checkpoints and make a new full pass (rows already there are skipped)",
    )
    parser.add_argument(
        "--pause", type=seconds, help="seconds to wait between batches (go easy on a busy shop)"
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


def run(args: argparse.Namespace) -> int:
    arguments = []
    if args.batch_size is not None:
        arguments += ["--batch-size", str(args.batch_size)]
    if args.pause is not None:
        arguments += ["--pause", str(args.pause)]
    if args.restart:
        arguments.append("--restart")
    if args.no_progress:
        arguments.append("--no-progress")
    return run_service_command(
        feature=args.feature,
        command="backfill_from_legacy",
        arguments=arguments,
        settings=args.settings,
    )
