"""The scikit-learn stance baseline: fits, saves without pickle, reloads to the same predictions."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from quotes.document import Document, Quote, StanceExample
from quotes.errors import ModelError
from quotes.stance_baseline import (
    SklearnStanceClassifier,
    near_words,
    train_stance_baseline,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _examples() -> list[StanceExample]:
    favor = ["praised", "backed", "welcomed", "applauded"]
    against = ["attacked", "slammed", "criticised", "blasted"]
    none = ["met", "visited", "called", "saw"]
    out = []
    for i, (f, a, n) in enumerate(zip(favor, against, none)):
        for target in ("the plan", "Bob Roe"):
            out.append(StanceExample(f"f{i}{target}", f"Ann {f} {target} today.", target, "favor", speaker="Ann"))
            out.append(StanceExample(f"a{i}{target}", f"Ann {a} {target} today.", target, "against", speaker="Ann"))
            out.append(StanceExample(f"n{i}{target}", f"Ann {n} {target} today.", target, "none", speaker="Ann"))
    return out


def test_near_words_window():
    e = StanceExample("x", "one two three Bob Roe four five", "Bob Roe", "none")
    assert near_words(e, window=2) == "L_two L_three R_four R_five"
    assert near_words(StanceExample("y", "nothing here", "Zed", "none")) == ""


def test_fit_predicts_training_labels_and_reloads_identically(tmp_path):
    examples = _examples()
    model = SklearnStanceClassifier.fit(examples, C=10.0, class_weight=None)
    predicted = [label for label, _ in model.predict_examples(examples)]
    assert np.mean([p == e.label for p, e in zip(predicted, examples)]) == 1.0

    model.save_pretrained(tmp_path / "sk", card="# card\n")
    files = sorted(p.name for p in (tmp_path / "sk").iterdir())
    assert files == ["README.md", "config.json", "vocab.json", "weights.safetensors"]
    for path in (tmp_path / "sk").iterdir():  # JSON, safetensors or text: nothing pickled
        assert not path.read_bytes().startswith(b"\x80")
    loaded = SklearnStanceClassifier.from_pretrained(tmp_path / "sk")
    np.testing.assert_allclose(loaded.predict_proba(examples), model.predict_proba(examples), atol=1e-12)


def test_matches_sklearn_predict_proba():
    from sklearn.linear_model import LogisticRegression

    examples = _examples()
    model = SklearnStanceClassifier.fit(examples, C=1.0, class_weight=None, seed=0)
    reference = LogisticRegression(C=1.0, max_iter=2000, random_state=0).fit(
        model.features(examples), [e.label for e in examples]
    )
    ours = model.predict_proba(examples)
    theirs = reference.predict_proba(model.features(examples))
    order = [model.labels.index(c) for c in reference.classes_]
    np.testing.assert_allclose(ours[:, order], theirs, atol=1e-6)


def test_two_class_training_gives_two_class_probabilities():
    examples = [e for e in _examples() if e.label != "none"]
    model = SklearnStanceClassifier.fit(examples, C=10.0, class_weight=None)
    probs = model.predict_proba(examples)
    assert np.allclose(probs[:, model.labels.index("none")], 0.0)
    assert [lab for lab, _ in model.predict_examples(examples)] == [e.label for e in examples]


def test_load_errors(tmp_path):
    model = SklearnStanceClassifier.fit(_examples())
    model.save_pretrained(tmp_path / "sk")
    (tmp_path / "sk" / "vocab.json").unlink()
    with pytest.raises(ModelError, match="vocab.json"):
        SklearnStanceClassifier.from_pretrained(tmp_path / "sk")
    model.save_pretrained(tmp_path / "sk")
    config = json.loads((tmp_path / "sk" / "config.json").read_text())
    (tmp_path / "sk" / "config.json").write_text(json.dumps({**config, "format_version": 7}))
    with pytest.raises(ModelError, match="format_version"):
        SklearnStanceClassifier.from_pretrained(tmp_path / "sk")


def test_stage_on_documents(tmp_path):
    model = SklearnStanceClassifier.fit(_examples(), C=10.0, class_weight=None, targets=["Bob Roe"])
    text = '"I slammed Bob Roe today," Ann said.'
    doc = Document("d", text)
    doc.quotes.append(Quote(content=[doc.span(0, text.index(",") + 2)], speaker="Ann Lee"))
    model(doc)
    assert [(s.target, s.label) for s in doc.quotes[0].stance] == [("Bob Roe", "against")]


def test_train_stance_baseline_on_fixtures(tmp_path):
    logs: list[str] = []
    _model, summary = train_stance_baseline(
        ["newsmtsc", "perspectrum", "seesaw"], FIXTURES, tmp_path / "sk", C_grid=(1.0, 2.0), log_fn=logs.append
    )
    assert len(summary["grid"]) == 2 and len(logs) == 2
    config = json.loads((tmp_path / "sk" / "config.json").read_text())
    assert config["kind"] == "stance-sklearn" and set(config["training"]["scores"]["dev"]) == {
        "newsmtsc", "perspectrum", "seesaw"}
    SklearnStanceClassifier.from_pretrained(tmp_path / "sk")


def test_shipped_baseline_loads():
    folder = Path(__file__).resolve().parents[1] / "models" / "stance-sklearn"
    if not (folder / "config.json").is_file():
        pytest.skip("models/stance-sklearn not built")
    model = SklearnStanceClassifier.from_pretrained(folder)
    example = StanceExample("x", "Critics slammed Bob Roe as a liar.", "Bob Roe", "against")
    (label, probs), = model.predict_examples([example])
    assert label in ("favor", "against", "none") and abs(sum(probs.values()) - 1) < 1e-9
