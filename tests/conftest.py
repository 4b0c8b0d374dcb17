"""Shared test helpers: where the real data lives, and a tiny fake pipeline for CLI/batch tests."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from quotes.document import Document, Quote
from quotes.pipeline import Pipeline, Stage

# ../shared/data beside the repository (absent on a clean clone without it: data tests skip).
DATA_DIR = Path(__file__).resolve().parents[2] / "shared" / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# A randomly initialised BERT small enough for tests (the real MiniLM tokenizer's vocabulary).
TINY_ENCODER = {
    "vocab_size": 30522,
    "hidden_size": 16,
    "num_hidden_layers": 1,
    "num_attention_heads": 2,
    "intermediate_size": 32,
    "max_position_embeddings": 64,
}

# The rules baseline's acceptance article (issue 2): five attributions, four speakers.
ACCEPTANCE = (
    "WASHINGTON — Secretary of State Antony Blinken warned on Tuesday that the talks were "
    "at risk.\n"
    "“We are ready to talk, but not at any price,” Blinken told reporters.\n"
    "Defense Minister Maria Ortega said the ministry would review its budget. "
    "She added that no decision had been made.\n"
    "According to the state news agency, the launch was a success.\n"
)


def run_rules(text: str) -> Document:
    """The rules pipeline on ``text``, with every span checked against the text."""
    from quotes.rules import rules_pipeline

    doc = rules_pipeline()(Document("t", text))
    doc.check()
    return doc


_QUOTED = re.compile(r'"[^"\n]+"|“[^”\n]+”')


class QuoteMarkStage(Stage):
    """Marks every double-quoted stretch as a direct quote; fails on purpose on chosen words.

    A document containing ``BOOM`` makes ``predict`` raise RuntimeError, one containing
    ``CTRL-C`` raises KeyboardInterrupt: enough to test failure handling without a model.
    """

    name = "quote_marks"

    def predict(self, docs: Sequence[Document]) -> list[Any]:
        for doc in docs:
            if "BOOM" in doc.text:
                raise RuntimeError(f"stage exploded on {doc.id}")
            if "CTRL-C" in doc.text:
                raise KeyboardInterrupt
        return [[m.span() for m in _QUOTED.finditer(d.text)] for d in docs]

    def set_annotations(self, docs: Sequence[Document], predictions: Sequence[Any]) -> None:
        for doc, spans in zip(docs, predictions):
            for start, end in spans:
                doc.quotes.append(Quote(content=[doc.span(start, end)], kind="direct", score=1.0))


def fake_pipeline() -> Pipeline:
    return Pipeline([QuoteMarkStage()], name="fake")


def rules_available() -> bool:
    """True once the rules helper's ``quotes.rules.rules_pipeline`` can be imported."""
    try:
        from quotes.rules import rules_pipeline  # noqa: F401
    except (ImportError, AttributeError):
        return False
    return True


@pytest.fixture
def data_dir() -> Path:
    """The real datasets folder; tests using it should also be marked ``data`` and skipif."""
    return DATA_DIR


@pytest.fixture
def fake_models(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``quotes extract --model fake`` use the fake pipeline (other names load for real)."""
    import quotes.cli

    real = quotes.cli.load_pipeline

    def load(name: str, **options: Any) -> Pipeline:
        return fake_pipeline() if name == "fake" else real(name, **options)

    monkeypatch.setattr(quotes.cli, "load_pipeline", load)


@pytest.fixture
def extract_model(fake_models: None) -> str:
    """The model name for tests that check structure only: the rules baseline once it exists."""
    return "rules" if rules_available() else "fake"


@pytest.fixture
def fake() -> Pipeline:
    """A fresh fake pipeline (see QuoteMarkStage)."""
    return fake_pipeline()
