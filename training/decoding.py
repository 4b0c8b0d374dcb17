"""Fit a span detector's decoding settings on train articles: label biases, score power, threshold.

The tagger's per-token probabilities are fixed after training; how they become spans is not. A
coordinate search over a log-probability bias per label (added before Viterbi), a power that
calibrates quote scores, and a minimum score, each chosen on labelled articles, gains points that
would otherwise need more training. Probabilities are computed once and cached, so each trial is
only a Viterbi pass.

The articles are PolNeAR **train** articles (every ``every``-th one): the tagger scores them about
as it scores dev (it underfits rather than memorises), and dev stays untouched for reporting.

Run: ``quotes train decoding --data ../shared/data/polnear --model models/spans``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from quotes.document import Document
from quotes.modeling import read_config, write_config
from quotes.scoring import SpanScores, score_calibration, score_spans
from quotes.spans import Encoded, SpanConfig, SpanDetector, decode_quotes, encode_text

Cached = tuple[Document, Encoded, np.ndarray]


@dataclass
class DecodingFit:
    """What ``fit_decoding`` chose and how the fit articles scored before and after."""

    label_bias: list[float]
    score_power: float
    min_score: float
    n_docs: int
    before: dict[str, float]
    after: dict[str, float]
    ece_before: float
    ece_after: float
    trials: int = 0
    log: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "label_bias": self.label_bias, "score_power": self.score_power,
            "min_score": self.min_score, "n_docs": self.n_docs, "before": self.before,
            "after": self.after, "ece_before": round(self.ece_before, 4),
            "ece_after": round(self.ece_after, 4), "trials": self.trials,
        }


def objective_scores(scores: SpanScores) -> dict[str, float]:
    """The five figures the issue sets targets on; their sum is what the search maximises."""
    return {
        "content_exact": round(scores.content.exact.f1, 4),
        "content_overlap": round(scores.content.overlap.f1, 4),
        "cue_exact": round(scores.cue.exact.f1, 4),
        "source_exact": round(scores.source.exact.f1, 4),
        "relation": round(scores.relation.f1, 4),
    }


def cache_probs(detector: SpanDetector, docs: Sequence[Document]) -> list[Cached]:
    """Run the encoder once per article; everything after works on these probabilities."""
    cached = []
    for doc in docs:
        encoded = encode_text(detector.tokenizer, doc.text)
        cached.append((doc, encoded, detector.token_probs(encoded)))
    return cached


def decode_all(cached: Sequence[Cached], config: SpanConfig) -> list[Document]:
    """Predicted documents (quotes only) for cached probabilities under ``config``."""
    return [
        Document(id=doc.id, text=doc.text, quotes=decode_quotes(doc.text, enc, probs, config)[0])
        for doc, enc, probs in cached
    ]


def fit_decoding(
    cached: Sequence[Cached],
    config: SpanConfig,
    steps: Sequence[float] = (-0.5, 0.5, -1.0, 1.0),
    rounds: int = 2,
    powers: Sequence[float] = tuple(np.arange(0.5, 4.01, 0.25)),
    thresholds: Sequence[float] = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5),
    min_gain: float = 0.002,
    log: Callable[[str], None] = lambda _msg: None,
) -> DecodingFit:
    """Coordinate search for label biases, then the score power (lowest ECE), then the threshold.

    Each step keeps a change only when the summed objective improves by more than ``min_gain``
    (gains smaller than that are noise on a few dozen articles), so the result is never worse
    than the starting config on the fit articles.
    """
    golds = [doc for doc, _, _ in cached]
    trials = 0

    def evaluate(cfg: SpanConfig) -> tuple[float, dict[str, float], list[Document]]:
        nonlocal trials
        trials += 1
        preds = decode_all(cached, cfg)
        figures = objective_scores(score_spans(golds, preds))
        return sum(figures.values()), figures, preds

    best_value, before, preds = evaluate(config)
    ece_before = score_calibration(golds, preds)["ece"]
    log(f"start: {before} (sum {best_value:.4f}), ECE {ece_before:.3f}")

    # 1. label biases, no threshold (the threshold is on the calibrated score, fitted after)
    bias = np.array(config.label_bias or [0.0] * len(config.labels), dtype=float)
    current = replace(config, min_score=0.0, label_bias=tuple(bias))
    best_value, _, _ = evaluate(current)
    for _ in range(rounds):
        improved = False
        for k in range(len(bias)):
            for step in steps:
                trial_bias = bias.copy()
                trial_bias[k] += step
                trial = replace(current, label_bias=tuple(float(b) for b in trial_bias))
                value, trial_figures, _ = evaluate(trial)
                if value > best_value + min_gain:
                    bias, current, best_value = trial_bias, trial, value
                    improved = True
                    log(f"bias {config.labels[k]} -> {bias[k]:+.1f}: {trial_figures} (sum {value:.4f})")
        if not improved:
            break

    # 2. score power: the calibration of the quotes this decoding reports
    raw = decode_all(cached, replace(current, score_power=1.0))

    def ece_for(power: float) -> float:
        powered = [
            Document(id=d.id, text=d.text, quotes=[
                replace(q, score=round(q.score**power, 4)) if q.score is not None else q
                for q in d.quotes])
            for d in raw
        ]
        return float(score_calibration(golds, powered)["ece"])

    eces = {float(p): ece_for(float(p)) for p in powers}
    power = min(eces, key=lambda p: (eces[p], abs(p - 1.0)))
    current = replace(current, score_power=power)
    log(f"score power {power:.2f}: ECE {eces[power]:.3f}")

    # 3. the minimum score
    best_value, after, preds = evaluate(current)
    for threshold in thresholds:
        trial = replace(current, min_score=float(threshold))
        value, trial_figures, trial_preds = evaluate(trial)
        if value > best_value + min_gain:
            current, best_value, after, preds = trial, value, trial_figures, trial_preds
            log(f"min score {threshold:.2f}: {after} (sum {value:.4f})")
    return DecodingFit(
        label_bias=[round(float(b), 4) for b in (current.label_bias or bias)],
        score_power=float(current.score_power), min_score=float(current.min_score),
        n_docs=len(cached), before=before, after=after, ece_before=float(ece_before),
        ece_after=float(score_calibration(golds, preds)["ece"]), trials=trials,
    )


def apply_fit(model_dir: str | Path, fit: DecodingFit, data_note: str) -> None:
    """Write the fitted settings into ``model_dir/config.json`` (weights are untouched)."""
    model_dir = Path(model_dir)
    config = read_config(model_dir, "spans", "quotes train spans")
    config["label_bias"] = fit.label_bias
    config["score_power"] = fit.score_power
    config["min_score"] = fit.min_score
    config.setdefault("training", {})["decoding"] = {**fit.to_dict(), "data": data_note}
    write_config(model_dir, config)


def fit_decoding_from_polnear(
    data_dir: str | Path,
    model_dir: str | Path,
    every: int = 10,
    threads: int | None = None,
    write: bool = True,
    log: Callable[[str], None] = lambda _msg: None,
) -> DecodingFit:
    """Fit on every ``every``-th PolNeAR train article and (by default) save into the model."""
    import torch

    from quotes.corpora.polnear import read_polnear

    if threads:
        torch.set_num_threads(threads)
    detector = SpanDetector.from_pretrained(model_dir)
    docs = read_polnear(data_dir, "train")[::every]
    log(f"{len(docs)} PolNeAR train articles (every {every}th); caching probabilities")
    fit = fit_decoding(cache_probs(detector, docs), detector.config, log=log)
    if write:
        apply_fit(model_dir, fit, f"PolNeAR train, every {every}th article ({len(docs)} articles)")
    return fit


__all__ = [
    "DecodingFit",
    "apply_fit",
    "cache_probs",
    "decode_all",
    "fit_decoding",
    "fit_decoding_from_polnear",
    "objective_scores",
]
