"""Document-level entities: name mentions clustered into people, organisations and places.

Rules, news-style:

* A full name ("Antony Blinken", "Hillary Rodham Clinton") starts a person keyed by first name
  and surname; "Donald Trump" and "Donald J. Trump" are one person, "Bill Clinton" and "Hillary
  Clinton" two.
* A single word ("Blinken", "Mrs. Clinton", "Hillary") joins the person whose surname or first
  name it is; when two people share it, an honorific's gender decides, then the one named in the
  last few sentences, then the more prominent one (more mentions, named earlier).
* Titles are learned from the text: "Defense Secretary Lloyd Austin", "Pentagon chief Lloyd
  Austin", "Yang Moo-jin, president of the University of ...", "the secretary, Lloyd Austin";
  a lawmaker's state and party too ("Sen. Marco Rubio (R-Fla.)" is "the Florida Republican").
* Gender: honorifics, a short first-name list, then the pronouns that follow the person's
  mentions (he/his vs she/her) in this article.
* Organisations: "The Post" joins "The New York Post", "KCNA" joins "Korean Central News Agency".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..text import lowercase_vocabulary, sentences, tokens
from .lexicon import (
    FEMALE_NAMES,
    MALE_NAMES,
    ORG_WORDS,
    PERSON_NOUNS,
    PARTY_LETTERS,
    PERSONAL_PRONOUNS,
    PLACES,
    TITLE_WORDS,
    US_STATE_FORMS,
    US_STATES,
)
from .mentions import Mention, find_mentions, quote_regions

_INITIAL = re.compile(r"^[A-Z]\.?$")
_DEFINITE_TITLE = re.compile(r"\b[Tt]he\s+(?:former\s+)?([a-z]+)(’s|'s)?\b")
_DESCRIPTION_HEADS = {"president", "senator", "governor", "mayor", "congressman", "congresswoman", "candidate",
                      "nominee", "secretary", "minister", "chancellor", "premier", "ambassador", "chairman",
                      "chairwoman", "speaker", "judge", "pope", "king", "queen", "prince", "princess", "sheriff"}
# First words of organisation names that say nothing alone ("National" is not "National Rifle Association").
_GENERIC_ORG_FIRST = {"national", "american", "united", "new", "international", "federal", "general", "first",
                      "democratic", "republican", "global", "north", "south", "east", "west", "central"}
_SUFFIX = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
_CONNECTORS = {"of", "for", "and", "the", "to", "on", "in", "at", "former", "then", "first", "under"}
_DROP_TITLE = {"the", "former", "then", "acting", "interim", "mr.", "mrs.", "ms.", "mr", "mrs", "ms",
               "dr.", "dr", "sir", "dame", "a", "an", "current", "longtime", "veteran"}

@dataclass
class Entity:
    """One person, organisation or place of the article, with what the text says about it."""

    id: int
    kind: str
    words: tuple[str, ...]                  # the longest name form seen
    first: str | None = None               # lower-cased first name (persons)
    surname: str = ""                       # lower-cased surname (persons) or last word
    gender: str | None = None
    titles: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    votes: Counter = field(default_factory=Counter)

    @property
    def canonical(self) -> str:
        """The document-level name, without titles and middle initials: for a person the full
        name the article uses most ("Hillary Clinton" over a single "Hillary Rodham Clinton"),
        for others the fullest form."""
        words = list(self.words)
        if self.kind == "person":
            # middle initials go, a leading one stays: "C. Boyden Gray", "G.K. Butterfield"
            forms = Counter(
                tuple(w for i, w in enumerate(_name_words(m)) if i == 0 or not _INITIAL.match(w))
                for m in self.mentions
            )
            # the most used full form; at equal use the shorter ("Hillary Clinton", not a headline's
            # "Hillary Clinton Sides"): a longer form wins only when it contains the usual one
            # a known first name breaks a tie: "Hillary Clinton" over a typo's "Hilary Clinton"
            full = [(n, f[0].lower() in (MALE_NAMES | FEMALE_NAMES), -len(f), f) for f, n in forms.items() if len(f) >= 2]
            if full:
                best = max(full)[3]
                # "Aung San Suu Kyi" over a more frequent "Suu Kyi" that it contains
                longer = [f for _, _, _, f in full if len(f) > len(best) and f[-len(best):] == best]
                words = list(max(longer, key=len) if longer else best)
            words = [w for i, w in enumerate(words) if not (0 < i < len(words) - 1 and _INITIAL.match(w))]
        if words and words[0].lower() == "the" and not (
            words[0] == "The" and len(words) == 2 and all(m.name[:1] == ("The",) for m in self.mentions)
        ):
            words = words[1:]  # "Washington Post"; but "The Hill", "The Blaze" keep their article
        return " ".join(words)

    @property
    def title_words(self) -> set[str]:
        return {w for t in self.titles for w in t.split()}


def _one_edit(a: str, b: str) -> bool:
    """Two first names one typing slip apart ("hilary" / "hillary"), both at least 4 letters."""
    if a == b or min(len(a), len(b)) < 4 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _norm(word: str) -> str:
    """Lower case with straight apostrophes: "O’Neill" and "O'Neill" are one name."""
    return word.lower().replace("’", "'")


def _name_words(mention: Mention) -> list[str]:
    return [w for w in mention.name if w.lower() not in _SUFFIX]


def _acronym(words: tuple[str, ...]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper() and w.lower() not in ("the",))


_RELATIVES = ("husband|wife|son|daughter|brother|sister|father|mother|widow|widower|nephew|niece|"
              "grandson|granddaughter|son-in-law|daughter-in-law")


class EntityIndex:
    """The entities of one document and which entity each name mention refers to."""

    def __init__(self, text: str, mentions: list[Mention] | None = None) -> None:
        self.text = text
        # Computed once per document and shared with find_mentions and the resolver.
        self.lowercase_words = lowercase_vocabulary(text)
        self.regions = quote_regions(text)
        self.sent_spans = sentences(text) or [(0, len(text))]
        self.mentions = (find_mentions(text, self.lowercase_words, self.regions, self.sent_spans)
                         if mentions is None else mentions)
        self.entities: list[Entity] = []
        self._cluster()
        self._titles()
        self._definite_descriptions()
        self._genders()
        self._complete_single_names()
        self._complete_relatives()

    # ------------------------------------------------------------------ clustering

    def _new(self, kind: str, mention: Mention, first: str | None, surname: str) -> Entity:
        entity = Entity(len(self.entities), kind, tuple(_name_words(mention) or mention.name), first and _norm(first), _norm(surname))
        self.entities.append(entity)
        return entity

    def _attach(self, entity: Entity, mention: Mention) -> None:
        mention.entity = entity.id
        entity.mentions.append(mention)
        words = tuple(_name_words(mention) or mention.name)
        if len(words) > len(entity.words) and (entity.kind != "person" or len(words) <= 4):
            entity.words = words
        if mention.gender and entity.kind == "person":
            entity.votes[mention.gender] += 3

    def _cluster(self) -> None:
        full: dict[tuple[str, str], Entity] = {}
        orgs: dict[str, Entity] = {}
        # "Guardian said" after "Mayor Don Guardian": a lone organisation word that is the
        # surname of a person named in full is that person, not "The Guardian"
        surnames = {
            _norm(m.name[-1]) for m in self.mentions
            if m.kind == "person" and len(m.name) >= 2 and m.name[0].lower() in (MALE_NAMES | FEMALE_NAMES)
        }
        for m in self.mentions:
            if m.kind == "org" and len(m.name) == 1 and _norm(m.name[0]) in surnames:
                m.kind = "name"
        # Pass 1: full person names, organisations, places.
        for m in self.mentions:
            words = [w for w in _name_words(m) if not _INITIAL.match(w)]
            if m.kind == "person" and len(words) >= 2:
                key = (_norm(words[0]), _norm(words[-1]))
                entity = full.get(key)
                if entity is None:
                    # "Suu Kyi" after "Aung San Suu Kyi", "Mr. Guajardo Villarreal" after
                    # "Ildefonso Guajardo Villarreal": a name ending a longer one is that person
                    low = [_norm(w) for w in words]
                    entity = next(
                        (e for e in full.values() if len(e.words) > len(low) and [_norm(w) for w in e.words][-len(low):] == low),
                        None,
                    )
                if entity is None:
                    # "Hilary Clinton" (a typo) and "Hillary Clinton": one person
                    entity = next(
                        (e for (first, last), e in full.items() if last == key[1] and _one_edit(first, key[0])
                         and not (first in MALE_NAMES | FEMALE_NAMES and key[0] in MALE_NAMES | FEMALE_NAMES)),
                        None,
                    )
                if entity is None:
                    entity = self._new("person", m, key[0], key[1])
                full[key] = entity
                self._attach(entity, m)
            elif m.kind in ("org", "place") and len(m.name) >= 1:
                low = [w.lower() for w in m.name if w.lower() != "the"]
                key = " ".join(low)
                entity = orgs.get(key)
                if entity is None and m.kind == "org" and len(low) > 1:
                    # "Supreme Court" after "U.S. Supreme Court" (or before it): one court
                    entity = next(
                        (e for e in self.entities if e.kind == "org" and _suffix_of(low, e.words) or
                         e.kind == "org" and len(e.words) > 1 and _suffix_of([w.lower() for w in e.words if w.lower() != "the"], tuple(m.name))),
                        None,
                    ) or self._new(m.kind, m, None, m.name[-1].lower())
                    orgs[key] = entity
                if entity is not None:
                    self._attach(entity, m)
        # Pass 2: single names, acronyms and short organisation names join an entity.
        singles: dict[tuple[str, str | None], Entity] = {}
        for m in sorted(self.mentions, key=lambda x: (x.gender is None, x.start)):  # honorifics first
            if m.entity is not None:
                continue
            entity = self._match_single(m)
            words = _name_words(m) or list(m.name)
            surname = (words or [""])[-1].lower()
            kind = m.kind if m.kind != "name" or not (m.title or m.gender) else "person"
            first = None
            if entity is None and kind == "name" and self._first_name_only(words):
                kind, first = "person", words[0]  # "Melanie", a woman the article names only so
            if entity is None and kind in ("person", "name") and len(words) == 1:
                entity = self._single_for(singles, surname, m.gender, m.start)
            if entity is not None and entity.kind == "person" and len(entity.words) >= 2 and m.gender is None:
                # a bare surname: rather the many "Mr. Obama" than a Michelle named once, later
                rival = self._single_for(singles, surname, None, m.start)
                if rival is not None and len(rival.mentions) > len(entity.mentions) and entity.mentions[0].start > m.start:
                    entity = rival
            if entity is None:
                key = " ".join(w.lower() for w in m.name if w.lower() != "the")
                entity = orgs.get(key) if kind in ("org", "place", "name", "thing") else None
                if entity is None:
                    entity = self._new(kind, m, first, surname)
                    if kind == "person":
                        singles[(_norm(surname), m.gender)] = entity
                    else:
                        orgs[key] = entity
            self._attach(entity, m)

    def _single_for(self, singles: dict, surname: str, gender: str | None, position: int) -> Entity | None:
        """A person so far known by surname only ("Mr. Obama"), gender-compatible."""
        found = [e for (s, g), e in singles.items() if s == _norm(surname) and (gender is None or g in (gender, None))]
        return max(found, key=lambda e: len(e.mentions)) if found else None

    def _complete_single_names(self) -> None:
        """"Mr. Obama" with "Barack Obama" written somewhere (even inside "Barack Obama Day"):
        a known first name of the right gender before the surname completes the name."""
        taken = {(e.first, e.surname) for e in self.entities if e.kind == "person" and len(e.words) >= 2}
        for e in self.entities:
            if e.kind != "person" or len(e.words) != 1:
                continue
            names = MALE_NAMES if e.gender == "m" or e.votes["m"] > e.votes["f"] else FEMALE_NAMES if (e.gender == "f" or e.votes["f"] > e.votes["m"]) else MALE_NAMES | FEMALE_NAMES
            for m in re.finditer(rf"\b([A-Z][a-z]+)\s+(?:[A-Z]\.\s+)?{re.escape(e.words[0])}\b", self.text):
                first = m.group(1).lower()
                if first in names and (first, e.surname) not in taken:
                    e.words = (m.group(1), e.words[0])
                    e.first = first
                    break

    def _complete_relatives(self) -> None:
        """"Clinton's husband, Bill", "Trump's daughter Ivanka": a person known by first name
        only, introduced as a named person's relative, takes that surname ("Bill Clinton")."""
        for e in self.entities:
            if e.kind != "person" or len(e.words) != 1:
                continue
            pattern = rf"\b([A-Z][\w\-]+)(?:’s|'s)\s+(?:{_RELATIVES}),?\s+{re.escape(e.words[0])}\b"
            for m in re.finditer(pattern, self.text):
                surname = _norm(m.group(1))
                if any(o.kind == "person" and o.id != e.id and o.surname == surname for o in self.entities):
                    e.first, e.surname = _norm(e.words[0]), surname
                    e.words = (e.words[0], m.group(1))
                    break

    def _match_single(self, m: Mention) -> Entity | None:
        words = [w for w in _name_words(m) if not _INITIAL.match(w)]
        if m.kind in ("org", "name") and len(words) == 1 and words[0].replace(".", "").isupper():
            acro = words[0].replace(".", "")
            for e in self.entities:
                if e.kind == "org" and _acronym(e.words) == acro:
                    return e
        if m.kind == "org":  # "The Post" -> "The New York Post", "Supreme Court" -> "U.S. Supreme Court"
            low = [w.lower() for w in words if w.lower() != "the"]
            cands = [e for e in self.entities if e.kind == "org" and _suffix_of(low, e.words)]
            if not cands and len(low) == 1 and low[0] not in _GENERIC_ORG_FIRST:
                # "Fox" -> "Fox News": the first word of one organisation named in full
                # (not "U.N." -> "U.N. Security Council": the rest must be organisation words)
                cands = [e for e in self.entities if e.kind == "org" and len(e.words) >= 2
                         and e.words[0].lower() == low[0] and all(w.lower() in ORG_WORDS for w in e.words[1:])]
            return cands[0] if len(cands) == 1 else None
        if m.kind not in ("person", "name") or len(words) != 1:
            return None
        person = self.person_for(words[0], m.start, m.gender)
        if person is None and m.kind == "name":
            # "Peabody" after "Peabody Energy": the short form of one company named in full
            low = words[0].lower()
            orgs = [e for e in self.entities if e.kind == "org" and len(e.words) >= 2 and e.words[0].lower() == low]
            if len(orgs) == 1 and low not in self.lowercase_words and low not in _GENERIC_ORG_FIRST:
                return orgs[0]
        return person

    def _first_name_only(self, words: list[str]) -> bool:
        """A known first name standing alone, never written lower case in the article (so not
        "Hope" or "Grace" as words) and never used as a place ("Virginia", "in Chelsea")."""
        if len(words) != 1:
            return False
        low = words[0].lower()
        if low not in MALE_NAMES | FEMALE_NAMES or low in self.lowercase_words or low in PLACES:
            return False
        return not re.search(rf"\b(?:in|at|near|from|across|around|outside)\s+{re.escape(words[0])}\b", self.text)

    def person_for(self, word: str, position: int, gender: str | None = None) -> Entity | None:
        """The full-named person a single name word (surname or first name) at ``position``
        refers to."""
        low = _norm(word)
        low = low.removesuffix("'s")
        # a camel-case word is a brand, not a first name ("EgyptAir" in "EgyptAir Jet Found")
        brand = re.search(r"[a-z][A-Z]", word) is not None
        cands = [e for e in self.entities if e.kind == "person" and len(e.words) >= 2
                 and (low == e.surname or (low == e.first and not brand))]
        by_surname = [e for e in cands if e.surname == low]
        cands = by_surname or cands
        if gender:  # "Mr. Obama" is not Michelle Obama, even when no Barack is named
            cands = [e for e in cands if self._rough_gender(e) in (gender, None)]
        if len(cands) <= 1:
            return cands[0] if cands else None
        # Two people share the name: the more prominent one (the resolver prefers the one who
        # just spoke, "Bill Clinton said ... Clinton added").
        # First-name-only mentions ("Melania") do not count: a bare surname means the one the
        # article calls by surname.
        def by_surname_count(e: Entity) -> tuple[int, int]:
            n = sum(1 for m in e.mentions if any(_norm(w) == e.surname for w in m.name))
            return (n, -e.mentions[0].start)

        return max(cands, key=by_surname_count)

    # ------------------------------------------------------------------ titles and gender

    def sentence_of(self, position: int) -> int:
        for i, (s, e) in enumerate(self.sent_spans):
            if position < e:
                return i
        return len(self.sent_spans) - 1

    def _titles(self) -> None:
        text = self.text
        for m in self.mentions:
            if m.entity is None:
                continue
            entity = self.entities[m.entity]
            if entity.kind != "person":
                continue
            words = [w for w in m.title if w not in _DROP_TITLE]
            before = _title_before(text, m.start)
            if before:
                words = before + words
            former = _FORMER_BEFORE.search(text[max(0, m.start - 60) : m.start + len(" ".join(m.title))])
            if words:  # "Former Republican gubernatorial candidate Meg Whitman": "former candidate"
                _add_title(entity, ("former " if former else "") + " ".join(words))
            home = _state_after(text, m.end)
            inside = _MENTION_OF_STATE.search(m.text)
            if inside:  # the mention itself ends "... of Florida"
                home = [inside.group(1).lower()] + home[1:]
            if home:  # "Sen. Marco Rubio (R-Fla.)": "florida republican senator"
                _add_title(entity, " ".join(home + [w for w in words if w not in home]))
            after = _apposition_after(text, m.end)
            if after:
                _add_title(entity, after)

    def _definite_descriptions(self) -> None:
        """"the president" / "the president's" after "President Obama" is a mention of Obama when
        exactly one named person holds that title: pronouns can then refer back to it ("In defeat,
        the president appeared cowed. Campaigning against Mitt Romney, he ...")."""
        taken = [(m.start, m.end) for m in self.mentions]
        regions = self.regions
        added = []
        for found in _DEFINITE_TITLE.finditer(self.text):
            head = found.group(1)
            if head not in _DESCRIPTION_HEADS or re.match(r"\s+(?:of\b|[A-Z])", self.text[found.end():]):
                continue  # "the president of the college", "the senator Ted Cruz" (a name follows)
            start, end = found.start(), found.end()
            if any(a < end and start < b for a, b in taken):
                continue
            holders = [e for e in self.entities if e.kind == "person"
                       and any(t.split()[-1] == head and not t.startswith("former ") for t in e.titles)
                       and e.mentions and e.mentions[0].start < start]
            holders.sort(key=lambda e: -len(e.mentions))
            # one holder, or one the article is about ("President Obama" 54 times, "President Xi" 6)
            if not holders or (len(holders) > 1 and len(holders[0].mentions) < 3 * len(holders[1].mentions)):
                continue
            entity = holders[0]
            possessive = bool(found.group(2))
            cut = end - len(found.group(2) or "")
            mention = Mention(start, cut, self.text[start:cut], "person", tuple(entity.words), (head,), None,
                              possessive, self.sentence_of(start), any(a < start and cut < b for a, b in regions))
            mention.entity = entity.id
            entity.mentions.append(mention)
            added.append(mention)
        if added:
            self.mentions = sorted(self.mentions + added, key=lambda m: m.start)
            for e in self.entities:
                e.mentions.sort(key=lambda m: m.start)

    def _genders(self) -> None:
        toks = tokens(self.text)
        pronoun_at = [
            (a, PERSONAL_PRONOUNS[self.text[a:b].lower()])
            for a, b in toks
            if self.text[a:b].lower() in PERSONAL_PRONOUNS and PERSONAL_PRONOUNS[self.text[a:b].lower()] in ("m", "f")
        ]
        persons = sorted((m for m in self.mentions if m.entity is not None and self.entities[m.entity].kind == "person"), key=lambda m: m.start)
        for i, m in enumerate(persons):
            limit_sent = m.sentence + 1
            nxt = persons[i + 1].start if i + 1 < len(persons) else len(self.text)
            for pos, g in pronoun_at:
                if pos <= m.end:
                    continue
                if pos >= nxt or self.sentence_of(pos) > limit_sent:
                    break
                self.entities[m.entity].votes[g] += 1
                break
        for e in self.entities:
            if e.kind != "person":
                continue
            m_votes, f_votes = e.votes["m"], e.votes["f"]
            # A known first name decides: pronoun votes are noisy ("Trump and Hillary Clinton
            # ... he" gives Clinton a "he"); the votes decide only for unknown first names.
            if e.first in MALE_NAMES:
                m_votes, f_votes = 1, 0
            elif e.first in FEMALE_NAMES:
                m_votes, f_votes = 0, 1
            if m_votes > f_votes:
                e.gender = "m"
            elif f_votes > m_votes:
                e.gender = "f"

    def gender_of(self, entity: Entity) -> str | None:
        return entity.gender

    @staticmethod
    def _rough_gender(entity: Entity) -> str | None:
        """Gender while clustering (before pronoun votes): honorifics, then the first name."""
        if entity.votes["m"] > entity.votes["f"]:
            return "m"
        if entity.votes["f"] > entity.votes["m"]:
            return "f"
        if entity.first in MALE_NAMES:
            return "m"
        if entity.first in FEMALE_NAMES:
            return "f"
        return None

    # ------------------------------------------------------------------ look-ups

    def entity_at(self, start: int, end: int) -> list[Entity]:
        """Entities with a name mention inside ``start..end``, in text order."""
        out = []
        for m in self.mentions:
            if m.start >= start and m.end <= end and m.entity is not None:
                out.append((m, self.entities[m.entity]))
        return [e for _, e in out]

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if m.start >= start and m.end <= end]


