"""Render the HTML view in headless Chromium and check that every highlight sits on its offsets.

Why a real browser: the HTML parser of a browser repairs bad nesting silently and normalises
line breaks, so markup that looks right as a string can still show a highlight on the wrong
words. This script writes a page, lets Chromium parse it (``--dump-dom``, the DOM after parsing),
and checks from that DOM that, for every highlight id, the text of its fragments joined is
exactly ``doc.text[start:end]``, and that each article's text block reads exactly ``doc.text``.
``--screenshot`` also saves a PNG to look at.

    python -m eval.render_html_check --output /tmp/html-check        # page.html, page.png
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from quotes.document import Document, Quote, Stance
from quotes.html import render_page

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)

ARTICLE = (
    "WASHINGTON — Defense Secretary Lloyd Austin said on Monday that the alliance would "
    "“stand firm” against any attack.\n\n"
    "“We are ready,” Austin told reporters at the Pentagon. “Nobody should doubt it.”\n\n"
    "Critics were not convinced. According to Senator Maria Lopez, the plan costs too much & "
    "delivers <too> little.\n\n"
    "“The budget,” she said, “is a wish list, not a strategy.”\n\n"
    "The ministry said in a statement: the talks will resume next week.\n"
)


def find_chromium() -> str | None:
    """The path of a Chromium (or Chrome) binary on PATH, or None."""
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def _run_chromium(binary: str, args: Sequence[str], timeout: float) -> subprocess.CompletedProcess[str]:
    """Run Chromium with a throw-away profile; output decoded without newline translation
    (``text=True`` would turn the CR of a CRLF into LF and hide a real offset problem)."""
    with tempfile.TemporaryDirectory(prefix="quotes-chromium-") as profile:
        command = [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args]
        done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        return subprocess.CompletedProcess(
            done.args, done.returncode, done.stdout.decode("utf-8", "replace"),
            done.stderr.decode("utf-8", "replace"),
        )


def dump_dom(html_path: Path, binary: str | None = None, timeout: float = 90) -> str:
    """The DOM Chromium builds from ``html_path``, serialised (``--dump-dom``)."""
    binary = binary or find_chromium()
    if binary is None:
        raise FileNotFoundError("no chromium binary on PATH (apt-get install chromium)")
    done = _run_chromium(binary, ["--dump-dom", html_path.resolve().as_uri()], timeout)
    if done.returncode != 0 or "<html" not in done.stdout:
        raise RuntimeError(f"chromium --dump-dom failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stdout


def screenshot(
    html_path: Path, png_path: Path, binary: str | None = None, size: tuple[int, int] = (1100, 1400),
    timeout: float = 90,
) -> Path:
    """A PNG of the page's first ``size`` pixels (to look at, e.g. with an image viewer)."""
    binary = binary or find_chromium()
    if binary is None:
        raise FileNotFoundError("no chromium binary on PATH (apt-get install chromium)")
    png_path = png_path.resolve()
    args = [
        f"--screenshot={png_path}",
        f"--window-size={size[0]},{size[1]}",
        "--hide-scrollbars",
        html_path.resolve().as_uri(),
    ]
    done = _run_chromium(binary, args, timeout)
    if done.returncode != 0 or not png_path.is_file():
        raise RuntimeError(f"chromium --screenshot failed ({done.returncode}): {done.stderr[-2000:]}")
    return png_path


@dataclass
class HighlightText:
    """What the DOM holds for one highlight id: its declared offsets and its fragments' text."""

    role: str
    start: int
    end: int
    doc_index: int
    fragments: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.fragments)


