"""The one data model: a Document with its text and the Quotes found in it.

Every span is a pair of character offsets into ``Document.text`` (end exclusive) plus the covered
text, and ``span.text == document.text[span.start:span.end]`` always holds: the constructors check
it, so a stage cannot produce an inconsistent document. The JSON format is documented in
``docs/format.md``; ``Document.to_dict`` / ``Document.from_dict`` round-trip it losslessly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Literal, Sequence

from .errors import FormatError, SpanError

FORMAT_VERSION = 1
KINDS = ("direct", "mixed", "indirect")
STANCE_LABELS = ("favor", "against", "none")
TARGET_KINDS = ("entity", "claim")  # what a stance target is: a name, or a proposition (PERSPECTRUM)
QUOTE_CHARS = "\"'“”‘’«»„‟‚‛‹›「」『』"
DOUBLE_QUOTE_CHARS = "\"“”«»„‟「」『』"

Kind = Literal["direct", "mixed", "indirect"]
StanceLabel = Literal["favor", "against", "none"]


@dataclass(frozen=True, order=True)
class Span:
    """A stretch of the document text: ``text == document.text[start:end]``."""

    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if not (isinstance(self.start, int) and isinstance(self.end, int)):
            raise SpanError(f"span offsets must be integers, got {self.start!r}, {self.end!r}")
        if self.start < 0 or self.end < self.start:
            raise SpanError(f"invalid span offsets {self.start}..{self.end}")
        if len(self.text) != self.end - self.start:
            raise SpanError(
                f"span {self.start}..{self.end} has text of length {len(self.text)}: {self.text!r}"
            )

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "Span":
        """The span of ``text[start:end]``; raises SpanError if it falls outside ``text``."""
        if start < 0 or end > len(text) or end < start:
            raise SpanError(f"span {start}..{end} is outside a text of length {len(text)}")
        return cls(start, end, text[start:end])

    def check(self, text: str) -> None:
        """Raise SpanError unless this span's text is exactly ``text[start:end]``."""
        if self.end > len(text) or text[self.start : self.end] != self.text:
            raise SpanError(
                f"span {self.start}..{self.end} says {self.text!r} but the document has "
                f"{text[self.start:self.end]!r}"
            )

    def overlap(self, other: "Span") -> int:
        return max(0, min(self.end, other.end) - max(self.start, other.start))

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, data: Any, text: str) -> "Span":
        """Read a span of ``text``; ``"text"`` may be left out and is then filled in."""
        if not isinstance(data, dict) or "start" not in data or "end" not in data:
            raise FormatError(f"a span must be an object with start and end, got {data!r}")
        start, end = data["start"], data["end"]
        if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool):
            raise FormatError(f"span offsets must be integers, got {data!r}")
        span = cls.of(text, start, end)
        if "text" in data and data["text"] != span.text:
            raise FormatError(
                f"span {start}..{end} says {data['text']!r} but the document has {span.text!r}"
            )
        return span


@dataclass(frozen=True)
class Stance:
    """Where the quote stands toward ``target``: favor, against or none, with a probability."""

    target: str
    label: StanceLabel
    score: float | None = None

    def __post_init__(self) -> None:
        if self.label not in STANCE_LABELS:
            raise FormatError(f"stance label must be one of {STANCE_LABELS}, got {self.label!r}")

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target, "label": self.label, "score": self.score}

    @classmethod
    def from_dict(cls, data: Any) -> "Stance":
        if not isinstance(data, dict) or "target" not in data or "label" not in data:
            raise FormatError(f"a stance must be an object with target and label, got {data!r}")
        return cls(str(data["target"]), data["label"], data.get("score"))


