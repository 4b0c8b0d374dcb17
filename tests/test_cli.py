"""The ``quotes`` command through typer's CliRunner: formats, inputs, failures, resume, exit codes.

Structure tests use the rules baseline once it exists (``extract_model``), and only check
structure and offsets; failure tests use the fake pipeline of conftest (``--model fake``).
"""

from __future__ import annotations

import csv
import io
import json
import sys
import types
from pathlib import Path

import pytest
from conftest import DATA_DIR, rules_available
from typer.testing import CliRunner

import quotes
import quotes.cli
from quotes.cli import app
from quotes.document import Document
from quotes.errors import ModelError
from quotes.writers import CSV_COLUMNS

ARTICLE = (
    'Secretary of State Ann Bell said on Monday: "We will not back down."\n\n'
    'She added that talks would resume. "The door is open," a spokesman said.\n'
)


def run(*args: str, stdin: str | bytes | None = None):
    return CliRunner().invoke(app, [str(a) for a in args], input=stdin)


def docs_from_jsonl(text: str) -> list[Document]:
    lines = text.splitlines()
    return [Document.from_json(line) for line in lines]  # from_json checks every offset


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"quotes {quotes.__version__}"


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in ("extract", "evaluate", "train"):
        assert command in result.stdout
    assert run("train", "--help").exit_code == 0
    assert "spans" in run("evaluate", "--help").stdout


def test_extract_jsonl(article: Path, extract_model: str) -> None:
    result = run("extract", "--model", extract_model, "--format", "jsonl", article)
    assert result.exit_code == 0, result.output
    (doc,) = docs_from_jsonl(result.stdout)
    assert doc.id == "article.txt" and doc.text == ARTICLE
    assert doc.quotes, "the article has quotes"
    assert [q.start for q in doc.quotes] == sorted(q.start for q in doc.quotes)


def test_extract_json_is_an_array(article: Path, extract_model: str) -> None:
    result = run("extract", "-m", extract_model, "-f", "json", article)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) == 1
    assert Document.from_dict(data[0]).text == ARTICLE


def test_extract_csv_offsets_match_the_text(article: Path, extract_model: str) -> None:
    result = run("extract", "-m", extract_model, "-f", "csv", article)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and tuple(rows[0]) == CSV_COLUMNS
    for row in rows:
        assert row["doc_id"] == "article.txt"
        pieces = [ARTICLE[s:e] for s, e in json.loads(row["content_spans"])]
        assert " … ".join(pieces) == row["content"]
        for role in ("source", "cue"):
            if row[f"{role}_start"]:
                start, end = int(row[f"{role}_start"]), int(row[f"{role}_end"])
                assert ARTICLE[start:end] == row[role]


def test_extract_table(article: Path, extract_model: str) -> None:
    result = run("extract", "-m", extract_model, article)
    assert result.exit_code == 0, result.output
    assert "article.txt" in result.stdout and "content" in result.stdout


def test_extract_output_file_format_from_suffix(
    article: Path, tmp_path: Path, extract_model: str
) -> None:
    out = tmp_path / "out.csv"
    result = run("extract", "-m", extract_model, "-o", out, article)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith(",".join(CSV_COLUMNS))


def test_extract_folder_and_stdin(tmp_path: Path, extract_model: str) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "a.txt").write_text("Nothing quoted here.", encoding="utf-8")
    result = run("extract", "-m", extract_model, "-f", "jsonl", folder, "-", stdin=ARTICLE)
    assert result.exit_code == 0, result.output
    docs = docs_from_jsonl(result.stdout)
    assert [d.id for d in docs] == ["a.txt", "b.txt", "stdin"]
    assert docs[2].text == ARTICLE


def test_extract_jsonl_input(tmp_path: Path, extract_model: str) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(
        json.dumps({"id": "one", "text": ARTICLE, "meta": {"desk": "world"}})
        + "\n"
        + json.dumps({"text": "Short."})
        + "\n",
        encoding="utf-8",
    )
    result = run("extract", "-m", extract_model, "-f", "jsonl", path)
    assert result.exit_code == 0, result.output
    docs = docs_from_jsonl(result.stdout)
    assert [d.id for d in docs] == ["one", "in.jsonl:2"]
    assert docs[0].meta == {"desk": "world"}


