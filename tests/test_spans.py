"""The span detector: window merging, decoding, and a tiny model that must learn three examples."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from torch import nn

from quotes.document import Document, Quote
from quotes.errors import ModelError
from quotes.spans import (
    LABELS,
    SpanConfig,
    SpanDetector,
    decode_spans,
    encode_text,
    group_quotes,
    token_labels,
    viterbi,
    window_starts,
)
from training.spans import TrainSpansOptions, train_spans

TINY_ENCODER = {
    "vocab_size": 30522,
    "hidden_size": 48,
    "num_hidden_layers": 2,
    "num_attention_heads": 2,
    "intermediate_size": 96,
    "max_position_embeddings": 64,
}


def make_doc(doc_id: str, text: str, content: list[str], cue: str | None, source: str | None) -> Document:
    """A gold document whose spans are found by string search (each string occurs once)."""
    doc = Document(doc_id, text)

    def span(s: str):
        start = text.index(s)
        return doc.span(start, start + len(s))

    doc.quotes.append(
        Quote(
            content=[span(c) for c in content],
            cue=span(cue) if cue else None,
            source=span(source) if source else None,
        )
    )
    return doc


def three_examples() -> list[Document]:
    return [
        make_doc(
            "reported",
            "Japan noted that the missile fell outside its waters.",
            ["the missile fell outside its waters"],
            "noted",
            "Japan",
        ),
        make_doc(
            "mixed",
            "The minister called the plan “a disaster for farmers” in a speech.",
            ["the plan “a disaster for farmers”"],
            "called",
            "The minister",
        ),
        make_doc(
            "direct-over-edge",
            "Yesterday in the capital, “We will never accept these terms or any others,” Blinken told reporters.",
            ["“We will never accept these terms or any others,”"],
            "told",
            "Blinken",
        ),
    ]


def test_window_starts_cover_every_token() -> None:
    for n in (0, 1, 5, 17, 100):
        starts = window_starts(n, 8, 5)
        covered = set()
        for s in starts:
            covered.update(range(s, min(n, s + 8)))
        assert covered == set(range(n))
        assert all(s + 8 <= max(n, 8) for s in starts)


def test_viterbi_never_starts_inside_a_span() -> None:
    probs = np.full((4, len(LABELS)), 0.01, dtype=np.float32)
    probs[:, LABELS.index("I-content")] = 0.9  # argmax would be I- everywhere
    probs[:, LABELS.index("B-content")] = 0.5
    path = [LABELS[i] for i in viterbi(np.log(probs))]
    assert path == ["B-content", "I-content", "I-content", "I-content"]


class KeywordTagger(nn.Module):
    """A fake tagger: tokens whose id is in ``content_ids`` are content, everything else O."""

    def __init__(self, content_ids: set[int]) -> None:
        super().__init__()
        self.content_ids = content_ids
        self.dummy = nn.Parameter(torch.zeros(1))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        logits = torch.zeros((*input_ids.shape, len(LABELS)))
        inside = torch.tensor([[int(t) in self.content_ids for t in row] for row in input_ids])
        logits[..., LABELS.index("O")] = torch.where(inside, 0.0, 5.0)
        logits[..., LABELS.index("B-content")] = torch.where(inside, 4.0, 0.0)
        logits[..., LABELS.index("I-content")] = torch.where(inside, 5.0, 0.0)
        return logits


def test_windows_merge_a_span_across_edges_whole_and_once() -> None:
    from quotes.modeling import load_tokenizer

    tokenizer = load_tokenizer(SpanConfig().base)
    inner = "alpha beta gamma delta epsilon zeta eta theta"
    text = f"one two three four five {inner} six seven eight nine ten"
    ids = set(encode_text(tokenizer, inner).ids)
    config = SpanConfig(window=6, stride=3)  # 4 content tokens per window: the span crosses edges
    detector = SpanDetector(config, KeywordTagger(ids), tokenizer)
    doc = detector(Document("d", text))
    contents = [q.content for q in doc.quotes]
    assert [[s.text for s in c] for c in contents] == [[inner]]
    doc.check()


def test_token_labels_mark_gold_roles() -> None:
    from quotes.modeling import load_tokenizer

    tokenizer = load_tokenizer(SpanConfig().base)
    doc = three_examples()[0]
    encoded = encode_text(tokenizer, doc.text)
    labels = [LABELS[i] for i in token_labels(encoded, doc)]
    assert labels[0] == "B-source" and labels[1] == "B-cue" and labels[2] == "O"
    assert labels[3] == "B-content" and labels[4] == "I-content"


def test_group_quotes_joins_content_on_both_sides_of_one_cue() -> None:
    text = "The economy is strong, she said, and it will grow."
    doc = Document("d", text)
    found = [
        ("content", doc.span(0, 21), 0.9),
        ("source", doc.span(23, 26), 0.9),
        ("cue", doc.span(27, 31), 0.8),
        ("content", doc.span(33, 49), 0.7),
    ]
    [quote] = group_quotes(text, found)
    assert [s.text for s in quote.content] == ["The economy is strong", "and it will grow"]
    assert quote.cue.text == "said" and quote.source.text == "she"
    assert quote.score == pytest.approx(0.8)


def test_group_quotes_prefers_a_cue_in_the_same_sentence() -> None:
    """The nearer cue ends the previous sentence; the quote's own cue comes after its source."""
    text = ('According to the agency, talks continue. "We will not walk away," '
            "Secretary of State Dan Hale told reporters. Mr. Hale said that U.S. aid goes on.")
    doc = Document("d", text)

    def span(piece: str) -> Any:
        start = text.index(piece)
        return doc.span(start, start + len(piece))

    found = [
        ("cue", span("According to"), 0.9),
        ("source", span("the agency"), 0.9),
        ("content", span("talks continue"), 0.9),
        ("content", span('"We will not walk away,"'), 0.9),
        ("source", span("Secretary of State Dan Hale"), 0.9),
        ("cue", span("told"), 0.9),
        ("source", span("Mr. Hale"), 0.9),
        ("cue", span("said"), 0.9),
        ("content", span("U.S. aid goes on"), 0.9),
    ]
    quotes = group_quotes(text, found)
    assert [(q.cue.text, q.source.text) for q in quotes] == [
        ("According to", "the agency"), ("told", "Secretary of State Dan Hale"), ("said", "Mr. Hale")
    ]


