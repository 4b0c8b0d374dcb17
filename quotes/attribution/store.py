"""The on-disk attribution model folder: one ``config.json`` with a section per part.

``models/attribution/`` holds the linker and the speaker resolver's learned parts side by side::

    config.json            {"format_version": 1, "kind": "attribution",
                            "linker": {...}, "speakers": {...}}
    linker.safetensors     cue and source scorers
    speakers.safetensors   the pronoun antecedent scorer
    README.md              the model card

Each part reads and writes only its own section, so saving one part keeps the other.
Only JSON and safetensors are read: no pickle.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError

from ..modeling import FORMAT_VERSION  # one format version for every model folder
KIND = "attribution"
REBUILD = "python -m training.attribution --data ../shared/data --out models/attribution"


def read_config(folder: str | Path) -> dict[str, Any]:
    """``folder/config.json``, checked for format version and kind (the shared model checks)."""
    from ..modeling import read_config as read_model_config

    return read_model_config(folder, KIND, REBUILD)


def read_section(folder: str | Path, section: str) -> dict[str, Any]:
    config = read_config(folder)
    if not isinstance(config.get(section), dict):
        raise ModelError(f"{Path(folder) / 'config.json'} has no {section!r} part. Rebuild with: {REBUILD}")
    return config[section]


def write_section(folder: str | Path, section: str, values: dict[str, Any]) -> None:
    """Create or update ``config.json`` with this part's section, keeping the others."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.json"
    config: dict[str, Any] = {}
    if path.is_file():
        try:
            config = read_config(folder)
        except ModelError:
            config = {}  # an old or broken config is replaced
    config.update({"format_version": FORMAT_VERSION, "kind": KIND, section: values})
    path.write_text(json.dumps(config, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def read_tensors(path: Path) -> dict[str, np.ndarray]:
    from safetensors.numpy import load_file

    if not path.is_file():
        raise ModelError(f"{path} is missing. Rebuild the model with: {REBUILD}")
    try:
        return load_file(str(path))
    except Exception as exc:  # safetensors raises its own error types on truncated files
        raise ModelError(f"{path} cannot be read ({exc}); it may be truncated. Rebuild with: {REBUILD}") from exc


def write_tensors(path: Path, tensors: dict[str, np.ndarray]) -> None:
    from safetensors.numpy import save_file

    save_file(tensors, str(path))
