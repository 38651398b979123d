"""The CoNLL readers split a file into lines a block of text at a time (no copy of the whole
text at four bytes a character): the lines are the ones a line-by-line reading of the file
gives, and what the readers read does not depend on where the blocks fall."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from newsgold.gold import conll_gold
from newsgold.gold.conll_gold import file_lines, load_gold_conll
from newsgold.gold.errors import NewsgoldError
from newsgold.readers.conll import read_conll

# line ends and the characters next to them that other line splitters treat as line breaks
PIECES = ["\n", "\r\n", "\r", "\u2028", "\x85", "\x0c", " ", "\t", "Obama", "B-PER", "", "-DOCSTART- d1"]


def by_lines(text: str) -> list[str]:
    """The lines a file of ``text`` gives, read line by line, without their line ends."""
    return [line[:-1] if line.endswith("\n") else line for line in io.StringIO(text)]


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(PIECES), max_size=30), block=st.integers(0, 12))
def test_the_lines_are_those_a_line_by_line_reading_gives(pieces: list[str], block: int) -> None:
    text = "".join(pieces)
    default = list(file_lines(text))
    assert default == by_lines(text)
    old = conll_gold._BLOCK
    conll_gold._BLOCK = block
    try:
        assert list(file_lines(text)) == default
    finally:
        conll_gold._BLOCK = old


GOLD = (
    "-DOCSTART- d1\n\nObama B-PER\nmet O\nCastro B-PER\n\nIn O\nHavana B-LOC\r\n\n"
    "-DOCSTART- d2\nThe O\nUN B-ORG\nmet O\n"
)
PREDICTIONS = (
    "# doc_id = d1\nObama\tB-PER\nmet\tO\n# a comment\nCastro\tI-PER\n\nIn\tO\nHavana\tB-LOC\n"
    "-DOCSTART- d2\nThe\tO\nUN\tB-ORG\nmet\tO"
)


def read_both(tmp_path: Path) -> tuple[list, list]:
    gold, pred = tmp_path / "gold.conll", tmp_path / "pred.conll"
    gold.write_text(GOLD, encoding="utf-8")
    pred.write_text(PREDICTIONS, encoding="utf-8")
    corpus = load_gold_conll(gold)
    predictions, warnings = read_conll(pred, corpus.documents)
    docs = [(d.doc_id, d.text, d.sentences, d.meta["tags"], g.entity_table) for d, g in corpus]
    read = [(p.doc_id, p.entities, p.tags.tags, list(p.tags.starts), list(p.tags.ends)) for p in predictions]
    return docs, read + [w.message for w in warnings]


@pytest.mark.parametrize("block", [1, 2, 7, 30])
def test_reading_does_not_depend_on_where_the_blocks_fall(tmp_path: Path, monkeypatch, block: int) -> None:
    docs, read = read_both(tmp_path)
    assert [d[1] for d in docs] == ["Obama met Castro\nIn Havana", "The UN met"]
    assert [(e.start, e.end, e.type, e.text) for e in read[0][1]] == [
        (0, 5, "PER", "Obama"),
        (10, 16, "PER", "Castro"),
        (20, 26, "LOC", "Havana"),
    ]
    monkeypatch.setattr(conll_gold, "_BLOCK", block)
    assert read_both(tmp_path) == (docs, read)


@pytest.mark.parametrize("block", [1, 5, 1 << 20])
def test_an_error_names_the_same_line_wherever_the_blocks_fall(tmp_path: Path, monkeypatch, block: int) -> None:
    monkeypatch.setattr(conll_gold, "_BLOCK", block)
    gold = tmp_path / "gold.conll"
    gold.write_text("-DOCSTART- d1\nObama B-PER\n\nmet\nCastro B-PER\n", encoding="utf-8")
    with pytest.raises(NewsgoldError) as raised:
        load_gold_conll(gold)
    assert [(i.code, i.line) for i in raised.value.incidents] == [("NG201", 4)]
    pred = tmp_path / "pred.conll"
    pred.write_text("Obama\tB-PER\n\n# note\nmet O\n", encoding="utf-8")
    ok = tmp_path / "ok.conll"
    ok.write_text("-DOCSTART- d1\nObama B-PER\nmet O\n", encoding="utf-8")
    documents = load_gold_conll(ok).documents
    with pytest.raises(NewsgoldError) as raised:
        read_conll(pred, documents)
    assert [(i.code, i.line) for i in raised.value.incidents] == [("NG625", 4)]

