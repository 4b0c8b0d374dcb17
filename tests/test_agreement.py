"""eval.agreement: PolNeAR annotators scored against each other (the human ceiling)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eval.agreement import annotator_agreement, annotator_pairs, model_against_annotators
from quotes.cli import app
from quotes.corpora.polnear import read_polnear
from quotes.document import Document, Quote, Span
from quotes.errors import InputError
from quotes.pipeline import Pipeline, Stage

FIXTURE = Path(__file__).parent / "fixtures" / "polnear"
TEXT = "Smith said taxes rise. Jones said rain falls."


def annotated(doc_id: str, *contents: tuple[int, int]) -> Document:
    return Document(
        id=doc_id, text=TEXT,
        quotes=[Quote(content=[Span(s, e, TEXT[s:e])]) for s, e in contents],
    )


def three_annotators_and_one() -> list[Document]:
    """Article a by x, y (who agree) and z (who marked nothing); article b by x alone."""
    return [annotated("a#x", (11, 21)), annotated("a#y", (11, 21)), annotated("a#z"), annotated("b#x", (34, 44))]


def test_every_pair_of_annotators_of_an_article_is_scored_once() -> None:
    docs = three_annotators_and_one()
    gold, predicted = annotator_pairs(docs)
    assert [d.id for d in gold] == ["a#x~y", "a#x~z", "a#y~z"]  # b has one annotator: no pair
    assert [d.id for d in predicted] == [d.id for d in gold]
    agreement = annotator_agreement(docs)
    assert (agreement.n_articles, agreement.n_pairs) == (1, 3)
    content = agreement.scores.role("content").exact
    assert (content.tp, content.fp, content.fn) == (1, 0, 2)  # x=y agree; z found nothing


def test_ids_without_an_annotator_are_refused() -> None:
    with pytest.raises(InputError, match="annotator='all'"):
        annotator_pairs([annotated("a", (11, 21))])


def test_fixture_agreement_counts_the_shared_content_only() -> None:
    agreement = annotator_agreement(read_polnear(FIXTURE, "dev", annotator="all"))
    assert (agreement.n_articles, agreement.n_pairs) == (2, 2)
    content = agreement.scores.role("content").exact
    assert content.tp == 1  # 'the plan “will fail,”' is annotated by both aaaa and bbbb
    assert agreement.scores.role("cue").exact.tp == 0  # 'according to' vs 'said'


def test_cli_agreement_json_and_no_pairs_error() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["evaluate", "agreement", "--data", str(FIXTURE), "--split", "dev", "--json"])
    assert result.exit_code == 0, result.output
    assert "2 articles with 2+ annotators, 2 annotator pairs" in result.stdout
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert (summary["n_pairs"], summary["split"], summary["content"]["exact"]["tp"]) == (2, "dev", 1)
    result = runner.invoke(app, ["evaluate", "agreement", "--data", str(FIXTURE), "--split", "train"])
    assert result.exit_code == 1
    assert "no PolNeAR train article" in result.output and "Traceback" not in result.output


class FirstSentenceQuote(Stage):
    """Predicts one quote: 'taxes rise' (the first annotators' content)."""

    name = "first_sentence"

    def predict(self, docs: list[Document]) -> list[list[Quote]]:
        return [[Quote(content=[Span(11, 21, d.text[11:21])])] for d in docs]

    def set_annotations(self, docs: list[Document], predictions: list[list[Quote]]) -> None:
        for doc, quotes in zip(docs, predictions):
            doc.quotes = quotes


def test_a_model_is_scored_against_every_annotator_of_the_same_articles() -> None:
    docs = three_annotators_and_one()
    against = model_against_annotators(Pipeline([FirstSentenceQuote()]), docs)
    assert (against.n_articles, against.n_pairs) == (1, 3)  # b has one annotator: left out
    content = against.scores.role("content").exact
    assert (content.tp, content.fp, content.fn) == (2, 1, 0)  # right for x and y; z marked nothing


def test_cli_agreement_scores_a_model_against_the_same_annotators() -> None:
    from conftest import rules_available

    if not rules_available():
        pytest.skip("needs the rules baseline")
    result = CliRunner().invoke(
        app, ["evaluate", "agreement", "--data", str(FIXTURE), "--split", "dev", "--model", "rules", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert "model rules against each of the 4 annotators of these articles" in result.stdout
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["model"]["name"] == "rules" and summary["model"]["n_docs"] == 4
