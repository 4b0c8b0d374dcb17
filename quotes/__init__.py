"""quotes: who said what, and where do they stand? Quotes, speakers and stance in news text."""

from .document import Document, Quote, Span, Stance, StanceExample
from .errors import CorpusError, FormatError, InputError, ModelError, QuotesError, SpanError
from .pipeline import Pipeline, Stage

__version__ = "0.1.0"

__all__ = [
    "Document",
    "Quote",
    "Span",
    "Stance",
    "StanceExample",
    "Pipeline",
    "Stage",
    "QuotesError",
    "SpanError",
    "FormatError",
    "InputError",
    "CorpusError",
    "ModelError",
]
