"""newsgold.tags against seqeval 1.2.2 itself: same numbers, same report text, same warnings
and errors, on random tag sequences that include ill-formed and oddly labelled tags."""

from __future__ import annotations

import ast
import math
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

pytest.importorskip("seqeval")

import numpy as np  # noqa: E402  (seqeval depends on it)
import seqeval.metrics as sm  # noqa: E402
import seqeval.metrics.sequence_labeling as sl  # noqa: E402
import seqeval.metrics.v1 as sv1  # noqa: E402
import seqeval.scheme as ss  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from newsgold import tags  # noqa: E402

SETTINGS = settings(max_examples=250, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
SCHEME_NAMES = ["IOB1", "IOE1", "IOB2", "IOE2", "IOBES", "BILOU"]
TYPES = ["PER", "LOC", "ORG-X", "A", ""]
NE_TAG = "seems not to be NE tag."


# ---------------------------------------------------------------- comparing two calls

def norm(x):
    """Plain Python values: numpy arrays and scalars unwrapped, NaN made comparable."""
    if isinstance(x, np.ndarray):
        return [norm(v) for v in x.tolist()]
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, float) and math.isnan(x):
        return "nan"
    if isinstance(x, (list, tuple)):
        return type(x)(norm(v) for v in x)
    if isinstance(x, dict):
        return {k: norm(v) for k, v in x.items()}
    return x


def kind(x):
    """The types of a result, numpy's dtypes included: what a caller's code meets (``* 100``,
    ``.mean()``, ``json.dumps``)."""
    if isinstance(x, np.ndarray):
        return ("ndarray", str(x.dtype))
    if isinstance(x, (list, tuple)):
        return (type(x).__name__, [kind(v) for v in x])
    if isinstance(x, dict):
        return {k: kind(v) for k, v in x.items()}
    return type(x).__name__


def run(fn, *args, **kwargs):
    """(outcome, metric warnings in order, distinct NE-tag warnings) of one call."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = fn(*args, **kwargs)
            outcome = ("ok", norm(result), kind(result))
        except Exception as e:  # noqa: BLE001 - the exception is what is compared
            message = str(e)
            if message.startswith("This scheme is not supported: {"):
                message = "This scheme is not supported: {...}"  # a set, printed in hash order
            outcome = ("error", type(e).__name__, message)
    # numpy words "Mean of empty slice" with a full stop before 2.3 (Python 3.10 stops at 2.2)
    metric = [(w.category.__name__, str(w.message).rstrip(".")) for w in caught if NE_TAG not in str(w.message)]
    ne = {(w.category.__name__, str(w.message)) for w in caught if NE_TAG in str(w.message)}
    return outcome, metric, ne


def same(theirs, ours):
    """seqeval's call and ours agree on result or error, and on the warnings."""
    t, o = run(*theirs), run(*ours)
    assert t[0] == o[0]
    assert t[1] == o[1]
    assert t[2] == o[2]
    return o[0]


# ---------------------------------------------------------------- random tag sequences

def default_pool(suffix: bool) -> list[str]:
    """Tags for the default mode: well-formed, ill-formed prefixes, bare, hyphenated types."""
    pool = ["O"] * 12
    for p in "BIESLUX.O":
        for t in TYPES:
            pool.append(f"{t}-{p}" if suffix else f"{p}-{t}")
        pool.append(p)
    pool += ["BPER", "PER-", "B--X", "IX-Y", "ORG-X-B", "B-ORG-X-"] if not suffix else ["PERB", "-PER-I", "X-Y-E"]
    return pool


def strict_pool(scheme: str, suffix: bool, bad: bool) -> list[str]:
    """Tags for a strict scheme: its own prefixes, and with ``bad`` a few it does not allow."""
    allowed = tags.SCHEMES[scheme].allowed
    prefixes = allowed + ("BIESLUX" if bad else "")
    pool = ["O"] * 8
    for p in prefixes:
        for t in TYPES:
            pool.append(f"{t}-{p}" if suffix else f"{p}-{t}")
        pool += [p, f"-PER--{p}" if suffix else f"{p}-PER--"]
    return pool


@st.composite
def pairs(draw, pool):
    """Gold and predicted sentences of equal lengths; predictions copy gold tags often."""
    lengths = draw(st.lists(st.integers(0, 7), max_size=6))
    tag = st.sampled_from(pool)
    gold = [[draw(tag) for _ in range(n)] for n in lengths]
    pred = [[t if draw(st.integers(0, 2)) else draw(tag) for t in s] for s in gold]
    return gold, pred


