"""Reading one JSON file of a corpus, with errors that name the file and what to pass instead."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import CorpusError


def load_json(path: Path, dataset: str, expected: str) -> Any:
    """The parsed JSON of ``path``; ``expected`` tells the user which folder to pass."""
    if not path.is_file():
        raise CorpusError(f"{dataset} file {path} is missing; pass the folder that holds {expected}")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{dataset} file {path} is not valid JSON ({exc})") from exc
