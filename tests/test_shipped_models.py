"""The shipped models in models/: they load offline and do the job on short articles we wrote.

Skipped when the models are not in the checkout (a fresh training run, say).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quotes import Document, Pipeline
from quotes.scoring import iou

MODELS = Path(__file__).resolve().parents[1] / "models"
FIXTURES = Path(__file__).parent / "fixtures"
pytestmark = pytest.mark.skipif(
    not (MODELS / "spans" / "config.json").is_file(), reason="models/spans is not built"
)

ARTICLE = (
    "Ministers meet as talks stall\n\n"
    "Health Minister Clara Jensen said on Monday that hospitals would receive more funding next "
    "year. \u201cWe cannot wait any longer,\u201d Jensen told reporters in Oslo.\n\n"
    "The opposition leader, Erik Dahl, warned that the plan was too expensive.\n"
)


@pytest.fixture(scope="module")
def default() -> Pipeline:
    return Pipeline.load("default", stance=False)


def test_shipped_span_model_finds_the_quotes_of_a_short_article(default: Pipeline) -> None:
    doc = default(Document("a", ARTICLE))
    doc.check()
    found = {(q.cue.text if q.cue else None, q.speaker) for q in doc.quotes}
    assert ("said", "Clara Jensen") in found
    assert ("told", "Clara Jensen") in found
    assert ("warned", "Erik Dahl") in found
    direct = [q for q in doc.quotes if q.cue and q.cue.text == "told"][0]
    assert direct.kind == "direct" and direct.content[0].text.startswith("\u201cWe cannot wait")
    assert all(0.0 < q.score <= 1.0 for q in doc.quotes)


def test_wire_story_speakers_are_all_right(default: Pipeline) -> None:
    """Every gold quote of the hand-labelled wire story is found and gets its canonical speaker."""
    gold = Document.from_dict(json.loads((FIXTURES / "attribution" / "wire.json").read_text()))
    pred = default(gold.copy_without_quotes())
    for quote in gold.quotes:
        best = max(pred.quotes, key=lambda p: iou(quote.content, p.content))
        assert iou(quote.content, best.content) >= 0.5, quote.content_text
        assert best.speaker == quote.speaker, quote.content_text


STANCE_ARTICLE = (
    "Foreign Minister Anna Berg said Russia's war in Ukraine was a disaster for the whole region. "
    "Officials said the meeting with Russia would take place on Tuesday in Geneva. "
    "The state news agency KCNA said leader Kim Jong Un's successful missile test showed the "
    "unmatched strength of North Korea."
)


@pytest.fixture(scope="module")
def stance_doc() -> Document:
    nlp = Pipeline.load("default", targets=["Russia", "North Korea"])
    return nlp(Document("s", STANCE_ARTICLE))


def _stance(doc: Document, content_start: str, target: str) -> str:
    quote = next(q for q in doc.quotes if q.content_text.startswith(content_start))
    return next(s.label for s in quote.stance if s.target == target)


def test_minister_calling_a_war_a_disaster_is_against_that_country(stance_doc: Document) -> None:
    assert _stance(stance_doc, "Russia's war", "Russia") == "against"


def test_a_factual_report_is_none(stance_doc: Document) -> None:
    assert _stance(stance_doc, "the meeting with Russia", "Russia") == "none"


def test_a_target_the_quote_never_names_is_none_without_a_score(stance_doc: Document) -> None:
    quote = next(q for q in stance_doc.quotes if q.content_text.startswith("Russia's war"))
    absent = next(s for s in quote.stance if s.target == "North Korea")
    assert (absent.label, absent.score) == ("none", None)


def test_state_agency_praising_its_leaders_test_is_favor_of_its_country(stance_doc: Document) -> None:
    """The model alone says none toward North Korea (0.64); KCNA's praise of its own leader (favor,
    0.98) carries over to its country by the rule in quotes.own_side."""
    assert _stance(stance_doc, "leader Kim Jong Un", "North Korea") == "favor"


def test_a_target_country_is_found_under_its_demonym() -> None:
    """`--target Russia` scores "Russian forces ..." (it used to say the quote never names Russia)."""
    nlp = Pipeline.load("default", targets=["Russia"])
    doc = nlp(Document("d", "Foreign Minister Anna Berg said Russian forces committed atrocities in Bucha."))
    stance = doc.quotes[0].stance[0]
    assert (stance.target, stance.label) == ("Russia", "against") and stance.score is not None
