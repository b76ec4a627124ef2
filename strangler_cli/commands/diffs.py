"""`strangler diffs FEATURE`: shadow mismatches grouped by field, with a sample each."""

from __future__ import annotations

import argparse

from strangler_cli.control_client import ControlClient

HELP = "show a feature's shadow mismatches grouped by field"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("feature", help="users, products or orders")


def run(args: argparse.Namespace) -> int:
    body = ControlClient().get(f"features/{args.feature}/diffs/")
    shadow = body["shadow"]
    rate = shadow["mismatch_rate"]
    print(
        f"{body['feature']}: {shadow['samples']} shadow comparisons, "
        f"mismatch rate {'-' if rate is None else f'{rate * 100:.1f}%'}, "
        f"{shadow['dropped']} dropped"
    )
    if not body["diffs"]:
        print("no mismatches recorded")
        return 0
    print(f"{'COUNT':>7}  {'FIELD':<30} {'ROUTE':<22} SAMPLE")
    for diff in body["diffs"]:
        sample = diff["sample"]
        print(
            f"{diff['count']:>7}  {diff['field']:<30} {diff['route']:<22} "
            f"{sample.get('path', '')}: legacy={sample.get('legacy')!r} new={sample.get('new')!r}"
        )
    return 0
