"""RuleSpeakerResolver: the canonical speaker of each quote, by name clustering in the document.

* A name goes to the fullest form of it in the document: "Blinken", "Secretary Blinken" and
  "Secretary of State Antony Blinken" all become "Antony Blinken". When two people share a
  surname and both full names appear ("Hillary Clinton", "Bill Clinton"), a bare "Clinton" goes
  to the one mentioned most recently.
* A role seen with a name ("Defense Minister Maria Ortega") resolves a later "the defense
  minister" to that name.
* he/she go to the most recent person, it/they/we to the most recent organisation or state,
  among earlier speakers and sentence subjects.
* Organisations and states keep their name ("the official Korean Central News Agency" ->
  "Korean Central News Agency"); an unnamed agency keeps its noun phrase ("the state news
  agency" -> "state news agency"); unnamed people ("officials", "a spokesman") get None.
* A direct quote with no source (a quoted paragraph) continues the previous quote's speaker when
  it follows it directly.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ..document import Document, Quote
from ..pipeline import Stage
from ..text import paragraphs, sentences, span_index
from .cues import CAP_STOP, DETERMINERS, PRONOUNS, SPEAKER_NOUNS

EntityKind = Literal["person", "org"]

TITLE_WORDS = frozenset(
    """
    Secretary Minister President Vice Senator Sen. Sens. Representative Rep. Reps. Congressman
    Congresswoman
    Governor Gov. Mr. Mrs. Ms. Miss Dr. Prof. Professor Gen. General Adm. Admiral Col. Colonel
    Lt. Sgt. Capt. Captain Maj. Major Chancellor King Queen Prince Princess Pope Judge Justice
    Mayor Chairman Chairwoman Chair Chief Director Ambassador Commissioner Speaker Leader Premier
    Sheikh Rev. Sir Lady Lord Officer Spokesman Spokeswoman Spokesperson Commander Deputy Attorney
    Envoy Emperor Crown Pastor Father Bishop Cardinal Rabbi Imam Candidate Nominee Sheriff
    Superintendent Inspector Detective Agent Coach Editor Founder Executive CEO Chef Dean
    """.split()
)
_TITLE_BASES = frozenset(t.rstrip(".") for t in TITLE_WORDS)
# Words that make a title longer: "Secretary of State", "Defense Minister", "Prime Minister".
TITLE_PARTS = frozenset(
    """
    of State Defense Defence Foreign Finance Interior Justice Health Energy Treasury Commerce
    Education Homeland Security Affairs Trade Prime First General Acting Former Deputy Vice
    Senior Supreme Labor Labour Agriculture Transportation Environment Economy Home Executive
    Press National Majority Minority House Senate Democratic Republican U.S. US UN U.N.
    """.split()
)
ORG_WORDS = frozenset(
    """
    Agency News Ministry Department Party Times Post Journal Committee Council Commission Office
    Bank University Institute Association Union Company Corp. Corp Inc. Inc Group Network
    Service Court Congress Senate House Pentagon Kremlin Administration Campaign Foundation Center
    Centre Organization Organisation Forces Army Navy Police Government Reuters Press Bureau
    Tribune Herald Guardian Telegraph Gazette Review Daily Weekly Magazine Radio Television TV
    Broadcasting Channel Fund Board Authority Federation Alliance Coalition Movement Front
    Council Assembly Parliament Cabinet Embassy Mission Command Staff Industries Holdings Ltd
    Ltd. LLC Airlines Motors Systems Technologies Media Studios Club League Church School
    College Hospital Clinic Laboratory Institution Society Trust Council Center Watch CNN BBC
    NBC ABC CBS Fox MSNBC AP AFP Xinhua KCNA Yonhap NATO EU UN U.N. WHO IMF FBI CIA NSA
    Republicans Democrats
    """.split()
)
PLACES = frozenset(
    """
    Japan China Russia Ukraine Iran Iraq Israel Syria Turkey Germany France Britain England
    Italy Spain Canada Mexico Brazil India Pakistan Afghanistan Egypt Korea Taiwan Vietnam
    America Europe Asia Africa Washington Moscow Beijing Tokyo Seoul Pyongyang Kyiv Kiev London
    Paris Berlin Tehran Jerusalem Brussels Ottawa Delhi States Kingdom Republic Emirates
    Arabia Zealand Australia Poland Sweden Norway Denmark Finland Netherlands Belgium Greece
    Cuba Venezuela Colombia Argentina Chile Peru Nigeria Kenya Ethiopia Indonesia Philippines
    Thailand Malaysia Singapore Qatar Lebanon Jordan Yemen Libya Saudi Hungary Austria
    Switzerland Ireland Scotland Wales Portugal Romania Serbia Belarus Georgia Armenia York
    California Texas Florida Ohio Iowa Virginia Carolina Pennsylvania Michigan City County
    Province State Region
    """.split()
)
# Lowercase heads of unnamed organisations: "the state news agency" keeps its name.
ORG_NOUNS = frozenset(
    """
    agency ministry government department committee company newspaper network campaign
    administration office council court police military army party commission bureau union
    embassy parliament cabinet board authority regime agency's newspaper's station firm bank
    group organization organisation institute university
    """.split()
)
PERSON_PRONOUNS = frozenset("he she".split())
GROUP_PRONOUNS = frozenset("it they we".split())
# Capitalized words, joined by spaces or name particles: "Secretary of State Antony Blinken".
_NAME_CHAIN = re.compile(
    r"[A-Z][\w’'.-]*"
    r"(?:[ \t]+(?:(?:of|de|del|da|van|von|bin|al|la|le|du|di|&)[ \t]+)?[A-Z][\w’'.-]*)*"
)


@dataclass(frozen=True)
class Name:
    """A name mention: the name without titles, whether it names a person, and its title."""

    start: int
    end: int
    name: str
    kind: EntityKind
    title: str  # lower-cased title or role ("defense minister"), "" when none


def _strip_possessive(word: str) -> str:
    """ "Blinken’s" -> "Blinken", "Blinken." -> "Blinken" (but "Jr." and "U.S." keep their dot)."""
    if word.endswith(".") and len(word) > 3 and "." not in word[:-1]:
        word = word[:-1]
    return re.sub(r"(?:’s|'s|’|')$", "", word)


# Capitalized words that open a sentence but are not names.
_NOT_NAMES = CAP_STOP | frozenset(
    "The A An According These Those Its His Her Their Our My Your Read Please Click Updated "
    "Mr Mrs Ms".split()
)


def is_title(word: str) -> bool:
    """ "Sen.", "Sen" and "Senator" are titles; so are "Mr." and "Mr"."""
    return word in TITLE_WORDS or word.rstrip(".") in _TITLE_BASES


def split_title(words: list[str]) -> tuple[list[str], list[str]]:
    """("Secretary of State", "Antony Blinken") from "Secretary of State Antony Blinken"."""
    # A title is followed by the name: a title word at the end is a surname ("Charlie King").
    last_title = max((i for i, w in enumerate(words[:-1]) if is_title(w)), default=-1)
    if last_title < 0:
        return [], words
    j = last_title + 1
    while j < len(words) - 1 and words[j] in TITLE_PARTS:
        j += 1
    return words[:j], words[j:]


def classify(words: list[str], titled: bool) -> EntityKind:
    """person or org for a name (titles already removed)."""
    if any(w in ORG_WORDS for w in words) or any(w in PLACES for w in words):
        return "org"
    if titled:
        return "person"
    if len(words) >= 2 and all(w[:1].isupper() for w in words):
        return "person"
    if all(w.isupper() for w in words):
        return "org"  # NATO, KCNA
    return "org" if len(words) == 1 and words[0] in PLACES else "person"


@dataclass(frozen=True)
class Vocabulary:
    """What tells an ordinary word from a name at a sentence start: ``names`` were seen
    capitalized mid-sentence, ``words`` were seen in lower case."""

    names: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()

    @classmethod
    def of(cls, text: str) -> Vocabulary:
        return cls(
            frozenset(m.group() for m in _MID_SENTENCE_CAP.finditer(text)),
            frozenset(_LOWER_WORD.findall(text)),
        )

    def ordinary(self, word: str) -> bool:
        """Whether a capitalized sentence-initial word is an ordinary word ("Injecting")."""
        if word in self.names or is_title(word):
            return False
        return word.lower() in self.words or word.endswith(("ing", "ly"))


def name_of(text: str, start: int, end: int, vocabulary: Vocabulary = Vocabulary()) -> Name | None:
    """Parse one capitalized chain ``text[start:end]`` into a Name; None for a title alone or a
    headline. A sentence-initial ordinary word is dropped ("Injecting Clinton" -> "Clinton")."""
    found = [
        (m.start(), _strip_possessive(m.group())) for m in re.finditer(r"\S+", text[start:end])
    ]
    while found and (found[0][1] in _NOT_NAMES or found[0][1].lower() in PRONOUNS):
        found = found[1:]
    if (
        len(found) > 1
        and _sentence_initial(text, start + found[0][0])
        and vocabulary.ordinary(found[0][1])
    ):
        found = found[1:]
    while found and found[-1][1].rstrip(".") in _SUFFIXES:
        found = found[:-1]
    if not found:
        return None
    start += found[0][0]
    words = [w for _, w in found]
    title, rest = split_title(words)
    if not rest or (title and rest[0] in ("of", "and")):
        return None
    if len(rest) > 4 and not any(w in ORG_WORDS for w in rest):
        return None  # a headline in title case, not a name
    titled = bool(title) or _role_before(text, start)
    kind = classify(rest, titled)
    role = " ".join(title).lower() or _role_before(text, start)
    return Name(start, end, " ".join(rest), kind, role)


ROLE_NOUNS = frozenset(
    """
    leader spokesman spokeswoman spokesperson minister secretary president senator governor
    mayor chairman chairwoman director ambassador adviser advisor aide official candidate
    nominee chief commissioner envoy analyst professor strategist pollster
    """.split()
)


def _role_before(text: str, start: int) -> str:
    """A lowercase role right before a name: "defense minister Maria Ortega" -> "defense
    minister"."""
    before = text[max(0, start - 40) : start]
    if not before[-1:].isspace():
        return ""
    words = before.split()[-3:]
    if not words or words[-1] not in ROLE_NOUNS:
        return ""
    while words and not (words[0].isalpha() and words[0].islower()):
        words = words[1:]  # keep the lowercase run only: "North Korean leader" -> "leader"
    while words and (words[0] in DETERMINERS or words[0] in ("and", "of", "said", "says")):
        words = words[1:]
    return " ".join(words)


