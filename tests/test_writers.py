"""quotes.writers: every format is parseable, complete and byte-for-byte deterministic."""

from __future__ import annotations

import csv
import io
import json

import pytest

from quotes.document import Document, Quote, Stance
from quotes.writers import CSV_COLUMNS, FORMATS, make_writer

TEXT = "Zoë Ruiz said “we are ready [bold]now[/bold]” on Monday. He added that talks would go on."


def sample_docs() -> list[Document]:
    doc = Document(id="wire-1", text=TEXT, meta={"source": "test"})
    content = doc.span(TEXT.index("“"), TEXT.index("”") + 1)
    doc.quotes.append(
        Quote(
            content=[content],
            cue=doc.span(9, 13),
            source=doc.span(0, 8),
            speaker="Zoë Ruiz",
            kind="direct",
            score=0.75,
            stance=[Stance("talks", "favor", 0.5)],
        )
    )
    added = TEXT.index("talks")
    doc.quotes.append(
        Quote(content=[doc.span(added, len(TEXT) - 1)], cue=doc.span(added - 11, added - 6))
    )
    return [doc, Document(id="empty", text="")]


def render(fmt: str, docs: list[Document]) -> str:
    stream = io.StringIO()
    writer = make_writer(fmt, stream)
    for doc in docs:
        writer.write(doc)
    writer.close()
    return stream.getvalue()


def test_jsonl_one_line_per_document_round_trips() -> None:
    docs = sample_docs()
    out = render("jsonl", docs)
    lines = out.split("\n")
    assert lines[-1] == "" and len(lines) == 3
    assert [Document.from_json(line) for line in lines[:-1]] == docs
    assert "Zoë" in out and "\\u" not in out  # UTF-8 kept as is


@pytest.mark.parametrize("count", [0, 1, 2])
def test_json_is_always_an_array(count: int) -> None:
    docs = sample_docs()[:count]
    data = json.loads(render("json", docs))
    assert isinstance(data, list) and [Document.from_dict(d) for d in data] == docs


def test_json_keeps_key_order() -> None:
    data = json.loads(render("json", sample_docs()[:1]))
    assert list(data[0]) == ["id", "text", "meta", "quotes"]
    assert list(data[0]["quotes"][0]) == [
        "kind",
        "content",
        "cue",
        "source",
        "speaker",
        "score",
        "stance",
    ]


def test_csv_one_row_per_quote() -> None:
    rows = list(csv.DictReader(io.StringIO(render("csv", sample_docs()))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 2  # the empty document adds no row
    first, second = rows
    assert first["doc_id"] == "wire-1" and first["quote_index"] == "0"
    assert first["speaker"] == "Zoë Ruiz" and first["source"] == "Zoë Ruiz"
    start, end = int(first["source_start"]), int(first["source_end"])
    assert TEXT[start:end] == first["source"]
    assert TEXT[int(first["cue_start"]) : int(first["cue_end"])] == first["cue"] == "said"
    ((s, e),) = json.loads(first["content_spans"])
    assert TEXT[s:e] == first["content"]
    assert float(first["score"]) == 0.75
    assert json.loads(first["stance"]) == [{"target": "talks", "label": "favor", "score": 0.5}]
    assert second["source"] == second["source_start"] == second["speaker"] == second["score"] == ""
    assert second["kind"] == "indirect" and json.loads(second["stance"]) == []


def test_csv_header_left_out_when_appending() -> None:
    stream = io.StringIO()
    make_writer("csv", stream, append=True).write(sample_docs()[0])
    assert not stream.getvalue().startswith("doc_id")


def test_table_shows_every_document_and_no_markup() -> None:
    stream = io.StringIO()
    writer = make_writer("table", stream)
    for doc in sample_docs():
        writer.write(doc)
    assert stream.getvalue() == ""  # the table is printed when the output is closed
    writer.close()
    out = stream.getvalue()
    assert "wire-1" in out and "empty" in out and "(no quotes)" in out
    assert "[bold]" in out  # text is not read as rich markup
    assert "\x1b[" not in out  # no colour codes into a file


def test_table_of_one_document_titles_it_and_shows_stances(monkeypatch: pytest.MonkeyPatch) -> None:
    """One document: its id is the title, not a column; stances that take a side are listed;
    120 columns into a file, not rich's 80."""
    monkeypatch.delenv("COLUMNS", raising=False)
    out = render("table", sample_docs()[:1])
    lines = out.splitlines()
    assert lines[0].strip() == "wire-1"
    header = next(line for line in lines if "content" in line)
    assert "doc" not in header.split() and "stance" in header.split()
    assert "talks favor 0.50" in " ".join(out.split())
    assert max(len(line) for line in lines) == 120


def test_table_without_stances_has_no_stance_column() -> None:
    docs = sample_docs()
    docs[0].quotes[0].stance = []
    out = render("table", docs)
    header = next(line for line in out.splitlines() if "content" in line)
    assert header.split()[0] == "doc" and "stance" not in header


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_is_deterministic(fmt: str) -> None:
    assert render(fmt, sample_docs()) == render(fmt, sample_docs())


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="xml"):
        make_writer("xml", io.StringIO())
