"""Name mentions in an article: capitalised word sequences, typed person / org / place / name.

No tagger is needed for news: a name is a run of capitalised tokens (with "of", "de", "bin"...
inside), its leading title words ("Secretary of State", "Sen.", "Republican nominee") are split
off, and word lists decide organisation (head word "Agency", "Times", acronyms) and place
(countries, capitals, US states). A sentence-initial capitalised word counts only when the
article never writes it in lower case ("Recently," is not a name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ..text import lowercase_vocabulary, sentences, tokens
from .lexicon import (
    FEMALE_NAMES,
    GENERIC_NOUNS,
    HONORIFICS,
    MALE_NAMES,
    NOT_NAMES,
    ORG_WORDS,
    PERSON_NOUNS,
    PLACES,
    THING_WORDS,
    TITLE_WORDS,
)

MentionKind = Literal["person", "org", "place", "name", "thing"]

_CONNECTORS = {"of", "de", "da", "del", "della", "di", "du", "van", "von", "der", "den", "la", "le",
               "bin", "ibn", "al", "el", "y", "the", "for", "and", "on"}
_MONTH_SURNAMES = {"may", "june", "april", "august", "march", "january", "summer", "winter"}
_FIRST_NAMES = MALE_NAMES | FEMALE_NAMES
_INNER_ONLY = {"the", "for", "and", "on"}  # allowed only inside an organisation name ("of the")
_POSSESSIVE = re.compile(r"(['’]s?)$")
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
# Last words that make a capitalised run a place ("Marshall Islands", "South China Sea").
_PLACE_HEADS = {"islands", "island", "sea", "ocean", "river", "valley", "county", "bay", "peninsula", "strait",
                "mountains", "lake", "gulf", "coast", "beach", "canyon", "desert", "isles", "city"}
# Months that are also first names ("Jan Novak", "May Chen", "April Ross"): a name when a
# capitalised word follows and no time word comes before ("in May Clinton said" is a date).
_MONTH_FIRST_NAMES = {"jan", "may", "april", "june", "august"}
_TIME_WORDS = {"in", "on", "since", "by", "until", "till", "from", "last", "next", "early", "late",
               "mid", "of", "this", "each", "every", "during", "through", "throughout", "before",
               "after", "between", "to", "that", "around", "as"}
_INITIAL = re.compile(r"^[A-Z]\.$")
_QUOTE_OPEN = "“\""
_QUOTE_CLOSE = "”\""


@dataclass
class Mention:
    """A name in the text: its offsets, type, title words and name words (persons)."""

    start: int
    end: int
    text: str
    kind: MentionKind
    name: tuple[str, ...] = ()        # the name words without title ("Antony", "Blinken")
    title: tuple[str, ...] = ()       # lower-cased title words before the name
    gender: str | None = None         # "m"/"f" from an honorific ("Mrs. Clinton")
    possessive: bool = False          # "Clinton's"
    sentence: int = 0
    in_quote: bool = False
    entity: int | None = field(default=None, compare=False)

    @property
    def surname(self) -> str:
        words = [w for w in self.name if w.lower() not in _SUFFIXES]
        return (words or list(self.name) or [""])[-1]

    @property
    def head(self) -> str:
        """The word that decides the type: before "of" when there is one, else the last."""
        words = self.text.split()
        lowered = [w.lower() for w in words]
        if "of" in lowered[1:]:
            return lowered[lowered.index("of", 1) - 1]
        return _strip_possessive(lowered[-1]) if lowered else ""


def _strip_possessive(word: str) -> str:
    return _POSSESSIVE.sub("", word) if len(word) > 2 and word[-1] in "s’'" and ("’" in word[-2:] or "'" in word[-2:]) else word


def _is_cap(word: str) -> bool:
    return bool(word) and (word[0].isupper() or (word[:3].lower() in ("al-", "el-") and len(word) > 3 and word[3].isupper()))


def _shouted(text: str, toks: list[tuple[int, int]]) -> set[int]:
    """Indices of all-caps words that are shouting, not acronyms: a long one ("ABSTRACT") or a run
    of three or more ("U.N. PANEL RULES FOR WIKILEAKS FOUNDER")."""
    caps = [_is_acronym(text[a:b]) for a, b in toks]
    label = {k for k, (a, b) in enumerate(toks) if text[b : b + 1] == ":"}  # a transcript's "WALLACE:"
    out = {k for k, (a, b) in enumerate(toks) if caps[k] and len(text[a:b].replace(".", "")) >= 7 and k not in label}
    k = 0
    while k < len(toks):
        j = k
        while j < len(toks) and caps[j]:
            j += 1
        if j - k >= 3:
            out.update(range(k, j))
        k = max(j, k + 1)
    return out


def _is_acronym(word: str) -> bool:
    letters = word.replace(".", "").replace("&", "")
    return len(letters) >= 2 and letters.isalpha() and letters.isupper()


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges inside double quotation marks (curly or straight), paired in order."""
    regions: list[tuple[int, int]] = []
    start: int | None = None
    for i, ch in enumerate(text):
        if ch == "“":
            start = i
        elif ch == "”" and start is not None:
            regions.append((start, i + 1))
            start = None
        elif ch == '"':
            if start is None:
                start = i
            else:
                regions.append((start, i + 1))
                start = None
        elif ch == "\n" and start is not None and text[i + 1 : i + 2] == "\n":
            start = None  # an unclosed quote does not run past its paragraph
    return regions


