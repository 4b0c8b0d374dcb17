"""Features for the Linker: how a cue or source candidate sits relative to a quote's content.

Everything is computed from character offsets, the sentence split of ``quotes.text`` and a few
word lists, so a whole article takes milliseconds. The feature names are saved with the model so
that a saved linker refuses to load with a different feature set.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..document import Document, Quote, Span
from ..text import sentences
from .lexicon import PERSONAL_PRONOUNS, RELATIVE_PRONOUNS

WINDOW_SENTENCES = 2  # candidates come from the content's sentences and this many either side

_SENT_END = re.compile(r"[.!?]['\"”’)]*\s")
_QUOTE_MARK = re.compile(r"[\"“”«»„]")
_TIGHT = re.compile(r"^[\s,\"“”'‘’—–-]*$")
_LEAD_COMPLEMENTISER = re.compile(r"^\s*(that|to|if|whether|how|why|what)\b", re.IGNORECASE)

CUE_FEATURES = [
    "before", "after", "inside", "log_gap", "log_tok_gap", "sent0", "sent1", "sent2",
    "gap_sent_end", "gap_newline", "gap_comma", "gap_quote", "tight", "nearest", "nearest_side",
    "log_rank", "other_content_between", "closer_to_other_content", "lead_that_before",
    "direct_before", "direct_after", "according_to_before", "according_to_after", "cue_in_quote",
    "log_other_gap_ratio",
]

SOURCE_FEATURES = [
    *("c_" + name for name in CUE_FEATURES[:18]),
    "has_cue", "u_before", "u_after", "u_log_gap", "u_log_tok_gap", "u_tight", "u_adjacent",
    "u_gap_comma", "u_gap_sent_end", "u_gap_quote", "u_same_sentence", "u_nearest",
    "u_nearest_side", "u_log_rank", "between_content_and_cue", "closer_to_other_cue",
    "according_after_cue", "pronoun", "relative_pronoun", "first_person", "possessive",
    "capitalised", "log_len", "inside_content_gap", "is_none", "none_no_same_sentence",
    "none_log_min_gap", "none_no_cue", "none_n_candidates",
]


@dataclass
class DocIndex:
    """Sentence and content positions of one document, computed once for all its quotes."""

    doc: Document
    sent_starts: list[int] = field(default_factory=list)
    hulls: list[tuple[int, int]] = field(default_factory=list)

    @classmethod
    def build(cls, doc: Document, quotes: Sequence[Quote] | None = None) -> DocIndex:
        spans = sentences(doc.text) or [(0, len(doc.text))]
        quotes = doc.quotes if quotes is None else quotes
        return cls(doc, [s for s, _ in spans], [(q.content[0].start, q.content[-1].end) for q in quotes if q.content])

    def sentence_of(self, position: int) -> int:
        return max(0, bisect_right(self.sent_starts, position) - 1)

    def window(self, quote: Quote) -> tuple[int, int]:
        """The sentence index range a candidate must fall in."""
        first = self.sentence_of(quote.content[0].start)
        last = self.sentence_of(max(quote.content[-1].end - 1, quote.content[-1].start))
        return first - WINDOW_SENTENCES, last + WINDOW_SENTENCES

    def in_window(self, quote: Quote, span: Span) -> bool:
        lo, hi = self.window(quote)
        return lo <= self.sentence_of(span.start) <= hi and not any(
            span.overlap(piece) for piece in quote.content
        )


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters between two intervals (0 when they touch or overlap)."""
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def _between(text: str, a: tuple[int, int], b: tuple[int, int]) -> str:
    lo, hi = (a[1], b[0]) if a[1] <= b[0] else (b[1], a[0])
    return text[lo:hi] if hi > lo else ""


def _tokens_in(gap: str) -> int:
    return len(re.findall(r"\w+", gap))


def _position(span: Span, hull: tuple[int, int]) -> str:
    if span.end <= hull[0]:
        return "before"
    if span.start >= hull[1]:
        return "after"
    return "inside"


