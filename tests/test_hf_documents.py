"""The Hugging Face files carry what their offsets index (the `documents` config), and the
README's dataset card stays short while `datasets` still reads every config from it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from newsgold.cli import main
from newsgold.gold.sources import load_corpus
from newsgold.outputs.export import HF_CONFIGS

from tests.conftest import FROZEN, ROOT

LOAD = """
import json, sys, datasets
out = {c: datasets.load_dataset(sys.argv[1], c, split="test", cache_dir=sys.argv[2]).to_list() for c in sys.argv[3:]}
print(json.dumps(out))
"""


def test_every_offset_of_spans_and_events_indexes_the_documents_text(tmp_path: Path, frozen_root: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(frozen_root, root)
    shutil.copy(ROOT / "README.md", root / "README.md")
    assert main(["regenerate", "--root", str(root)]) == 0  # data/ and the README's dataset card, as a user gets them
    env = {**os.environ, "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-c", LOAD, str(root), str(tmp_path / "cache"), "documents", "spans", "events"],
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    corpus = load_corpus(FROZEN)
    assert [d["doc_id"] for d in got["documents"]] == [doc.doc_id for doc, _ in corpus]
    text = {d["doc_id"]: d["text"] for d in got["documents"]}
    for d, (doc, _) in zip(got["documents"], corpus):
        assert d["text"] == doc.text and [(s["start"], s["end"]) for s in d["sentences"]] == [(s.start, s.end) for s in doc.sentences]
    assert got["spans"] and got["events"]
    for row in got["spans"]:
        assert text[row["doc_id"]][row["start"] : row["end"]] == row["text"]
    for row in got["events"]:
        assert text[row["doc_id"]][row["trigger_start"] : row["trigger_end"]] == row["trigger_text"]
        for a in row["arguments"]:
            assert text[row["doc_id"]][a["start"] : a["end"]] == a["text"]


def test_the_dataset_card_is_short_and_names_every_config() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    card = readme.split("---\n", 2)[1]
    assert len(card.splitlines()) <= 25  # the title is on the first screen
    assert readme.split("---\n", 2)[2].lstrip().startswith("# newsgold")
    for config in HF_CONFIGS:
        assert f'"config_name": "{config}"' in card
