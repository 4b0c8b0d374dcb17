"""Who stands where, across an archive: per-speaker and per-speaker-and-target tallies of the
quotes that ``quotes extract`` wrote (JSON or JSONL).

Speakers are matched across documents by their canonical name (case and spacing folded, and a
one-word name joined to the one longer name it ends), since each document resolves its own
speakers; quotes with no resolved speaker are counted apart, not as a speaker. A stance entry
whose score is None (a target the quote never names) says nothing about that target and is not
counted.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, TextIO

from rich import box
from rich.console import Console
from rich.table import Table

from .document import Document, Stance, iter_jsonl
from .errors import FormatError, InputError
from .writers import table_width


@dataclass
class SpeakerSummary:
    """One speaker's quotes across the documents."""

    speaker: str
    quotes: int = 0
    documents: int = 0
    direct: int = 0
    mixed: int = 0
    indirect: int = 0


@dataclass
class StanceSummary:
    """One speaker's stance toward one target: counts per label, and ``net`` = (favor - against)
    / quotes, from -1 (always against) to 1 (always in favour)."""

    speaker: str
    target: str
    quotes: int = 0
    favor: int = 0
    against: int = 0
    none: int = 0
    documents: int = 0

    @property
    def net(self) -> float:
        return (self.favor - self.against) / self.quotes if self.quotes else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "net": round(self.net, 4)}


@dataclass
class Summary:
    """Both tables, and how many quotes had no speaker (they appear in neither)."""

    speakers: list[SpeakerSummary] = field(default_factory=list)
    stance: list[StanceSummary] = field(default_factory=list)
    documents: int = 0
    quotes: int = 0
    unresolved_quotes: int = 0


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def surname_aliases(names: Iterable[str]) -> dict[str, str]:
    """Folded one-word names that are the last word of exactly one longer name in ``names``
    ("trump" -> "donald trump"): each document resolves its own speakers, so one article's
    "Trump" (never given a first name) is the archive's Donald Trump, unless two people share it."""
    keys = {_key(n) for n in names}
    longer: dict[str, list[str]] = {}
    for key in keys:
        words = key.split()
        if len(words) >= 2:
            longer.setdefault(words[-1], []).append(key)
    return {k: longer[k][0] for k in keys if " " not in k and len(longer.get(k, [])) == 1}


def summarize(documents: Iterable[Document], min_quotes: int = 1) -> Summary:
    """Tally quotes per speaker and stance per (speaker, target); rows with fewer than
    ``min_quotes`` quotes are left out. Rows are sorted by quote count, then name.

    Names are matched across documents case- and space-folded, and a one-word name joins the one
    longer name it ends ("Trump" -> "Donald Trump"; see ``surname_aliases``)."""
    out = Summary()
    spoken: list[tuple[str, str, str, list[Stance]]] = []  # (doc id, speaker, kind, stance)
    for doc in documents:
        out.documents += 1
        for quote in doc.quotes:
            out.quotes += 1
            if not quote.speaker or not quote.speaker.strip():
                out.unresolved_quotes += 1
                continue
            spoken.append((doc.id, " ".join(quote.speaker.split()), quote.kind, [e for e in quote.stance if e.score is not None]))
    # every name in the order met, so that what is printed does not depend on set order
    names = [n for _, speaker, _, entries in spoken for n in (speaker, *(" ".join(e.target.split()) for e in entries))]
    alias = surname_aliases(names)
    shown: dict[str, str] = {}  # folded key -> the longest spelling met first, to print
    for name in names:
        key = alias.get(_key(name), _key(name))
        if len(name) > len(shown.get(key, "")):
            shown[key] = name
    speakers: dict[str, SpeakerSummary] = {}
    stance: dict[tuple[str, str], StanceSummary] = {}
    docs_of: dict[Any, set[str]] = {}
    for doc_id, name, kind, entries in spoken:
        key = alias.get(_key(name), _key(name))
        row = speakers.setdefault(key, SpeakerSummary(shown[key]))
        row.quotes += 1
        setattr(row, kind, getattr(row, kind) + 1)
        docs_of.setdefault(key, set()).add(doc_id)
        for entry in entries:
            target = alias.get(_key(entry.target), _key(entry.target))
            srow = stance.setdefault((key, target), StanceSummary(shown[key], shown[target]))
            srow.quotes += 1
            setattr(srow, entry.label, getattr(srow, entry.label) + 1)
            docs_of.setdefault((key, target), set()).add(doc_id)
    for key, row in speakers.items():
        row.documents = len(docs_of[key])
    for pair, srow in stance.items():
        srow.documents = len(docs_of[pair])
    out.speakers = sorted((r for r in speakers.values() if r.quotes >= min_quotes), key=lambda r: (-r.quotes, r.speaker))
    out.stance = sorted(
        (r for r in stance.values() if r.quotes >= min_quotes), key=lambda r: (-r.quotes, r.speaker, r.target)
    )
    return out


