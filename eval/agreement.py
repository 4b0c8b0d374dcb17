"""How well PolNeAR's annotators agree with each other: the human ceiling for the span scores.

A few PolNeAR articles were annotated by several people. Scoring one annotator's relations
against another's with the one scorer (the first as gold, the second as prediction: F1 is the
same either way) tells what a model's F1 can be expected to reach on this corpus, since a model
is trained and scored on one annotator per article. Every pair of annotators of an article is
scored and the counts are pooled, as ``score_spans`` pools documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Sequence

from quotes.document import Document
from quotes.errors import InputError
from quotes.scoring import DEFAULT_THRESHOLD, SpanScores, score_spans

from .evaluate import SupportsPipe, predict_documents


@dataclass
class Agreement:
    scores: SpanScores
    n_articles: int  # articles with two or more annotators
    n_pairs: int  # annotator pairs scored (for a model: annotators scored against)


def _by_article(docs: Sequence[Document]) -> dict[str, list[Document]]:
    """PolNeAR documents read with ``annotator="all"`` (ids ``<article>#<annotator>``), by article."""
    by_article: dict[str, list[Document]] = {}
    for doc in docs:
        article, sep, _ = doc.id.rpartition("#")
        if not sep:
            raise InputError(
                f"document {doc.id!r} has no '#<annotator>' in its id: read PolNeAR with annotator='all'"
            )
        by_article.setdefault(article, []).append(doc)
    return by_article


def annotator_pairs(docs: Sequence[Document]) -> tuple[list[Document], list[Document]]:
    """(gold, predicted) documents for every pair of annotators of the same article.

    ``docs`` are PolNeAR documents read with ``annotator="all"`` (ids ``<article>#<annotator>``).
    Each pair gets its own id, ``<article>#<a>~<b>``, so the scorer pairs them one to one.
    """
    gold: list[Document] = []
    predicted: list[Document] = []
    for versions in _by_article(docs).values():
        for first, second in combinations(versions, 2):
            pair_id = f"{first.id}~{second.id.rpartition('#')[2]}"
            gold.append(Document(id=pair_id, text=first.text, quotes=list(first.quotes)))
            predicted.append(Document(id=pair_id, text=second.text, quotes=list(second.quotes)))
    return gold, predicted


def annotator_agreement(docs: Sequence[Document], threshold: float = DEFAULT_THRESHOLD) -> Agreement:
    """Span, cue, source and relation F1 of annotator against annotator, pooled over all pairs."""
    gold, predicted = annotator_pairs(docs)
    articles = {doc.id.rpartition("#")[0] for doc in gold}
    return Agreement(score_spans(gold, predicted, threshold=threshold), len(articles), len(gold))


def model_against_annotators(
    pipeline: SupportsPipe, docs: Sequence[Document], threshold: float = DEFAULT_THRESHOLD
) -> Agreement:
    """A pipeline's quotes scored against every annotator of the articles that have several, on
    the same footing as :func:`annotator_agreement` (fair only on articles it was not trained on)."""
    by_article = _by_article(docs)
    multiple = {article: versions for article, versions in by_article.items() if len(versions) > 1}
    texts = [Document(id=article, text=versions[0].text) for article, versions in multiple.items()]
    predicted = {doc.id: doc for doc in predict_documents(pipeline, texts)}
    gold: list[Document] = []
    guesses: list[Document] = []
    for article, versions in multiple.items():
        for version in versions:
            gold.append(Document(id=version.id, text=version.text, quotes=list(version.quotes)))
            guesses.append(Document(id=version.id, text=version.text, quotes=list(predicted[article].quotes)))
    return Agreement(score_spans(gold, guesses, threshold=threshold), len(multiple), len(gold))


__all__ = ["Agreement", "annotator_agreement", "annotator_pairs", "model_against_annotators"]