def test_decode_spans_widens_to_whole_words() -> None:
    text = "Officials warned"
    offsets = [(0, 4), (4, 9), (10, 16)]  # "Offi" "cials" "warned"
    labels = [0, LABELS.index("B-source"), LABELS.index("B-cue")]
    probs = np.full((3, len(LABELS)), 0.5, dtype=np.float32)
    found = decode_spans(text, offsets, labels, probs)
    assert [(r, s.text) for r, s, _ in found] == [("source", "Officials"), ("cue", "warned")]


def spans_of(doc: Document) -> list[tuple]:
    return [
        (tuple((s.start, s.end) for s in q.content), q.cue and (q.cue.start, q.cue.end),
         q.source and (q.source.start, q.source.end))
        for q in doc.quotes
    ]


def test_tiny_model_overfits_three_examples_and_reloads(tmp_path: Path) -> None:
    gold = three_examples()
    config = SpanConfig(encoder_config=TINY_ENCODER, window=16, stride=8)
    options = TrainSpansOptions(epochs=60, lr=3e-3, batch_size=8, warmup=0.0, checkpoint_every=10_000)
    state = train_spans(gold, gold, tmp_path / "model", config, options, resume=False)
    assert state["best"]["dev"]["content"]["exact"]["f1"] == 1.0
    detector = SpanDetector.from_pretrained(tmp_path / "model")
    predicted = [detector(d.copy_without_quotes()) for d in gold]
    assert [spans_of(p) for p in predicted] == [spans_of(g) for g in gold]
    kinds = [q.kind for p in predicted for q in p.quotes]
    assert kinds == ["indirect", "mixed", "direct"]
    assert all(0.0 < q.score <= 1.0 for p in predicted for q in p.quotes)
    again = SpanDetector.from_pretrained(tmp_path / "model")
    assert [again(d.copy_without_quotes()).to_json() for d in gold] == [p.to_json() for p in predicted]
    # --stride: an inference setting the saved config allows to change, within the window
    assert SpanDetector.from_pretrained(tmp_path / "model", stride=4).config.stride == 4
    with pytest.raises(ModelError, match="stride 17 does not fit the window of 16 tokens"):
        SpanDetector.from_pretrained(tmp_path / "model", stride=17)
    # --min-score: fewer quotes at a higher bar, none lost at 0
    assert SpanDetector.from_pretrained(tmp_path / "model", min_score=0.0).config.min_score == 0.0
    strict = SpanDetector.from_pretrained(tmp_path / "model", min_score=1.0)
    assert [q for d in gold for q in strict(d.copy_without_quotes()).quotes if q.score < 1.0] == []
    with pytest.raises(ModelError, match="min_score 1.5 is not a score"):
        SpanDetector.from_pretrained(tmp_path / "model", min_score=1.5)