_STRONG_TITLES = {"gov.", "gov", "sen.", "sen", "rep.", "rep", "president", "secretary", "minister",
                  "gen.", "mayor", "governor", "senator", "representative", "chancellor", "premier",
                  "ambassador", "judge", "justice", "chairman", "chairwoman", "speaker", "leader",
                  "director", "spokesman", "spokeswoman", "mr.", "mrs.", "ms.", "dr.", "adm.", "lt.",
                  "col.", "sgt.", "capt.", "rev.", "attorney", "commissioner", "sheriff", "congressman",
                  "congresswoman", "candidate", "nominee", "chief", "host", "anchor", "pastor",
                  "rival", "opponent", "challenger", "frontrunner", "front-runner", "incumbent",
                  "filmmaker", "actor", "actress", "billionaire", "businessman", "businesswoman",
                  "producer", "novelist", "author", "comedian", "singer", "rapper", "economist",
                  "pollster", "strategist", "activist", "columnist", "commentator", "historian",
                  "correspondent", "reporter", "editor", "publisher", "analyst", "inspector",
                  "administrator", "counsel", "adviser", "advisor", "aide", "prosecutor", "lawyer",
                  "professor", "prof.", "coach", "ceo"}


def split_title(words: list[str]) -> tuple[list[str], list[str]]:
    """Leading title words and the rest: "Secretary of State Antony Blinken" -> title, name."""
    i = 0
    strong = [k for k, w in enumerate(words[:-1]) if w.lower() in _STRONG_TITLES]
    if strong:  # "Florida Gov. Jeb Bush", "Minnesota Gov. Mark Dayton"
        i = strong[-1] + 1
    while i < len(words) - 1 and (words[i].lower() in TITLE_WORDS or words[i].lower().rstrip(".") in TITLE_WORDS):
        i += 1
    # never leave a connector at the start of the name
    while i < len(words) and words[i] in _CONNECTORS:
        i += 1
    return words[:i], words[i:]


def _acronymish(word: str) -> bool:
    """An acronym ("FBI", "KCNA"), not initials ("G.K.") or a suffix ("II")."""
    return _is_acronym(word) and word.lower() not in _SUFFIXES and not re.fullmatch(r"(?:[A-Z]\.){1,3}", word)


