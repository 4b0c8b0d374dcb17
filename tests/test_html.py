"""quotes.html: highlights sit on their offsets, nothing is left unescaped, output is stable.

The DOM checks here use Python's HTML parser (fast); tests/test_html_browser.py repeats them in
a real browser.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from eval.render_html_check import check_dom, read_dom
from quotes.cli import app
from quotes.document import Document, Quote, Stance
from quotes.html import (
    HtmlWriter,
    collect_highlights,
    render_document,
    render_page,
    speaker_summary,
)
from quotes.writers import FORMATS, make_writer

TEXT = 'Ann Bell said "we <will> win & stay". He added that A&B was fine.'
# "Ann Bell" 0-8, "said" 9-13, the quoted part 14-36, "He" 38-40, "added" 41-46, "A&B was fine" 52-64


def sample() -> Document:
    doc = Document("wire<1>", TEXT)
    doc.quotes = [
        Quote([doc.span(14, 36)], cue=doc.span(9, 13), source=doc.span(0, 8), speaker="Ann Bell",
              kind="direct", score=0.9, stance=[Stance("B & <C>", "against", 0.7), Stance("Zed", "favor", None)]),
        Quote([doc.span(52, 64)], cue=doc.span(41, 46), source=doc.span(38, 40), speaker="Ann Bell",
              kind="indirect", score=0.6),
    ]
    return doc


class StrictNesting(HTMLParser):
    """Fails on any end tag that does not close the innermost open element."""

    VOID = frozenset({"meta", "br", "img", "link", "input", "hr"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def nesting_errors(markup: str) -> list[str]:
    parser = StrictNesting()
    parser.feed(markup)
    parser.close()
    return parser.errors + ([f"unclosed {parser.stack}"] if parser.stack else [])


def test_highlights_by_hand() -> None:
    page = render_page([sample()])
    dom = read_dom(page)
    got = sorted((h.role, h.start, h.end, h.text) for h in dom.highlights.values())
    assert got == [
        ("content", 14, 36, '"we <will> win & stay"'),
        ("content", 52, 64, "A&B was fine"),
        ("cue", 9, 13, "said"),
        ("cue", 41, 46, "added"),
        ("source", 0, 8, "Ann Bell"),
        ("source", 38, 40, "He"),
    ]
    assert "".join(dom.blocks[0]) == TEXT
    assert check_dom([sample()], page) == []
    assert nesting_errors(page) == []


def test_everything_is_escaped() -> None:
    page = render_page([sample()])
    assert "<will>" not in page and "&lt;will&gt;" in page
    assert "<C>" not in page and "B &amp; &lt;C&gt;: against" in page
    assert 'data-doc-id="wire&lt;1&gt;"' in page and "<h2>wire&lt;1&gt;</h2>" in page
    assert "<script" not in page and "http" not in page.replace('http-equiv', '')  # nothing fetched


def test_classes_speaker_labels_and_stance_badges() -> None:
    page = render_page([sample()])
    first = re.search(r'<span class="hl content"[^>]*data-start="14"[^>]*>', page).group(0)
    assert 'data-label="Ann Bell"' in first and 'data-mark="[1]"' in first and 'data-quote="0"' in first
    assert 'class="badge against"' in page and 'class="badge favor"' in page
    assert "Zed: favor" in page


def test_crossing_and_nested_spans_are_split_not_broken() -> None:
    text = "one two three four five"
    doc = Document("x", text)
    # content A [4,18) "two three four" crosses content B [8,23) "three four five";
    # cue [8,13) "three" sits in both; source [0,3) shared by both quotes.
    doc.quotes = [
        Quote([doc.span(4, 18)], cue=doc.span(8, 13), source=doc.span(0, 3)),
        Quote([doc.span(8, 23)], source=doc.span(0, 3)),
    ]
    page = render_page([doc])
    assert nesting_errors(page) == []
    dom = read_dom(page)
    by_range = {(h.role, h.start, h.end): h for h in dom.highlights.values()}
    assert len(by_range) == 4  # the shared source is one highlight
    assert by_range[("source", 0, 3)].fragments == ["one"]
    assert 'data-quote="0 1"' in page
    outer = by_range[("content", 4, 18)]
    inner = by_range[("content", 8, 23)]
    assert outer.fragments == ["two three four"]
    assert inner.fragments == ["three four", " five"]  # cut where the outer one ends
    assert by_range[("cue", 8, 13)].text == "three"
    assert check_dom([doc], page) == []


def test_carriage_returns_keep_offsets() -> None:
    doc = Document("crlf", 'A\r\nB said "x\r\ny".')
    doc.quotes = [Quote([doc.span(doc.text.index('"'), len(doc.text) - 1)])]
    page = render_page([doc])
    assert "\r" not in page and "&#13;" in page
    assert check_dom([doc], page) == []


def test_speaker_summary_counts_quotes_and_characters() -> None:
    doc = sample()
    doc.quotes.append(Quote([doc.span(0, 3)], speaker=None))
    # Ann Bell: 2 quotes, 22 + 12 characters; the unnamed one: 1 quote, 3 characters.
    assert speaker_summary(doc) == [("Ann Bell", 2, 34), ("(no named speaker)", 1, 3)]
    assert "<td>Ann Bell</td><td class=\"num\">2</td><td class=\"num\">34</td>" in render_document(doc)


def test_writer_streams_the_same_page_and_is_registered() -> None:
    docs = [sample(), Document("empty", "")]
    stream = io.StringIO()
    writer = make_writer("html", stream)
    assert isinstance(writer, HtmlWriter) and "html" in FORMATS
    for doc in docs:
        writer.write(doc)
    writer.close()
    writer.close()  # closing twice writes nothing more
    assert stream.getvalue() == render_page(docs) == render_page([sample(), Document("empty", "")])
    assert "No quotes found." in stream.getvalue()
    empty = io.StringIO()
    HtmlWriter(empty).close()
    assert "No documents." in empty.getvalue() and empty.getvalue().endswith("</html>\n")


def test_cli_extract_html(tmp_path: Path, extract_model: str) -> None:
    article = tmp_path / "a.txt"
    article.write_text('Ann Bell said: "We will not back down." <b>', encoding="utf-8")
    out = tmp_path / "a.html"
    result = CliRunner().invoke(app, ["extract", str(article), "-m", extract_model, "-f", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "&lt;b&gt;" in page
    assert 'class="hl content"' in page
    text = article.read_text(encoding="utf-8")
    dom = read_dom(page)
    assert dom.highlights and all(h.text == text[h.start : h.end] for h in dom.highlights.values())
    assert "".join(dom.blocks[0]) == text


@st.composite
def documents(draw: st.DrawFn) -> Document:
    text = draw(st.text(alphabet="ab <&>\"'\r\n“”é", min_size=1, max_size=40))
    doc = Document("h", text)
    n = len(text)
    for _ in range(draw(st.integers(0, 4))):
        a = draw(st.integers(0, n))
        b = draw(st.integers(a, n))
        pieces = [doc.span(a, b)]
        if draw(st.booleans()):
            c = draw(st.integers(0, n))
            pieces.append(doc.span(c, draw(st.integers(c, n))))
        cue = None
        if draw(st.booleans()):
            c = draw(st.integers(0, n))
            cue = doc.span(c, draw(st.integers(c, n)))
        doc.quotes.append(Quote(pieces, cue=cue, speaker=draw(st.sampled_from([None, "X <y>", "Zoë"]))))
    return doc


@settings(max_examples=150, deadline=None)
@given(documents())
def test_any_spans_give_well_formed_html_with_exact_highlights(doc: Document) -> None:
    page = render_page([doc])
    assert nesting_errors(page) == []
    assert check_dom([doc], page) == []
    assert len(read_dom(page).highlights) == len(collect_highlights(doc))


def test_shifted_offsets_are_caught() -> None:
    page = render_page([sample()])
    shifted = page.replace('data-start="38" data-end="40"', 'data-start="39" data-end="41"', 1)
    assert shifted != page
    problems = check_dom([sample()], shifted)
    assert problems and any("38" in p or "39" in p for p in problems)
