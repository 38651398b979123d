"""One catalog of coded incidents, and the error that carries them.

Every problem newsgold reports has a code from ``CATALOG``: its level (what kind of check
found it), a short title and a default hint saying how to fix it. Validators *return*
incidents; code that cannot go on *raises* :class:`NewsgoldError` with them, and the CLI
prints them without a traceback.

>>> i = incident("NG302", "gold.json", pointer="/entities/0/text", message="'Cuba' != 'Cub'")
>>> i.render()
"gold.json#/entities/0/text: error NG302 [L3 offsets] 'Cuba' != 'Cub' (hint: ...)"
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

from ..escape import MAX_SHOWN, shown, text_cell

Severity = Literal["error", "warning"]

LEVELS = {
    0: "usage",
    1: "files",
    2: "schema",
    3: "offsets",
    4: "references",
    5: "consistency",
    6: "predictions",
}

# code: (level, title, default hint)
CATALOG: dict[str, tuple[int, str, str]] = {
    "NG001": (0, "no repository found", "run inside a newsgold checkout or pass --root DIR"),
    "NG002": (0, "path not found", "check the path"),
    "NG003": (0, "invalid option combination", "see `newsgold COMMAND --help`"),
    "NG101": (1, "file is not UTF-8", "re-save the file as UTF-8 (without BOM)"),
    "NG102": (1, "file starts with a UTF-8 BOM", "re-save the file as UTF-8 without BOM"),
    "NG103": (1, "malformed JSON", "fix the JSON syntax at the line and column given"),
    "NG104": (
        1,
        "text sha256 does not match",
        "the corpus text is never edited; if it was, restore it, otherwise update text_sha256",
    ),
    "NG105": (1, "document file missing", "add the corpus text and its .meta.json, or fix doc_id"),
    "NG106": (1, "file name does not match doc_id", "name the file <doc_id>.json (or .txt/.meta.json)"),
    "NG201": (2, "schema violation", "see annotations/schema/ for the expected shape"),
    "NG301": (
        3,
        "offsets out of range",
        "offsets are code points, half-open [start, end), 0 <= start < end <= len(text)",
    ),
    "NG302": (3, "text does not equal the slice", "set `text` to text[start:end] or fix the offsets"),
    "NG303": (
        3,
        "span edge not on a token boundary",
        "move the edge to a token boundary (see `newsgold tokens DOC_ID`)",
    ),
    "NG304": (3, "head outside its span", "the head must lie inside [start, end)"),
    "NG305": (
        3,
        "sentences or passages do not tile the text",
        "regenerate offsets; they must be sorted, non-overlapping and in range",
    ),
    "NG306": (
        3,
        "span crosses a sentence boundary",
        "a span lies inside one sentence: fix its offsets, "
        "or the sentence split in the document's metadata if that is wrong",
    ),
    "NG401": (4, "unknown entity type", "use a type from annotations/inventories/entity-types.json"),
    "NG402": (4, "unknown event subtype", "use a subtype from annotations/inventories/event-types.json"),
    "NG403": (
        4,
        "role not allowed for this subtype",
        "use a role the subtype allows (annotations/inventories/event-types.json)",
    ),
    "NG404": (4, "unknown attribute value", "use a value from annotations/inventories/event-attributes.json"),
    "NG405": (
        4,
        "argument refers to no entity or mention",
        "point `ref` at an existing entity (T..) or mention (M..) id",
    ),
    "NG406": (4, "argument outside the trigger's sentence", "arguments must be in the same sentence as the trigger"),
    "NG407": (
        4,
        "TIMEX value missing or malformed",
        "DATE and TIME entities carry a TIMEX3 value (2010-02-18, 2010-W07, P2W, ...)",
    ),
    "NG408": (4, "level not allowed in this layer", "entities take NAM or VAL; mentions take NOM or PRO"),
    "NG409": (
        4,
        "argument's entity type cannot fill its role",
        "point `ref` at a mention of a type the role takes, or use the role the filler plays "
        "(ACE 2005 role table: annotations/GUIDELINES.md 6.3)",
    ),
    "NG501": (5, "duplicate id", "ids are unique within a document"),
    "NG502": (
        5,
        "overlapping entities in the flat layer",
        "the flat layer has no overlaps; move nested names to `mentions` or drop one",
    ),
    "NG503": (5, "duplicate annotation", "remove the repeated annotation"),
    "NG504": (5, "dataset version mismatch", "gold dataset_version must equal the corpus metadata's"),
    "NG505": (5, "document given twice", "give each document on one line only"),
    "NG601": (6, "empty predictions file", "give one JSON object per line, one line per document"),
    "NG602": (
        6,
        "unknown doc_id",
        "predict only documents of the gold scored against, by their doc_id",
    ),
    "NG603": (6, "document predicted twice", "give each document on one line only"),
    "NG604": (6, "unknown predicted label", 'map it with --label-map FILE.json, e.g. {"PLACE": "LOC"}'),
    "NG605": (
        6,
        "overlapping or duplicate predictions",
        "scores stay defined; each gold entity matches at most one prediction",
    ),
    "NG606": (6, "CRLF line ends", "convert the file to LF line ends"),
    "NG607": (6, "format not recognised", "pass --format (see `newsgold score --help`)"),
    "NG608": (6, "text could not be aligned", "give offsets, or text that occurs in the document"),
    "NG610": (
        0,
        "optional dependency missing",
        "install the extra named in the message, e.g. pip install 'newsgold[spacy]'",
    ),
    "NG611": (
        0,
        "model could not be loaded",
        "pass a local folder or an installed package name; nothing is downloaded at run time",
    ),
    "NG612": (6, "import file not understood", "check the file against the format named in the message"),
    "NG640": (
        6,
        "failed prediction",
        "the tool wrote the document back without predictions (DyGIE++: out of GPU memory); "
        "it is scored as predicting nothing: rerun the tool on it",
    ),
    "NG614": (
        6,
        "not carried by the annotation tool",
        "what the tool cannot hold was kept from the current gold where it could be; edit the rest in the gold JSON",
    ),
    "NG613": (
        6,
        "ill-formed BIO sequence",
        "in IOB2, IOBES and BILOU an I-, E- or L- tag continues a chunk of its type; it was read as starting one "
        "(conlleval's rule). If the file is IOB1 (CoNLL-2003's original tagging), where an I- tag may "
        "start a chunk, say so with --scheme IOB1",
    ),
    "NG625": (
        6,
        "malformed CoNLL row",
        "separate every column of the file the same way (tabs, or spaces) "
        "and give one tag without spaces in the last column",
    ),
    "NG626": (
        6,
        "tag outside the tagging scheme",
        "give --scheme the scheme the tags are written in (IOB1, IOB2, IOE1, IOE2, IOBES, BILOU), "
        "or leave it out to have it detected",
    ),
    "NG627": (
        6,
        "tag seqeval cannot read",
        "seqeval 1.2.2's default mode reads only O and B-, I-, E-, S- tags (it warns of others and "
        "cuts a type from them); the newsgold engine (leave out --token-engine) reads these as "
        "conlleval.pl does, or convert the file to IOB2 or IOBES",
    ),
    "NG615": (
        6,
        "brat reference to nothing",
        "the .ann file looks truncated or edited: "
        "every E, A, N, R and # line must name T or E ids that the same file defines",
    ),
    "NG609": (
        6,
        "document not predicted",
        "a corpus document with no line counts as predicting nothing; add a line with empty lists to say so",
    ),
    "NG650": (
        6,
        "malformed coreference column",
        "CoNLL-2012: write the last column as - or as (n), (n and n) parts joined by |, every mention closed in its "
        "document, each document between #begin document and #end document; CorefUD: Entity=(eid..., eid) and "
        "(eid...) brackets, each document after # newdoc id = NAME",
    ),
    "NG651": (
        6,
        "mentions in another unit than the key's",
        "a CoNLL-2012 key counts tokens and has no text: give the response as CoNLL-2012 or with its tokens "
        "(sentences or tokens), or score against a gold with text",
    ),
    "NG652": (
        6,
        "clusters not scorable",
        "a key gives each mention once (a partition); with --coref-mentions gold the response uses key mentions only",
    ),
    "NG653": (
        6,
        "mention heads not given",
        "head match needs heads on both sides and partial match on the key's: give CorefUD files (their Entity= "
        "head field) or the gold, or score with --coref-match exact",
    ),
    "NG004": (0, "output would overwrite an input", "write the output to another path: the command reads that file"),
    "NG005": (
        0,
        "output is not a regular file",
        "give a new path or a regular file; symbolic links, folders, FIFOs and devices are never replaced",
    ),
    "NG006": (
        0,
        "output inside a protected folder",
        "annotations/, corpus/, data/ and submissions/ hold the data: write the output elsewhere "
        "(import writes the gold itself when given no -o)",
    ),
    "NG007": (0, "output folder missing or not a folder", "create the folder (mkdir -p DIR) or fix the path"),
    "NG008": (
        0,
        "output could not be written",
        "make the folder writable, free disk space, or write elsewhere; the old file is unchanged",
    ),
    "NG616": (
        0,
        "import would remove more than it keeps",
        "check that the .ann file is complete (a truncated file drops annotations); pass --force to write it anyway",
    ),
    "NG617": (
        6,
        "predicted argument's entity type cannot fill its role",
        "the type is the predicted entity's at the argument's offsets; the ACE 2005 role table "
        "(annotations/GUIDELINES.md 6.3) says which types each role takes",
    ),
    "NG618": (
        6,
        "matching stopped short",
        "split or drop predictions that overlap very many gold entities (or gold entities that overlap very many "
        "predictions): the assignment's cost grows with the square of such overlaps, so it is bounded",
    ),
    "NG620": (
        0,
        "counts file malformed",
        "merge the files `newsgold score --counts-only` wrote, unedited: "
        "every key present, every count a whole number of at least 0",
    ),
    "NG621": (
        0,
        "counts file edited",
        "the content no longer matches its checksum: write the file again with newsgold score --counts-only",
    ),
    "NG622": (
        0,
        "counts made differently",
        "score every shard with the same newsgold version, gold (dataset version and --gold) and options",
    ),
    "NG623": (0, "document counted twice", "give each document to one shard only"),
    "NG624": (
        0,
        "counts do not add up to the gold support",
        "the counts no longer match the documents they name: write the file again with newsgold score --counts-only",
    ),
    "NG011": (
        0,
        "output folder holds other files",
        "export into a new or empty folder, move those files away, or pass --force to replace the files of the "
        "names the export writes (other files are left as they are)",
    ),
    "NG012": (
        0,
        "standard output could not be written",
        "the output stream is full or closed: write to a file with -o, or free space on the device",
    ),
    "NG010": (
        0,
        "internal error",
        "this is a bug in newsgold: please report it with the command you ran (add --debug for the traceback)",
    ),
    "NG009": (
        0,
        "invalid setting in the environment",
        "NEWSGOLD_MAX_INPUT_BYTES takes a whole number of bytes, e.g. 2147483648; unset it for the 1 GiB default",
    ),
    "NG107": (0, "not a regular file", "give a regular file: folders, FIFOs, sockets and devices are not read"),
    "NG108": (
        0,
        "file larger than the input cap",
        "raise the cap with NEWSGOLD_MAX_INPUT_BYTES=BYTES, or split the file",
    ),
    "NG109": (0, "file could not be read", "check the file's permissions (it must be readable) and the disk"),
    "NG114": (
        0,
        "symbolic link leads out of its folder",
        "copy the file into the folder: links to files elsewhere are not followed in a folder of inputs",
    ),
    "NG110": (1, "JSON nested too deeply", "flatten the data: at most 200 levels of arrays and objects"),
    "NG111": (
        1,
        "JSON integer out of range",
        "integers must lie within +-2**53 (9007199254740992) to be read alike everywhere; write larger ones as strings",
    ),
    "NG112": (1, "NaN or Infinity in JSON", "JSON has no NaN or Infinity: write null or a finite number"),
    "NG113": (1, "duplicate key in a JSON object", "keep one of the two: JSON readers disagree on which one wins"),
}


@dataclass(frozen=True, slots=True)
class Incident:
    """One finding: what, where, and how to fix it. Each text field is cut to :data:`MAX_SHOWN`
    characters when the incident is made (see :func:`shown`), so nothing prints a value whole."""

    code: str
    level: int
    severity: Severity
    file: str
    message: str
    hint: str
    pointer: str | None = None
    line: int | None = None
    column: int | None = None

    def __post_init__(self) -> None:
        for name in ("file", "message", "hint", "pointer"):
            value = getattr(self, name)
            if value is not None and len(value) > MAX_SHOWN:
                object.__setattr__(self, name, shown(value))

    @property
    def where(self) -> str:
        loc = self.file
        if self.line is not None:
            loc += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
        if self.pointer is not None:
            loc += f"#{self.pointer}"
        return loc

    def render(self) -> str:
        """One line for the terminal or a log: whatever an input put in a field is shown escaped
        (:func:`~newsgold.escape.text_cell`), so no label, key or file name can forge a line."""
        title = LEVELS[self.level]
        where, message, hint = text_cell(self.where), text_cell(self.message), text_cell(self.hint)
        return f"{where}: {self.severity} {self.code} [L{self.level} {title}] {message} (hint: {hint})"

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def incident(
    code: str,
    file: str,
    *,
    message: str,
    hint: str | None = None,
    pointer: str | None = None,
    line: int | None = None,
    column: int | None = None,
    severity: Severity = "error",
) -> Incident:
    """Build an incident for a catalogued ``code``; the hint defaults to the catalog's."""
    level, _title, default_hint = CATALOG[code]
    return Incident(
        code=code,
        level=level,
        severity=severity,
        file=file,
        message=message,
        hint=hint or default_hint,
        pointer=pointer,
        line=line,
        column=column,
    )


class NewsgoldError(Exception):
    """Raised when work cannot go on; carries the incidents that explain why."""

    def __init__(self, incidents: list[Incident] | Incident):
        self.incidents = [incidents] if isinstance(incidents, Incident) else list(incidents)
        super().__init__("\n".join(i.render() for i in self.incidents))

    def __reduce__(self) -> tuple[type[NewsgoldError], tuple[list[Incident]]]:
        # Made again from its incidents, not its message: it crosses process boundaries
        # (a scheduler's workers) as the same error.
        return NewsgoldError, (self.incidents,)


def pointer(*parts: object) -> str:
    """A JSON pointer (RFC 6901) from path parts.

    >>> pointer("entities", 3, "text")
    '/entities/3/text'
    >>> pointer("a/b", "c~d")
    '/a~1b/c~0d'
    """
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)
