"""A state organ's stance toward its own country, read through its own leaders (quotes.own_side).

The classifier here is scripted (a fixed answer per target), so the tests check the rule, not a model.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from quotes.countries import COUNTRY_ALIASES
from quotes.document import Document, Quote, StanceExample
from quotes.own_side import STATE_MEDIA, own_side_names, speaker_country
from quotes.targets import StanceStage, candidate_names


class Scripted(StanceStage):
    """Answers favor/against/none per target from a table; unknown targets are none."""

    def __init__(self, answers: dict[str, str], targets: Sequence[str] | None = None) -> None:
        super().__init__(targets=targets)
        self.answers = answers
        self.asked: list[str] = []

    def predict_proba(self, examples: Sequence[StanceExample], batch_size: int = 32) -> np.ndarray:
        rows = []
        for example in examples:
            self.asked.append(example.target)
            label = self.answers.get(example.target, "none")
            rows.append([0.9 if label == name else 0.05 for name in self.labels])
        return np.asarray(rows)


def _doc(text: str, content: str, speaker: str | None) -> Document:
    doc = Document("t", text)
    start = text.index(content)
    doc.quotes.append(Quote(content=[doc.span(start, start + len(content))], speaker=speaker))
    return doc


KCNA = (
    "The state news agency KCNA said leader Kim Jong Un's successful missile test showed the "
    "unmatched strength of North Korea."
)


def _stances(stage: StanceStage, doc: Document) -> dict[str, tuple[str, float | None]]:
    stage(doc)
    return {s.target: (s.label, s.score) for s in doc.quotes[0].stance}


def test_speaker_country_knows_state_media_organs_and_the_country_itself() -> None:
    assert speaker_country("KCNA") == "North Korea"
    assert speaker_country("the Korean Central News Agency") == "North Korea"
    assert speaker_country("Xinhua") == "China"
    assert speaker_country("Russian Foreign Ministry") == "Russia"
    assert speaker_country("China's defense ministry") == "China"
    assert speaker_country("North Korean state media") == "North Korea"
    assert speaker_country("Pyongyang") == "North Korea"
    assert speaker_country("Antony Blinken") is None
    assert speaker_country("Russian Foreign Minister Sergei Lavrov") is None  # a person, not an organ
    assert speaker_country(None) is None


def test_every_state_outlet_speaks_for_a_country_the_aliases_know() -> None:
    assert set(STATE_MEDIA.values()) <= set(COUNTRY_ALIASES)


def _side(text: str, content: str, speaker: str, country: str) -> list[str]:
    doc = _doc(text, content, speaker)
    quote = doc.quotes[0]
    return own_side_names(doc, quote, country, candidate_names(quote.content_text))


def test_own_side_names_bare_leader_titles_and_document_ties() -> None:
    content = "leader Kim Jong Un's successful missile test showed the unmatched strength of North Korea"
    assert _side(KCNA, content, "KCNA", "North Korea") == ["Kim Jong Un"]
    # another country's leader, titled with its demonym, is not on KCNA's side
    text = "KCNA said Russian President Vladimir Putin's visit was a success."
    assert _side(text, "Russian President Vladimir Putin's visit was a success", "KCNA", "North Korea") == []
    # the document ties the name to the country elsewhere
    text = "North Korean leader Kim Jong Un spoke on Monday. KCNA said Kim Jong Un had won."
    assert _side(text, "Kim Jong Un had won", "KCNA", "North Korea") == ["Kim Jong Un"]
    # a verb between the country and the name ties nothing
    text = "Russia said Kim Jong Un spoke on Monday. TASS said Kim Jong Un had won."
    assert _side(text, "Kim Jong Un had won", "TASS", "Russia") == []


def test_a_state_agency_praising_its_leader_is_favor_of_its_country() -> None:
    doc = _doc(KCNA, "leader Kim Jong Un's successful missile test showed the unmatched strength of North Korea", "KCNA")
    stage = Scripted({"Kim Jong Un": "favor"}, targets=["North Korea"])
    assert _stances(stage, doc) == {"North Korea": ("favor", 0.9)}
    assert "Kim Jong Un" in stage.asked


def test_the_models_own_reading_of_the_country_is_kept() -> None:
    doc = _doc(KCNA, "leader Kim Jong Un's successful missile test showed the unmatched strength of North Korea", "KCNA")
    stage = Scripted({"Kim Jong Un": "favor", "North Korea": "against"}, targets=["North Korea"])
    assert _stances(stage, doc)["North Korea"] == ("against", 0.9)


def test_a_foreign_minister_praising_a_leader_says_nothing_of_his_country() -> None:
    text = "Foreign Minister Anna Berg said leader Kim Jong Un's test showed the strength of North Korea."
    doc = _doc(text, "leader Kim Jong Un's test showed the strength of North Korea", "Anna Berg")
    stage = Scripted({"Kim Jong Un": "favor"}, targets=["North Korea"])
    assert _stances(stage, doc)["North Korea"] == ("none", 0.9)
    assert "Kim Jong Un" not in stage.asked


def test_the_country_unnamed_in_the_quote_still_takes_its_leaders_stance() -> None:
    text = "Xinhua said President Xi Jinping's visit had been a historic triumph."
    doc = _doc(text, "President Xi Jinping's visit had been a historic triumph", "Xinhua")
    stage = Scripted({"Xi Jinping": "favor"}, targets=["China", "Russia"])
    assert _stances(stage, doc) == {"China": ("favor", 0.9), "Russia": ("none", None)}


def test_default_targets_report_the_leader_and_the_country() -> None:
    doc = _doc(KCNA, "leader Kim Jong Un's successful missile test showed the unmatched strength of North Korea", "KCNA")
    stage = Scripted({"Kim Jong Un": "favor"})
    assert _stances(stage, doc) == {"Kim Jong Un": ("favor", 0.9), "North Korea": ("favor", 0.9)}


def test_no_own_side_name_leaves_none_and_asks_nothing_more() -> None:
    text = "China's foreign ministry said that Kim Jong Un is a great leader."
    doc = _doc(text, "that Kim Jong Un is a great leader", "China")
    stage = Scripted({"Kim Jong Un": "favor"}, targets=["China"])
    assert _stances(stage, doc) == {"China": ("none", None)}
    assert stage.asked == []


def test_the_country_in_an_organs_quote_is_its_country() -> None:
    text = "KCNA said the launch demonstrated the country's growing deterrent."
    doc = _doc(text, "the launch demonstrated the country's growing deterrent", "KCNA")
    stage = Scripted({"North Korea": "favor"}, targets=["North Korea"])
    assert _stances(stage, doc) == {"North Korea": ("favor", 0.9)}
    # anyone else's "the country" is not read as North Korea: never named, so not asked
    doc = _doc(text.replace("KCNA", "Anna Berg"), "the launch demonstrated the country's growing deterrent", "Anna Berg")
    stage = Scripted({"North Korea": "favor"}, targets=["North Korea"])
    assert _stances(stage, doc) == {"North Korea": ("none", None)}
    assert stage.asked == []


def test_own_country_mentions_offsets() -> None:
    from quotes.own_side import own_country_mentions

    text = "Our nation is strong and the country's deterrent grows; the countryside is calm."
    assert [text[a:b] for a, b in own_country_mentions(text)] == ["Our nation", "the country's"]
