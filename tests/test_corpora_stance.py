"""Readers of the stance corpora (NewsMTSC, SEESAW, PERSPECTRUM): fixtures, errors, real counts."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from quotes.corpora.newsmtsc import read_newsmtsc
from quotes.corpora.perspectrum import read_perspectrum
from quotes.corpora.seesaw import read_seesaw
from quotes.errors import CorpusError

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


# ----------------------------------------------------------------------------- NewsMTSC
def test_newsmtsc_train_maps_polarity_and_offsets():
    examples = read_newsmtsc(FIXTURES / "newsmtsc", "train")
    assert [(e.target, e.label) for e in examples] == [
        ("Jane Doe", "favor"),
        ("Bob Roe", "against"),
        ("Ann Poe", "none"),
    ]
    for e in examples:
        start, end = e.target_span
        assert e.text[start:end] == e.target
        assert e.speaker is None
    assert len({e.id for e in examples}) == 3


def test_newsmtsc_splits_pick_their_files():
    assert [e.target for e in read_newsmtsc(FIXTURES / "newsmtsc", "dev")] == ["He"]
    assert [e.target for e in read_newsmtsc(FIXTURES / "newsmtsc", "test")] == ["Kim Lee"]
    assert [e.label for e in read_newsmtsc(FIXTURES / "newsmtsc", "test-mt")] == ["favor", "favor"]


def test_newsmtsc_errors_name_the_file(tmp_path):
    with pytest.raises(CorpusError, match="official/train.jsonl"):
        read_newsmtsc(tmp_path, "train")
    with pytest.raises(CorpusError, match="unknown NewsMTSC split"):
        read_newsmtsc(FIXTURES / "newsmtsc", "validation")
    bad = tmp_path / "split_rw"
    bad.mkdir()
    (bad / "dev.jsonl").write_text('{"primary_gid": "x", "sentence_normalized": "Hi Al", '
                                   '"targets": [{"from": 0, "to": 2, "mention": "Al", "polarity": 4.0}]}\n')
    with pytest.raises(CorpusError, match=r"dev.jsonl:1.*'Hi'"):
        read_newsmtsc(tmp_path, "dev")
    (bad / "dev.jsonl").write_text("{not json\n")
    with pytest.raises(CorpusError, match="dev.jsonl:1"):
        read_newsmtsc(tmp_path, "dev")


# ----------------------------------------------------------------------------- SEESAW
def test_seesaw_polar_triplets():
    examples = read_seesaw(FIXTURES / "seesaw", "train", with_none=False)
    got = sorted((e.speaker or "", e.target, e.label) for e in examples)
    assert got == sorted([
        ("Jane Doe", "Bob Roe", "against"),
        ("Jane Doe", "Acme Union", "favor"),
        ("", "Acme Union", "favor"),  # subject "None" -> no holder; "Not in the list" object skipped
    ])
    first = next(e for e in examples if e.target == "Bob Roe")
    assert first.text == "Senator Jane Doe attacked Governor Bob Roe over the budget."
    assert first.text[first.target_span[0]:first.target_span[1]] == "Bob Roe"
    assert first.context is None  # the sentence before is empty
    second = next(e for e in examples if e.speaker == "Jane Doe" and e.target == "Acme Union")
    assert second.context == first.text


def test_seesaw_none_pairs_from_annotated_sentences_first():
    examples = read_seesaw(FIXTURES / "seesaw", "train", none_ratio=0.5)
    nones = sorted((e.speaker, e.target) for e in examples if e.label == "none")
    # budget = round(0.5 * 3) = 2: exactly the two candidates of annotated sentences.
    assert nones == [("Jane Doe", "Carl Zed"), ("Jane Doe", "budget")]


def test_seesaw_none_sampling_is_deterministic():
    a = read_seesaw(FIXTURES / "seesaw", "train", none_ratio=1.0, seed=3)
    b = read_seesaw(FIXTURES / "seesaw", "train", none_ratio=1.0, seed=3)
    assert [e.id for e in a] == [e.id for e in b]
    nones = [(e.speaker, e.target) for e in a if e.label == "none"]
    assert len(nones) == 3
    # the third comes from the unannotated sentence "Roe and Zed toured a factory."
    assert set(nones[2:]) <= {("Bob Roe", "Carl Zed"), ("Carl Zed", "Bob Roe")}


def test_seesaw_splits_follow_meta():
    assert [(e.speaker, e.target, e.label) for e in read_seesaw(FIXTURES / "seesaw", "dev", with_none=False)] == [
        ("Bob Roe", "Carl Zed", "favor")
    ]
    assert [(e.speaker, e.target, e.label) for e in read_seesaw(FIXTURES / "seesaw", "test", with_none=False)] == [
        ("Carl Zed", "Acme Union", "against")
    ]


def test_seesaw_missing_article_is_named(tmp_path):
    copy = tmp_path / "seesaw"
    shutil.copytree(FIXTURES / "seesaw", copy)
    (copy / "articles" / "TRIPLET_003_DOCUMENT_0.json").unlink()
    with pytest.raises(CorpusError, match="TRIPLET_003_DOCUMENT_0.json"):
        read_seesaw(copy, "test")
    with pytest.raises(CorpusError, match="meta"):
        read_seesaw(tmp_path, "train")


# ----------------------------------------------------------------------------- PERSPECTRUM
def test_perspectrum_expands_clusters():
    examples = read_perspectrum(FIXTURES / "perspectrum", "train")
    assert [(e.text, e.label) for e in examples] == [
        ("Uniforms reduce bullying over clothes.", "favor"),
        ("Children are bullied less when everyone dresses alike.", "favor"),
        ("Uniforms stifle self-expression.", "against"),
    ]
    assert {e.target for e in examples} == {"School uniforms should be compulsory"}
    assert {e.target_kind for e in examples} == {"claim"}  # read as a claim, not a name
    assert [e.label for e in read_perspectrum(FIXTURES / "perspectrum", "dev")] == ["against"]
    assert [e.label for e in read_perspectrum(FIXTURES / "perspectrum", "test")] == ["favor"]


def test_perspectrum_errors(tmp_path):
    copy = tmp_path / "p"
    shutil.copytree(FIXTURES / "perspectrum", copy)
    (copy / "perspective_pool_v1.0.json").unlink()
    with pytest.raises(CorpusError, match="perspective_pool_v1.0.json"):
        read_perspectrum(copy, "train")
    shutil.copy(FIXTURES / "perspectrum" / "perspective_pool_v1.0.json", copy)
    gold = json.loads((copy / "perspectrum_with_answers_v1.0.json").read_text())
    gold[0]["perspectives"][0]["stance_label_3"] = "MAYBE"
    (copy / "perspectrum_with_answers_v1.0.json").write_text(json.dumps(gold))
    with pytest.raises(CorpusError, match="MAYBE"):
        read_perspectrum(copy, "train")


# ----------------------------------------------------------------------------- real data
@pytest.mark.data
@pytest.mark.skipif(not (DATA / "newsmtsc").is_dir(), reason="shared data absent")
def test_real_newsmtsc_counts():
    # Counts from shared/data/newsmtsc/SOURCE.md (negative, neutral, positive).
    expected = {"train": (3316, 3028, 2395), "dev": (134, 136, 73), "test": (295, 319, 189),
                "dev-mt": (136, 217, 89), "test-mt": (346, 531, 157)}
    for split, (neg, neu, pos) in expected.items():
        counts = Counter(e.label for e in read_newsmtsc(DATA / "newsmtsc", split))
        assert (counts["against"], counts["none"], counts["favor"]) == (neg, neu, pos), split


@pytest.mark.data
@pytest.mark.skipif(not (DATA / "perspectrum").is_dir(), reason="shared data absent")
def test_real_perspectrum_counts():
    # SOURCE.md: train 3,599 support / 3,379 undermine; dev 1,047 / 1,024; test 1,471 / 1,302.
    expected = {"train": (3599, 3379), "dev": (1047, 1024), "test": (1471, 1302)}
    for split, (favor, against) in expected.items():
        counts = Counter(e.label for e in read_perspectrum(DATA / "perspectrum", split))
        assert (counts["favor"], counts["against"]) == (favor, against), split


@pytest.mark.data
@pytest.mark.skipif(not (DATA / "seesaw").is_dir(), reason="shared data absent")
def test_real_seesaw_counts():
    # SOURCE.md gives triplets per split (train 6,263, valid 2,436, test 1,920); the reader drops
    # the 561 whose object is "Not in the list", merges pairs whose holders "None" and "Not in the
    # list" both become speaker=None, and drops the few conflicting pairs, so it keeps fewer.
    triplets = {"train": 6263, "dev": 2436, "test": 1920}
    total = 0
    for split, n in triplets.items():
        examples = read_seesaw(DATA / "seesaw", split, with_none=False)
        assert 0.9 * n <= len(examples) <= n, split
        assert {e.label for e in examples} == {"favor", "against"}
        total += len(examples)
        with_none = read_seesaw(DATA / "seesaw", split)
        assert sum(e.label == "none" for e in with_none) == round(0.5 * len(examples))
    assert 10619 - 561 - 100 <= total <= 10619 - 561
