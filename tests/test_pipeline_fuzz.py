"""Property tests: any text, however odd, gives documents whose every span agrees with the text.

Text is generated from pieces that stress quote detection and offset bookkeeping: quotation
marks of every style (balanced or not), the whitespace news text really has (``\\r\\n``, NBSP,
zero-width spaces, tabs), and Unicode that tokenisers handle unevenly (emoji and ZWJ sequences,
CJK, combining marks, right-to-left scripts), mixed with words and attribution cues so that the
rules actually fire. The span detector is a tiny random model whose head is scaled up so that its
labels change from token to token: random spans are what stress BIO decoding and grouping.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import TINY_ENCODER as TINY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotes.document import Document, Span
from quotes.pipeline import Pipeline

MARKS = list("\"'“”‘’«»„‟‚‛‹›「」『』`") + ["''", "``", ",”", ".”", "»,"]
SPACES = [" ", " ", " ", "\n", "\n\n", "\t", "\r\n", "\u00a0", "\u200b", "\u2009", "\u3000"]
UNICODE = [
    "😀",
    "👩‍👩‍👧",  # a ZWJ sequence: one glyph, five code points
    "🇫🇷",
    "中文",
    "日本語の「引用」",
    "e\u0301",  # e + combining acute
    "n\u0303a\u0308",
    "שלום",
    "مرحبا بكم",
    "\u200f",  # right-to-left mark
    "Ⅻ",
    "ﬁ",  # a ligature that NFKC expands
    "İ",  # lower-cases to two code points
    "ß",
    "…",
    "—",
]
WORDS = [
    "Ann", "Bell", "Mr.", "Smith", "the", "minister", "talks", "will", "not", "back", "down",
    "said", "says", "told", "reporters", "added", "according", "to", "that", "she", "he",
    "They", "warned", ",", ".", ":", ";", "?", "!", "(", ")", "don't", "’90s", "Jones’",
]  # fmt: skip

piece = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(MARKS),
    st.sampled_from(SPACES),
    st.sampled_from(UNICODE),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",)),  # no lone surrogates: not UTF-8
        max_size=4,
    ),
)
texts = st.lists(piece, max_size=80).map("".join)



def check_document(doc: Document, text: str) -> None:
    """Every invariant a consumer of the output relies on."""
    assert doc.text == text
    doc.check()
    n = len(text)
    spans: list[Span] = [s for q in doc.quotes for s in q.spans()]
    spans += [s for group in doc.spans.values() for s in group]
    for span in spans:
        assert 0 <= span.start <= span.end <= n, (span, n)
        assert text[span.start : span.end] == span.text
    for quote in doc.quotes:
        assert quote.content, "a quote without content"
        for span in quote.content:
            assert span.end > span.start, f"empty content span {span}"
    assert [(q.start, q.end) for q in doc.quotes] == sorted((q.start, q.end) for q in doc.quotes)
    line = doc.to_json()
    assert "\n" not in line  # one JSONL line per document
    again = Document.from_json(line)
    assert again.to_dict() == doc.to_dict()
    assert again.to_json() == line


def run_pipeline(pipeline: Pipeline, text: str) -> Document:
    (doc,) = pipeline.pipe([Document(id="fuzz", text=text)])
    return doc


@pytest.fixture(scope="module")
def rules() -> Pipeline:
    return Pipeline.load("rules")


@pytest.fixture(scope="module")
def tiny_spans(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pipeline]:
    """A random tiny SpanDetector, saved and loaded like a real model folder."""
    import torch

    from quotes.spans import SpanConfig, SpanDetector

    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # a tiny model gains nothing from more, and the CPU is shared

    torch.manual_seed(7)
    detector = SpanDetector.create(SpanConfig(encoder_config=TINY, window=32, stride=16))
    with torch.no_grad():  # big head weights: labels flip between tokens, many short spans
        detector.tagger.head.weight.normal_(0.0, 3.0)
        detector.tagger.head.bias.normal_(0.0, 1.0)
    directory = tmp_path_factory.mktemp("tiny") / "spans"
    detector.save_pretrained(directory)
    yield Pipeline.load(str(directory))
    torch.set_num_threads(threads)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
def test_rules_pipeline_offsets_hold_on_any_text(rules: Pipeline, text: str) -> None:
    check_document(run_pipeline(rules, text), text)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
def test_span_detector_offsets_hold_on_any_text(tiny_spans: Pipeline, text: str) -> None:
    check_document(run_pipeline(tiny_spans, text), text)


def test_tiny_span_model_finds_spans_at_all(tiny_spans: Pipeline) -> None:
    """The fuzz test above is only worth something if the random model does predict spans."""
    text = "Ann Bell said “we will not back down” on Monday, and Mr. Smith told reporters: no. " * 5
    doc = run_pipeline(tiny_spans, text)
    check_document(doc, text)
    assert doc.quotes or any(doc.spans.values())


def test_rules_pipeline_finds_quotes_in_every_mark_style(rules: Pipeline) -> None:
    """Guard against a fuzz test that passes because nothing is ever detected."""
    styles = ["“…”", "«…»", "„…“", "「…」", "‹…›", '"…"']
    for style in styles:
        opener, closer = style.split("…")
        text = f"{opener}We will not back down from this fight,{closer} Ann Bell said."
        doc = run_pipeline(rules, text)
        check_document(doc, text)
        assert doc.quotes, f"no quote found with {style}: {text}"


DEFAULT_MODEL = Path(__file__).resolve().parents[1] / "models" / "spans" / "config.json"


@pytest.mark.slow
@pytest.mark.skipif(not DEFAULT_MODEL.exists(), reason="the shipped models/spans is not there")
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
def test_default_model_offsets_hold_on_any_text(text: str) -> None:
    check_document(run_pipeline(_default(), text), text)


_DEFAULT: list[Pipeline] = []


def _default() -> Pipeline:
    # Hypothesis forbids function-scoped fixtures in @given tests; load the model once.
    if not _DEFAULT:
        _DEFAULT.append(Pipeline.load("default"))
    return _DEFAULT[0]
