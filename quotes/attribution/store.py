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

FORMAT_VERSION = 1
KIND = "attribution"
REBUILD = "python -m training.attribution --data ../shared/data --out models/attribution"


def read_config(folder: str | Path) -> dict[str, Any]:
    """``folder/config.json``, checked for format version and kind."""
    folder = Path(folder)
    path = folder / "config.json"
    if not folder.is_dir():
        raise ModelError(f"model folder {folder} does not exist. Build it with: {REBUILD}")
    if not path.is_file():
        raise ModelError(f"{path} is missing; is {folder} an attribution model folder? Rebuild with: {REBUILD}")
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelError(f"{path} is not valid JSON ({exc}); rebuild with: {REBUILD}") from exc
    if not isinstance(config, dict) or config.get("format_version") != FORMAT_VERSION:
        found = config.get("format_version") if isinstance(config, dict) else None
        raise ModelError(
            f"{path} has format_version {found!r}; this version of quotes reads {FORMAT_VERSION}. "
            f"Rebuild with: {REBUILD}"
        )
    if config.get("kind") != KIND:
        raise ModelError(f"{path} describes a {config.get('kind')!r} model, not an {KIND!r} model")
    return config


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
