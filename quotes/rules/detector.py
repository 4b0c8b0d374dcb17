"""RuleSpanDetector: quotes from quotation marks and a cue lexicon, no trained weights.

Two passes over each document:

1. Direct quotes (:mod:`.marks`): every quoted stretch that has an attribution next to it
   (“...,” Blinken said / said Blinken / Blinken told reporters: “...”), or that opens its
   paragraph and is long enough to be a quote on its own. “A,” he said, “B.” is one quote with
   two content pieces, and so is a quote continued over paragraphs.
2. Reported speech (:mod:`.cues`), sentence by sentence, outside quotation marks: "X said (that)
   ...", "X told Y ...", "..., X said.", "..., said X.", "A, X said, B", "according to X, ...",
   "..., according to X", colon lead-ins, and cues that share the subject of an earlier one
   ("... and added that ...", "..., adding that ..."). Quoted fragments inside make it "mixed".

Each rule has a fixed confidence (:data:`SCORES`): the score says which rule fired, not a
calibrated probability.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..document import Document, Kind, Quote, Span, infer_kind
from ..pipeline import Stage
from ..text import paragraphs, sentences, span_index, tokens
from . import cues as lex
from .marks import Piece, QuoteMarks, find_quotes

Offsets = tuple[int, int]

SCORES: dict[str, float] = {
    "direct_after": 0.9,  # “...,” Blinken said.
    "direct_before": 0.85,  # Blinken said: “...”
    "reported_that": 0.75,  # Blinken said that ...
    "according_to": 0.7,  # According to X, ... / ..., according to X.
    "reported_final": 0.7,  # ..., Blinken said.
    "colon": 0.7,  # The ministry said in a statement: ...
    "reported": 0.6,  # Blinken said the talks ...
    "parenthetical": 0.6,  # The talks, Blinken said, are ...
    "shared_subject": 0.55,  # ... and added that ... / ..., adding that ...
    "direct_bare": 0.5,  # a quoted paragraph with no attribution
}
# A quoted stretch with no attribution counts as a quote only from this many words up.
MIN_BARE_QUOTE_WORDS = 5
# An unattributed quote continues the previous one across at most this many words of its
# attribution's tail.
MAX_CONTINUATION_GAP_WORDS = 6
_SENTENCE_END = re.compile(r"\s*(?:[.!?…]+[\"'”’»]*)?\s*")
_SEPARATOR = re.compile(r"[ \t]*(,|—|–|--?)?[ \t]*")
_TRAILING = ".,;:—–- \t\n"


@dataclass
class Found:
    """A quote as offsets, before it becomes a :class:`Quote`."""

    content: list[Offsets]
    cue: Offsets | None
    source: Offsets | None
    rule: str


@dataclass
class Detection:
    """What the detector predicts for one document."""

    quotes: list[Quote] = field(default_factory=list)
    cues: list[Span] = field(default_factory=list)
    sources: list[Span] = field(default_factory=list)


class RuleSpanDetector(Stage):
    """Finds quotes (content, cue, source, kind, score) with quotation marks and a cue lexicon."""

    name = "spans"

    def predict(self, docs: Sequence[Document]) -> list[Detection]:
        return [detect(doc.text) for doc in docs]

    def set_annotations(self, docs: Sequence[Document], predictions: Sequence[Detection]) -> None:
        for doc, detection in zip(docs, predictions, strict=True):
            doc.quotes = list(detection.quotes)
            doc.spans["cue"] = list(detection.cues)
            doc.spans["source"] = list(detection.sources)


# --------------------------------------------------------------------------- shared helpers


class _Layout:
    """Paragraphs, sentences and quoted regions of one text, with fast lookups."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.paras = paragraphs(text)
        self.sents = [s for p in self.paras for s in _sentences_of(text, p)]
        self.marks = find_quotes(text, self.paras)
        self.regions = sorted((p.start, p.end) for q in self.marks for p in q.pieces)
        self._region_starts = [r[0] for r in self.regions]

    def para(self, pos: int) -> Offsets:
        k = span_index(self.paras, pos)
        return self.paras[k] if k is not None else (pos, pos)

    def sentence(self, pos: int) -> Offsets:
        k = span_index(self.sents, pos)
        return self.sents[k] if k is not None else self.para(pos)

    def quoted(self, pos: int) -> bool:
        """Whether ``pos`` lies inside quotation marks."""
        k = bisect_right(self._region_starts, pos) - 1
        return k >= 0 and self.regions[k][0] <= pos < self.regions[k][1]

    def regions_in(self, start: int, end: int) -> list[Offsets]:
        k = max(0, bisect_right(self._region_starts, start) - 1)
        out = []
        while k < len(self.regions) and self.regions[k][0] < end:
            if self.regions[k][1] > start:
                out.append(self.regions[k])
            k += 1
        return out


