"""Per-speaker and per-speaker-and-target tallies (``quotes summarize``), library and CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotes.cli import app
from quotes.document import Document, Quote, Stance, kind_of
from quotes.errors import FormatError, InputError
from quotes.summary import read_annotated, summarize, write_summary


def _doc(doc_id: str, quotes: list[tuple[str, str | None, list[Stance]]]) -> Document:
    text = " ".join(content for content, _, _ in quotes) or "Nothing."
    doc = Document(doc_id, text)
    for content, speaker, stance in quotes:
        start = text.index(content)
        doc.quotes.append(Quote(content=[doc.span(start, start + len(content))], speaker=speaker,
                                stance=list(stance), kind=kind_of([content])))
    return doc


@pytest.fixture
def archive() -> list[Document]:
    return [
        _doc("a", [
            ("Russia must stop.", "Anna Berg", [Stance("Russia", "against", 0.9)]),
            ('"We will win,"', "Anna  Berg", [Stance("Russia", "none", None)]),
            ("Talks are good.", None, [Stance("Russia", "favor", 0.7)]),
        ]),
        _doc("b", [
            ("Russia helps.", "anna berg", [Stance("Russia", "favor", 0.6), Stance("China", "none", 0.8)]),
            ("China leads.", "Li Wei", [Stance("china", "favor", 0.8)]),
        ]),
        _doc("c", []),
    ]


def test_speakers_are_tallied_across_documents_by_folded_name(archive: list[Document]) -> None:
    summary = summarize(archive)
    assert (summary.documents, summary.quotes, summary.unresolved_quotes) == (3, 5, 1)
    rows = {(r.speaker, r.quotes, r.documents, r.direct, r.indirect) for r in summary.speakers}
    assert rows == {("Anna Berg", 3, 2, 1, 2), ("Li Wei", 1, 1, 0, 1)}


def test_stance_counts_only_targets_the_quote_names(archive: list[Document]) -> None:
    summary = summarize(archive)
    rows = {(r.speaker, r.target): (r.quotes, r.favor, r.against, r.none, r.net, r.documents) for r in summary.stance}
    assert rows == {
        ("Anna Berg", "Russia"): (2, 1, 1, 0, 0.0, 2),   # the score-None entry says nothing
        ("Anna Berg", "China"): (1, 0, 0, 1, 0.0, 1),
        ("Li Wei", "China"): (1, 1, 0, 0, 1.0, 1),  # one spelling per name, the first met
    }
    assert [(r.speaker, r.target) for r in summarize(archive, min_quotes=2).stance] == [("Anna Berg", "Russia")]


def test_formats_round_trip_the_rows(archive: list[Document]) -> None:
    summary = summarize(archive)
    out = io.StringIO()
    write_summary(summary, "stance", "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[0] == {"speaker": "Anna Berg", "target": "Russia", "quotes": "2", "favor": "1", "against": "1",
                       "none": "0", "net": "0.0", "documents": "2"}
    out = io.StringIO()
    write_summary(summary, "speakers", "json", out)
    body = json.loads(out.getvalue())
    assert body["unresolved_quotes"] == 1 and body["speakers"][0]["speaker"] == "Anna Berg"
    out = io.StringIO()
    write_summary(summary, "speakers", "table", out, width=100)
    assert "Anna Berg" in out.getvalue() and "1 with no named speaker" in out.getvalue()
    with pytest.raises(ValueError, match="choose one of"):
        write_summary(summary, "speakers", "xml", io.StringIO())


def test_read_annotated_reads_both_formats_and_names_bad_files(archive: list[Document], tmp_path: Path) -> None:
    jsonl = tmp_path / "out.jsonl"
    jsonl.write_text("".join(d.to_json() + "\n" for d in archive), encoding="utf-8")
    array = tmp_path / "out.json"
    array.write_text(json.dumps([d.to_dict() for d in archive]), encoding="utf-8")
    single = tmp_path / "one.json"
    single.write_text(json.dumps(archive[0].to_dict()), encoding="utf-8")
    assert [d.id for d in read_annotated(jsonl)] == [d.id for d in read_annotated(array)] == ["a", "b", "c"]
    assert [d.id for d in read_annotated(single)] == ["a"]
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "x"', encoding="utf-8")
    with pytest.raises(FormatError, match="bad.json"):
        list(read_annotated(bad))
    with pytest.raises(InputError, match="missing.jsonl"):
        list(read_annotated(tmp_path / "missing.jsonl"))


def test_cli_summarize(archive: list[Document], tmp_path: Path) -> None:
    jsonl = tmp_path / "out.jsonl"
    jsonl.write_text("".join(d.to_json() + "\n" for d in archive), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["summarize", str(jsonl), "--by", "stance", "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "speaker,target,quotes,favor,against,none,net,documents"
    target = tmp_path / "speakers.json"
    result = runner.invoke(app, ["summarize", str(jsonl), "-o", str(target)])
    assert result.exit_code == 0 and json.loads(target.read_text())["documents"] == 3
    result = runner.invoke(app, ["summarize", str(jsonl), "-o", str(jsonl)])
    assert result.exit_code == 2 and "one of the inputs" in result.stderr
    assert jsonl.read_text().count("\n") == 3  # the input is untouched
    result = runner.invoke(app, ["summarize", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 1 and "nope.jsonl" in result.stderr


def test_a_surname_joins_the_one_full_name_that_ends_with_it() -> None:
    """One article resolved "Trump", another "Donald Trump": one speaker. "Clinton" stays apart
    when two Clintons are in the archive; targets merge the same way."""
    docs = [
        _doc("a", [("Walls work.", "Trump", [Stance("Clinton", "against", 0.9)]),
                   ("Trade is bad.", "Bill Clinton", [])]),
        _doc("b", [("We win.", "Donald Trump", [Stance("Hillary Clinton", "against", 0.8)]),
                   ("I agree.", "Clinton", []), ("No.", "Hillary Clinton", [Stance("Trump", "against", 0.7)])]),
    ]
    summary = summarize(docs)
    rows = {(r.speaker, r.quotes, r.documents) for r in summary.speakers}
    assert rows == {("Donald Trump", 2, 2), ("Bill Clinton", 1, 1), ("Clinton", 1, 1), ("Hillary Clinton", 1, 1)}
    pairs = {(r.speaker, r.target, r.quotes) for r in summary.stance}
    assert pairs == {("Donald Trump", "Clinton", 1), ("Donald Trump", "Hillary Clinton", 1),
                     ("Hillary Clinton", "Donald Trump", 1)}
