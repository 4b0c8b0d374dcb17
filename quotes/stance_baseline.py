"""The scikit-learn stance baseline: TF-IDF blocks + logistic regression, saved without pickle.

Why: a cheap, transparent reference the LoRA model must beat, and a stand-in stage when torch is
unwanted. Features are four TF-IDF blocks, concatenated:

* ``text``: word 1-2-grams of the quote/sentence;
* ``near``: words within ``NEAR`` words of the target mention (its interaction with the text:
  what is said next to the target, not anywhere in the sentence);
* ``target``: words of the target; ``holder``: words of the speaker.

Saved as ``config.json`` (kind ``stance-sklearn``, labels, block settings), ``vocab.json`` (one
vocabulary per block) and ``weights.safetensors`` (idf per block, coef, intercept as numpy
arrays). Loading rebuilds the exact transform with a fixed-vocabulary CountVectorizer, so no
pickle (and no scikit-learn version coupling) is involved.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from .document import STANCE_LABELS, StanceExample
from .errors import ModelError
from .targets import StanceStage, find_mentions

KIND = "stance-sklearn"
FORMAT_VERSION = 1
NEAR = 6
TOKEN_PATTERN = r"(?u)\b\w+\b|[!?]"
BLOCKS: dict[str, dict[str, Any]] = {
    "text": {"ngram_range": [1, 2], "min_df": 2, "max_features": 60000},
    "near": {"ngram_range": [1, 1], "min_df": 2, "max_features": 20000},
    "target": {"ngram_range": [1, 1], "min_df": 1, "max_features": 20000},
    "holder": {"ngram_range": [1, 1], "min_df": 1, "max_features": 5000},
}
REBUILD = "quotes.stance_baseline.train_stance_baseline(...) (see the model card)"


def near_words(example: StanceExample, window: int = NEAR) -> str:
    """The words around the target mention (empty when the target is not found in the text)."""
    span = example.target_span
    if span is None:
        found = find_mentions(example.text, example.target)
        span = found[0] if found else None
    if span is None:
        return ""
    left = re.findall(TOKEN_PATTERN, example.text[: span[0]])[-window:]
    right = re.findall(TOKEN_PATTERN, example.text[span[1] :])[:window]
    return " ".join(["L_" + w for w in left] + ["R_" + w for w in right])


def block_texts(examples: Sequence[StanceExample]) -> dict[str, list[str]]:
    return {
        "text": [e.text for e in examples],
        "near": [near_words(e) for e in examples],
        "target": [e.target for e in examples],
        "holder": [e.speaker or "" for e in examples],
    }


def _counter(vocabulary: dict[str, int] | None, settings: dict[str, Any]) -> Any:
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(
        vocabulary=vocabulary,
        ngram_range=tuple(settings["ngram_range"]),
        lowercase=True,
        token_pattern=TOKEN_PATTERN,
        **({} if vocabulary else {"min_df": settings["min_df"], "max_features": settings["max_features"]}),
    )


def _tfidf(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Sublinear TF times idf, rows L2-normalised (what TfidfVectorizer(sublinear_tf=True) does)."""
    counts = counts.astype(np.float64).tocsr()
    counts.data = 1.0 + np.log(counts.data)
    weighted = counts @ sparse.diags(idf)
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ weighted)