_TITLE_FORMS = {"sen.": "senator", "sen": "senator", "rep.": "representative", "rep": "representative",
                "gov.": "governor", "gov": "governor", "gen.": "general", "adm.": "admiral",
                "lt.": "lieutenant", "col.": "colonel", "sgt.": "sergeant", "capt.": "captain",
                "rev.": "reverend", "prof.": "professor", "dr.": "doctor", "atty.": "attorney",
                "congressman": "congressman representative", "congresswoman": "congresswoman representative",
                "chairwoman": "chairwoman chair", "chairman": "chairman chair", "ceo": "ceo chief executive"}


def _suffix_of(short: list[str], words: tuple[str, ...]) -> bool:
    low = [w.lower() for w in words if w.lower() != "the"]
    return len(low) > len(short) >= 1 and low[-len(short):] == short


def _add_title(entity: Entity, title: str) -> None:
    title = " ".join(title.lower().replace("’s", "").replace("'s", "").split())
    title = " ".join(_TITLE_FORMS.get(w, w) for w in title.split())
    if title and title not in entity.titles:
        entity.titles.append(title)


_WORD = re.compile(r"[A-Za-z][\w.\-’']*")


def _title_before(text: str, start: int) -> list[str]:
    """Title words right before a name: "Pentagon chief Lloyd Austin", "the defense secretary, X"."""
    window = re.split(r"[.!?;:\"“”()\n]", text[max(0, start - 80) : start])[-1]
    if window.endswith(", "):  # "the defense secretary, Lloyd Austin"
        window = window[:-2] + " "
        appositive = True
    else:
        appositive = False
    words = _WORD.findall(window)
    out: list[str] = []
    for w in reversed(words[-6:]):
        low = w.lower()
        if low in TITLE_WORDS or low in PERSON_NOUNS or (w[:1].isupper() and low not in ("the", "a", "an", "but", "and") and len(out) < 5):
            if low in ("the", "a", "an"):
                break
            out.insert(0, low)
            continue
        break
    if appositive and not any(w in PERSON_NOUNS for w in out):
        return []
    while out and out[0] not in TITLE_WORDS and out[0] not in PERSON_NOUNS and not out[0][:1].isalpha():
        out.pop(0)
    if not any((w in PERSON_NOUNS or w in TITLE_WORDS) and w not in _CONNECTORS for w in out):
        return []  # "Marco Rubio and Chris Christie": no title
    if out[-1] in ("for", "of", "to", "at", "with", "and"):
        return []  # "spokeswoman for Gore": the title is someone else's
    return [w for w in out if w not in _DROP_TITLE]


