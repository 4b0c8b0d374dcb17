"""Scoring rules of the stance evaluation (quotes.stance_eval) on fixtures, with the sklearn stage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quotes.document import StanceExample
from quotes.errors import CorpusError, ModelError
from quotes.stance_baseline import train_stance_baseline
from quotes.stance_eval import (
    allowed_labels,
    evaluate_stance_cli_logic,
    load_stance_model,
    read_stance_dataset,
    score_examples,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module")
def sk_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("sk") / "model"
    train_stance_baseline(["newsmtsc", "perspectrum", "seesaw"], FIXTURES, folder, C_grid=(1.0,))
    return folder


def test_read_stance_dataset_accepts_parent_or_own_folder():
    assert read_stance_dataset("newsmtsc", FIXTURES, "dev") == read_stance_dataset(
        "newsmtsc", FIXTURES / "newsmtsc", "dev")
    assert {e.label for e in read_stance_dataset("seesaw", FIXTURES, "train")} == {"favor", "against"}
    assert "none" in {e.label for e in read_stance_dataset("seesaw", FIXTURES, "train", seesaw_none=True)}
    with pytest.raises(CorpusError, match="unknown stance dataset"):
        read_stance_dataset("semeval", FIXTURES, "dev")


def test_allowed_labels():
    two = [StanceExample("a", "t", "x", "favor"), StanceExample("b", "t", "x", "against")]
    assert allowed_labels(two) == ("favor", "against")
    assert allowed_labels(two + [StanceExample("c", "t", "x", "none")]) is None


class _Always:
    """A stage that always prefers none, then against: scoring must honour ``allowed``."""

    labels = ("favor", "against", "none")

    def predict_examples(self, examples, allowed=None):
        order = [lab for lab in ("none", "against", "favor") if allowed is None or lab in allowed]
        return [(order[0], {"favor": 0.1, "against": 0.3, "none": 0.6}) for _ in examples]


def test_two_label_sets_are_scored_on_two_labels():
    two = [StanceExample("a", "t", "x", "favor"), StanceExample("b", "t", "x", "against")]
    scores = score_examples(_Always(), two)
    assert scores.macro_labels == ("favor", "against")
    assert scores.accuracy == 0.5  # always "against" once none is not allowed
    three = two + [StanceExample("c", "t", "x", "none")]
    scores = score_examples(_Always(), three)
    assert scores.accuracy == pytest.approx(1 / 3)


def test_cli_logic_prints_note_table_and_json(sk_dir):
    lines: list[str] = []
    result = evaluate_stance_cli_logic("seesaw", FIXTURES, "test", model=sk_dir, as_json=True, echo=lines.append)
    assert "holder and target are given" in lines[0] and "two labels" in lines[0]
    last = json.loads(lines[-1])
    assert last == result and last["n"] == 1 and set(last) >= {"macro_f1", "accuracy", "n"}
    assert any("macro-F1" in line for line in lines)
    lines.clear()
    evaluate_stance_cli_logic("newsmtsc", FIXTURES, "test-mt", model=sk_dir, echo=lines.append)
    assert not lines[0].startswith("SEESAW") and not lines[-1].startswith("{")


def test_load_stance_model_errors(tmp_path, sk_dir):
    assert load_stance_model(sk_dir).labels == ("favor", "against", "none")
    with pytest.raises(ModelError, match="config.json"):
        load_stance_model(tmp_path)
    (tmp_path / "config.json").write_text(json.dumps({"kind": "spans"}))
    with pytest.raises(ModelError, match="not a stance model"):
        load_stance_model(tmp_path)
