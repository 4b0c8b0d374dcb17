"""SpanDetector: a transformer token tagger that finds content, cue and source spans.

Articles are longer than the encoder's 512 tokens, so the text is tokenised once and read in
overlapping windows; each token's label probabilities are averaged over the windows that hold it,
weighted toward each window's centre (where the model sees most context), so a span crossing a
window edge comes out whole. A constrained Viterbi pass turns the probabilities into valid BIO
spans, and ``group_quotes`` ties each content to its nearest cue and source (the attribution
stage may re-link them later).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import torch
from torch import nn

from .document import Document, Quote, Span, kind_of
from .errors import ModelError
from .modeling import (
    DEFAULT_BASE,
    add_lora,
    adapter_state,
    check_unmerged,
    load_adapter_state,
    load_encoder,
    load_tokenizer,
    read_config,
    read_weights,
    write_config,
    write_weights,
)
from .pipeline import Stage
from .text import sentences

ROLES = ("content", "cue", "source")
LABELS = ("O", *(f"{p}-{r}" for r in ROLES for p in ("B", "I")))
PRECISIONS = ("fp32", "bf16", "int8")
REBUILD_HINT = "quotes train spans --data ../shared/data/polnear --output models/spans"


ADAPTER_DTYPES = {"fp32": torch.float32, "fp16": torch.float16}


@dataclass
class SpanConfig:
    """Everything needed to rebuild a SpanDetector (saved as config.json)."""

    base: str = DEFAULT_BASE
    encoder_config: dict[str, Any] | None = None  # set for randomly initialised encoders
    lora_r: int = 16
    lora_alpha: int = 32
    lora_dropout: float = 0.1
    # How adapter.safetensors is stored: "fp16" halves the file (a rank-64 adapter: 5.3 MB, not
    # 10.6); weights are loaded back into fp32 parameters, and inference runs in ``precision``.
    adapter_dtype: str = "fp32"
    window: int = 256  # tokens per window, special tokens included
    stride: int = 192  # tokens between window starts
    precision: str = "fp32"  # inference arithmetic: fp32, bf16 (autocast) or int8 (dynamic)
    # Quote score = (mean content-token probability) ** score_power; fitted on train articles
    # so that a score of 0.7 means about 70% of such quotes match a gold quote.
    score_power: float = 1.0
    # Decoding, fitted on train articles by ``training.decoding``: a log-probability bias per
    # label added before Viterbi (a negative B-content bias stops the tagger from splitting one
    # content in two), and the calibrated score under which a quote is not reported.
    label_bias: tuple[float, ...] | None = None
    min_score: float = 0.0
    labels: tuple[str, ...] = LABELS
    training: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "spans",
            "base": self.base,
            "encoder_config": self.encoder_config,
            "lora": {"r": self.lora_r, "alpha": self.lora_alpha, "dropout": self.lora_dropout},
            "adapter_dtype": self.adapter_dtype,
            "window": self.window,
            "stride": self.stride,
            "precision": self.precision,
            "score_power": self.score_power,
            "label_bias": list(self.label_bias) if self.label_bias is not None else None,
            "min_score": self.min_score,
            "labels": list(self.labels),
            "training": self.training,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "SpanConfig":
        lora = data.get("lora", {})
        return cls(
            base=data.get("base", DEFAULT_BASE),
            encoder_config=data.get("encoder_config"),
            lora_r=lora.get("r", 16),
            lora_alpha=lora.get("alpha", 32),
            lora_dropout=lora.get("dropout", 0.1),
            adapter_dtype=data.get("adapter_dtype", "fp32"),
            window=data.get("window", 256),
            stride=data.get("stride", 192),
            precision=data.get("precision", "fp32"),
            score_power=float(data.get("score_power", 1.0)),
            label_bias=tuple(float(b) for b in data["label_bias"]) if data.get("label_bias") else None,
            min_score=float(data.get("min_score", 0.0)),
            labels=tuple(data.get("labels", LABELS)),
            training=data.get("training", {}),
        )


class SpanTagger(nn.Module):
    """Encoder (with LoRA) + a linear layer over each token."""

    def __init__(self, encoder: nn.Module, hidden: int, n_labels: int, dropout: float = 0.1) -> None:
        super().__init__()
        self.encoder = encoder
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(hidden, n_labels)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        return self.head(self.dropout(hidden))


@dataclass
class Encoded:
    """A document tokenised once: token ids and their character offsets (no special tokens)."""

    ids: list[int]
    offsets: list[tuple[int, int]]


def encode_text(tokenizer: Any, text: str) -> Encoded:
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
    return Encoded(list(enc["input_ids"]), [tuple(o) for o in enc["offset_mapping"]])


def window_starts(n_tokens: int, size: int, stride: int) -> list[int]:
    """Start positions of windows of ``size`` content tokens that cover 0..n_tokens."""
    if n_tokens <= size:
        return [0]
    starts = list(range(0, n_tokens - size, stride))
    starts.append(n_tokens - size)
    return sorted(set(starts))


def centre_weights(size: int) -> np.ndarray:
    """Weights that trust a window's middle more than its edges (never zero)."""
    pos = np.arange(size, dtype=np.float32)
    return np.minimum(pos + 1, size - pos) / (size / 2) + 1e-3


