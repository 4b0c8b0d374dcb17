"""The data model under random input: JSON round-trips are lossless and offsets stay honest."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotes.document import KINDS, STANCE_LABELS, Document, Quote, Span, Stance
from quotes.errors import FormatError, SpanError

# Any Unicode but surrogates (not encodable as UTF-8), with quotation marks and line breaks mixed in.
texts = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs",)),
        st.sampled_from("“”«»\"'\n\r\t \u2028é😀"),
    ),
    max_size=200,
)
names = st.none() | st.text(max_size=20)
scores = st.none() | st.floats(0, 1, allow_nan=False)


@st.composite
def spans_of(draw: st.DrawFn, text: str) -> Span:
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, len(text)))
    return Span.of(text, start, end)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    text = draw(texts)
    span = spans_of(text)
    quotes = [
        Quote(
            content=draw(st.lists(span, min_size=1, max_size=3)),
            cue=draw(st.none() | span),
            source=draw(st.none() | span),
            speaker=draw(names),
            kind=draw(st.sampled_from(KINDS)),
            score=draw(scores),
            stance=draw(
                st.lists(
                    st.builds(Stance, st.text(max_size=10), st.sampled_from(STANCE_LABELS), scores),
                    max_size=2,
                )
            ),
        )
        for _ in range(draw(st.integers(0, 3)))
    ]
    groups = draw(
        st.dictionaries(
            st.sampled_from(["cue", "source", "mention"]), st.lists(span, max_size=3), max_size=2
        )
    )
    meta = draw(
        st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=5), max_size=3)
    )
    return Document(
        id=draw(st.text(max_size=10)), text=text, meta=meta, quotes=quotes, spans=groups
    )


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_dict_and_json_round_trips_are_lossless(doc: Document) -> None:
    assert Document.from_dict(doc.to_dict()) == doc
    line = doc.to_json()
    assert "\n" not in line  # one document, one JSONL line
    assert Document.from_json(line) == doc
    assert Document.from_dict(json.loads(doc.to_json(indent=2))) == doc
    doc.check()


@given(documents())
def test_every_span_covers_its_text(doc: Document) -> None:
    for quote in doc.quotes:
        for span in quote.spans():
            assert doc.text[span.start : span.end] == span.text
        assert quote.start <= quote.end
        assert quote.content == sorted(quote.content)


@given(texts, st.data())
def test_span_of_is_the_slice(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    span = Span.of(text, start, end)
    assert span.text == text[start:end] and len(span.text) == end - start


@given(texts, st.integers(-5, 300), st.integers(-5, 300))
def test_bad_offsets_raise(text: str, start: int, end: int) -> None:
    valid = 0 <= start <= end <= len(text)
    if valid:
        assert Span.of(text, start, end).text == text[start:end]
    else:
        with pytest.raises(SpanError):
            Span.of(text, start, end)
        with pytest.raises((SpanError, FormatError)):
            Span.from_dict({"start": start, "end": end}, text)


@given(st.text(min_size=1, max_size=50), st.data())
def test_wrong_span_text_is_rejected(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    wrong = data.draw(st.text(min_size=end - start, max_size=end - start))
    if wrong == text[start:end]:
        return
    record = {
        "id": "d",
        "text": text,
        "quotes": [{"content": [{"start": start, "end": end, "text": wrong}]}],
    }
    with pytest.raises((SpanError, FormatError)):
        Document.from_dict(record)
    with pytest.raises(SpanError):
        Span(start, end, wrong).check(text)


def test_span_length_must_match_offsets() -> None:
    with pytest.raises(SpanError):
        Span(0, 3, "ab")
    with pytest.raises(SpanError):
        Span(2, 1, "")
    with pytest.raises(FormatError):
        Span.from_dict({"start": "0", "end": 1}, "abc")
    with pytest.raises(FormatError):
        Span.from_dict({"start": 0}, "abc")
