"""The Linker stage: for each quote's content, choose its cue and source among the candidates.

A span detector finds content, cue and source spans; which cue and source belong to which content
is a separate decision. The Linker makes it in two steps, each a learned ranking over the
candidates in the content's neighbourhood (its sentences and two either side):
first the cue, then the source given that cue, where "no source" is one of the options.
``Linker.nearest()`` is the rule it is compared with: the candidate closest to the content.

Candidates come from ``doc.spans["cue"]`` / ``doc.spans["source"]`` (all spans the detector
found) together with the cues and sources already on the quotes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..document import Document, Quote, Span
from ..errors import ModelError
from ..pipeline import Stage
from . import store
from .features import (
    CUE_FEATURES,
    SOURCE_FEATURES,
    DocIndex,
    cue_features,
    source_features,
)
from .scorer import PairScorer

KIND = "linker"
WEIGHTS_FILE = "linker.safetensors"


@dataclass
class Link:
    """The linker's decision for one quote: its cue, its source, and the source's probability."""

    cue: Span | None
    source: Span | None
    score: float | None = None


def candidates(doc: Document, role: str) -> list[Span]:
    """All candidate spans of ``role`` ("cue" or "source"): the doc's span group and the quotes'."""
    found = set(doc.spans.get(role, []))
    for quote in doc.quotes:
        span = getattr(quote, role)
        if span is not None:
            found.add(span)
    return sorted(found)


def _softmax_choice(logits: np.ndarray) -> tuple[int, float]:
    best = int(np.argmax(logits))
    z = logits - logits.max()
    p = np.exp(z) / np.exp(z).sum()
    return best, float(p[best])


@dataclass
class Linker(Stage):
    """Choose each quote's cue and source; ``cue_scorer``/``source_scorer`` None = nearest rule."""

    cue_scorer: PairScorer | None = None
    source_scorer: PairScorer | None = None
    config: dict[str, Any] = field(default_factory=dict)
    name: str = "linker"

    @classmethod
    def nearest(cls) -> Linker:
        """The rule baseline: the cue nearest the content, then the source nearest that cue."""
        return cls(None, None, {"rule": "nearest"})

    # ------------------------------------------------------------------ decisions

    def link(self, doc: Document, quotes: Sequence[Quote] | None = None) -> list[Link]:
        """One Link per quote of ``doc`` (or of ``quotes``), in the same order."""
        quotes = doc.quotes if quotes is None else list(quotes)
        index = DocIndex.build(doc, quotes)
        all_cues, all_sources = candidates(doc, "cue"), candidates(doc, "source")
        links = []
        for qi, quote in enumerate(quotes):
            if not quote.content:
                links.append(Link(quote.cue, quote.source, None))
                continue
            cues = [c for c in all_cues if index.in_window(quote, c)]
            cue = self._choose_cue(index, quote, cues, qi)
            sources = [
                s for s in all_sources
                if index.in_window(quote, s) and not (cue is not None and s.overlap(cue))
            ]
            source, score = self._choose_source(index, quote, sources, cue, cues, qi)
            links.append(Link(cue, source, score))
        return links

    def _choose_cue(self, index: DocIndex, quote: Quote, cues: list[Span], qi: int) -> Span | None:
        if not cues:
            return None
        if self.cue_scorer is None:
            hull = (quote.content[0].start, quote.content[-1].end)
            return min(cues, key=lambda c: (max(0, max(c.start, hull[0]) - min(c.end, hull[1])), c.start))
        logits = self.cue_scorer.logits(cue_features(index, quote, cues, qi))
        return cues[int(np.argmax(logits))]

    def _choose_source(
        self, index: DocIndex, quote: Quote, sources: list[Span], cue: Span | None, cues: list[Span], qi: int
    ) -> tuple[Span | None, float | None]:
        if self.source_scorer is None:
            if not sources:
                return None, None
            ref = (cue.start, cue.end) if cue is not None else (quote.content[0].start, quote.content[-1].end)
            best = min(sources, key=lambda s: (max(0, max(s.start, ref[0]) - min(s.end, ref[1])), s.start))
            return best, None
        rows = source_features(index, quote, sources, cue, cues, qi)
        best, prob = _softmax_choice(self.source_scorer.logits(rows))
        return (sources[best] if best < len(sources) else None), prob

    # ------------------------------------------------------------------ Stage contract

    def predict(self, docs: Sequence[Document]) -> list[list[Link]]:
        return [self.link(doc) for doc in docs]

    def set_annotations(self, docs: Sequence[Document], predictions: Sequence[list[Link]]) -> None:
        for doc, links in zip(docs, predictions):
            for quote, link in zip(doc.quotes, links):
                quote.cue, quote.source = link.cue, link.source

    # ------------------------------------------------------------------ persistence

    def save_pretrained(self, directory: str | Path) -> None:
        """Write the ``linker`` part of ``config.json`` and ``linker.safetensors``."""
        if self.cue_scorer is None or self.source_scorer is None:
            raise ModelError("the nearest-rule linker has no weights to save")
        folder = Path(directory)
        section = {
            **{k: v for k, v in self.config.items() if k not in ("cue_features", "source_features", "weights")},
            "cue_features": self.cue_scorer.feature_names,
            "source_features": self.source_scorer.feature_names,
            "weights": WEIGHTS_FILE,
        }
        store.write_section(folder, KIND, section)
        store.write_tensors(
            folder / WEIGHTS_FILE, {**self.cue_scorer.to_tensors("cue"), **self.source_scorer.to_tensors("source")}
        )

    @classmethod
    def from_pretrained(cls, directory: str | Path) -> Linker:
        """Load a saved linker; errors name the missing or mismatched file and how to rebuild."""
        folder = Path(directory)
        config = store.read_section(folder, KIND)
        if config.get("cue_features") != CUE_FEATURES or config.get("source_features") != SOURCE_FEATURES:
            raise ModelError(
                f"{folder / 'config.json'} was saved with other linker features than this version "
                f"computes. Rebuild it with: {store.REBUILD}"
            )
        tensors = store.read_tensors(folder / str(config.get("weights", WEIGHTS_FILE)))
        return cls(
            PairScorer.from_tensors(tensors, "cue", CUE_FEATURES),
            PairScorer.from_tensors(tensors, "source", SOURCE_FEATURES),
            dict(config),
        )
