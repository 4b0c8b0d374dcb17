"""Build pipelines from model folders: the shipped default, or any folder a user trained.

A models folder holds one sub-folder per trained stage (``spans/``, ``attribution/``,
``stance/``); a folder that is itself a span model (its config.json says ``"kind": "spans"``)
works too. Missing optional stages fall back to their rule baselines, so a user who trained only
a span detector still gets speakers.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .errors import ModelError
from .pipeline import Pipeline, Stage

MODELS_ENV = "QUOTES_MODELS_DIR"


def default_models_dir() -> Path:
    """``$QUOTES_MODELS_DIR``, else the ``models/`` folder of this source tree."""
    if os.environ.get(MODELS_ENV):
        return Path(os.environ[MODELS_ENV])
    return Path(__file__).resolve().parent.parent / "models"


def _kind(directory: Path) -> str | None:
    path = directory / "config.json"
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("kind")
    except (json.JSONDecodeError, UnicodeDecodeError, AttributeError):
        return None


def _speaker_stages(directory: Path | None, linker: bool = False) -> list[Stage]:
    """The speaker resolver (and, with ``linker=True``, the learned linker) when shipped, else the
    rule-based speaker resolver.

    The linker is off by default: on PolNeAR dev with the shipped span model it re-links worse than
    the detector's own nearest-cue grouping (relation F1 0.665 vs 0.671 with the session-5 span model).
    """
    if directory is not None and (directory / "config.json").is_file():
        from .attribution import load_attribution_stages

        stages = load_attribution_stages(directory)
        return stages if linker else [s for s in stages if s.name != "linker"]
    from .rules import RuleSpeakerResolver

    return [RuleSpeakerResolver()]


def _stance_stage(directory: Path | None, **options: Any) -> list[Stage]:
    """The stance stage: the shipped one unless ``stance=False``; ``stance_model`` replaces it."""
    if not options.get("stance", True):
        return []
    model = options.get("stance_model") or directory
    if model is None:
        return []
    from .stance import load_stance_stage

    return [load_stance_stage(model, targets=options.get("targets"))]


def with_stance(pipeline: Pipeline, stance_model: str | None, targets: list[str] | None) -> Pipeline:
    """Add a stance stage to a pipeline that has none (e.g. ``rules`` with ``--target``)."""
    if any(stage.name == "stance" for stage in pipeline.stages):
        return pipeline
    from .stance import load_stance_stage

    pipeline.stages.append(load_stance_stage(stance_model or "default", targets=targets))
    return pipeline


def load_pipeline_from_dir(path: str | Path, **options: Any) -> Pipeline:
    """A pipeline from a models folder (or from one span-model folder)."""
    path = Path(path)
    from .spans import SpanDetector

    if _kind(path) == "spans":
        return Pipeline([SpanDetector.from_pretrained(path, stride=options.get("stride"), min_score=options.get("min_score")), *_speaker_stages(None),
                         *_stance_stage(None, **options)], name=str(path))
    spans_dir = path / "spans"
    if not spans_dir.is_dir():
        if (path / "config.json").is_file():
            # A model folder of its own whose config is broken or of another kind: say that,
            # not "no span model".
            from .modeling import read_config
            from .spans import REBUILD_HINT

            read_config(path, "spans", REBUILD_HINT)
        raise ModelError(
            f"{path} holds no span model (expected {spans_dir}/config.json). Train one with: "
            "quotes train spans --data ../shared/data/polnear --output models/spans"
        )
    attribution_dir = path / "attribution"
    stance_dir = path / "stance"
    return Pipeline(
        [
            SpanDetector.from_pretrained(spans_dir, stride=options.get("stride"), min_score=options.get("min_score")),
            *_speaker_stages(
                attribution_dir if attribution_dir.is_dir() else None,
                linker=bool(options.get("linker", False)),
            ),
            *_stance_stage(stance_dir if stance_dir.is_dir() else None, **options),
        ],
        name=str(path),
    )


def default_pipeline(**options: Any) -> Pipeline:
    """The shipped models (``models/`` or ``$QUOTES_MODELS_DIR``)."""
    directory = default_models_dir()
    if not directory.is_dir():
        raise ModelError(
            f"the default models folder {directory} is missing; set {MODELS_ENV} to a models "
            "folder, or use --model rules"
        )
    pipeline = load_pipeline_from_dir(directory, **options)
    pipeline.name = "default"
    return pipeline