_SUFFIXES = frozenset("Jr Sr II III IV".split())
_MID_SENTENCE_CAP = re.compile(r"(?<=[a-z,;] )[A-Z][\w’'-]*")
_LOWER_WORD = re.compile(r"\b[a-z][a-z’'-]*")


def _sentence_initial(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3) : pos].rstrip(" ")
    return not before or before[-1] in '.!?"”’“‘—:\n('


def name_mentions(text: str, vocabulary: Vocabulary | None = None) -> list[Name]:
    """Every capitalized name in the text, titles split off, in order."""
    vocabulary = Vocabulary.of(text) if vocabulary is None else vocabulary
    out: list[Name] = []
    for match in _NAME_CHAIN.finditer(text):
        name = name_of(text, *match.span(), vocabulary)
        if name is not None:
            out.append(name)
    return out


class _Names:
    """The document's names: full forms per surname, roles, and where each was mentioned."""

    def __init__(self, text: str) -> None:
        self.vocabulary = Vocabulary.of(text)
        self.mentions = name_mentions(text, self.vocabulary)
        self.full: dict[str, list[Name]] = {}  # last word -> person mentions with 2+ words
        self.by_first: dict[str, list[Name]] = {}  # first word -> the same mentions
        self.orgs: dict[str, set[str]] = {}  # last word -> organisation names
        self.roles: dict[str, list[Name]] = {}
        self._form_cache: dict[int, list[str]] = {}
        for m in self.mentions:
            words = m.name.split()
            if m.kind == "org":
                self.orgs.setdefault(words[-1], set()).add(m.name)
            if m.kind == "person" and len(words) >= 2:
                self.full.setdefault(words[-1], []).append(m)
                self.by_first.setdefault(words[0], []).append(m)
            if m.kind == "person" and m.title:
                self.roles.setdefault(m.title, []).append(m)
                heads = [w for w in m.title.split() if is_title(w.capitalize()) or w in ROLE_NOUNS]
                if heads:
                    self.roles.setdefault(heads[-1], []).append(m)

    def canonical(self, name: str, kind: EntityKind, pos: int) -> tuple[str, EntityKind]:
        """The fullest form of ``name`` in the document, as of position ``pos``."""
        words = name.split()
        if kind == "org":
            longer = [o for o in self.orgs.get(words[-1], ()) if o.endswith(" " + name)]
            return (max(longer, key=len) if longer else name), "org"
        if len(words) >= 2:  # the longest name with the same first and last words
            same = self._forms(self.full.get(words[-1], []))
            same = [f for f in same if f.split()[0] == words[0]]
            return (max(same, key=len) if same else name), "person"
        candidates = self.full.get(words[0]) or self.by_first.get(words[0]) or []
        forms = self._forms(candidates)
        if not forms:
            return name, kind
        if len(forms) == 1:
            return forms[0], "person"
        # Two people share the name: the one mentioned last before ``pos`` (else the first).
        k = bisect_left([c.start for c in candidates], pos) - 1
        return candidates[max(k, 0)].name, "person"

    def _forms(self, mentions: list[Name]) -> list[str]:
        """The distinct names among ``mentions`` (cached: the lists never change)."""
        key = id(mentions)
        if key not in self._form_cache:
            self._form_cache[key] = list(dict.fromkeys(m.name for m in mentions))
        return self._form_cache[key]

    def by_role(self, role: str, pos: int) -> str | None:
        """The person last seen with this role ("defense minister"), if any."""
        people = self.roles.get(role) or self.roles.get(role.split()[-1]) if role else None
        if not people:
            return None
        if len({p.name for p in people}) > 1 and role not in self.roles:
            return None
        before = [p for p in people if p.start < pos]
        if not before:
            return None
        return self.canonical(before[-1].name, "person", pos)[0]


