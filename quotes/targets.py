"""Which targets a quote's stance is asked about, and where a name is mentioned in a text.

Why here: the stance classifier needs targets even when the user names none. By default a quote is
asked about the entities it mentions: capitalised name sequences (persons, organisations, places)
and acronyms found in its content, mapped to the document's canonical speaker names when they match
("Trump" -> "Donald Trump"), leaving out the quote's own speaker. The same name matching marks the
target in the text at training time (SEESAW gives names without offsets) and at prediction time,
so both see the same input format. No NER model: rules only, cheap and deterministic.

``StanceStage`` is the stage contract both stance classifiers share (the LoRA model in
``quotes.stance`` and the scikit-learn baseline in ``quotes.stance_baseline``): they only differ in
``predict_proba``, so ``--stance-model`` can pick either.
"""

from __future__ import annotations

import re
from abc import abstractmethod
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from .countries import country_names, country_of
from .document import Document, Quote, Stance, StanceExample
from .own_side import own_country_mentions, own_side_names, speaker_country
from .pipeline import Stage
from .text import lowercase_vocabulary

# Apostrophes and dashes normalised one character for one, so offsets stay valid.
_FOLD = str.maketrans({"’": "'", "‘": "'", "`": "'", "–": "-", "—": "-"})
TITLES = {
    "mr", "mrs", "ms", "dr", "sen", "senator", "rep", "representative", "gov", "governor",
    "president", "vice", "secretary", "minister", "prime", "chancellor", "gen", "general",
    "judge", "justice", "speaker", "leader", "chairman", "chairwoman", "mayor", "rev", "sir",
    "lord", "lady", "prof", "professor", "former", "attorney", "king", "queen", "prince",
    "pope", "sheriff", "chief", "director", "commissioner", "ambassador", "candidate",
}
# Capitalised words that are not entities on their own (sentence starts, dates, pronouns).
NOT_NAMES = {
    "a", "an", "the", "this", "that", "these", "those", "it", "its", "i", "we", "you", "he",
    "she", "they", "his", "her", "their", "our", "my", "your", "us", "them", "me", "him",
    "but", "and", "or", "so", "if", "when", "while", "after", "before", "because", "as", "at",
    "in", "on", "of", "for", "to", "with", "by", "from", "there", "here", "what", "why", "how",
    "who", "where", "which", "yes", "no", "not", "all", "some", "many", "most", "one", "now",
    "then", "still", "also", "even", "just", "only", "both", "each", "every", "any", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "today", "tonight", "tomorrow", "yesterday", "mr", "mrs", "ms",
    "dr", "ok", "okay", "oh", "well", "let", "do", "does", "did", "is", "are", "was", "were",
    "be", "have", "has", "had", "will", "would", "can", "could", "should", "must", "might",
    "said", "says", "say", "according", "however", "meanwhile", "instead", "again", "never",
    "please", "thank", "thanks", "good", "great", "new", "last", "next", "first", "people",
    "nobody", "nothing", "everyone", "everybody", "everything", "someone", "somebody",
    "something", "anyone", "anybody", "anything", "none", "neither", "nor", "enough", "look",
    "listen", "sure", "right", "indeed", "perhaps", "maybe", "yet", "though", "although",
    "unless", "until", "since", "once", "despite", "thus", "therefore", "together", "whatever",
    "whoever", "always", "sometimes", "often", "already", "let's", "we're", "we've", "it's",
    "that's", "there's", "i'm", "don't", "can't", "won't", "isn't", "aren't",
}
# Last words that do not identify an organisation alone ("Republican Party" is not "Party").
GENERIC_HEADS = {
    "party", "house", "court", "department", "committee", "council", "office", "agency",
    "administration", "government", "university", "state", "states", "union", "bank", "news",
    "times", "post", "service", "act", "bill", "law", "commission", "association", "group",
    "company", "inc", "corp", "city", "county", "republic", "democrats", "republicans",
}
_WORD = r"(?:[A-Z]\.){2,}|[A-Z][\w'’.-]*[\w](?:(?<=Jr|Sr)\.)?|[A-Z]"  # "U.S.", "Jr." keep their period
_CANDIDATE = re.compile(
    rf"(?:{_WORD})(?:(?<!\.)\s+(?:(?:of|the|for|and|de|van|von|al|bin)\s+)?(?:{_WORD}))*"
)


# Names with "and" between two single words; any other "X and Y" is two entities.
_AND_NAMES = {"Bosnia and Herzegovina", "Trinidad and Tobago", "Antigua and Barbuda", "Procter and Gamble",
              "Johnson and Johnson", "Marks and Spencer", "Barnes and Noble", "Ernst and Young"}
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}