class _DomReader(HTMLParser):
    """Collects, from a serialised DOM, the text of each article's text block and of each
    highlight (fragments in order; nested highlights' text counts for every enclosing one)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.blocks: dict[int, list[str]] = {}
        self.highlights: dict[str, HighlightText] = {}
        self._open_fragments: list[tuple[str, list[str]]] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.stack.append((tag, attributes))
        element_id = attributes.get("id") or ""
        if tag == "div" and "text" in (attributes.get("class") or "").split():
            self.blocks[int(element_id.split("-")[0][1:])] = []
        ident = attributes.get("data-hl")
        if ident:
            if tag != "span":
                self.errors.append(f"highlight {ident} is a <{tag}>, not a <span>")
            doc_index = int(ident.split("-")[0][1:])
            light = self.highlights.setdefault(
                ident,
                HighlightText(
                    attributes.get("data-role") or "",
                    int(attributes.get("data-start") or -1),
                    int(attributes.get("data-end") or -1),
                    doc_index,
                ),
            )
            light.fragments.append("")
            self._open_fragments.append((ident, light.fragments))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            open_tag, attributes = self.stack.pop()
            if attributes.get("data-hl"):
                self._open_fragments.pop()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        for tag, attributes in self.stack:
            if tag == "div" and "text" in (attributes.get("class") or "").split():
                self.blocks[int((attributes.get("id") or "d0").split("-")[0][1:])].append(data)
                break
        for _, fragments in self._open_fragments:
            fragments[-1] += data


def read_dom(dom: str) -> _DomReader:
    reader = _DomReader()
    reader.feed(dom)
    reader.close()
    return reader


def check_dom(docs: Sequence[Document], dom: str) -> list[str]:
    """Problems found (empty when every highlight is where its offsets say)."""
    from quotes.html import collect_highlights

    reader = read_dom(dom)
    problems = list(reader.errors)
    for index, doc in enumerate(docs):
        block = "".join(reader.blocks.get(index, []))
        if block != doc.text:
            problems.append(f"article {index} ({doc.id}): the text block differs from doc.text")
        expected = collect_highlights(doc, f"d{index}")
        spans = {(s.start, s.end) for q in doc.quotes for s in q.spans() if s.end > s.start}
        got = {(h.start, h.end) for h in expected}
        if spans != got:
            problems.append(f"article {index}: highlights {sorted(got)} but spans {sorted(spans)}")
        for light in expected:
            found = reader.highlights.get(light.ident)
            if found is None:
                problems.append(f"article {index}: highlight {light.ident} is not in the DOM")
                continue
            want = doc.text[light.start : light.end]
            if (found.start, found.end, found.role) != (light.start, light.end, light.role):
                problems.append(f"{light.ident}: DOM says {found.role} {found.start}-{found.end}")
            if found.text != want:
                problems.append(f"{light.ident}: DOM text {found.text!r} != doc.text[{light.start}:{light.end}] {want!r}")
    n_expected = sum(len(collect_highlights(d, f"d{i}")) for i, d in enumerate(docs))
    if len(reader.highlights) != n_expected:
        problems.append(f"{len(reader.highlights)} highlight ids in the DOM, {n_expected} expected")
    return problems


def sample_documents() -> list[Document]:
    """The test article through the rules pipeline (with made-up stances on the first quotes),
    plus a hand-made document whose spans nest and cross, with CRLF line ends and markup."""
    from quotes.pipeline import Pipeline

    article = Pipeline.load("rules")(Document("article-1", ARTICLE, meta={"title": "A test article"}))
    for quote, stance in zip(article.quotes, (("NATO", "favor"), ("Russia", "against"))):
        quote.stance = [Stance(stance[0], stance[1], 0.8), Stance("Congress", "none", 0.6)]  # type: ignore[arg-type]

    text = 'A <b>"quote" & more</b>\r\nshe said, "the rest is here"\r\nand ends.'
    tricky = Document("tricky<&>\"", text)
    i = text.index
    tricky.quotes = [
        # content that crosses a second quote's content, cue nested in content, shared source
        Quote(content=[tricky.span(2, i("\r\n"))], cue=tricky.span(i("she") + 4, i("said") + 4),
              source=tricky.span(i("she"), i("she") + 3), speaker="Ann <Bell>", kind="mixed", score=0.5),
        Quote(content=[tricky.span(i('"quote"'), i("she") + 3), tricky.span(i('"the'), i("and"))],
              cue=tricky.span(i("quote"), i("quote") + 5), source=tricky.span(i("she"), i("she") + 3),
              kind="direct", stance=[Stance("B & <C>", "against", None)]),
        Quote(content=[tricky.span(i("ends"), len(text))], speaker=None),
    ]
    return [article, tricky]


def run_check(output: Path, with_screenshot: bool = True, docs: Sequence[Document] | None = None) -> list[str]:
    """Write page.html (and page.png) under ``output``; return the problems found."""
    output.mkdir(parents=True, exist_ok=True)
    docs = list(docs) if docs is not None else sample_documents()
    page = output / "page.html"
    page.write_text(render_page(docs, title="quotes: browser check"), encoding="utf-8")
    problems = check_dom(docs, dump_dom(page))
    if with_screenshot:
        screenshot(page, output / "page.png")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=Path("html-check"))
    parser.add_argument("--no-screenshot", action="store_true")
    args = parser.parse_args(argv)
    if find_chromium() is None:
        print("no chromium on PATH: apt-get install chromium", file=sys.stderr)
        return 2
    problems = run_check(args.output, with_screenshot=not args.no_screenshot)
    for problem in problems:
        print(problem)
    print(f"{'FAILED' if problems else 'ok'}: page at {args.output / 'page.html'}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