def _log(x: float) -> float:
    return math.log1p(max(0.0, x))


def _ranks(spans: Sequence[Span], ref: tuple[int, int]) -> tuple[list[int], list[bool]]:
    """Rank of each span by distance to ``ref`` and whether it is the nearest on its side."""
    gaps = [_gap((s.start, s.end), ref) for s in spans]
    order = sorted(range(len(spans)), key=lambda i: (gaps[i], spans[i].start))
    rank = [0] * len(spans)
    for r, i in enumerate(order):
        rank[i] = r
    side_best: dict[bool, int] = {}
    for i in order:
        side_best.setdefault(spans[i].end <= ref[0], i)
    return rank, [side_best.get(spans[i].end <= ref[0]) == i for i in range(len(spans))]


def _relative(
    index: DocIndex, quote: Quote, spans: Sequence[Span], hull_id: int | None
) -> list[dict[str, float]]:
    """The content-relative features of each candidate in ``spans``."""
    text = index.doc.text
    hull = (quote.content[0].start, quote.content[-1].end)
    rank, nearest_side = _ranks(spans, hull)
    first = index.sentence_of(hull[0])
    last = index.sentence_of(max(hull[1] - 1, hull[0]))
    direct = quote.content[0].text.lstrip()[:1] in "\"“«„'‘"
    lead_that = bool(_LEAD_COMPLEMENTISER.match(quote.content[0].text))
    others = [h for i, h in enumerate(index.hulls) if i != hull_id and h != hull]
    out = []
    for i, span in enumerate(spans):
        iv = (span.start, span.end)
        pos = _position(span, hull)
        gap = _gap(iv, hull)
        between = _between(text, iv, hull) if pos != "inside" else ""
        sent = index.sentence_of(span.start)
        delta = 0 if first <= sent <= last else min(abs(sent - first), abs(sent - last))
        other_between = any(
            (iv[1] <= h[0] and h[1] <= hull[0]) or (hull[1] <= h[0] and h[1] <= iv[0]) for h in others
        )
        other_gaps = [_gap(iv, h) for h in others]
        closest_other = min(other_gaps) if other_gaps else 10_000
        low = span.text.lower()
        out.append(
            {
                "before": float(pos == "before"),
                "after": float(pos == "after"),
                "inside": float(pos == "inside"),
                "log_gap": _log(gap),
                "log_tok_gap": _log(_tokens_in(between)),
                "sent0": float(delta == 0),
                "sent1": float(delta == 1),
                "sent2": float(delta >= 2),
                "gap_sent_end": float(bool(_SENT_END.search(between + " "))) if between.strip() else 0.0,
                "gap_newline": float("\n" in between),
                "gap_comma": float("," in between),
                "gap_quote": float(bool(_QUOTE_MARK.search(between))),
                "tight": float(pos == "inside" or bool(_TIGHT.match(between))),
                "nearest": float(rank[i] == 0),
                "nearest_side": float(nearest_side[i]),
                "log_rank": _log(rank[i]),
                "other_content_between": float(other_between),
                "closer_to_other_content": float(closest_other < gap),
                "lead_that_before": float(lead_that and pos == "before"),
                "direct_before": float(direct and pos == "before"),
                "direct_after": float(direct and pos == "after"),
                "according_to_before": float(low.startswith("according") and pos == "before"),
                "according_to_after": float(low.startswith("according") and pos == "after"),
                "cue_in_quote": float(_QUOTE_MARK.search(between) is not None and pos == "inside"),
                "log_other_gap_ratio": _log(gap) - _log(closest_other) if others else 0.0,
            }
        )
    return out


def cue_features(
    index: DocIndex, quote: Quote, candidates: Sequence[Span], hull_id: int | None = None
) -> list[list[float]]:
    """One feature row per cue candidate (in ``CUE_FEATURES`` order)."""
    rows = _relative(index, quote, candidates, hull_id)
    return [[row[name] for name in CUE_FEATURES] for row in rows]