def fold(text: str) -> str:
    """Lower-case, with curly apostrophes and dashes made plain; same length as ``text``."""
    folded = text.translate(_FOLD).lower()
    return folded if len(folded) == len(text) else text.lower()


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"\s+", name.strip()) if w]


def strip_titles(name: str) -> str:
    """``"President Donald Trump"`` -> ``"Donald Trump"``; ``"The Senate"`` -> ``"Senate"``."""
    words = _words(name)
    while len(words) > 1 and (words[0].lower().rstrip(".") in TITLES or words[0].lower() == "the"):
        words = words[1:]
    # "Defense Secretary Lloyd Austin": drop everything up to the last title before a name.
    titled = [i for i, w in enumerate(words[:-1]) if w.lower().rstrip(".") in TITLES]
    rest = words[titled[-1] + 1 :] if titled else []
    if rest and rest[0][:1].isupper() and not all(w.lower().rstrip(".") in _SUFFIXES for w in rest):
        # ("Martin Luther King Jr." is a name, not the title "King" before "Jr.")
        words = words[titled[-1] + 1 :]
    return " ".join(words)


def name_variants(name: str) -> list[str]:
    """Strings that may refer to ``name`` in a text: the full name, then its last word alone for
    multi-word names whose last word is specific enough ("O'Connor" for "Danny O'Connor")."""
    full = strip_titles(name)
    variants = [full] if full else []
    words = _words(full)
    last = words[-1].strip(".,") if words else ""
    if (
        len(words) >= 2
        and len(last) >= 3
        and last.lower() not in GENERIC_HEADS
        and last.lower() not in NOT_NAMES
        and last.lower() not in TITLES
    ):
        variants.append(last)
    return variants


def find_mentions(text: str, name: str) -> list[tuple[int, int]]:
    """Offsets (end exclusive) where ``name`` is mentioned in ``text``, whole words, case-insensitive.

    The full name is tried first; only when it never occurs is its last word tried.
    """
    haystack = fold(text)
    for variant in name_variants(name):
        needle = fold(variant)
        if not needle:
            continue
        pattern = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")
        found = [(m.start(), m.end()) for m in pattern.finditer(haystack)]
        if found:
            return found
    # A country under another name ("Russian forces", "Moscow said" for Russia): as written,
    # capitalised, so that "us" is not the U.S. and "polish" not Poland.
    others = sorted((n for n in country_names(name) if fold(n) != fold(name)), key=len, reverse=True)
    if others:
        pattern = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(o) for o in others) + r")(?![\w])")
        return [(m.start(), m.end()) for m in pattern.finditer(text)]
    return []


def _sentence_start(text: str, position: int) -> bool:
    """Whether ``position`` opens a sentence (capitalised for that reason alone)."""
    before = text[:position].rstrip(" \t“\"‘'(")
    return not before or before[-1] in ".!?:\n—–-" or before.endswith(("”", "’"))


def _joined_pieces(text: str) -> list[tuple[int, list[str]]]:
    """Capitalised sequences as (start, words), split at an "and" that starts a second person
    ("Trump and Clinton", "President Donald Trump and Defense Secretary Lloyd Austin"), not at
    one inside a name ("Bosnia and Herzegovina", "Department of Health and Human Services")."""
    from .attribution.lexicon import FEMALE_NAMES, MALE_NAMES

    pieces: list[tuple[int, list[str]]] = []
    for match in _CANDIDATE.finditer(text):
        words = match.group(0).split()
        start = match.start()
        cut = 0
        for i, word in enumerate(words):
            after = {w.lower().rstrip(".") for w in words[i + 1 : i + 3]}  # "and Defense Secretary ..."
            person = bool(after & (TITLES | MALE_NAMES | FEMALE_NAMES))
            pair = i - cut == 1 and i + 2 == len(words) and f"{words[i - 1]} and {words[i + 1]}" not in _AND_NAMES
            if word == "and" and 0 < i and (person or pair):  # "Trump and Clinton", "Russia and China"
                pieces.append((start, words[cut:i]))
                start = text.index(words[i + 1], text.index(" and ", start) + 1)
                cut = i + 1
        pieces.append((start, words[cut:]))
    return pieces


