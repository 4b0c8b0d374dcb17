"""The SpeakerResolver stage: each quote's source mention -> one canonical speaker per person.

"Blinken", "Secretary of State Antony Blinken" and "he" all become "Antony Blinken". The source
mention is read as one of:

* a name (person, organisation, place): its document entity (see ``entities.py``);
* a personal pronoun: the antecedent person, chosen by a pronoun scorer (learned on LitBank, or
  the rule "previous quote's speaker when gender fits, else the most recent compatible person");
  "it"/"they" go to a recent organisation or group; "I"/"we" inside a quotation to the speaker
  of the surrounding quote;
* a relative pronoun ("Trump, who said"): the name right before it;
* a description ("the Pentagon chief", "the secretary"): the person whose title matches, learned
  from the article ("Defense Secretary Lloyd Austin"); a generic or indefinite description
  ("critics", "a spokesman") has no named speaker: None.

Quotes are resolved in text order so that "He added" can use the speaker just resolved.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..document import Document, Quote, Span
from ..errors import ModelError
from ..pipeline import Stage
from . import store
from .entities import Entity, EntityIndex
from .lexicon import (
    DESCRIPTION_SYNONYMS,
    FEMALE_NAMES,
    MALE_NAMES,
    GENERIC_NOUNS,
    NOT_NAMES,
    ORG_WORDS,
    PERSON_NOUNS,
    PERSONAL_PRONOUNS,
    PLACES,
    RELATIVE_PRONOUNS,
    TITLE_WORDS,
    US_STATES,
)
from .pronouns import (
    PRONOUN_FEATURES,
    Candidate,
    antecedent_candidates,
    pronoun_features,
)
from .scorer import PairScorer

KIND = "speakers"
WEIGHTS_FILE = "speakers.safetensors"
SourceType = str  # "pronoun" | "partial_name" | "full_name" | "description" | "organization" | "none"

_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "one", "another", "some", "any",
                "its", "their", "his", "her", "our", "my", "your", "both", "each", "every", "many",
                "several", "other", "two", "three", "four", "five", "most", "all", "no"}
_INDEFINITE = {"a", "an", "one", "another", "some", "any", "many", "several", "two", "three", "four",
               "five", "most", "all", "no", "other", "few", "numerous", "multiple", "various"}
_STATEMENT_NOUNS = {"statement", "brief", "submission", "letter", "tweet", "tweets", "post", "remarks",
                    "comments", "speech", "filing", "lawsuit", "website", "memo", "email", "emails",
                    "release", "announcement", "spokesman", "spokeswoman", "spokesperson", "account",
                    "blog", "column", "op-ed", "interview", "testimony", "book", "ad", "video", "message",
                    "average", "analysis", "report", "study", "survey", "poll", "tracker", "commentary",
                    "eyes", "view", "views", "mind", "opinion", "words", "argument", "claim", "claims",
                    "profile", "page", "feed"}
# A message speaks for whoever it names as its author ("a Donald Trump tweet", "A new ad from Donald
# Trump's campaign"); studies, polls and reports do not (the conventions in eval/speakers_dev.md).
_MESSAGE_NOUNS = {"ad", "ads", "advertisement", "tweet", "tweets", "video", "statement", "letter", "email",
                  "memo", "release", "spot", "commercial", "message", "post", "speech", "remarks"}
# Where a message is posted, not who wrote it: "the school's Facebook post" is not Facebook's.
_PLATFORMS = {"facebook", "twitter", "instagram", "youtube", "snapchat", "tiktok", "reddit", "linkedin",
              "tumblr", "medium", "periscope", "vine"}
# Words before a study noun that keep it unowned: "a 2014 study", "the new poll", "this report".
_STUDY_LEADS = _INDEFINITE | {"the", "this", "that", "these", "those", "new", "recent", "latest"}
_STUDY_NOUNS = {"study", "studies", "research", "survey", "surveys", "poll", "polls", "analysis", "report",
                "reports", "findings", "assessment", "review", "data", "paper", "tally", "tallies",
                "estimate", "estimates", "records", "statistics"}
_QUANTIFIERS = {"many", "some", "most", "few", "several", "all", "other", "others", "both", "not",
                "numerous", "various", "countless", "half", "majority", "minority", "dozens", "hundreds",
                "thousands", "millions", "nearly", "almost", "about", "more", "fewer", "no", "none"}
_GROUP_HEADS = {"campaign", "administration", "team", "camp", "government", "family", "office",
                "agency", "department", "ministry", "committee", "party", "company", "newspaper",
                "paper", "network", "group", "organization", "organisation", "council", "court",
                "board", "panel", "commission", "union", "coalition", "foundation", "institute",
                "center", "website", "site", "magazine", "station", "channel", "outlet", "poll",
                "survey", "report", "study", "spokesperson", "police", "city", "state", "country",
                "church", "school", "hospital", "charity", "firm", "airline", "nonprofit"}
# Words of newspaper names ("The Advocate", "Orlando Sentinel").
_PAPER_WORDS = {"times", "post", "journal", "tribune", "herald", "gazette", "telegraph", "guardian", "news",
                "sentinel", "advocate", "register", "globe", "inquirer", "examiner", "chronicle", "courier",
                "dispatch", "observer", "standard", "star", "bee", "constitution", "enquirer", "independent",
                "mirror", "sun", "daily", "record", "review", "bulletin", "plain", "statesman"}
_ORG_DESCRIPTIONS = {
    "paper": _PAPER_WORDS,
    "newspaper": _PAPER_WORDS,
    "publication": _PAPER_WORDS | {"magazine", "review", "weekly"},
    "network": {"cnn", "nbc", "abc", "cbs", "fox", "msnbc", "bbc", "news", "network"},
    "outlet": {"times", "post", "journal", "news", "cnn", "fox"},
    # an agency is also a department, bureau or office ("the State Department ... The agency")
    "agency": {"agency", "department", "bureau", "office", "administration", "service", "commission",
               "fbi", "cia", "nsa", "epa", "irs", "fda", "cdc", "atf", "dea", "fema", "tsa", "nasa", "dhs", "ice"},
    "site": {"politifact", "wikileaks", "website", "breitbart"},
    "website": {"politifact", "wikileaks", "website", "breitbart"},
    "service": {"service", "politifact", "reuters", "ap", "afp"},
    "union": {"union", "association", "federation", "guild", "brotherhood", "afl-cio", "workers", "teamsters",
              "seiu", "afscme"},
    "federation": {"federation", "afl-cio"},
    "bureau": {"bureau", "fbi"},
    "court": {"court"},
}
# A state's organs speak for it: "South Korea's military said" -> South Korea.
_STATE_ORGANS = {"military", "army", "navy", "government", "ministry", "embassy", "regime", "leadership",
                 "parliament", "legislature", "cabinet", "junta", "forces", "media", "diplomats"}
_PLACE_HEADS = {"state", "country", "nation", "city", "government", "capital", "town", "county", "village"}


@dataclass
class Resolution:
    """The speaker of one quote, with how it was found (for reports and the dev set draft)."""

    speaker: str | None
    source_type: SourceType
    entity: int | None = None
    rule: str = ""


def source_type(text: str) -> SourceType:
    """Coarse type of a source mention, as used in the speaker dev set."""
    low = text.strip().lower()
    if not low:
        return "none"
    if low in PERSONAL_PRONOUNS or low in RELATIVE_PRONOUNS:
        return "pronoun"
    return "description"  # refined by the resolver once it knows the document's names


def _strip_det(words: list[str]) -> list[str]:
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    return words


@dataclass
class SpeakerResolver(Stage):
    """Resolve quote sources to canonical speakers; ``pronoun_scorer`` None = recency rule."""

    pronoun_scorer: PairScorer | None = None
    config: dict[str, Any] = field(default_factory=dict)
    name: str = "speakers"

    # ------------------------------------------------------------------ Stage contract

    def predict(self, docs: Sequence[Document]) -> list[list[str | None]]:
        return [[r.speaker for r in self.resolve(doc)] for doc in docs]

    def set_annotations(self, docs: Sequence[Document], predictions: Sequence[list[str | None]]) -> None:
        for doc, speakers in zip(docs, predictions):
            for quote, speaker in zip(doc.quotes, speakers):
                quote.speaker = speaker

    # ------------------------------------------------------------------ resolution

    def resolve(self, doc: Document, quotes: Sequence[Quote] | None = None) -> list[Resolution]:
        """One Resolution per quote (of ``doc.quotes`` or ``quotes``), in the same order."""
        quotes = list(doc.quotes if quotes is None else quotes)
        index = EntityIndex(doc.text)
        state = _State(doc, index, index.regions, quotes)
        order = sorted(range(len(quotes)), key=lambda i: _anchor(quotes[i]))
        results: list[Resolution | None] = [None] * len(quotes)
        deferred = []
        for i in order:
            src = quotes[i].source
            if src is not None and src.text.strip().lower() in ("i", "we", "me", "my", "us", "our") and state.inside_quote(src):
                deferred.append(i)
                continue
            results[i] = self._resolve_one(state, quotes[i], i)
            state.record(i, quotes[i], results[i])
        for i in deferred:
            results[i] = self._first_person(state, quotes[i], i)
            state.record(i, quotes[i], results[i])
        return [r if r is not None else Resolution(None, "none") for r in results]

    def _resolve_one(self, state: _State, quote: Quote, qi: int) -> Resolution:
        src = quote.source
        if src is None or not src.text.strip():
            return Resolution(None, "none", rule="no source")
        low = src.text.strip().lower()
        if low in RELATIVE_PRONOUNS:
            return self._relative(state, src)
        if low in PERSONAL_PRONOUNS:
            return self._pronoun(state, src, low, qi)
        return self._named_or_description(state, src, qi)

    # names ------------------------------------------------------------------

    def _named_or_description(self, state: _State, src: Span, qi: int) -> Resolution:
        index = state.index
        party = _PARTY_GROUPS.get(src.text.strip(" ,.’'s").lower())
        if party is not None:  # "Republican criticism": the party's people, as the conventions name them
            return Resolution(party, "organization", rule="party adjective")
        verb = src.text.strip(" ,.").split(" ", 1)[0].lower()
        if verb in _SPEECH_VERBS:
            # an annotation slip: the verb of "..., said Obama" (or "Hassan said in an interview")
            # marked as the source; the name right after the verb, or right before it, speaks
            verb_end = src.start + src.text.find(verb) + len(verb) if verb in src.text.lower() else src.end
            text = state.doc.text
            after = next((m for m in index.mentions if m.entity is not None and verb_end <= m.start <= verb_end + 3
                          and not text[verb_end : m.start].strip()), None)
            before = next((m for m in reversed(index.mentions) if m.entity is not None
                           and src.start - 2 <= m.end <= src.start and not text[m.end : src.start].strip()), None)
            found = after if src.text.strip(" ,.").lower() == verb and after is not None else before or after
            if found is not None:
                res = self._named_or_description(state, Span(found.start, found.end, found.text), qi)
                return Resolution(res.speaker, res.source_type, res.entity, rule="verb as source: " + res.rule)
        reflexive = re.match(r"^(.*\S)\s+(?:himself|herself|itself|themselves)[\s,]*$", src.text)
        if reflexive:  # "Sanders himself": Sanders
            head = reflexive.group(1)
            return self._named_or_description(state, Span(src.start, src.start + len(head), head), qi)
        if src.text.strip(" ,.").lower() in _INDEFINITE_PRONOUNS:
            return Resolution(None, "description", rule="indefinite pronoun")  # "Anyone questioning ..."
        first_word = src.text.split()[0].lower() if src.text.split() else ""
        if first_word == "both" and " and " in src.text:
            # "both the New York Times and Boston Globe", "both Mrs. Clinton and her campaign"
            rest = src.text.split(None, 1)[1]
            res = self._named_or_description(state, Span(src.end - len(rest), src.end, rest), qi)
            if res.speaker is not None:
                return res
        pair = re.fullmatch(r"both\s+(women|men)", src.text.strip(" ,").lower())
        if pair:  # "Both women": the last two women named, in the order the article met them
            gender = "f" if pair.group(1) == "women" else "m"
            people: list[Entity] = []
            for m in reversed(index.mentions):
                if m.start >= src.start or m.entity is None:
                    continue
                e = index.entities[m.entity]
                names = FEMALE_NAMES if gender == "f" else MALE_NAMES
                # a full name with a known first name, or "Mr." / "Mrs." in the text (not "Emily's List")
                known = (len(e.words) >= 2 and (e.first or "") in names) or any(x.gender == gender for x in e.mentions)
                if e.kind == "person" and e.gender == gender and known and e not in people:
                    people.append(e)
                if len(people) == 2:
                    break
            if len(people) == 2:
                people.sort(key=lambda e: e.mentions[0].start)
                return Resolution(" and ".join(e.canonical for e in people), "description", rule="both + two people")
        one = re.fullmatch(r"(?i)(?:at least )?one\s+([a-z\-]+)", src.text.strip(" ,"))
        if one and one.group(1).lower() in PERSON_NOUNS | {"democrat", "republican"}:
            # "At least one Democrat wasn't on board ... Sen. Claire McCaskill (D-Mo.) said": named next
            named = _named_later(state, src, one.group(1).lower(), 4)
            if named is not None:
                return Resolution(named.canonical, "description", named.id, rule="one, named later")
        if first_word in _QUANTIFIERS or re.fullmatch(r"\d[\d,]*", first_word) or re.match(r"(?i)at (?:least|most) ", src.text):
            # "many Democrats", "some officials", "31 Latinos": no one speaker
            return Resolution(None, "description", rule="quantified group")
        conj = re.match(r"^(.+?)\s+and\s+(?:his|her|their|has|the)?\s*(aides|advisers|advisors|allies|staff|team|supporters|campaign|lawyers)\b", src.text)
        if conj:  # "Trump and his aides": the named one speaks for them
            head_span = Span(src.start, src.start + len(conj.group(1)), conj.group(1))
            res = self._named_or_description(state, head_span, qi)
            if res.speaker is not None:
                return Resolution(res.speaker, res.source_type, res.entity, rule="person and aides")
        joint = self._joint(state, src, qi)
        if joint is not None:
            return joint
        alone = src.text.strip(" ,.").lower()
        if alone in GENERIC_NOUNS and " " not in alone:
            return Resolution(None, "description", rule="generic")  # "Police had charged ...": no one named
        if _STATE_PARTY_MEMBER.fullmatch(src.text.strip(" ,")):  # "the Wisconsin Republican": a description
            return self._description(state, src, src.text.strip(" ,"), qi)
        holder = None if _is_study(src.text) else _role_then_name(state, src)
        if holder is not None:
            return holder
        core_end = _core_end(src.text)
        core = src.text[:core_end].rstrip(" ,")
        core_words = core.split()
        mentions = [
            m for m in index.mentions
            if m.start < src.start + max(1, len(core)) and m.end > src.start and m.entity is not None
        ]
        last_word = core_words[-1] if core_words else ""
        if _is_study(src.text):
            return Resolution(None, "description", rule="study")
        if re.sub(r"(’s|'s|’|')$", "", last_word.lower()) in _MESSAGE_NOUNS:
            owner = _message_owner(state, src)
            if owner is not None:
                return owner
        if last_word[:1].islower() or not mentions:
            pair = _appositive_pair(state, src, len(core))
            if pair is not None:  # "Trump's leading rivals, Sens. Ted Cruz of Texas and Marco Rubio of Florida,"
                return Resolution(" and ".join(e.canonical for e in pair), "description", rule="description, two names")
            # "Carter's press secretary, Peter Cook": a description then the name it describes.
            named = [
                m for m in index.mentions
                if m.entity is not None and src.start + len(core) < m.start and m.end <= src.end
                and index.entities[m.entity].kind == "person" and not m.possessive
                and re.search(r",\s*$", src.text[: m.start - src.start]) is not None
                and re.fullmatch(r"[\s,.)(A-Za-z\-]*", src.text[m.end - src.start :][:12]) is not None
                and (m.end == src.end or src.text[m.end - src.start :].lstrip()[:1] in (",", "(", ""))
            ]
            if named:
                m = named[0]
                entity = index.entities[m.entity]
                full = len([w for w in m.name if not re.match(r"^[A-Z]\.$", w)]) >= 2
                return Resolution(entity.canonical, "full_name" if full else "partial_name", entity.id, rule="description, name")
        if last_word[:1].islower() and last_word.lower() not in ("jr.", "sr."):
            # A lower-case head: "the Trump campaign", "the Pentagon chief", "a spokesman for X".
            head = re.sub(r"(’s|'s|’|')$", "", last_word.lower())
            statement = head in _STATEMENT_NOUNS or (core_words[-1].lower() in _STATEMENT_NOUNS)
            state_owner = [m for m in mentions if m.possessive and index.entities[m.entity].kind == "place"]
            if head in _STATE_ORGANS and state_owner and core_words[0].lower() not in _INDEFINITE:
                entity = index.entities[state_owner[-1].entity]  # "South Korea's military": the state speaks
                return Resolution(entity.canonical, "organization", entity.id, rule="state organ")
            owner = [m for m in mentions if m.possessive and (index.entities[m.entity].kind == "org" or statement)]
            if owner and head not in PERSON_NOUNS and core_words[0].lower() not in _INDEFINITE:
                entity = index.entities[owner[-1].entity]  # "Kantar Media's ad tracker"
                return Resolution(entity.canonical, "organization", entity.id, rule="org's thing")
            if mentions and head in _GROUP_HEADS | ORG_WORDS and head not in PERSON_NOUNS and len(core_words) <= 5:
                last = mentions[-1]
                entity = index.entities[last.entity]
                proper = entity.kind in ("person", "place", "org") or (
                    entity.kind == "name" and last.text.lower() not in state.index.lowercase_words  # "Tulsa", not "Federal"
                )
                if proper and core.split()[0].lower() not in _INDEFINITE and entity.canonical.lower() not in _PLATFORMS:
                    name = entity.canonical.split()[-1] if entity.kind == "person" else entity.canonical
                    group = "campaign" if head == "camp" else head  # "the Clinton camp" is its campaign
                    return Resolution(f"{name} {group}", "organization", entity.id if entity.kind != "person" else None, rule="name+group head")
            return self._description(state, src, src.text, qi)
        if not mentions:
            return self._description(state, src, src.text, qi)
        in_core = [m for m in mentions if m.start < src.start + len(core)]
        persons = [m for m in in_core if index.entities[m.entity].kind == "person" and not m.possessive]
        primary = (persons or [m for m in in_core if not m.possessive] or in_core or mentions)[-1]
        entity = index.entities[primary.entity]
        role = re.sub(r"^(?:’s|'s|’|')", "", src.text[primary.end - src.start :]).strip()
        if primary.possessive and role and role.split()[0].lower().strip(",") in PERSON_NOUNS:
            # "Chad's Ambassador to France": the ambassador speaks, not Chad
            return self._description(state, src, role, qi)
        if entity.kind == "place" and len(primary.name) == 1:
            # "Jordan" in an article about Rep. Jim Jordan is the person, not the country.
            person = index.person_for(primary.name[0], src.start)
            if person is not None:
                entity = person
        if entity.kind == "person" and len(primary.name) == 1:
            # "Clinton" right after Bill Clinton spoke is Bill, even if Hillary is named nearby.
            spoke = state.previous_speaker_named(src.start, entity.surname, primary.gender)
            if spoke is not None and spoke.id != entity.id:
                entity = spoke
        if entity.kind == "person":
            full = len([w for w in primary.name if not re.match(r"^[A-Z]\.$", w)]) >= 2
            kind = "full_name" if full else "partial_name"
        elif entity.kind == "name":
            kind = "partial_name"
        else:
            kind = "organization"
        return Resolution(entity.canonical, kind, entity.id, rule=f"name:{entity.kind}")

    def _joint(self, state: _State, src: Span, qi: int) -> Resolution | None:
        """Two named people joined by "and" ("Mr. Grassley and Mr. Leahy", "Presidential
        candidates Hillary Clinton and Donald Trump") speak together: "A and B". An organisation
        whose one name spans the "and" ("the House Oversight and Government Reform Committee")
        is not split."""
        text = state.doc.text
        # "Sens. Rand Paul (Ky.) and Marco Rubio (Fla.)": parentheses blanked, offsets kept
        plain = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group(0)), src.text)
        core = plain[: _core_end(plain)].rstrip(" ,")
        joiner = r"\s+(?:and|nor)\s+" if plain.lower().startswith("neither ") else r"\s+(?:and|as well as)\s+"
        joins = list(re.finditer(joiner, core))
        if len(joins) in (2, 3):
            return self._joint_many(state, src, core, joins, qi)
        if len(joins) != 1:
            return None
        cut, resume = src.start + joins[0].start(), src.start + joins[0].end()
        if any(m.start < cut and m.end > resume for m in state.index.mentions):
            return None
        lead = len(core) - len(re.sub(r"(?i)^neither\s+", "", core))  # "Neither Cruz nor Christie"
        left = Span(src.start + lead, cut, text[src.start + lead : cut].rstrip())
        end = src.start + len(core.rstrip())
        right = Span(resume, end, text[resume:end])
        if not left.text.strip() or not right.text.strip():
            return None
        a = self._named_or_description(state, left, qi)
        b = self._named_or_description(state, right, qi)
        orgs = {"name:org", "name:name"}
        same_kind = (a.rule == b.rule and a.rule in ("name:person", "name:place")) or (
            a.rule in orgs and b.rule in orgs and "name:org" in (a.rule, b.rule))
        if not same_kind or not a.speaker or not b.speaker or a.speaker == b.speaker:
            return None  # people or places: "Citizenship and Immigration Services" is one agency
        return Resolution(f"{a.speaker} and {b.speaker}", a.source_type, None, rule="joint")

    def _joint_many(self, state: _State, src: Span, core: str, joins: list[re.Match[str]], qi: int) -> Resolution | None:
        """Three or four people: "Gov. Peter Shumlin and Sen. Patrick Leahy as well as former Gov.
        Howard Dean" -> "Peter Shumlin, Patrick Leahy and Howard Dean" (each a named person)."""
        text = state.doc.text
        bounds = [0, *(x for j in joins for x in (j.start(), j.end())), len(core.rstrip())]
        names: list[str] = []
        for a, b in zip(bounds[::2], bounds[1::2]):
            piece = Span(src.start + a, src.start + b, text[src.start + a : src.start + b])
            if not piece.text.strip() or "," in piece.text:
                return None
            res = self._named_or_description(state, piece, qi)
            if res.rule not in ("name:person", "role, then name") or not res.speaker or res.speaker in names:
                return None
            names.append(res.speaker)
        return Resolution(", ".join(names[:-1]) + " and " + names[-1], "full_name", None, rule="joint")

    # descriptions -------------------------------------------------------------

    def _description(self, state: _State, src: Span, phrase: str, qi: int) -> Resolution:
        index = state.index
        place = _PLACE_OF.match(phrase.strip())
        if place is not None:  # "The city of Phoenix", "the government of Japan": the place speaks
            name = place.group(1).strip()
            entity = next((index.entities[m.entity] for m in index.mentions if m.entity is not None
                           and src.start <= m.start and m.end <= src.end and m.text == name), None)
            return Resolution(entity.canonical if entity else name, "organization",
                              entity.id if entity else None, rule="place of")
        raw_words = re.findall(r"[\w\-’'.]+", phrase)
        first = raw_words[0].lower() if raw_words else ""
        words = [re.sub(r"(’s|'s|’|')$", "", w.lower().rstrip(".")) for w in _strip_det(raw_words)]
        words = [w[3:] if w.startswith("ex-") and len(w) > 3 else w for w in words if w]
        if not words:
            return Resolution(None, "description", rule="empty description")
        head = words[-1]
        for w in words:  # "spokesman for the campaign": the head comes before the PP
            if w in ("for", "of", "at", "with", "in", "from", "on", "to", "representing", "backing", "opposing",
                     "supporting", "called", "named", "led", "based", "funded", "that", "which", "who"):
                head = words[words.index(w) - 1] if words.index(w) > 0 else head
                break
        head_pos = words.index(head) if head in words else len(words) - 1
        modifiers = words[:head_pos]
        if head in ("board", "page", "writers", "editors") and "editorial" in modifiers:
            head, modifiers = "newspaper", []  # "the editorial board" speaks for the paper just named
        if head == "general" and modifiers and modifiers[-1] in _GENERAL_OFFICES:
            head = f"{modifiers[-1]} general"  # an inspector general is no General
        if first in _INDEFINITE:
            named = _apposition_owner(state, src)
            if named is not None:  # "from Walter Energy, another mining company that ..."
                return Resolution(named.canonical, "description", named.id, rule="appositive description")
            part_of = _part_of_org(state, src, head)
            if part_of is not None:  # "A three-judge panel of the U.S. Court of Appeals ..."
                return Resolution(part_of.canonical, "organization", part_of.id, rule="part of an organisation")
            if head in PERSON_NOUNS or head in _ANON_HEADS:
                state.unnamed.append((src.start, head))  # "a senior aide": "the aide" below is no one named
            if first in ("a", "an") and head in PERSON_NOUNS:
                named = _named_later(state, src, head, 3)
                if named is not None:
                    return Resolution(named.canonical, "description", named.id, rule="indefinite, named later")
            if first in ("a", "an") and head in _ORG_DESCRIPTIONS and head not in PERSON_NOUNS:
                # a lede's "A federal appeals court ruled ..." before "The U.S. Court of Appeals for
                # the Sixth Circuit", "A union representing flight attendants" before its name
                named = _org_named_later(state, src, head, 2)
                if named is not None:
                    return Resolution(named.canonical, "description", named.id, rule="indefinite org, named later")
            return Resolution(None, "description", rule="indefinite")
        owned = head in _STATEMENT_NOUNS or (head in _OWNED_GROUPS and len(words) <= 3)
        if first in ("his", "her", "their", "its", "whose") and owned and qi >= 0:
            # "Her submission to the court": whoever "her" is; "whose populist campaign": the
            # campaign of the one "whose" refers to ("Sanders campaign", as in the conventions)
            pron = Span(src.start, src.start + len(raw_words[0]), raw_words[0]) if src.text.startswith(raw_words[0]) else None
            if pron is not None:
                res = self._relative(state, pron) if first == "whose" else self._pronoun(state, pron, first, qi)
                if head in _OWNED_GROUPS:  # "his office" -> "Vitter office", as "Gowdy's office"
                    owner = state.index.entities[res.entity] if res.entity is not None else None
                    if res.speaker is None or " and " in res.speaker or (owner is not None and owner.kind != "person"):
                        return Resolution(None, "description", rule=f"owner's {head}: " + res.rule)
                    return Resolution(f"{res.speaker.split()[-1]} {head}", "description",
                                      rule=f"owner's {head}: " + res.rule)
                return Resolution(res.speaker, "description", res.entity, rule="owner pronoun: " + res.rule)
        if head in GENERIC_NOUNS or (head.endswith("s") and head not in PERSON_NOUNS and head[:-1] in PERSON_NOUNS | GENERIC_NOUNS | {"official", "expert", "source", "analyst", "critic", "supporter"}):
            return Resolution(None, "description", rule="generic")
        if head in _STATE_ORGANS and first in ("the", "this"):
            organ = _recent_state_organ(state, src.start, head)
            if organ is not None:  # "China's foreign ministry said ... the ministry said": China again
                return Resolution(organ.speaker, "organization", organ.entity, rule="state organ again")
        if head in _ORG_DESCRIPTIONS or head in _PLACE_HEADS or (
            (head in _GROUP_HEADS or head in ORG_WORDS) and head not in PERSON_NOUNS
        ):
            entity = self._org_for(state, src, head, modifiers)
            if entity is not None:
                return Resolution(entity.canonical, "description", entity.id, rule="org description")
            owner = _last_named_group(state, src.start, head)
            if owner is not None:
                return Resolution(owner, "description", rule="group description")
            topic = state.first_person_of_section(src.start) if head == "campaign" else None
            if topic is not None:  # a live-blog item: "Hillary Clinton plans ... The campaign says"
                return Resolution(f"{topic.words[-1]} campaign", "description", rule="section's campaign")
            if head == "administration" and first in ("the", "this") and words == ["administration"]:
                # none named: the administration of the president the article names ("President Obama")
                president = _sitting_president(state)
                if president is not None:
                    return Resolution(f"{president.words[-1]} administration", "description",
                                      rule="president's administration")
            if head == "campaign" and first in ("the", "this") and not modifiers:
                # no campaign named: "'Trump's comments aren't a joke,' the campaign wrote" after
                # Hillary Clinton spoke is hers
                prev = state.previous_person(src.start, None)
                if prev is not None and len(prev.words) >= 2:
                    return Resolution(f"{prev.words[-1]} campaign", "description", rule="last speaker's campaign")
            if head in _PLACE_HEADS and (first in ("the", "this") or words == [first]):  # also a bare "government"
                place = _recent_place(state, src.start)
                if place is not None:
                    return Resolution(place.canonical, "description", place.id, rule="place description")
            if head in _ANY_ORG_HEADS and first in ("the", "this"):
                org = _recent_org(state, src.start, brands=head in _BRAND_HEADS)
                if org is not None:
                    return Resolution(org.canonical, "description", org.id, rule="recent organisation")
            return Resolution(None, "description", rule="unmatched org description")
        # A person description: match titles learned from the article.
        if first in ("the", "that", "this") and _unnamed_antecedent(state, src, head):
            return Resolution(None, "description", rule="description->unnamed person")
        phrase_low = " ".join(words[: head_pos + 1])
        targets = {phrase_low}
        for key, syns in DESCRIPTION_SYNONYMS.items():
            if (phrase_low.endswith(key) or key == phrase_low) and not (head != key and head.endswith(" " + key)):
                targets |= syns
        # "the Florida senator": not a person the article tied to another state
        home = _states_in(modifiers) if head in PERSON_NOUNS else set()
        best: tuple[float, int, Entity] | None = None
        for entity in index.entities:
            if entity.kind != "person" or not entity.titles:
                continue
            score = _title_score(targets, head, modifiers, entity.titles)
            if _party_clash(words, entity.title_words):
                continue  # "the state's Republican governor" is not "Democratic Gov. Jay Nixon"
            held = _states_in(entity.title_words) if home else set()
            if held:  # tied to a state: to this one (then only recency decides), or not the one meant
                if not home <= held:
                    continue
                score = 0.0 if _other_office(entity, head) else 3.0
            elif home and score < 1.0:
                continue  # "the Wisconsin Republican" is not any Republican
            if score <= 0:
                continue
            recency = state.last_position(entity, src.start)
            key = (score, recency)
            if best is None or key > (best[0], best[1]):
                best = (score, recency, entity)
        if best is not None:
            prev = state.previous_person(src.start, None)
            if (not modifiers and prev is not None and prev.id != best[2].id and not _other_office(prev, head)
                    and len(prev.mentions) >= 3 * max(1, len(best[2].mentions))
                    and not any(t == head for t in best[2].titles)):
                # "the candidate" after Sanders spoke, in an article about him, is not the
                # "Wisconsin Senate candidate" named once: a qualified title is weak evidence
                return Resolution(prev.canonical, "description", prev.id, rule="description->prominent previous speaker")
            return Resolution(best[2].canonical, "description", best[2].id, rule="title match")
        if head in _AGENT_HEADS and "former" not in words and re.search(r"\w(?:’s|')s?\s", src.text):
            # "Cameron's spokesman", "the prime minister's spokesman" speak for someone else: not the
            # owner, nor whoever spoke last, and unnamed unless a title above matched ("Obama's
            # former campaign strategist" may well be the last speaker, though)
            state.unnamed.append((src.start, head))
            return Resolution(None, "description", rule="owner's unnamed person")
        if head in PERSON_NOUNS and (first == "the" or first.endswith(("’s", "'s"))):
            # the last person quoted, if they may hold it: "the Wisconsin Republican" is not one the
            # article put in Ohio, "the defense minister" not a secretary of state
            prev = state.previous_person(src.start, None)
            if prev is not None and ((home and _states_in(prev.title_words) - home) or _other_office(prev, head)
                                     or _party_clash(words, prev.title_words)):
                prev = None
            if prev is None and "former" in words and head in _OFFICES and "," not in phrase:
                # "The former secretary of state" after Sen. Sanders spoke: the last person named
                # who holds no other office (Hillary Clinton), within three sentences
                held = _last_named_without_office(state, src.start, head)
                if held is not None:
                    return Resolution(held.canonical, "description", held.id, rule="former office->last person named")
            gender = _NOUN_GENDER.get(head)
            if prev is not None and gender and prev.gender not in (gender, None):
                prev = None  # "the man" / "The New York businessman" is not Hillary Clinton, who spoke last
            if prev is not None and self.config.get("description_fallback_previous", True):
                return Resolution(prev.canonical, "description", prev.id, rule="description->previous speaker")
            topic = state.first_person_of_section(src.start)
            if topic is not None and not (gender and topic.gender not in (gender, None)):
                # a live-blog item about one person: "The GOP nominee complained"
                return Resolution(topic.canonical, "description", topic.id, rule="description->section's person")
        return Resolution(None, "description", rule="unmatched description")

    def _org_for(self, state: _State, src: Span, head: str, modifiers: list[str]) -> Entity | None:
        wanted = _ORG_DESCRIPTIONS.get(head, {head})
        best = None
        later: tuple[int, Entity] | None = None
        for entity in state.index.entities:
            if entity.kind not in ("org", "place", "name"):
                continue
            words = {w.lower() for w in entity.words}
            if not (words & wanted) and not (head == "union" and any(w.endswith("workers") for w in words)):
                continue  # ("the union" is also the United Steelworkers)
            if modifiers and not (set(modifiers) & words) and any(m[:1].isalpha() and m not in ("official", "state", "state-run", "federal") for m in modifiers):
                continue
            pos = state.last_position(entity, src.start)
            if pos >= 0 and (best is None or pos > best[0]):
                best = (pos, entity)
            elif pos < 0 and entity.mentions:
                # named only later ("Federal court rules ..." above "the U.S. Court of Appeals")
                after = entity.mentions[0]
                gap = state.index.sentence_of(after.start) - state.index.sentence_of(src.start)
                if gap <= 3 and (later is None or after.start < later[0]):
                    later = (after.start, entity)
        if best is None and later is not None:
            return later[1]
        return best[1] if best else None

    # pronouns -----------------------------------------------------------------

    def _relative(self, state: _State, src: Span) -> Resolution:
        text = state.doc.text
        index = state.index
        before = [m for m in index.mentions if m.end <= src.start and src.start - m.end <= 4 and m.entity is not None]
        if before and re.fullmatch(r"[\s,—–-]*", text[before[-1].end : src.start]):
            entity = index.entities[before[-1].entity]
            verb = re.match(r"\s*(\w+)", text[src.end : src.end + 20])
            if entity.kind == "person" and verb and verb.group(1).lower() in ("are", "were", "have"):
                # "those supporting Clinton, who are ...": a plural verb, so not that one person
                return Resolution(None, "pronoun", rule="relative:plural verb")
            lead = text[max(0, before[-1].start - 40) : before[-1].start]
            if re.search(r"\b(?:plenty of|many|some|most|few|several|thousands of|hundreds of|millions of|"
                         r"dozens of|lots of)\s+(?:[\w\-]+\s+){0,2}$", lead, re.IGNORECASE):
                # "plenty of energized Democrats who": a quantified group names no one
                return Resolution(None, "pronoun", rule="relative:quantified group")
            if src.text.strip().lower() in ("who", "whom") and entity.kind == "place":
                # "Alan Berger, a gynecologist from Englewood, New Jersey, who": the person, not the place
                sent_start = index.sent_spans[index.sentence_of(src.start)][0]
                people = [m for m in index.mentions if sent_start <= m.start and m.end <= src.start
                          and m.entity is not None and index.entities[m.entity].kind == "person"]
                if people:
                    entity = index.entities[people[-1].entity]
                    return Resolution(entity.canonical, "pronoun", entity.id, rule="relative:apposition's person")
            return Resolution(entity.canonical, "pronoun", entity.id, rule="relative:name")
        # "the Republican nominee for president, who": a description right before.
        window = text[max(0, src.start - 120) : src.start].rstrip(" ,—–-")
        clause = re.split(r"[.;:!?“”\"()]|\b(?:and|but|said|says|told)\b", window)[-1]
        np_words = clause.split()[-8:]
        for i, w in enumerate(np_words):
            if w.lower() in _DETERMINERS:
                np_words = np_words[i:]
                break
        if np_words:
            phrase = " ".join(np_words)
            fake = Span(src.start, src.end, src.text)
            res = self._description(state, fake, phrase, -1)
            if res.speaker is None and src.text.strip().lower() in ("who", "whom"):
                head = _apposition_head(state, src.start)
                if head is not None:  # "Harold Doley, the first black member of ..., who"
                    return Resolution(head.canonical, "pronoun", head.id, rule="relative:apposition head")
            return Resolution(res.speaker, "pronoun", res.entity, rule="relative:" + res.rule)
        return Resolution(None, "pronoun", rule="relative:none")

    def _pronoun(self, state: _State, src: Span, low: str, qi: int) -> Resolution:
        person = PERSONAL_PRONOUNS[low]
        turn = _interview_turn(state, src.start)
        if turn is not None and person in ("1", "1p", "2"):
            # An interview transcript: "A:" answers are the interviewee's own words, and the
            # questions' "you" is the interviewee too (a "you" in an answer is anyone)
            role, guest = turn
            if (role == "A") == (person != "2") and not state.inside_quote(src):
                return Resolution(guest.canonical, "pronoun", guest.id, rule="interview answer" if role == "A" else "interview question")
            if role == "A" and person == "2":
                return Resolution(None, "pronoun", rule="second person")
        if person in ("1", "1p"):
            if state.inside_quote(src):
                return self._first_person(state, state.quotes[qi], qi)
            signed = _signature_after(state, src.end)
            if signed is not None:  # a letter: "I ..." signed "John Gorra." below
                return Resolution(signed, "pronoun", rule="first person -> signature")
            author = _author_bio(state)
            if author is not None:  # an op-ed closing "Jason Linkins edits ..."
                return Resolution(author, "pronoun", rule="first person -> author's bio")
            return Resolution(None, "pronoun", rule="first person outside quotes (author)")
        if person == "2":
            return Resolution(None, "pronoun", rule="second person")
        if person in ("p", "n"):
            entity = state.recent_group(src.start, person)
            if entity is not None:
                return Resolution(entity.canonical if isinstance(entity, Entity) else entity, "pronoun", rule=f"{low}->group")
            return Resolution(None, "pronoun", rule=f"{low}: no group")
        cands = antecedent_candidates(state, src.start, person)
        if not cands:
            return Resolution(None, "pronoun", rule="no compatible antecedent")
        if self.pronoun_scorer is not None:
            rows = [pronoun_features(state, src.start, person, c) for c in cands]
            best = cands[int(np.argmax(self.pronoun_scorer.logits(rows)))]
            rule = "pronoun scorer"
        else:
            best = rule_antecedent(cands)
            rule = "pronoun rule"
        entity = state.index.entities[best.entity]
        if person in ("m", "f") and _unnamed_person_between(state, entity, src.start, person):
            return Resolution(None, "pronoun", rule="unnamed antecedent")
        return Resolution(entity.canonical, "pronoun", entity.id, rule=rule)

    def _first_person(self, state: _State, quote: Quote, qi: int) -> Resolution:
        """"I"/"we" inside quotation marks: the speaker of the quote that holds them."""
        src = quote.source
        assert src is not None
        region = state.region_of(src)
        best = None
        for j, other in enumerate(state.quotes):
            if j == qi or other.source is None or state.speaker_of.get(j) is None:
                continue
            hull = (other.content[0].start, other.content[-1].end) if other.content else (other.source.start, other.source.end)
            if region is not None:
                lo, hi = region
                touches = hull[0] < hi + 3 and hull[1] > lo - 3
            else:
                touches = hull[0] <= src.start < hull[1]
            if touches:
                dist = abs(other.source.start - src.start)
                if best is None or dist < best[0]:
                    best = (dist, j)
        if best is not None:
            res = state.speaker_of[best[1]]
            return Resolution(res.speaker, "pronoun", res.entity, rule="first person -> quote speaker")
        # The quotation is attributed right after it ("..., Trump said"): the next name.
        if region is not None:
            after = [m for m in state.index.mentions if region[1] <= m.start <= region[1] + 40 and m.entity is not None]
            if after:
                e = state.index.entities[after[0].entity]
                return Resolution(e.canonical, "pronoun", e.id, rule="first person -> name after quote")
            prev = state.previous_person(src.start, None)
            if prev is not None:
                return Resolution(prev.canonical, "pronoun", prev.id, rule="first person -> previous speaker")
        return Resolution(None, "pronoun", rule="first person unresolved")

    # ------------------------------------------------------------------ persistence

    def save_pretrained(self, directory: str | Path) -> None:
        """Write the ``speakers`` part of ``config.json`` (and its pronoun scorer weights)."""
        folder = Path(directory)
        section = {k: v for k, v in self.config.items() if k not in ("pronoun_features", "weights")}
        if self.pronoun_scorer is not None:
            section["pronoun_features"] = self.pronoun_scorer.feature_names
            section["weights"] = WEIGHTS_FILE
            folder.mkdir(parents=True, exist_ok=True)
            store.write_tensors(folder / WEIGHTS_FILE, self.pronoun_scorer.to_tensors("pronoun"))
        store.write_section(folder, KIND, section)

    @classmethod
    def from_pretrained(cls, directory: str | Path) -> SpeakerResolver:
        folder = Path(directory)
        config = store.read_section(folder, KIND)
        scorer = None
        if config.get("weights"):
            if config.get("pronoun_features") != PRONOUN_FEATURES:
                raise ModelError(
                    f"{folder / 'config.json'} was saved with other pronoun features than this "
                    f"version computes. Rebuild it with: {store.REBUILD}"
                )
            tensors = store.read_tensors(folder / str(config["weights"]))
            scorer = PairScorer.from_tensors(tensors, "pronoun", PRONOUN_FEATURES)
        return cls(scorer, dict(config))


_INDEFINITE_PRONOUNS = {"anyone", "anybody", "everyone", "everybody", "someone", "somebody", "no one",
                        "nobody", "none", "no-one"}


def rule_antecedent(cands: list[Candidate]) -> Candidate:
    """The hand rule: a subject earlier in the pronoun's sentence; else, for a sentence-opening
    pronoun ("He added"), the previous quote's speaker; else the subject of the closest earlier
    sentence with a candidate; else the last-named person."""
    same = [c for c in cands if c.sent_distance == 0 and c.last_subject and not c.last_possessive]
    if same and not cands[0].pronoun_initial:
        return min(same, key=lambda c: c.char_distance)
    prev = [c for c in cands if c.is_prev_speaker and c.prev_speaker_sent <= 3]
    if prev:
        return prev[0]
    subjects = [c for c in cands if c.last_subject and not c.last_possessive]
    if subjects:
        nearest = min(c.sent_distance for c in subjects)
        if nearest <= 1:  # "In defeat, the president appeared cowed. Campaigning against Mitt Romney, he"
            return min((c for c in subjects if c.sent_distance == nearest), key=lambda c: c.char_distance)
    return min(cands, key=lambda c: (c.char_distance, -c.n_mentions))


def _title_score(targets: set[str], head: str, modifiers: list[str], titles: list[str]) -> float:
    """How well a description ("the senator") fits a person's learned titles; 0 for not at all.
    A title the person no longer holds ("former candidate") counts half for a description
    that does not say "former"."""
    best = 0.0
    vice = any("vice" in re.split(r"[\s-]+", t) for t in targets)
    for title in titles:
        t_words = set(title.split())
        t_split = re.split(r"[\s-]+", title)
        if ("president" in t_split or "presidential" in t_split) and ("vice" in t_split) != vice:
            continue  # "the vice-presidential nominee" is not the presidential one, nor the reverse
        for target in targets:
            w = target.split()
            if f" {target} " in f" {title} ":
                score = 2.0 + len(w)
            elif w and w[-1] in t_words and (not w[:-1] or set(w[:-1]) & t_words):
                score = 1.0 + len(set(w) & t_words)
            elif head in t_words:
                score = 1.0 if not modifiers else 0.5
            else:
                continue
            if title.startswith("former ") and "former" not in w and "former" not in modifiers:
                score /= 2
            best = max(best, score)
    return best


_CORE_CUT = re.compile(r",|\s*\(|\s+--|\s*[—–]|\s(?:for|at|with|from|in|on|who|which|whose|to)\s|\s(?=of\s)")


def _core_end(text: str) -> int:
    """End of the noun phrase core: "A spokesman| for the military", "Yang Moo-jin|, president"."""
    for m in _CORE_CUT.finditer(text):
        if m.group(0).strip() == "" or m.group(0).strip() == "of":
            before = text[: m.start()].split()
            if before and before[-1][:1].isupper():
                continue  # "Secretary of State": a title, not a cut
        return m.start()
    return len(text)


_SIGNATURE = re.compile(r"^(?:(@\w+)|([A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-.]*){1,2}))\.?$")


_AUTHOR_BIO = re.compile(r"^[(*_\s]*(?:(?:Rep|Sen|Gov|Dr|Prof)\.?\s+)?"  # "Rep. Debbie Wasserman Schultz, D-Fla., chairs"
                         r"([A-Z][\w’'\-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w’'\-]+){1,2})(?:,\s+[DRI]-[A-Z][\w.]*,)?"
                         r"\s+(?:is|was|edits|writes|covers|teaches|directs|leads|serves|reports|has been|chairs|heads|"
                         r"represents|runs)\b")


_TURN = re.compile(r"(Q|A)\s*[:.]\s")


def _interview_turn(state: _State, position: int) -> tuple[str, Entity] | None:
    """In a Q&A transcript ("Q: ..." / "A: ..." paragraphs, at least two of each), whose turn holds
    ``position`` ("Q" or "A", for lines that do not open with a label: the last label before) and
    the interviewee: the person the paragraphs before the first question name most often."""
    if state.interview is None:
        from ..text import paragraphs

        text = state.doc.text
        turns = [(a, m.group(1)) for a, _ in paragraphs(text) if (m := _TURN.match(text, a))]
        guest = None
        if sum(t == "Q" for _, t in turns) >= 2 and sum(t == "A" for _, t in turns) >= 2:
            first_q = next(a for a, t in turns if t == "Q")
            counts = Counter(m.entity for m in state.index.mentions if m.start < first_q and m.entity is not None
                             and state.index.entities[m.entity].kind == "person")
            if counts:
                guest = state.index.entities[counts.most_common(1)[0][0]]
        state.interview = (turns, guest) if guest is not None else ([], None)
    turns, guest = state.interview
    before = [t for a, t in turns if a <= position]
    if guest is None or not before:
        return None
    return before[-1], guest


def _author_bio(state: _State) -> str | None:
    """The author an op-ed names in its closing bio line ("Jason Linkins edits ... for The
    Huffington Post."): the conventions give the author's own "I"/"we" to that name."""
    from ..text import paragraphs

    found = paragraphs(state.doc.text)
    if not found:
        return None
    start, end = found[-1]
    m = _AUTHOR_BIO.match(state.doc.text[start:end])
    if m is None or any(w.lower() in NOT_NAMES or w.lower() in ORG_WORDS for w in m.group(1).split()):
        return None
    return m.group(1)


_UNNAMED_PERSON = re.compile(
    r"\b(?:[Aa]n?|[Oo]ne)\s+(?:[\w\-’']+\s+){0,3}?(man|woman|boy|girl|father|mother|husband|wife|widow|"
    r"user|resident|voter|student|teenager|veteran|worker|driver|officer|passenger|customer|patient)\b"
)
_MALE_WORDS = {"man", "boy", "father", "husband"}
_FEMALE_WORDS = {"woman", "girl", "mother", "wife", "widow"}


def _unnamed_person_between(state: _State, entity: Entity, position: int, gender: str) -> bool:
    """"A Berlin woman received probation after she had posted ...": an indefinite person
    introduced after the chosen antecedent's last mention, in this or the previous sentence, is
    who the pronoun means; the conventions give such a person no name (None)."""
    last = state.last_position(entity, position)
    sentence_start = state.index.sent_spans[max(0, state.index.sentence_of(position) - 1)][0]
    lo = max(last, sentence_start)
    for m in _UNNAMED_PERSON.finditer(state.doc.text, lo, position):
        noun = m.group(1).lower()
        if (gender == "m" and noun in _FEMALE_WORDS) or (gender == "f" and noun in _MALE_WORDS):
            continue
        before = state.doc.text[max(0, m.start() - 12) : m.start()].rstrip()
        if before.endswith(",") or re.search(r"\b(?:is|was|be|been|being|became|as|like|than|by|for|of|to|"
                                             r"with|from|about|including|and|or)$", before):
            continue  # "Weiner, who is just a ... man", "offered by a man": not a new person who acts
        if not state.inside_quote(Span(m.start(), m.end(), m.group(0))):
            return True
    return False


def _signature_after(state: _State, position: int) -> str | None:
    """The signature closing the text block after ``position``: a paragraph that is only a
    person's name ("Kathryn Kates.") or a handle ("@Fred_945."), as under letters."""
    from ..text import paragraphs

    for start, end in paragraphs(state.doc.text):
        if end <= position:
            continue
        line = state.doc.text[start:end].strip()
        m = _SIGNATURE.match(line)
        if m and (m.group(1) or line.rstrip(".").lower() not in PLACES):
            if m.group(1):
                return m.group(1)
            words = line.rstrip(".").split()
            if any(w.lower() in NOT_NAMES or w.lower().rstrip(".") in ORG_WORDS for w in words):
                continue
            entity = next((e for e in state.index.entities if e.kind == "person" and e.canonical.split()[-1] == words[-1]), None)
            return entity.canonical if entity is not None else " ".join(words)
        if len(line.split()) > 12 and start > position + 2000:
            return None  # too far: this is no letter
    return None


def _recent_place(state: _State, position: int) -> Entity | None:
    """"the state" -> the place named last in this or the previous sentence ("Florida")."""
    index = state.index
    sent = index.sentence_of(position)
    for m in reversed(index.mentions):
        if m.end <= position and m.entity is not None and index.entities[m.entity].kind == "place":
            return index.entities[m.entity] if sent - m.sentence <= 1 else None
    return None


# Heads that fit any organisation: "the company" is the one just named, whatever its name says.
_ANY_ORG_HEADS = {"company", "firm", "organization", "organisation", "group", "airline", "carrier",
                  "charity", "nonprofit", "church", "school", "hospital"}


# Heads under which an untyped name just before is a brand ("EgyptAir, the airline said"); not
# "the group", which as often means people ("the high-earning group").
_BRAND_HEADS = {"company", "firm", "airline", "carrier"}


def _recent_org(state: _State, position: int, brands: bool = False) -> Entity | None:
    """"The company confirmed ..." -> the organisation named last, in this or the two previous
    sentences ("Vanguard Logistics Services"); never a platform or a news outlet being cited.
    With ``brands``, an untyped name that reads like an organisation counts too (``_org_like``)."""
    index = state.index
    sent = index.sentence_of(position)
    for m in reversed(index.mentions):
        if m.end > position or m.entity is None:
            continue
        if sent - m.sentence > 2:
            return None
        entity = index.entities[m.entity]
        low = entity.canonical.lower()
        if (entity.kind == "org" or brands and _org_like(entity)) and low not in _PLATFORMS and not set(low.split()) & _OUTLET_WORDS:
            return entity
    return None


def _org_like(entity: Entity) -> bool:
    """An untyped name that reads like an organisation: "EgyptAir", "Wealth-X" (the entity finder
    types brands it has no word for as bare names), but not a first name ("Mary") or a plural
    ("Americans", "Democrats"), which are people."""
    words = entity.canonical.split()
    return (entity.kind == "name" and bool(words) and words[0].lower() not in MALE_NAMES | FEMALE_NAMES
            and not entity.canonical.endswith("s"))


_OUTLET_WORDS = {"times", "post", "journal", "news", "tribune", "herald", "gazette", "cnn", "fox", "msnbc",
                 "nbc", "abc", "cbs", "npr", "politico", "reuters", "ap", "afp", "bbc"}


_PLACE_OF = re.compile(r"(?i:the)\s+(?:city|state|town|county|village|country|commonwealth|kingdom|republic|"
                       r"government|people)\s+of\s+([A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*)$")


def _is_study(phrase: str) -> bool:
    """"a 2014 study by Harvard ...", "research conducted by ...", "reports like the National Climate
    Assessment": findings speak for no one (the conventions), unless possessed ("POLITICO's average")."""
    words = phrase.split()[:6]
    for i, word in enumerate(words):
        if word.endswith(("’s", "'s", "’", "'")):
            return False
        low = word.lower().strip(",.;:")
        if low in _STUDY_NOUNS:
            before = words[i - 1].lower() if i else ""
            return (i == 0 or before in _STUDY_LEADS or before[:1].isdigit()
                    or words[0].lower() in _INDEFINITE | {"the", "new"})
        if low in ("by", "from", "of", "for"):
            return False
    return False


def _message_owner(state: _State, src: Span) -> Resolution | None:
    """The person or organisation a message phrase names as its author, or its campaign."""
    index = state.index
    for m in index.mentions:
        if m.start < src.start or m.end > src.end or m.entity is None:
            continue
        entity = index.entities[m.entity]
        if entity.kind not in ("person", "org") or entity.canonical.lower() in _PLATFORMS:
            continue
        if entity.kind == "person" and re.match(r"(?:’s|'s)?\s+(?:[a-z]+\s+)?campaign\b", src.text[m.end - src.start :]):
            return Resolution(f"{entity.words[-1]} campaign", "description", rule="message of a campaign")
        return Resolution(entity.canonical, "description", entity.id, rule="message's author")
    return None


_OFFICES = {"secretary", "minister", "president", "senator", "governor", "mayor", "ambassador", "judge",
            "justice", "chancellor", "premier", "general", "speaker", "congressman", "congresswoman"}


_STATE_PARTY_MEMBER = re.compile(
    r"(?:the|The)\s+(?:[A-Z][a-z]+\s+){1,2}(?:Republican|Democrat)(?:’s|'s)?"
)


def _states_in(words: set[str] | list[str]) -> set[str]:
    """US states named by these lower-case words ("new", "hampshire" -> {"new hampshire"})."""
    words = set(words)
    return {s for s in US_STATES if set(s.split()) <= words}


_HEAD_TITLES = {
    "lawmaker": {"lawmaker", "senator", "representative", "congressman", "congresswoman", "legislator", "sen.", "rep."},
    "spokeswoman": {"spokeswoman", "spokesperson", "spokesman", "press secretary"},
    "spokesman": {"spokesman", "spokesperson", "press secretary"},
    "judge": {"judge", "justice"},
    "adviser": {"adviser", "advisor", "aide", "strategist"},
    "advisor": {"adviser", "advisor", "aide", "strategist"},
    "official": {"official", "secretary", "director", "minister", "spokesman", "spokeswoman"},
}


_PARTY_GROUPS = {"republican": "Republicans", "republicans": "Republicans", "gop": "Republicans",
                 "democratic": "Democrats", "democrat": "Democrats", "democrats": "Democrats"}
_SPEECH_VERBS = {"said", "says", "told", "added", "asked", "wrote", "stated", "explained", "noted", "argued"}
# Groups a person owns: "his campaign", "her office", "his administration".
_OWNED_GROUPS = {"campaign", "office", "administration", "team"}
# Roles that speak for someone else.
_AGENT_HEADS = {"spokesman", "spokeswoman", "spokesperson", "aide", "lawyer", "attorney", "adviser", "advisor",
                "staffer", "representative"}
_PARTIES = {"republican": "R", "republicans": "R", "gop": "R", "democratic": "D", "democrat": "D",
            "democrats": "D"}


def _sitting_president(state: _State) -> Entity | None:
    """The person the article titles president (not former, vice or elect), the most named."""
    holders = [e for e in state.index.entities if e.kind == "person" and any(
        t.split()[-1] == "president" and not ({"former", "vice", "then"} & set(t.split())) and len(t.split()) <= 2
        for t in e.titles)]
    return max(holders, key=lambda e: len(e.mentions)) if holders else None


def _recent_state_organ(state: _State, position: int, head: str) -> Resolution | None:
    """The state whose organ with this head ("China's foreign ministry") spoke in the last few
    sentences: "the ministry" is that state again."""
    index = state.index
    sent = index.sentence_of(position)
    for p, res in reversed(state.history):
        if p >= position:
            continue
        if sent - index.sentence_of(p) > 3:
            return None
        if res.rule == "state organ" and re.match(r"[\w.’' -]*?\b" + re.escape(head) + r"\b", state.doc.text[p : p + 60], re.I):
            return res
    return None


def _last_named_without_office(state: _State, position: int, head: str) -> Entity | None:
    index = state.index
    sent = index.sentence_of(position)
    for m in reversed(index.mentions):
        if m.start >= position or m.entity is None:
            continue
        if sent - m.sentence > 3:
            return None
        entity = index.entities[m.entity]
        if (entity.kind == "person" and not _other_office(entity, head) and entity.first in MALE_NAMES | FEMALE_NAMES
                and len(entity.mentions) >= 2 and entity.words[-1].lower() not in ORG_WORDS):
            return entity
    return None


def _appositive_pair(state: _State, src: Span, core_len: int) -> list[Entity] | None:
    """Two people named after a plural description and a comma, joined by "and"."""
    index = state.index
    if not re.search(r"s\b", src.text[:core_len].split()[-1] if src.text[:core_len].split() else ""):
        return None  # "rivals", "senators": only a plural description describes two
    after = src.start + core_len
    people = [m for m in index.mentions if m.entity is not None and after < m.start and m.end <= src.end
              and index.entities[m.entity].kind == "person" and not m.possessive]
    if len(people) != 2 or not re.match(r"\s*,", state.doc.text[after : people[0].start]):
        return None
    between = state.doc.text[people[0].end : people[1].start]
    if not re.fullmatch(r"(?:\s+of\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)?,?\s+and\s+", between):
        return None
    return [index.entities[m.entity] for m in people]


def _party_clash(description: Sequence[str], title_words: set[str]) -> bool:
    """Whether a description's party ("the Republican governor") differs from the one a person's
    titles give ("Democratic Gov. Jay Nixon", "(D-Mo.)")."""
    said = {_PARTIES[w] for w in description if w in _PARTIES}
    held = {_PARTIES[w] for w in title_words if w in _PARTIES}
    return len(said) == 1 and len(held) == 1 and said != held


# Person nouns that say the person's gender ("the businessman" is not Hillary Clinton).
_NOUN_GENDER = {
    **dict.fromkeys(("man", "businessman", "spokesman", "congressman", "chairman", "father", "husband", "son",
                     "brother", "king", "prince", "boy", "actor", "councilman", "widower"), "m"),
    **dict.fromkeys(("woman", "businesswoman", "spokeswoman", "congresswoman", "chairwoman", "mother", "wife",
                     "daughter", "sister", "queen", "princess", "girl", "actress", "councilwoman", "widow"), "f"),
}
_GENERAL_OFFICES = {"inspector", "attorney", "surgeon", "solicitor", "secretary", "postmaster", "adjutant",
                    "auditor", "comptroller", "governor"}
# Heads of anonymous sources that stand for one another ("a White House official ... the aide").
_ANON_HEADS = {"aide", "official", "adviser", "advisor", "source", "person", "staffer", "employee",
               "operative", "insider", "strategist", "spokesman", "spokeswoman", "spokesperson"}


def _unnamed_antecedent(state: _State, src: Span, head: str) -> bool:
    """"the aide" a few sentences after "a Republican committee aide" said something, with no
    named person quoted in between, is that unnamed aide again."""
    index = state.index
    sent = index.sentence_of(src.start)
    section = state.section_start(src.start)
    for position, other in reversed(state.unnamed):
        if position >= src.start:
            continue
        if position < section or sent - index.sentence_of(position) > 4:
            return False
        if other == head or (other in _ANON_HEADS and head in _ANON_HEADS):
            named_between = any(position < p < src.start and r.speaker is not None for p, r in state.history)
            return not named_between
    return False


_PART_HEADS = {"panel", "committee", "subcommittee", "board", "division", "unit", "branch", "chamber", "bureau"}


def _part_of_org(state: _State, src: Span, head: str) -> Entity | None:
    """"A three-judge panel of the U.S. Court of Appeals": the organisation the part belongs to."""
    if head not in _PART_HEADS:
        return None
    cut = re.search(r"\b(?:of|for|at)\s+(?:the\s+)?", src.text)
    if cut is None:
        return None
    start = src.start + cut.end()
    return next((state.index.entities[m.entity] for m in state.index.mentions if m.entity is not None
                 and m.start == start and m.end <= src.end and state.index.entities[m.entity].kind == "org"), None)


def _apposition_owner(state: _State, src: Span) -> Entity | None:
    """A description set off after a name ("Walter Energy, another mining company that ...",
    "Jane Doe, a lawyer,") describes that name."""
    before = state.doc.text[max(0, src.start - 3) : src.start]
    if not re.fullmatch(r".?,\s", before) and not before.endswith(", "):
        return None
    after = state.doc.text[src.end : src.end + 8]
    if not (re.match(r"\s*(?:,|(?:that|which|who)\b)", after) or re.search(r"\s(?:that|which|who)\s", src.text)):
        return None  # set off on both sides, or carrying its own clause; not "In addition to the ABA, a coalition ..."
    comma = src.start - len(before) + before.rfind(",")
    return next((state.index.entities[m.entity] for m in reversed(state.index.mentions) if m.entity is not None
                 and m.end == comma and not m.possessive and state.index.entities[m.entity].kind in ("org", "person")),
                None)  # not a place: "... in Florida, a sophisticated turnout program" ends a clause


def _first_named_after(state: _State, src: Span, sentences: int, fits: Callable[[Entity], bool]) -> Entity | None:
    """A lede's "A New York judge has rejected ..." / "A federal appeals court ruled ..." is who
    the next sentences name: the first entity first named after ``src``, within ``sentences``
    sentences, that ``fits`` the description."""
    index = state.index
    sent = index.sentence_of(src.start)
    for m in index.mentions:
        if m.start < src.end or m.entity is None:
            continue
        if index.sentence_of(m.start) - sent > sentences:
            return None
        entity = index.entities[m.entity]
        if entity.mentions[0].start >= src.end and fits(entity):
            return entity
    return None


def _org_named_later(state: _State, src: Span, head: str, sentences: int) -> Entity | None:
    """An organisation whose name has a word of the head ("court" -> "U.S. Court of Appeals")."""
    wanted = _ORG_DESCRIPTIONS.get(head, {head})
    return _first_named_after(
        state, src, sentences, lambda e: e.kind in ("org", "name") and bool({w.lower() for w in e.words} & wanted)
    )


def _named_later(state: _State, src: Span, head: str, sentences: int) -> Entity | None:
    """A person whose title has the head ("judge" -> "Justice Frank Nervo")."""
    wanted = _HEAD_TITLES.get(head, {head})
    return _first_named_after(
        state, src, sentences,
        lambda e: e.kind == "person" and (any(w in wanted for w in e.title_words) or any(t in wanted for t in e.titles)),
    )


def _other_office(entity: Entity, head: str) -> bool:
    """"the defense minister" is not the person last named if the article gave that person another
    office ("Secretary of State Antony Blinken"): an office names one holder."""
    if head not in _OFFICES:
        return False
    held = {w for t in entity.titles for w in t.split()} & _OFFICES
    return bool(held) and head not in held


def _apposition_head(state: _State, position: int) -> Entity | None:
    """The person a "who" hangs on after an apposition or a first relative clause: the last person
    named in the sentence before it and followed by a comma ("Senator Ted Cruz of Texas, who ...
    and who")."""
    index = state.index
    sent_start = index.sent_spans[index.sentence_of(position)][0]
    for m in reversed(index.mentions):
        if m.end > position or m.entity is None:
            continue
        if m.start < sent_start:
            return None
        tail = state.doc.text[m.end : m.end + 40]
        entity = index.entities[m.entity]
        known = entity.first is not None and entity.first in MALE_NAMES | FEMALE_NAMES  # not "Greek Orthodox"
        if entity.kind == "person" and known and re.match(r"(?:\s+of\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)?,", tail):
            return entity
    return None


_TITLE_CONNECTORS = {"of", "for", "and", "the", "to", "on", "in", "at"}


def _role_then_name(state: _State, src: Span) -> Resolution | None:
    """"Fight for $15 organizing director Kendall Fells", "Carter's press secretary, Peter Cook":
    a source ending in a person's full name after a role or a comma is that person."""
    index = state.index
    end = src.start + len(src.text.rstrip(" ,.;"))
    inside = [m for m in index.mentions if m.entity is not None and src.start <= m.start and m.end <= end]
    for m in inside:
        tail = state.doc.text[m.end : end]
        if m.start <= src.start or m.possessive or not (
            m.end == end or re.fullmatch(r"\s+of\s+(?:the\s+)?[A-Z][\w.&’'\-]*(?:\s+[A-Z][\w.&’'\-]*)*", tail)
        ):  # "Another pollster, David Woodard of Clemson University,"
            continue
        if any(o.start < m.start and index.entities[o.entity].kind == "person"
               and state.doc.text[o.end : o.end + 1] == "," for o in inside):
            return None  # "Sylke Tempel, the editor of ...": the name in apposition speaks
        entity = index.entities[m.entity]
        if entity.kind != "person" or len([w for w in m.name if not re.match(r"^[A-Z]\.$", w)]) < 2:
            continue
        before = state.doc.text[src.start : m.start].rstrip()
        last = before.split()[-1] if before.split() else ""
        role = last.lower().rstrip(".")
        title = role in TITLE_WORDS and (last[:1].isupper() or role not in _TITLE_CONNECTORS)
        if before.endswith(",") or role in PERSON_NOUNS or title:  # "secretary of state Hillary Clinton"
            return Resolution(entity.canonical, "full_name", entity.id, rule="role, then name")
    return None


def _last_named_group(state: _State, position: int, head: str) -> str | None:
    """"the campaign" -> the last "Clinton campaign" / "Trump's campaign" written before it."""
    if head not in ("campaign", "administration", "camp", "team", "family", "foundation"):
        return None
    known = {w.lower() for e in state.index.entities for w in e.words}
    found = None
    start = state.section_start(position)
    # "Clinton campaign", "Trump's campaign", "Donald Trump’s presidential campaign"
    for m in re.finditer(rf"\b([A-Z][\w\-]+)(?:’s|'s)?\s+(?:[a-z]+\s+)?{head}\b", state.doc.text[start:position]):
        if m.group(1).lower() in known:
            found = m.group(1)
    return f"{found} {head}" if found else None


_SECTION_BREAK = re.compile(r"(?m)^[ \t]*_{3,}\.?[ \t]*$")


def _anchor(quote: Quote) -> int:
    if quote.source is not None:
        return quote.source.start
    return quote.content[0].start if quote.content else 0


class _State:
    """What the resolver knows while it walks the quotes of one document in text order."""

    def __init__(self, doc: Document, index: EntityIndex, regions: list[tuple[int, int]], quotes: list[Quote]):
        self.doc = doc
        self.index = index
        self.regions = regions
        self.quotes = quotes
        self.speaker_of: dict[int, Resolution] = {}
        self.interview: tuple[list[tuple[int, str]], Entity | None] | None = None  # see _interview_turn
        self.history: list[tuple[int, Resolution]] = []  # (source position, resolution) in order
        self.unnamed: list[tuple[int, str]] = []  # (position, head) of "a senior aide", "one woman"
        # "___" lines split a live blog (AP's "The Latest") into unrelated items: who spoke or
        # which campaign was named in an earlier item says nothing about the next one.
        self.section_starts = [m.end() for m in _SECTION_BREAK.finditer(doc.text)]

    def section_start(self, position: int) -> int:
        """Where the live-blog item holding ``position`` starts (0 for ordinary articles)."""
        return max((s for s in self.section_starts if s <= position), default=0)

    def record(self, qi: int, quote: Quote, res: Resolution) -> None:
        self.speaker_of[qi] = res
        self.history.append((_anchor(quote), res))
        self.history.sort(key=lambda t: t[0])

    def inside_quote(self, span: Span) -> bool:
        return self.region_of(span) is not None

    def region_of(self, span: Span) -> tuple[int, int] | None:
        for a, b in self.regions:
            if a <= span.start and span.end <= b:
                return (a, b)
        return None

    def first_person_of_section(self, position: int) -> Entity | None:
        """The first person named in this live-blog item (None outside live blogs)."""
        start = self.section_start(position)
        if not start:
            return None
        for m in self.index.mentions:
            if start <= m.start < position and m.entity is not None and self.index.entities[m.entity].kind == "person":
                return self.index.entities[m.entity]
        return None

    def previous_speaker(self, position: int) -> Resolution | None:
        start = self.section_start(position)
        before = [r for p, r in self.history if start <= p < position and r.speaker is not None]
        return before[-1] if before else None

    def previous_person(self, position: int, gender: str | None) -> Entity | None:
        start = self.section_start(position)
        for p, r in reversed(self.history):
            if start <= p < position and r.entity is not None:
                e = self.index.entities[r.entity]
                if e.kind == "person" and (gender is None or e.gender in (gender, None)):
                    return e
        return None

    def previous_speaker_named(self, position: int, surname: str, gender: str | None) -> Entity | None:
        """The last earlier quote speaker with this surname: "Donald Trump stated ... Trump
        demands" is Donald even when Melania Trump is named more often."""
        for p, r in reversed(self.history):
            if p < position and r.entity is not None:
                e = self.index.entities[r.entity]
                if e.kind == "person" and e.surname == surname and len(e.words) >= 2 and (
                    gender is None or e.gender in (gender, None)
                ):
                    return e
        return None

    def last_position(self, entity: Entity, position: int) -> int:
        """Where the entity was last mentioned (or spoke) before ``position``; -1 if never."""
        best = max((m.start for m in entity.mentions if m.start < position), default=-1)
        for p, r in self.history:
            if p < position and r.entity == entity.id:
                best = max(best, p)
        return best

    def recent_group(self, position: int, person: str) -> Entity | str | None:
        """Antecedent of "they"/"it": the previous speaker when it is an organisation or named
        group, else an organisation (or, for "it", a place) that opens a recent sentence."""
        index = self.index
        sent = index.sentence_of(position)
        prev = self.previous_speaker(position)
        if prev is not None:
            p = max(p for p, r in self.history if r is prev)
            close = sent - index.sentence_of(p) <= 2
            if close and prev.entity is not None and index.entities[prev.entity].kind in ("org", "place", "name") and (
                person == "n" or index.entities[prev.entity].kind != "place"
            ):
                return index.entities[prev.entity]
            if close and prev.entity is None and person == "p" and (
                prev.source_type == "organization" or prev.rule == "joint"  # "Obama and Clinton ... they"
            ):
                return prev.speaker
        text = self.doc.text
        for m in reversed(index.mentions):
            if m.end > position or m.entity is None or m.possessive:
                continue
            if sent - m.sentence > 1:
                break
            kind = index.entities[m.entity].kind
            plural_name = kind == "name" and m.text.endswith("s") and len(m.name) == 1
            if kind == "org" or (kind == "place" and person == "n") or (plural_name and person == "p"):
                sent_start = index.sent_spans[m.sentence][0]
                first_named = not any(
                    o.sentence == m.sentence and o.start < m.start and o.entity is not None
                    and index.entities[o.entity].kind in ("person", "org") for o in index.mentions
                )
                if first_named or re.match(r"^[\s“\"‘(]*(?:(?:the|The)\s+)?$", text[sent_start : m.start]):
                    return index.entities[m.entity]
        return None
