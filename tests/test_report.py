"""eval.report and eval.plots on tiny fixtures: numbers by hand, files written, variants that
cannot be loaded reported as not available, test splits refused."""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import FIXTURES, fake_pipeline
from typer.testing import CliRunner

from eval import plots, report
from eval.report import (
    ReportOptions,
    build_report,
    check_split,
    discover_stance_models,
    render_markdown,
    span_errors,
)
from quotes.cli import app
from quotes.document import Document, Quote, StanceExample
from quotes.errors import InputError, ModelError
from quotes.scoring import score_calibration

PNG = b"\x89PNG\r\n\x1a\n"


class AlwaysAgainst:
    """A stance 'model': always says against (probabilities fixed)."""

    labels = ("favor", "against", "none")

    def predict_examples(self, examples: Sequence[StanceExample], allowed: Any = None) -> list[Any]:
        return [("against", {"favor": 0.2, "against": 0.7, "none": 0.1}) for _ in examples]


def span_loader(name: str) -> Any:
    if name == "fake":
        return fake_pipeline()
    raise ModelError(f"no model {name!r} here (test)")


def stance_loader(name: str) -> Any:
    if name == "against":
        return AlwaysAgainst()
    raise ModelError(f"stance model {name!r} is missing (test)")


# --------------------------------------------------------------------------- hand-made pieces


def docs_for_calibration() -> tuple[list[Document], list[Document]]:
    text = "aaaa bbbb cccc dddd eeee ffff"
    gold = Document("g", text, quotes=[])
    gold.quotes = [Quote([gold.span(0, 4)]), Quote([gold.span(10, 14)])]
    pred = Document("g", text)
    pred.quotes = [
        Quote([pred.span(0, 4)], score=0.95),  # matches gold 1
        Quote([pred.span(20, 24)], score=0.92),  # matches nothing
        Quote([pred.span(10, 13)], score=0.15),  # IoU 3/4 with gold 2: matches
        Quote([pred.span(25, 29)], score=None),  # unscored
    ]
    return [gold], [pred]


def test_calibration_by_hand() -> None:
    gold, pred = docs_for_calibration()
    result = score_calibration(gold, pred)
    assert result["n_scored"] == 3 and result["n_unscored"] == 1
    top = result["bins"][9]
    assert (top["n"], top["matched"]) == (2, 1)
    assert top["mean_score"] == pytest.approx(0.935) and top["precision"] == 0.5
    low = result["bins"][1]
    assert (low["n"], low["matched"], low["precision"]) == (1, 1, 1.0)
    assert sum(b["n"] for b in result["bins"]) == 3
    # ECE = 2/3 * |0.5 - 0.935| + 1/3 * |1 - 0.15|
    assert result["ece"] == pytest.approx(2 / 3 * 0.435 + 1 / 3 * 0.85)


def errors_fixture() -> tuple[list[Document], list[Document]]:
    words = [f"w{i:02d}" for i in range(60)]
    text = " ".join(words)  # every word is 3 characters, word i starts at 4 * i

    def at(doc: Document, i: int, j: int) -> Any:
        return doc.span(4 * i, 4 * j - 1)

    gold = Document("e", text)
    gold.quotes = [Quote([at(gold, 0, 2)], cue=at(gold, 2, 3), kind="direct")]
    gold.quotes += [Quote([at(gold, 10 * k, 10 * k + 3)], kind="indirect") for k in range(1, 6)]
    pred = Document("e", text)
    pred.quotes = [
        Quote([at(pred, 0, 2)], cue=at(pred, 3, 4), kind="direct"),  # content right, cue wrong
        Quote([at(pred, 5, 7)], kind="mixed"),  # spurious
    ]
    return [gold], [pred]


def test_span_errors_by_hand() -> None:
    gold, pred = errors_fixture()
    errors = span_errors(gold, pred, random.Random(1), per_group=2, context_chars=5)
    content = errors["content"]
    assert content["false_negatives"]["indirect"]["total"] == 5
    assert len(content["false_negatives"]["indirect"]["sample"]) == 2
    assert "direct" not in content["false_negatives"]  # the direct one was found
    spurious = content["false_positives"]["mixed"]
    assert spurious["total"] == 1
    assert spurious["sample"][0]["text"] == "w05 w06" and spurious["sample"][0]["start"] == 20
    assert spurious["sample"][0]["context"] == "… w04 ⟦w05 w06⟧ w07 …"  # text[15:32]
    assert errors["cue"]["false_negatives"]["direct"]["sample"][0]["text"] == "w02"
    assert errors["cue"]["false_positives"]["direct"]["sample"][0]["text"] == "w03"
    assert errors["source"] == {"false_negatives": {}, "false_positives": {}}
    again = span_errors(gold, pred, random.Random(1), per_group=2, context_chars=5)
    assert again == errors  # seeded