_APPOSITION = re.compile(
    r"^(?:,|\s+[-—–]{1,2})\s+(?:(?:the|a|an|who is|who was)\s+)?((?:[\w.\-’']+\s+){0,9}?[\w.\-’']+)\s*(?:,|\bsaid\b|\bsays\b|—|–|\.|\btold\b|\bcommented\b|\badded\b|\bwho\b|\bwhose\b)"
)


_FORMER_BEFORE = re.compile(r"\b(?:[Ff]ormer|[Ee]x-)\s*(?:[\w.\-’']+\s+){0,4}?(?:[\w.\-’']+\s*)?$")


def _apposition_after(text: str, end: int) -> str | None:
    """"Yang Moo-jin, president of the University of North Korean Studies," -> the title; also
    after a dash ("Ayotte - the first-term senator from New Hampshire - ...")."""
    m = _APPOSITION.match(text[end : end + 160])
    if not m:
        return None
    phrase = m.group(1)
    words = phrase.lower().split()
    if not words or not (any(w.strip(",.") in PERSON_NOUNS for w in words[:4]) or "running mate" in phrase.lower()):
        return None  # ("Trump's running mate": "mate" alone is no person noun)
    if words[0] in ("said", "says", "told", "who", "which", "and", "but", "he", "she"):
        return None
    kept = " ".join(w for w in words if w not in _DROP_TITLE)
    return f"former {kept}" if words[0] in ("former", "ex-") or words[0].startswith("ex-") else kept


