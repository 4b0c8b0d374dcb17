"""PolNeAR reader: brat quirks on a hand-written fixture, counts on the real corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quotes.corpora import iter_polnear, read_polnear
from quotes.errors import CorpusError

FIXTURE = Path(__file__).parent / "fixtures" / "polnear"
REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear"
ART1 = "news_2016-09-01_plan-will-fail"
ART2 = "news_2016-09-02_smith-rain"


def by_id(docs):
    return {d.id: d for d in docs}


def test_first_annotator_follows_metadata_order_then_file_name():
    docs = by_id(read_polnear(FIXTURE, "dev"))
    assert sorted(docs) == [ART1, ART2]
    assert docs[ART1].meta["annotator"] == "bbbb"  # metadata lists bbbb before aaaa
    assert docs[ART2].meta["annotator"] == "cccc"  # no metadata row: lexicographic
    assert docs[ART1].meta["annotators"] == ["aaaa", "bbbb"]


def test_metadata_fields():
    doc = by_id(read_polnear(FIXTURE, "dev"))[ART1]
    assert doc.meta["publisher"] == "news"
    assert doc.meta["title"] == "The plan will fail, officials say"
    assert doc.meta["date"] == "2016-09-01"
    other = by_id(read_polnear(FIXTURE, "dev"))[ART2]
    assert other.meta["title"] is None


def test_relations_become_sorted_quotes():
    doc = by_id(read_polnear(FIXTURE, "dev"))[ART1]
    doc.check()
    got = [
        (
            [s.text for s in q.content],
            q.cue.text if q.cue else None,
            q.source.text if q.source else None,
            q.kind,
        )
        for q in doc.quotes
    ]
    assert got == [
        (["the plan “will fail,”"], "said", "Officials", "mixed"),
        (
            ["that taxes would rise\nand that schools would close"],
            "warned",
            "The mayor",
            "indirect",
        ),
        (["“We are ready,”", "“for anything.”"], "said", "he", "direct"),
        (["that the vote was delayed"], "reported", None, "indirect"),
    ]
    assert all(q.speaker is None and q.score is None for q in doc.quotes)


def test_discontinuous_content_offsets():
    doc = by_id(read_polnear(FIXTURE, "dev"))[ART1]
    pieces = doc.quotes[2].content
    assert [(s.start, s.end) for s in pieces] == [(149, 164), (174, 189)]


def test_malformed_relations_are_counted_not_fatal():
    doc = by_id(read_polnear(FIXTURE, "dev"))[ART1]
    assert doc.meta["skipped_relations"] == 2
    assert doc.meta["covered_text_mismatches"] == 0


def test_cue_and_source_span_groups():
    doc = by_id(read_polnear(FIXTURE, "dev"))[ART1]
    assert [s.text for s in doc.spans["cue"]] == ["said", "warned", "said", "reported"]
    assert [s.text for s in doc.spans["source"]] == ["Officials", "The mayor", "he"]


def test_all_annotators():
    docs = by_id(read_polnear(FIXTURE, "dev", annotator="all"))
    assert sorted(docs) == [f"{ART1}#aaaa", f"{ART1}#bbbb", f"{ART2}#cccc", f"{ART2}#dddd"]
    aaaa = docs[f"{ART1}#aaaa"]
    assert [(q.cue.text, q.source.text) for q in aaaa.quotes] == [("according to", "a memo")]
    assert docs[f"{ART2}#dddd"].quotes == []


def test_specific_annotator_skips_articles_without_it():
    docs = read_polnear(FIXTURE, "dev", annotator="aaaa")
    assert [d.id for d in docs] == [ART1]
    assert docs[0].meta["annotator"] == "aaaa"
    assert read_polnear(FIXTURE, "dev", annotator="zzzz") == []


def test_train_split_and_iterator():
    docs = list(iter_polnear(FIXTURE, "train"))
    assert [d.id for d in docs] == ["news_2016-03-01_jones-run"]
    assert docs[0].quotes[0].content[0].text == "that he would run"


def test_missing_folder_and_split(tmp_path):
    with pytest.raises(CorpusError, match="nowhere"):
        read_polnear(tmp_path / "nowhere")
    with pytest.raises(CorpusError, match="test"):
        read_polnear(FIXTURE, "test")


def _copy_with_ann(tmp_path: Path, ann_text: str) -> Path:
    root = tmp_path / "polnear"
    shutil.copytree(FIXTURE / "train", root / "train")
    (root / "train" / "attributions" / "news_2016-03-01_jones-run_aaaa.ann").write_text(
        ann_text, encoding="utf-8"
    )
    return root


def test_malformed_t_line_names_file_and_line(tmp_path):
    root = _copy_with_ann(tmp_path, "T1\tSource 0 5\tJones\nT2\tCue six ten\ttold\n")
    with pytest.raises(CorpusError, match=r"jones-run_aaaa\.ann:2"):
        read_polnear(root, "train")


def test_offsets_outside_text_are_an_error(tmp_path):
    root = _copy_with_ann(tmp_path, "T1\tSource 0 500\tJones\n")
    with pytest.raises(CorpusError, match=r"jones-run_aaaa\.ann:1"):
        read_polnear(root, "train")


def test_offsets_win_over_covered_text(tmp_path):
    ann = (
        "T1\tSource 0 5\tJonas\n"
        "T2\tCue 6 10\ttold\n"
        "T3\tContent 21 38\tthat he'd run\n"
        "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n"
    )
    doc = read_polnear(_copy_with_ann(tmp_path, ann), "train")[0]
    assert doc.quotes[0].source.text == "Jones"
    assert doc.quotes[0].content[0].text == "that he would run"
    assert doc.meta["covered_text_mismatches"] == 2


@pytest.mark.data
@pytest.mark.skipif(not REAL.exists(), reason="real PolNeAR data not present")
@pytest.mark.parametrize(
    "split, articles, relations, no_source",
    [("dev", 84, 2192, 126), ("train", 840, 19832, 1472)],
)
def test_real_counts(split, articles, relations, no_source):
    # SOURCE.md: dev 84/2,192/126, train 840/19,834/1,472; our train count is 2 lower because
    # two E lines there hold only the Attribution anchor (no content) and are skipped.
    docs = read_polnear(REAL, split)
    assert len(docs) == articles
    quotes = [q for d in docs for q in d.quotes]
    assert len(quotes) == relations
    assert sum(q.source is None for q in quotes) == no_source
    for doc in docs:
        doc.check()
