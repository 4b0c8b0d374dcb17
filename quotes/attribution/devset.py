"""The hand-checked canonical-speaker dev set (``eval/speakers_dev.jsonl``) and its scoring.

The file holds only ids, offsets and labels (PolNeAR texts cannot be copied into the project):
one JSON line per relation of the first annotator, ``{"doc_id", "content_start", "content_end",
"source_start", "source_end", "source_text", "speaker", "source_type"}``. ``join_speakers``
puts the labels on ``read_polnear`` documents as gold ``quote.speaker``; ``speaker_accuracy``
compares a resolver's speakers with them, overall and per source type. See
``eval/speakers_dev.md`` for how the labels were made.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..document import Document, Quote
from ..errors import CorpusError, FormatError
from ..scoring import normalize_speaker

SOURCE_TYPES = ("pronoun", "partial_name", "full_name", "description", "organization", "none")
DEFAULT_PATH = Path(__file__).resolve().parents[2] / "eval" / "speakers_dev.jsonl"
# Labels on PolNeAR *train* articles: where the resolver's rules are developed since session 5,
# so that the dev batches can stay untouched (see eval/speakers_dev.md, "Train articles").
TRAIN_PATH = Path(__file__).resolve().parents[2] / "eval" / "speakers_train.jsonl"
NEVER_TUNED_BATCHES = (3, 5, 7)  # labelled with the resolver's rules frozen and never used to change them
_FIELDS = ("doc_id", "content_start", "content_end", "source_start", "source_end", "source_text",
           "speaker", "source_type")


@dataclass(frozen=True)
class SpeakerLabel:
    """One hand label: which relation (by offsets) and who its speaker is."""

    doc_id: str
    content_start: int
    content_end: int
    source_start: int | None
    source_end: int | None
    source_text: str | None
    speaker: str | None
    source_type: str
    batch: int | None = None  # 1: developed on, 2 and 4: held out then developed on, 3, 5 and 7: never tuned on

    @classmethod
    def from_dict(cls, data: Any, where: str) -> SpeakerLabel:
        if not isinstance(data, dict) or any(k not in data for k in _FIELDS):
            raise FormatError(f"{where}: a speaker label needs the fields {', '.join(_FIELDS)}")
        if data["source_type"] not in SOURCE_TYPES:
            raise FormatError(f"{where}: source_type must be one of {SOURCE_TYPES}, got {data['source_type']!r}")
        return cls(**{k: data[k] for k in _FIELDS}, batch=data.get("batch"))

    def to_dict(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in _FIELDS}
        if self.batch is not None:
            out["batch"] = self.batch
        return out

    def key(self) -> tuple[int, int, int | None, int | None]:
        return (self.content_start, self.content_end, self.source_start, self.source_end)


def quote_key(quote: Quote) -> tuple[int, int, int | None, int | None]:
    """How a label finds its quote: content hull and source offsets."""
    src = quote.source
    return (quote.content[0].start, quote.content[-1].end, src.start if src else None, src.end if src else None)


def read_speaker_labels(path: str | Path = DEFAULT_PATH) -> list[SpeakerLabel]:
    path = Path(path)
    if not path.is_file():
        raise CorpusError(f"speaker dev set not found: {path}")
    labels = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    data = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise FormatError(f"{path}:{number}: not valid JSON: {exc}") from exc
                labels.append(SpeakerLabel.from_dict(data, f"{path}:{number}"))
    return labels


def write_speaker_labels(labels: Sequence[SpeakerLabel], path: str | Path) -> None:
    with Path(path).open("w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(label.to_dict(), ensure_ascii=False) + "\n" for label in labels)


def join_speakers(docs: Sequence[Document], labels: Sequence[SpeakerLabel]) -> list[Document]:
    """The labelled documents, each quote's ``speaker`` set from its label and
    ``doc.meta["speaker_types"]`` holding the source type per quote (quotes in doc order).

    Raises CorpusError when a label's relation is not in its document (another annotator file or
    a changed reader): the set was made with ``read_polnear(..., annotator="first")``.
    """
    by_doc: dict[str, dict[tuple, SpeakerLabel]] = {}
    for label in labels:
        by_doc.setdefault(label.doc_id, {})[label.key()] = label
    out = []
    found = {d.id: d for d in docs}
    for doc_id, wanted in by_doc.items():
        doc = found.get(doc_id)
        if doc is None:
            raise CorpusError(f"speaker dev set names article {doc_id!r}, which is not among the documents given")
        types = []
        matched = 0
        for quote in doc.quotes:
            label = wanted.get(quote_key(quote)) if quote.content else None
            if label is not None:
                quote.speaker = label.speaker
                matched += 1
            types.append(label.source_type if label else None)
        if matched != len(wanted):
            raise CorpusError(
                f"{doc_id}: {len(wanted) - matched} of {len(wanted)} speaker labels match no relation; "
                "read PolNeAR with annotator='first' (the set was made from the first annotator's file)"
            )
        doc.meta["speaker_types"] = types
        out.append(doc)
    return out


def load_speakers_dev(
    polnear_dir: str | Path,
    path: str | Path = DEFAULT_PATH,
    batches: Sequence[int] | None = None,
    split: str = "dev",
) -> list[Document]:
    """The PolNeAR articles of a speaker set, with gold ``quote.speaker`` filled in.

    ``batches`` keeps only those labelling batches (``NEVER_TUNED_BATCHES``: the dev articles no
    rule was tuned on). ``split="train"`` with ``path=TRAIN_PATH`` reads the labels made on train
    articles, the resolver's development set.
    """
    from ..corpora.polnear import read_polnear

    labels = read_speaker_labels(path)
    if batches is not None:
        labels = [label for label in labels if label.batch in set(batches)]
    wanted = {label.doc_id for label in labels}
    docs = [doc for doc in read_polnear(polnear_dir, split) if doc.id in wanted]
    return join_speakers(docs, labels)


@dataclass
class SpeakerAccuracy:
    """Correct / total overall and per source type."""

    correct: Counter
    total: Counter

    def accuracy(self, group: str = "all") -> float:
        return self.correct[group] / self.total[group] if self.total[group] else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {g: {"correct": self.correct[g], "total": self.total[g], "accuracy": self.accuracy(g)}
                for g in sorted(self.total)}


HARD_TYPES = ("pronoun", "partial_name", "description")


def speaker_accuracy(
    gold_docs: Sequence[Document], predict: Callable[[Document], list[str | None]]
) -> SpeakerAccuracy:
    """Accuracy of ``predict`` (speakers for a doc's gold quotes, in order) against the labels.

    Names compare like ``quotes.scoring`` (casefolded, whitespace collapsed). Groups: "all",
    each source type, and "hard" (pronoun + partial name + description).
    """
    correct: Counter = Counter()
    total: Counter = Counter()
    for doc in gold_docs:
        types = doc.meta.get("speaker_types") or [None] * len(doc.quotes)
        predicted = predict(doc)
        for quote, kind, guess in zip(doc.quotes, types, predicted):
            if kind is None:
                continue
            ok = normalize_speaker(guess) == normalize_speaker(quote.speaker)
            for group in ("all", kind, *(("hard",) if kind in HARD_TYPES else ())):
                total[group] += 1
                correct[group] += ok
    return SpeakerAccuracy(correct, total)
