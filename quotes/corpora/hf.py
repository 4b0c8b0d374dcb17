"""Documents and stance examples as ``datasets.Dataset`` tables, for training loops and the Hub.

Quotes, spans and meta are stored as JSON strings (the documented Document format) rather than
nested Arrow structs: meta is free-form (LitBank's entity map is keyed by entity id), so a fixed
schema would not hold, and JSON round-trips losslessly through :func:`dataset_to_documents`.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Iterable, Sequence

from ..document import Document, StanceExample
from ..errors import FormatError

if TYPE_CHECKING:  # datasets is imported lazily: it is slow to import and only training needs it
    from datasets import Dataset, Features

DOCUMENT_COLUMNS = ("id", "text", "quotes", "spans", "meta")
STANCE_COLUMNS = ("id", "text", "target", "label", "speaker", "context")


def _string_features(columns: Sequence[str]) -> "Features":
    from datasets import Features, Value

    return Features({name: Value("string") for name in columns})


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def documents_to_dataset(docs: Iterable[Document]) -> "Dataset":
    """One row per document: id, text, and quotes/spans/meta as JSON strings."""
    from datasets import Dataset

    rows: dict[str, list[str]] = {name: [] for name in DOCUMENT_COLUMNS}
    for doc in docs:
        data = doc.to_dict()
        rows["id"].append(doc.id)
        rows["text"].append(doc.text)
        rows["quotes"].append(_dumps(data["quotes"]))
        rows["spans"].append(_dumps(data.get("spans", {})))
        rows["meta"].append(_dumps(data["meta"]))
    return Dataset.from_dict(rows, features=_string_features(DOCUMENT_COLUMNS))


def dataset_to_documents(ds: "Dataset") -> list[Document]:
    """The Documents of a table made by :func:`documents_to_dataset` (spans are re-checked)."""
    missing = {"id", "text", "quotes"} - set(ds.column_names)
    if missing:
        raise FormatError(
            f"dataset lacks document columns {sorted(missing)}; has {ds.column_names}"
        )
    docs = []
    for number, row in enumerate(ds):
        try:
            data = {
                "id": row["id"],
                "text": row["text"],
                "quotes": json.loads(row["quotes"] or "[]"),
                "spans": json.loads(row.get("spans") or "{}"),
                "meta": json.loads(row.get("meta") or "{}"),
            }
        except json.JSONDecodeError as exc:
            raise FormatError(f"dataset row {number} ({row['id']!r}): bad JSON: {exc}") from exc
        docs.append(Document.from_dict(data))
    return docs


def stance_examples_to_dataset(examples: Sequence[StanceExample]) -> "Dataset":
    """One row per example: id, text, target, label, speaker, context (None stays None)."""
    from datasets import Dataset

    rows: dict[str, list[str | None]] = {name: [] for name in STANCE_COLUMNS}
    for example in examples:
        for name in STANCE_COLUMNS:
            rows[name].append(getattr(example, name))
    return Dataset.from_dict(rows, features=_string_features(STANCE_COLUMNS))