@st.composite
def default_case(draw):
    suffix = draw(st.booleans())
    gold, pred = draw(pairs(default_pool(suffix)))
    return gold, pred, suffix


@st.composite
def strict_case(draw):
    scheme = draw(st.sampled_from(SCHEME_NAMES))
    suffix = draw(st.booleans())
    bad = draw(st.integers(0, 4)) == 0
    gold, pred = draw(pairs(strict_pool(scheme, suffix, bad)))
    return gold, pred, suffix, scheme


def as_given(name: str, how: int):
    """A scheme as a caller may give it: seqeval's class, its name, or newsgold's object."""
    return (getattr(ss, name), name, tags.SCHEMES[name])[how]


zero_divisions = st.sampled_from(["warn", 0, 1])
averages = st.sampled_from([None, "micro", "macro", "weighted"])
metric_names = st.sampled_from(["precision_score", "recall_score", "f1_score"])


# ---------------------------------------------------------------- properties

@SETTINGS
@given(default_case(), st.booleans())
def test_get_entities_is_seqevals(case, nested):
    gold, _, suffix = case
    seq = gold if nested else [t for s in gold for t in s]
    same((sl.get_entities, seq, suffix), (tags.get_entities, seq, suffix))


@SETTINGS
@given(default_case(), metric_names, averages, zero_divisions, st.sampled_from([None, "strict", "lenient"]))
def test_default_scores_are_seqevals(case, name, average, zero_division, mode):
    """Default mode, also when mode='strict' comes without a scheme (seqeval falls back)."""
    gold, pred, suffix = case
    kw = dict(average=average, zero_division=zero_division, suffix=suffix, mode=mode)
    same((lambda: getattr(sm, name)(gold, pred, **kw),), (lambda: getattr(tags, name)(gold, pred, **kw),))


@SETTINGS
@given(
    default_case(), averages, zero_divisions,
    st.sampled_from([("precision", "recall", "f-score"), ("precision",), ("recall", "f-score"), ("f-score",), ()]),
    st.sampled_from([0, 0.5, 1, 2.0, math.inf]),
)
def test_default_prfs_is_seqevals(case, average, zero_division, warn_for, beta):
    gold, pred, suffix = case
    kw = dict(average=average, zero_division=zero_division, suffix=suffix, warn_for=warn_for, beta=beta)
    same((lambda: sl.precision_recall_fscore_support(gold, pred, **kw),),
         (lambda: tags.precision_recall_fscore_support(gold, pred, **kw),))


@SETTINGS
@given(strict_case(), metric_names, averages, zero_divisions, st.integers(0, 2))
def test_strict_scores_are_seqevals(case, name, average, zero_division, how):
    gold, pred, suffix, scheme = case
    kw = dict(average=average, zero_division=zero_division, suffix=suffix, mode="strict")
    same((lambda: getattr(sm, name)(gold, pred, scheme=getattr(ss, scheme), **kw),),
         (lambda: getattr(tags, name)(gold, pred, scheme=as_given(scheme, how), **kw),))


@SETTINGS
@given(strict_case(), averages, zero_divisions, st.sampled_from([0.5, 1, 3]), st.integers(0, 2))
def test_strict_prfs_is_seqevals_v1(case, average, zero_division, beta, how):
    gold, pred, suffix, scheme = case
    kw = dict(average=average, zero_division=zero_division, suffix=suffix, beta=beta)
    same((lambda: sv1.precision_recall_fscore_support(gold, pred, scheme=getattr(ss, scheme), **kw),),
         (lambda: tags.precision_recall_fscore_support(gold, pred, mode="strict", scheme=as_given(scheme, how), **kw),))


@SETTINGS
@given(default_case(), st.integers(0, 14), st.booleans(), zero_divisions)
def test_default_report_is_seqevals(case, digits, output_dict, zero_division):
    gold, pred, suffix = case
    kw = dict(digits=digits, output_dict=output_dict, zero_division=zero_division, suffix=suffix)
    same((lambda: sm.classification_report(gold, pred, **kw),), (lambda: tags.classification_report(gold, pred, **kw),))


@SETTINGS
@given(strict_case(), st.integers(0, 6), st.booleans(), zero_divisions, st.integers(0, 3))
def test_strict_report_is_seqevals(case, digits, output_dict, zero_division, how):
    """A given scheme, or none (seqeval then detects one from the gold tags)."""
    gold, pred, suffix, scheme = case
    kw = dict(digits=digits, output_dict=output_dict, zero_division=zero_division, suffix=suffix, mode="strict")
    theirs = None if how == 3 else getattr(ss, scheme)
    ours = None if how == 3 else as_given(scheme, how)
    same((lambda: sm.classification_report(gold, pred, scheme=theirs, **kw),),
         (lambda: tags.classification_report(gold, pred, scheme=ours, **kw),))


