"""Text utilities every stage shares: paragraphs, sentences and word tokens, all as char offsets.

Everything here returns ``(start, end)`` offsets into the original string (end exclusive) and never
copies or normalises the text, so a span built from these offsets always satisfies
``span.text == text[start:end]``. Pure regular expressions: a 1 MB article takes milliseconds.
"""

from __future__ import annotations

import re

# Abbreviations whose final period does not end a sentence (compared lower-cased, without the dot).
ABBREVIATIONS = frozenset(
    """
    mr mrs ms mx dr prof sr jr st mt ft gen lt col sgt capt cmdr adm maj cpl pvt gov sen rep rev
    hon pres supt insp det amb messrs mme mlle
    jan feb apr jun jul aug sep sept oct nov dec
    inc corp co ltd llc bros dept univ assn approx vs al
    ave blvd
    ariz calif colo conn fla mich minn mont neb nev okla tenn tex wis wyo
    """.split()
)
# Abbreviations that are also words ("the answer was no."): only before a number ("No. 1").
NUMBER_ABBREVIATIONS = frozenset("no nos vol fig pp op art sec ch".split())

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_LINE_BREAK = re.compile(r"\n\s*")
# A sentence may end at . ! ? or … followed by closing quotes/brackets, then whitespace.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")
_WORD_BEFORE = re.compile(r"([\w.]*\w)\.$")
_TOKEN = re.compile(
    r"(?:[^\W\d_]\.){2,}"  # U.S., a.m.
    r"|(?:Mr|Mrs|Ms|Dr|Prof|Sen|Gov|Rep|Gen|Lt|Col|Sgt|Capt|Adm|Rev|Jr|Sr|St|Sept)\."  # titles
    r"|[A-Z]\.(?=\s+[A-Z])"  # an initial: John F. Kennedy
    r"|\w+(?:[’'\-&]\w+)*"
    r"|\S"
)
_OPENING = "\"'“‘«„(["


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _pieces(text: str, breaks: re.Pattern[str], start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = start
    for match in breaks.finditer(text, start, end):
        s, e = _trim(text, pos, match.start())
        if e > s:
            out.append((s, e))
        pos = match.end()
    s, e = _trim(text, pos, end)
    if e > s:
        out.append((s, e))
    return out


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph offsets, whitespace trimmed.

    When the text has blank lines, they separate paragraphs and a single newline is only a
    line wrap; otherwise (one paragraph per line, as in many feeds) every newline does.
    """
    breaks = _PARAGRAPH_BREAK if _PARAGRAPH_BREAK.search(text) else _LINE_BREAK
    return _pieces(text, breaks, 0, len(text))


def _is_abbreviation(text: str, dot: int, para_start: int) -> bool:
    """Whether the period at ``dot`` closes an abbreviation rather than a sentence."""
    match = _WORD_BEFORE.search(text, max(para_start, dot - 20), dot + 1)
    if not match:
        return False
    word = match.group(1)
    lower = word.lower()
    if lower in ABBREVIATIONS:
        return True
    if lower in NUMBER_ABBREVIATIONS:
        return text[dot + 1 : dot + 3].strip()[:1].isdigit()
    if "." in word:  # U.S. / U.N. / a.m. / p.m. / Ph.D.: decided by what follows
        return True
    return len(word) == 1 and word.isupper()  # an initial: "John F. Kennedy"


def _starts_sentence(text: str, pos: int, end: int) -> bool:
    """Whether the text after a candidate boundary looks like the start of a new sentence."""
    while pos < end and text[pos].isspace():
        pos += 1
    while pos < end and text[pos] in _OPENING:
        pos += 1
    return pos < end and (text[pos].isupper() or text[pos].isdigit())


_NEXT_WORD = re.compile(r"\s*[\"“‘«]?(\w+)")
_AFTER_DOTTED = frozenset(
    "The A An He She It They We I But And In On At This That These Those His Her Its Their Our "
    "There Now Still Yet So Asked Meanwhile However Earlier Later After Before When While".split()
)


def _sentences_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = start
    for match in _SENTENCE_END.finditer(text, start, end):
        stop = match.end()
        if not _starts_sentence(text, stop, end):
            continue
        punct = match.group(0)
        if (
            punct.startswith(".")
            and punct.rstrip("\"'”’»)]") == "."
            and _is_abbreviation(text, match.start(), start)
        ):
            # "Mr. Smith" never ends; "the U.S. The next day" does when a common opener follows.
            word = _WORD_BEFORE.search(text, max(start, match.start() - 20), match.start() + 1)
            dotted = word is not None and "." in word.group(1) and punct == "."
            nxt = _NEXT_WORD.match(text, stop, end)
            if not (dotted and nxt and nxt.group(1) in _AFTER_DOTTED):
                continue
        s, e = _trim(text, pos, stop)
        if e > s:
            out.append((s, e))
        pos = stop
    s, e = _trim(text, pos, end)
    if e > s:
        out.append((s, e))
    return out


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence offsets in ``text[start:end]``; a sentence never crosses a paragraph break.

    Splits after . ! ? … (and any closing quotes or brackets: ``.”``) when the next word starts
    with a capital or digit, except after abbreviations ("Mr.", "Sept.", initials, "U.S." unless
    a common sentence opener follows).
    """
    stop = len(text) if end is None else end
    region = text if (start, stop) == (0, len(text)) else text[start:stop]
    out: list[tuple[int, int]] = []
    for p_start, p_end in paragraphs(region):
        out.extend(_sentences_in(text, p_start + start, p_end + start))
    return out


def lowercase_vocabulary(text: str) -> set[str]:
    """Words the article writes in lower case somewhere: a capitalised one of them at a sentence
    start is capitalised for that reason alone, not a name."""
    return set(re.findall(r"\b[a-z][a-z’'\-]*\b", text))


def tokens(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Word tokens of ``text[start:end]`` as offsets into ``text``: words with inner apostrophes
    and hyphens ("don't", "Moo-jin"), dotted abbreviations, titles and initials ("U.S.", "Mr.",
    "F."), and single punctuation marks."""
    stop = len(text) if end is None else end
    return [m.span() for m in _TOKEN.finditer(text, start, stop)]


def span_index(offsets: list[tuple[int, int]], position: int) -> int | None:
    """Index of the (start, end) piece that contains ``position``, or None (binary search)."""
    lo, hi = 0, len(offsets)
    while lo < hi:
        mid = (lo + hi) // 2
        s, e = offsets[mid]
        if position < s:
            hi = mid
        elif position >= e:
            lo = mid + 1
        else:
            return mid
    return None
