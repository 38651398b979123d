"""Run the CoNLL-2012 reference coreference scorer (``scorer.pl``) from a checkout of
github.com/conll/reference-coreference-scorers (``NEWSGOLD_COREF_SCORER=/path/to/it``) on the
inputs of tests/test_coref.py and tests/test_coref_formats.py, and read what it prints; as a
script, record its outputs in scorer-test-cases.json, scorer-random.json.gz and scorer-tools.json
(README.md says how). No code of the scorer is
kept here: it runs from the checkout, through the machine's perl."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
DATA = HERE / "DataFiles"
CASES = HERE / "scorer-test-cases.json"
RANDOM = HERE / "scorer-random.json.gz"
TOOLS = HERE / "scorer-tools.json"
TOOLS_PAIR = (HERE.parent / "tools" / "key.v4_conll", HERE.parent / "tools" / "response.v4_conll")
METRICS = ("muc", "bcub", "ceafm", "ceafe", "blanc")
RPF = re.compile(r"Recall: \((\S+) / (\S+)\).*?Precision: \((\S+) / (\S+)\)")
TOTALS = ("Identification of Mentions", "Coreference", "Coreference links", "Non-coreference links", "BLANC")


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse(stdout: str, metric: str) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """What the scorer prints: each document's (recall num, den, precision num, den) and the totals.

    Per document it prints the metric's figures (not BLANC's) and its mention counts; the totals
    close the output."""
    per_doc: dict[str, list[str]] = {}
    totals: dict[str, list[str]] = {}
    doc = None
    counts: dict[str, str] = {}
    for line in stdout.splitlines():
        if re.fullmatch(r"d\d+:", line):
            doc, counts = line[:-1], {}
        elif doc and (
            m := re.match(
                r"(Total key mentions|Total response mentions|Strictly correct identified mentions): (\d+)", line
            )
        ):
            counts[m.group(1)] = m.group(2)
            if len(counts) == 3:
                found = counts["Strictly correct identified mentions"]
                per_doc[f"{doc} mentions"] = [
                    found,
                    counts["Total key mentions"],
                    found,
                    counts["Total response mentions"],
                ]
        elif doc and line.startswith("Recall: (") and f"{doc} {metric}" not in per_doc:
            per_doc[f"{doc} {metric}"] = list(RPF.match(line).groups())  # type: ignore[union-attr]
        for label in TOTALS:
            if line.startswith(f"{label}: Recall"):
                totals[label] = list(RPF.search(line).groups())  # type: ignore[union-attr]
    if "Coreference" not in totals and "BLANC" not in totals:
        raise RuntimeError(f"the scorer printed no totals:\n{stdout[-2000:]}")
    return per_doc, totals


def run(checkout: Path, metric: str, key: Path, response: Path) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """``perl scorer.pl METRIC KEY RESPONSE``, read. PERL_HASH_SEED fixes the order it walks
    documents in, so runs repeat."""
    perl = shutil.which("perl")
    if perl is None:
        raise RuntimeError("the reference scorer runs on perl, which this machine lacks")
    env = {**os.environ, "PERL_HASH_SEED": "0", "PERL_PERTURB_KEYS": "0"}
    done = subprocess.run(
        [perl, str(checkout / "scorer.pl"), metric, str(key), str(response)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return parse(done.stdout, metric)


def case_files(case: str) -> tuple[Path, Path]:
    return DATA / f"{case.rsplit('-', 1)[0]}.key", DATA / f"{case}.response"


def test_cases(checkout: Path, cases: list[str], folder: Path) -> dict:
    """Every case of TestCases.README through the scorer: per metric but BLANC, each case's
    figures and mention counts, cases batched as documents ``dNNNN`` of one run (the scorer stops
    at more than ten duplicate mentions a run; TC-A-9 alone has nine, so it runs alone); BLANC,
    which prints totals only, one case a run."""
    out: dict[str, dict[str, list[str]]] = {c: {} for c in cases}
    batches = [[c for c in cases if c != "TC-A-9"], ["TC-A-9"]]
    for n, batch in enumerate(batches):
        key_file, response_file = folder / f"{n}.key", folder / f"{n}.response"
        for path, part in ((key_file, 0), (response_file, 1)):
            path.write_text(
                "".join(
                    re.sub(
                        r"#begin document .*",
                        f"#begin document d{i:04d}",
                        case_files(c)[part].read_text(encoding="utf-8"),
                    )
                    for i, c in enumerate(batch)
                ),
                encoding="utf-8",
            )
        for metric in METRICS[:-1]:
            per_doc, _ = run(checkout, metric, key_file, response_file)
            for i, c in enumerate(batch):
                out[c][metric] = per_doc[f"d{i:04d} {metric}"]
                out[c][f"mentions ({metric} run)"] = per_doc[f"d{i:04d} mentions"]
    for case in cases:
        _, totals = run(checkout, "blanc", *case_files(case))
        out[case]["blanc coref"] = totals["Coreference links"]
        out[case]["blanc non_coref"] = totals["Non-coreference links"]
    return out


def random_files(checkout: Path, files: list[tuple[str, str]], folder: Path) -> list[dict]:
    """Each (key text, response text) CoNLL file pair through the scorer, once per metric:
    the files' hashes, and per metric what it prints per document and in total."""
    jobs = []
    for f, (key_text, response_text) in enumerate(files):
        key, response = folder / f"{f}.key", folder / f"{f}.response"
        key.write_text(key_text, encoding="utf-8")
        response.write_text(response_text, encoding="utf-8")
        jobs += [(f, metric, key, response) for metric in METRICS]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        runs = list(pool.map(lambda job: (job, run(checkout, *job[1:])), jobs))
    out = [{"key_sha256": sha256(k), "response_sha256": sha256(r), "runs": {}} for k, r in files]
    for (f, metric, _, _), (per_doc, totals) in runs:
        out[f]["runs"][metric] = {"per_doc": per_doc, "totals": totals}
    return out


def tools_pair(checkout: Path) -> dict:
    """The key and response of tests/conformance/coref/tools/ through the scorer: their hashes,
    and per metric the totals it prints."""
    key, response = TOOLS_PAIR
    out: dict = {"key_sha256": sha256(key.read_text(encoding="utf-8"))}
    out["response_sha256"] = sha256(response.read_text(encoding="utf-8"))
    for metric in METRICS:
        out[metric] = run(checkout, metric, key, response)[1]
    return out


def record(checkout: Path, cases: list[str], files: list[tuple[str, str]]) -> tuple[dict, list[dict], dict]:
    with tempfile.TemporaryDirectory() as tmp:
        return (
            test_cases(checkout, cases, Path(tmp)),
            random_files(checkout, files, Path(tmp)),
            tools_pair(checkout),
        )


def main(argv: list[str]) -> int:
    """``python tests/conformance/coref/conll2012/run_reference_scorer.py /path/to/reference-coreference-scorers``
    (from the repository root, in its virtual environment) rewrites both recordings."""
    sys.path.insert(0, str(ROOT))
    from tests.test_coref import CASES as TABLE
    from tests.test_coref import random_files as inputs

    cases, outputs, tools = record(Path(argv[0]), sorted(TABLE), inputs())
    CASES.write_text(json.dumps(cases, sort_keys=True, indent=1) + "\n", encoding="utf-8")
    TOOLS.write_text(json.dumps(tools, sort_keys=True, indent=1) + "\n", encoding="utf-8")
    with gzip.GzipFile(RANDOM, "wb", mtime=0) as out:
        out.write((json.dumps(outputs, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