def test_empty_file_gives_a_document_without_quotes(tmp_path: Path, extract_model: str) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("extract", "-m", extract_model, "-f", "jsonl", tmp_path / "empty.txt")
    assert result.exit_code == 0, result.output
    (doc,) = docs_from_jsonl(result.stdout)
    assert doc.text == "" and doc.quotes == []


def test_binary_file_fails_alone(article: Path, tmp_path: Path, extract_model: str) -> None:
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01")
    result = run("extract", "-m", extract_model, "-f", "jsonl", binary, article)
    assert result.exit_code == 1
    assert [d.id for d in docs_from_jsonl(result.stdout)] == ["article.txt"]
    assert "photo.txt" in result.stderr and "binary" in result.stderr
    assert "Traceback" not in result.output


def test_cp1252_file(tmp_path: Path, extract_model: str) -> None:
    text = "The minister said \u201cwe are ready\u201d \u2013 in Bogot\u00e1."
    (tmp_path / "win.txt").write_bytes(text.encode("cp1252"))
    result = run("extract", "-m", extract_model, "-f", "jsonl", tmp_path / "win.txt")
    assert result.exit_code == 0, result.output
    (doc,) = docs_from_jsonl(result.stdout)
    assert doc.text == text and any("cp1252" in w for w in doc.meta["warnings"])


def test_html_file(tmp_path: Path, extract_model: str) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><script>alert('x')</script></head><body><p>Ann Bell said "
        "&ldquo;We will not back down.&rdquo;</p><p>Next.</p></body></html>",
        encoding="utf-8",
    )
    result = run("extract", "-m", extract_model, "-f", "jsonl", page)
    assert result.exit_code == 0, result.output
    (doc,) = docs_from_jsonl(result.stdout)
    assert doc.text == "Ann Bell said “We will not back down.”\n\nNext."
    assert doc.meta["format"] == "html" and doc.meta["warnings"]


def test_bad_jsonl_line(tmp_path: Path, extract_model: str) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "Fine."}\n{"text": oops}\n{"text": "Also fine."}\n', encoding="utf-8")
    result = run("extract", "-m", extract_model, "-f", "jsonl", path)
    assert result.exit_code == 1
    assert [d.id for d in docs_from_jsonl(result.stdout)] == ["in.jsonl:1", "in.jsonl:3"]
    assert "in.jsonl:2" in result.stderr


def test_stage_failure_is_listed_and_others_still_written(
    tmp_path: Path, fake_models: None
) -> None:
    for name, text in (("a.txt", '"one"'), ("b.txt", "BOOM"), ("c.txt", '"three"')):
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = run("extract", "-m", "fake", "-f", "jsonl", tmp_path)
    assert result.exit_code == 1
    assert [d.id for d in docs_from_jsonl(result.stdout)] == ["a.txt", "c.txt"]
    assert "failed: b.txt: RuntimeError: stage exploded on b.txt" in result.stderr
    assert "Traceback" not in result.output


def test_debug_shows_the_traceback(tmp_path: Path, fake_models: None) -> None:
    (tmp_path / "b.txt").write_text("BOOM", encoding="utf-8")
    result = run("extract", "-m", "fake", "-f", "jsonl", "--debug", tmp_path / "b.txt")
    assert result.exit_code != 0
    assert isinstance(result.exception, RuntimeError)


