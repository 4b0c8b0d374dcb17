"""quotes.batch: failures are isolated, output is written as it is done, resume is safe."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from quotes.batch import DONE, FAILED, read_done_ids, run_batch
from quotes.document import Document
from quotes.errors import FormatError, InputError
from quotes.inputs import InputItem
from quotes.pipeline import Pipeline
from quotes.writers import make_writer


def item(doc_id: str, text: str) -> InputItem:
    return InputItem(doc_id, document=Document(id=doc_id, text=text))


def written(stream: io.StringIO) -> list[Document]:
    return [Document.from_json(line) for line in stream.getvalue().splitlines()]


@pytest.mark.parametrize("batch_size", [1, 3, 8])
def test_failures_are_recorded_and_the_batch_goes_on(batch_size: int, fake: Pipeline) -> None:
    items = [
        item("a", 'He said "one".'),
        InputItem("bad.txt", error=InputError("bad.txt: looks like binary data")),
        item("b", "BOOM goes the stage"),
        item("c", 'She said "two" and "three".'),
    ]
    stream = io.StringIO()
    seen: list[tuple[str, str]] = []
    result = run_batch(
        items,
        fake,
        make_writer("jsonl", stream),
        on_progress=lambda i, status: seen.append((i.id, status)),
        batch_size=batch_size,
    )
    docs = written(stream)
    assert [d.id for d in docs] == ["a", "c"]
    assert [q.content[0].text for q in docs[1].quotes] == ['"two"', '"three"']
    assert result.done == 2 and result.skipped == 0 and not result.interrupted
    assert result.failures == [
        ("bad.txt", "bad.txt: looks like binary data"),
        ("b", "RuntimeError: stage exploded on b"),
    ]
    assert sorted(seen) == sorted([("a", DONE), ("bad.txt", FAILED), ("b", FAILED), ("c", DONE)])
    # the inputs themselves are left untouched (the pipeline works on copies)
    assert all(not i.document.quotes for i in items if i.document is not None)


def test_each_document_is_written_before_the_next_batch_runs(fake: Pipeline) -> None:
    stream = io.StringIO()
    lines_when_seen: list[int] = []

    def items():
        for n in range(3):
            lines_when_seen.append(stream.getvalue().count("\n"))
            yield item(f"d{n}", f'"quote {n}"')

    run_batch(items(), fake, make_writer("jsonl", stream), batch_size=1)
    assert lines_when_seen == [0, 1, 2]


def test_resume_ids_are_skipped(fake: Pipeline) -> None:
    stream = io.StringIO()
    result = run_batch(
        [item("a", "x"), item("b", "y")],
        fake,
        make_writer("jsonl", stream),
        resume_ids={"a"},
    )
    assert (result.done, result.skipped) == (1, 1)
    assert [d.id for d in written(stream)] == ["b"]


def test_stop_on_error_reraises(fake: Pipeline) -> None:
    with pytest.raises(RuntimeError, match="exploded"):
        run_batch(
            [item("b", "BOOM")], fake, make_writer("jsonl", io.StringIO()), stop_on_error=True
        )
    with pytest.raises(InputError):
        run_batch(
            [InputItem("x", error=InputError("x"))],
            fake,
            make_writer("jsonl", io.StringIO()),
            stop_on_error=True,
        )


def test_interrupt_keeps_what_was_written(fake: Pipeline) -> None:
    stream = io.StringIO()
    items = [item("a", '"one"'), item("b", "CTRL-C"), item("c", '"three"')]
    result = run_batch(items, fake, make_writer("jsonl", stream), batch_size=1)
    assert result.interrupted and result.done == 1
    assert [d.id for d in written(stream)] == ["a"]


def test_read_done_ids_missing_file(tmp_path: Path) -> None:
    assert read_done_ids(tmp_path / "nothing.jsonl") == set()


def test_read_done_ids_truncates_a_partial_last_line(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    good = Document(id="a", text="x").to_json() + "\n" + Document(id="b", text="y").to_json() + "\n"
    path.write_text(good + '{"id": "c", "text": "tru', encoding="utf-8")
    assert read_done_ids(path) == {"a", "b"}
    assert path.read_text(encoding="utf-8") == good


def test_read_done_ids_completes_a_line_that_lost_only_its_newline(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    line = Document(id="a", text="x").to_json()
    path.write_text(line, encoding="utf-8")
    assert read_done_ids(path) == {"a"}
    assert path.read_text(encoding="utf-8") == line + "\n"


def test_read_done_ids_refuses_a_broken_middle_line(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text('{"id": "a"}\nnot json\n{"id": "b"}\n', encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(FormatError, match="out.jsonl:2"):
        read_done_ids(path)
    assert path.read_bytes() == before


def test_read_done_ids_skips_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text('{"id": "a"}\n\n{"id": 5}\n', encoding="utf-8")
    assert read_done_ids(path) == {"a", "5"}
    assert json.loads(path.read_text().splitlines()[-1]) == {"id": 5}