def infer_kind(content_text: str) -> Kind:
    """direct if the content is wholly inside quotation marks, mixed if it holds some, else indirect."""
    stripped = content_text.strip().rstrip(".,;:!?—–-").strip()
    marks = [c for c in stripped if c in DOUBLE_QUOTE_CHARS]
    if not marks:
        return "indirect"
    inner = stripped[1:-1] if len(stripped) >= 2 else ""
    if (
        stripped
        and stripped[0] in DOUBLE_QUOTE_CHARS
        and stripped[-1] in DOUBLE_QUOTE_CHARS + ".,!?"
        and not any(c in DOUBLE_QUOTE_CHARS for c in inner.rstrip("\"”»“"))
    ):
        return "direct"
    if stripped and stripped[0] in DOUBLE_QUOTE_CHARS and len(marks) == 1:
        return "direct"  # a paragraph-continued quote: opened here, closed later
    return "mixed"


def kind_of(pieces: Sequence[str]) -> Kind:
    """The kind of a (possibly discontinuous) content: each piece judged on its own."""
    kinds = {infer_kind(p) for p in pieces if p.strip()}
    if not kinds:
        return "indirect"
    return kinds.pop() if len(kinds) == 1 else "mixed"


@dataclass
class Quote:
    """One attribution: what was said (content), the cue, the source mention and the speaker.

    ``content`` is a list because PolNeAR contents can be discontinuous ("X, he said, Y").
    ``source`` is the mention in the text ("He"); ``speaker`` the document-level canonical name
    ("Lloyd Austin") or None when the text never names the speaker.
    """

    content: list[Span]
    cue: Span | None = None
    source: Span | None = None
    speaker: str | None = None
    kind: Kind = "indirect"
    score: float | None = None
    stance: list[Stance] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise FormatError(f"quote kind must be one of {KINDS}, got {self.kind!r}")
        self.content = sorted(self.content)

    @property
    def start(self) -> int:
        return min(s.start for s in self.spans())

    @property
    def end(self) -> int:
        return max(s.end for s in self.spans())

    @property
    def content_text(self) -> str:
        return " … ".join(s.text for s in self.content)

    def spans(self) -> list[Span]:
        """All spans of this quote: content pieces, cue and source."""
        return [*self.content, *(s for s in (self.cue, self.source) if s is not None)]

    def check(self, text: str) -> None:
        for span in self.spans():
            span.check(text)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "content": [s.to_dict() for s in self.content],
            "cue": self.cue.to_dict() if self.cue else None,
            "source": self.source.to_dict() if self.source else None,
            "speaker": self.speaker,
            "score": self.score,
            "stance": [s.to_dict() for s in self.stance],
        }

    @classmethod
    def from_dict(cls, data: Any, text: str) -> "Quote":
        if not isinstance(data, dict):
            raise FormatError(f"a quote must be an object, got {type(data).__name__}")
        content = data.get("content") or []
        if isinstance(content, dict):
            content = [content]
        if not isinstance(content, list):
            raise FormatError(f"quote content must be a list of spans, got {content!r}")
        spans = [Span.from_dict(c, text) for c in content]
        return cls(
            content=spans,
            cue=Span.from_dict(data["cue"], text) if data.get("cue") else None,
            source=Span.from_dict(data["source"], text) if data.get("source") else None,
            speaker=data.get("speaker"),
            kind=data.get("kind") or kind_of([s.text for s in spans]),
            score=data.get("score"),
            stance=[Stance.from_dict(s) for s in data.get("stance") or []],
        )


