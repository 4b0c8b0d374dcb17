"""The scorer, checked against numbers worked out by hand (in the comments next to each case)."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotes.document import Document, Quote
from quotes.errors import InputError
from quotes.scoring import (
    PRF,
    format_span_table,
    format_stance_table,
    iou,
    match_one_to_one,
    normalize_speaker,
    score_spans,
    score_speakers,
    score_stance,
)

TEXT = "".join(chr(ord("a") + i % 26) for i in range(80))  # 80 characters, offsets are all we need


def doc(doc_id: str, *quotes: dict, text: str = TEXT) -> Document:
    """A document whose quotes are given as {"content": [(s, e), ...], "cue": (s, e), ...}."""
    d = Document(id=doc_id, text=text)
    for q in quotes:
        d.quotes.append(
            Quote(
                content=[d.span(s, e) for s, e in q["content"]],
                cue=d.span(*q["cue"]) if q.get("cue") else None,
                source=d.span(*q["source"]) if q.get("source") else None,
                speaker=q.get("speaker"),
                kind=q.get("kind", "indirect"),
            )
        )
    return d


def approx(x: float) -> object:
    return pytest.approx(x, abs=1e-12)


# --------------------------------------------------------------------------- PRF


def test_prf_from_counts_and_zero_convention() -> None:
    # tp=2 fp=1 fn=3 -> P = 2/3, R = 2/5, F1 = 2PR/(P+R) = (8/15)/(16/15) = 1/2
    s = PRF(2, 1, 3)
    assert s.precision == approx(2 / 3)
    assert s.recall == approx(2 / 5)
    assert s.f1 == approx(0.5)
    # undefined ratios are 0.0, never a ZeroDivisionError
    assert (PRF().precision, PRF().recall, PRF().f1) == (0.0, 0.0, 0.0)
    assert PRF(0, 0, 4).precision == 0.0 and PRF(0, 3, 0).recall == 0.0
    assert list(s.to_dict()) == ["tp", "fp", "fn", "precision", "recall", "f1"]


def test_iou_of_spans_and_discontinuous_lists() -> None:
    d = Document(id="x", text=TEXT)
    assert iou(d.span(20, 30), d.span(20, 26)) == approx(0.6)  # 6 shared / 10 in union
    # pieces [0,5)+[15,25) (15 chars) vs [0,25) (25 chars): 15 shared / 25 = 0.6
    assert iou([d.span(0, 5), d.span(15, 25)], [d.span(0, 25)]) == approx(0.6)
    assert iou(d.span(0, 5), d.span(5, 10)) == 0.0  # touching, not overlapping


# --------------------------------------------------------------------------- roles


def test_exact_overlap_and_char_on_content() -> None:
    # gold G1=[0,10) G2=[20,30); pred P1=[0,10) exact, P2=[20,26) IoU(G2)=6/10=0.6,
    # P3=[6,10) IoU(G1)=4/10=0.4 (and G1 is already taken by P1 anyway).
    gold = [doc("d", {"content": [(0, 10)]}, {"content": [(20, 30)]})]
    pred = [doc("d", {"content": [(0, 10)]}, {"content": [(20, 26)]}, {"content": [(6, 10)]})]
    s = score_spans(gold, pred).content
    # exact: tp=1 fp=2 fn=1 -> P=1/3 R=1/2 F1=(1/3)/(5/6)=2/5
    assert (s.exact.tp, s.exact.fp, s.exact.fn) == (1, 2, 1)
    assert s.exact.precision == approx(1 / 3)
    assert s.exact.recall == approx(1 / 2)
    assert s.exact.f1 == approx(2 / 5)
    # overlap: G1-P1, G2-P2 -> tp=2 fp=1 fn=0 -> P=2/3 R=1 F1=(4/3)/(5/3)=4/5
    assert (s.overlap.tp, s.overlap.fp, s.overlap.fn) == (2, 1, 0)
    assert s.overlap.f1 == approx(4 / 5)
    # chars: gold 10+10=20, pred [0,10)+[20,26)=16, shared 16 -> P=1 R=0.8 F1=1.6/1.8=8/9
    assert (s.char.tp, s.char.fp, s.char.fn) == (16, 0, 4)
    assert s.char.f1 == approx(8 / 9)


def test_two_preds_on_one_gold_count_once() -> None:
    # gold [0,10); preds [0,10) (IoU 1) and [0,9) (IoU 0.9): one match, one false positive
    gold = [doc("d", {"content": [(0, 10)]})]
    pred = [doc("d", {"content": [(0, 10)]}, {"content": [(0, 9)]})]
    s = score_spans(gold, pred).content.overlap
    assert (s.tp, s.fp, s.fn) == (1, 1, 0)
    assert s.precision == approx(0.5) and s.recall == approx(1.0)


def test_matching_is_optimal_not_greedy() -> None:
    # gold A=[0,10) B=[2,12); pred X=[1,10) Y=[0,6).
    # IoU: X-A 9/10=0.9, X-B 8/11=0.727, Y-A 6/10=0.6, Y-B 4/12=0.333 (below 0.5).
    # Greedy by best IoU takes X-A and strands Y and B (1 match); optimal is X-B + Y-A (2).
    gold = [doc("d", {"content": [(0, 10)]}, {"content": [(2, 12)]})]
    pred = [doc("d", {"content": [(1, 10)]}, {"content": [(0, 6)]})]
    s = score_spans(gold, pred).content.overlap
    assert (s.tp, s.fp, s.fn) == (2, 0, 0)

    # the matcher on its own: among equal counts it prefers the larger total similarity
    # g0-p0 + g1-p1 = 0.9 + 0.7 = 1.6 beats g0-p1 + g1-p0 = 0.6 + 0.8 = 1.4
    edges = {(0, 0): 0.9, (0, 1): 0.6, (1, 0): 0.8, (1, 1): 0.7}
    assert match_one_to_one(edges) == [(0, 0), (1, 1)]
    # ...but never at the cost of a pair: g0-p0 (1.0) alone loses to g0-p1 + g1-p0 (0.5 + 0.5)
    assert match_one_to_one({(0, 0): 1.0, (0, 1): 0.5, (1, 0): 0.5}) == [(0, 1), (1, 0)]
    assert match_one_to_one({}) == []


def test_discontinuous_content() -> None:
    gold = [doc("d", {"content": [(0, 5), (15, 25)]})]
    # same pieces (given in another order): exact match
    same = score_spans(gold, [doc("d", {"content": [(15, 25), (0, 5)]})]).content
    assert (same.exact.tp, same.overlap.tp, same.char.f1) == (1, 1, 1.0)
    # one contiguous span over both pieces: IoU 15/25 = 0.6 -> overlap yes, exact no;
    # chars: pred 25, gold 15, shared 15 -> P=0.6 R=1 F1=1.2/1.6=0.75
    wide = score_spans(gold, [doc("d", {"content": [(0, 25)]})]).content
    assert (wide.exact.tp, wide.exact.fp, wide.exact.fn) == (0, 1, 1)
    assert (wide.overlap.tp, wide.overlap.fp, wide.overlap.fn) == (1, 0, 0)
    assert wide.char.f1 == approx(0.75)
    # all pieces must be equal for exact: [0,5)+[15,24) is not exact, IoU 14/15 -> overlap
    short = score_spans(gold, [doc("d", {"content": [(0, 5), (15, 24)]})]).content
    assert (short.exact.tp, short.overlap.tp) == (0, 1)
    # only the first piece: IoU 5/15 = 1/3 < 0.5 -> no match
    first = score_spans(gold, [doc("d", {"content": [(0, 5)]})]).content
    assert (first.overlap.tp, first.overlap.fp, first.overlap.fn) == (0, 1, 1)


def test_sources_deduplicated_per_document() -> None:
    # two gold quotes share source [30,33): one gold source. Pred finds it once: P=R=1.
    gold = [
        doc(
            "d",
            {"content": [(0, 10)], "source": (30, 33)},
            {"content": [(12, 20)], "source": (30, 33)},
        )
    ]
    pred = [doc("d", {"content": [(0, 10)], "source": (30, 33)})]
    s = score_spans(gold, pred).source.exact
    assert (s.tp, s.fp, s.fn) == (1, 0, 0)


def test_cue_scored_like_source() -> None:
    # gold cues [40,44) [50,55); pred cues [40,44) exact, [60,62) nowhere -> tp=1 fp=1 fn=1
    gold = [
        doc(
            "d",
            {"content": [(0, 10)], "cue": (40, 44)},
            {"content": [(12, 20)], "cue": (50, 55)},
        )
    ]
    pred = [
        doc(
            "d",
            {"content": [(0, 10)], "cue": (40, 44)},
            {"content": [(12, 20)], "cue": (60, 62)},
        )
    ]
    s = score_spans(gold, pred).cue
    assert (s.exact.tp, s.exact.fp, s.exact.fn) == (1, 1, 1)
    # chars: gold 4+5=9, pred 4+2=6, shared 4 -> P=4/6 R=4/9 F1=2*4/(6+9)=8/15
    assert s.char.f1 == approx(8 / 15)


# --------------------------------------------------------------------------- relations


def test_relation_exact_and_overlap_sources() -> None:
    gold = [
        doc(
            "d",
            {"content": [(0, 10)], "source": (30, 36)},
            {"content": [(12, 20)]},  # no source
            {"content": [(21, 28)], "source": (40, 44)},
        )
    ]
    pred = [
        doc(
            "d",
            {"content": [(0, 9)], "source": (30, 34)},  # content ok; source IoU 4/6: overlap only
            {"content": [(12, 20)]},  # None/None: right for both variants
            {"content": [(21, 28)], "source": (44, 48)},  # source IoU 0: wrong for both
        )
    ]
    s = score_spans(gold, pred)
    # relation: only the None/None quote -> tp=1 fp=2 fn=2 -> P=R=F1=1/3
    assert (s.relation.tp, s.relation.fp, s.relation.fn) == (1, 2, 2)
    assert s.relation.f1 == approx(1 / 3)
    # relation_overlap: first two -> tp=2 fp=1 fn=1 -> P=R=F1=2/3
    assert (s.relation_overlap.tp, s.relation_overlap.fp, s.relation_overlap.fn) == (2, 1, 1)
    assert s.relation_overlap.f1 == approx(2 / 3)
    # source role: gold {[30,36),[40,44)} pred {[30,34),[44,48)}: exact 0/2;
    # overlap 1 (IoU 4/6); chars gold 10 pred 8 shared 4 -> P=.5 R=.4 F1=.4/.9=4/9
    assert s.source.exact.tp == 0
    assert (s.source.overlap.tp, s.source.overlap.fp, s.source.overlap.fn) == (1, 1, 1)
    assert s.source.char.f1 == approx(4 / 9)


def test_relation_needs_source_when_gold_has_none() -> None:
    # gold source None, pred names a source: wrong (and the reverse too)
    gold = [doc("d", {"content": [(0, 10)]}, {"content": [(12, 20)], "source": (30, 33)})]
    pred = [doc("d", {"content": [(0, 10)], "source": (30, 33)}, {"content": [(12, 20)]})]
    s = score_spans(gold, pred)
    assert (s.relation.tp, s.relation_overlap.tp) == (0, 0)


# --------------------------------------------------------------------------- speakers


def test_speaker_accuracy_with_normalisation_and_categories() -> None:
    gold = [
        doc(
            "d",
            {"content": [(0, 10)], "speaker": "Lloyd Austin"},
            {"content": [(12, 20)], "speaker": None},
            {"content": [(21, 28)], "speaker": "Joe Biden"},
            {"content": [(60, 70)], "speaker": "Kamala Harris"},  # not predicted at all
        )
    ]
    pred = [
        doc(
            "d",
            {"content": [(0, 10)], "speaker": "  lloyd \n AUSTIN "},  # right after normalising
            {"content": [(12, 19)], "speaker": ""},  # empty == None: right
            {"content": [(21, 28)], "speaker": "Biden"},  # wrong
        )
    ]
    category = lambda q: "named" if q.speaker else "unnamed"  # noqa: E731
    s = score_spans(gold, pred, speaker_category=category).speaker
    # 4 gold, 3 matched, 2 right -> 2/3 over matched, 2/4 over all
    assert (s.n_gold, s.n_matched, s.n_correct) == (4, 3, 2)
    assert s.accuracy_matched == approx(2 / 3)
    assert s.accuracy_all == approx(0.5)
    # named: Austin (right), Biden (wrong), Harris (missed) -> 3 gold, 2 matched, 1 right
    named = s.by_category["named"]
    assert (named.n_gold, named.n_matched, named.n_correct) == (3, 2, 1)
    unnamed = s.by_category["unnamed"]
    assert (unnamed.n_gold, unnamed.n_matched, unnamed.n_correct) == (1, 1, 1)
    assert score_speakers(gold, pred, category).to_dict() == s.to_dict()


def test_gold_none_speaker_needs_pred_none() -> None:
    gold = [doc("d", {"content": [(0, 10)], "speaker": None})]
    pred = [doc("d", {"content": [(0, 10)], "speaker": "Someone"})]
    s = score_speakers(gold, pred)
    assert (s.n_matched, s.n_correct) == (1, 0)


def test_normalize_speaker() -> None:
    assert normalize_speaker("  Angela\tMERKEL ") == "angela merkel"
    assert normalize_speaker("Straße") == normalize_speaker("STRASSE")  # casefold, not lower
    assert normalize_speaker("   ") is None and normalize_speaker(None) is None
    # a joint speaker is a set: any order of its parts
    assert normalize_speaker("Hillary Clinton and Elizabeth Warren") == normalize_speaker("elizabeth warren and Hillary Clinton")
    assert normalize_speaker("A, B and C") == normalize_speaker("C, A and B") != normalize_speaker("A and B")


# --------------------------------------------------------------------------- pairing, empties


def test_empty_documents_give_zero_without_error() -> None:
    s = score_spans([doc("a")], [doc("a")])
    for role in ("content", "cue", "source"):
        r = s.role(role)
        assert (r.exact.f1, r.overlap.f1, r.char.f1) == (0.0, 0.0, 0.0)
    assert s.relation.f1 == 0.0 and s.speaker.accuracy_all == 0.0
    assert score_spans([], []).n_docs == 0


def test_missing_and_extra_predicted_documents() -> None:
    # gold doc "a" has 2 contents and no prediction -> fn=2; predicted-only doc "z" -> fp=1
    gold = [doc("a", {"content": [(0, 10)]}, {"content": [(20, 30)]})]
    pred = [doc("z", {"content": [(0, 10)]})]
    s = score_spans(gold, pred)
    assert (s.content.exact.tp, s.content.exact.fp, s.content.exact.fn) == (0, 1, 2)
    assert (s.relation.fp, s.relation.fn) == (1, 2)
    assert (s.speaker.n_gold, s.speaker.n_matched) == (2, 0)
    assert s.n_docs == 1


def test_micro_average_over_documents() -> None:
    # doc a: 1 gold found (tp=1); doc b: 3 gold, none predicted (fn=3)
    # -> micro R = 1/4 (a macro average over documents would give 1/2)
    gold = [
        doc("a", {"content": [(0, 10)]}),
        doc("b", {"content": [(0, 10)]}, {"content": [(20, 30)]}, {"content": [(40, 50)]}),
    ]
    pred = [doc("a", {"content": [(0, 10)]}), doc("b")]
    assert score_spans(gold, pred).content.exact.recall == approx(0.25)


def test_bad_pairs_raise_input_error() -> None:
    with pytest.raises(InputError, match="'a'"):
        score_spans([doc("a")], [doc("a", text=TEXT + "!")])
    with pytest.raises(InputError, match="share the id"):
        score_spans([doc("a"), doc("a")], [])


def test_by_kind_recall() -> None:
    # gold: a direct quote (found) and an indirect one (missed) -> direct 1/1, indirect 0/1
    gold = [
        doc(
            "d",
            {"content": [(0, 10)], "kind": "direct"},
            {"content": [(20, 30)], "kind": "indirect"},
        )
    ]
    pred = [doc("d", {"content": [(0, 9)]})]
    by_kind = score_spans(gold, pred).by_kind
    assert (by_kind["direct"].found, by_kind["direct"].total) == (1, 1)
    assert (by_kind["indirect"].found, by_kind["indirect"].total) == (0, 1)
    assert by_kind["mixed"].total == 0 and by_kind["mixed"].recall == 0.0


# --------------------------------------------------------------------------- output


def test_to_dict_is_json_and_deterministic() -> None:
    gold = [doc("d", {"content": [(0, 10)], "source": (30, 33), "speaker": "A"})]
    pred = [doc("d", {"content": [(0, 9)], "source": (30, 33), "speaker": "a"})]
    first = json.dumps(score_spans(gold, pred, speaker_category=lambda q: "x").to_dict())
    second = json.dumps(score_spans(gold, pred, speaker_category=lambda q: "x").to_dict())
    assert first == second
    data = json.loads(first)
    assert list(data)[:4] == ["n_docs", "n_gold_quotes", "n_pred_quotes", "threshold"]
    assert data["content"]["overlap"]["f1"] == 1.0
    assert data["speaker"]["by_category"]["x"]["n_correct"] == 1


def test_format_span_table() -> None:
    gold = [doc("d", {"content": [(0, 10)]}, {"content": [(20, 30)]})]
    pred = [doc("d", {"content": [(0, 10)]}, {"content": [(20, 26)]}, {"content": [(6, 10)]})]
    table = format_span_table(score_spans(gold, pred))
    lines = table.splitlines()
    assert [line.split()[0] for line in lines[2:]] == ["content", "cue", "source", "relation"]
    # content: exact 33.3 50.0 40.0, overlap 66.7 100.0 80.0, char F1 88.9 (see the first test)
    assert lines[2].split()[1:] == ["33.3", "50.0", "40.0", "66.7", "100.0", "80.0", "88.9"]
    assert lines[5].split()[-1] == "-"


# --------------------------------------------------------------------------- stance


GOLD6 = ["favor", "favor", "favor", "against", "against", "none"]
PRED6 = ["favor", "favor", "against", "against", "none", "none"]


def test_stance_scores_by_hand() -> None:
    s = score_stance(GOLD6, PRED6)
    # favor:   tp=2 fp=0 fn=1 -> P=1   R=2/3 F1=0.8
    # against: tp=1 fp=1 fn=1 -> P=1/2 R=1/2 F1=0.5
    # none:    tp=1 fp=1 fn=0 -> P=1/2 R=1   F1=2/3
    # macro = (4/5 + 1/2 + 2/3)/3 = (59/30)/3 = 59/90; accuracy = 4/6
    assert s.per_class["favor"].f1 == approx(0.8)
    assert s.per_class["against"].f1 == approx(0.5)
    assert s.per_class["none"].f1 == approx(2 / 3)
    assert s.macro_f1 == approx(59 / 90)
    assert s.accuracy == approx(2 / 3) and s.n == 6
    assert s.confusion_labels == ("favor", "against", "none")
    assert s.confusion == ((2, 1, 0), (0, 1, 1), (0, 0, 1))
    json.dumps(s.to_dict())
    assert "macro-F1 65.6" in format_stance_table(s)


def test_stance_label_subset_and_labels_absent_from_gold() -> None:
    # SEESAW-style: average favor and against only -> (0.8 + 0.5)/2 = 0.65; accuracy unchanged
    s = score_stance(GOLD6, PRED6, labels=("favor", "against"))
    assert s.macro_f1 == approx(0.65) and s.accuracy == approx(2 / 3)
    assert set(s.per_class) == {"favor", "against"}
    assert s.confusion_labels == ("favor", "against", "none")  # extras still shown
    # gold holds only favor: macro over favor alone. favor tp=1 fn=1 -> F1 = 2/3
    only = score_stance(["favor", "favor"], ["favor", "against"])
    assert only.macro_labels == ("favor",) and only.macro_f1 == approx(2 / 3)


def test_stance_unknown_labels_and_errors() -> None:
    s = score_stance(["favor", "none"], ["neutral", "none"])
    assert s.confusion_labels[-1] == "neutral" and s.confusion[0][-1] == 1
    assert s.accuracy == approx(0.5)
    assert score_stance([], []).macro_f1 == 0.0
    with pytest.raises(InputError):
        score_stance(["favor"], [])


# --------------------------------------------------------------------------- properties


@st.composite
def documents(draw: st.DrawFn) -> list[Document]:
    """1-3 documents over TEXT with random quotes: 1-3 content pieces, optional cue/source."""

    def span() -> tuple[int, int]:
        start = draw(st.integers(0, len(TEXT) - 1))
        return start, draw(st.integers(start + 1, min(len(TEXT), start + 15)))

    docs = []
    for i in range(draw(st.integers(1, 3))):
        quotes = []
        for _ in range(draw(st.integers(0, 4))):
            quotes.append(
                {
                    "content": [span() for _ in range(draw(st.integers(1, 3)))],
                    "cue": span() if draw(st.booleans()) else None,
                    "source": span() if draw(st.booleans()) else None,
                    "speaker": draw(st.sampled_from([None, "Ann Lee", "Bo"])),
                }
            )
        docs.append(doc(f"d{i}", *quotes))
    return docs


@settings(max_examples=60, deadline=None)
@given(documents())
def test_scoring_a_set_against_itself_is_perfect(docs: list[Document]) -> None:
    # every role with spans: exact, overlap and character F1 are all 1.0
    s = score_spans(docs, copy.deepcopy(docs))
    for role in ("content", "cue", "source"):
        r = s.role(role)
        if r.exact.n_gold:
            assert (r.exact.f1, r.overlap.f1, r.char.f1) == (1.0, 1.0, 1.0)
    if s.n_gold_quotes:
        assert s.relation.f1 == 1.0 and s.relation_overlap.f1 == 1.0
        assert s.speaker.accuracy_all == 1.0


@settings(max_examples=40, deadline=None)
@given(documents(), documents())
def test_overlap_matching_is_symmetric(gold: list[Document], pred: list[Document]) -> None:
    # swapping gold and pred swaps fp and fn and keeps tp (the matching does not depend on sides)
    ab, ba = score_spans(gold, pred), score_spans(pred, gold)
    for role in ("content", "cue", "source"):
        x, y = ab.role(role), ba.role(role)
        for kind in ("exact", "overlap", "char"):
            a, b = getattr(x, kind), getattr(y, kind)
            assert (a.tp, a.fp, a.fn) == (b.tp, b.fn, b.fp)