def test_discontinuous_context_marks_every_piece() -> None:
    text = "He said the plan, she added, would fail."
    doc = Document("d", text)
    doc.quotes = [Quote([doc.span(8, 16), doc.span(29, 39)])]
    errors = span_errors([doc], [Document("d", text)], random.Random(0), context_chars=100)
    sample = errors["content"]["false_negatives"]["indirect"]["sample"][0]
    assert sample["context"] == "He said ⟦the plan⟧, she added, ⟦would fail⟧."
    assert sample["text"] == "the plan … would fail"


def test_test_splits_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="dev"):
        check_split("test")
    with pytest.raises(InputError):
        build_report(FIXTURES, tmp_path / "r", ReportOptions(split="test-mt"))
    assert not (tmp_path / "r").exists()


def test_discover_stance_models(tmp_path: Path) -> None:
    for name, config in (("stance", {"kind": "stance"}), ("stance-sklearn", {"kind": "stance-sklearn"}),
                         ("spans", {"kind": "spans"}), ("notes", None)):
        (tmp_path / name).mkdir()
        if config is not None:
            (tmp_path / name / "config.json").write_text(json.dumps(config))
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "config.json").write_text("{not json")
    found = discover_stance_models(tmp_path)
    assert [Path(p).name for p in found] == ["stance", "stance-sklearn"]
    assert discover_stance_models(tmp_path / "absent") == []


# --------------------------------------------------------------------------- the whole report


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("report")
    options = ReportOptions(span_models=("fake", "missing"), stance_models=["against", "gone"])
    results = build_report(FIXTURES, out, options, span_loader=span_loader, stance_loader=stance_loader)
    return out, results


def test_report_files_and_plots(built: tuple[Path, dict[str, Any]]) -> None:
    out, results = built
    assert json.loads((out / "results.json").read_text(encoding="utf-8")) == json.loads(json.dumps(results))
    for name in ("spans_f1_polnear.png", "calibration_polnear.png", "speed_accuracy_polnear.png",
                 "stance_confusion.png", "stance_f1.png"):
        assert (out / name).read_bytes()[:8] == PNG, name
    markdown = (out / "report.md").read_text(encoding="utf-8")
    for plot in results["plots"].values():
        assert f"]({plot})" in markdown


def test_report_span_numbers_match_the_scorer(built: tuple[Path, dict[str, Any]]) -> None:
    from eval.evaluate import evaluate_spans
    from quotes.corpora.polnear import read_polnear

    _, results = built
    gold = read_polnear(FIXTURES / "polnear", "dev")
    expected = evaluate_spans(fake_pipeline(), gold).to_dict()
    entry = results["spans"]["polnear"]["models"]["fake"]
    assert entry["scores"] == json.loads(json.dumps(expected))
    assert entry["speed"]["n_docs"] == len(gold) == results["spans"]["polnear"]["n_docs"]
    # the fake pipeline gives every quote the score 1.0: all in the top bin
    assert entry["calibration"]["bins"][9]["n"] == entry["scores"]["n_pred_quotes"]


def test_report_shows_annotator_agreement_where_articles_have_several(built: tuple[Path, dict[str, Any]]) -> None:
    out, results = built
    # the fixture's dev articles have two annotators each; its one train article has one
    agreement = results["spans"]["polnear"]["agreement"]
    assert list(agreement) == ["dev"] and (agreement["dev"]["n_articles"], agreement["dev"]["n_pairs"]) == (2, 2)
    assert agreement["dev"]["scores"]["content"]["exact"]["tp"] == 1
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert "### Annotator agreement (the human ceiling)" in markdown
    assert "| dev: 2 articles, 2 pairs | 33.3 |" in markdown
    against = results["spans"]["polnear"]["models"]["fake"]["against_annotators"]
    assert (against["n_articles"], against["n_pairs"]) == (2, 4)  # 2 articles x 2 annotators
    assert "| fake vs each annotator (dev: 2 articles) |" in markdown


def test_report_stance_by_hand(built: tuple[Path, dict[str, Any]]) -> None:
    _, results = built
    per = results["stance"]["models"]["against"]["datasets"]
    # One example per fixture split: newsmtsc 'against' (right), seesaw 'favor' (wrong),
    # perspectrum 'against' (right).
    assert per["newsmtsc"]["scores"]["accuracy"] == 1.0
    assert per["seesaw"]["scores"]["accuracy"] == 0.0
    assert per["perspectrum"]["scores"]["accuracy"] == 1.0
    assert per["seesaw"]["scores"]["confusion"] == {"labels": ["favor", "against"], "matrix": [[0, 1], [0, 0]]}


