"""`strangler status`: every feature with stage, traffic split, error and mismatch rates."""

from __future__ import annotations

import argparse
import json
from typing import Any

from strangler_cli.control_client import ControlClient

HELP = "show every feature's stage, traffic split, error rate and shadow mismatch rate"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the raw JSON")


def run(args: argparse.Namespace) -> int:
    features = ControlClient().get("features/")["features"]
    if args.json:
        print(json.dumps(features, indent=2))
        return 0
    print(
        f"{'FEATURE':<10} {'STAGE':<14} {'TO NEW':>7} {'ERRORS':>7} {'SHADOW':>8} {'MISMATCH':>9}"
    )
    for feature in features:
        print(_row(feature))
    return 0


def _row(feature: dict[str, Any]) -> str:
    stage = feature["stage"]
    if stage == "canary":
        stage = f"canary {feature['percent']}%"
    if feature["write_hold"]:
        stage += " (held)"
    return (
        f"{feature['name']:<10} {stage:<14} {_pct(feature['traffic']['new_share']):>7} "
        f"{_pct(feature['error_rate']):>7} {feature['shadow']['samples']:>8} "
        f"{_pct(feature['shadow']['mismatch_rate']):>9}"
    )


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"
