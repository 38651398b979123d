"""The command line's help and messages are written for users: what each command does, an
example, every argument explained; compare says which file is which and what the test says."""

from __future__ import annotations

import argparse
import json

import pytest
from newsgold.cli import build_parser, main
from newsgold.outputs.report import render_compare

from tests.conftest import FROZEN, ROOT

BASE = "submissions/baseline/predictions.jsonl"
SPACY = "submissions/spacy-en-core-web-sm/predictions.jsonl"


def help_of(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit):
        main([*argv, "--help"])
    return capsys.readouterr().out


def commands() -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def test_the_top_help_is_for_users(capsys) -> None:
    text = help_of(capsys)
    assert "parses arguments" not in text and ":mod:" not in text
    assert "examples:" in text and "newsgold score mine.jsonl" in text and "Exit status" in text


@pytest.mark.parametrize("name", sorted(commands()))
def test_each_command_says_what_it_does_with_an_example_and_explains_every_argument(name: str, capsys) -> None:
    parser = commands()[name]
    unexplained = [a.dest for a in parser._actions if not a.help and not isinstance(a, argparse._HelpAction)]
    assert unexplained == []
    text = help_of(capsys, name)
    assert f"example:\n  newsgold {name}" in text or "example:\n  newsgold score" in text
    assert ".py" not in text  # no pointers into the source


def test_score_help_lists_the_formats_and_modes(capsys) -> None:
    text = help_of(capsys, "score")
    assert "formats (--format" in text and "  bio-jsonl " in text and "entity modes (--modes" in text


def test_compare_names_both_systems_the_test_and_the_direction(capsys) -> None:
    assert main(["compare", "--root", str(FROZEN), BASE, SPACY, "--replicates", "300"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"A: {BASE}") and "strict F1 93.94" in lines[0]
    assert lines[1].startswith(f"B: {SPACY}") and "strict F1 85.27" in lines[1]
    assert lines[2].startswith("A - B: +8.67 points (95% interval")
    assert "paired bootstrap over sentences, 300 replicates, seed 0: A higher than B, one-sided p = " in lines[3]


def test_a_p_value_of_zero_is_said_as_a_bound() -> None:
    out = {"a": "x.jsonl", "b": "y.jsonl", "metric": "strict", "layer": "entities", "f1_a": 0.9, "f1_b": 0.5,
           "delta": 0.4, "p_value": 0.0, "delta_ci_low": 0.3, "delta_ci_high": 0.5, "replicates": 10000, "seed": 0}
    text = render_compare(out)
    assert "p < 0.0001" in text and "p = 0.0" not in text


def test_compare_shows_a_layer_a_system_does_not_predict_as_not_predicted(capsys) -> None:
    assert main(["compare", "--root", str(FROZEN), BASE, SPACY, "--metric", "trigger_classification", "--replicates", "50"]) == 0
    text = capsys.readouterr().out
    assert "trigger_classification F1 -  (not predicted)" in text and "0.00" not in text
    assert "no test: B predicts no events" in text
    assert main(["compare", "--root", str(FROZEN), BASE, SPACY, "--metric", "trigger_classification", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["f1_b"] is None and out["not_predicted"] == ["b"] and out["p_value"] is None
