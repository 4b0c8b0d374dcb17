"""Documents and stance examples through datasets.Dataset and back."""

from __future__ import annotations

from pathlib import Path

import pytest

from quotes.corpora import (
    dataset_to_documents,
    documents_to_dataset,
    read_litbank,
    read_polnear,
    stance_examples_to_dataset,
)
from quotes.document import Document, Quote, Stance, StanceExample
from quotes.errors import FormatError

FIXTURES = Path(__file__).parent / "fixtures"


def test_polnear_and_litbank_round_trip():
    docs = read_polnear(FIXTURES / "polnear", "dev") + read_litbank(FIXTURES / "litbank")
    ds = documents_to_dataset(docs)
    assert ds.column_names == ["id", "text", "quotes", "spans", "meta"]
    assert ds.num_rows == len(docs)
    back = dataset_to_documents(ds)
    assert [d.to_dict() for d in back] == [d.to_dict() for d in docs]


def test_round_trip_keeps_stance_and_score():
    doc = Document(id="a", text="He said no.")
    doc.quotes.append(
        Quote(
            content=[doc.span(8, 10)],
            cue=doc.span(3, 7),
            source=doc.span(0, 2),
            speaker="Him",
            score=0.5,
            stance=[Stance("taxes", "against", 0.9)],
        )
    )
    (back,) = dataset_to_documents(documents_to_dataset([doc]))
    assert back.quotes[0].stance == [Stance("taxes", "against", 0.9)]
    assert back.quotes[0].score == 0.5 and back.quotes[0].speaker == "Him"


def test_empty_document_list():
    ds = documents_to_dataset([])
    assert ds.num_rows == 0
    assert dataset_to_documents(ds) == []


def test_dataset_without_columns_is_rejected():
    from datasets import Dataset

    with pytest.raises(FormatError, match="quotes"):
        dataset_to_documents(Dataset.from_dict({"id": ["a"], "text": ["b"]}))


def test_stance_examples():
    examples = [
        StanceExample("1", "We must cut taxes.", "taxes", "against", speaker="Ann"),
        StanceExample("2", "Nice weather.", "taxes", "none", context="A day out."),
    ]
    ds = stance_examples_to_dataset(examples)
    assert ds.column_names == ["id", "text", "target", "label", "speaker", "context"]
    assert ds[0] == {
        "id": "1", "text": "We must cut taxes.", "target": "taxes", "label": "against",
        "speaker": "Ann", "context": None,
    }
    assert ds[1]["context"] == "A day out." and ds[1]["speaker"] is None
    assert stance_examples_to_dataset([]).num_rows == 0
