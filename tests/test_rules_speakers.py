"""The rule-based speaker resolver: canonical names per document."""

from __future__ import annotations

from conftest import ACCEPTANCE
from conftest import run_rules as run

from quotes.document import Document, Quote
from quotes.rules import RuleSpeakerResolver
from quotes.rules.speakers import name_mentions, split_title


def speakers(text: str) -> list[str | None]:
    return [q.speaker for q in run(text).quotes]


def test_acceptance_example_speakers() -> None:
    assert speakers(ACCEPTANCE) == [
        "Antony Blinken",
        "Antony Blinken",
        "Maria Ortega",
        "Maria Ortega",
        "state news agency",
    ]


def test_surname_and_title_go_to_the_fullest_name() -> None:
    text = (
        "Antony Blinken arrived in Seoul on Monday.\n\n"
        "“We are ready,” Secretary Blinken said.\n\n"
        "The talks are close, Mr. Blinken told reporters."
    )
    assert speakers(text) == ["Antony Blinken", "Antony Blinken"]


def test_full_name_mentioned_only_after_the_quote() -> None:
    text = "“We are ready,” Blinken said.\n\nSecretary of State Antony Blinken left on Friday."
    assert speakers(text) == ["Antony Blinken"]


def test_two_people_with_the_same_surname() -> None:
    text = (
        "Hillary Clinton said on Monday that she would win the state.\n\n"
        "Bill Clinton said the campaign was strong.\n\n"
        "Clinton added that the polls were wrong.\n\n"
        "Hillary Clinton spoke in Ohio later.\n\n"
        "“We will win,” Clinton said."
    )
    assert speakers(text) == [
        "Hillary Clinton",
        "Bill Clinton",
        "Bill Clinton",  # the bare surname goes to the most recent full name...
        "Hillary Clinton",  # ...which is Hillary again by the last quote
    ]


def test_pronouns_go_to_the_most_recent_compatible_speaker() -> None:
    text = (
        "The Korean Central News Agency said the launch was a success. "
        "Defense Minister Maria Ortega said the launch was a threat. "
        "It added that more tests would follow. "
        "She warned that the region was at risk."
    )
    assert speakers(text) == [
        "Korean Central News Agency",
        "Maria Ortega",
        "Korean Central News Agency",  # it -> the organisation, not the person
        "Maria Ortega",  # she -> the person
    ]


def test_pronoun_with_no_antecedent_is_none() -> None:
    assert speakers("“We are ready,” he said.") == [None]


def test_organisations_and_states_keep_their_names() -> None:
    text = (
        "The launch was a success, said the official Korean Central News Agency.\n\n"
        "Japan denied that it had been warned.\n\n"
        "The New York Post reported that the deal was off. The Post added that talks would resume."
    )
    assert speakers(text) == [
        "Korean Central News Agency",
        "Japan",
        "New York Post",
        "New York Post",  # "The Post" -> the fuller organisation name
    ]


def test_unnamed_sources_have_no_speaker() -> None:
    text = (
        "The plan will fail, critics said. Officials said the budget would shrink. "
        "A spokesman said the minister was ill. Analysts say the market will recover."
    )
    assert speakers(text) == [None, None, None, None]


def test_role_noun_resolves_to_the_titled_name() -> None:
    text = (
        "Defense Minister Maria Ortega visited the base on Monday.\n\n"
        "The defense minister said the budget would grow."
    )
    assert speakers(text) == ["Maria Ortega"]


def test_role_noun_without_an_earlier_titled_name_is_none() -> None:
    text = "The defense minister said the budget would grow. Defense Minister Maria Ortega left."
    assert speakers(text) == [None]


def test_apposition_source_uses_the_name() -> None:
    text = (
        "Yang Moo-jin, president of the University of North Korean Studies in Seoul, said the "
        "launch was a provocation."
    )
    assert speakers(text) == ["Yang Moo-jin"]


def test_unattributed_quote_paragraph_continues_the_previous_speaker() -> None:
    text = (
        "“We are ready to talk,” Secretary of State Antony Blinken said.\n\n"
        "“But we will not wait forever, and everybody in this region knows it.”\n\n"
        "The weather was fine.\n\n"
        "Later that day he flew home.\n\n"
        "“There is a time for everything under the sun, and this is not it.”"
    )
    assert speakers(text) == ["Antony Blinken", "Antony Blinken", None]


def test_title_split_and_mentions() -> None:
    assert split_title("Secretary of State Antony Blinken".split()) == (
        ["Secretary", "of", "State"],
        ["Antony", "Blinken"],
    )
    assert split_title("Defense Minister Maria Ortega".split()) == (
        ["Defense", "Minister"],
        ["Maria", "Ortega"],
    )
    assert split_title(["Blinken"]) == ([], ["Blinken"])
    names = {(m.name, m.kind) for m in name_mentions(ACCEPTANCE)}
    assert ("Antony Blinken", "person") in names
    assert ("Maria Ortega", "person") in names


def test_resolver_only_sets_speakers() -> None:
    text = "Antony Blinken arrived. “We are ready,” Blinken said."
    doc = Document(
        "t",
        text,
        quotes=[
            Quote(
                content=[Document("t", text).span(24, 39)],
                source=Document("t", text).span(40, 47),
            )
        ],
    )
    resolver = RuleSpeakerResolver()
    predictions = resolver.predict([doc])
    assert doc.quotes[0].speaker is None
    resolver.set_annotations([doc], predictions)
    assert doc.quotes[0].speaker == "Antony Blinken"
    assert doc.quotes[0].content[0].text == "“We are ready,”"


def test_party_tag_and_honorific_do_not_change_the_name() -> None:
    text = (
        "Sen. David Perdue (R-Ga.) said he did not believe the claims.\n\n"
        "“It is nonsense,” Mr. Perdue said."
    )
    assert speakers(text) == ["David Perdue", "David Perdue"]


def test_surname_that_is_also_a_title() -> None:
    text = "Charlie King, a prominent New York Democrat, said the race was close. Mr. King left."
    assert speakers(text) == ["Charlie King"]
    assert split_title(["Mr.", "King"]) == (["Mr."], ["King"])


def test_sentence_initial_ordinary_word_is_not_a_first_name() -> None:
    text = (
        "Hillary Clinton spoke first. Bill Clinton spoke next.\n\n"
        "Injecting Clinton into the debate was a mistake. “We will win,” Clinton said."
    )
    names = [m.name for m in name_mentions(text)]
    assert "Injecting Clinton" not in names and names.count("Clinton") == 2
    assert speakers(text)[-1] == "Bill Clinton"  # the last full name before the quote