def read_annotated(path: str | Path) -> Iterator[Document]:
    """Documents from a file ``quotes extract`` wrote: JSONL (one per line) or JSON (an array of
    documents, or one document). Errors name the file (and line, for JSONL)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file; give the JSON or JSONL that `quotes extract` wrote")
    if path.suffix.lower() == ".jsonl":
        yield from iter_jsonl(path)
        return
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise FormatError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    except json.JSONDecodeError as exc:
        raise FormatError(
            f"{path}: not valid JSON ({exc.msg}, line {exc.lineno}); JSONL files need the .jsonl suffix"
        ) from exc
    items = data if isinstance(data, list) else [data]
    for number, item in enumerate(items, 1):
        try:
            yield Document.from_dict(item)
        except FormatError as exc:
            raise FormatError(f"{path}: document {number}: {exc}") from exc


SPEAKER_COLUMNS = tuple(f.name for f in fields(SpeakerSummary))
STANCE_COLUMNS = ("speaker", "target", "quotes", "favor", "against", "none", "net", "documents")
SUMMARY_FORMATS = ("table", "csv", "json")
SUMMARY_TABLES = ("speakers", "stance")


def summary_rows(summary: Summary, table: str) -> tuple[tuple[str, ...], list[dict[str, Any]]]:
    """The columns and rows of one table ("speakers" or "stance")."""
    if table == "speakers":
        return SPEAKER_COLUMNS, [asdict(r) for r in summary.speakers]
    if table == "stance":
        return STANCE_COLUMNS, [r.to_dict() for r in summary.stance]
    raise ValueError(f"unknown summary table {table!r}; choose one of {', '.join(SUMMARY_TABLES)}")


def write_summary(summary: Summary, table: str, fmt: str, stream: TextIO, width: int | None = None) -> None:
    """Write one table as a rich terminal table, CSV (a header, then rows) or JSON (an object with
    the totals and the rows)."""
    columns, rows = summary_rows(summary, table)
    if fmt == "json":
        body = {"documents": summary.documents, "quotes": summary.quotes,
                "unresolved_quotes": summary.unresolved_quotes, table: rows}
        stream.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(stream, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    elif fmt == "table":
        out = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
        for name in columns:
            numeric = name not in ("speaker", "target")
            out.add_column(name, justify="right" if numeric else "left", overflow="fold")
        for row in rows:
            out.add_row(*(f"{row[c]:+.2f}" if c == "net" else str(row[c]) for c in columns))
        console = Console(file=stream, width=width or table_width(stream), highlight=False)
        console.print(out)
        console.print(
            f"{summary.documents} document(s), {summary.quotes} quote(s), "
            f"{summary.unresolved_quotes} with no named speaker (not counted above)",
            style="dim",
        )
    else:
        raise ValueError(f"unknown summary format {fmt!r}; choose one of {', '.join(SUMMARY_FORMATS)}")
