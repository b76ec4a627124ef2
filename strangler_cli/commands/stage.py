"""`strangler stage FEATURE STAGE [--percent N] --reason TEXT [--force]`: move a feature."""

from __future__ import annotations

import argparse

from strangler_cli.control_client import ControlClient
from strangler_cli.errors import CliError
from strangler_proxy.stages import ORDER, StageError, check_percent, parse_stage

HELP = "move a feature to another stage (audited); canary needs --percent"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("feature", help="users, products or orders")
    parser.add_argument("stage", help=", ".join(s.value for s in ORDER))
    parser.add_argument("--percent", type=int, help="canary only: share of users, 0-100")
    parser.add_argument("--reason", required=True, help="why: kept in the audit log")
    parser.add_argument("--force", action="store_true", help="jump more than one stage")


def run(args: argparse.Namespace) -> int:
    # Checked here too, so a typo is answered before any request is made.
    try:
        check_percent(parse_stage(args.stage), args.percent)
    except StageError as exc:
        raise CliError(str(exc)) from None
    if not args.reason.strip():
        raise CliError("--reason must say why the stage changes")
    body = ControlClient().post(
        f"features/{args.feature}/stage/",
        {"stage": args.stage, "percent": args.percent, "reason": args.reason, "force": args.force},
    )
    print(describe(body))
    return 0


def describe(body: dict) -> str:
    audit = body["audit"]
    change = f"{audit['from_stage']} → {audit['to_stage']}"
    if audit["to_stage"] == "canary":
        change += f" {audit['to_percent']}%"
    pause = audit.get("write_pause_ms")
    paused = f" (writes held {pause} ms while ownership switched)" if pause is not None else ""
    return f"{body['feature']['name']}: {change}{paused}"