def _head_chain(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The capitalized chain that heads a source phrase, ignoring an apposition after a comma:
    the chain must end the phrase ("the official Korean Central News Agency")."""
    stops = [p for p in (text.find(",", start, end), text.find("(", start, end)) if p >= 0]
    head_end = min(stops, default=end)  # before an apposition or a party tag "(R-Ga.)"
    while head_end > start and not text[head_end - 1].isalnum():
        head_end -= 1
    last = None
    for match in _NAME_CHAIN.finditer(text, start, head_end):
        last = match
    if (
        last is None
        or _strip_possessive(text[last.start() : last.end()])
        != text[last.start() : head_end].strip()
    ):
        return None
    return last.start(), last.end()


class _Recent:
    """Who was last mentioned, per kind, at any position: sentence subjects and earlier speakers."""

    def __init__(self) -> None:
        self._events: dict[str, list[tuple[int, str]]] = {"person": [], "org": []}

    def add(self, pos: int, name: str, kind: EntityKind) -> None:
        insort(self._events[kind], (pos, name))

    def latest(self, kind: EntityKind, pos: int) -> str | None:
        """The name of ``kind`` mentioned last before ``pos``."""
        events = self._events[kind]
        k = bisect_left(events, (pos, "")) - 1
        return events[k][1] if k >= 0 else None


def _resolve_source(
    text: str, names: _Names, quote: Quote, recent: _Recent
) -> tuple[str | None, EntityKind | None]:
    source = quote.source
    assert source is not None
    words = source.text.split()
    if len(words) == 1 and words[0].lower() in PRONOUNS:
        pronoun = words[0].lower()
        wanted: EntityKind | None = (
            "person" if pronoun in PERSON_PRONOUNS else "org" if pronoun in GROUP_PRONOUNS else None
        )
        name = recent.latest(wanted, source.start) if wanted else None
        return (name, wanted) if name else (None, None)
    if len(words) == 1 and words[0].lower() in SPEAKER_NOUNS:
        return None, None  # "Critics say": a capitalized common noun, not a name
    chain = _head_chain(text, source.start, source.end)
    if chain is not None:
        name = name_of(text, *chain, names.vocabulary)
        if name is not None:
            return names.canonical(name.name, name.kind, source.start)
    phrase = re.split(r"\b(?:of|for|by|from|in|at|with|on)\b|,", source.text)[0]
    head = re.sub(r"[^\w\s’'-]", " ", phrase).split()
    head = [
        w
        for w in head
        if w.lower() not in DETERMINERS and w.lower() not in ("official", "officials")
    ] or head
    if not head:
        return None, None
    role = " ".join(w.lower() for w in head)
    person = names.by_role(role, source.start)
    if person is not None:
        return person, "person"
    if head[-1].lower() in ORG_NOUNS and all(w.islower() for w in head):
        return " ".join(head), "org"  # "the state news agency"; not "Mr. Clarke's new company"
    return None, None


def _salient(text: str, names: _Names) -> _Recent:
    """The first name of each sentence (usually its subject): candidates for a pronoun."""
    out = _Recent()
    mentions = names.mentions
    starts = [m.start for m in mentions]
    k = 0
    for s, e in sentences(text):
        while k < len(starts) and starts[k] < s:
            k += 1
        seen: set[EntityKind] = set()
        j = k
        while j < len(mentions) and mentions[j].start < e:
            m = mentions[j]
            known = m.kind == "org" or " " in m.name or m.name in names.full
            if known and m.kind not in seen:
                seen.add(m.kind)
                name, kind = names.canonical(m.name, m.kind, m.start)
                out.add(m.start, name, kind)
            j += 1
    return out


def resolve_speakers(doc: Document) -> list[str | None]:
    """One canonical speaker (or None) per quote of ``doc``, in ``doc.quotes`` order."""
    text = doc.text
    names = _Names(text)
    recent = _salient(text, names)  # sentence subjects, then each resolved speaker as we go
    paras = paragraphs(text)
    out: list[str | None] = [None] * len(doc.quotes)
    previous: int | None = None  # index of the quote before, in text order
    for k in sorted(range(len(doc.quotes)), key=lambda i: doc.quotes[i].start):
        quote = doc.quotes[k]
        if quote.source is not None:
            speaker, kind = _resolve_source(text, names, quote, recent)
            if speaker is not None and kind is not None:
                # just after the source's own sentence subject, so that it wins ties
                recent.add(quote.source.start + 1, speaker, kind)
            out[k] = speaker
        elif (
            previous is not None
            and quote.kind == "direct"
            and _follows(paras, doc.quotes[previous], quote)
        ):
            out[k] = out[previous]
        previous = k
    return out


def _follows(paras: list[tuple[int, int]], before: Quote, quote: Quote) -> bool:
    """Whether ``quote`` is in the same paragraph as ``before`` or the next one."""
    a, b = span_index(paras, before.end - 1), span_index(paras, quote.start)
    return a is not None and b is not None and 0 <= b - a <= 1


class RuleSpeakerResolver(Stage):
    """Sets ``quote.speaker`` to a canonical name per document (see the module docstring)."""

    name = "speakers"

    def predict(self, docs: Sequence[Document]) -> list[list[str | None]]:
        return [resolve_speakers(doc) for doc in docs]

    def set_annotations(
        self, docs: Sequence[Document], predictions: Sequence[list[str | None]]
    ) -> None:
        for doc, speakers in zip(docs, predictions, strict=True):
            for quote, speaker in zip(doc.quotes, speakers, strict=True):
                quote.speaker = speaker


__all__ = ["Name", "RuleSpeakerResolver", "name_mentions", "resolve_speakers", "split_title"]