def classify(words: list[str]) -> tuple[MentionKind, tuple[str, ...], tuple[str, ...], str | None]:
    """Type of a capitalised word run, its name words, its title words and an honorific gender."""
    lowered = [w.lower() for w in words]
    joined = " ".join(lowered)
    gender = None
    honorific = False
    for w in lowered:
        if w in HONORIFICS:
            honorific = True
            gender = HONORIFICS[w] or gender
    head = lowered[lowered.index("of", 1) - 1] if "of" in lowered[1:] else lowered[-1]
    head = _strip_possessive(head)
    title, name = split_title(words)
    name_lower = [w.lower() for w in name]
    if "of" in name_lower[1:]:  # "Senator Bernie Sanders of Vermont": the name stops at "of"
        cut = name_lower.index("of", 1)
        rest = " ".join(name_lower[cut + 1 :])
        rest = rest.removeprefix("the ")
        if rest in PLACES and name[cut - 1][:1].isupper() and name_lower[cut - 1] not in ORG_WORDS:
            name, name_lower = name[:cut], name_lower[:cut]
    if len(words) >= 2 and head in THING_WORDS and lowered[-1] in THING_WORDS:
        return "thing", tuple(words), (), None
    if joined in PLACES or (joined.startswith("the ") and joined[4:] in PLACES):
        return "place", tuple(words), (), None
    if len(words) >= 2 and lowered[-1] in _PLACE_HEADS:
        return "place", tuple(words), (), None
    if name and " ".join(name_lower) in PLACES and not title:
        return "place", tuple(name), (), None
    if "of" in lowered[1:] and head in ORG_WORDS and not honorific:
        return "org", tuple(words), (), None  # "U.S. Court of Appeals for the Sixth Circuit"
    if title and title[-1].lower() in ("on", "of", "for", "and", "the"):
        # "German Council on Foreign Relations": a name's words after a connector, not a title
        return ("org" if any(w in ORG_WORDS for w in lowered) else "name"), tuple(words), (), None
    if title and name and honorific and len(name) <= 3:  # "Mr. King", "Mrs. Clinton"
        return "person", tuple(name), tuple(t.lower() for t in title), gender
    if title and name and "of" not in name_lower and not all(w in TITLE_WORDS for w in name_lower) and not any(
        w in ORG_WORDS or _acronymish(n) for w, n in zip(name_lower, name)
    ) and " ".join(name_lower) not in PLACES:
        return "person", tuple(name), tuple(t.lower() for t in title), gender
    if (title and 2 <= len(name) <= 3 and title[-1].lower() in _STRONG_TITLES and name_lower[0] in _FIRST_NAMES
            and not any(_acronymish(n) for n in name)):
        # "Atlantic City Mayor Don Guardian": a title, then a first name: a person whose surname
        # happens to be an organisation word
        return "person", tuple(name), tuple(t.lower() for t in title), gender
    if head in ORG_WORDS or _acronymish(words[-1]) or any(w in ORG_WORDS for w in lowered[-1:]):
        return "org", tuple(words), (), None
    if all(w in TITLE_WORDS for w in lowered):  # "South Korean", "Republican": adjectives, titles
        return "name", tuple(words), (), gender
    if " ".join(name_lower) in PLACES:
        return "place", tuple(name), (), None
    if title and not name:
        return "name", tuple(words), (), gender
    role_only = name_lower[-1:] and (name_lower[-1] in _STRONG_TITLES or name_lower[-1] in TITLE_WORDS) and (
        name_lower[0] not in _FIRST_NAMES)  # "Turkish President" (then ", Recep Tayyip Erdogan,")
    if len(name) >= 2 and not role_only and not any(w in ORG_WORDS for w in name_lower) and not (
        len(name) == 2 and any(w in PLACES for w in name_lower)  # "Iraq War", "Tulsa Police"
    ) and not any(c.isdigit() for w in name for c in w):  # "EgyptAir Flight MS804" names no one
        return "person", tuple(name), tuple(t.lower() for t in title), gender
    return "name", tuple(words), (), gender


