"""A tiny feed-forward scorer in numpy: logistic regression (no hidden layer) or a small MLP.

Training happens in ``training/attribution.py`` with scikit-learn; only the standardisation
constants and the weight matrices are kept, as safetensors, so loading needs neither
scikit-learn nor pickle, and scoring one article is a few matrix products.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import ModelError


@dataclass
class PairScorer:
    """Scores feature rows: ``(x - mean) / scale`` then dense layers (ReLU between), one logit out."""

    feature_names: list[str]
    mean: np.ndarray
    scale: np.ndarray
    weights: list[np.ndarray]
    biases: list[np.ndarray]

    def __post_init__(self) -> None:
        n = len(self.feature_names)
        if self.mean.shape != (n,) or self.scale.shape != (n,):
            raise ModelError(f"scorer standardisation has shape {self.mean.shape}, expected ({n},)")
        if len(self.weights) != len(self.biases) or not self.weights:
            raise ModelError("scorer needs as many weight matrices as bias vectors, at least one")
        if self.weights[0].shape[0] != n or self.weights[-1].shape[1] != 1:
            raise ModelError(
                f"scorer weights {[w.shape for w in self.weights]} do not fit {n} features and one output"
            )

    def logits(self, rows: Sequence[Sequence[float]]) -> np.ndarray:
        """One logit per row (higher = more likely the right candidate)."""
        if len(rows) == 0:
            return np.zeros(0)
        x = (np.asarray(rows, dtype=np.float64) - self.mean) / self.scale
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            x = x @ w + b
            if i < len(self.weights) - 1:
                x = np.maximum(x, 0.0)
        return x[:, 0]

    def to_tensors(self, prefix: str) -> dict[str, np.ndarray]:
        out = {f"{prefix}.mean": self.mean, f"{prefix}.scale": self.scale}
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            out[f"{prefix}.layer{i}.weight"] = w
            out[f"{prefix}.layer{i}.bias"] = b
        return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in out.items()}

    @classmethod
    def from_tensors(cls, tensors: dict[str, np.ndarray], prefix: str, feature_names: list[str]) -> PairScorer:
        try:
            mean, scale = tensors[f"{prefix}.mean"], tensors[f"{prefix}.scale"]
        except KeyError as exc:
            raise ModelError(f"weights file has no {exc.args[0]!r}; it was saved by another version") from exc
        weights, biases = [], []
        i = 0
        while f"{prefix}.layer{i}.weight" in tensors:
            weights.append(tensors[f"{prefix}.layer{i}.weight"].astype(np.float64))
            biases.append(tensors[f"{prefix}.layer{i}.bias"].astype(np.float64))
            i += 1
        return cls(list(feature_names), mean.astype(np.float64), scale.astype(np.float64), weights, biases)
