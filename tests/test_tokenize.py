from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from newsgold.gold.spans import Span
from newsgold.gold.tokenize import TokenIndex, tokenize


def words(text: str) -> list[str]:
    return [text[t.start : t.end] for t in tokenize(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("communist-ruled", ["communist", "-", "ruled"]),
        ("Obama’s", ["Obama", "’s"]),
        ("Obama's", ["Obama", "'s"]),
        ("Inditop.com/EFE", ["Inditop.com", "/", "EFE"]),
        ("Cuban-Americans’ travel", ["Cuban", "-", "Americans", "’", "travel"]),
        ("47-year-old", ["47", "-", "year", "-", "old"]),
        ("the early 1960s,", ["the", "early", "1960s", ","]),
        ("“The talks,” he said.", ["“", "The", "talks", ",", "”", "he", "said", "."]),
        ("in Havana.", ["in", "Havana", "."]),
        ("the U.S. and 2,382 bytes", ["the", "U.S.", "and", "2,382", "bytes"]),
        ("didn’t", ["did", "n’t"]),
        ("", []),
    ],
)
def test_splits(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_article_tokens_cover_every_non_space_character(article_text: str) -> None:
    tokens = words(article_text)
    assert "".join(tokens) == "".join(article_text.split())
    for needle in (["Inditop.com", "/", "EFE"], ["Obama", "’s"], ["communist", "-", "ruled"], ["Americans", "’"]):
        assert any(tokens[i : i + len(needle)] == needle for i in range(len(tokens))), needle


@given(st.text())
def test_tokens_are_ordered_disjoint_and_non_space(text: str) -> None:
    tokens = tokenize(text)
    assert all(a.end <= b.start for a, b in zip(tokens, tokens[1:]))
    assert all(not text[t.start : t.end].isspace() for t in tokens)
    assert "".join(text[t.start : t.end] for t in tokens) == "".join(text.split())


def test_token_index_boundaries() -> None:
    text = "Barack Obama’s administration"
    index = TokenIndex.of_text(text)
    boundaries = [i for i in range(len(text) + 1) if index.is_boundary(i)]
    assert boundaries == [0, 6, 7, 12, 14, 15, 29]
    assert index.token_range(Span(0, 12)) == (0, 2)
    assert index.token_range(Span(1, 12)) is None
    assert index.covering_range(Span(1, 13)) == (0, 3)


def test_token_index_from_offsets_answers_as_from_tokens(article_text: str) -> None:
    from_text, from_tokens = TokenIndex.of_text(article_text), TokenIndex.of_tokens(tokenize(article_text))
    n = len(article_text)
    assert [from_text.is_boundary(i) for i in range(n + 1)] == [from_tokens.is_boundary(i) for i in range(n + 1)]
    spans = [Span(a, b) for a in range(0, n, 7) for b in range(a + 1, min(n, a + 40))]
    assert [from_text.token_range(s) for s in spans] == [from_tokens.token_range(s) for s in spans]
    assert [from_text.covering_range(s) for s in spans] == [from_tokens.covering_range(s) for s in spans]
    assert sum(from_text.is_boundary(i) for i in range(n + 1)) > len(tokenize(article_text))
