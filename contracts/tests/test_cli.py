"""`strangler contracts can-i-deploy SERVICE`: the answer, its reasons, and the exit code."""

from pathlib import Path

import pytest

from strangler_cli.contracts import main


def test_no_results_is_a_no_with_what_to_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["can-i-deploy", "mobile_app", "--results-dir", str(tmp_path), "--branch", "main"])

    assert code == 1
    out = capsys.readouterr().out
    assert out.startswith("can-i-deploy mobile_app: no\n")
    assert (
        "✘ mobile_app → legacy_monolith: no verification results for legacy_monolith in the tree; "
        "run `make contracts`"
    ) in out


def test_a_name_in_no_pair_is_a_usage_error_listing_the_known_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["can-i-deploy", "warehouse", "--results-dir", str(tmp_path)])

    assert code == 2
    err = capsys.readouterr().err
    assert "'warehouse' is in no pair of expected_pairs.toml; known:" in err
    assert "legacy_monolith" in err and "mobile_app" in err


def test_the_command_is_registered_with_strangler(capsys: pytest.CaptureFixture[str]) -> None:
    from strangler_cli.main import main as strangler

    with pytest.raises(SystemExit):
        strangler(["contracts", "--help"])

    assert "can-i-deploy" in capsys.readouterr().out