def candidate_names(text: str, lowercase_words: set[str] | frozenset[str] = frozenset()) -> list[tuple[int, int, str]]:
    """Capitalised name sequences and acronyms in ``text`` as (start, end, name), titles stripped.

    A single word that opens a sentence is capitalised for that reason alone, so it is not a name
    when the article also writes it in lower case (``lowercase_words``) or it is an adverb before
    a comma ("Frankly, ...").
    """
    out: list[tuple[int, int, str]] = []
    for start, words in _joined_pieces(text):
        # Drop leading words that are not names (sentence-initial "The", "But", titles).
        while words and (
            words[0].lower().rstrip(".") in NOT_NAMES
            or words[0].lower().rstrip(".") in TITLES
            or words[0].lower() in {"of", "the", "for", "and"}
        ):
            start = text.index(words[0], start) + len(words[0])
            words = words[1:]
        while words and words[-1].lower() in {"of", "the", "for", "and", "de", "van", "von", "al", "bin"}:
            words = words[:-1]
        if not words:
            continue
        start = text.index(words[0], start)
        end = text.index(words[-1], start) + len(words[-1])
        name = text[start:end].rstrip("'’")  # a final period is "U.S." or "Jr." (see _WORD): kept
        stripped = strip_titles(name)
        start += len(name) - len(stripped)
        name = stripped
        end = start + len(name)
        single = len(name.split()) == 1
        if len(name) < 2 or (single and name.lower() in NOT_NAMES | GENERIC_HEADS | TITLES):
            continue
        if single and not name.isupper() and _sentence_start(text, start) and (
            name.lower() in lowercase_words
            or (name.lower().endswith("ly") and text[end : end + 1] == ",")
        ):
            continue
        out.append((start, end, name))
    return out


def same_entity(mention: str, canonical: str) -> bool:
    """Whether a mention ("Trump", "President Trump") names ``canonical`` ("Donald Trump")."""
    m, c = fold(strip_titles(mention)), fold(strip_titles(canonical))
    if not m or not c:
        return False
    if m == c:
        return True
    return any(fold(v) == m for v in name_variants(canonical)[1:]) or (
        len(m.split()) >= 2 and c.endswith(" " + m)
    )


def document_speakers(doc: Document) -> list[str]:
    """Canonical speaker names of the document, in order of first appearance."""
    seen: dict[str, None] = {}
    for quote in doc.quotes:
        if quote.speaker:
            seen.setdefault(quote.speaker, None)
    return list(seen)


def default_targets(
    doc: Document, quote: Quote, speakers: Sequence[str] | None = None, max_targets: int = 5,
    lowercase_words: set[str] | None = None,
) -> list[str]:
    """The entities ``quote`` mentions, canonicalised to the document's speakers, minus its own.

    ``speakers`` and ``lowercase_words`` (``quotes.text.lowercase_vocabulary`` of the document)
    are computed here when not given; callers with many quotes per document pass them once.
    """
    speakers = list(speakers) if speakers is not None else document_speakers(doc)
    if lowercase_words is None:
        lowercase_words = lowercase_vocabulary(doc.text)
    own = quote.speaker
    targets: dict[str, None] = {}
    for piece in quote.content:
        for _, _, name in candidate_names(piece.text, lowercase_words):
            canonical = next((s for s in speakers if same_entity(name, s)), None)
            target = canonical or re.sub(r"['’]s?$", "", strip_titles(name))
            target = country_of(target) or target  # "Russian", "Moscow" -> Russia
            if own and (target == own or same_entity(name, own) or country_of(own) == target):
                continue
            if quote.source is not None and fold(quote.source.text) == fold(name):
                continue
            targets.setdefault(target, None)
    return list(targets)[:max_targets]


_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+|\n\s*")


def quote_context(doc: Document, quote: Quote, max_chars: int = 400) -> str:
    """The sentence(s) around ``quote``: from the sentence end before it to the one after it."""
    text = doc.text
    lo = max(0, quote.start - max_chars)
    starts = [m.end() for m in _SENTENCE_END.finditer(text, lo, quote.start)]
    start = starts[-1] if starts else lo
    after = _SENTENCE_END.search(text, quote.end, min(len(text), quote.end + max_chars))
    end = after.start() + 1 if after else min(len(text), quote.end + max_chars)
    return " ".join(text[start:end].split())


def quote_examples(
    doc: Document, quote: Quote, targets: Sequence[str] | None = None, max_targets: int = 5,
    speakers: Sequence[str] | None = None, lowercase_words: set[str] | None = None,
) -> list[StanceExample]:
    """One StanceExample per target for ``quote`` (user ``targets`` or ``default_targets``)."""
    chosen = list(targets) if targets else default_targets(
        doc, quote, speakers, max_targets, lowercase_words
    )
    text = quote.content_text
    context = quote_context(doc, quote)
    out = []
    for target in chosen:
        spans = find_mentions(text, target)
        out.append(
            StanceExample(
                id=f"{doc.id}:{quote.start}:{target}",
                text=text,
                target=target,
                label="none",  # placeholder: these are inputs, the label is what gets predicted
                speaker=quote.speaker,
                context=context,
                target_span=spans[0] if spans else None,
            )
        )
    return out


