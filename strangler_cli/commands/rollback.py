"""`strangler rollback FEATURE [--reason TEXT]`: back one stage, one command."""

from __future__ import annotations

import argparse

from strangler_cli.commands.stage import describe
from strangler_cli.control_client import ControlClient

HELP = "move a feature back one stage (always allowed; audited)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("feature", help="users, products or orders")
    parser.add_argument("--reason", default="", help="why: kept in the audit log")


def run(args: argparse.Namespace) -> int:
    body = ControlClient().post(f"features/{args.feature}/rollback/", {"reason": args.reason})
    print(describe(body))
    return 0
