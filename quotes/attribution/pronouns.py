"""Pronoun antecedents: the people a "he"/"she" could refer to, and their features.

Candidates are the persons of the document named (or resolved as a quote's speaker) before the
pronoun, whose gender does not clash. Features describe recency, salience, whether the person
spoke the previous quote, and how their last mention sits (subject-like, inside a quotation,
possessive). The scorer that weighs them is trained on LitBank's gold coreference
(``training/attribution.py``); ``resolver.rule_antecedent`` is the hand rule it is compared with.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Protocol

PRONOUN_FEATURES = [
    "log_char_distance", "log_sent_distance", "same_sentence", "is_most_recent", "log_recency_rank",
    "log_mentions", "is_prev_speaker", "is_prev_speaker_close", "was_speaker", "last_in_quote",
    "last_possessive", "last_subject", "gender_match", "gender_unknown", "first_person_named",
    "log_between", "pronoun_sentence_initial", "prev_speaker_and_initial", "pronoun_in_quote",
    "most_mentioned",
]
MAX_SENTENCES_BACK = 10


class _StateLike(Protocol):
    index: Any
    history: list
    regions: list

    def section_start(self, position: int) -> int:
        """Start of the live-blog item holding ``position`` (0 when the text has none)."""


@dataclass
class Candidate:
    """One possible antecedent person and how it relates to the pronoun."""

    entity: int
    char_distance: int
    sent_distance: int
    n_mentions: int
    recency_rank: int = 0
    is_prev_speaker: bool = False
    prev_speaker_sent: int = 99
    was_speaker: bool = False
    last_in_quote: bool = False
    last_possessive: bool = False
    last_subject: bool = False
    gender_match: bool = False
    gender_unknown: bool = True
    first_person_named: bool = False
    between: int = 0
    most_mentioned: bool = False
    pronoun_initial: bool = False


_SUBJECT_PREFIX = re.compile(r"^[\s“\"‘(]*(?:(?:[A-Z][\w.\-’']*|of|the)\s+){0,6}$")


_PREPOSITIONS = {"against", "with", "to", "for", "by", "from", "about", "toward", "towards", "at", "on",
                 "over", "under", "than", "like", "between", "among", "into", "onto", "upon", "without"}


def _is_subject(index: Any, mention: Any) -> bool:
    """Subject-like: the first person or organisation named in its sentence, not possessive
    ("Holt's colleague Matt Lauer faced ..." makes Lauer the subject)."""
    for m in index.mentions:
        if m.sentence != mention.sentence or m.entity is None:
            continue
        if m.start >= mention.start:
            break
        if not m.possessive and index.entities[m.entity].kind == "person" and not m.in_quote:
            return False
    if mention.possessive or mention.in_quote:
        return False
    # "Campaigning against Mitt Romney, he ...": the object of a preposition is not the subject
    before = re.search(r"(\w+)\W*$", index.text[max(0, mention.start - 20) : mention.start])
    return not (before and before.group(1).lower() in _PREPOSITIONS)


def antecedent_candidates(state: _StateLike, position: int, gender: str) -> list[Candidate]:
    """Persons that a pronoun of ``gender`` ("m"/"f") at ``position`` may refer to."""
    index = state.index
    text = index.text
    sent = index.sentence_of(position)
    last: dict[int, tuple[int, Any]] = {}
    counts: dict[int, int] = {}
    for m in index.mentions:
        if m.start >= position or m.entity is None or index.entities[m.entity].kind != "person":
            continue
        counts[m.entity] = counts.get(m.entity, 0) + 1
        last[m.entity] = (m.start, m)
    spoke: dict[int, int] = {}
    prev_entity, prev_pos = None, -1
    section = state.section_start(position)
    for pos, res in state.history:
        if pos >= position or res.entity is None:
            continue
        if pos < section:  # an earlier live-blog item: its speakers are not "the previous speaker"
            continue
        if index.entities[res.entity].kind != "person":
            if res.speaker is not None:
                prev_entity, prev_pos = None, pos
            continue
        spoke[res.entity] = pos
        counts[res.entity] = counts.get(res.entity, 0) + 1
        if pos > last.get(res.entity, (-1, None))[0]:
            last[res.entity] = (pos, None)
        prev_entity, prev_pos = res.entity, pos
    first_named = min(
        (m.start, m.entity) for m in index.mentions
        if m.entity is not None and index.entities[m.entity].kind == "person"
    )[1] if any(m.entity is not None and index.entities[m.entity].kind == "person" for m in index.mentions) else None
    top = max(counts.values()) if counts else 0
    cands = []
    for eid, (pos, mention) in last.items():
        entity = index.entities[eid]
        if entity.gender is not None and entity.gender != gender:
            continue
        sd = sent - index.sentence_of(pos)
        if sd > MAX_SENTENCES_BACK and eid != prev_entity and counts[eid] < 3:
            continue
        sent_start = index.sent_spans[index.sentence_of(pos)][0]
        cands.append(
            Candidate(
                entity=eid,
                char_distance=max(0, position - pos),
                sent_distance=max(0, sd),
                n_mentions=counts[eid],
                is_prev_speaker=eid == prev_entity,
                prev_speaker_sent=(sent - index.sentence_of(prev_pos)) if eid == prev_entity else 99,
                was_speaker=eid in spoke,
                last_in_quote=mention is not None and mention.in_quote,
                last_possessive=mention is not None and mention.possessive,
                last_subject=mention is None or _is_subject(index, mention),
                gender_match=entity.gender == gender,
                gender_unknown=entity.gender is None,
                first_person_named=eid == first_named,
                most_mentioned=counts[eid] == top,
            )
        )
    cands.sort(key=lambda c: c.char_distance)
    sent_start = index.sent_spans[sent][0]
    initial = bool(re.match(r"^[\s“\"‘(]*$", text[sent_start:position]))
    for rank, c in enumerate(cands):
        c.recency_rank = rank
        c.between = rank
        c.pronoun_initial = initial
    return cands


def pronoun_features(state: _StateLike, position: int, gender: str, c: Candidate) -> list[float]:
    """The feature row of one candidate (``PRONOUN_FEATURES`` order)."""
    text = state.index.text
    sent_start = state.index.sent_spans[state.index.sentence_of(position)][0]
    initial = bool(re.match(r"^[\s“\"‘(]*$", text[sent_start:position]))
    in_quote = any(a < position < b for a, b in state.regions)
    row = {
        "log_char_distance": math.log1p(c.char_distance),
        "log_sent_distance": math.log1p(c.sent_distance),
        "same_sentence": float(c.sent_distance == 0),
        "is_most_recent": float(c.recency_rank == 0),
        "log_recency_rank": math.log1p(c.recency_rank),
        "log_mentions": math.log1p(c.n_mentions),
        "is_prev_speaker": float(c.is_prev_speaker),
        "is_prev_speaker_close": float(c.is_prev_speaker and c.prev_speaker_sent <= 2),
        "was_speaker": float(c.was_speaker),
        "last_in_quote": float(c.last_in_quote),
        "last_possessive": float(c.last_possessive),
        "last_subject": float(c.last_subject),
        "gender_match": float(c.gender_match),
        "gender_unknown": float(c.gender_unknown),
        "first_person_named": float(c.first_person_named),
        "log_between": math.log1p(c.between),
        "pronoun_sentence_initial": float(initial),
        "prev_speaker_and_initial": float(initial and c.is_prev_speaker),
        "pronoun_in_quote": float(in_quote),
        "most_mentioned": float(c.most_mentioned),
    }
    return [row[name] for name in PRONOUN_FEATURES]