@dataclass
class Document:
    """An article: its id, text, free-form metadata, and the quotes the stages found in it."""

    id: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    quotes: list[Quote] = field(default_factory=list)
    # Span groups by role ("cue", "source", "mention"...): candidates a detector found, attached
    # to a quote or not, so that a later stage (the Linker) can choose among them.
    spans: dict[str, list[Span]] = field(default_factory=dict)

    def span(self, start: int, end: int) -> Span:
        """A Span of this document's text."""
        return Span.of(self.text, start, end)

    def check(self) -> None:
        """Raise SpanError if any span disagrees with the text."""
        for quote in self.quotes:
            quote.check(self.text)
        for group in self.spans.values():
            for span in group:
                span.check(self.text)

    def sort_quotes(self) -> None:
        """Order quotes by position, the order every writer and scorer expects."""
        self.quotes.sort(key=lambda q: (q.start, q.end))

    def copy_without_quotes(self) -> "Document":
        """The same article with no annotations, for running a pipeline on gold data."""
        return Document(id=self.id, text=self.text, meta=dict(self.meta))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "meta": self.meta,
            "quotes": [q.to_dict() for q in self.quotes],
            **(
                {"spans": {k: [s.to_dict() for s in v] for k, v in self.spans.items()}}
                if self.spans
                else {}
            ),
        }

    @classmethod
    def from_dict(cls, data: Any) -> "Document":
        if not isinstance(data, dict):
            raise FormatError(f"a document must be a JSON object, got {type(data).__name__}")
        if not isinstance(data.get("text"), str):
            raise FormatError("a document needs a string field 'text'")
        text = data["text"]
        meta = data.get("meta") or {}
        if not isinstance(meta, dict):
            raise FormatError("document 'meta' must be an object")
        quotes = data.get("quotes") or []
        if not isinstance(quotes, list):
            raise FormatError("document 'quotes' must be a list")
        groups = data.get("spans") or {}
        if not isinstance(groups, dict):
            raise FormatError("document 'spans' must be an object of span lists")
        return cls(
            id=str(data.get("id", "")),
            text=text,
            meta=meta,
            quotes=[Quote.from_dict(q, text) for q in quotes],
            spans={str(k): [Span.from_dict(s, text) for s in v] for k, v in groups.items()},
        )

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_json(cls, line: str) -> "Document":
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise FormatError(f"not valid JSON: {exc}") from exc
        return cls.from_dict(data)


def iter_jsonl(path: str | Path) -> Iterator[Document]:
    """Documents from a JSONL file, one per line; errors name the file and line."""
    path = Path(path)
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield Document.from_json(line)
            except FormatError as exc:
                raise FormatError(f"{path}:{number}: {exc}") from exc


def read_jsonl(path: str | Path) -> list[Document]:
    return list(iter_jsonl(path))


def write_jsonl(documents: Iterable[Document], path: str | Path) -> None:
    with Path(path).open("w", encoding="utf-8") as handle:
        for doc in documents:
            handle.write(doc.to_json() + "\n")


@dataclass(frozen=True)
class StanceExample:
    """One labelled stance pair for training/evaluating the stance classifier.

    ``text`` is the quote (or sentence) and ``target`` what the stance is toward; ``speaker``
    is the stance holder when the corpus gives one (SEESAW), and ``target_span`` the target's
    character offsets in ``text`` when the corpus marks it (NewsMTSC). ``target_kind`` says
    whether the target is an ``entity`` (a name: NewsMTSC, SEESAW, every target in a pipeline) or
    a ``claim`` (a proposition the text supports or undermines: PERSPECTRUM). The two read
    differently: "Russia is a threat" is against Russia but in favor of the claim "Russia is a threat".
    """

    id: str
    text: str
    target: str
    label: StanceLabel
    speaker: str | None = None
    context: str | None = None
    target_span: tuple[int, int] | None = None
    target_kind: str = "entity"
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.label not in STANCE_LABELS:
            raise FormatError(f"stance label must be one of {STANCE_LABELS}, got {self.label!r}")
        if self.target_kind not in TARGET_KINDS:
            raise FormatError(f"target_kind must be one of {TARGET_KINDS}, got {self.target_kind!r}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "target": self.target,
            "label": self.label,
            "speaker": self.speaker,
            "context": self.context,
            "target_span": list(self.target_span) if self.target_span else None,
            "target_kind": self.target_kind,
        }


def docs_by_id(documents: Sequence[Document]) -> dict[str, Document]:
    return {d.id: d for d in documents}