@st.composite
def many_types(draw):
    """Enough types (8 to 300), each with a few chunks matched in part, that the per-type
    scores are fractions and numpy's pairwise summation order shows in the means."""
    n_types = draw(st.one_of(st.integers(8, 300), st.integers(257, 300)))
    gold, pred = [], []
    for i in range(n_types):
        shapes = {0: ("O", "O"), 1: (f"B-T{i}", "O"), 2: (f"B-T{i}", f"I-T{i}"), 3: (f"B-T{i}", f"I-T{i + 1}")}
        slots = draw(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 3)), min_size=1, max_size=6))
        gold.append([t for g, _ in slots for t in (*shapes[g], "O")])
        pred.append([t for _, p in slots for t in (*shapes[p], "O")])
    return gold, pred


@settings(max_examples=60, deadline=None, derandomize=True)
@given(many_types(), st.sampled_from(["macro", "weighted"]), zero_divisions)
def test_means_over_many_types_are_numpys(case, average, zero_division):
    gold, pred = case
    kw = dict(average=average, zero_division=zero_division)
    outcome = same((lambda: sl.precision_recall_fscore_support(gold, pred, **kw),),
                   (lambda: tags.precision_recall_fscore_support(gold, pred, **kw),))
    assert outcome[0] == "ok"
    # over 256 distinct tags, chunks are read by the slower path: it must agree too
    outcome = same((lambda: sv1.precision_recall_fscore_support(gold, pred, scheme=ss.IOB2, **kw),),
                   (lambda: tags.precision_recall_fscore_support(gold, pred, mode="strict", scheme="IOB2", **kw),))
    assert outcome[0] == "ok"


@SETTINGS
@given(default_case(), st.booleans())
def test_token_scores_are_seqevals(case, nested):
    gold, pred, _ = case
    if not nested:
        gold, pred = [t for s in gold for t in s], [t for s in pred for t in s]
    same((sm.accuracy_score, gold, pred), (tags.accuracy_score, gold, pred))
    same((sm.performance_measure, gold, pred), (tags.performance_measure, gold, pred))


@SETTINGS
@given(strict_case())
def test_strict_entities_are_seqevals(case):
    gold, _, suffix, scheme = case

    def theirs():
        return [[e.to_tuple() for e in s] for s in ss.Entities(gold, getattr(ss, scheme), suffix).entities]

    outcome = same((theirs,), (tags.strict_entities, gold, scheme, suffix))
    if outcome[0] == "ok":
        assert tags.chunk_set(gold, "strict", scheme, suffix) == {e for s in outcome[1] for e in s}


@SETTINGS
@given(default_case())
def test_chunk_set_is_what_the_default_scores_count(case):
    """Mapped back to flat offsets, chunk_set is seqeval's get_entities of the sentences;
    and micro scores computed from two chunk sets are seqeval's."""
    gold, pred, suffix = case
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        starts, n = [], 0
        for s in gold:
            starts.append(n)
            n += len(s) + 1
        flat = {(t, starts[k] + a, starts[k] + b - 1) for k, t, a, b in tags.chunk_set(gold, suffix=suffix)}
        assert flat == set(sl.get_entities(gold, suffix))
        g, p = tags.chunk_set(gold, suffix=suffix), tags.chunk_set(pred, suffix=suffix)
        if g and p:
            assert len(g & p) / len(p) == sm.precision_score(gold, pred, suffix=suffix)
            assert len(g & p) / len(g) == sm.recall_score(gold, pred, suffix=suffix)


# ---------------------------------------------------------------- the published edge cases

@pytest.mark.parametrize("kw", [{}, {"mode": "strict", "scheme": tags.IOB2}])
def test_ill_formed_start(kw):
    gold, pred = [["B-PER", "I-PER"]], [["I-PER", "I-PER"]]
    expected = 1.0 if not kw else 0.0
    assert tags.f1_score(gold, pred, zero_division=0, **kw) == expected
    assert tags.chunk_set(pred, **kw) == ({(0, "PER", 0, 2)} if not kw else set())


