"""Writers: Documents out as a terminal table, JSON, JSONL or CSV, one document at a time.

A writer is fed documents as they are finished (``write``) and ends the output with ``close``
(the closing bracket of a JSON array, the table itself). Output is deterministic: the same
documents give byte-identical output (UTF-8 text kept as is, keys in a fixed order). Formats are
documented in docs/format.md.
"""

from __future__ import annotations

import csv
import json
import os
from abc import ABC, abstractmethod
from typing import Any, TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .document import Document, Quote, Span

FORMATS = ("table", "json", "jsonl", "csv", "html")
CSV_COLUMNS = (
    "doc_id",
    "quote_index",
    "kind",
    "speaker",
    "source",
    "source_start",
    "source_end",
    "cue",
    "cue_start",
    "cue_end",
    "content",
    "content_spans",
    "score",
    "stance",
)
TABLE_CONTENT_CHARS = 120


def _dumps(value: Any, indent: int | None = None) -> str:
    separators = (",", ": ") if indent is not None else (", ", ": ")
    return json.dumps(value, ensure_ascii=False, indent=indent, separators=separators)


class Writer(ABC):
    """Writes documents to a text stream as they come; ``close`` ends the output."""

    format: str = ""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.count = 0

    @abstractmethod
    def write(self, doc: Document) -> None:
        """Write one document (flushed, so it survives an interruption)."""

    def close(self) -> None:
        """End the output (does not close the stream, which the caller owns)."""
        self.stream.flush()


class JsonlWriter(Writer):
    """One JSON document per line, flushed per line: safe to append to and to resume."""

    format = "jsonl"

    def write(self, doc: Document) -> None:
        self.stream.write(doc.to_json() + "\n")
        self.stream.flush()
        self.count += 1


class JsonWriter(Writer):
    """Always a JSON array of documents (also for one document), indented by two spaces."""

    format = "json"

    def __init__(self, stream: TextIO) -> None:
        super().__init__(stream)
        self._closed = False

    def write(self, doc: Document) -> None:
        body = _dumps(doc.to_dict(), indent=2).replace("\n", "\n  ")
        self.stream.write(("[\n  " if self.count == 0 else ",\n  ") + body)
        self.stream.flush()
        self.count += 1

    def close(self) -> None:
        if not self._closed:
            self.stream.write("\n]\n" if self.count else "[]\n")
            self._closed = True
        super().close()


def _span_text(span: Span | None) -> str:
    return span.text if span is not None else ""


class CsvWriter(Writer):
    """One row per quote (a document without quotes adds no row); columns are CSV_COLUMNS."""

    format = "csv"

    def __init__(self, stream: TextIO, header: bool = True) -> None:
        super().__init__(stream)
        self._csv = csv.writer(stream, lineterminator="\n")
        if header:
            self._csv.writerow(CSV_COLUMNS)

    @staticmethod
    def row(doc: Document, index: int, quote: Quote) -> list[Any]:
        def offsets(span: Span | None) -> list[Any]:
            return [span.start, span.end] if span is not None else ["", ""]

        return [
            doc.id,
            index,
            quote.kind,
            quote.speaker or "",
            _span_text(quote.source),
            *offsets(quote.source),
            _span_text(quote.cue),
            *offsets(quote.cue),
            quote.content_text,
            _dumps([[s.start, s.end] for s in quote.content]),
            "" if quote.score is None else quote.score,
            _dumps([s.to_dict() for s in quote.stance]),
        ]

    def write(self, doc: Document) -> None:
        for index, quote in enumerate(doc.quotes):
            self._csv.writerow(self.row(doc, index, quote))
        self.stream.flush()
        self.count += 1


def _truncate(text: str, limit: int = TABLE_CONTENT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def table_width(stream: TextIO) -> int | None:
    """Columns for a rich table on ``stream``: the terminal's own (None lets rich measure it) or
    $COLUMNS when set; else 120 into a file or a pipe (rich would take 80, too narrow for five
    text columns)."""
    isatty = getattr(stream, "isatty", None)
    if (isatty is not None and isatty()) or os.environ.get("COLUMNS"):
        return None
    return 120


def _stance_cell(quote: Quote) -> str:
    """The stances that take a side ("Russia against 0.54"), else "none" when stances were asked."""
    sides = [s for s in quote.stance if s.label != "none"]
    if not sides:
        return "none" if quote.stance else ""
    return "; ".join(f"{s.target} {s.label}" + ("" if s.score is None else f" {s.score:.2f}") for s in sides)


class TableWriter(Writer):
    """A rich table for people at a terminal, printed when the output is closed.

    Only the truncated cells of each quote are kept in memory, not the documents.
    """

    format = "table"

    def __init__(self, stream: TextIO, width: int | None = None) -> None:
        super().__init__(stream)
        self._rows: list[tuple[Text, ...]] = []
        self._width = width
        self._closed = False
        self._stance = False  # a stance column only when some quote has stances

    def write(self, doc: Document) -> None:
        self.count += 1
        if not doc.quotes:
            self._rows.append(
                (
                    Text(doc.id),
                    Text("—"),
                    *(Text("") for _ in range(3)),
                    Text("(no quotes)", style="dim"),
                    Text(""),
                    Text(""),
                )
            )
            return
        for quote in doc.quotes:
            score = "" if quote.score is None else f"{quote.score:.2f}"
            self._rows.append(
                (
                    Text(doc.id),
                    Text(quote.kind),
                    Text(quote.speaker or ""),
                    Text(_span_text(quote.source)),
                    Text(_span_text(quote.cue)),
                    Text(_truncate(quote.content_text)),
                    Text(score),
                    Text(_stance_cell(quote)),
                )
            )
            self._stance = self._stance or bool(quote.stance)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        ids = {row[0].plain for row in self._rows}
        one_doc = len(ids) == 1
        # One document: its id is the title, not a column repeated on every row.
        table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, collapse_padding=True,
                      title=next(iter(ids)) if one_doc else None, title_justify="left")
        # doc, kind and score stay on one line; the text columns share the rest, content most,
        # wrapped at spaces (a word is cut only when it is longer than its column).
        if not one_doc:
            table.add_column("doc", no_wrap=True, overflow="ellipsis", max_width=24)
        table.add_column("kind", no_wrap=True)
        for name, ratio, least in (("speaker", 3, 10), ("source", 3, 10), ("cue", 2, 8), ("content", 8, 20)):
            table.add_column(name, overflow="fold", ratio=ratio, min_width=least)
        table.add_column("score", no_wrap=True, justify="right")
        if self._stance:
            table.add_column("stance", overflow="fold", ratio=3, min_width=10)
        for row in self._rows:
            row = row if self._stance else row[:-1]
            table.add_row(*(row[1:] if one_doc else row))
        console = Console(file=self.stream, width=self._width or table_width(self.stream), highlight=False)
        console.print(table)
        if not self._rows:
            console.print("no documents")
        super().close()


def make_writer(fmt: str, stream: TextIO, append: bool = False) -> Writer:
    """The writer for ``fmt`` (one of FORMATS); ``append`` leaves out a CSV header."""
    if fmt == "jsonl":
        return JsonlWriter(stream)
    if fmt == "json":
        return JsonWriter(stream)
    if fmt == "csv":
        return CsvWriter(stream, header=not append)
    if fmt == "table":
        return TableWriter(stream)
    if fmt == "html":
        from .html import HtmlWriter  # imported here: quotes.html builds on this module

        return HtmlWriter(stream)
    raise ValueError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}")
