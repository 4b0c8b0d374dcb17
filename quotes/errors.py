"""Typed errors. The library raises these; only the CLI turns them into messages and exit codes."""

from __future__ import annotations


class QuotesError(Exception):
    """Base class for every error this package raises on purpose."""


class SpanError(QuotesError, ValueError):
    """A span's offsets or text do not agree with its document."""


class FormatError(QuotesError, ValueError):
    """A JSON/JSONL record does not follow the documented document format."""


class InputError(QuotesError):
    """An input (file, stdin, JSONL line) cannot be read as an article; the message names it."""


class CorpusError(QuotesError):
    """A corpus file is missing or malformed; the message names the file."""


class ModelError(QuotesError):
    """A model folder is missing, truncated or of the wrong format version."""