def is_headline(text: str, start: int, end: int) -> bool:
    """A title-case line ("Glenn Beck Blasts Drudge for Mocking ..."): its capitals prove nothing."""
    line = text[start:end]
    if start == 0 and end >= len(text.rstrip()):
        return False  # a one-line text is a sentence, not a headline
    if len(line.split()) > 25 or len(re.findall(r"[.!?][\"'”’]?\s+[A-Z“\"]", line)) >= 1:
        return False  # long, or more than one sentence
    words = [w for w in re.findall(r"[A-Za-z][\w’'\-]*", line) if len(w) > 3]
    if len(words) < 3:
        return False
    return sum(w[0].isupper() for w in words) / len(words) >= 0.7


def _month_first_name(text: str, toks: list[tuple[int, int]], k: int) -> bool:
    """Whether the month word at token ``k`` is a first name: "said Jan Novak", not "in May"."""
    word = text[toks[k][0] : toks[k][1]]
    if word.lower() not in _MONTH_FIRST_NAMES or k + 1 >= len(toks):
        return False
    nxt = text[toks[k + 1][0] : toks[k + 1][1]]
    if text[toks[k][1] : toks[k + 1][0]] != " " or not _is_cap(nxt) or nxt.lower() in NOT_NAMES:
        return False
    prev = text[toks[k - 1][0] : toks[k - 1][1]].lower() if k > 0 else ""
    return prev not in _TIME_WORDS


def find_mentions(
    text: str,
    lower_vocab: set[str] | None = None,
    regions: list[tuple[int, int]] | None = None,
    sents: list[tuple[int, int]] | None = None,
) -> list[Mention]:
    """All name mentions in ``text``, in order, typed (see the module docstring).

    ``lower_vocab``, ``regions`` and ``sents`` (``lowercase_vocabulary``, ``quote_regions`` and
    ``sentences`` of ``text``) are computed here unless the caller already has them.
    """
    lower_vocab = lowercase_vocabulary(text) if lower_vocab is None else lower_vocab
    sents = sents or sentences(text) or [(0, len(text))]
    regions = quote_regions(text) if regions is None else regions
    out: list[Mention] = []
    headline = [False] * len(sents)
    for si, (s_start, s_end) in enumerate(sents):
        line_start = text.rfind("\n", 0, s_start) + 1
        line_end = text.find("\n", s_end)
        line_end = len(text) if line_end < 0 else line_end
        headline[si] = is_headline(text, line_start, line_end) or (
            line_start == 0 and si == 0 and text[line_end : line_end + 2] == "\n\n"
            and len(text[:line_end].split()) <= 20 and s_end >= line_end - 1
        )  # the first line alone in its paragraph, one sentence: a title
    body_caps = {
        text[a:b].lower()
        for si, (s_start, s_end) in enumerate(sents) if not headline[si]
        for k, (a, b) in enumerate(tokens(text, s_start, s_end)) if k > 0 and text[a].isupper()
    }
    for si, (s_start, s_end) in enumerate(sents):
        toks = tokens(text, s_start, s_end)
        if headline[si]:  # keep only words the body also capitalises: "Glenn Beck | Blasts"
            # ... and a first name before one ("Hillary Clinton Goes After ..." when the body
            # only ever says "Clinton").
            toks = [
                (a, b) for k, (a, b) in enumerate(toks)
                if text[a:b].lower() in body_caps or not text[a].isupper()
                or (text[a:b].lower() in _FIRST_NAMES and k + 1 < len(toks)
                    and text[toks[k + 1][0] : toks[k + 1][1]].lower() in body_caps)
            ]
        i = 0
        first_word = next((k for k, (a, b) in enumerate(toks) if text[a].isalnum()), 0)
        shouted = _shouted(text, toks)
        while i < len(toks):
            a, b = toks[i]
            word = text[a:b]
            if not _is_cap(word) or i in shouted or (
                _skip(word, i, first_word, lower_vocab, text, a, body_caps)
                and not _month_first_name(text, toks, i)
            ):
                i += 1
                continue
            j = i + 1
            while j < len(toks):
                w = text[toks[j][0] : toks[j][1]]
                gap = text[toks[j - 1][1] : toks[j][0]]
                if gap not in ("", " ") and not (gap == " " or gap.isspace() and "\n" not in gap):
                    break
                prev = text[toks[j - 1][0] : toks[j - 1][1]]
                if prev.endswith(("’s", "'s", "s’", "s'")):
                    break  # "Agency’s Clean Power Plan": the possessive ends the name
                if _is_cap(w) and (
                    w.lower() not in NOT_NAMES
                    or (w.lower() == "today" and prev == "USA")  # the newspaper
                    or (w.lower() in _MONTH_SURNAMES and prev.lower() in _FIRST_NAMES)
                    or _month_first_name(text, toks, j)
                ):
                    j += 1  # "Theresa May": a month after a first name is a surname
                    continue
                # a connector inside a name: "Secretary of State", "Bank of the West"
                if w.lower() in _CONNECTORS and j + 1 < len(toks):
                    k = j
                    while k < len(toks) and text[toks[k][0] : toks[k][1]].lower() in _CONNECTORS:
                        k += 1
                    if k < len(toks) and _is_cap(text[toks[k][0] : toks[k][1]]) and text[toks[k][0]:toks[k][1]].lower() not in NOT_NAMES and k - j <= 2:
                        j = k + 1
                        continue
                if w.lower() in _SUFFIXES or (w == "," and j + 1 < len(toks) and text[toks[j + 1][0] : toks[j + 1][1]].lower() in _SUFFIXES):
                    break
                break
            for start, end in _split_joined(text, toks[i][0], toks[j - 1][1]):
                out.extend(_make(text, start, end, si, regions))
            i = j
    return [m for m in out if m is not None]


