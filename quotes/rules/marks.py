"""Quotation marks: find the quoted stretches of a text in every common style.

Handles straight "..." and '...', curly “...” and ‘...’, guillemets «...» and »...«, German
„...“, CJK 「...」『...』, and the doubled ''...'' / ``...'' of typewriter and treebank text.
Single marks double as apostrophes (don’t, ’90s, Jones’), so a single mark only opens a quote
at a word start and only closes one at a word end. Unbalanced marks never raise: a quote left
open ends at its paragraph's end, a lone closing mark is ignored.

A quote left open at a paragraph end that the next paragraph reopens (the news convention for a
quote running over several paragraphs) becomes one :class:`QuoteMarks` with several pieces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text import paragraphs

# Opening mark -> the marks that may close it (sloppy texts close “ with “ or " too).
DOUBLE_PAIRS: dict[str, str] = {
    "“": '”“"',
    "„": "“”",
    "«": "»",
    "»": "«",
    '"': '"”',
    "「": "」",
    "『": "』",
    "‟": "”",
}
SINGLE_PAIRS: dict[str, str] = {"‘": "’", "'": "'’", "‹": "›", "›": "‹", "‚": "‘’"}
CLOSERS = frozenset("”»«\"」』’'›‹“‘")
_ANY_MARK = re.compile("[`" + re.escape("".join({*DOUBLE_PAIRS, *SINGLE_PAIRS})) + "]")
# Two-character marks of typewriter and Penn Treebank text: ''quoted'' and ``quoted''.
_DOUBLED = ("''", "``")
_CLOSER_PATTERNS = {
    opener: re.compile("[" + re.escape(closers) + "]")
    for opener, closers in {**DOUBLE_PAIRS, **SINGLE_PAIRS}.items()
}
# A ‘single-quoted’ quote longer than this is taken for stray apostrophes.
MAX_SINGLE_QUOTE_CHARS = 3000
# Characters before an opening mark / after a closing mark that show a word boundary.
_OPEN_BEFORE = " \t\n\r([{—–-/:;,\u00a0"
_CLOSE_AFTER = " \t\n\r)]}—–-/:;,.!?…\u00a0"


@dataclass(frozen=True)
class Piece:
    """One quoted stretch inside one paragraph: ``start`` is the opening mark's offset, ``end``
    is just after the closing mark (or the paragraph end when the quote is left open)."""

    start: int
    end: int
    opener: str
    closed: bool

    @property
    def last_inner(self) -> int:
        """Offset of the last character before the closing mark (the quote's final punctuation)."""
        return self.end - (len(self.opener) if self.closed else 0) - 1


@dataclass
class QuoteMarks:
    """A quotation: one piece, or several when it runs over paragraphs."""

    pieces: list[Piece] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.pieces[0].start

    @property
    def end(self) -> int:
        return self.pieces[-1].end

    @property
    def single(self) -> bool:
        return self.pieces[0].opener in SINGLE_PAIRS


def _can_open(text: str, i: int, lo: int, hi: int) -> bool:
    """A mark at ``i`` may open a quote: at a word start, followed by something to quote."""
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    if after.isspace():
        return False
    return before in _OPEN_BEFORE or before in DOUBLE_PAIRS or before in SINGLE_PAIRS


def _can_close(text: str, i: int, lo: int, hi: int) -> bool:
    """A mark at ``i`` may close a quote: at a word end."""
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    if before.isspace() and i > lo:
        return False
    return after in _CLOSE_AFTER or after in CLOSERS


def _single_opens(text: str, i: int, lo: int, hi: int) -> bool:
    """A single mark opens a quote only at a word start and not before a digit (’90s)."""
    if not _can_open(text, i, lo, hi):
        return False
    after = text[i + 1]
    if after.isdigit():
        return False
    # 'em, 'til, 'n': common elisions, never quotes.
    word = text[i + 1 : i + 5].lower()
    return not (word.startswith(("em ", "til ", "n ", "cause ", "tis ")))


def _find_close(
    text: str, opener: str, i: int, hi: int, lo: int, scan_from: int = 0
) -> int | None:
    """Offset of the mark closing the quote opened at ``i``, or None if the paragraph ends first.

    A straight " is closed by the next one, whatever surrounds it (toggling is the most robust
    reading of straight marks). A second “ that can only open is a nested or sloppy quote and is
    skipped. A single mark between letters is an apostrophe (don’t); one after "s" may be a
    possessive (Jones’), so it only closes when nothing better follows. ``scan_from`` skips
    candidates already known not to close this kind of mark.
    """
    single = opener in SINGLE_PAIRS
    if single:  # single marks are mostly apostrophes: never look far for a close
        hi = min(hi, i + MAX_SINGLE_QUOTE_CHARS)
    fallback: int | None = None
    pattern = _CLOSER_PATTERNS[opener]
    j = max(i + 1, scan_from)
    while (match := pattern.search(text, j, hi)) is not None:
        j = match.start()
        if j == i + 1:
            j += 1
            continue
        if single:
            prev, nxt = text[j - 1], (text[j + 1] if j + 1 < hi else " ")
            elision = text[j - 2 : j] in ("'n", "’n")  # rock 'n' roll
            if (
                not (prev.isalpha() and nxt.isalpha())
                and not elision
                and _can_close(text, j, lo, hi)
            ):
                if not (prev in "sS" and nxt == " "):
                    return j
                if fallback is None:
                    fallback = j
        elif not (text[j] == "“" and opener == "“" and not _can_close(text, j, lo, hi)):
            return j
        j += 1
    return fallback


def _pieces_in(text: str, lo: int, hi: int) -> list[Piece]:
    """The top-level quoted stretches of one paragraph ``text[lo:hi]``."""
    out: list[Piece] = []
    # Single opener -> offset before which no mark can close it: an earlier opener of the same
    # kind found no close there, and whether a mark closes does not depend on the opener. Keeps
    # a paragraph of unmatched apostrophes ('a 'b 'c ...) linear instead of 3000 steps each.
    no_close_before: dict[str, int] = {}
    i = lo
    while i < hi:
        match = _ANY_MARK.search(text, i, hi)
        if match is None:
            break
        i = match.start()
        c = text[i]
        opener: str | None = None
        if text.startswith(_DOUBLED, i):
            if _can_open(text, i + 1, lo, hi) and (i == lo or text[i - 1] in _OPEN_BEFORE):
                close = text.find("''", i + 2, hi)
                if close < 0:
                    out.append(Piece(i, hi, "''", closed=False))
                    break
                out.append(Piece(i, close + 2, "''", closed=True))
                i = close + 2
            else:
                i += 2
            continue
        if c in DOUBLE_PAIRS and c != "»" and (c != '"' or _can_open(text, i, lo, hi)):
            opener = c
        elif c == "»" and _can_open(text, i, lo, hi) and "«" in text[i + 1 : hi]:
            opener = c  # »German/Danish style«
        elif c in SINGLE_PAIRS and c != "›" and _single_opens(text, i, lo, hi):
            opener = c
        if opener is None:
            i += 1
            continue
        close = _find_close(text, opener, i, hi, lo, no_close_before.get(opener, 0))
        if close is None:
            if opener in SINGLE_PAIRS:
                no_close_before[opener] = min(hi, i + MAX_SINGLE_QUOTE_CHARS)
                i += 1  # an unmatched single mark is an apostrophe, not an open quote
                continue
            out.append(Piece(i, hi, opener, closed=False))
            break
        out.append(Piece(i, close + 1, opener, closed=True))
        i = close + 1
    return out


def _reopens(prev: Piece, nxt: Piece, para_start: int) -> bool:
    """Whether ``nxt`` (the first piece of the next paragraph) continues ``prev``."""
    same_family = (prev.opener in SINGLE_PAIRS) == (nxt.opener in SINGLE_PAIRS)
    return not prev.closed and nxt.start == para_start and same_family


def find_quotes(text: str, paras: list[tuple[int, int]] | None = None) -> list[QuoteMarks]:
    """All top-level quotations in ``text``, in order, merged across paragraphs when continued."""
    out: list[QuoteMarks] = []
    open_quote: QuoteMarks | None = None
    for p_start, p_end in paras if paras is not None else paragraphs(text):
        pieces = _pieces_in(text, p_start, p_end)
        for k, piece in enumerate(pieces):
            if (
                k == 0
                and open_quote is not None
                and _reopens(open_quote.pieces[-1], piece, p_start)
            ):
                open_quote.pieces.append(piece)
                current = open_quote
            else:
                current = QuoteMarks([piece])
                out.append(current)
            open_quote = current if not piece.closed else None
        if not pieces:
            open_quote = None
    return out