def test_unavailable_variants_are_reported_not_fatal(built: tuple[Path, dict[str, Any]]) -> None:
    out, results = built
    missing = {(u["what"], u["name"]) for u in results["unavailable"]}
    assert ("span model", "missing") in missing and ("stance model", "gone") in missing
    assert ("span dataset", "litbank") in missing  # the fixture split has no dev articles
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert "## Not available" in markdown and "no model 'missing' here (test)" in markdown
    assert "| fake | content |" in markdown and "| against | seesaw | 1 |" in markdown


def test_markdown_marks_roles_the_gold_lacks() -> None:
    zero = {"tp": 0, "fp": 3, "fn": 0, "precision": 0.0, "recall": 0.0, "f1": 0.0}
    some = {"tp": 1, "fp": 1, "fn": 1, "precision": 0.5, "recall": 0.5, "f1": 0.5}
    role = lambda prf: {"exact": prf, "overlap": prf, "char": prf}
    scores = {"content": role(some), "cue": role(zero), "source": role(some), "relation": some,
              "relation_overlap": some, "by_kind": {"direct": {"found": 1, "total": 2, "recall": 0.5}}}
    results = {
        "meta": {"split": "dev", "limit": None, "seed": 1, "threshold": 0.5, "data": "d", "command": None},
        "spans": {"litbank": {"n_docs": 1, "models": {"m": {
            "scores": scores, "speed": {"articles_per_s": 2.0, "seconds": 0.5, "threads": None},
            "calibration": {"n_scored": 0, "ece": 0.0, "bins": []}}}}},
        "stance": {}, "unavailable": [], "plots": {},
    }
    markdown = render_markdown(results)
    assert "| m | cue | 0 | n/a | n/a | n/a | n/a | n/a | n/a |" in markdown
    assert "| m | content | 2 | 50.0 | 50.0 | 50.0 | 50.0 | 50.0 | 50.0 |" in markdown
    assert "| m | 50.0 (1/2) | – | – |" in markdown
    assert "no scores" in markdown


def test_plots_skip_empty_input(tmp_path: Path) -> None:
    assert plots.plot_span_scores({}, tmp_path / "a.png") is None
    assert plots.plot_stance_confusions({}, tmp_path / "b.png") is None
    assert plots.plot_calibration({"m": {"n_scored": 0, "bins": []}}, tmp_path / "c.png") is None
    assert plots.plot_speed_accuracy({"m": (None, 0.5)}, tmp_path / "d.png") is None
    assert not list(tmp_path.iterdir())


def test_cli_report_with_the_rules_pipeline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report, "default_stance_loader", stance_loader)
    out = tmp_path / "rep"
    result = CliRunner().invoke(app, [
        "report", "--data", str(FIXTURES), "--output", str(out), "-m", "rules", "-m", "nowhere",
        "--stance-model", "against", "--dataset", "polnear", "--dataset", "newsmtsc", "--limit", "1",
    ])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out / "report.md")
    assert "not available: span model nowhere" in result.stderr
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert data["spans"]["polnear"]["n_docs"] == 1 and list(data["spans"]) == ["polnear"]
    assert list(data["stance"]["datasets"]) == ["newsmtsc"]
    assert "rules" in data["spans"]["polnear"]["models"]
    assert np.isfinite(data["spans"]["polnear"]["models"]["rules"]["speed"]["articles_per_s"])


def test_cli_report_refuses_test(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["report", "--data", str(FIXTURES), "--output", str(tmp_path / "x"),
                                      "--split", "test"])
    assert result.exit_code == 1 and "dev" in result.stderr


def test_speaker_scores_report_the_never_tuned_articles_apart() -> None:
    def doc(doc_id: str, speaker: str) -> Document:
        d = Document(doc_id, "Ann Lee said the plan works.")
        d.quotes.append(Quote([d.span(13, 27)], d.span(8, 12), d.span(0, 7), speaker=speaker))
        return d

    gold = [doc("tuned", "Ann Lee"), doc("held", "Ann Lee")]
    predicted = [doc("tuned", "Ann Lee"), doc("held", "Bob Lee")]
    types = {id(q): "full_name" for d in gold for q in d.quotes}
    out = report._speaker_scores(gold, types, {"held"}, predicted, 0.5)
    assert out["accuracy_matched"] == 0.5 and out["n_docs"] == 2
    assert out["never_tuned"]["n_docs"] == 1 and out["never_tuned"]["accuracy_matched"] == 0.0
    assert "never_tuned" not in report._speaker_scores(gold, types, set(), predicted, 0.5)