def _sentences_of(text: str, para: Offsets) -> list[Offsets]:
    return sentences(text, para[0], para[1])


def _trim(text: str, start: int, end: int, chars: str = _TRAILING) -> Offsets:
    """Strip whitespace and trailing punctuation that no content keeps (a closing mark stays)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def _word_count(text: str, start: int, end: int) -> int:
    return sum(1 for s, e in tokens(text, start, end) if text[s].isalnum())


def _cue_at(text: str, pos: int, hi: int) -> Offsets | None:
    """A cue starting at ``pos`` (after spaces and auxiliaries such as "has", "also")."""
    toks = tokens(text, pos, min(hi, pos + 80))
    start: int | None = None
    for s, e in toks[:4]:
        word = text[s:e].lower()
        if word in lex.CUE_WORDS:
            return (s if start is None else start), e
        if word not in lex.AUXILIARIES:
            return None
        if start is None and word in ("has", "have", "had", "will", "would"):
            start = s
    return None


def _after_cue(text: str, cue: Offsets, hi: int) -> int:
    """Where the content can start after a cue: past its object ("told reporters") and
    adverbials ("on Tuesday", "in a statement")."""
    pos = cue[1]
    if lex.cue_head(text, cue) in lex.OBJECT_CUES:
        pos = lex.skip_object(text, pos, hi)
    return lex.skip_adverbials(text, pos, hi)


# --------------------------------------------------------------------------- direct quotes


def _attribution_after(text: str, piece: Piece, hi: int) -> tuple[Offsets, Offsets, int] | None:
    """(cue, source, end of the attribution) for “...,” X said / “...,” said X, or None."""
    if not piece.closed:
        return None
    match = _SEPARATOR.match(text, piece.end, hi)
    pos = match.end() if match else piece.end
    separated = bool(match and match.group(1)) or text[piece.last_inner] in ",?!—–-…"
    cue = _cue_at(text, pos, hi)
    if cue is not None:  # “...,” said Blinken
        source = lex.np_after(text, lex.skip_adverbials(text, cue[1], hi), hi)
        if source is None:
            return None
        end = lex.skip_adverbials(text, source[1], hi)
    else:  # “...,” Blinken told reporters / “...,” Yang, president of ..., said
        source = lex.np_after(text, pos, hi)
        if source is None:
            return None
        comma = re.compile(r"\s*,?").match(text, source[1], hi)
        cue = _cue_at(text, comma.end() if comma else source[1], hi)
        if cue is None:
            return None
        end = _after_cue(text, cue, hi)
    if not separated and not _at_sentence_end(text, end, hi):
        return None
    return cue, source, end


def _at_sentence_end(text: str, pos: int, hi: int) -> bool:
    return bool(re.match(r"[ \t]*(?:[.!?…]|$)", text[pos:hi]))


def _ends_sentence(text: str, piece: Piece, hi: int) -> bool:
    """Whether a quote piece ends its sentence: only final punctuation follows, or the quote
    ends with . ! ? and a new sentence starts."""
    rest = text[piece.end : hi]
    if not rest.strip() or re.match(r"[ \t]*[.!?…]", rest):
        return True
    return piece.closed and text[piece.last_inner] in ".!?…" and rest[:1].isspace()


def _attribution_before(
    text: str, layout: _Layout, quote: QuoteMarks
) -> tuple[Offsets, Offsets | None] | None:
    """(cue, source) for Blinken said: “...” / Blinken told reporters, “...”, or None."""
    first = quote.pieces[0]
    s_lo = (
        layout.sentence(first.start)[0]
        if not layout.quoted(max(0, first.start - 1))
        else first.start
    )
    if s_lo >= first.start:
        # The quote opens its sentence: the lead-in may end the previous sentence with a colon.
        prev = text[: first.start].rstrip()
        if not prev.endswith(":"):
            return None
        s_lo = layout.sentence(len(prev) - 1)[0]
    last = quote.pieces[-1]
    if not _ends_sentence(text, last, layout.para(last.start)[1]):
        return None
    found = [c for c in lex.cue_matches(text, s_lo, first.start) if not layout.quoted(c[0])]
    if not found:
        return None
    cue = found[-1]
    rest = _after_cue(text, cue, first.start)
    source: Offsets | None = None
    if not re.fullmatch(r"\s*[:,]?\s*", text[rest : first.start]):
        source = lex.np_after(text, lex.skip_adverbials(text, cue[1], first.start), first.start)
        if source is None:
            return None
        rest = lex.skip_adverbials(text, source[1], first.start)
        if not re.fullmatch(r"\s*[:,]\s*", text[rest : first.start]):
            return None
        return cue, source
    source = lex.np_before(text, s_lo, cue[0])
    if source is None and lex.cue_head(text, cue) not in lex.GERUND_CUES:
        return None
    return cue, source


def _standalone(text: str, layout: _Layout, quote: QuoteMarks) -> bool:
    """A quote with no attribution still counts when it opens its paragraph or sentence and is
    long enough not to be a title or a scare quote."""
    first = quote.pieces[0]
    para_start = layout.para(first.start)[0]
    sent_start = layout.sentence(first.start)[0]
    if first.start not in (para_start, sent_start):
        return False
    words = sum(_word_count(text, p.start, p.end) for p in quote.pieces)
    return words >= MIN_BARE_QUOTE_WORDS and _ends_sentence(
        text, quote.pieces[-1], layout.para(quote.pieces[-1].start)[1]
    )


def _direct_quotes(text: str, layout: _Layout) -> list[Found]:
    found: list[Found] = []
    merged: set[int] = set()
    marks = layout.marks
    for k, quote in enumerate(marks):
        if k in merged:
            continue
        content = [(p.start, p.end) for p in quote.pieces]
        last = quote.pieces[-1]
        para_end = layout.para(last.start)[1]
        after = _attribution_after(text, last, para_end)
        if after is not None:
            cue, source, end = after
            # “A,” he said, “B.”: the next quote continues this one, unless it has its own
            # attribution (“A,” he said, “B,” she replied).
            nxt = marks[k + 1] if k + 1 < len(marks) else None
            if (
                nxt is not None
                and re.fullmatch(r"\s*[,:;—–-]?\s*", text[end : nxt.start])
                and _attribution_after(text, nxt.pieces[-1], layout.para(nxt.end - 1)[1]) is None
            ):
                content += [(p.start, p.end) for p in nxt.pieces]
                merged.add(k + 1)
            found.append(Found(content, cue, source, "direct_after"))
            continue
        before = _attribution_before(text, layout, quote)
        if before is not None:
            found.append(Found(content, before[0], before[1], "direct_before"))
            continue
        if found and found[-1].cue and _continues(text, layout, found[-1], quote):
            found[-1].content.extend(content)  # “It is over,” Smith said. “We lost.”
            continue
        if _standalone(text, layout, quote):
            found.append(Found(content, None, None, "direct_bare"))
    return found


def _continues(text: str, layout: _Layout, previous: Found, quote: QuoteMarks) -> bool:
    """Whether an unattributed quote goes on with the previous quote: same paragraph, and only
    the tail of the previous attribution between them (“I would,” she said to the TV. “I ...”)."""
    assert previous.cue is not None
    end = max(
        previous.cue[1], previous.source[1] if previous.source else 0, previous.content[-1][1]
    )
    if end > quote.start or layout.para(end - 1) != layout.para(quote.start):
        return False
    between = text[end : quote.start]
    words = [w.lower() for w in re.findall(r"[\w’'-]+", between)]
    return (
        len(words) <= MAX_CONTINUATION_GAP_WORDS
        and not any(w in lex.CUE_WORDS for w in words)
        and not layout.regions_in(end, quote.start)
        and _ends_sentence(text, quote.pieces[-1], layout.para(quote.pieces[-1].start)[1])
    )


# --------------------------------------------------------------------------- reported speech


class _Sentence:
    """One sentence being searched for reported speech, with what is already taken in it."""

    def __init__(self, text: str, layout: _Layout, span: Offsets, taken: list[Offsets]) -> None:
        self.text = text
        self.layout = layout
        self.start, self.end = span
        self.taken = taken  # offsets already part of a quote (content or cue)
        # cue start -> the source it shares with an earlier cue ("X said A and added B")
        self.shared: dict[int, Offsets | None] = {}

    def free(self, start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in self.taken)

    def content_end(self, start: int, source: Offsets | None) -> int:
        """The content after a cue runs to the sentence end, but stops before a coordinated cue
        ("... and added that ...", "..., adding that ..."), which then shares this source, and
        before a clause with its own attribution ("..., and Democrats accused ...")."""
        end = self.end
        for match in _COORDINATED.finditer(self.text, start, self.end):
            word = (match.group(1) or match.group(2)).lower()
            if (
                word in lex.CUE_WORDS
                and word not in lex.WEAK_CUES
                and not self.layout.quoted(match.start())
            ):
                self.shared.setdefault(match.end(), source)
                end = match.start()
                break
        for cue in lex.cue_matches(self.text, start, end):
            if self.layout.quoted(cue[0]):
                continue
            subject = lex.np_before(self.text, start, cue[0])
            if subject is None:
                continue
            match = _NEW_CLAUSE.search(self.text, start, subject[0])
            if match is not None:
                return match.start()
        return end


# "..., and" / "; " right before a new subject: a clause with its own attribution starts.
_NEW_CLAUSE = re.compile(r"(?:,?\s+(?:and|but|while|whereas)|;)\s*$")
# ", and added" / " and also said" / ", adding": a second cue sharing the subject of the first.
_COORDINATED = re.compile(r",?\s+and\s+(?:also\s+|then\s+|later\s+)?(?=(\w+)\b)|,\s+(?=(\w+ing)\b)")


def _content(text: str, start: int, end: int) -> Offsets | None:
    start, end = _trim(text, start, end)
    return (start, end) if _word_count(text, start, end) >= 2 else None


def _according_to(text: str, sent: _Sentence, cue: Offsets) -> Found | None:
    lead = text[sent.start : cue[0]]
    if re.fullmatch(r"\s*(?:[\"“‘«(]|But|And|Yet|So)?\s*", lead):
        # According to X, CONTENT.
        comma = text.find(",", cue[1], sent.end)
        if comma < 0 or _word_count(text, cue[1], comma) > 14:
            return None
        source = _trim(text, cue[1], comma)
        content = _content(text, comma + 1, sent.end)
        return Found([content], cue, source, "according_to") if content else None
    # CONTENT, according to X.
    content = _content(text, sent.start, cue[0])
    stop = text.find(",", cue[1], sent.end)
    source = _trim(text, cue[1], stop if stop > 0 else sent.end)
    if content is None or source[1] <= source[0]:
        return None
    return Found([content], cue, source, "according_to")


def _tail_attribution(text: str, sent: _Sentence, cue: Offsets) -> Found | None:
    """CONTENT, X said. / CONTENT, said X. / A, X said, B."""
    lo, hi = sent.start, sent.end
    if text[lo : cue[0]].rstrip().endswith(","):  # ..., said X.
        source = lex.np_after(text, lex.skip_adverbials(text, cue[1], hi), hi)
        if source is None:
            return None
        comma = text.rfind(",", lo, cue[0])
        end = lex.skip_adverbials(text, source[1], hi)
    else:  # ..., X said.
        source = lex.np_before(text, lo, cue[0])
        if source is None or not text[lo : source[0]].rstrip().endswith(","):
            return None
        comma = text.rfind(",", lo, source[0])
        end = _after_cue(text, cue, hi)
    first = _content(text, lo, comma)
    if first is None:
        return None
    rest = text[end:hi]
    if _SENTENCE_END.fullmatch(rest):
        return Found([first], cue, source, "reported_final")
    if rest.lstrip().startswith(","):
        after_comma = text.index(",", end) + 1
        second = _content(text, after_comma, sent.content_end(after_comma, source))
        if second is not None:
            return Found([first, second], cue, source, "parenthetical")
    return None


def _forward_attribution(text: str, sent: _Sentence, cue: Offsets) -> Found | None:
    """X said (that) CONTENT / X told reporters: CONTENT / ..., adding that CONTENT."""
    head = lex.cue_head(text, cue)
    if head == "to":
        return None  # "according to" is only read by _according_to
    source = lex.np_before(text, sent.start, cue[0])
    shared = cue[0] in sent.shared
    if source is None:
        if not shared:
            return None
        source = sent.shared[cue[0]]
    after = _after_cue(text, cue, sent.end)
    match = re.compile(r"\s*(:|that\b|,)?").match(text, after, sent.end)
    lead = match.group(1) if match else None
    if lead == ",":
        return None
    if lead == "that":
        start = match.start(1) if match else after  # the content keeps "that", as in PolNeAR
    else:
        start = match.end() if match else after
    content = _content(text, start, sent.content_end(start, source))
    if content is None:
        return None
    if head in lex.QUOTED_OBJECT_CUES:
        if not sent.layout.regions_in(*content):
            return None
    elif head in lex.WEAK_CUES and lead is None:
        return None
    rule = {"that": "reported_that", ":": "colon"}.get(lead or "", "reported")
    return Found([content], cue, source, "shared_subject" if shared else rule)


def _reported_speech(
    text: str, layout: _Layout, direct: list[Found]
) -> tuple[list[Found], list[Offsets]]:
    """Reported-speech quotes, and every cue seen outside quotation marks (for doc.spans)."""
    taken = sorted(o for f in direct for o in (*f.content, f.cue) if o is not None)
    taken_starts = [o[0] for o in taken]
    longest = max((e - s for s, e in taken), default=0)
    direct_by_cue = sorted((f.cue[0], k) for k, f in enumerate(direct) if f.cue)
    found: list[Found] = []
    all_cues: list[Offsets] = []
    for span in layout.sents:
        lo = bisect_right(taken_starts, span[0] - longest - 1)
        hi = bisect_right(taken_starts, span[1])
        local = [o for o in taken[lo:hi] if o[0] < span[1] and span[0] < o[1]]
        sent = _Sentence(text, layout, span, local)
        # “...,” he said, adding that ...: the gerund shares the direct quote's source.
        k = bisect_right(direct_by_cue, (span[0], -1))
        while k < len(direct_by_cue) and direct_by_cue[k][0] < span[1]:
            f = direct[direct_by_cue[k][1]]
            assert f.cue is not None
            sent.content_end(f.cue[1], f.source)
            k += 1
        cues = [c for c in lex.cue_matches(text, span[0], span[1]) if not layout.quoted(c[0])]
        all_cues.extend(cues)
        # Attributions after their content first: in "A said B, C reported" C's content is all
        # of "A said B" (each word belongs to one quote, as in PolNeAR).
        for rule in (_tail_or_according, _forward_attribution):
            for cue in cues:
                if not sent.free(*cue):
                    continue
                quote = rule(text, sent, cue)
                if quote is None or not all(sent.free(*c) for c in quote.content):
                    continue
                found.append(quote)
                sent.taken.extend([*quote.content, cue])
    return found, all_cues


def _tail_or_according(text: str, sent: _Sentence, cue: Offsets) -> Found | None:
    if lex.cue_head(text, cue) == "to":
        return _according_to(text, sent, cue)
    return _tail_attribution(text, sent, cue)


# --------------------------------------------------------------------------- assembly


def _kind(text: str, layout: _Layout, content: list[Offsets]) -> Kind:
    """direct when every piece is one whole quoted stretch, mixed when quotes are only part of
    it, else what :func:`infer_kind` says (it knows double marks only, we also know single)."""
    kinds = set()
    for start, end in content:
        s, e = _trim(text, start, end, ".,;:!? \t\n")
        regions = layout.regions_in(s, e)
        if any(r[0] <= s and e <= r[1] for r in regions):
            kinds.add("direct")
        elif regions:
            kinds.add("mixed")
        else:
            kinds.add(infer_kind(text[start:end]))
    if len(kinds) == 1:
        return kinds.pop()  # type: ignore[return-value]
    return "mixed"


def detect(text: str) -> Detection:
    """All quotes of one text, with the cue and source candidates seen on the way."""
    layout = _Layout(text)
    direct = _direct_quotes(text, layout)
    reported, cue_candidates = _reported_speech(text, layout, direct)
    detection = Detection()
    sources: set[Offsets] = set()
    cues: set[Offsets] = set(cue_candidates)
    for item in sorted(direct + reported, key=lambda f: f.content[0]):
        spans = [Span.of(text, s, e) for s, e in item.content if e > s]
        if not spans:
            continue
        cue = Span.of(text, *item.cue) if item.cue else None
        source = Span.of(text, *item.source) if item.source else None
        if item.cue:
            cues.add(item.cue)
        if item.source:
            sources.add(item.source)
        detection.quotes.append(
            Quote(
                content=spans,
                cue=cue,
                source=source,
                kind=_kind(text, layout, item.content),
                score=SCORES[item.rule],
            )
        )
    detection.cues = [Span.of(text, s, e) for s, e in sorted(cues)]
    detection.sources = [Span.of(text, s, e) for s, e in sorted(sources)]
    return detection


__all__ = ["SCORES", "Detection", "RuleSpanDetector", "detect"]
