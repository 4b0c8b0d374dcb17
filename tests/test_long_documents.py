"""Documents of a megabyte and more: they finish, offsets hold, memory and time stay bounded.

The span detector reads a long text in windows of a fixed number of tokens, batched, so the
encoder's activations do not grow with the document; what does grow (token offsets, one row of
label probabilities per token) is linear. The tests check that a 1 MB document goes through in
bounded memory, and that the steps after the encoder (mark matching, quote grouping) stay linear
in the size of the text or the number of spans, not quadratic.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Iterator

import pytest
from conftest import TINY_ENCODER as TINY
from test_robustness import make_article

from quotes.document import Document, Span
from quotes.pipeline import Pipeline

MB = 1_000_000


def articles_text(min_bytes: int, paragraphs: int = 12) -> str:
    parts: list[str] = []
    size = seed = 0
    while size < min_bytes:
        parts.append(make_article(seed, paragraphs))
        size += len(parts[-1].encode("utf-8"))
        seed += 1
    return "".join(parts)


def unbalance(text: str, seed: int = 0) -> str:
    """Drop, double and misplace quotation marks at random, as sloppy or cut texts do."""
    rnd = random.Random(seed)
    out: list[str] = []
    for char in text:
        if char in '“”«»„‹›「」"' and rnd.random() < 0.3:
            out.append(rnd.choice(["", char * 2, "”", "“", "»", "」"]))
        else:
            out.append(char)
    return "".join(out)


def check(doc: Document, text: str) -> None:
    assert doc.text == text
    doc.check()
    for span in [s for q in doc.quotes for s in q.spans()] + [
        s for group in doc.spans.values() for s in group
    ]:
        assert 0 <= span.start <= span.end <= len(text)
    assert Document.from_json(doc.to_json()).to_dict() == doc.to_dict()


def run(pipeline: Pipeline, text: str) -> Document:
    (doc,) = pipeline.pipe([Document(id="long", text=text)])
    return doc


@pytest.fixture(scope="module")
def rules() -> Pipeline:
    return Pipeline.load("rules")


# --- rules ------------------------------------------------------------------------------------


def test_rules_on_a_1mb_article_stream(rules: Pipeline) -> None:
    text = articles_text(MB + 100_000)
    assert len(text.encode("utf-8")) > MB
    started = time.perf_counter()
    doc = run(rules, text)
    seconds = time.perf_counter() - started
    check(doc, text)
    assert any(q.start > text.rindex("Story ") for q in doc.quotes), "quotes stop before the end"
    assert seconds < 60, f"{seconds:.1f} s for 1 MB"  # ~2 s on a laptop core; catches O(n²)


def test_rules_on_1mb_of_unbalanced_quotation_marks(rules: Pipeline) -> None:
    text = unbalance(articles_text(MB + 100_000))
    started = time.perf_counter()
    doc = run(rules, text)
    seconds = time.perf_counter() - started
    check(doc, text)
    assert doc.quotes
    assert seconds < 60, f"{seconds:.1f} s for 1 MB"


@pytest.mark.parametrize(
    "unit",
    ["'a ", "‘a ", "‚a ", "»a ", "“a "],
    ids=["apostrophes", "left-single", "low-single", "raquo", "open-double"],
)
def test_one_paragraph_of_unmatched_marks_is_linear(rules: Pipeline, unit: str) -> None:
    """A 300 KB paragraph of opening marks that never close. Each single mark used to scan
    the next 3000 characters for a close (300 KB of ``'a`` took over a minute)."""
    text = unit * (300_000 // len(unit))
    started = time.perf_counter()
    doc = run(rules, text)
    seconds = time.perf_counter() - started
    check(doc, text)
    assert seconds < 15, f"{seconds:.1f} s for 300 KB of {unit!r}"


# --- span detector ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def one_thread() -> Iterator[None]:
    """One torch thread: the tiny model gains nothing from more, and the CPU is shared."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def tiny_spans(tmp_path_factory: pytest.TempPathFactory, one_thread: None) -> Pipeline:
    """A random tiny detector leaning to "O", so that it finds spans about as often as a
    trained model does (a few per paragraph) rather than on every other token."""
    import torch

    from quotes.spans import SpanConfig, SpanDetector

    torch.manual_seed(0)
    detector = SpanDetector.create(SpanConfig(encoder_config=TINY, window=32, stride=16))
    with torch.no_grad():
        detector.tagger.head.bias[0] += 1.2
    directory = tmp_path_factory.mktemp("tiny") / "spans"
    detector.save_pretrained(directory)
    return Pipeline.load(str(directory))


def peak_rss_mb() -> float:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024  # bytes vs KiB


@pytest.mark.skipif(sys.platform == "win32", reason="needs the resource module")
def test_span_detector_on_1mb_in_bounded_memory(tiny_spans: Pipeline) -> None:
    small, big = articles_text(100_000), articles_text(MB + 50_000)
    run(tiny_spans, small[:5000])  # warm-up: one-time allocations are not growth
    before = peak_rss_mb()
    check(run(tiny_spans, small), small)
    after_small = peak_rss_mb()
    started = time.perf_counter()
    doc = run(tiny_spans, big)
    seconds = time.perf_counter() - started
    after_big = peak_rss_mb()
    check(doc, big)
    assert doc.quotes and any(s.start > len(big) - 5000 for s in doc.spans.get("cue", []))
    growth_small, growth_big = after_small - before, after_big - before
    print(f"\npeak RSS growth: 100 KB {growth_small:.0f} MB, 1 MB {growth_big:.0f} MB; "
          f"1 MB in {seconds:.1f} s")  # fmt: skip
    # Windows are batched, so the encoder never sees the whole text at once: the growth is
    # token offsets and per-token probabilities (~150 MB for 1 MB). Attention over a whole
    # 250k-token text would need hundreds of GB.
    assert growth_big < 1536, f"peak RSS grew by {growth_big:.0f} MB on a 1 MB document"


def test_span_detector_windows_cover_every_token(tiny_spans: Pipeline) -> None:
    """Every token of a long text is read by some window: probabilities are defined
    everywhere (a gap would divide by a zero weight and give NaN)."""
    import numpy as np

    from quotes.spans import encode_text

    detector = tiny_spans.stage("spans")
    text = articles_text(60_000)
    probs = detector.token_probs(encode_text(detector.tokenizer, text))  # type: ignore[attr-defined]
    assert probs.shape[0] > 10_000
    assert np.isfinite(probs).all()
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-4)


def test_quote_grouping_is_not_quadratic_in_the_number_of_spans(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """group_quotes ties each content to its nearest cue and source. Comparing every content
    with every cue made a 1 MB document with a model that finds many spans take minutes;
    counting the distance computations shows whether the work grows linearly."""
    from quotes import spans

    calls = 0
    real_gap = spans._gap

    def counting_gap(a: Span, b: Span) -> int:
        nonlocal calls
        calls += 1
        return real_gap(a, b)

    monkeypatch.setattr(spans, "_gap", counting_gap)

    def work(n_spans: int) -> int:
        nonlocal calls
        rnd = random.Random(n_spans)
        text = ("word " * 40 + "\n") * (n_spans // 4)
        found, pos = [], 0
        for _ in range(n_spans):
            pos += rnd.randrange(3, 12)
            found.append(
                (rnd.choice(["content", "cue", "source"]), Span.of(text, pos, pos + 4), 0.5)
            )
        calls = 0
        spans.group_quotes(text, found)
        return calls

    small, big = work(500), work(2000)
    assert small > 0
    # 4x the spans: ~4x the work if linear, ~16x if every pair is compared.
    assert big < 8 * small, f"{small} -> {big} distance computations for 4x the spans"