class SklearnStanceClassifier(StanceStage):
    """TF-IDF + logistic regression with the same stage contract as StanceClassifier."""

    name = "stance"

    def __init__(
        self,
        vocab: dict[str, dict[str, int]],
        idf: dict[str, np.ndarray],
        coef: np.ndarray,
        intercept: np.ndarray,
        classes: Sequence[str],
        config: dict[str, Any] | None = None,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.vocab, self.idf, self.coef, self.intercept = vocab, idf, coef, intercept
        self.classes = tuple(classes)
        self.labels = tuple(STANCE_LABELS)
        self.config = config or {}
        self._counters = {name: _counter(vocab[name], BLOCKS[name]) for name in BLOCKS}

    # ------------------------------------------------------------------ fitting
    @staticmethod
    def featurize_fit(examples: Sequence[StanceExample]) -> tuple[dict[str, dict[str, int]], dict[str, np.ndarray]]:
        """Vocabularies and idf of every block, fitted on ``examples``."""
        vocab, idf = {}, {}
        texts = block_texts(examples)
        for name, settings in BLOCKS.items():
            counter = _counter(None, settings)
            try:
                counts = counter.fit_transform(texts[name])
            except ValueError:  # an all-empty block (e.g. no holders): one dummy feature
                vocab[name], idf[name] = {"<none>": 0}, np.ones(1)
                continue
            n = counts.shape[0]
            df = np.bincount(counts.indices, minlength=counts.shape[1])
            vocab[name] = {k: int(v) for k, v in counter.vocabulary_.items()}
            idf[name] = np.log((1 + n) / (1 + df)) + 1.0
        return vocab, idf

    @classmethod
    def fit(cls, examples: Sequence[StanceExample], C: float = 1.0, class_weight: str | None = "balanced",
            seed: int = 13, **options: Any) -> SklearnStanceClassifier:
        from sklearn.linear_model import LogisticRegression

        vocab, idf = cls.featurize_fit(examples)
        model = cls(vocab, idf, np.zeros((1, 1)), np.zeros(1), STANCE_LABELS, **options)
        features = model.features(examples)
        classifier = LogisticRegression(C=C, class_weight=class_weight, max_iter=2000, random_state=seed)
        classifier.fit(features, [e.label for e in examples])
        coef, intercept = classifier.coef_, classifier.intercept_
        classes = [str(c) for c in classifier.classes_]
        if len(classes) == 2:  # binary sklearn keeps one row: turn it into two softmax rows
            coef = np.vstack([-coef[0] / 2, coef[0] / 2])
            intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
        model.coef, model.intercept, model.classes = coef, intercept, tuple(classes)
        model.config = {"C": C, "class_weight": class_weight, "train_examples": len(examples)}
        return model

    # ------------------------------------------------------------------ inference
    def features(self, examples: Sequence[StanceExample]) -> sparse.csr_matrix:
        texts = block_texts(examples)
        blocks = [
            _tfidf(self._counters[name].transform(texts[name]), self.idf[name]) for name in BLOCKS
        ]
        return sparse.hstack(blocks).tocsr()

    def predict_proba(self, examples: Sequence[StanceExample], batch_size: int = 32) -> np.ndarray:
        out = np.zeros((len(examples), len(self.labels)))
        if not examples:
            return out
        scores = self.features(examples) @ self.coef.T + self.intercept
        scores = np.asarray(scores) - np.asarray(scores).max(axis=1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(axis=1, keepdims=True)
        for j, label in enumerate(self.classes):
            out[:, self.labels.index(label)] = probs[:, j]
        return out

    # ------------------------------------------------------------------ saving
    def save_pretrained(self, directory: str | Path, card: str | None = None,
                        extra_config: dict[str, Any] | None = None) -> None:
        from safetensors.numpy import save_file

        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        self.config = {**self.config, **(extra_config or {})}
        config = {
            "format_version": FORMAT_VERSION, "kind": KIND, "labels": list(self.labels),
            "classes": list(self.classes), "blocks": BLOCKS, "near": NEAR,
            "token_pattern": TOKEN_PATTERN, **self.config,
        }
        (directory / "config.json").write_text(json.dumps(config, indent=2, sort_keys=True) + "\n")
        (directory / "vocab.json").write_text(json.dumps(self.vocab, ensure_ascii=False, sort_keys=True))
        tensors = {f"idf.{name}": np.ascontiguousarray(v, dtype=np.float64) for name, v in self.idf.items()}
        tensors["coef"] = np.ascontiguousarray(self.coef, dtype=np.float64)
        tensors["intercept"] = np.ascontiguousarray(self.intercept, dtype=np.float64)
        save_file(tensors, str(directory / "weights.safetensors"))
        if card is not None:
            (directory / "README.md").write_text(card, encoding="utf-8")

    @classmethod
    def from_pretrained(cls, directory: str | Path, **options: Any) -> SklearnStanceClassifier:
        from safetensors.numpy import load_file

        directory = Path(directory)
        config_path = directory / "config.json"
        for path in (config_path, directory / "vocab.json", directory / "weights.safetensors"):
            if not path.is_file():
                raise ModelError(f"{path} is missing. Rebuild the model with: {REBUILD}")
        try:
            config = json.loads(config_path.read_text(encoding="utf-8"))
            vocab = json.loads((directory / "vocab.json").read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ModelError(f"{directory}: config.json or vocab.json is not valid JSON ({exc})") from exc
        if config.get("format_version") != FORMAT_VERSION or config.get("kind") != KIND:
            raise ModelError(
                f"{config_path} is format_version {config.get('format_version')!r} kind "
                f"{config.get('kind')!r}; this version reads {FORMAT_VERSION} {KIND!r}. Rebuild it with: {REBUILD}"
            )
        if config.get("blocks") != BLOCKS or config.get("near") != NEAR:
            raise ModelError(f"{config_path} was built with other feature settings. Rebuild it with: {REBUILD}")
        try:
            tensors = load_file(str(directory / "weights.safetensors"))
        except Exception as exc:
            raise ModelError(f"{directory / 'weights.safetensors'} cannot be read ({exc}). Rebuild it with: {REBUILD}") from exc
        idf = {name: tensors[f"idf.{name}"] for name in BLOCKS}
        extra = {k: v for k, v in config.items()
                 if k not in {"format_version", "kind", "labels", "classes", "blocks", "near", "token_pattern"}}
        return cls(vocab, idf, tensors["coef"], tensors["intercept"], config["classes"], extra, **options)


def train_stance_baseline(
    datasets: Sequence[str] = ("newsmtsc", "perspectrum"),
    data_dir: str | Path = "../shared/data",
    output: str | Path | None = "models/stance-sklearn",
    C_grid: Sequence[float] = (0.5, 1.0, 2.0, 4.0, 8.0),
    seed: int = 13,
    seesaw_none_ratio: float = 0.5,
    log_fn: Callable[[str], None] | None = None,
) -> tuple[SklearnStanceClassifier, dict[str, Any]]:
    """Fit on the train splits, pick C by mean dev macro-F1 (never test), save to ``output``."""
    from .stance_eval import dataset_dir, read_stance_dataset, score_examples

    log = log_fn or (lambda message: None)
    train: list[StanceExample] = []
    dev: dict[str, list[StanceExample]] = {}
    for name in datasets:
        if name == "seesaw":
            from .corpora.seesaw import read_seesaw

            train += read_seesaw(dataset_dir(name, data_dir), "train", none_ratio=seesaw_none_ratio, seed=seed)
        else:
            train += read_stance_dataset(name, data_dir, "train")
        dev[name] = read_stance_dataset(name, data_dir, "dev")
    best: tuple[float, SklearnStanceClassifier | None, dict[str, Any]] = (-1.0, None, {})
    grid: list[dict[str, Any]] = []
    for C in C_grid:
        model = SklearnStanceClassifier.fit(train, C=C, seed=seed)
        scores = {name: score_examples(model, examples) for name, examples in dev.items()}
        mean = sum(s.macro_f1 for s in scores.values()) / len(scores)
        grid.append({"C": C, "dev_macro_f1": {n: s.macro_f1 for n, s in scores.items()}, "dev_mean": mean})
        log(f"C={C}: dev macro-F1 " + ", ".join(f"{n} {s.macro_f1:.4f}" for n, s in scores.items())
            + f" mean {mean:.4f}")
        if mean > best[0]:
            best = (mean, model, {n: s.to_dict() for n, s in scores.items()})
    model = best[1]
    assert model is not None
    summary = {"datasets": list(datasets), "grid": grid, "seed": seed, "seesaw_none_ratio": seesaw_none_ratio,
               "scores": {"dev": best[2]}}
    if output is not None:
        model.save_pretrained(output, extra_config={"training": summary})
    return model, summary