class StanceStage(Stage):
    """Stage contract of a stance classifier: stances of every quote toward its targets.

    Options: ``targets`` (the same target list for every quote; default: the entities each quote
    mentions), ``max_targets`` (cap on default targets per quote), ``batch_size``.
    """

    name = "stance"
    labels: tuple[str, ...] = ("favor", "against", "none")

    def __init__(self, targets: Sequence[str] | None = None, max_targets: int = 5, batch_size: int = 32) -> None:
        self.options: dict[str, Any] = {
            "targets": list(targets) if targets else None,
            "max_targets": max_targets,
            "batch_size": batch_size,
        }

    @abstractmethod
    def predict_proba(self, examples: Sequence[StanceExample], batch_size: int = 32) -> np.ndarray:
        """Probabilities, one row per example, columns in ``self.labels`` order."""

    def predict_examples(
        self, examples: Sequence[StanceExample], allowed: Sequence[str] | None = None
    ) -> list[tuple[str, dict[str, float]]]:
        """(label, {label: probability}) per example; ``allowed`` restricts the argmax (e.g. to
        favor/against for corpora without a none class) while the probabilities stay as predicted."""
        probs = self.predict_proba(examples, batch_size=self.options["batch_size"])
        keep = [i for i, label in enumerate(self.labels) if allowed is None or label in allowed]
        out = []
        for row in probs:
            best = max(keep, key=lambda i: row[i])
            out.append((self.labels[best], {label: float(row[i]) for i, label in enumerate(self.labels)}))
        return out

    def predict(self, docs: Sequence[Document]) -> list[list[list[Stance]]]:
        """For each document, for each quote, one Stance per target."""
        jobs: list[tuple[int, int, StanceExample]] = []
        # Names on the side of the country a state organ speaks for ("leader Kim Jong Un" in
        # KCNA's quote), asked too so that the organ's stance toward its country can be read
        # through them (quotes.own_side); they are not reported as targets of their own.
        side_jobs: list[tuple[int, int, StanceExample]] = []
        organ_of: dict[tuple[int, int], str] = {}
        for d, doc in enumerate(docs):
            speakers = document_speakers(doc)
            vocabulary = lowercase_vocabulary(doc.text)
            for q, quote in enumerate(doc.quotes):
                examples = quote_examples(
                    doc, quote, self.options["targets"], self.options["max_targets"], speakers,
                    None if self.options["targets"] else vocabulary,
                )
                country = speaker_country(quote.speaker or (quote.source.text if quote.source else None))
                if country and any(country_of(e.target) == country for e in examples):
                    organ_of[d, q] = country
                    # "the country's deterrent" in the organ's own quote is its country
                    phrases = own_country_mentions(quote.content_text)
                    examples = [
                        replace(e, target_span=phrases[0])
                        if phrases and e.target_span is None and country_of(e.target) == country else e
                        for e in examples
                    ]
                    names = candidate_names(quote.content_text, vocabulary)
                    side = own_side_names(doc, quote, country, names)
                    if side:  # (no targets would mean the default ones)
                        side_jobs.extend((d, q, e) for e in quote_examples(doc, quote, side, len(side)))
                jobs.extend((d, q, example) for example in examples)
        # A target the quote never names gets `none` without asking the model (score null): a
        # classifier asked about an absent target still leans one way, which users read as stance.
        asked = [
            job
            for job in jobs
            if job[2].target_span is not None
            or any(find_mentions(piece.text, job[2].target) for piece in docs[job[0]].quotes[job[1]].content)
        ] + side_jobs
        results = dict(zip((id(job) for job in asked), self.predict_examples([job[2] for job in asked])))
        sides: dict[tuple[int, int], list[tuple[str, float]]] = {}
        for job in side_jobs:
            label, probs = results[id(job)]
            if label != "none":
                sides.setdefault((job[0], job[1]), []).append((label, probs[label]))
        out: list[list[list[Stance]]] = [[[] for _ in doc.quotes] for doc in docs]
        for job in jobs:
            d, q, example = job
            label, score = "none", None
            if id(job) in results:
                label, probs = results[id(job)]
                score = round(probs[label], 4)
            own = sides.get((d, q))
            if label == "none" and own and country_of(example.target) == organ_of.get((d, q)):
                label, best = max(own, key=lambda item: item[1])
                score = round(best, 4)
            out[d][q].append(Stance(example.target, label, score))  # type: ignore[arg-type]
        return out

    def set_annotations(self, docs: Sequence[Document], predictions: Sequence[Any]) -> None:
        for doc, per_quote in zip(docs, predictions):
            for quote, stances in zip(doc.quotes, per_quote):
                quote.stance = list(stances)
