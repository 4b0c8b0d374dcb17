"""Default target selection and name matching (quotes.targets) on hand-made quotes."""

from __future__ import annotations

from quotes.countries import country_of
from quotes.document import Document, Quote
from quotes.targets import (
    candidate_names,
    default_targets,
    find_mentions,
    quote_context,
    quote_examples,
    same_entity,
    strip_titles,
)


def _doc(text: str, quotes: list[tuple[str, str | None]]) -> Document:
    """A document whose quotes are the given (content substring, speaker) pairs."""
    doc = Document("t", text)
    for content, speaker in quotes:
        start = text.index(content)
        doc.quotes.append(Quote(content=[doc.span(start, start + len(content))], speaker=speaker))
    return doc


def test_candidate_names_offsets_and_filters():
    text = "But President Joe Biden met NATO and the European Union on Monday, said Mr. O’Connor."
    names = candidate_names(text)
    assert [n for _, _, n in names] == ["Joe Biden", "NATO", "European Union", "O’Connor"]
    for start, end, name in names:
        assert text[start:end] == name


def test_titles_are_stripped():
    assert strip_titles("Defense Secretary Lloyd Austin") == "Lloyd Austin"
    assert strip_titles("Sen. Ted Cruz") == "Ted Cruz"
    assert strip_titles("The Senate") == "Senate"
    assert strip_titles("President") == "President"


def test_find_mentions_full_name_then_last_name():
    text = "Danny O’Connor led. O'Connor later conceded to Troy Balderson."
    assert find_mentions(text, "danny o'connor") == [(0, 14)]
    assert find_mentions("Then O’Connor spoke.", "Danny O'Connor") == [(5, 13)]
    assert find_mentions(text, "Republican Party") == []
    assert find_mentions("the Party met", "Republican Party") == []  # generic last word
    assert find_mentions("Trumpism is not Trump.", "Donald Trump") == [(16, 21)]  # whole words


def test_same_entity():
    assert same_entity("President Trump", "Donald Trump")
    assert same_entity("Trump", "Donald Trump")
    assert not same_entity("Donald", "Donald Trump")
    assert not same_entity("Melania Trump", "Donald Trump")


def test_default_targets_map_to_speakers_and_skip_own():
    text = (
        'Biden said: "Trump and the Kremlin are wrong about Ukraine." '
        'Donald Trump replied: "Biden is weak."'
    )
    doc = _doc(text, [('"Trump and the Kremlin are wrong about Ukraine."', "Joe Biden"),
                      ('"Biden is weak."', "Donald Trump")])
    assert default_targets(doc, doc.quotes[0]) == ["Donald Trump", "Russia", "Ukraine"]  # the Kremlin is Russia
    # "Biden" in the second quote is mapped to the canonical speaker name.
    assert default_targets(doc, doc.quotes[1]) == ["Joe Biden"]


def test_default_targets_exclude_the_speaker_and_cap():
    text = '"Smith, Jones, Brown, Green, White and Black all agree with Smith," Smith said.'
    doc = _doc(text, [('"Smith, Jones, Brown, Green, White and Black all agree with Smith,"', "Anna Smith")])
    targets = default_targets(doc, doc.quotes[0], max_targets=3)
    assert targets == ["Jones", "Brown", "Green"]


def test_quote_examples_carry_speaker_context_and_span():
    text = 'The vote is near. "We reject Brussels," Orbán said. Then he left.'
    doc = _doc(text, [('"We reject Brussels,"', "Viktor Orbán")])
    (example,) = quote_examples(doc, doc.quotes[0])
    assert example.target == "Brussels" and example.speaker == "Viktor Orbán"
    assert example.text[example.target_span[0]:example.target_span[1]] == "Brussels"
    assert example.context == '"We reject Brussels," Orbán said.'
    assert quote_context(doc, doc.quotes[0]) == example.context
    user = quote_examples(doc, doc.quotes[0], targets=["the EU"])
    assert [e.target for e in user] == ["the EU"] and user[0].target_span is None


def test_default_targets_skip_words_capitalised_only_by_a_sentence_start():
    text = ('"Nobody wants another war. Frankly, this is enough. Enough! Russia is a threat," '
            "said Ruth Adams. Talks with Russia went on; enough was said.")
    doc = _doc(text, [('"Nobody wants another war. Frankly, this is enough. Enough! Russia is a threat,"',
                       "Ruth Adams")])
    assert default_targets(doc, doc.quotes[0]) == ["Russia"]
    # A sentence-initial word is dropped only when the article also writes it in lower case.
    assert [n for _, _, n in candidate_names("Tariffs! Russia is a threat.")] == ["Tariffs", "Russia"]
    assert [n for _, _, n in candidate_names("Tariffs! Russia is a threat.", {"tariffs"})] == ["Russia"]


def test_candidate_names_keep_abbreviations_and_split_two_people() -> None:
    """"U.S." and "Jr." keep their period (a sentence's period is not kept and joins nothing);
    an "and" before a second person or between two single names makes two targets, but not
    inside a name."""
    text = ("It hurt the U.S. Martin Luther King Jr. spoke. President Donald Trump and Defense "
            "Secretary Lloyd Austin met. Trump and Clinton clashed. Bosnia and Herzegovina voted. "
            "The Department of Health and Human Services agreed. Ohio.")
    names = candidate_names(text)
    assert [n for _, _, n in names] == [
        "U.S.", "Martin Luther King Jr.", "Donald Trump", "Lloyd Austin", "Trump", "Clinton",
        "Bosnia and Herzegovina", "Department of Health and Human Services", "Ohio",
    ]
    for start, end, name in names:
        assert text[start:end] == name


def test_a_country_is_found_under_its_demonym_capital_and_short_form() -> None:
    text = "Russian forces shelled Kyiv. Tell us more, the U.S. said. Moscow denied it. Poles vote."
    found = lambda name: [text[a:b] for a, b in find_mentions(text, name)]  # noqa: E731
    assert found("Russia") == ["Russian", "Moscow"]
    assert found("Ukraine") == ["Kyiv"]
    assert found("United States") == found("America") == ["U.S."]  # never the pronoun "us"
    assert found("Russians") == ["Russian", "Moscow"]
    assert found("Poland") == ["Poles"]
    assert found("Lloyd Austin") == []
    assert country_of("the Kremlin") == "Russia" and country_of("Washington") is None


def test_default_targets_name_a_country_once_whatever_the_quote_calls_it() -> None:
    text = ("Russian troops and Moscow's allies lost, Anna Berg said. "
            "The Kremlin said Russia would win and the Chinese would help.")
    doc = _doc(text, [("Russian troops and Moscow's allies lost", "Anna Berg"),
                      ("Russia would win and the Chinese would help", "Russia")])
    assert default_targets(doc, doc.quotes[0]) == ["Russia"]
    assert default_targets(doc, doc.quotes[1]) == ["China"]  # not its own country
