"""Where the gold comes from: a repository, or a gold file of your own corpus.

``load_corpus`` takes a loaded :class:`~newsgold.gold.corpus.Corpus`, a repository root (a
folder with ``corpus/`` and ``annotations/``), or a JSON Lines gold file
(``gold.jsonl_gold``) or a CoNLL gold file (``gold.conll_gold``); None means the repository
holding the current directory.
"""

from __future__ import annotations

from pathlib import Path

from ..tables.lines import holds_json_lines
from .conll_gold import load_gold_conll
from .corpus import Corpus, load_repository
from .errors import NewsgoldError, incident
from .jsonl_gold import load_gold_jsonl
from .repo import Repo

GOLD_FILE_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")
CONLL_SUFFIXES = (".conll", ".conll03", ".bio", ".iob", ".iob2", ".bioes", ".tsv")
# What --gold takes, said once for the hints, the help and the README (a test holds them to it).
GOLD_FORMATS = (
    f"a repository folder, a JSON Lines gold file ({', '.join(GOLD_FILE_SUFFIXES)}) "
    f"or a CoNLL gold file ({', '.join(CONLL_SUFFIXES)})"
)


def load_corpus(source: Corpus | Repo | str | Path | None = None) -> Corpus:
    """The corpus ``source`` names, validated (a Corpus is returned as it is)."""
    if isinstance(source, Corpus):
        return source
    if source is None or isinstance(source, Repo):
        return load_repository(source)
    path = Path(source)
    if path.is_dir():
        return load_repository(path)
    if not path.exists():
        raise NewsgoldError(
            incident("NG002", str(path), message="no such gold file or repository", hint=f"give {GOLD_FORMATS}")
        )
    if path.suffix.lower() in GOLD_FILE_SUFFIXES:
        return load_gold_jsonl(path)
    if path.suffix.lower() in CONLL_SUFFIXES:
        if holds_json_lines(path):
            raise NewsgoldError(
                incident(
                    "NG607",
                    str(path),
                    message=f"a {path.suffix} file, read as CoNLL columns by its suffix, holds JSON Lines "
                    "(its first line is a JSON object)",
                    hint=f"rename it with a JSON Lines suffix ({', '.join(GOLD_FILE_SUFFIXES)})",
                )
            )
        return load_gold_conll(path)
    raise NewsgoldError(
        incident(
            "NG607",
            str(path),
            message=f"cannot tell what gold a {path.suffix or 'suffix-less'} file holds",
            hint=f"give {GOLD_FORMATS}; a .json file is one gold document of a repository, "
            "not a corpus: write one JSON object a line to a .jsonl file",
        )
    )
