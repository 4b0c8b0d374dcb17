"""Decoding settings of the span detector: label biases, minimum score, and fitting them."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from quotes.document import Document, Quote
from quotes.errors import ModelError
from quotes.spans import LABELS, Encoded, SpanConfig, decode_quotes
from training.decoding import DecodingFit, apply_fit, decode_all, fit_decoding

# One word per token: offsets are found by splitting on spaces.
TEXT = "Japan noted that the missile fell far outside its waters today ."


def encoded(text: str = TEXT) -> Encoded:
    offsets, start = [], 0
    for word in text.split(" "):
        offsets.append((start, start + len(word)))
        start += len(word) + 1
    return Encoded(list(range(len(offsets))), offsets)


def probs_for(labels: list[str], confidence: float = 0.9) -> np.ndarray:
    """A probability row per token, ``confidence`` on the given label, the rest spread evenly."""
    out = np.full((len(labels), len(LABELS)), (1 - confidence) / (len(LABELS) - 1), dtype=np.float32)
    for i, name in enumerate(labels):
        out[i, LABELS.index(name)] = confidence
    return out


# Japan noted that the missile fell far outside its waters today .
SPLIT = ["B-source", "B-cue", "O", "B-content", "I-content", "I-content",
         "B-content", "I-content", "I-content", "I-content", "O", "O"]


def split_probs() -> np.ndarray:
    """The tagger is unsure at "far": B-content 0.5 against I-content 0.4, so one content splits."""
    probs = probs_for(SPLIT)
    probs[6] = 0.02
    probs[6, LABELS.index("B-content")] = 0.5
    probs[6, LABELS.index("I-content")] = 0.4
    return probs / probs.sum(1, keepdims=True)


def gold_doc() -> Document:
    doc = Document("d", TEXT)
    start = TEXT.index("the missile")
    end = TEXT.index(" today")
    doc.quotes.append(Quote(content=[doc.span(start, end)], cue=doc.span(6, 11), source=doc.span(0, 5)))
    return doc


def test_negative_b_content_bias_joins_a_split_content() -> None:
    plain, _ = decode_quotes(TEXT, encoded(), split_probs(), SpanConfig())
    assert [q.content[0].text for q in plain] == ["the missile fell", "far outside its waters"]
    bias = [0.0] * len(LABELS)
    bias[LABELS.index("B-content")] = -1.0
    joined, _ = decode_quotes(TEXT, encoded(), split_probs(), SpanConfig(label_bias=tuple(bias)))
    assert [q.content[0].text for q in joined] == ["the missile fell far outside its waters"]


def test_min_score_drops_unsure_quotes_and_keeps_sure_ones() -> None:
    probs = probs_for(SPLIT, confidence=0.9)
    probs[6:10, LABELS.index("B-content")] = 0.6  # the second content is less sure
    probs = probs / probs.sum(1, keepdims=True)
    every, _ = decode_quotes(TEXT, encoded(), probs, SpanConfig())
    assert len(every) == 2
    threshold = (every[0].score + every[1].score) / 2
    kept, _ = decode_quotes(TEXT, encoded(), probs, SpanConfig(min_score=threshold))
    assert [q.content[0].text for q in kept] == [max(every, key=lambda q: q.score).content[0].text]


def test_a_content_without_a_word_is_not_a_quote() -> None:
    text = "He said “ , today ."
    probs = probs_for(["B-source", "B-cue", "B-content", "I-content", "O", "O"])
    quotes, _ = decode_quotes(text, encoded(text), probs, SpanConfig())
    assert quotes == []


def test_label_bias_of_the_wrong_length_is_a_model_error() -> None:
    with pytest.raises(ModelError, match="label_bias"):
        decode_quotes(TEXT, encoded(), split_probs(), SpanConfig(label_bias=(0.0, 1.0)))


def test_config_round_trips_decoding_settings() -> None:
    config = SpanConfig(label_bias=tuple(float(i) / 10 for i in range(len(LABELS))), min_score=0.25)
    again = SpanConfig.from_dict(json.loads(json.dumps(config.to_dict())))
    assert again.label_bias == config.label_bias
    assert again.min_score == 0.25
    assert SpanConfig.from_dict({}).label_bias is None


def test_fit_finds_the_bias_that_joins_the_content_and_never_gets_worse() -> None:
    cached = [(gold_doc(), encoded(), split_probs())]
    fit = fit_decoding(cached, SpanConfig(), steps=(-1.0, 1.0), rounds=1, powers=(1.0, 2.0),
                       thresholds=(0.0, 0.5))
    assert fit.before["content_exact"] == 0.0
    assert fit.after["content_exact"] == 1.0
    assert fit.label_bias[LABELS.index("B-content")] < 0
    assert sum(fit.after.values()) >= sum(fit.before.values())
    best = SpanConfig(label_bias=tuple(fit.label_bias), score_power=fit.score_power,
                      min_score=fit.min_score)
    [predicted] = decode_all(cached, best)
    assert [q.content[0].text for q in predicted.quotes] == ["the missile fell far outside its waters"]


def test_apply_fit_writes_only_the_decoding_settings(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text(json.dumps({"format_version": 1, **SpanConfig().to_dict()}))
    fit = DecodingFit(label_bias=[0.0, -1.5, 0, 0, 0, 0, 0], score_power=2.0, min_score=0.2, n_docs=3,
                      before={"relation": 0.5}, after={"relation": 0.6}, ece_before=0.1, ece_after=0.02)
    apply_fit(tmp_path, fit, "three hand-made articles")
    saved = SpanConfig.from_dict(json.loads((tmp_path / "config.json").read_text()))
    assert saved.label_bias == (0.0, -1.5, 0, 0, 0, 0, 0)
    assert (saved.score_power, saved.min_score) == (2.0, 0.2)
    assert saved.training["decoding"]["data"] == "three hand-made articles"
    assert saved.lora_r == SpanConfig().lora_r