def source_features(
    index: DocIndex,
    quote: Quote,
    candidates: Sequence[Span],
    cue: Span | None,
    cues: Sequence[Span] = (),
    hull_id: int | None = None,
) -> list[list[float]]:
    """One row per source candidate plus a final row for "no source" (``SOURCE_FEATURES`` order)."""
    text = index.doc.text
    rel = _relative(index, quote, candidates, hull_id)
    hull = (quote.content[0].start, quote.content[-1].end)
    rows: list[dict[str, float]] = []
    if cue is not None:
        cue_iv = (cue.start, cue.end)
        rank, nearest_side = _ranks(candidates, cue_iv)
        cue_sent = index.sentence_of(cue.start)
    for i, span in enumerate(candidates):
        iv = (span.start, span.end)
        row = {"c_" + k: v for k, v in rel[i].items() if "c_" + k in SOURCE_FEATURES}
        low = span.text.lower().strip()
        words = low.split()
        row.update(
            {
                "pronoun": float(low in PERSONAL_PRONOUNS),
                "relative_pronoun": float(low in RELATIVE_PRONOUNS),
                "first_person": float(low in ("i", "we", "me", "us")),
                "possessive": float(low in ("his", "her", "their", "its", "our", "my") or low.endswith(("'s", "’s"))),
                "capitalised": float(span.text[:1].isupper() and low not in PERSONAL_PRONOUNS),
                "log_len": _log(len(words)),
                "inside_content_gap": float(hull[0] < span.start and span.end <= hull[1]),
            }
        )
        if cue is not None:
            gap_u = _gap(iv, cue_iv)
            between_u = _between(text, iv, cue_iv)
            others = [_gap(iv, (c.start, c.end)) for c in cues if c != cue]
            lo, hi = min(hull[0], cue_iv[0]), max(hull[1], cue_iv[1])
            row.update(
                {
                    "has_cue": 1.0,
                    "u_before": float(span.end <= cue.start),
                    "u_after": float(span.start >= cue.end),
                    "u_log_gap": _log(gap_u),
                    "u_log_tok_gap": _log(_tokens_in(between_u)),
                    "u_tight": float(bool(_TIGHT.match(between_u))),
                    "u_adjacent": float(between_u.strip() == ""),
                    "u_gap_comma": float("," in between_u),
                    "u_gap_sent_end": float(bool(_SENT_END.search(between_u + " "))) if between_u.strip() else 0.0,
                    "u_gap_quote": float(bool(_QUOTE_MARK.search(between_u))),
                    "u_same_sentence": float(index.sentence_of(span.start) == cue_sent),
                    "u_nearest": float(rank[i] == 0),
                    "u_nearest_side": float(nearest_side[i]),
                    "u_log_rank": _log(rank[i]),
                    "between_content_and_cue": float(lo <= span.start and span.end <= hi and not (hull[0] <= span.start and span.end <= hull[1])),
                    "closer_to_other_cue": float(bool(others) and min(others) < gap_u),
                    "according_after_cue": float(cue.text.lower().startswith("according") and span.start >= cue.end),
                }
            )
        rows.append(row)
    # The "no source" option.
    none = {"is_none": 1.0, "none_no_cue": float(cue is None)}
    if cue is not None:
        cue_sent = index.sentence_of(cue.start)
        same = [s for s in candidates if index.sentence_of(s.start) == cue_sent]
        gaps = [_gap((s.start, s.end), (cue.start, cue.end)) for s in candidates]
        none["none_no_same_sentence"] = float(not same)
        none["none_log_min_gap"] = _log(min(gaps)) if gaps else _log(1000)
    else:
        none["none_no_same_sentence"] = 1.0
        none["none_log_min_gap"] = _log(1000)
    none["none_n_candidates"] = _log(len(candidates))
    rows.append(none)
    return [[row.get(name, 0.0) for name in SOURCE_FEATURES] for row in rows]
