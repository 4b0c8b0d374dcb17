"""LitBank reader: text rebuilding, speaker names and source choice on a fixture; real counts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quotes.corpora import litbank_splits, read_litbank
from quotes.document import Document
from quotes.errors import CorpusError

FIXTURE = Path(__file__).parent / "fixtures" / "litbank"
REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "litbank"


def tiny() -> Document:
    return {d.id: d for d in read_litbank(FIXTURE)}["1_tiny"]


def test_documents_and_text():
    docs = read_litbank(FIXTURE)
    assert [d.id for d in docs] == ["1_tiny", "2_empty"]
    assert docs[1].text == "It rained ."
    assert docs[1].quotes == [] and docs[1].meta["entities"] == {}
    assert tiny().text.split("\n")[1] == '" I am tired , " he said .'


def test_quotes_sorted_with_speakers_and_sources():
    doc = tiny()
    doc.check()
    got = [
        (q.content[0].text, q.speaker, q.source.text if q.source else None, q.kind, q.cue)
        for q in doc.quotes
    ]
    assert got == [
        ('" I am tired , "', "Mr. Smith", "he", "direct", None),
        ('" Sit down , "', "Mary", "the hostess", "direct", None),
        ('" Please .\nBe seated . "', "Mary", "the hostess", "direct", None),
        ('" Who is there ? "', "Ghost-2", None, "direct", None),  # pronoun-only entity, far away
    ]


def test_source_is_outside_the_quote():
    doc = tiny()
    first = doc.quotes[0]
    assert first.source.start >= first.content[0].end  # "I" inside the quote is not chosen


def test_entities_and_mentions():
    doc = tiny()
    entities = doc.meta["entities"]
    assert set(entities) == {"Smith-0", "Mary-1", "Ghost-2"}
    assert entities["Smith-0"]["name"] == "Mr. Smith"
    smith = [doc.text[s:e] for s, e, _ in entities["Smith-0"]["mentions"]]
    assert smith == ["Mr. Smith", "I", "he", "the old man"]
    assert [t for _, _, t in entities["Smith-0"]["mentions"]] == ["PROP", "PRON", "PRON", "NOM"]
    # the COP-only mention "Nobody" is a mention but in no entity
    assert "Nobody" in [s.text for s in doc.spans["mention"]]
    assert len(doc.spans["mention"]) == 8


def test_missing_folder(tmp_path):
    with pytest.raises(CorpusError, match="quotations"):
        read_litbank(tmp_path)


def test_quote_text_mismatch_names_file_and_line(tmp_path):
    root = tmp_path / "litbank"
    shutil.copytree(FIXTURE, root)
    ann = root / "quotations" / "tsv" / "1_tiny_brat.ann"
    ann.write_text("QUOTE\tQ1\t1\t0\t1\t4\t\" I am tired , \"\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"1_tiny_brat\.ann:1"):
        read_litbank(root)


def test_token_out_of_range(tmp_path):
    root = tmp_path / "litbank"
    shutil.copytree(FIXTURE, root)
    ann = root / "coref" / "tsv" / "1_tiny_brat.ann"
    ann.write_text("MENTION\tT1\t0\t0\t0\t99\tx\tPER\tPROP\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"1_tiny_brat\.ann:1"):
        read_litbank(root)


def test_splits_are_deterministic_disjoint_and_order_free():
    docs = [Document(id=f"d{i:03d}", text="x") for i in range(100)]
    first = litbank_splits(docs, seed=0)
    again = litbank_splits(list(reversed(docs)), seed=0)
    assert {k: len(v) for k, v in first.items()} == {"train": 80, "dev": 10, "test": 10}
    assert {k: [d.id for d in v] for k, v in first.items()} == {
        k: [d.id for d in v] for k, v in again.items()
    }
    ids = [d.id for part in first.values() for d in part]
    assert sorted(ids) == sorted(d.id for d in docs)
    other = litbank_splits(docs, seed=1)
    assert [d.id for d in other["test"]] != [d.id for d in first["test"]]


@pytest.mark.data
@pytest.mark.skipif(not REAL.exists(), reason="real LitBank data not present")
def test_real_counts():
    # SOURCE.md: 100 documents, 86 with quotes, 1,765 quotes, 506 over several sentences,
    # 29,103 mentions, 8,562 sentences, 210,532 tokens, 159 quotes with no mention in the window.
    docs = read_litbank(REAL)
    quotes = [q for d in docs for q in d.quotes]
    assert len(docs) == 100
    assert sum(1 for d in docs if d.quotes) == 86
    assert len(quotes) == 1765
    assert sum("\n" in q.content[0].text for q in quotes) == 506
    assert sum(len(d.spans["mention"]) for d in docs) == 29103
    assert sum(d.text.count("\n") + 1 for d in docs) == 8562
    assert sum(len(d.text.split()) for d in docs) == 210532
    assert sum(q.source is None for q in quotes) == 159
    assert all(q.speaker for q in quotes)
    for doc in docs:
        doc.check()
