"""Run a pipeline or a stance predictor on gold data and score it with ``quotes.scoring``.

Importable and silent: the CLI and reports call these and do the printing. The pipeline only
ever sees annotation-free copies of the gold documents, so it cannot peek at the answers.
"""

from __future__ import annotations

from typing import Callable, Iterable, Iterator, Protocol, Sequence

from quotes.document import STANCE_LABELS, Document, Quote, StanceExample
from quotes.errors import InputError
from quotes.scoring import (
    DEFAULT_THRESHOLD,
    SpanScores,
    StanceScores,
    score_spans,
    score_stance,
)

Progress = Callable[[int], None]


class SupportsPipe(Protocol):
    """A Pipeline or a single Stage: anything that annotates a stream of documents."""

    def pipe(self, docs: Iterable[Document], batch_size: int = 8) -> Iterator[Document]: ...


def predict_documents(
    pipeline: SupportsPipe,
    gold_docs: Sequence[Document],
    batch_size: int = 8,
    progress: Progress | None = None,
) -> list[Document]:
    """The pipeline's output on quote-free copies of ``gold_docs``; ``progress(n_done)`` after
    each document."""
    predicted: list[Document] = []
    for doc in pipeline.pipe((d.copy_without_quotes() for d in gold_docs), batch_size=batch_size):
        predicted.append(doc)
        if progress is not None:
            progress(len(predicted))
    return predicted


def evaluate_spans(
    pipeline: SupportsPipe,
    gold_docs: Sequence[Document],
    batch_size: int = 8,
    progress: Progress | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    speaker_category: Callable[[Quote], str] | None = None,
) -> SpanScores:
    """Run ``pipeline`` on the gold texts and score its quotes against the gold quotes."""
    gold_docs = list(gold_docs)
    predicted = predict_documents(pipeline, gold_docs, batch_size=batch_size, progress=progress)
    return score_spans(gold_docs, predicted, threshold=threshold, speaker_category=speaker_category)


def evaluate_stance(
    predict_fn: Callable[[list[StanceExample]], Sequence[str]],
    examples: Sequence[StanceExample],
    labels: Sequence[str] = STANCE_LABELS,
    batch_size: int | None = None,
    progress: Progress | None = None,
) -> StanceScores:
    """Score ``predict_fn`` (a list of examples -> one label each) against the examples' labels.

    With ``batch_size`` the examples are sent in batches and ``progress(n_done)`` is called after
    each batch; without it they go in one call.
    """
    examples = list(examples)
    step = batch_size or max(len(examples), 1)
    predicted: list[str] = []
    for start in range(0, len(examples), step):
        batch = examples[start : start + step]
        labels_out = list(predict_fn(batch))
        if len(labels_out) != len(batch):
            raise InputError(
                f"the stance predictor returned {len(labels_out)} labels for {len(batch)} "
                "examples; it must return exactly one label per example"
            )
        predicted.extend(str(label) for label in labels_out)
        if progress is not None:
            progress(len(predicted))
    return score_stance([ex.label for ex in examples], predicted, labels=labels)


__all__ = ["SupportsPipe", "predict_documents", "evaluate_spans", "evaluate_stance"]
