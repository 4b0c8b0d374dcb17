"""Stance through the CLI: --target, --stance-model, --no-stance and `evaluate stance`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from quotes.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE = (
    "Foreign Minister Anna Berg said on Monday that Russia's war was a disaster for Europe.\n\n"
    "“We will keep working with our partners,” Berg told reporters.\n"
)


def quote_text(doc: dict, quote: dict) -> str:
    return " ".join(piece["text"] for piece in quote["content"])


def _run(tmp_path: Path, *options: str) -> list[dict]:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["extract", "--model", "rules", "--format", "jsonl", *options, str(article)]
    )
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_every_quote_gets_one_stance_per_given_target(tmp_path: Path) -> None:
    [doc] = _run(tmp_path, "--stance-model", "sklearn", "--target", "Russia", "--target", "Europe")
    assert doc["quotes"]
    for quote in doc["quotes"]:
        assert [s["target"] for s in quote["stance"]] == ["Russia", "Europe"]
        assert all(s["label"] in ("favor", "against", "none") for s in quote["stance"])
        for stance in quote["stance"]:
            named = stance["target"] in quote_text(doc, quote)
            # A target the quote never names is `none` with no score; otherwise a probability.
            assert (stance["score"] is None) == (not named)
            assert named or stance["label"] == "none"
            assert stance["score"] is None or 0.0 <= stance["score"] <= 1.0


def test_no_stance_leaves_stance_empty(tmp_path: Path) -> None:
    [doc] = _run(tmp_path, "--no-stance")
    assert doc["quotes"] and all(q["stance"] == [] for q in doc["quotes"])


def test_targets_that_cannot_be_used_are_usage_errors(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    for options, message in ((["--no-stance", "--target", "Russia"], "drop --no-stance"),
                             (["--target", " "], "empty")):
        result = CliRunner().invoke(app, ["extract", "--model", "rules", *options, str(article)])
        assert result.exit_code == 2 and message in result.stderr, result.output


def test_evaluate_stance_json_is_the_last_line() -> None:
    result = CliRunner().invoke(
        app,
        ["evaluate", "stance", "--dataset", "newsmtsc", "--data", str(FIXTURES / "newsmtsc"),
         "--split", "dev", "--model", "sklearn", "--json"],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert {"macro_f1", "accuracy", "n"} <= set(summary)
    assert summary["n"] >= 1