def test_resume_after_a_partial_output(tmp_path: Path, fake_models: None) -> None:
    for n in range(4):
        (tmp_path / f"d{n}.txt").write_text(f'He said "number {n}".', encoding="utf-8")
    out = tmp_path / "out" / "result.jsonl"
    out.parent.mkdir()
    full = run("extract", "-m", "fake", "-o", out, tmp_path)
    assert full.exit_code == 0, full.output
    complete = out.read_text(encoding="utf-8")
    lines = complete.splitlines(keepends=True)
    # an interrupted run: two documents done, the third cut half-way through its line
    out.write_text(lines[0] + lines[1] + lines[2][:25], encoding="utf-8")
    result = run("extract", "-m", "fake", "-o", out, "--resume", tmp_path)
    assert result.exit_code == 0, result.output
    assert "2 already done" in result.stderr
    assert out.read_text(encoding="utf-8") == complete


def test_resume_needs_jsonl_output(article: Path, fake_models: None) -> None:
    result = run("extract", "-m", "fake", "--resume", article)
    assert result.exit_code == 2 and "--resume" in result.stderr


def test_output_that_is_an_input_is_refused_and_the_input_kept(
    tmp_path: Path, fake_models: None
) -> None:
    records = tmp_path / "in.jsonl"
    records.write_text(json.dumps({"id": "a", "text": 'He said "one".'}) + "\n", encoding="utf-8")
    before = records.read_bytes()
    result = run("extract", "-m", "fake", "-o", records, records)
    assert result.exit_code == 2 and "would overwrite the input" in result.stderr
    assert records.read_bytes() == before
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text('He said "one".', encoding="utf-8")
    result = run("extract", "-m", "fake", "-f", "jsonl", "-o", folder / "out.txt", folder)
    assert result.exit_code == 2 and not (folder / "out.txt").exists()
    result = run("extract", "-m", "fake", "-o", folder / "out.jsonl", folder)  # not read as input
    assert result.exit_code == 0, result.output


