"""The article is stored verbatim and its metadata describes it."""

from __future__ import annotations

import hashlib
import json

from tests.conftest import DOC_ID

SHA256 = "f2dad364594b0b77f41c9cd7b52f76fdf842f544267a9ea53954b24a6d9f676a"


def test_article_is_byte_for_byte_the_seed(repo) -> None:
    raw = repo.text_path(DOC_ID).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == SHA256
    assert len(raw) == 2382
    text = raw.decode("utf-8")
    assert len(text) == 2372
    assert not text.endswith("\n")
    assert "“" in text and "’" in text


def test_metadata_matches_text(repo) -> None:
    meta = json.loads(repo.meta_path(DOC_ID).read_text(encoding="utf-8"))
    text = repo.text_path(DOC_ID).read_text(encoding="utf-8")
    assert meta["sha256"] == SHA256
    assert meta["year"] == 2010 and meta["dateline"]["date"] == "2010-02-18"
    lines = [text[s["start"] : s["end"]] for s in meta["sentences"]]
    assert lines == text.split("\n")
    dateline, body = meta["passages"]
    assert text[dateline["start"] : dateline["end"]] == "Washington, Feb 18 (Inditop.com/EFE)"
    assert body["start"] == dateline["end"] + 1 and body["end"] == len(text)


def test_inventories_hold_the_reference_sets(repo) -> None:
    assert len(repo.entity_type_names) == 18
    roles = repo.roles_by_subtype
    assert len(roles) == 33
    assert "Place" not in roles["Movement:Transport"] and "Place" in roles["Contact:Meet"]
    assert "Entity" in roles["Contact:Meet"] and "Time-Within" in roles["Contact:Meet"]
    assert len(repo.event_types["benchmark_roles"]) == 22
