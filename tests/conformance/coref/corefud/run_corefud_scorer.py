"""Run the CorefUD scorer's reader and evaluator from a checkout of github.com/ufal/corefud-scorer
(``NEWSGOLD_COREFUD_SCORER=/path/to/it``) on the seeded random CorefUD files of
tests/test_coref_match.py, and read its counts; as a script, record them in
corefud-scorer.json (README.md says how). No code of the scorer is kept here: it runs from the
checkout, as a separate Python process that needs udapi (the scorer's own requirement)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
RECORDED = HERE / "corefud-scorer.json"
MATCHES = ("exact", "head", "partial")
SINGLETONS = ("keep", "drop")

# This project's driver: the scorer's own reader and evaluator, as corefud-scorer.py calls them
# (its arguments turned into the UA scorer's by corefud_to_ua_args), asked for the counts of
# every metric (recall numerator, denominator, precision numerator, denominator), summed over
# the documents, instead of the printed percentages.
DRIVER = r"""
import importlib, json, sys
sys.path.insert(0, sys.argv[1])
ua = importlib.import_module("ua-scorer")
cud = importlib.import_module("corefud-scorer")
from scorer.corefud.reader import CorefUDReader
from scorer.eval import evaluator
key, response, match, singletons = sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5] == "keep"
args = cud.corefud_to_ua_args({"key_file": key, "sys_file": response, "metrics": ["all"], "match": match,
                                "exact_match": False, "keep_singletons": singletons, "zero_match_method": "linear"})
reader = CorefUDReader(**args)
reader.get_coref_infos(key, response)
out = {}
for name, metric in [("muc", evaluator.muc), ("b_cubed", evaluator.b_cubed), ("ceafm", evaluator.ceafm),
                     ("ceafe", evaluator.ceafe), ("lea", evaluator.lea), ("blanc_coref", evaluator.blancc),
                     ("blanc_non_coref", evaluator.blancn)]:
    e = evaluator.Evaluator(metric)
    for doc in reader.doc_coref_infos:
        e.update(reader.doc_coref_infos[doc])
    out[name] = list(e.get_counts())
print(json.dumps(out))
"""


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def run(checkout: Path, key: Path, response: Path, match: str, singletons: str) -> dict[str, list[float]]:
    """The scorer's counts per metric for one key and response file (``match`` exact, head or
    partial; ``singletons`` keep or drop)."""
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, str(checkout), str(key), str(response), match, singletons],
        capture_output=True,
        text=True,
        check=True,
        cwd=checkout,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def record(checkout: Path, files: dict[int, tuple[str, str]]) -> list[dict]:
    """Every seed's (key text, response text) through the scorer, by each matching, singletons
    kept and dropped: the files' hashes and the counts."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed, (key_text, response_text) in files.items():
            key, response = Path(tmp) / f"key{seed}.conllu", Path(tmp) / f"response{seed}.conllu"
            key.write_text(key_text, encoding="utf-8")
            response.write_text(response_text, encoding="utf-8")
            for match in MATCHES:
                for singletons in SINGLETONS:
                    out.append(
                        {
                            "seed": seed,
                            "match": match,
                            "singletons": singletons,
                            "key_sha256": sha256(key_text),
                            "response_sha256": sha256(response_text),
                            "counts": run(checkout, key, response, match, singletons),
                        }
                    )
    return out


def main(argv: list[str]) -> int:
    """``python tests/conformance/coref/corefud/run_corefud_scorer.py /path/to/corefud-scorer`` (from the
    repository root, in a virtual environment with the scorer's requirements) rewrites
    corefud-scorer.json."""
    sys.path.insert(0, str(ROOT))
    from tests.test_coref_match import random_files

    cases = record(Path(argv[0]), random_files())
    text = "[\n" + ",\n".join(json.dumps(c, separators=(",", ":")) for c in cases) + "\n]\n"  # a case a line
    RECORDED.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