def test_ctrl_c_stops_cleanly(tmp_path: Path, fake_models: None) -> None:
    for name, text in (("a.txt", '"one"'), ("b.txt", "CTRL-C"), ("c.txt", '"three"')):
        (tmp_path / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run("extract", "-m", "fake", "-o", out, "--batch-size", "1", tmp_path)
    assert result.exit_code == 130
    assert [d.id for d in docs_from_jsonl(out.read_text(encoding="utf-8"))] == ["a.txt"]
    assert "--resume" in result.stderr


def test_missing_model_path_is_a_clear_error(article: Path, tmp_path: Path) -> None:
    result = run("extract", "--model", tmp_path / "no-such-model", article)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and "no-such-model" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_a_broken_model_config_is_named_not_called_missing(article: Path, tmp_path: Path) -> None:
    model = tmp_path / "badmodel"
    model.mkdir()
    (model / "config.json").write_text('{"broken', encoding="utf-8")
    result = run("extract", "--model", model, article)
    assert result.exit_code == 1 and "config.json is not valid JSON" in result.stderr
    (model / "config.json").write_text('{"format_version": 1, "kind": "stance"}', encoding="utf-8")
    result = run("extract", "--model", model, article)
    assert result.exit_code == 1 and "describes a 'stance' model" in result.stderr


def test_stride_reaches_the_span_model(article: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}

    def capture(name: str, **options: object) -> None:
        seen.update(options)
        raise ModelError("stopped after loading")

    monkeypatch.setattr(quotes.cli, "load_pipeline", capture)
    result = run("extract", "--stride", "128", article)
    assert result.exit_code == 1 and seen["stride"] == 128
    assert run("extract", "--stride", "0", article).exit_code == 2
    result = run("extract", "--min-score", "0.1", article)
    assert result.exit_code == 1 and seen["min_score"] == 0.1
    assert run("extract", "--min-score", "1.5", article).exit_code == 2


def test_unexpected_errors_are_one_line(article: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(name: str, **options: object) -> None:
        raise TypeError("weights are upside down")

    monkeypatch.setattr(quotes.cli, "load_pipeline", broken)
    result = run("extract", article)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "error: unexpected TypeError: weights are upside down "
        "(run again with --debug for the traceback)"
    )


def test_output_is_byte_identical_across_runs(
    article: Path, tmp_path: Path, extract_model: str
) -> None:
    outs = []
    for n in range(2):
        out = tmp_path / f"run{n}.json"
        assert run("extract", "-m", extract_model, "-o", out, article).exit_code == 0
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


# --- evaluate ------------------------------------------------------------------------------


class FakeScores:
    def __init__(self, n: int) -> None:
        self.n = n

    def to_dict(self) -> dict:
        return {"content": {"f1": 0.5}, "docs_seen": self.n}


def test_evaluate_spans_json_is_the_last_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_models: None
) -> None:
    gold = [Document(id=f"g{n}", text=f'"quote {n}"') for n in range(5)]
    calls: dict = {}

    def read_fake(data_dir: Path, split: str = "dev") -> list[Document]:
        calls["read"] = (Path(data_dir), split)
        return gold

    def evaluate_spans(pipeline, gold_docs, batch_size=8, progress=None):
        calls["evaluated"] = [d.id for d in gold_docs]
        if progress:
            progress(len(gold_docs))
        return FakeScores(len(gold_docs))

    reader_module = types.ModuleType("fake_reader")
    reader_module.read = read_fake
    eval_module = types.ModuleType("eval.evaluate")
    eval_module.evaluate_spans = evaluate_spans
    scoring_module = types.ModuleType("quotes.scoring")
    scoring_module.format_span_table = lambda scores: f"TABLE for {scores.n} docs"
    monkeypatch.setitem(sys.modules, "fake_reader", reader_module)
    monkeypatch.setitem(sys.modules, "eval.evaluate", eval_module)
    monkeypatch.setitem(sys.modules, "quotes.scoring", scoring_module)
    monkeypatch.setitem(quotes.cli.SPAN_DATASETS, "polnear", "fake_reader:read")

    result = run(
        "evaluate",
        "spans",
        "--dataset",
        "polnear",
        "--data",
        tmp_path,
        "--split",
        "train",
        "--model",
        "fake",
        "--json",
        "--limit",
        "3",
    )
    assert result.exit_code == 0, result.output
    assert calls["read"] == (tmp_path, "train")
    assert calls["evaluated"] == ["g0", "g1", "g2"]
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "TABLE for 3 docs"
    summary = json.loads(lines[-1])
    assert summary == {
        "content": {"f1": 0.5},
        "docs_seen": 3,
        "model": "fake",
        "dataset": "polnear",
        "split": "train",
        "n_docs": 3,
    }


def test_evaluate_spans_missing_data_is_a_clear_error(tmp_path: Path) -> None:
    result = run("evaluate", "spans", "--data", tmp_path / "nowhere", "--model", "rules")
    assert result.exit_code != 0
    assert "Traceback" not in result.output


@pytest.mark.data
@pytest.mark.skipif(
    not (DATA_DIR / "polnear").exists() or not rules_available(),
    reason="needs ../shared/data/polnear and the rules baseline",
)
def test_evaluate_spans_on_real_polnear() -> None:
    result = run(
        "evaluate",
        "spans",
        "--data",
        DATA_DIR / "polnear",
        "--model",
        "rules",
        "--json",
        "--limit",
        "3",
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert (summary["model"], summary["dataset"], summary["split"], summary["n_docs"]) == (
        "rules",
        "polnear",
        "dev",
        3,
    )


def test_a_document_over_the_length_limit_fails_alone(tmp_path: Path, fake_models: None) -> None:
    (tmp_path / "a.txt").write_text('He said "short".', encoding="utf-8")
    (tmp_path / "b.txt").write_text('He said "long". ' * 10, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run("extract", "-m", "fake", "-o", out, "--max-chars", "100", tmp_path)
    assert result.exit_code == 1 and "b.txt: 160 characters, more than the limit of 100" in result.stderr
    assert [d.id for d in docs_from_jsonl(out.read_text(encoding="utf-8"))] == ["a.txt"]
    result = run("extract", "-m", "fake", "-o", out, "--max-chars", "0", tmp_path)
    assert result.exit_code == 0, result.output
