"""`make contracts`: the consumer, provider and openapi stages and can-i-deploy, in that order.

    python contracts/run.py                      # every stage; exit 1 on any failure
    python contracts/run.py consumer [--update]  # pacts into a clean folder, diff against committed
    python contracts/run.py provider [--provider NAME ...]
    python contracts/run.py openapi [--service NAME ...] [--examples N]
    python contracts/run.py can-i-deploy [SERVICE ...]

Each stage runs in its own process tree, so pacts are never generated and verified in one run.
"""

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from contracts.branch import current_branch
from contracts.can_i_deploy import UnknownService, can_i_deploy
from contracts.catalogue import CatalogueError, catalogue_problems, catalogue_types, registries_read
from contracts.config import ConfigError, ContractsConfig, load_config
from contracts.consumer_stage import consumer_stage
from contracts.openapi_stage import openapi_stage
from contracts.provider_stage import provider_stage
from contracts.results import RESULTS_DIR


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        config = load_config()
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    stages = (
        ["consumer", "provider", "openapi", "can-i-deploy"] if args.stage == "all" else [args.stage]
    )
    for stage in stages:
        _banner(stage)
        try:
            ok = _run(stage, config, args)
        except (UnknownService, ValueError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        if not ok:
            print(f"\ncontracts: the {stage} stage FAILED", file=sys.stderr)
            return 1
    print("\ncontracts: all stages passed")
    return 0


def _run(stage: str, config: ContractsConfig, args: argparse.Namespace) -> bool:
    branch = current_branch()
    if stage == "consumer":
        outcome = consumer_stage(config, update=getattr(args, "update", False))
        problems = outcome.problems + _catalogue_problems(config)
        for problem in problems:
            print(f"  - {problem}")
        return not problems
    if stage == "provider":
        outcomes = provider_stage(
            config, branch=branch, providers=getattr(args, "provider", None) or None
        )
        return all(o.success for o in outcomes)
    if stage == "openapi":
        return openapi_stage(
            config,
            services=getattr(args, "service", None) or None,
            examples=getattr(args, "examples", None),
        )
    services = getattr(args, "services", None) or config.participants()
    decisions = [
        can_i_deploy(s, config=config, branch=branch, results_dir=RESULTS_DIR) for s in services
    ]
    for decision in decisions:
        print(decision.report())
    return all(d.deployable for d in decisions)


def _catalogue_problems(config: ContractsConfig) -> list[str]:
    """The message pairs against the event registries and docs/events.md (catalogue.py)."""
    try:
        problems = catalogue_problems(config, registries_read(config), catalogue_types())
    except CatalogueError as exc:
        return [str(exc)]
    if not problems:
        print("event catalogue: every event type has its message pairs or a reason it has none")
    return problems


def _banner(stage: str) -> None:
    print(f"\n==================== contracts: {stage} stage ====================", flush=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="contracts/run.py", description=__doc__.split("\n")[0])
    stages = parser.add_subparsers(dest="stage")
    consumer = stages.add_parser("consumer", help="run consumer tests; fail on drift")
    consumer.add_argument(
        "--update", action="store_true", help="write the generated pacts over the committed ones"
    )
    provider = stages.add_parser("provider", help="verify pacts against their providers")
    provider.add_argument("--provider", action="append", help="only this provider (repeatable)")
    openapi = stages.add_parser("openapi", help="check each service against its OpenAPI schema")
    openapi.add_argument("--service", action="append", help="only this service (repeatable)")
    openapi.add_argument("--examples", type=int, help="generated cases per operation (default 10)")
    deploy = stages.add_parser("can-i-deploy", help="answer from the pacts and results in the tree")
    deploy.add_argument("services", nargs="*", help="providers or consumers (default: all)")
    parser.set_defaults(stage="all")
    return parser


if __name__ == "__main__":
    sys.exit(main())