def test_type_switch_inside_a_chunk():
    gold, pred = [["B-PER", "I-PER"]], [["B-PER", "I-LOC"]]
    assert tags.chunk_set(pred) == {(0, "PER", 0, 1), (0, "LOC", 1, 2)}
    assert tags.chunk_set(pred, "strict", "IOB2") == {(0, "PER", 0, 1)}
    for kw in ({}, {"mode": "strict", "scheme": "IOB2"}):
        assert tags.precision_score(gold, pred, zero_division=0, **kw) == 0.0
        assert tags.recall_score(gold, pred, zero_division=0, **kw) == 0.0
    per_type = tags.precision_recall_fscore_support(gold, pred, zero_division=0)
    assert per_type[3].tolist() == [0, 1]  # LOC, PER gold chunks
    strict = tags.precision_recall_fscore_support(gold, pred, zero_division=0, mode="strict", scheme="IOB2")
    assert strict[3].tolist() == [1] and strict[0].tolist() == [0.0]


def test_two_chunks_read_as_one():
    gold, pred = [["B-PER", "B-PER"]], [["B-PER", "I-PER"]]
    for kw in ({}, {"mode": "strict", "scheme": tags.IOB2}):
        assert len(tags.chunk_set(gold, **kw)) == 2
        assert len(tags.chunk_set(pred, **kw)) == 1
        assert not tags.chunk_set(gold, **kw) & tags.chunk_set(pred, **kw)
        assert tags.f1_score(gold, pred, zero_division=0, **kw) == 0.0


# ---------------------------------------------------------------- quirks, named

def test_strict_without_scheme_falls_back_to_default_mode():
    gold, pred = [["B-PER", "I-PER"]], [["I-PER", "I-PER"]]
    assert tags.f1_score(gold, pred, mode="strict") == sm.f1_score(gold, pred, mode="strict") == 1.0


def test_strict_report_detects_the_scheme_or_refuses():
    gold, pred = [["B-PER", "E-PER", "S-LOC"]], [["B-PER", "E-PER", "O"]]
    assert tags.detect_scheme(gold) is tags.IOBES
    assert tags.classification_report(gold, pred, mode="strict") == sm.classification_report(gold, pred, mode="strict")
    with pytest.raises(ValueError, match="This scheme is not supported"):
        tags.classification_report([["O"]], [["O"]], mode="strict")


def test_undefined_metric_warning_is_sklearns_with_sklearns_text():
    from sklearn.exceptions import UndefinedMetricWarning as Theirs

    assert issubclass(tags.UndefinedMetricWarning, Theirs) and issubclass(tags.UndefinedMetricWarning, UserWarning)
    with pytest.warns(Theirs) as ours:
        tags.precision_score([["B-PER"]], [["O"]])
    with pytest.warns(Theirs) as theirs:
        sm.precision_score([["B-PER"]], [["O"]])
    assert [str(w.message) for w in ours] == [str(w.message) for w in theirs]
    assert str(ours[0].message).startswith("Precision is ill-defined and being set to 0.0 due to no predicted samples")
    assert ours[0].category.__name__ == "UndefinedMetricWarning"
    with warnings.catch_warnings():  # scikit-learn's filter silences it, as it silences seqeval's
        warnings.simplefilter("error")
        warnings.filterwarnings("ignore", category=Theirs)
        assert tags.precision_score([["B-PER"]], [["O"]]) == 0.0