_STATE_NAMES = "|".join(sorted((re.escape(s.title()) for s in US_STATES), key=len, reverse=True))
_PARTY_STATE = re.compile(r"^(?:\s*\(\s*|,\s+)([RDI])\s*-\s*([A-Z][A-Za-z.]*(?:\s[A-Z][a-z.]+)?)\s*[),;.]")
_STATE_ONLY = re.compile(r"^\s*\(\s*([A-Z][a-z]{1,4}\.|[A-Z]\.\s?[A-Z]\.|" + _STATE_NAMES + r")\s*\)")
_MENTION_OF_STATE = re.compile(r"\sof\s+(" + _STATE_NAMES + r")$")
_OF_STATE = re.compile(r"^\s+of\s+(" + _STATE_NAMES + r")\b(?!\s*(?:[A-Z&]|’s|'s))")


def _state_after(text: str, end: int) -> list[str]:
    """State (and party) written after a lawmaker's name: "(R-Fla.)", ", D-N.Y.,", "(Ky.)",
    " of Florida" -> ["florida", "republican"]; [] when none."""
    tail = text[end : end + 40]
    party = None
    found = _PARTY_STATE.match(tail)
    if found:
        party, place = PARTY_LETTERS[found.group(1).lower()], found.group(2)
        if not place.endswith(".") and tail[found.end() - 1 : found.end()] == ".":
            place += "."  # "R-Fla." ends the match at its period
    else:
        found = _STATE_ONLY.match(tail) or _OF_STATE.match(tail)
        if not found:
            return []
        place = found.group(1)
    low = re.sub(r"\s+", "", place.lower()) if "." in place else place.lower()
    state = US_STATE_FORMS.get(low) or (low if low in US_STATES else None)
    if state is None:
        return []
    return [state] + ([party] if party else [])
