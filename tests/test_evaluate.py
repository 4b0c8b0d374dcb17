"""eval.evaluate: runs a pipeline on quote-free copies of gold and scores it; no printing."""

from __future__ import annotations

from typing import Any, Sequence

import pytest

from eval.evaluate import evaluate_spans, evaluate_stance, predict_documents
from quotes.document import Document, Quote, StanceExample
from quotes.errors import InputError
from quotes.pipeline import Pipeline, Stage

TEXT = 'The minister said "we are ready" and added that talks would go on.'
#       0         1         2         3         4         5         6
#       0123456789012345678901234567890123456789012345678901234567890123456


class FirstQuoteStage(Stage):
    """Predicts one quote per document: the text between the first pair of double quotes."""

    name = "first_quote"

    def __init__(self) -> None:
        self.seen: list[tuple[str, int]] = []  # (id, number of quotes) when predict ran

    def predict(self, docs: Sequence[Document]) -> list[Any]:
        self.seen.extend((d.id, len(d.quotes)) for d in docs)
        out = []
        for d in docs:
            start = d.text.find('"')
            end = d.text.find('"', start + 1) + 1 if start >= 0 else 0
            out.append((start, end) if start >= 0 and end > start else None)
        return out

    def set_annotations(self, docs: Sequence[Document], predictions: Sequence[Any]) -> None:
        for d, pred in zip(docs, predictions):
            if pred is not None:
                d.quotes.append(Quote(content=[d.span(*pred)], source=d.span(4, 12)))


def gold_docs() -> list[Document]:
    a = Document(id="a", text=TEXT)
    # gold: the direct quote [18,32) with source "minister" [4,12), and an indirect one [48,65)
    a.quotes = [
        Quote(content=[a.span(18, 32)], source=a.span(4, 12), kind="direct"),
        Quote(content=[a.span(48, 65)], source=a.span(4, 12), kind="indirect"),
    ]
    b = Document(id="b", text="No quotes here.")
    c = Document(id="c", text='He said "yes".')
    c.quotes = [Quote(content=[c.span(8, 13)], kind="direct")]  # no source in gold
    return [a, b, c]


def test_evaluate_spans_scores_by_hand() -> None:
    assert TEXT[18:32] == '"we are ready"' and TEXT[4:12] == "minister"
    stage = FirstQuoteStage()
    gold = gold_docs()
    done: list[int] = []
    scores = evaluate_spans(Pipeline([stage]), gold, batch_size=2, progress=done.append)
    # the stage saw copies without quotes, the gold is untouched
    assert stage.seen == [("a", 0), ("b", 0), ("c", 0)] and len(gold[0].quotes) == 2
    assert done == [1, 2, 3]
    # predictions: a -> [18,32) (exact), c -> [8,13) (exact). Contents: gold 3, pred 2, tp 2
    # -> exact P=1 R=2/3. Relation: a's source right; c's pred source [4,12) vs gold
    # None is wrong -> relation tp=1 fp=1 fn=2.
    assert (scores.content.exact.tp, scores.content.exact.fp, scores.content.exact.fn) == (2, 0, 1)
    assert (scores.relation.tp, scores.relation.fp, scores.relation.fn) == (1, 1, 2)
    assert scores.n_docs == 3 and scores.n_pred_quotes == 2
    assert (scores.by_kind["direct"].found, scores.by_kind["direct"].total) == (2, 2)
    assert (scores.by_kind["indirect"].found, scores.by_kind["indirect"].total) == (0, 1)


def test_predict_documents_accepts_a_single_stage() -> None:
    predicted = predict_documents(FirstQuoteStage(), gold_docs())
    assert [d.id for d in predicted] == ["a", "b", "c"]
    assert [len(d.quotes) for d in predicted] == [1, 0, 1]


def examples() -> list[StanceExample]:
    return [
        StanceExample(id=str(i), text="t", target="x", label=label)
        for i, label in enumerate(["favor", "against", "none"])
    ]


def test_evaluate_stance_by_hand() -> None:
    calls: list[int] = []

    def always_favor(batch: list[StanceExample]) -> list[str]:
        calls.append(len(batch))
        return ["favor"] * len(batch)

    done: list[int] = []
    s = evaluate_stance(always_favor, examples(), batch_size=2, progress=done.append)
    assert calls == [2, 1] and done == [2, 3]
    # favor: tp=1 fp=2 -> P=1/3 R=1 F1=1/2; against and none F1=0 -> macro 1/6; accuracy 1/3
    assert s.macro_f1 == pytest.approx(1 / 6)
    assert s.accuracy == pytest.approx(1 / 3)
    # favor/against only: (1/2 + 0)/2
    pair = evaluate_stance(always_favor, examples(), labels=("favor", "against"))
    assert pair.macro_f1 == pytest.approx(0.25)


def test_evaluate_stance_rejects_wrong_count() -> None:
    with pytest.raises(InputError, match="one label per example"):
        evaluate_stance(lambda batch: ["favor"], examples())
