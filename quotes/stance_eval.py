"""Reading the stance corpora by name, and scoring a stance model on one split (no torch needed).

Why one place: training (dev selection), the CLI (``quotes evaluate stance``) and the model cards
must score the same way. Rules of the scoring:

* NewsMTSC: three labels, all predicted and scored (macro-F1 over favor/against/none).
* PERSPECTRUM: gold has only favor/against; the prediction is the likelier of those two
  (``allowed``), and macro-F1 is over the two.
* SEESAW: the holder (speaker) and target are given, only the gold polar triplets are scored, and,
  as for PERSPECTRUM, the prediction is the likelier of favor/against. ``seesaw_none=True`` adds the
  built ``none`` pairs (see ``quotes.corpora.seesaw``) and scores three labels instead.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .document import STANCE_LABELS, StanceExample
from .errors import CorpusError, ModelError
from .scoring import StanceScores, format_stance_table, score_stance

DATASETS = ("newsmtsc", "seesaw", "perspectrum")
TWO_LABEL_NOTE = {
    "seesaw": "SEESAW: holder and target are given; only the two labels favor/against are scored "
    "(the prediction is the likelier of the two).",
    "perspectrum": "PERSPECTRUM: claim = target, perspective = text; only the two labels "
    "favor/against are scored (the prediction is the likelier of the two).",
}


def dataset_dir(name: str, data: str | Path) -> Path:
    """``data`` may be the dataset's own folder or the folder holding ``<name>/``."""
    data = Path(data)
    return data / name if (data / name).is_dir() else data


def read_stance_dataset(name: str, data: str | Path, split: str, seesaw_none: bool = False) -> list[StanceExample]:
    """Examples of ``split`` of corpus ``name``; SEESAW without built ``none`` pairs unless asked."""
    folder = dataset_dir(name, data)
    if name == "newsmtsc":
        from .corpora.newsmtsc import read_newsmtsc

        return read_newsmtsc(folder, split)
    if name == "seesaw":
        from .corpora.seesaw import read_seesaw

        return read_seesaw(folder, split, with_none=seesaw_none)
    if name == "perspectrum":
        from .corpora.perspectrum import read_perspectrum

        return read_perspectrum(folder, split)
    raise CorpusError(f"unknown stance dataset {name!r}; choose one of {', '.join(DATASETS)}")


def allowed_labels(examples: Sequence[StanceExample]) -> tuple[str, ...] | None:
    """The labels a prediction may take: those of the gold set when it lacks ``none``."""
    gold = {e.label for e in examples}
    if "none" in gold:
        return None
    return tuple(label for label in STANCE_LABELS if label in gold or label in ("favor", "against"))


def score_examples(model: Any, examples: Sequence[StanceExample]) -> StanceScores:
    """Score ``model`` (any StanceStage) on labelled examples by the rules above."""
    allowed = allowed_labels(examples)
    predicted = model.predict_examples(examples, allowed=allowed)
    labels = STANCE_LABELS if allowed is None else allowed
    return score_stance([e.label for e in examples], [p[0] for p in predicted], labels)


STANCE_MODEL_NAMES = {
    "default": "stance",
    "permissive": "stance",
    "all": "stance-all",
    "sklearn": "stance-sklearn",
}


def load_stance_model(model: str | Path | None = None, **options: Any) -> Any:
    """A stance stage from a folder (LoRA or scikit-learn, told apart by config.json's kind),
    or by name, in the models folder: ``default``/``permissive`` (``stance/``: trained on
    permissively licensed data only, usable by anyone), ``all`` (``stance-all/``: SEESAW too,
    CC BY-NC-SA) and ``sklearn`` (``stance-sklearn/``, the baseline)."""
    from .models_loader import default_models_dir

    key = "default" if model is None else str(model)
    path = default_models_dir() / STANCE_MODEL_NAMES[key] if key in STANCE_MODEL_NAMES else Path(key)
    config_path = path / "config.json"
    if not config_path.is_file():
        known = ", ".join(STANCE_MODEL_NAMES)
        raise ModelError(f"{config_path} is missing: {path} is not a saved stance model (names: {known})")
    try:
        kind = json.loads(config_path.read_text(encoding="utf-8")).get("kind")
    except json.JSONDecodeError as exc:
        raise ModelError(f"{config_path} is not valid JSON ({exc})") from exc
    if kind == "stance-sklearn":
        from .stance_baseline import SklearnStanceClassifier

        return SklearnStanceClassifier.from_pretrained(path, **options)
    if kind != "stance":
        raise ModelError(f"{config_path} describes a {kind!r} model, not a stance model")
    from .stance import StanceClassifier

    return StanceClassifier.from_pretrained(path, **options)


def evaluate_stance(
    dataset: str,
    data: str | Path,
    split: str = "test",
    model: str | Path | Any | None = None,
    seesaw_none: bool = False,
) -> tuple[StanceScores, str]:
    """Scores of ``model`` on ``dataset``/``split`` and the note to print about what was scored."""
    stage = model if hasattr(model, "predict_examples") else load_stance_model(model)
    examples = read_stance_dataset(dataset, data, split, seesaw_none=seesaw_none)
    if not examples:
        raise CorpusError(f"{dataset} split {split!r} under {data} holds no examples")
    scores = score_examples(stage, examples)
    note = TWO_LABEL_NOTE.get(dataset, "") if allowed_labels(examples) else ""
    if dataset == "seesaw" and seesaw_none:
        note = "SEESAW: holder and target are given; gold triplets plus built none pairs, three labels scored."
    return scores, note


def evaluate_stance_cli_logic(
    dataset: str,
    data: str | Path,
    split: str = "test",
    model: str | Path | None = None,
    as_json: bool = False,
    seesaw_none: bool = False,
    echo: Callable[[str], None] = lambda line: None,
) -> dict[str, Any]:
    """What ``quotes evaluate stance`` prints (through ``echo``): a note, the per-class table, and
    with ``as_json`` one JSON object last (macro_f1, accuracy, n and the rest). Returns that object."""
    scores, note = evaluate_stance(dataset, data, split, model, seesaw_none)
    result = {
        "dataset": dataset,
        "split": split,
        "model": str(model or "default"),
        "macro_f1": scores.macro_f1,
        "accuracy": scores.accuracy,
        "n": scores.n,
        "per_class_f1": {label: scores.per_class[label].f1 for label in scores.labels},
        "macro_labels": list(scores.macro_labels),
    }
    if note:
        echo(note)
    echo(f"{dataset} {split}: n={scores.n}")
    echo(format_stance_table(scores))
    if as_json:
        echo(json.dumps(result, sort_keys=True))
    return result
