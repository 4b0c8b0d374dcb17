"""A self-contained HTML view of articles: content, cue and source highlighted in the text.

Why: reading quotes in place is the fastest way to judge a model. The page has no script and
loads nothing (inline CSS, a Content-Security-Policy that forbids any fetch), so it can be mailed
or opened offline. Output is deterministic: the same documents give byte-identical HTML.

How the text is marked up. Every highlighted span is one ``(role, start, end)`` (a source shared
by several quotes is one highlight listing all their indices in ``data-quote``). The text is cut
at every span boundary and the highlights are opened and closed as a stack, so nested spans
become nested ``<span>`` elements. When two highlights cross (neither holds the other), the
inner one is closed at the boundary and reopened after it: it then has several fragments, all
with the same ``data-hl`` id and ``data-start``/``data-end``, and the concatenated text of the
fragments of one id is exactly ``doc.text[start:end]`` (``tests/test_html_browser.py`` checks
that in a real browser). Labels (the speaker before a quote, its number after) are CSS
pseudo-elements, so they show on screen but are not part of the DOM text and never shift offsets.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TextIO

from .document import Document, Quote, Span
from .writers import Writer

ROLES = ("content", "cue", "source")
ROLE_ORDER = {"content": 0, "source": 1, "cue": 2}  # outermost first when two spans are equal
UNNAMED = "(no named speaker)"
PAGE_TITLE = "quotes"

CSS = """
:root { --content: #fff1a8; --content-edge: #d9b600; --cue: #c9dcff; --cue-edge: #3f6fd1;
  --source: #c6efc6; --source-edge: #2e8b3a; --ink: #1d1d1f; --muted: #5f6368; }
* { box-sizing: border-box; }
body { font: 16px/1.55 "DejaVu Sans", system-ui, -apple-system, "Segoe UI", sans-serif;
  color: var(--ink); background: #fafafa; margin: 0; padding: 1.5rem; }
main { max-width: 60rem; margin: 0 auto; }
h1 { font-size: 1.3rem; margin: 0 0 .5rem; }
h2 { font-size: 1.15rem; margin: 0 0 .3rem; word-break: break-word; }
h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
.legend { margin: 0 0 1.2rem; color: var(--muted); font-size: .9rem; }
.legend span { margin-right: .8rem; }
article { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 1.2rem 1.4rem;
  margin: 0 0 1.5rem; }
.meta { color: var(--muted); font-size: .85rem; margin: 0 0 .8rem; }
.text { white-space: pre-wrap; overflow-wrap: break-word; line-height: 2.1; }
.hl { border-radius: 3px; }
.hl.content { background: var(--content); border-bottom: 2px solid var(--content-edge); }
.hl.cue { background: var(--cue); border-bottom: 2px solid var(--cue-edge); font-weight: 600; }
.hl.source { background: var(--source); border-bottom: 2px solid var(--source-edge); }
.hl.content .hl.cue, .hl.content .hl.source { padding: 0 1px; }
.hl[data-label]::before { content: attr(data-label); font-size: .72rem; font-weight: 600;
  color: #fff; background: #6b4fa0; border-radius: 3px; padding: 1px 5px; margin-right: 3px;
  vertical-align: .12em; white-space: nowrap; }
.hl[data-mark]::after { content: attr(data-mark); font-size: .7rem; color: var(--muted);
  vertical-align: super; margin-left: 1px; }
table { border-collapse: collapse; font-size: .88rem; margin: .3rem 0 0; width: 100%; }
th, td { border-bottom: 1px solid #e3e3e3; padding: .25rem .45rem; text-align: left;
  vertical-align: top; }
th { background: #f1f1f1; }
td.num, th.num { text-align: right; white-space: nowrap; }
.badge { display: inline-block; border-radius: 3px; padding: 0 5px; margin: 0 3px 2px 0;
  font-size: .78rem; white-space: nowrap; border: 1px solid transparent; }
.badge.favor { background: #d6f5d6; border-color: #2e8b3a; color: #145a1f; }
.badge.against { background: #fbd5d5; border-color: #c0392b; color: #7b1d14; }
.badge.none { background: #eee; border-color: #aaa; color: #444; }
.empty { color: var(--muted); font-style: italic; }
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def escape_text(text: str) -> str:
    """HTML-escape ``text`` so the browser's DOM text is exactly ``text``.

    A carriage return is written as a character reference: the HTML parser would otherwise turn
    CR and CRLF into LF and shift every later offset.
    """
    return html.escape(text, quote=True).replace("\r", "&#13;")


def escape_attr(text: str) -> str:
    """An attribute value (always double-quoted); newlines kept as references."""
    return escape_text(text).replace("\n", "&#10;").replace("\t", "&#9;")


@dataclass(frozen=True)
class Highlight:
    """One marked stretch: a role, its offsets and the quotes (0-based indices) it belongs to."""

    role: str
    start: int
    end: int
    quotes: tuple[int, ...]
    ident: str

    @property
    def sort_key(self) -> tuple[int, int, int, str]:
        # Outer before inner: earlier start first, then the longer one, then by role.
        return (self.start, -self.end, ROLE_ORDER.get(self.role, 9), self.ident)


def collect_highlights(doc: Document, prefix: str = "d0") -> list[Highlight]:
    """The highlights of ``doc``'s quotes, one per distinct (role, start, end), empty spans left out."""
    owners: dict[tuple[str, int, int], list[int]] = defaultdict(list)
    for index, quote in enumerate(doc.quotes):
        for role, span in _role_spans(quote):
            if span.end > span.start:
                key = (role, span.start, span.end)
                if index not in owners[key]:
                    owners[key].append(index)
    keys = sorted(owners, key=lambda k: (k[1], -k[2], ROLE_ORDER.get(k[0], 9)))
    return [
        Highlight(role, start, end, tuple(owners[(role, start, end)]), f"{prefix}-h{n}")
        for n, (role, start, end) in enumerate(keys)
    ]


def _role_spans(quote: Quote) -> Iterable[tuple[str, Span]]:
    for span in quote.content:
        yield "content", span
    if quote.cue is not None:
        yield "cue", quote.cue
    if quote.source is not None:
        yield "source", quote.source


def _speaker_label(quote: Quote) -> str:
    if quote.speaker:
        return quote.speaker
    if quote.source is not None:
        return f"“{' '.join(quote.source.text.split())}”"
    return "unknown speaker"


def _title(doc: Document, light: Highlight) -> str:
    """The tooltip of a highlight: role and, per quote, speaker, kind, score and stances."""
    lines = [f"{light.role} {light.start}–{light.end}"]
    for index in light.quotes:
        quote = doc.quotes[index]
        parts = [f"quote {index + 1}: {quote.speaker or UNNAMED}", quote.kind]
        if quote.score is not None:
            parts.append(f"score {quote.score:.2f}")
        lines.append(", ".join(parts))
        for stance in quote.stance:
            lines.append(f"  {stance.label} toward {stance.target}")
    return "\n".join(lines)


def _label_and_mark(doc: Document, light: Highlight) -> tuple[str | None, str | None]:
    """Speaker label before a quote's first content piece, its number after the last."""
    if light.role != "content":
        return None, None
    labels, marks = [], []
    for index in light.quotes:
        quote = doc.quotes[index]
        if quote.content and (quote.content[0].start, quote.content[0].end) == (light.start, light.end):
            labels.append(_speaker_label(quote))
        if quote.content and (quote.content[-1].start, quote.content[-1].end) == (light.start, light.end):
            marks.append(str(index + 1))
    return ("; ".join(labels) or None), (f"[{','.join(marks)}]" if marks else None)


def _open_tag(doc: Document, light: Highlight, part: int, first: bool, last: bool) -> str:
    attrs = [
        ("class", f"hl {light.role}"),
        ("data-hl", light.ident),
        ("data-role", light.role),
        ("data-start", str(light.start)),
        ("data-end", str(light.end)),
        ("data-quote", " ".join(str(i) for i in light.quotes)),
        ("data-part", str(part)),
        ("title", _title(doc, light)),
    ]
    label, mark = _label_and_mark(doc, light)
    if label and first:
        attrs.append(("data-label", label))
    if mark and last:
        attrs.append(("data-mark", mark))
    return "<span " + " ".join(f'{k}="{escape_attr(v)}"' for k, v in attrs) + ">"


def render_text(doc: Document, prefix: str = "d0") -> str:
    """The article text with every highlight as (possibly fragmented) nested ``<span>``s."""
    text = doc.text
    lights = collect_highlights(doc, prefix)
    if not lights:
        return escape_text(text)
    bounds = sorted({0, len(text), *(h.start for h in lights), *(h.end for h in lights)})
    starting: dict[int, list[Highlight]] = defaultdict(list)
    for light in sorted(lights, key=lambda h: h.sort_key):
        starting[light.start].append(light)
    n_parts: dict[str, int] = defaultdict(int)
    stack: list[Highlight] = []
    # Pieces are markup strings or (highlight, fragment number) for an opening tag, which is
    # rendered once the number of fragments per highlight is known (the last one gets the mark).
    pieces: list[str | tuple[Highlight, int]] = []

    def open_(light: Highlight) -> None:
        pieces.append((light, n_parts[light.ident]))
        n_parts[light.ident] += 1
        stack.append(light)

    for i, position in enumerate(bounds):
        # Close what ends here, and reopen what was above it but goes on (crossing spans).
        if any(h.end == position for h in stack):
            reopen: list[Highlight] = []
            while any(h.end == position for h in stack):
                top = stack.pop()
                pieces.append("</span>")
                if top.end != position:
                    reopen.append(top)
            for light in reversed(reopen):
                open_(light)
        for light in starting.get(position, []):
            open_(light)
        if i + 1 < len(bounds):
            pieces.append(escape_text(text[position : bounds[i + 1]]))
    pieces.extend("</span>" for _ in stack)  # nothing is left: spans end at len(text) at most
    return "".join(
        piece
        if isinstance(piece, str)
        else _open_tag(doc, piece[0], piece[1], piece[1] == 0, piece[1] == n_parts[piece[0].ident] - 1)
        for piece in pieces
    )


def _stance_badges(quote: Quote) -> str:
    if not quote.stance:
        return '<span class="empty">—</span>'
    badges = []
    for stance in quote.stance:
        score = "" if stance.score is None else f" {stance.score:.2f}"
        badges.append(
            f'<span class="badge {escape_attr(stance.label)}" title="{escape_attr(stance.label + score)}">'
            f"{escape_text(stance.target)}: {escape_text(stance.label)}</span>"
        )
    return "".join(badges)


def speaker_summary(doc: Document) -> list[tuple[str, int, int]]:
    """(speaker, number of quotes, characters of content) per canonical speaker, most first."""
    counts: dict[str, list[int]] = {}
    for quote in doc.quotes:
        row = counts.setdefault(quote.speaker or UNNAMED, [0, 0])
        row[0] += 1
        row[1] += sum(len(s.text) for s in quote.content)
    return sorted(
        ((name, n, chars) for name, (n, chars) in counts.items()),
        key=lambda r: (-r[1], -r[2], r[0] == UNNAMED, r[0]),
    )


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_quote_table(doc: Document) -> str:
    rows = [
        '<table class="quotes"><thead><tr><th class="num">#</th><th>speaker</th>'
        + '<th>source</th><th>cue</th><th>kind</th><th class="num">score</th>'
        + "<th>content</th><th>stance</th></tr></thead><tbody>"
    ]
    for index, quote in enumerate(doc.quotes):
        score = "" if quote.score is None else f"{quote.score:.2f}"
        rows.append(
            f'<tr data-quote="{index}"><td class="num">{index + 1}</td>'
            f"<td>{escape_text(quote.speaker or UNNAMED)}</td>"
            f"<td>{escape_text(quote.source.text if quote.source else '')}</td>"
            f"<td>{escape_text(quote.cue.text if quote.cue else '')}</td>"
            f"<td>{escape_text(quote.kind)}</td><td class=\"num\">{score}</td>"
            f"<td>{escape_text(_short(quote.content_text))}</td>"
            f"<td>{_stance_badges(quote)}</td></tr>"
        )
    rows.append("</tbody></table>")
    return "".join(rows)


def render_speaker_table(doc: Document) -> str:
    rows = [
        '<table class="speakers"><thead><tr><th>speaker</th><th class="num">quotes</th>'
        + '<th class="num">content characters</th></tr></thead><tbody>'
    ]
    for name, n, chars in speaker_summary(doc):
        rows.append(
            f'<tr><td>{escape_text(name)}</td><td class="num">{n}</td>'
            f'<td class="num">{chars}</td></tr>'
        )
    rows.append("</tbody></table>")
    return "".join(rows)


def render_document(doc: Document, index: int = 0) -> str:
    """One ``<article>``: title, highlighted text, speaker summary and the list of quotes."""
    prefix = f"d{index}"
    title = doc.meta.get("title") if isinstance(doc.meta.get("title"), str) else None
    heading = escape_text(doc.id or f"document {index + 1}")
    meta = f"{len(doc.quotes)} quote{'s' if len(doc.quotes) != 1 else ''}, {len(doc.text)} characters"
    parts = [
        f'<article id="{prefix}" data-doc-id="{escape_attr(doc.id)}">',
        f"<h2>{heading}</h2>",
        f'<p class="meta">{escape_text(title) + " · " if title else ""}{meta}</p>',
        f'<div class="text" id="{prefix}-text">{render_text(doc, prefix)}</div>',
    ]
    if doc.quotes:
        parts += [
            "<h3>Speakers</h3>",
            render_speaker_table(doc),
            "<h3>Quotes</h3>",
            render_quote_table(doc),
        ]
    else:
        parts.append('<p class="empty">No quotes found.</p>')
    parts.append("</article>")
    return "\n".join(parts) + "\n"


def page_header(title: str = PAGE_TITLE) -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape_text(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{escape_text(title)}</h1>\n"
        '<p class="legend"><span class="hl content">content</span>'
        '<span class="hl cue">cue</span><span class="hl source">source</span>'
        "speaker names are shown before each quote, quote numbers after it; hover for details</p>\n"
    )


def page_footer(count: int) -> str:
    empty = '<p class="empty">No documents.</p>\n' if count == 0 else ""
    return f"{empty}</main>\n</body>\n</html>\n"


def render_page(docs: Sequence[Document], title: str = PAGE_TITLE) -> str:
    """The whole page for ``docs`` (what ``HtmlWriter`` streams)."""
    return (
        page_header(title)
        + "".join(render_document(doc, i) for i, doc in enumerate(docs))
        + page_footer(len(docs))
    )


class HtmlWriter(Writer):
    """Streams one ``<article>`` per document; ``close`` ends the page."""

    format = "html"

    def __init__(self, stream: TextIO, title: str = PAGE_TITLE) -> None:
        super().__init__(stream)
        self.title = title
        self._started = False
        self._closed = False

    def _start(self) -> None:
        if not self._started:
            self.stream.write(page_header(self.title))
            self._started = True

    def write(self, doc: Document) -> None:
        self._start()
        self.stream.write(render_document(doc, self.count))
        self.stream.flush()
        self.count += 1

    def close(self) -> None:
        if not self._closed:
            self._start()
            self.stream.write(page_footer(self.count))
            self._closed = True
        super().close()


__all__ = [
    "Highlight",
    "HtmlWriter",
    "collect_highlights",
    "escape_text",
    "render_document",
    "render_page",
    "render_text",
    "speaker_summary",
]