def token_labels(encoded: Encoded, doc: Document) -> list[int]:
    """BIO label ids for each token from the gold quotes of ``doc`` (token start inside a span)."""
    role_spans: list[tuple[int, int, str]] = []
    for quote in doc.quotes:
        role_spans += [(s.start, s.end, "content") for s in quote.content]
        role_spans += [(s.start, s.end, r) for r, s in (("cue", quote.cue), ("source", quote.source)) if s]
    labels = [0] * len(encoded.ids)
    starts = np.array([o[0] for o in encoded.offsets], dtype=np.int64)
    for start, end, role in sorted(role_spans):
        first = int(np.searchsorted(starts, start, side="left"))
        last = int(np.searchsorted(starts, end, side="left"))
        for i in range(first, last):
            labels[i] = LABELS.index(("B-" if i == first else "I-") + role)
    return labels


def _allowed_transitions() -> np.ndarray:
    n = len(LABELS)
    allowed = np.ones((n, n), dtype=bool)
    for j, to in enumerate(LABELS):
        if to.startswith("I-"):
            role = to[2:]
            for i, frm in enumerate(LABELS):
                allowed[i, j] = frm in (f"B-{role}", f"I-{role}")
    return allowed


_ALLOWED = _allowed_transitions()


def viterbi(log_probs: np.ndarray) -> list[int]:
    """The most probable label sequence in which I-x only follows B-x or I-x."""
    n, k = log_probs.shape
    if n == 0:
        return []
    trans = np.where(_ALLOWED, 0.0, -1e9).astype(np.float32)
    start_ok = np.array([0.0 if not lab.startswith("I-") else -1e9 for lab in LABELS], np.float32)
    score = log_probs[0] + start_ok
    back = np.zeros((n, k), dtype=np.int8)
    for t in range(1, n):
        cand = score[:, None] + trans
        back[t] = cand.argmax(0)
        score = cand.max(0) + log_probs[t]
    path = [int(score.argmax())]
    for t in range(n - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    return path[::-1]


def decode_spans(
    text: str, offsets: Sequence[tuple[int, int]], labels: Sequence[int], probs: np.ndarray
) -> list[tuple[str, Span, float]]:
    """(role, span, mean label probability) for each BIO span, widened to whole words."""
    out: list[tuple[str, Span, float]] = []
    i = 0
    n = len(labels)
    while i < n:
        name = LABELS[labels[i]]
        if name == "O":
            i += 1
            continue
        role = name[2:]
        j = i + 1
        while j < n and LABELS[labels[j]] == f"I-{role}":
            j += 1
        start, end = offsets[i][0], offsets[j - 1][1]
        while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
            start -= 1
        while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
            end += 1
        if role == "content":
            start, end = tidy_content(text, start, end)
            if not any(c.isalnum() for c in text[start:end]):
                i = j  # a stray quotation mark or comma is not a content
                continue
        score = float(np.mean([probs[t, labels[t]] for t in range(i, j)]))
        if end > start:
            out.append((role, Span.of(text, start, end), score))
        i = j
    return out


_CLOSING_TAIL = re.compile(r"[.,!?;:]?[”\"’]")


def tidy_content(text: str, start: int, end: int) -> tuple[int, int]:
    """Fix a content span's edges where the tagger is often off by a mark.

    Surrounding whitespace is dropped, a stray piece across a line break with no word in it (the
    next paragraph's opening mark) is cut, and a quotation the span opens but does not close is
    closed when its closing mark follows at once (``wraps.”`` rather than ``wraps``).
    """
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    piece = text[start:end]
    if "\n" in piece:
        head, _, _ = piece.partition("\n")
        _, _, tail = piece.rpartition("\n")
        if not any(c.isalnum() for c in tail):
            end = start + piece.rindex("\n")
        if not any(c.isalnum() for c in head):
            start = start + piece.index("\n") + 1
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
    piece = text[start:end]
    first_line = piece.split("\n", 1)[0].rstrip()
    if "\n" in piece and first_line and first_line[-1] not in ".?!:;,\"”’'":
        # "Blinken warns North Korea\n\nSecretary of State ...": a headline without a full stop
        # ends there; a quote that runs on into the next paragraph ends its line with a mark
        end = start + len(first_line)
        piece = text[start:end]
    unclosed = piece.count("“") > piece.count("”") or piece.count('"') % 2 == 1
    if unclosed:
        match = _CLOSING_TAIL.match(text, end)
        if match:
            end = match.end()
    return start, end


def decode_quotes(
    text: str, encoded: Encoded, probs: np.ndarray, config: SpanConfig
) -> tuple[list[Quote], dict[str, list[Span]]]:
    """Viterbi over the (biased) log-probabilities, spans, quotes above ``config.min_score``."""
    log_probs = np.log(probs + 1e-9)
    if config.label_bias is not None and len(log_probs):
        if len(config.label_bias) != log_probs.shape[1]:
            raise ModelError(
                f"label_bias has {len(config.label_bias)} values for {log_probs.shape[1]} labels"
            )
        log_probs = log_probs + np.asarray(config.label_bias, dtype=log_probs.dtype)
    labels = viterbi(log_probs)
    found = decode_spans(text, encoded.offsets, labels, probs)
    groups = {role: [s for r, s, _ in found if r == role] for role in ("cue", "source")}
    quotes = group_quotes(text, found, score_power=config.score_power)
    if config.min_score > 0:
        quotes = [q for q in quotes if q.score is None or q.score >= config.min_score]
    return quotes, groups


def _gap(a: Span, b: Span) -> int:
    return max(a.start - b.end, b.start - a.end, 0)


SENTENCE_PENALTY = 1000  # characters: a cue in the same sentence always beats one across a full stop


def _crosses_sentence(sentence_starts: list[int], a: Span, b: Span) -> bool:
    """True when a sentence starts between the two spans ("According to the agency, talks
    continue. "..." Hale told reporters": the quote is Hale's, not the agency's).
    ``sentence_starts``: the starts of ``quotes.text.sentences`` over the document, in order."""
    lo, hi = min(a.end, b.end), max(a.start, b.start)
    i = bisect_right(sentence_starts, lo)
    return i < len(sentence_starts) and sentence_starts[i] <= hi


def _crosses_paragraph(text: str, a: Span, b: Span) -> bool:
    """True when a line break separates the two spans (paragraphs are lines in news text)."""
    lo, hi = min(a.end, b.end), max(a.start, b.start)
    return "\n" in text[lo:hi]


class _SpanIndex:
    """Spans sorted by start, so that those near a target are found by bisection: grouping
    stays linear in the number of spans of a long document instead of quadratic."""

    def __init__(self, spans: list[Span]) -> None:
        self.spans = sorted(spans, key=lambda s: s.start)  # stable: ties keep their order
        self.starts = [s.start for s in self.spans]
        self.longest = max((s.end - s.start for s in self.spans), default=0)

    def near(self, target: Span, max_gap: int) -> list[Span]:
        """A superset of the spans within ``max_gap`` characters of ``target``, in order."""
        lo = bisect_left(self.starts, target.start - max_gap - self.longest)
        hi = bisect_right(self.starts, target.end + max_gap)
        return self.spans[lo:hi]


def group_quotes(
    text: str, found: list[tuple[str, Span, float]], max_gap: int = 250, score_power: float = 1.0
) -> list[Quote]:
    """Tie each content to its nearest cue (and the cue to its nearest source) in its paragraph,
    preferring one in the same sentence.

    Two contents on either side of one cue ("X, he said, Y") become one discontinuous content.
    """
    contents = [(s, p) for r, s, p in found if r == "content"]
    cues = _SpanIndex([s for r, s, _ in found if r == "cue"])
    sources = _SpanIndex([s for r, s, _ in found if r == "source"])
    sentence_starts = [start for start, _ in sentences(text)]

    def nearest(target: Span, pool: _SpanIndex) -> Span | None:
        best = [
            (_gap(target, c) + (SENTENCE_PENALTY if _crosses_sentence(sentence_starts, target, c) else 0), c)
            for c in pool.near(target, max_gap)
            if _gap(target, c) <= max_gap and not _crosses_paragraph(text, target, c)
        ]
        return min(best, key=lambda x: (x[0], x[1].start))[1] if best else None

    linked = [(span, score, nearest(span, cues)) for span, score in contents]
    by_cue: dict[Span, list[int]] = {}
    for j, (_, _, cue) in enumerate(linked):
        if cue is not None:
            by_cue.setdefault(cue, []).append(j)
    quotes: list[Quote] = []
    used: set[int] = set()
    for i, (span, score, cue) in enumerate(linked):
        if i in used:
            continue
        pieces, scores = [span], [score]
        if cue is not None:
            for j in by_cue[cue]:
                other, other_score, _ = linked[j]
                if (
                    j > i
                    and j not in used
                    and span.end <= cue.start
                    and cue.end <= other.start
                    and not _crosses_paragraph(text, span, other)
                ):
                    pieces.append(other)
                    scores.append(other_score)
                    used.add(j)
                    break
        anchor = cue or span
        source = nearest(anchor, sources)
        quotes.append(
            Quote(
                content=pieces,
                cue=cue,
                source=source,
                kind=kind_of([p.text for p in pieces]),
                score=round(float(np.mean(scores)) ** score_power, 4),
            )
        )
    return quotes


def quantize_linear_layers(module: nn.Module) -> nn.Module:
    """int8 dynamic quantization of every nn.Linear: about 2.5x faster on a CPU with VNNI.

    The dev-set cost is measured and stated in the model card before it is switched on.
    """
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return torch.ao.quantization.quantize_dynamic(module, {nn.Linear}, dtype=torch.qint8)


class SpanDetector(Stage):
    """The trained span stage: writes quotes and the cue/source candidates into each Document."""

    name = "spans"

    def __init__(self, config: SpanConfig, tagger: SpanTagger, tokenizer: Any) -> None:
        self.config = config
        self.tagger = tagger
        self.tokenizer = tokenizer
        self.batch_windows = 16

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def create(cls, config: SpanConfig) -> "SpanDetector":
        """A new, untrained detector: the base encoder with fresh LoRA adapters and head."""
        tokenizer = load_tokenizer(config.base)
        encoder = load_encoder(config.base, config.encoder_config)
        hidden = encoder.config.hidden_size
        if config.encoder_config is None:
            encoder = add_lora(encoder, config.lora_r, config.lora_alpha, config.lora_dropout)
        tagger = SpanTagger(encoder, hidden, len(config.labels))
        return cls(config, tagger, tokenizer)

    @property
    def has_adapter(self) -> bool:
        return self.config.encoder_config is None

    def save_pretrained(self, directory: str | Path, card: str | None = None) -> None:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        if self.has_adapter:
            if self.config.adapter_dtype not in ADAPTER_DTYPES:
                raise ModelError(f"adapter_dtype must be one of {tuple(ADAPTER_DTYPES)}, got {self.config.adapter_dtype!r}")
            check_unmerged(self.tagger.encoder, directory, "SpanDetector.from_pretrained")
            dtype = ADAPTER_DTYPES[self.config.adapter_dtype]
            state = {k: v.to(dtype) for k, v in adapter_state(self.tagger.encoder).items()}
            write_weights(directory / "adapter.safetensors", state)
        else:
            write_weights(directory / "encoder.safetensors", self.tagger.encoder.state_dict())
        write_weights(directory / "head.safetensors", self.tagger.head.state_dict())
        write_config(directory, self.config.to_dict())
        if card is not None:
            (directory / "README.md").write_text(card, encoding="utf-8")

    @classmethod
    def from_pretrained(
        cls, directory: str | Path, merge: bool = True, **overrides: Any
    ) -> "SpanDetector":
        """Load a saved detector; ``merge`` folds LoRA into the encoder for faster inference.

        ``overrides`` replace inference settings of the saved config (``stride``, ``precision``,
        ``min_score``).
        """
        directory = Path(directory)
        config = SpanConfig.from_dict(read_config(directory, "spans", REBUILD_HINT))
        for key, value in overrides.items():
            if key not in ("stride", "precision", "min_score") or value is None:
                continue
            setattr(config, key, value)
        if not 0.0 <= config.min_score <= 1.0:
            raise ModelError(f"min_score {config.min_score} is not a score: use 0 to 1 ({directory})")
        if not 0 < config.stride <= config.window:
            raise ModelError(
                f"stride {config.stride} does not fit the window of {config.window} tokens "
                f"({directory}): use 1 to {config.window}, or it would skip text between windows"
            )
        detector = cls.create(config)
        tagger = detector.tagger
        if detector.has_adapter:
            load_adapter_state(tagger.encoder, read_weights(directory / "adapter.safetensors", REBUILD_HINT))
            if merge:
                tagger.encoder = tagger.encoder.merge_and_unload()
        else:
            tagger.encoder.load_state_dict(read_weights(directory / "encoder.safetensors", REBUILD_HINT))
        try:
            tagger.head.load_state_dict(read_weights(directory / "head.safetensors", REBUILD_HINT))
        except RuntimeError as exc:
            raise ModelError(f"{directory / 'head.safetensors'} does not fit the config: {exc}") from exc
        tagger.eval()
        if config.precision not in PRECISIONS:
            raise ModelError(f"precision must be one of {PRECISIONS}, got {config.precision!r}")
        if config.precision == "int8" and merge:
            detector.tagger = quantize_linear_layers(tagger)
        return detector

    # -- inference ----------------------------------------------------------------------------
    def token_probs(self, encoded: Encoded) -> np.ndarray:
        """Label probabilities per token, merged over overlapping windows."""
        n = len(encoded.ids)
        k = len(self.config.labels)
        if n == 0:
            return np.zeros((0, k), dtype=np.float32)
        size = self.config.window - 2
        stride = max(1, self.config.stride)
        starts = window_starts(n, size, stride)
        total = np.zeros((n, k), dtype=np.float32)
        weight = np.zeros((n, 1), dtype=np.float32)
        cls_id, sep_id = self.tokenizer.cls_token_id, self.tokenizer.sep_token_id
        pad_id = self.tokenizer.pad_token_id or 0
        device = next(self.tagger.parameters()).device
        self.tagger.eval()
        for b in range(0, len(starts), self.batch_windows):
            batch = starts[b : b + self.batch_windows]
            pieces = [encoded.ids[s : s + size] for s in batch]
            width = max(len(p) for p in pieces) + 2
            ids = torch.full((len(pieces), width), pad_id, dtype=torch.long)
            mask = torch.zeros((len(pieces), width), dtype=torch.long)
            for row, piece in enumerate(pieces):
                seq = [cls_id, *piece, sep_id]
                ids[row, : len(seq)] = torch.tensor(seq)
                mask[row, : len(seq)] = 1
            autocast = torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.config.precision == "bf16")
            with torch.inference_mode(), autocast:
                logits = self.tagger(ids.to(device), mask.to(device))
                probs = torch.softmax(logits.float(), -1).cpu().numpy()
            for row, (start, piece) in enumerate(zip(batch, pieces)):
                w = centre_weights(len(piece))[:, None]
                total[start : start + len(piece)] += probs[row, 1 : 1 + len(piece)] * w
                weight[start : start + len(piece)] += w
        return total / weight

    def predict_text(self, text: str) -> tuple[list[Quote], dict[str, list[Span]]]:
        encoded = encode_text(self.tokenizer, text)
        return self.decode(text, encoded, self.token_probs(encoded))

    def decode(
        self, text: str, encoded: Encoded, probs: np.ndarray
    ) -> tuple[list[Quote], dict[str, list[Span]]]:
        """Quotes and cue/source candidates from merged token probabilities (no encoder call,
        so decoding settings can be fitted on cached probabilities)."""
        return decode_quotes(text, encoded, probs, self.config)

    def predict(self, docs: Sequence[Document]) -> list[tuple[list[Quote], dict[str, list[Span]]]]:
        return [self.predict_text(doc.text) for doc in docs]

    def set_annotations(self, docs: Sequence[Document], predictions: Sequence[Any]) -> None:
        for doc, (quotes, groups) in zip(docs, predictions):
            doc.quotes = list(quotes)
            doc.spans.update(groups)
