"""StanceClassifier: favor / against / none of a quote toward a target, a LoRA-tuned encoder.

Input format (``INPUT_FORMAT`` 2), one sentence pair per (quote, target)::

    first:  "target: <target> ; holder: <speaker>"          (holder left out when unknown)
            "claim: <target> ; holder: <speaker>"           (a claim target: PERSPECTRUM)
    second: "<text with the target mention wrapped in << >>> ; context: <context>"

Format 1 (models trained before claims were told apart) writes ``target:`` for both; models
saved with it still load and read their own format.

The target mention is the example's ``target_span`` or else the first mention that
``quotes.targets.find_mentions`` finds; the context (surrounding sentence) is appended last so
truncation to ``max_length`` drops it first. The encoder's token states are mean-pooled and a
linear head gives one logit per label. Only the LoRA adapter and the head are trained and saved
(``adapter.safetensors``, ``head.safetensors``); the base encoder comes from its package.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from . import modeling
from .document import STANCE_LABELS, StanceExample
from .errors import ModelError
from .targets import StanceStage, find_mentions

INPUT_FORMAT = 2  # what new models are trained with
READABLE_INPUT_FORMATS = (1, 2)
KIND = "stance"
REBUILD = "python -c 'from training.stance import train_stance; train_stance(...)' (see the model card)"
MAX_TARGET_WORDS = 24
PRECISIONS = ("fp32", "bf16")  # inference arithmetic; training always runs in fp32
POOLINGS = ("mean", "mean+target")
OPEN_MARK, CLOSE_MARK = "<< ", " >>"


def marked_target(text: str, target: str, span: tuple[int, int] | None) -> tuple[str, tuple[int, int] | None]:
    """``text`` with the target mention wrapped in ``<< >>``, and the mention's offsets in it.

    Unchanged text and ``None`` if no mention is found."""
    if span is None:
        found = find_mentions(text, target)
        span = found[0] if found else None
    if span is None or not (0 <= span[0] < span[1] <= len(text)):
        return text, None
    start, end = span
    inner = start + len(OPEN_MARK)
    return f"{text[:start]}{OPEN_MARK}{text[start:end]}{CLOSE_MARK}{text[end:]}", (inner, inner + end - start)


def format_pair(example: StanceExample, use_context: bool = True, input_format: int = INPUT_FORMAT
                ) -> tuple[str, str, tuple[int, int] | None]:
    """The (first, second) sentence pair the encoder reads for one example, and the character
    offsets of the target mention in the second (None if no mention is found).

    Why the claim prefix (format 2): trained on claims and names under one prefix, the model read
    a name as a claim, so "Russia is a threat and must be stopped" came out favor of Russia.
    """
    target = " ".join(example.target.split()[:MAX_TARGET_WORDS])
    prefix = "claim" if input_format >= 2 and example.target_kind == "claim" else "target"
    first = f"{prefix}: {target}"
    if example.speaker:
        first += f" ; holder: {' '.join(example.speaker.split()[:MAX_TARGET_WORDS])}"
    second, mention = marked_target(example.text, example.target, example.target_span)
    if use_context and example.context:
        second += f" ; context: {example.context}"
    return first, second, mention


def tokenize_pairs(tokenizer: Any, examples: Sequence[StanceExample], use_context: bool, input_format: int,
                   max_length: int, with_target_mask: bool, **options: Any) -> Any:
    """The tokenizer's encoding of the examples' pairs; with ``with_target_mask``, also a
    ``target_mask`` row per example: 1 on the tokens of the target mention (none if the mention
    is missing or truncated away)."""
    triples = [format_pair(e, use_context, input_format) for e in examples]
    enc = tokenizer([t[0] for t in triples], [t[1] for t in triples], truncation="only_second",
                    max_length=max_length, return_offsets_mapping=with_target_mask, **options)
    if not with_target_mask:
        return enc
    offsets = enc.pop("offset_mapping")
    masks = []
    for i, (_, _, mention) in enumerate(triples):
        sequence = enc.sequence_ids(i)
        row = [0] * len(sequence)
        if mention is not None:
            spans = offsets[i].tolist() if torch.is_tensor(offsets[i]) else offsets[i]
            for j, (which, (a, b)) in enumerate(zip(sequence, spans)):
                if which == 1 and b > a and a < mention[1] and b > mention[0]:
                    row[j] = 1
        masks.append(row)
    enc["target_mask"] = torch.tensor(masks, dtype=torch.long) if options.get("return_tensors") == "pt" else masks
    return enc


class StanceNet(nn.Module):
    """Encoder (with LoRA) -> pooling (``POOLINGS``) -> dropout -> linear head over the labels."""

    def __init__(self, encoder: nn.Module, n_labels: int, dropout: float = 0.1, pooling: str = "mean") -> None:
        super().__init__()
        if pooling not in POOLINGS:
            raise ModelError(f"pooling must be one of {', '.join(POOLINGS)}, got {pooling!r}")
        self.encoder = encoder
        self.pooling = pooling
        hidden = int(encoder.config.hidden_size)
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(hidden * (2 if pooling == "mean+target" else 1), n_labels)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                target_mask: torch.Tensor | None = None, **extra: Any) -> torch.Tensor:
        states = self.encoder(input_ids=input_ids, attention_mask=attention_mask, **extra).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(states.dtype)
        pooled = (states * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        if self.pooling == "mean+target":
            if target_mask is None:
                raise ModelError("this stance model pools the target mention: pass target_mask")
            tmask = target_mask.unsqueeze(-1).to(states.dtype)
            count = tmask.sum(1)
            at_target = (states * tmask).sum(1) / count.clamp(min=1.0)
            at_target = torch.where(count > 0, at_target, pooled)  # no mention: the sentence mean
            pooled = torch.cat([pooled, at_target], dim=-1)
        return self.head(self.dropout(pooled))


class StanceClassifier(StanceStage):
    """The trained stance stage: ``predict_examples`` for pairs, ``predict`` for Documents."""

    name = "stance"

    def __init__(self, net: StanceNet, tokenizer: Any, config: dict[str, Any], **options: Any) -> None:
        super().__init__(**options)
        self.net = net
        self.tokenizer = tokenizer
        self.config = config
        self.labels: tuple[str, ...] = tuple(config["labels"])
        self.max_length = int(config["max_length"])
        self.use_context = bool(config.get("use_context", True))
        self.input_format = int(config.get("input_format", INPUT_FORMAT))
        self.pooling = str(config.get("pooling", "mean"))

    @property
    def pools_target(self) -> bool:
        """Whether the inputs need a ``target_mask`` (pooling ``mean+target``)."""
        return self.pooling == "mean+target"

    # ------------------------------------------------------------------ building and saving
    @classmethod
    def create(
        cls,
        base: str = modeling.DEFAULT_BASE,
        labels: Sequence[str] = STANCE_LABELS,
        max_length: int = 128,
        lora_r: int = 8,
        lora_alpha: int = 16,
        lora_dropout: float = 0.1,
        dropout: float = 0.1,
        use_context: bool = True,
        encoder_config: dict[str, Any] | None = None,
        seed: int = 0,
        precision: str = "fp32",
        input_format: int = INPUT_FORMAT,
        pooling: str = "mean",
        **options: Any,
    ) -> StanceClassifier:
        """A fresh, untrained classifier over ``base`` (or a random BERT of ``encoder_config``).

        ``precision`` is the arithmetic of inference (``fp32`` or ``bf16``), saved in the config;
        ``input_format`` an older format only to reproduce a model trained with it; ``pooling``
        one of ``POOLINGS``.
        """
        _check_precision(precision, "StanceClassifier.create")
        if input_format not in READABLE_INPUT_FORMATS:
            raise ModelError(f"input_format must be one of {READABLE_INPUT_FORMATS}, got {input_format!r}")
        torch.manual_seed(seed)
        encoder = modeling.load_encoder(base, encoder_config)
        encoder = modeling.add_lora(encoder, lora_r, lora_alpha, lora_dropout)
        net = StanceNet(encoder, len(labels), dropout, pooling)
        config = {
            "kind": KIND,
            "base_model": base,
            "labels": list(labels),
            "max_length": max_length,
            "use_context": use_context,
            "input_format": input_format,
            "pooling": pooling,
            "dropout": dropout,
            "precision": precision,
            "lora": {"r": lora_r, "alpha": lora_alpha, "dropout": lora_dropout,
                     "target_modules": list(modeling.BERT_LORA_TARGETS)},
        }
        if encoder_config is not None:
            config["encoder_config"] = encoder_config
        return cls(net, modeling.load_tokenizer(base), config, **options)

    def save_pretrained(self, directory: str | Path, card: str | None = None,
                        extra_config: dict[str, Any] | None = None) -> None:
        """Write config.json, adapter.safetensors, head.safetensors (+ README.md if ``card``)."""
        directory = Path(directory)
        modeling.check_unmerged(self.net.encoder, directory, "StanceClassifier.from_pretrained")
        directory.mkdir(parents=True, exist_ok=True)
        config = {**self.config, **(extra_config or {})}
        self.config = config
        modeling.write_config(directory, config)
        modeling.write_weights(directory / "adapter.safetensors", modeling.adapter_state(self.net.encoder))
        modeling.write_weights(directory / "head.safetensors", dict(self.net.head.state_dict()))
        if "encoder_config" in config:  # a random base cannot be reloaded from anywhere else
            base_state = {k: v for k, v in self.net.encoder.state_dict().items() if "lora_" not in k}
            modeling.write_weights(directory / "encoder.safetensors", base_state)
        if card is not None:
            (directory / "README.md").write_text(card, encoding="utf-8")

    @classmethod
    def from_pretrained(
        cls, directory: str | Path, base: str | None = None, merge: bool = True, **options: Any
    ) -> StanceClassifier:
        """Load a saved classifier; ModelError names a missing file or a wrong format version.

        ``merge`` folds the LoRA adapter into the encoder's weights: the same function, about
        twice as fast at inference; load with ``merge=False`` to train or save the model again.
        """
        directory = Path(directory)
        config = modeling.read_config(directory, KIND, REBUILD)
        if config.get("input_format") not in READABLE_INPUT_FORMATS:
            raise ModelError(
                f"{directory / 'config.json'} has input_format {config.get('input_format')!r}; "
                f"this version reads {', '.join(map(str, READABLE_INPUT_FORMATS))}. Rebuild it with: {REBUILD}"
            )
        _check_precision(config.get("precision", "fp32"), str(directory / "config.json"))
        adapter = modeling.read_weights(directory / "adapter.safetensors", REBUILD)
        head = modeling.read_weights(directory / "head.safetensors", REBUILD)
        encoder_state = None
        if "encoder_config" in config:
            encoder_state = modeling.read_weights(directory / "encoder.safetensors", REBUILD)
        lora = config["lora"]
        base_name = base or config["base_model"]
        encoder = modeling.load_encoder(base_name, config.get("encoder_config"))
        encoder = modeling.add_lora(encoder, lora["r"], lora["alpha"], lora["dropout"])
        if encoder_state is not None:  # saved with the adapter wrappers in place: same key names
            result = encoder.load_state_dict(encoder_state, strict=False)
            missing = [k for k in result.missing_keys if "lora_" not in k]
            if result.unexpected_keys or missing:
                raise ModelError(f"{directory / 'encoder.safetensors'} does not fit its encoder_config")
        modeling.load_adapter_state(encoder, adapter)
        if merge:
            encoder = encoder.merge_and_unload()
        pooling = config.get("pooling", "mean")
        if pooling not in POOLINGS:
            raise ModelError(f"{directory / 'config.json'} has pooling {pooling!r}; this version reads "
                             f"{', '.join(POOLINGS)}. Rebuild it with: {REBUILD}")
        net = StanceNet(encoder, len(config["labels"]), config.get("dropout", 0.1), pooling)
        try:
            net.head.load_state_dict(head)
        except RuntimeError as exc:
            raise ModelError(f"{directory / 'head.safetensors'} does not fit the labels: {exc}") from exc
        net.eval()
        return cls(net, modeling.load_tokenizer(base_name), config, **options)

    # ------------------------------------------------------------------ inference
    def encode(self, examples: Sequence[StanceExample]) -> dict[str, torch.Tensor]:
        """Tokenised, padded tensors for a batch of examples."""
        return tokenize_pairs(self.tokenizer, examples, self.use_context, self.input_format, self.max_length,
                              self.pools_target, padding=True, return_tensors="pt")

    def predict_proba(self, examples: Sequence[StanceExample], batch_size: int = 32) -> np.ndarray:
        """Probabilities, one row per example, columns in ``self.labels`` order."""
        out = np.zeros((len(examples), len(self.labels)), dtype=np.float64)
        if not examples:
            return out
        # Sort by length so that batches pad little; results go back to input order.
        order = sorted(range(len(examples)), key=lambda i: len(examples[i].text) + len(examples[i].context or ""))
        was_training = self.net.training
        self.net.eval()
        # bf16 arithmetic when the model's config asks for it (chosen on dev: see the model card).
        bf16 = self.config.get("precision") == "bf16" and not was_training
        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            for begin in range(0, len(order), batch_size):
                chunk = order[begin : begin + batch_size]
                batch = self.encode([examples[i] for i in chunk])
                probs = torch.softmax(self.net(**batch).float(), dim=-1).numpy()
                out[chunk] = probs
        self.net.train(was_training)
        return out

    def copy(self) -> StanceClassifier:
        """A deep copy (used by training to keep the best epoch)."""
        return StanceClassifier(copy.deepcopy(self.net), self.tokenizer, dict(self.config), **self.options)


def _check_precision(precision: Any, where: str) -> None:
    if precision not in PRECISIONS:
        raise ModelError(f"{where}: precision must be one of {', '.join(PRECISIONS)}, got {precision!r}")


def load_stance_stage(model: str | Path | None = None, targets: Sequence[str] | None = None,
                      **options: Any) -> StanceStage:
    """The stance stage for ``--stance-model``: a folder (LoRA or scikit-learn model) or a name
    (``default``/``permissive``, ``all``, ``sklearn``; see ``quotes.stance_eval``)."""
    from .stance_eval import load_stance_model

    return load_stance_model(model, targets=targets, **options)
