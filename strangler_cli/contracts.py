"""`strangler contracts can-i-deploy SERVICE`: yes or no, with reasons, from the repository alone.

Reads contracts/expected_pairs.toml, the committed pacts and the provider stage's results under
contracts/results/ (`make contracts` writes them); asks no server. Exit 0 for yes, 1 for no,
2 for a name that is in no pair.

    python -m strangler_cli.contracts can-i-deploy legacy_monolith
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from contracts.branch import current_branch
from contracts.can_i_deploy import UnknownService, can_i_deploy
from contracts.config import ConfigError, load_config
from contracts.results import RESULTS_DIR
from strangler_cli.errors import CliError

HELP = "contract checks: can-i-deploy SERVICE answers from the pacts and results in the tree"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    deploy = actions.add_parser(
        "can-i-deploy",
        help="may SERVICE be deployed: every pact it is in verified against current code",
        description="Answer yes or no, with reasons, from the pacts and results in the tree.",
    )
    deploy.add_argument("service", help="a provider or consumer named in expected_pairs.toml")
    deploy.add_argument(
        "--results-dir",
        type=Path,
        default=RESULTS_DIR,
        help="where the provider stage wrote its results (default: contracts/results)",
    )
    deploy.add_argument(
        "--branch",
        default=None,
        help="judge as on this branch (default: CONTRACTS_BRANCH or git's current branch)",
    )


def run(args: argparse.Namespace) -> int:
    try:
        config = load_config()
        decision = can_i_deploy(
            args.service,
            config=config,
            branch=args.branch or current_branch(),
            results_dir=args.results_dir,
        )
    except (ConfigError, UnknownService) as exc:
        raise CliError(str(exc)) from None
    print(decision.report())
    return 0 if decision.deployable else 1


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m strangler_cli.contracts ...`, the same command without the `strangler` entry point."""
    parser = argparse.ArgumentParser(prog="strangler contracts", description=HELP)
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        return run(args)
    except CliError as exc:
        print(f"strangler contracts: {exc}", file=sys.stderr)
        return exc.exit_code


if __name__ == "__main__":
    sys.exit(main())
