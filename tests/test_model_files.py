"""Model folders: a missing, truncated or wrong-version file gives a ModelError naming it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import TINY_ENCODER as TINY

from quotes.errors import ModelError
from quotes.models_loader import load_pipeline_from_dir
from quotes.pipeline import Pipeline
from quotes.spans import SpanConfig, SpanDetector


@pytest.fixture()
def saved(tmp_path: Path) -> Path:
    directory = tmp_path / "models" / "spans"
    SpanDetector.create(SpanConfig(encoder_config=TINY, window=32, stride=16)).save_pretrained(directory)
    return directory


def test_saved_detector_loads_into_a_pipeline(saved: Path) -> None:
    pipeline = Pipeline.load(str(saved.parent))
    assert [s.name for s in pipeline.stages][0] == "spans"
    doc = pipeline.stages[0].predict_text("He said it was fine.")
    assert isinstance(doc[0], list)


def test_missing_config_names_the_file(saved: Path) -> None:
    (saved / "config.json").unlink()
    with pytest.raises(ModelError, match=r"config\.json is missing.*quotes train spans"):
        SpanDetector.from_pretrained(saved)


def test_wrong_format_version_is_refused(saved: Path) -> None:
    config = json.loads((saved / "config.json").read_text())
    config["format_version"] = 99
    (saved / "config.json").write_text(json.dumps(config))
    with pytest.raises(ModelError, match="format_version 99"):
        SpanDetector.from_pretrained(saved)


def test_truncated_weights_name_the_file(saved: Path) -> None:
    weights = saved / "head.safetensors"
    weights.write_bytes(weights.read_bytes()[:20])
    with pytest.raises(ModelError, match=r"head\.safetensors cannot be read"):
        SpanDetector.from_pretrained(saved)


def test_missing_weights_name_the_file(saved: Path) -> None:
    (saved / "encoder.safetensors").unlink()
    with pytest.raises(ModelError, match=r"encoder\.safetensors is missing"):
        SpanDetector.from_pretrained(saved)


def test_folder_without_span_model_is_explained(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="holds no span model"):
        load_pipeline_from_dir(tmp_path)


def test_unknown_model_name_is_explained() -> None:
    with pytest.raises(ModelError, match="not one of"):
        Pipeline.load("no-such-model-anywhere")


def test_only_safetensors_and_json_are_written(saved: Path) -> None:
    assert sorted(p.suffix for p in saved.iterdir()) == [".json", ".safetensors", ".safetensors"]


def test_unknown_precision_is_refused(saved: Path) -> None:
    config = json.loads((saved / "config.json").read_text())
    config["precision"] = "fp8"
    (saved / "config.json").write_text(json.dumps(config))
    with pytest.raises(ModelError, match="precision must be one of"):
        SpanDetector.from_pretrained(saved)


def test_precision_is_saved_and_can_be_overridden(saved: Path) -> None:
    assert SpanDetector.from_pretrained(saved).config.precision == "fp32"
    assert SpanDetector.from_pretrained(saved, precision="bf16").config.precision == "bf16"