def test_the_warning_class_without_scikit_learn_loaded():
    """Warning does not import scikit-learn; a filter on newsgold's class catches the warning
    both before and after scikit-learn is loaded; naming the class loads scikit-learn's."""
    code = (
        "import sys, warnings; import newsgold.tags as t\n"
        "with warnings.catch_warnings(record=True) as w:\n"
        "    warnings.simplefilter('always'); t.precision_score([['B-A']], [['O']])\n"
        "print('sklearn' in sys.modules, [x.category.__mro__[1].__name__ for x in w])\n"
        "ours = t.UndefinedMetricWarning\n"
        "import sklearn.exceptions as e\n"
        "print(issubclass(ours, e.UndefinedMetricWarning))\n"
        "with warnings.catch_warnings():\n"
        "    warnings.simplefilter('error'); warnings.filterwarnings('ignore', category=ours)\n"
        "    t.precision_score([['B-A']], [['O']]); print('silenced')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()
    assert out == ["False ['UserWarning']", "True", "silenced"]


def test_all_o_and_empty_inputs():
    all_o = [["O", "O"], []]
    for fn in (tags.classification_report, sm.classification_report):
        with pytest.raises(ValueError):
            fn(all_o, all_o)
        with pytest.raises(TypeError, match="without list of list"):
            fn([], [], output_dict=True)
    same((lambda: sm.classification_report(all_o, all_o, output_dict=True),),
         (lambda: tags.classification_report(all_o, all_o, output_dict=True),))
    report = tags.classification_report(all_o, all_o, output_dict=True, zero_division=1)
    assert math.isnan(report["macro avg"]["f1-score"]) and report["weighted avg"]["recall"] == 1.0
    with pytest.raises(TypeError):
        tags.f1_score([], [])


def test_inconsistent_lengths():
    for mode in (None, "strict"):
        outcome = same((lambda: sm.classification_report([["B-A", "O"]], [["B-A"]], mode=mode, scheme=ss.IOB2),),
                       (lambda: tags.classification_report([["B-A", "O"]], [["B-A"]], mode=mode, scheme="IOB2"),))
        assert outcome[:2] == ("error", "ValueError")


@pytest.mark.parametrize("suffix", [False, True])
def test_empty_tag_fails_as_in_seqeval(suffix):
    gold, pred = [["B-PER", "X", ""]], [["B-PER", "O", "O"]]
    outcome = same((lambda: sm.f1_score(gold, pred, suffix=suffix),), (lambda: tags.f1_score(gold, pred, suffix=suffix),))
    assert outcome[:2] == ("error", "IndexError")
    outcome = same((lambda: sm.f1_score(gold, pred, suffix=suffix, mode="strict", scheme=ss.IOB2),),
                   (lambda: tags.f1_score(gold, pred, suffix=suffix, mode="strict", scheme=tags.IOB2),))
    assert outcome[:2] == ("error", "KeyError")  # 'X' is read before '', in the same sentence
    outcome = same((lambda: sm.f1_score([["O"], [""]], [["O"], ["O"]], mode="strict", scheme=ss.IOB2),),
                   (lambda: tags.f1_score([["O"], [""]], [["O"], ["O"]], mode="strict", scheme=tags.IOB2),))
    assert outcome[:2] == ("error", "IndexError")


def test_hyphenated_labels_and_suffix_style():
    gold = [["B-ORG-X", "I-ORG-X", "O"], ["PER-B", "PER-I"]]
    assert tags.get_entities(gold[0]) == [("ORG-X", 0, 1)]
    assert tags.get_entities(gold[1], suffix=True) == [("PER", 0, 1)]
    assert tags.strict_entities([["B-ORG-X-", "I-ORG-X"]], "IOB2") == [[(0, "ORG-X", 0, 2)]]


def test_schemes_are_data_and_resolve_from_names_and_seqeval_classes():
    for name in SCHEME_NAMES:
        ours = tags.SCHEMES[name]
        theirs = getattr(ss, name)
        assert tags._resolve(name) is tags._resolve(theirs) is tags._resolve(ours) is ours
        for attr, patterns in (("start_patterns", ours.start), ("inside_patterns", ours.inside), ("end_patterns", ours.end)):
            as_seqeval = {(_flag(pp), _flag(cc), ss.Tag[t.upper()]) for pp, cc, t in patterns}
            assert as_seqeval == getattr(theirs, attr)
    with pytest.raises(ValueError, match="unknown scheme"):
        tags.f1_score([["B-A"]], [["B-A"]], mode="strict", scheme="IOB3")


def _flag(prefixes: str):
    flag = ss.Prefix[prefixes[0]]
    for c in prefixes[1:]:
        flag |= ss.Prefix[c]
    return flag


# ---------------------------------------------------------------- the module stands alone

def test_module_imports_only_the_standard_library_and_numpy_on_first_use():
    """The standard library at import; numpy inside the functions that return its types."""
    tree = ast.parse(Path(tags.__file__).read_text(encoding="utf-8"))
    imported, deferred = set(), set()
    for node in ast.walk(tree):
        names = set()
        if isinstance(node, ast.Import):
            names = {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "no relative imports"
            names = {node.module.split(".")[0]}
        (imported if node in tree.body else deferred).update(names)
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}
    assert deferred - set(sys.stdlib_module_names) == {"numpy"}
    # what importing the module adds to the package's own imports: standard library only, no typing
    code = (
        "import sys, newsgold; before = set(sys.modules); import newsgold.tags; "
        "print(sorted(m for m in set(sys.modules) - before if m != 'newsgold.tags'))"
    )
    env = {"PYTHONPATH": str(Path(tags.__file__).parents[1])}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    added = ast.literal_eval(out.stdout.strip())
    assert {m.split(".")[0] for m in added} <= set(sys.stdlib_module_names) - {"typing"}, added
