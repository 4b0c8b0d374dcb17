"""The one scorer: spans, relations, speakers and stance, used by eval/, tests, reports and the CLI.

Conventions, chosen once so that every number in the project means the same thing:

* Gold and predicted documents are paired by ``Document.id``. A gold document with no predicted
  twin counts all its gold as false negatives; a predicted document with no gold twin counts all
  its predictions as false positives. Paired documents must have the same text (offsets index it).
* Counts are micro-averaged: true/false positives and negatives are summed over all documents,
  then P/R/F1 are computed once.
* Undefined ratios are 0.0 (scikit-learn's ``zero_division=0``): precision with no predictions,
  recall with no gold, F1 when P + R = 0. So scoring two empty sets gives 0.0, not 1.0; the raw
  counts are always reported next to the ratios, which is how a reader tells "empty" from "wrong".
* Role spans (content / cue / source) are taken from the quotes and deduplicated per document:
  a source shared by three quotes is one source. A content is the tuple of its pieces, so an exact
  match needs every piece equal. Quotes with no content piece are ignored everywhere.
* Overlap matching: two spans match when their character IoU (intersection over union of the
  characters they cover; the pieces' union for a discontinuous content) is >= ``threshold``
  (0.5). Matching is ONE-TO-ONE and optimal: ``scipy.optimize.linear_sum_assignment`` first
  maximises the number of matched pairs, then their total IoU (greedy by best IoU can match fewer
  pairs when gold spans overlap each other).
* Relations are scored over quotes (not deduplicated): a predicted quote is right when it can be
  paired one-to-one with a gold quote whose content it overlaps (IoU >= threshold) AND whose source
  it gets right. "relation": sources equal exactly; "relation_overlap": source IoU >= threshold.
  Gold source None with predicted source None counts as right; one None and one span is wrong.
* Speaker accuracy: every gold quote is scored. It is paired one-to-one with a predicted quote by
  content IoU; it is right when the normalised speakers are equal (casefold, strip, whitespace
  collapsed; empty counts as None). A gold speaker None means "no named speaker" and is right only
  when the prediction is None too. Reported over matched gold quotes and over all gold quotes
  (unmatched ones count as wrong), optionally broken down by a category function.
* Stance: accuracy over all examples; per-class P/R/F1 for each label in ``labels``; macro-F1 is
  the mean F1 over the labels in ``labels`` that occur in gold (pass ``labels=("favor",
  "against")`` for SEESAW/SemEval-style F_avg: "none" examples still count as errors for the
  other classes, but "none" itself is not averaged).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

from .document import KINDS, STANCE_LABELS, Document, Quote, Span
from .errors import InputError

ROLES = ("content", "cue", "source")
DEFAULT_THRESHOLD = 0.5

Interval = tuple[int, int]
Intervals = tuple[Interval, ...]


# --------------------------------------------------------------------------- counts and ratios


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


@dataclass
class PRF:
    """Micro counts; precision/recall/F1 derive from them (0.0 when undefined)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def n_gold(self) -> int:
        return self.tp + self.fn

    @property
    def n_pred(self) -> int:
        return self.tp + self.fp

    def add(self, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass
class Recall:
    """How many of ``total`` gold items were found (used for the by-kind breakdown)."""

    found: int = 0
    total: int = 0

    @property
    def recall(self) -> float:
        return _ratio(self.found, self.total)

    def to_dict(self) -> dict[str, Any]:
        return {"found": self.found, "total": self.total, "recall": self.recall}


@dataclass
class RoleScores:
    """One role (content, cue or source) scored three ways."""

    exact: PRF = field(default_factory=PRF)
    overlap: PRF = field(default_factory=PRF)
    char: PRF = field(default_factory=PRF)

    def to_dict(self) -> dict[str, Any]:
        return {
            "exact": self.exact.to_dict(),
            "overlap": self.overlap.to_dict(),
            "char": self.char.to_dict(),
        }


@dataclass
class SpeakerCounts:
    """Speaker accuracy counts for one group of gold quotes."""

    n_gold: int = 0
    n_matched: int = 0
    n_correct: int = 0

    @property
    def accuracy_matched(self) -> float:
        """Right speakers among the gold quotes whose content was found."""
        return _ratio(self.n_correct, self.n_matched)

    @property
    def accuracy_all(self) -> float:
        """Right speakers among all gold quotes (a missed quote counts as wrong)."""
        return _ratio(self.n_correct, self.n_gold)

    def add(self, matched: bool, correct: bool) -> None:
        self.n_gold += 1
        self.n_matched += int(matched)
        self.n_correct += int(matched and correct)

    def to_dict(self) -> dict[str, Any]:
        return {
            "n_gold": self.n_gold,
            "n_matched": self.n_matched,
            "n_correct": self.n_correct,
            "accuracy_matched": self.accuracy_matched,
            "accuracy_all": self.accuracy_all,
        }


@dataclass
class SpeakerScores(SpeakerCounts):
    """Speaker accuracy overall and per category (when a category function was given)."""

    by_category: dict[str, SpeakerCounts] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        data["by_category"] = {k: self.by_category[k].to_dict() for k in sorted(self.by_category)}
        return data


@dataclass
class SpanScores:
    """Everything ``score_spans`` measures on a set of documents."""

    n_docs: int = 0
    n_gold_quotes: int = 0
    n_pred_quotes: int = 0
    threshold: float = DEFAULT_THRESHOLD
    content: RoleScores = field(default_factory=RoleScores)
    cue: RoleScores = field(default_factory=RoleScores)
    source: RoleScores = field(default_factory=RoleScores)
    relation: PRF = field(default_factory=PRF)
    relation_overlap: PRF = field(default_factory=PRF)
    speaker: SpeakerScores = field(default_factory=SpeakerScores)
    by_kind: dict[str, Recall] = field(default_factory=lambda: {k: Recall() for k in KINDS})

    def role(self, name: str) -> RoleScores:
        if name not in ROLES:
            raise KeyError(f"unknown role {name!r}; roles are {ROLES}")
        return getattr(self, name)

    def to_dict(self) -> dict[str, Any]:
        kinds = [k for k in KINDS if k in self.by_kind] + sorted(set(self.by_kind) - set(KINDS))
        return {
            "n_docs": self.n_docs,
            "n_gold_quotes": self.n_gold_quotes,
            "n_pred_quotes": self.n_pred_quotes,
            "threshold": self.threshold,
            "content": self.content.to_dict(),
            "cue": self.cue.to_dict(),
            "source": self.source.to_dict(),
            "relation": self.relation.to_dict(),
            "relation_overlap": self.relation_overlap.to_dict(),
            "speaker": self.speaker.to_dict(),
            "by_kind": {k: self.by_kind[k].to_dict() for k in kinds},
        }


@dataclass
class StanceScores:
    """Stance classification scores; ``confusion[i][j]`` counts gold ``confusion_labels[i]``
    predicted as ``confusion_labels[j]``."""

    n: int
    accuracy: float
    macro_f1: float
    labels: tuple[str, ...]
    macro_labels: tuple[str, ...]
    per_class: dict[str, PRF]
    confusion_labels: tuple[str, ...]
    confusion: tuple[tuple[int, ...], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "accuracy": self.accuracy,
            "macro_f1": self.macro_f1,
            "labels": list(self.labels),
            "macro_labels": list(self.macro_labels),
            "per_class": {label: self.per_class[label].to_dict() for label in self.labels},
            "confusion": {
                "labels": list(self.confusion_labels),
                "matrix": [list(row) for row in self.confusion],
            },
        }


# --------------------------------------------------------------------------- character geometry


def _merge(intervals: Iterable[Interval]) -> Intervals:
    """Sorted, disjoint, non-empty intervals covering the same characters."""
    merged: list[list[int]] = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((a, b) for a, b in merged)


def _length(intervals: Intervals) -> int:
    return sum(b - a for a, b in intervals)


def _intersection(a: Intervals, b: Intervals) -> int:
    """Characters covered by both merged interval lists (two-pointer sweep)."""
    i = j = total = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if hi > lo:
            total += hi - lo
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def iou(a: Intervals | Span | Sequence[Span], b: Intervals | Span | Sequence[Span]) -> float:
    """Character IoU of two spans or span lists (lists: the union of their characters)."""
    return _iou_merged(_as_intervals(a), _as_intervals(b))


def _as_intervals(x: Intervals | Span | Sequence[Span]) -> Intervals:
    if isinstance(x, Span):
        return _merge([(x.start, x.end)])
    return _merge((s.start, s.end) if isinstance(s, Span) else (s[0], s[1]) for s in x)


# --------------------------------------------------------------------------- one-to-one matching


def match_one_to_one(edges: Mapping[tuple[int, int], float]) -> list[tuple[int, int]]:
    """Optimal one-to-one pairs among the allowed ``edges`` {(gold index, pred index): similarity}.

    Maximises the number of pairs first, then their total similarity: each edge weighs
    ``big + similarity`` with ``big`` larger than any possible number of pairs, so one more pair
    always outweighs any similarity gain (similarities are in [0, 1]). Solved with
    ``scipy.optimize.linear_sum_assignment`` on the rows and columns that have an edge.
    """
    if not edges:
        return []
    rows = sorted({g for g, _ in edges})
    cols = sorted({p for _, p in edges})
    row_at = {g: i for i, g in enumerate(rows)}
    col_at = {p: j for j, p in enumerate(cols)}
    big = float(min(len(rows), len(cols)) + 1)
    weights = np.zeros((len(rows), len(cols)))
    ok = np.zeros((len(rows), len(cols)), dtype=bool)
    for (g, p), sim in edges.items():
        weights[row_at[g], col_at[p]] = big + sim
        ok[row_at[g], col_at[p]] = True
    assigned_rows, assigned_cols = linear_sum_assignment(weights, maximize=True)
    return sorted(
        (rows[i], cols[j]) for i, j in zip(assigned_rows, assigned_cols) if ok[i, j]
    )


def _iou_merged(a: Intervals, b: Intervals) -> float:
    inter = _intersection(a, b)
    union = _length(a) + _length(b) - inter
    return inter / union if union else 0.0


def _overlap_edges(
    gold: Sequence[Intervals],
    pred: Sequence[Intervals],
    threshold: float,
    also: Callable[[int, int], bool] | None = None,
) -> dict[tuple[int, int], float]:
    """Pairs with IoU >= threshold (and ``also(g, p)`` when given), with their IoU.

    Only pairs whose extents overlap are measured, so a long document stays cheap.
    """
    if not gold or not pred:
        return {}

    def bounds(items: Sequence[Intervals]) -> tuple[np.ndarray, np.ndarray]:
        starts = np.array([iv[0][0] if iv else 0 for iv in items])
        ends = np.array([iv[-1][1] if iv else 0 for iv in items])
        return starts, ends

    gs, ge = bounds(gold)
    ps, pe = bounds(pred)
    touching = (ps[None, :] < ge[:, None]) & (pe[None, :] > gs[:, None])
    edges: dict[tuple[int, int], float] = {}
    for g, p in zip(*np.nonzero(touching)):
        g, p = int(g), int(p)
        sim = _iou_merged(gold[g], pred[p])
        if sim >= threshold and sim > 0 and (also is None or also(g, p)):
            edges[(g, p)] = sim
    return edges


def overlap_pairs(
    gold: Sequence[Intervals], pred: Sequence[Intervals], threshold: float = DEFAULT_THRESHOLD
) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs with IoU >= ``threshold``."""
    return match_one_to_one(_overlap_edges(gold, pred, threshold))



# --------------------------------------------------------------------------- pairing documents


def pair_documents(
    gold_docs: Sequence[Document], pred_docs: Sequence[Document]
) -> list[tuple[Document | None, Document | None]]:
    """(gold, pred) pairs by id in gold order, then predicted-only documents.

    Raises InputError on duplicate ids, or when paired documents have different texts (their
    offsets would not be comparable).
    """
    gold_by_id = _unique_ids(gold_docs, "gold")
    pred_by_id = _unique_ids(pred_docs, "predicted")
    pairs: list[tuple[Document | None, Document | None]] = []
    for doc_id, gold in gold_by_id.items():
        pred = pred_by_id.get(doc_id)
        if pred is not None and pred.text != gold.text:
            raise InputError(
                f"document {doc_id!r}: the predicted text differs from the gold text, so their "
                "offsets cannot be compared; run the pipeline on the gold text unchanged"
            )
        pairs.append((gold, pred))
    pairs.extend((None, pred) for doc_id, pred in pred_by_id.items() if doc_id not in gold_by_id)
    return pairs


def _unique_ids(docs: Sequence[Document], which: str) -> dict[str, Document]:
    by_id: dict[str, Document] = {}
    for doc in docs:
        if doc.id in by_id:
            raise InputError(
                f"two {which} documents share the id {doc.id!r}; give every document a unique id"
            )
        by_id[doc.id] = doc
    return by_id


# --------------------------------------------------------------------------- span scoring


def _content_key(quote: Quote) -> Intervals:
    return tuple(sorted((s.start, s.end) for s in quote.content))


def _scored_quotes(doc: Document | None) -> list[Quote]:
    return [q for q in doc.quotes if q.content] if doc is not None else []


def _role_items(quotes: Sequence[Quote], role: str) -> dict[Intervals, Quote]:
    """Distinct spans of a role, each with the first quote carrying it (key: its pieces)."""
    items: dict[Intervals, Quote] = {}
    for quote in quotes:
        if role == "content":
            key = _content_key(quote)
        else:
            span = getattr(quote, role)
            if span is None:
                continue
            key = ((span.start, span.end),)
        items.setdefault(key, quote)
    return items


def _score_role(
    gold: Mapping[Intervals, Quote],
    pred: Mapping[Intervals, Quote],
    scores: RoleScores,
    threshold: float,
) -> list[tuple[Intervals, bool]]:
    """Add one document's counts for a role; returns each gold key with whether it was found
    by overlap (for the by-kind breakdown)."""
    gold_keys, pred_keys = list(gold), list(pred)
    exact = len(set(gold_keys) & set(pred_keys))
    scores.exact.add(exact, len(pred_keys) - exact, len(gold_keys) - exact)

    gold_iv = [_merge(k) for k in gold_keys]
    pred_iv = [_merge(k) for k in pred_keys]
    pairs = overlap_pairs(gold_iv, pred_iv, threshold)
    scores.overlap.add(len(pairs), len(pred_keys) - len(pairs), len(gold_keys) - len(pairs))

    gold_chars = _merge(iv for k in gold_keys for iv in k)
    pred_chars = _merge(iv for k in pred_keys for iv in k)
    both = _intersection(gold_chars, pred_chars)
    scores.char.add(both, _length(pred_chars) - both, _length(gold_chars) - both)

    found = {g for g, _ in pairs}
    return [(key, i in found) for i, key in enumerate(gold_keys)]


def _source_exact(gold: Quote, pred: Quote) -> bool:
    if gold.source is None or pred.source is None:
        return gold.source is None and pred.source is None
    return (gold.source.start, gold.source.end) == (pred.source.start, pred.source.end)


def _source_overlap(gold: Quote, pred: Quote, threshold: float) -> bool:
    if gold.source is None or pred.source is None:
        return gold.source is None and pred.source is None
    sim = iou(gold.source, pred.source)
    return sim >= threshold and sim > 0


def _score_relation(
    gold: Sequence[Quote],
    pred: Sequence[Quote],
    source_ok: Callable[[Quote, Quote], bool],
    threshold: float,
) -> tuple[int, int, int]:
    gold_iv = [_merge(_content_key(q)) for q in gold]
    pred_iv = [_merge(_content_key(q)) for q in pred]
    pairs = match_one_to_one(
        _overlap_edges(gold_iv, pred_iv, threshold, lambda g, p: source_ok(gold[g], pred[p]))
    )
    return len(pairs), len(pred) - len(pairs), len(gold) - len(pairs)


def normalize_speaker(name: str | None) -> str | None:
    """Casefolded, stripped, whitespace collapsed; None for None or an empty name.

    A joint speaker is a set: "Hillary Clinton and Elizabeth Warren", "Elizabeth Warren and
    Hillary Clinton" and "A, B and C" in any order compare equal (parts sorted)."""
    if name is None:
        return None
    norm = " ".join(name.split()).casefold()
    if " and " in norm:
        parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", norm) if p.strip()]
        norm = " and ".join(sorted(parts))
    return norm or None


def _score_speakers(
    gold: Sequence[Quote],
    pred: Sequence[Quote],
    scores: SpeakerScores,
    category: Callable[[Quote], str] | None,
    threshold: float,
) -> None:
    gold_iv = [_merge(_content_key(q)) for q in gold]
    pred_iv = [_merge(_content_key(q)) for q in pred]
    partner = dict(overlap_pairs(gold_iv, pred_iv, threshold))
    for g, quote in enumerate(gold):
        matched = g in partner
        correct = matched and (
            normalize_speaker(quote.speaker) == normalize_speaker(pred[partner[g]].speaker)
        )
        scores.add(matched, correct)
        if category is not None:
            scores.by_category.setdefault(str(category(quote)), SpeakerCounts()).add(
                matched, correct
            )


def score_spans(
    gold_docs: Sequence[Document],
    pred_docs: Sequence[Document],
    threshold: float = DEFAULT_THRESHOLD,
    speaker_category: Callable[[Quote], str] | None = None,
) -> SpanScores:
    """Score predicted quotes against gold: roles (exact/overlap/char), relations, speakers,
    and content overlap recall per gold kind. See the module docstring for the conventions."""
    if not 0 < threshold <= 1:
        raise ValueError(f"the IoU threshold must be in (0, 1], got {threshold}")
    scores = SpanScores(threshold=threshold)
    for gold_doc, pred_doc in pair_documents(gold_docs, pred_docs):
        gold, pred = _scored_quotes(gold_doc), _scored_quotes(pred_doc)
        scores.n_docs += int(gold_doc is not None)
        scores.n_gold_quotes += len(gold)
        scores.n_pred_quotes += len(pred)
        for role in ROLES:
            gold_items, pred_items = _role_items(gold, role), _role_items(pred, role)
            found = _score_role(gold_items, pred_items, scores.role(role), threshold)
            if role == "content":
                for key, hit in found:
                    kind = gold_items[key].kind
                    recall = scores.by_kind.setdefault(kind, Recall())
                    recall.total += 1
                    recall.found += int(hit)
        scores.relation.add(*_score_relation(gold, pred, _source_exact, threshold))
        scores.relation_overlap.add(
            *_score_relation(gold, pred, lambda g, p: _source_overlap(g, p, threshold), threshold)
        )
        _score_speakers(gold, pred, scores.speaker, speaker_category, threshold)
    return scores


def score_speakers(
    gold_docs: Sequence[Document],
    pred_docs: Sequence[Document],
    category: Callable[[Quote], str] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> SpeakerScores:
    """Speaker accuracy alone (same as ``score_spans(...).speaker``)."""
    scores = SpeakerScores()
    for gold_doc, pred_doc in pair_documents(gold_docs, pred_docs):
        if gold_doc is not None:
            gold, pred = _scored_quotes(gold_doc), _scored_quotes(pred_doc)
            _score_speakers(gold, pred, scores, category, threshold)
    return scores



# --------------------------------------------------------------------------- calibration

CALIBRATION_BINS = 10


def score_calibration(
    gold_docs: Sequence[Document],
    pred_docs: Sequence[Document],
    n_bins: int = CALIBRATION_BINS,
    threshold: float = DEFAULT_THRESHOLD,
) -> dict[str, Any]:
    """Reliability of predicted quote scores: per score bin, the share of predicted quotes whose
    content matches a gold content one-to-one with IoU >= ``threshold``; and the ECE (expected
    calibration error: the bin-size-weighted mean gap between score and that share)."""
    bins = [{"lo": i / n_bins, "hi": (i + 1) / n_bins, "n": 0, "matched": 0, "score_sum": 0.0}
            for i in range(n_bins)]
    n_unscored = 0
    for gold_doc, pred_doc in pair_documents(gold_docs, pred_docs):
        if pred_doc is None:
            continue
        gold = [_content_key(q) for q in _scored_quotes(gold_doc)]
        quotes = _scored_quotes(pred_doc)
        matched = {p for _, p in overlap_pairs(gold, [_content_key(q) for q in quotes], threshold)}
        for index, quote in enumerate(quotes):
            if quote.score is None:
                n_unscored += 1
                continue
            score = min(max(float(quote.score), 0.0), 1.0)
            b = bins[min(int(score * n_bins), n_bins - 1)]
            b["n"] += 1
            b["matched"] += int(index in matched)
            b["score_sum"] += score
    n_scored = sum(b["n"] for b in bins)
    ece = 0.0
    out_bins = []
    for b in bins:
        mean = b["score_sum"] / b["n"] if b["n"] else None
        precision = b["matched"] / b["n"] if b["n"] else None
        if b["n"]:
            ece += b["n"] / n_scored * abs(precision - mean)  # type: ignore[operator]
        out_bins.append({"lo": b["lo"], "hi": b["hi"], "n": b["n"], "matched": b["matched"],
                         "mean_score": mean, "precision": precision})
    return {"n_scored": n_scored, "n_unscored": n_unscored, "ece": ece, "bins": out_bins}

# --------------------------------------------------------------------------- stance


def score_stance(
    gold_labels: Sequence[str],
    pred_labels: Sequence[str],
    labels: Sequence[str] = STANCE_LABELS,
) -> StanceScores:
    """Accuracy, macro-F1 over the ``labels`` that occur in gold, per-class P/R/F1, confusion."""
    if len(gold_labels) != len(pred_labels):
        raise InputError(
            f"{len(gold_labels)} gold stance labels but {len(pred_labels)} predictions; "
            "predict exactly one label per example"
        )
    labels = tuple(labels)
    if not labels or len(set(labels)) != len(labels):
        raise ValueError(f"stance labels must be distinct and non-empty, got {labels!r}")
    n = len(gold_labels)
    pairs = Counter(zip(gold_labels, pred_labels))
    per_class: dict[str, PRF] = {}
    for label in labels:
        tp = pairs[(label, label)]
        fp = sum(c for (g, p), c in pairs.items() if p == label and g != label)
        fn = sum(c for (g, p), c in pairs.items() if g == label and p != label)
        per_class[label] = PRF(tp, fp, fn)
    in_gold = set(gold_labels)
    macro_labels = tuple(label for label in labels if label in in_gold)
    macro_f1 = _mean([per_class[label].f1 for label in macro_labels])
    correct = sum(c for (g, p), c in pairs.items() if g == p)
    extras = sorted((in_gold | set(pred_labels)) - set(labels))
    confusion_labels = labels + tuple(extras)
    confusion = tuple(
        tuple(pairs[(g, p)] for p in confusion_labels) for g in confusion_labels
    )
    return StanceScores(
        n=n,
        accuracy=_ratio(correct, n),
        macro_f1=macro_f1,
        labels=labels,
        macro_labels=macro_labels,
        per_class=per_class,
        confusion_labels=confusion_labels,
        confusion=confusion,
    )


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


# --------------------------------------------------------------------------- formatting


def format_span_table(scores: SpanScores) -> str:
    """A plain-text table (percentages). The relation row puts "relation" (exact source) under
    exact and "relation_overlap" (source IoU) under overlap; it has no character score."""
    header = ("", "exact P", "R", "F1", "overlap P", "R", "F1", "char F1")
    rows: list[tuple[str, ...]] = [header]

    def pct(value: float) -> str:
        return f"{100 * value:.1f}"

    def prf(s: PRF) -> tuple[str, str, str]:
        return pct(s.precision), pct(s.recall), pct(s.f1)

    for role in ROLES:
        r = scores.role(role)
        rows.append((role, *prf(r.exact), *prf(r.overlap), pct(r.char.f1)))
    rows.append(("relation", *prf(scores.relation), *prf(scores.relation_overlap), "-"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [_table_line(row, widths) for row in rows]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def _table_line(row: Sequence[str], widths: Sequence[int]) -> str:
    """First column left-aligned, the numbers right-aligned."""
    cells = [c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))]
    return "  ".join(cells).rstrip()


def format_stance_table(scores: StanceScores) -> str:
    """Per-class P/R/F1 (percentages) then accuracy and macro-F1, as plain text."""
    rows = [("label", "P", "R", "F1", "gold")]
    for label in scores.labels:
        s = scores.per_class[label]
        rows.append(
            (label, *(f"{100 * v:.1f}" for v in (s.precision, s.recall, s.f1)), str(s.n_gold))
        )
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = [_table_line(row, widths) for row in rows]
    lines.append(
        f"accuracy {100 * scores.accuracy:.1f}  macro-F1 {100 * scores.macro_f1:.1f} "
        f"(over {', '.join(scores.macro_labels) or 'no labels'}; n={scores.n})"
    )
    return "\n".join(lines)


__all__ = [
    "PRF",
    "Recall",
    "RoleScores",
    "SpeakerCounts",
    "SpeakerScores",
    "SpanScores",
    "StanceScores",
    "ROLES",
    "DEFAULT_THRESHOLD",
    "iou",
    "match_one_to_one",
    "pair_documents",
    "normalize_speaker",
    "score_spans",
    "score_speakers",
    "score_stance",
    "format_span_table",
    "format_stance_table",
]
