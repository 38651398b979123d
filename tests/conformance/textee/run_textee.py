"""Run TextEE's own end-to-end loader and scorer from a checkout of github.com/ej0cl6/TextEE
(``NEWSGOLD_TEXTEE=/path/to/TextEE``) on the inputs of tests/test_ace05e_export.py; and, as a
script, record what it gives in textee-scores.json (README.md says how). No TextEE code is kept
here: its functions are read from the checkout's files at run time."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import SimpleNamespace

HERE = Path(__file__).resolve().parent
RECORDED = HERE / "textee-scores.json"
SEEDS = (1, 2, 3)
SCORERS = [
    "compute_E2E_scores",
    "compute_E2E_trigger_id_score",
    "compute_E2E_trigger_cls_score",
    "compute_E2E_argument_id_score",
    "compute_E2E_argument_cls_score",
    "compute_E2E_argument_attached_id_score",
    "compute_E2E_argument_attached_cls_score",
    "safe_div",
    "compute_f1",
]


def textee(checkout: Path) -> SimpleNamespace:
    """``load_E2E_data`` (TextEE/utils.py) and the end-to-end scorer (TextEE/scorer.py); the
    files' own imports (torch, the models, ipdb) are not needed by these functions."""
    sys.path.insert(0, str(HERE.parent))
    from source import definitions

    folder = Path(checkout) / "TextEE"
    [load] = vars(definitions(folder / "utils.py", ["load_E2E_data"])).values()
    scorer = definitions(folder / "scorer.py", SCORERS)
    return SimpleNamespace(load_E2E_data=load, compute_E2E_scores=scorer.compute_E2E_scores)


def run(checkout: Path, export: list[dict], predict) -> dict:
    """TextEE on ``export`` (the ACE05-E TextEE export): the windows its loader makes and, per
    case, the predictions (``predict(golds, case)``) and its scores of them."""
    tool = textee(checkout)
    golds, _ = tool.load_E2E_data(json.loads(json.dumps(export)), lambda instances, data, config: instances, None)
    cases = {}
    for case in ["perfect", *map(str, SEEDS)]:
        predictions = predict(golds, case)
        cases[case] = {"predictions": predictions, "scores": tool.compute_E2E_scores(predictions, golds)}
    return json.loads(json.dumps({"export": export, "golds": golds, "cases": cases}))


def main(argv: list[str]) -> int:
    """``python tests/conformance/textee/run_textee.py /path/to/TextEE`` (from the repository
    root, in its virtual environment) rewrites textee-scores.json."""
    sys.path.insert(0, str(HERE.parents[2]))
    from tests.test_ace05e_export import export_objects, predictions_for

    recorded = run(Path(argv[0]), export_objects(), predictions_for)
    RECORDED.write_text(json.dumps(recorded, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
