"""The HTML view in headless Chromium: every highlight's text is doc.text[start:end].

Skipped when no Chromium is installed (``apt-get install chromium``). Uses the rules pipeline on
a hand-written article plus a document whose spans nest and cross (see eval/render_html_check.py).
Each Chromium start takes 1-3 s, so the screenshot test is marked slow.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.render_html_check import (
    check_dom,
    dump_dom,
    find_chromium,
    run_check,
    sample_documents,
)
from quotes.html import render_page

pytestmark = pytest.mark.skipif(find_chromium() is None, reason="chromium is not installed")


def test_highlights_are_where_the_offsets_say(tmp_path: Path) -> None:
    docs = sample_documents()
    assert len(docs[0].quotes) >= 3, "the rules pipeline should find the test article's quotes"
    assert any("\r" in d.text for d in docs) and any(len(q.content) > 1 for d in docs for q in d.quotes)
    assert run_check(tmp_path, with_screenshot=False, docs=docs) == []


def test_the_check_catches_what_only_a_browser_does(tmp_path: Path) -> None:
    """Raw CRs are turned into LF by the browser's parser: the check must see the shift."""
    docs = sample_documents()
    page = render_page(docs)
    raw_cr = page.replace("&#13;", "\r")
    assert raw_cr != page
    path = tmp_path / "raw_cr.html"
    path.write_bytes(raw_cr.encode("utf-8"))
    assert check_dom(docs, dump_dom(path)) != []


@pytest.mark.slow
def test_screenshot(tmp_path: Path) -> None:
    assert run_check(tmp_path, with_screenshot=True) == []
    png = (tmp_path / "page.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
