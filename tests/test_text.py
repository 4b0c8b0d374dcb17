"""quotes.text: paragraphs, sentences and tokens as offsets into the untouched text."""

from __future__ import annotations

import time

from hypothesis import given
from hypothesis import strategies as st

from quotes.text import paragraphs, sentences, span_index, tokens


def _texts(text: str, offsets: list[tuple[int, int]]) -> list[str]:
    return [text[s:e] for s, e in offsets]


def test_sentences_split_on_final_punctuation() -> None:
    text = "The talks failed. Why? Nobody knows! They will resume."
    assert _texts(text, sentences(text)) == [
        "The talks failed.",
        "Why?",
        "Nobody knows!",
        "They will resume.",
    ]


def test_sentences_keep_abbreviations_and_initials() -> None:
    text = (
        "Mr. Smith met Dr. Jones on Sept. 11 in the U.S. capital. "
        "John F. Kennedy spoke at 10 a.m. on Monday. Gen. Milley agreed."
    )
    assert _texts(text, sentences(text)) == [
        "Mr. Smith met Dr. Jones on Sept. 11 in the U.S. capital.",
        "John F. Kennedy spoke at 10 a.m. on Monday.",
        "Gen. Milley agreed.",
    ]


def test_words_that_look_like_abbreviations_end_sentences() -> None:
    text = "The minister was ill. Analysts said no. No. 1 seed Spain won. We saw the sun. It set."
    assert _texts(text, sentences(text)) == [
        "The minister was ill.",
        "Analysts said no.",
        "No. 1 seed Spain won.",
        "We saw the sun.",
        "It set.",
    ]


def test_dotted_abbreviation_can_end_a_sentence_before_a_common_opener() -> None:
    text = "He moved to the U.S. The next year he left."
    assert _texts(text, sentences(text)) == ["He moved to the U.S.", "The next year he left."]


def test_sentence_ends_after_closing_quote() -> None:
    text = "He said “we are ready.” She disagreed. 'Fine.' It ended."
    assert _texts(text, sentences(text)) == [
        "He said “we are ready.”",
        "She disagreed.",
        "'Fine.'",
        "It ended.",
    ]


def test_no_split_before_lowercase() -> None:
    text = "The vote was 52 vs. 48 on the bill. it was close."
    # a lowercase continuation is not a new sentence
    assert len(sentences(text)) == 1


def test_sentences_never_cross_paragraphs() -> None:
    text = "A headline without a period\n\nThe body starts here. It goes on"
    assert _texts(text, sentences(text)) == [
        "A headline without a period",
        "The body starts here.",
        "It goes on",
    ]


def test_sentences_in_a_range_are_offsets_into_the_whole_text() -> None:
    text = "Skip this. Keep this one. And this."
    start = text.index("Keep")
    assert _texts(text, sentences(text, start, len(text))) == ["Keep this one.", "And this."]


def test_paragraphs_blank_line_separated() -> None:
    text = "First line\nwrapped here.\n\n  Second paragraph.  \n\n\n\nThird."
    assert _texts(text, paragraphs(text)) == [
        "First line\nwrapped here.",
        "Second paragraph.",
        "Third.",
    ]


def test_paragraphs_newline_separated_when_no_blank_lines() -> None:
    text = "One.\nTwo.\r\nThree."
    assert _texts(text, paragraphs(text)) == ["One.", "Two.", "Three."]


def test_paragraphs_of_empty_or_blank_text() -> None:
    assert paragraphs("") == []
    assert paragraphs(" \n\n \n") == []
    assert sentences("") == []


def test_tokens_keep_words_whole() -> None:
    text = "Mr. Yang Moo-jin didn’t visit the U.S. in the ’90s, did he?"
    assert _texts(text, tokens(text)) == [
        "Mr.", "Yang", "Moo-jin", "didn’t", "visit", "the", "U.S.", "in", "the", "’", "90s",
        ",", "did", "he", "?",
    ]  # fmt: skip


def test_tokens_in_a_range() -> None:
    text = "alpha beta gamma"
    assert _texts(text, tokens(text, 6, 16)) == ["beta", "gamma"]


def test_span_index() -> None:
    pieces = [(0, 5), (7, 10), (10, 12)]
    assert span_index(pieces, 0) == 0
    assert span_index(pieces, 5) is None
    assert span_index(pieces, 10) == 2
    assert span_index(pieces, 99) is None


@given(st.text(alphabet=st.sampled_from(list("ab .!?\n“”\"'U.SMr")), max_size=80))
def test_offsets_are_inside_and_ordered(text: str) -> None:
    for splitter in (sentences, paragraphs, tokens):
        offsets = splitter(text)
        assert all(0 <= s < e <= len(text) for s, e in offsets)
        assert all(a[1] <= b[0] for a, b in zip(offsets, offsets[1:]))
    for s, e in sentences(text) + paragraphs(text):
        assert text[s:e] == text[s:e].strip()


def test_one_megabyte_is_fast() -> None:
    paragraph = (
        "Secretary of State Antony Blinken said on Tuesday that the U.S. would act. "
        "“We are ready,” he told reporters in Washington. Mr. Smith disagreed.\n\n"
    )
    text = paragraph * (1_000_000 // len(paragraph))
    start = time.perf_counter()
    sentences(text)
    paragraphs(text)
    tokens(text)
    # ~0.5 s on a busy 2-core machine; the bound is loose so that CI noise never fails it.
    assert time.perf_counter() - start < 5.0