def test_tidy_content_closes_an_open_quotation_and_drops_a_stray_next_paragraph() -> None:
    from quotes.spans import tidy_content

    text = "He said “keep it under wraps.” Then\n\n\"next"
    start = text.index("“")
    assert text[slice(*tidy_content(text, start, text.index("wraps") + 5))] == "“keep it under wraps.”"
    text = "said the plan was bad\n\n\""
    assert text[slice(*tidy_content(text, 5, len(text)))] == "the plan was bad"
    text = " plain words "
    assert text[slice(*tidy_content(text, 0, len(text)))] == "plain words"
    # a headline has no full stop: a content does not run on past it; a quote that goes on into
    # the next paragraph (its line ends with a mark) still does
    text = "Blinken warns North Korea\n\nSecretary of State Antony Blinken said"
    assert text[slice(*tidy_content(text, 14, 45))] == "North Korea"
    text = "\u201cWe will act.\n\n\u201cAnd we will win,\u201d he said."
    assert text[slice(*tidy_content(text, 0, text.index(" he")))] == text[: text.index(" he")]


def test_warm_start_grows_the_lora_rank_and_keeps_the_predictions(tmp_path: Path) -> None:
    """--init-from: a rank-4 model warm-starts a rank-8 one that computes the same probabilities."""
    from training.spans import warm_start

    torch.manual_seed(0)
    small = SpanDetector.create(SpanConfig(window=16, stride=8, lora_r=4, lora_alpha=8))  # the bundled MiniLM
    with torch.no_grad():  # LoRA starts as a no-op (B = 0): make it do something
        for name, param in small.tagger.named_parameters():
            if "lora_B" in name:
                param.normal_(0, 0.5)
    small.save_pretrained(tmp_path / "small")
    small = SpanDetector.from_pretrained(tmp_path / "small", merge=False)
    big = SpanDetector.create(SpanConfig(window=16, stride=8, lora_r=8, lora_alpha=8))  # another scaling: B rescaled
    warm_start(big, tmp_path / "small")
    big.tagger.eval()
    encoded = encode_text(big.tokenizer, three_examples()[0].text)
    assert np.allclose(big.token_probs(encoded), small.token_probs(encoded), atol=1e-5)
    with pytest.raises(ModelError, match="LoRA rank 8, more than this model's 4"):
        big.save_pretrained(tmp_path / "big")
        warm_start(SpanDetector.create(SpanConfig(window=16, lora_r=4)), tmp_path / "big")


def test_adapter_can_be_stored_in_fp16_and_loads_back(tmp_path: Path) -> None:
    from safetensors.torch import load_file

    torch.manual_seed(0)
    detector = SpanDetector.create(SpanConfig(window=16, stride=8, lora_r=4, lora_alpha=8))
    with torch.no_grad():
        for name, param in detector.tagger.named_parameters():
            if "lora_B" in name:
                param.normal_(0, 0.5)
    detector.save_pretrained(tmp_path / "fp32")
    detector.config.adapter_dtype = "fp16"
    detector.save_pretrained(tmp_path / "fp16")
    assert {t.dtype for t in load_file(str(tmp_path / "fp16" / "adapter.safetensors")).values()} == {torch.float16}
    encoded = encode_text(detector.tokenizer, three_examples()[0].text)
    full = SpanDetector.from_pretrained(tmp_path / "fp32").token_probs(encoded)
    half = SpanDetector.from_pretrained(tmp_path / "fp16")
    assert half.config.adapter_dtype == "fp16"
    assert np.allclose(half.token_probs(encoded), full, atol=1e-2)
    detector.config.adapter_dtype = "int4"
    with pytest.raises(ModelError, match="adapter_dtype must be one of"):
        detector.save_pretrained(tmp_path / "bad")
    # a detector loaded for inference has its adapter merged away: saving it says how to do it
    with pytest.raises(ModelError, match="merge=False"):
        half.save_pretrained(tmp_path / "merged")
    SpanDetector.from_pretrained(tmp_path / "fp16", merge=False).save_pretrained(tmp_path / "again")
    assert np.allclose(SpanDetector.from_pretrained(tmp_path / "again").token_probs(encoded), half.token_probs(encoded))


def test_hold_out_every_leaves_those_articles_out_of_training(tmp_path: Path) -> None:
    gold = three_examples()
    config = SpanConfig(encoder_config=TINY_ENCODER, window=16, stride=8)
    options = TrainSpansOptions(epochs=1, batch_size=8, checkpoint_every=10_000, hold_out_every=2)
    messages: list[str] = []
    train_spans(gold, gold, tmp_path / "model", config, options, resume=False, log=messages.append)
    assert any(m.startswith("1 train docs") for m in messages)  # articles 0 and 2 held out, 1 trained on


def test_boundary_weights_mark_span_starts_and_the_token_after_a_span() -> None:
    from training.spans import boundary_weights

    # [CLS] O B-content I-content I-content O B-cue B-source I-source [SEP] pad
    labels = torch.tensor([[-100, 0, 1, 2, 2, 0, 3, 5, 6, -100, -100]])
    assert boundary_weights(labels, 1.0).tolist() == [[0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]]
    assert boundary_weights(labels, 3.0).tolist() == [[0, 1, 3, 1, 1, 3, 3, 3, 1, 0, 0]]