def _split_joined(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split "Washington and Tokyo" (two names) and "Lester Holt of NBC News" (a person of an
    organisation) but keep "Department of Health and Human Services"."""
    words = list(re.finditer(r"\S+", text[start:end]))
    lowered = [w.group(0).lower() for w in words]
    if "and" in lowered[2:4] and lowered[0] in _FIRST_NAMES:
        cut = lowered.index("and", 2)
        if cut + 2 < len(words) and (lowered[cut + 1] in _STRONG_TITLES or lowered[cut + 1] in _FIRST_NAMES) and not any(
            w.strip(",.") in ORG_WORDS for w in lowered[:cut]
        ):
            # "Hillary Clinton and Senator Elizabeth Warren (of Massachusetts)": two people
            return [(start, start + words[cut - 1].end()),
                    *_split_joined(text, start + words[cut + 1].start(), end)]
    if "of" in lowered[2:]:
        cut = lowered.index("of", 2)
        before = lowered[:cut]
        after = " ".join(lowered[cut + 1 :])
        if not any(w in ORG_WORDS or w in TITLE_WORDS for w in before) and any(
            w in ORG_WORDS for w in lowered[cut + 1 :]
        ):
            first = (start, start + words[cut - 1].end())
            rest = [(start + words[cut + 1].start(), end)] if cut + 1 < len(words) else []
            return [first, *rest] if after else [first]
        if len(before) >= 2 and before[0] in _FIRST_NAMES and len(words) - cut - 1 <= 2 and all(
            w.group(0)[:1].isupper() for w in words[cut + 1 :]
        ):  # "Tom Emanuel of Laconia": a person from a place
            return [(start, start + words[cut - 1].end()), (start + words[cut + 1].start(), end)]
    if "and" in lowered[2:-1]:
        cut = lowered.index("and", 2)
        if lowered[cut - 1].strip(",.") in ORG_WORDS:
            # "New York Times and Boston Globe": two organisations, each named in full
            return [(start, start + words[cut - 1].end()), (start + words[cut + 1].start(), end)]
    if not any(w in _INNER_ONLY for w in lowered):
        return [(start, end)]
    if any(w.strip(",.") in ORG_WORDS for w in lowered[:-1] if w not in _INNER_ONLY and w not in _CONNECTORS):
        return [(start, end)]  # an organisation name: keep it whole
    pieces, piece_start = [], 0
    for k, w in enumerate(lowered):
        if w in _INNER_ONLY:
            if k > piece_start:
                pieces.append((start + words[piece_start].start(), start + words[k - 1].end()))
            piece_start = k + 1
    if piece_start < len(words):
        pieces.append((start + words[piece_start].start(), start + words[-1].end()))
    return pieces


def _skip(word: str, i: int, first_word: int, lower_vocab: set[str], text: str, pos: int,
          body_caps: frozenset[str] | set[str] = frozenset()) -> bool:
    low = word.lower().rstrip(".")
    if low in NOT_NAMES or word.lower() in NOT_NAMES:
        return True
    stripped = _strip_possessive(word.lower())
    at_start = i <= first_word or text[max(0, pos - 2) : pos].strip() in ("“", '"', "‘", "(", ":")
    if at_start and stripped in lower_vocab and stripped not in TITLE_WORDS:
        return True
    if at_start and stripped.endswith("ly") and text[pos + len(word) : pos + len(word) + 1] == ",":  # "Recently,"
        return True
    if (at_start and stripped.endswith(("ing", "ed")) and len(stripped) > 5 and stripped not in TITLE_WORDS
            and stripped not in body_caps):
        return True  # "Following Monday's debate", "Asked about ..." (but "Boreing said" after "Jeremy Boreing")
    # "Demonstrators said", "Protesters gathered": plural nouns, not names
    return (
        at_start and stripped.endswith(("ers", "ors", "ists", "ants", "ents")) and len(stripped) > 6
        and stripped not in body_caps
        and not text[pos + len(word) : pos + len(word) + 2].strip()[:1].isupper()
    )
    return False


def _make(text: str, start: int, end: int, sentence: int, regions: list[tuple[int, int]]) -> list[Mention]:
    if (start >= 6 and text[start - 4 : start] == "The " and text[start - 5] == " "
            and text[start - 6] not in ".!?:" and " " not in text[start:end].strip()
            and classify([text[start:end].strip(" ,.;:")])[0] == "name"):
        start -= 4  # "according to The Blaze": a one-word title keeps its article mid-sentence
    raw = text[start:end]
    possessive = False
    if raw.endswith(("’s", "'s")):
        possessive = True
        end -= 2
    elif raw.endswith(("’", "'")) and raw[-2:-1] == "s":
        possessive = True
        end -= 1
    elif raw.endswith("s") and text[end : end + 1] in ("’", "'") and not text[end + 1 : end + 2].isalpha():
        possessive = True  # "Davis' commentary": the apostrophe is a token of its own
    while end > start and text[end - 1] in ".,;:" and not _INITIAL.match(text[max(start, end - 2) : end]) and not text[start:end].lower().endswith((" jr.", " sr.", " inc.", " co.", " corp.", "mr.", "mrs.", "ms.", "dr.", "u.s.", "u.n.")):
        end -= 1
    if end <= start:
        return []
    words = text[start:end].split()
    # trailing connectors never end a name
    while words and words[-1].lower() in _CONNECTORS:
        words = words[:-1]
    if not words:
        return []
    end = start + len(" ".join(words))
    if text[start:end] != " ".join(words):  # multiple spaces: keep the raw stretch
        end = start + len(text[start:end].rstrip())
    kind, name, title, gender = classify(words)
    if len(words) == 1 and words[0].isupper() and len(words[0]) >= 4 and text[end : end + 1] == ":":
        # A transcript's speaker label: "PENCE: Well, look, ..."
        kind, name = "person", (words[0].title(),)
    if kind == "name" and len(words) == 1 and words[0].lower() in PERSON_NOUNS | GENERIC_NOUNS:
        return []
    in_quote = any(a < start and end < b for a, b in regions)
    return [Mention(start, end, text[start:end], kind, name, title, gender, possessive, sentence, in_quote)]
