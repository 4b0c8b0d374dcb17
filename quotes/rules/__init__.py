"""The rule-based baseline: quotation marks, a cue lexicon and name clustering, no weights.

``Pipeline.load("rules")`` builds it. It is the baseline every trained model must beat, and the
smallest complete example of the stage contract (``predict`` then ``set_annotations``).
"""

from __future__ import annotations

from typing import Any

from ..pipeline import Pipeline
from .detector import RuleSpanDetector, detect
from .speakers import RuleSpeakerResolver, resolve_speakers


def rules_pipeline(**options: Any) -> Pipeline:
    """The rules pipeline; it takes no options (they are accepted so callers can pass any)."""
    return Pipeline([RuleSpanDetector(), RuleSpeakerResolver()], name="rules")


__all__ = [
    "RuleSpanDetector",
    "RuleSpeakerResolver",
    "detect",
    "resolve_speakers",
    "rules_pipeline",
]
