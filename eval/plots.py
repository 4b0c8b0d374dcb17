"""The report's figures, drawn from the plain dicts of ``results.json`` (so they can be redrawn).

Why separate from ``eval/report.py``: the plots only need numbers, not models, and a reader can
restyle them from a saved ``results.json`` without running anything. matplotlib is used through
``Figure`` objects on the Agg canvas (no pyplot, no display, no global state). Every function
returns the written path, or None when there is nothing to draw.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

ROLES = ("content", "cue", "source")
COLORS = ("#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c")
DPI = 110
PNG_METADATA = {"Software": None}  # no matplotlib version in the file: same numbers, same bytes


def _figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _save(fig: Any, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=DPI, metadata=PNG_METADATA)
    return path


def plot_span_scores(
    models: Mapping[str, Mapping[str, Any]], path: Path, title: str = "Span F1"
) -> Path | None:
    """Grouped bars: F1 per role (and relation) for each model, exact match beside overlap.

    ``models`` maps a model name to ``SpanScores.to_dict()``.
    """
    if not models:
        return None
    groups = [*ROLES, "relation"]
    fig = _figure(10, 4.2)
    axes = fig.subplots(1, 2, sharey=True)
    width = 0.8 / len(models)
    for ax, (match, label) in zip(axes, (("exact", "exact match"), ("overlap", "overlap (IoU ≥ 0.5)"))):
        for m, (name, scores) in enumerate(models.items()):
            values = []
            for group in groups:
                key = group if group != "relation" else ("relation" if match == "exact" else "relation_overlap")
                prf = scores[key] if group == "relation" else scores[group][match]
                # A role the gold never marks (LitBank has no cues) has no F1: no bar, "n/a".
                values.append(prf["f1"] if prf["tp"] + prf["fn"] else math.nan)
            xs = [g + (m - (len(models) - 1) / 2) * width for g in range(len(groups))]
            bars = ax.bar(xs, [0.0 if math.isnan(v) else v for v in values], width, label=name,
                          color=COLORS[m % len(COLORS)])
            ax.bar_label(bars, labels=["n/a" if math.isnan(v) else f"{v:.2f}" for v in values],
                         fontsize=7, padding=1)
        ax.set_xticks(range(len(groups)), groups)
        ax.set_title(label)
        ax.set_xlabel("role")
        ax.set_ylim(0, 1.08)
        ax.grid(axis="y", alpha=0.3)
    axes[0].set_ylabel("F1")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, title="model", loc="outside lower center", ncols=min(len(models), 4), fontsize=8)
    fig.suptitle(title)
    return _save(fig, path)


def plot_stance_confusions(
    results: Mapping[str, Mapping[str, Mapping[str, Any]]], path: Path, title: str = "Stance confusion"
) -> Path | None:
    """One confusion matrix per (model, dataset): rows gold, columns predicted, colour = share
    of the gold row, numbers = counts. ``results[model][dataset]`` is ``StanceScores.to_dict()``."""
    cells = [(m, d, s) for m, per in results.items() for d, s in per.items()]
    if not cells:
        return None
    models = list(results)
    datasets = sorted({d for _, d, _ in cells})
    fig = _figure(3.4 * len(datasets) + 0.6, 3.0 * len(models) + 0.6)
    axes = fig.subplots(len(models), len(datasets), squeeze=False)
    image = None
    for r, model in enumerate(models):
        for c, dataset in enumerate(datasets):
            ax = axes[r][c]
            scores = results[model].get(dataset)
            if scores is None:
                ax.set_axis_off()
                ax.set_title(f"{model}\n{dataset}: not run", fontsize=9)
                continue
            labels = scores["confusion"]["labels"]
            matrix = scores["confusion"]["matrix"]
            shares = [[v / sum(row) if sum(row) else 0.0 for v in row] for row in matrix]
            image = ax.imshow(shares, cmap="Blues", vmin=0, vmax=1)
            for i, row in enumerate(matrix):
                for j, value in enumerate(row):
                    ax.text(j, i, str(value), ha="center", va="center", fontsize=8,
                            color="white" if shares[i][j] > 0.6 else "black")
            ax.set_xticks(range(len(labels)), labels, fontsize=8)
            ax.set_yticks(range(len(labels)), labels, fontsize=8)
            ax.set_xlabel("predicted", fontsize=8)
            ax.set_ylabel("gold", fontsize=8)
            ax.set_title(f"{model}\n{dataset} (macro-F1 {scores['macro_f1']:.2f}, n={scores['n']})", fontsize=9)
    if image is not None:
        fig.colorbar(image, ax=axes, shrink=0.6, label="share of the gold row")
    fig.suptitle(title)
    return _save(fig, path)


def plot_calibration(
    models: Mapping[str, Mapping[str, Any]], path: Path, title: str = "Quote score calibration"
) -> Path | None:
    """Reliability diagram: mean predicted score per bin against the share of predicted quotes
    that match a gold quote (content IoU ≥ 0.5), with the number of quotes per bin below.

    ``models[name]`` is what ``quotes.scoring.score_calibration`` returns (``bins`` with ``lo``, ``hi``,
    ``n``, ``mean_score``, ``precision``); models without scored quotes are left out.
    """
    usable = {name: c for name, c in models.items() if c and c.get("n_scored")}
    if not usable:
        return None
    fig = _figure(7, 6.2)
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(3, 1.2))
    top.plot([0, 1], [0, 1], linestyle="--", color="#888", label="perfect calibration")
    width = 0.1 / max(len(usable), 1)
    for m, (name, calib) in enumerate(usable.items()):
        bins = [b for b in calib["bins"] if b["n"]]
        color = COLORS[m % len(COLORS)]
        top.plot([b["mean_score"] for b in bins], [b["precision"] for b in bins], marker="o",
                 color=color, label=f"{name} (ECE {calib['ece']:.3f}, n={calib['n_scored']})")
        lows = [b["lo"] + (m + 0.5) * width for b in calib["bins"]]
        bottom.bar(lows, [b["n"] for b in calib["bins"]], width * 0.9, color=color, label=name)
    top.set_xlim(0, 1)
    top.set_ylim(0, 1.02)
    top.set_ylabel("share matching a gold quote")
    top.set_title(title)
    top.legend(fontsize=8, loc="lower right")
    top.grid(alpha=0.3)
    bottom.set_xlabel("predicted quote score")
    bottom.set_ylabel("quotes")
    bottom.grid(axis="y", alpha=0.3)
    return _save(fig, path)


def plot_speed_accuracy(
    points: Mapping[str, tuple[float | None, float]], path: Path,
    title: str = "Speed vs accuracy", y_label: str = "content overlap F1",
) -> Path | None:
    """Each model as a point: articles/s (log scale) against a score; names written beside."""
    usable = {n: (s, f) for n, (s, f) in points.items() if s is not None and s > 0}
    if not usable:
        return None
    fig = _figure(6.5, 4.5)
    ax = fig.subplots()
    for m, (name, (speed, score)) in enumerate(usable.items()):
        ax.scatter([speed], [score], s=60, color=COLORS[m % len(COLORS)], label=name, zorder=3)
        ax.annotate(name, (speed, score), textcoords="offset points", xytext=(6, 6), fontsize=9)
    speeds = [s for s, _ in usable.values()]
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    ax.set_xscale("log")
    ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    ax.xaxis.set_minor_formatter(NullFormatter())
    lo, hi = min(speeds), max(speeds)
    ax.set_xlim(10 ** (math.log10(lo) - 0.5), 10 ** (math.log10(hi) + 0.5))
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("articles per second (log scale)")
    ax.set_ylabel(y_label)
    ax.set_title(title)
    ax.grid(alpha=0.3, which="both")
    return _save(fig, path)  # the points are named beside them: no legend to hide them


def plot_stance_scores(
    results: Mapping[str, Mapping[str, Mapping[str, Any]]], path: Path, title: str = "Stance macro-F1"
) -> Path | None:
    """Bars of macro-F1 per dataset, one bar per stance model."""
    models = [m for m, per in results.items() if per]
    if not models:
        return None
    datasets: Sequence[str] = sorted({d for m in models for d in results[m]})
    fig = _figure(7.5, 4.2)
    ax = fig.subplots()
    width = 0.8 / len(models)
    for m, model in enumerate(models):
        values = [results[model][d]["macro_f1"] if d in results[model] else 0.0 for d in datasets]
        xs = [i + (m - (len(models) - 1) / 2) * width for i in range(len(datasets))]
        bars = ax.bar(xs, values, width, label=model, color=COLORS[m % len(COLORS)])
        ax.bar_label(bars, labels=[f"{v:.2f}" for v in values], fontsize=7, padding=1)
    ax.set_xticks(range(len(datasets)), datasets)
    ax.set_xlabel("dataset (dev)")
    ax.set_ylabel("macro-F1")
    ax.set_ylim(0, 1.08)
    ax.set_title(title)
    ax.grid(axis="y", alpha=0.3)
    fig.legend(title="model", loc="outside lower center", ncols=min(len(models), 4), fontsize=8)
    return _save(fig, path)


__all__ = [
    "plot_calibration",
    "plot_span_scores",
    "plot_speed_accuracy",
    "plot_stance_confusions",
    "plot_stance_scores",
]
