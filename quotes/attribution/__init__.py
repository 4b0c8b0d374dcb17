"""Attribution: which cue and source belong to each quote (Linker), and who the source is
(SpeakerResolver: one canonical name per person for the whole article).

``load_attribution_stages(models/attribution)`` gives both stages, in pipeline order.
"""

from __future__ import annotations

from pathlib import Path

from ..pipeline import Stage
from .linker import Link, Linker
from .resolver import Resolution, SpeakerResolver


def load_attribution_stages(directory: str | Path) -> list[Stage]:
    """The trained Linker and the SpeakerResolver saved in ``directory`` (``models/attribution``).

    A folder without a linker part gives the SpeakerResolver alone (the detector's grouping is
    kept); errors name the missing file and how to rebuild it.
    """
    from . import store

    config = store.read_config(directory)
    stages: list[Stage] = []
    if "linker" in config:
        stages.append(Linker.from_pretrained(directory))
    stages.append(SpeakerResolver.from_pretrained(directory) if "speakers" in config else SpeakerResolver())
    return stages


__all__ = ["Link", "Linker", "Resolution", "SpeakerResolver", "load_attribution_stages"]
