"""Reader for PolNeAR (political news attribution relations, brat standoff).

Layout expected under ``data_dir``: ``<split>/text/<article>.txt``,
``<split>/attributions/<article>_<annotator>.ann`` and an optional ``metadata.tsv``.

Choices made here (PolNeAR leaves them to the user):

* **Annotator.** Some articles have 2-6 annotation files that disagree. ``annotator="first"``
  (the default) keeps one file per article: the annotator listed first in the ``annotators``
  column of ``metadata.tsv`` when that file exists, else the lexicographically first ``.ann``
  file. ``annotator="all"`` returns one Document per file with id ``"<article>#<annotator>"``
  (for agreement studies); any other value is an annotator id and returns only the articles that
  annotator labelled.
* **Relations.** Each ``E`` line becomes one Quote. Its ``Content``/``Content2``... spans become
  the content pieces (a discontinuous ``s e;s e`` span gives one piece per pair); ``Cue`` the cue
  (the ``Attribution`` anchor, a copy of the cue, stands in when Cue is missing); ``Source`` the
  source (None when missing). ``kind`` is ``infer_kind`` of each piece: all direct -> direct,
  all indirect -> indirect, else mixed. An E line that is malformed, points to an undefined
  T id or has no content is skipped and counted in ``doc.meta["skipped_relations"]``.
* **Offsets win.** Spans are built from the offsets and checked against the text; the covered-text
  column (which may run over several lines) is only used to count disagreements in
  ``doc.meta["covered_text_mismatches"]``. A discontinuous cue or source (rare) is reduced to the
  stretch from its first start to its last end, because Quote.cue/source are single spans.

All annotated Cue and Source T spans (in a relation or not) go to ``doc.spans["cue"]`` and
``doc.spans["source"]`` so that a linker can be trained on candidates.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..document import Document, Quote, Span, kind_of
from ..errors import CorpusError, SpanError

SPLITS = ("train", "dev")
# A new brat record starts with an id and a tab; anything else continues the previous T's text.
_RECORD = re.compile(r"^(?:[TEARNM]\d+|#\d*)\t")
_T_HEAD = re.compile(r"^(?P<label>[^\s]+) (?P<offsets>\d+ \d+(?:;\d+ \d+)*)$")
_ROLE = re.compile(r"^(?P<role>[A-Za-z][\w-]*):(?P<tid>T\d+)$")
_CONTENT_ROLE = re.compile(r"^Content\d*$")


@dataclass
class _TextBound:
    """One T line: its label, offset pairs, covered text and line number (for messages)."""

    tid: str
    label: str
    pieces: list[tuple[int, int]]
    covered: str
    line: int


def _parse_t(path: Path, number: int, line: str) -> _TextBound:
    parts = line.split("\t", 2)
    head = _T_HEAD.match(parts[1]) if len(parts) >= 2 else None
    if head is None:
        raise CorpusError(
            f"{path}:{number}: malformed T line {line[:80]!r}; expected "
            "'T<n>\\t<Label> <start> <end>[;<start> <end>...]\\t<text>'"
        )
    pieces = []
    for pair in head["offsets"].split(";"):
        start, end = (int(x) for x in pair.split())
        if end < start:
            raise CorpusError(f"{path}:{number}: span {start} {end} ends before it starts")
        pieces.append((start, end))
    covered = parts[2] if len(parts) == 3 else ""
    return _TextBound(parts[0], head["label"], pieces, covered, number)


def _parse_ann(path: Path) -> tuple[dict[str, _TextBound], list[tuple[int, str]]]:
    """The T records by id and the raw E lines (with line numbers) of one .ann file."""
    bounds: dict[str, _TextBound] = {}
    relations: list[tuple[int, str]] = []
    last: _TextBound | None = None
    with path.open(encoding="utf-8", newline="") as handle:
        lines = handle.read().split("\n")
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\r")
        if _RECORD.match(line):
            last = None
            if line.startswith("T"):
                last = _parse_t(path, number, line)
                if last.tid in bounds:
                    raise CorpusError(f"{path}:{number}: duplicate id {last.tid}")
                bounds[last.tid] = last
            elif line.startswith("E"):
                relations.append((number, line))
        elif last is not None:
            last.covered += "\n" + line  # the covered text crosses a line break
        elif line.strip():
            raise CorpusError(f"{path}:{number}: line is not a brat record: {line[:80]!r}")
    return bounds, relations


def _span(text: str, pieces: list[tuple[int, int]], where: str) -> Span:
    """One span covering all pieces (for cue/source, which are single spans)."""
    try:
        return Span.of(text, pieces[0][0], pieces[-1][1])
    except SpanError as exc:
        raise CorpusError(f"{where}: {exc}") from exc


def _pieces(text: str, pieces: list[tuple[int, int]], where: str) -> list[Span]:
    try:
        return [Span.of(text, s, e) for s, e in pieces if e > s]
    except SpanError as exc:
        raise CorpusError(f"{where}: {exc}") from exc


def _covered_matches(text: str, bound: _TextBound) -> bool:
    """Whether the covered-text column agrees with the offsets (brat joins pieces by a space)."""
    expected = " ".join(text[s:e] for s, e in bound.pieces)
    return bound.covered.split() == expected.split()


def read_annotation(text: str, ann_path: str | Path, doc_id: str) -> Document:
    """One Document from an article text and one .ann file (see the module docstring)."""
    path = Path(ann_path)
    bounds, relations = _parse_ann(path)
    doc = Document(id=doc_id, text=text)
    mismatches = sum(not _covered_matches(text, b) for b in bounds.values())
    cues, sources = set(), set()
    for bound in bounds.values():
        where = f"{path}:{bound.line}"
        if bound.label == "Cue":
            cues.add(_span(text, bound.pieces, where))
        elif bound.label == "Source":
            sources.add(_span(text, bound.pieces, where))
        else:  # still check offsets of every other label
            _pieces(text, bound.pieces, where)
    skipped = 0
    for number, line in relations:
        quote = _relation(text, bounds, line, f"{path}:{number}")
        if quote is None:
            skipped += 1
        else:
            doc.quotes.append(quote)
    doc.sort_quotes()
    doc.spans = {"cue": sorted(cues), "source": sorted(sources)}
    doc.meta = {"skipped_relations": skipped, "covered_text_mismatches": mismatches}
    return doc


def _relation(text: str, bounds: dict[str, _TextBound], line: str, where: str) -> Quote | None:
    """The Quote of one E line, or None when the line is malformed or has no content."""
    fields = line.split("\t")
    if len(fields) < 2:
        return None
    roles: dict[str, list[_TextBound]] = {}
    for token in fields[1].split():
        match = _ROLE.match(token)
        if match is None or match["tid"] not in bounds:
            return None
        roles.setdefault(match["role"], []).append(bounds[match["tid"]])
    content = [
        piece
        for role in sorted(r for r in roles if _CONTENT_ROLE.match(r))
        for bound in roles[role]
        for piece in _pieces(text, bound.pieces, where)
    ]
    if not content:
        return None
    anchors = roles.get("Cue") or roles.get("Attribution") or roles.get("Attribution-no-source")
    cue_bound = anchors[0] if anchors else None
    source_bound = (roles.get("Source") or [None])[0]
    content = sorted(set(content))
    return Quote(
        content=content,
        cue=_span(text, cue_bound.pieces, where) if cue_bound else None,
        source=_span(text, source_bound.pieces, where) if source_bound else None,
        speaker=None,
        kind=kind_of([span.text for span in content]),
        score=None,
    )


def _read_metadata(data_dir: Path) -> dict[str, dict[str, str]]:
    path = data_dir / "metadata.tsv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    if rows and "filename" not in rows[0]:
        raise CorpusError(f"{path}: no 'filename' column; is this PolNeAR's metadata.tsv?")
    return {row["filename"]: row for row in rows}


def _choose(files: dict[str, Path], meta: dict[str, str] | None, annotator: str) -> list[str]:
    """The annotator ids to read for one article, following the documented choice."""
    if annotator == "all":
        return sorted(files)
    if annotator == "first":
        listed = [a for a in (meta or {}).get("annotators", "").split("|") if a]
        for candidate in listed:
            if candidate in files:
                return [candidate]
        return [sorted(files)[0]]
    return [annotator] if annotator in files else []


def iter_polnear(
    data_dir: str | Path, split: str = "dev", annotator: str = "first"
) -> Iterator[Document]:
    """Yield the PolNeAR Documents of one split, articles in file-name order."""
    root = Path(data_dir)
    if not root.is_dir():
        raise CorpusError(f"PolNeAR folder not found: {root}")
    split_dir = root / split
    text_dir, ann_dir = split_dir / "text", split_dir / "attributions"
    for folder in (split_dir, text_dir, ann_dir):
        if not folder.is_dir():
            raise CorpusError(
                f"PolNeAR split folder not found: {folder} (splits here: {SPLITS}; "
                "data_dir must hold train/, dev/ and metadata.tsv)"
            )
    metadata = _read_metadata(root)
    by_article: dict[str, dict[str, Path]] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        article, sep, who = ann.stem.rpartition("_")
        if not sep:
            raise CorpusError(f"{ann}: expected a name '<article>_<annotator>.ann'")
        by_article.setdefault(article, {})[who] = ann
    if not by_article:
        raise CorpusError(f"no .ann files in {ann_dir}")
    for article in sorted(by_article):
        files = by_article[article]
        row = metadata.get(article)
        chosen = _choose(files, row, annotator)
        if not chosen:
            continue
        text_path = text_dir / f"{article}.txt"
        if not text_path.exists():
            raise CorpusError(f"{files[chosen[0]]}: its text {text_path} is missing")
        with text_path.open(encoding="utf-8", newline="") as handle:
            text = handle.read()
        for who in chosen:
            doc_id = f"{article}#{who}" if annotator == "all" else article
            doc = read_annotation(text, files[who], doc_id)
            doc.meta = {
                "annotator": who,
                "annotators": sorted(files),
                "split": split,
                "publisher": row.get("publisher") if row else None,
                "title": row.get("title") if row else None,
                "date": row.get("publication_date") if row else None,
                **doc.meta,
            }
            yield doc


def read_polnear(
    data_dir: str | Path, split: str = "dev", annotator: str = "first"
) -> list[Document]:
    """All PolNeAR Documents of one split; see the module docstring for the annotator choice."""
    return list(iter_polnear(data_dir, split, annotator))
