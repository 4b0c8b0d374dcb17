"""The SpeakerResolver: one canonical name per speaker, pronouns, descriptions, agencies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quotes.attribution import SpeakerResolver
from quotes.attribution.devset import (
    SpeakerLabel,
    join_speakers,
    read_speaker_labels,
    speaker_accuracy,
    write_speaker_labels,
)
from quotes.attribution.entities import EntityIndex
from quotes.attribution.mentions import classify
from quotes.document import Document, Quote
from quotes.errors import CorpusError, FormatError

FIXTURES = Path(__file__).parent / "fixtures" / "attribution"
DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
DEV_SET = Path(__file__).resolve().parents[1] / "eval" / "speakers_dev.jsonl"
TRAIN_SET = Path(__file__).resolve().parents[1] / "eval" / "speakers_train.jsonl"


def doc_with(text: str, relations: list[tuple[str, str | None]]) -> Document:
    """A document whose quotes are (content, source) pairs found by text search: each source is
    its occurrence nearest to the content (outside it)."""
    doc = Document("t", text)
    for content, source in relations:
        c = text.index(content)
        span = doc.span(c, c + len(content))
        src = None
        if source is not None:
            starts = [i for i in range(len(text)) if text.startswith(source, i)
                      and (i + len(source) <= span.start or i >= span.end)]
            s = min(starts, key=lambda i: min(abs(i - span.end), abs(i + len(source) - span.start)))
            src = doc.span(s, s + len(source))
        doc.quotes.append(Quote([span], None, src))
    return doc


def speakers(doc: Document) -> list[str | None]:
    return [r.speaker for r in SpeakerResolver().resolve(doc)]


def test_wire_article_every_speaker_right() -> None:
    """Secretary of state quoted then "He added"; a defence chief "warning that"; an agency."""
    doc = Document.from_json((FIXTURES / "wire.json").read_text(encoding="utf-8"))
    gold = [q.speaker for q in doc.quotes]
    assert gold.count(None) == 2  # "Critics", "A spokesman for the South Korean military"
    resolver = SpeakerResolver()
    resolver(doc)
    assert [q.speaker for q in doc.quotes] == gold


def test_he_added_goes_to_the_previous_speaker() -> None:
    text = (
        "Defense Secretary Lloyd Austin met Secretary of State Antony Blinken on Monday. "
        "\u201cWe are united,\u201d Blinken said. He added, \u201cNothing will divide us.\u201d"
    )
    doc = doc_with(text, [("\u201cWe are united,\u201d", "Blinken"), ("\u201cNothing will divide us.\u201d", "He")])
    assert speakers(doc) == ["Antony Blinken", "Antony Blinken"]


def test_pronoun_skips_a_person_of_the_wrong_gender() -> None:
    text = (
        "Hillary Clinton met Bernie Sanders in Ohio. Sanders praised her plan. "
        "She said the plan would pass."
    )
    doc = doc_with(text, [("the plan would pass", "She")])
    assert speakers(doc) == ["Hillary Clinton"]


def test_apposition_and_a_later_description() -> None:
    text = (
        "Yang Moo-jin, president of the University of North Korean Studies, commented that the "
        "test was a signal. The university president said talks were unlikely."
    )
    doc = doc_with(text, [("the test was a signal", "Yang Moo-jin, president of the University of North Korean Studies"),
                          ("talks were unlikely", "The university president")])
    assert speakers(doc) == ["Yang Moo-jin", "Yang Moo-jin"]


def test_according_to_an_agency() -> None:
    text = (
        "The launch used a new engine, according to the official Korean Central News Agency. "
        "KCNA said Kim Jong Un watched. The agency said more tests would follow."
    )
    doc = doc_with(text, [("The launch used a new engine", "the official Korean Central News Agency"),
                          ("Kim Jong Un watched", "KCNA"), ("more tests would follow", "The agency")])
    assert speakers(doc) == ["Korean Central News Agency"] * 3


def test_title_teaches_the_description() -> None:
    text = (
        "Defense Secretary Lloyd Austin visited Seoul. Antony Blinken stayed in Washington. "
        "The Pentagon chief said the drills would go ahead."
    )
    doc = doc_with(text, [("the drills would go ahead", "The Pentagon chief")])
    assert speakers(doc) == ["Lloyd Austin"]


def test_vice_and_presidential_titles_do_not_mix() -> None:
    text = (
        "Mitt Romney, the 2012 Republican presidential nominee, said Trump was a fraud. Indiana "
        "Gov. Mike Pence, Trump's running mate, spoke on Monday. The Republican vice-presidential "
        "nominee said the answer was no. Vice President Joe Biden said Trump was dangerous. "
        "President Barack Obama said the economy was strong. The vice president said the stakes "
        "were high."
    )
    doc = doc_with(text, [("the answer was no", "The Republican vice-presidential nominee"),
                          ("the stakes were high", "The vice president")])
    assert speakers(doc) == ["Mike Pence", "Joe Biden"]


def test_two_people_sharing_a_surname_are_not_merged() -> None:
    text = (
        "Bill Clinton campaigned for his wife, Hillary Clinton, in Flint. "
        "Mrs. Clinton said the plan was fair. Mr. Clinton said the system was crazy."
    )
    index = EntityIndex(text)
    clintons = {e.canonical for e in index.entities if e.kind == "person" and e.surname == "clinton"}
    assert clintons == {"Bill Clinton", "Hillary Clinton"}
    doc = doc_with(text, [("the plan was fair", "Mrs. Clinton"), ("the system was crazy", "Mr. Clinton")])
    assert speakers(doc) == ["Hillary Clinton", "Bill Clinton"]


def test_bare_surname_after_its_speaker() -> None:
    text = (
        "Former President Bill Clinton spoke in Flint for Hillary Clinton. "
        "\u201cIt is crazy,\u201d Clinton said."
    )
    doc = doc_with(text, [("Hillary Clinton", "Former President Bill Clinton"), ("\u201cIt is crazy,\u201d", "Clinton")])
    assert speakers(doc) == ["Bill Clinton", "Bill Clinton"]


def test_unnamed_speakers_are_none_and_states_are_kept() -> None:
    text = "Critics said it failed. A spokesman said it worked. Japan said it protested. Washington warned Tokyo."
    doc = doc_with(text, [("it failed", "Critics"), ("it worked", "A spokesman"), ("it protested", "Japan"),
                          ("Tokyo", "Washington")])
    assert speakers(doc) == [None, None, "Japan", "Washington"]


def test_no_source_no_speaker() -> None:
    doc = doc_with("The deal was expected to close.", [("The deal", None)])
    assert speakers(doc) == [None]


def test_first_person_inside_a_quote_is_its_speaker() -> None:
    text = "\u201cI think we will win,\u201d Ted Cruz said."
    doc = Document("t", text)
    doc.quotes.append(Quote([doc.span(1, 20)], None, doc.span(text.index("Ted Cruz"), text.index("Ted Cruz") + 8)))
    doc.quotes.append(Quote([doc.span(9, 20)], None, doc.span(1, 2)))
    assert speakers(doc) == ["Ted Cruz", "Ted Cruz"]


def test_resolver_save_load_round_trip(tmp_path: Path) -> None:
    resolver = SpeakerResolver(config={"pronoun": "rule"})
    resolver.save_pretrained(tmp_path)
    config = json.loads((tmp_path / "config.json").read_text())
    assert config["speakers"]["pronoun"] == "rule"
    loaded = SpeakerResolver.from_pretrained(tmp_path)
    doc = Document.from_json((FIXTURES / "wire.json").read_text(encoding="utf-8"))
    assert [r.speaker for r in loaded.resolve(doc)] == [q.speaker for q in doc.quotes]


# ---------------------------------------------------------------------------- the dev set file


@pytest.mark.parametrize("path", [DEV_SET, TRAIN_SET], ids=["dev", "train"])
def test_speaker_label_files_are_well_formed(path: Path) -> None:
    labels = read_speaker_labels(path)
    assert len({label.doc_id for label in labels}) >= 20
    assert all(label.source_type in ("pronoun", "partial_name", "full_name", "description", "organization", "none") for label in labels)
    assert all((label.source_start is None) == (label.source_type == "none") for label in labels)
    assert all(label.speaker is None for label in labels if label.source_type == "none")


def test_labels_round_trip_and_join(tmp_path: Path) -> None:
    doc = Document.from_json((FIXTURES / "wire.json").read_text(encoding="utf-8"))
    labels = [
        SpeakerLabel("wire", q.content[0].start, q.content[-1].end, q.source.start, q.source.end,
                     q.source.text, q.speaker, "description")
        for q in doc.quotes if q.source is not None
    ]
    write_speaker_labels(labels, tmp_path / "s.jsonl")
    assert read_speaker_labels(tmp_path / "s.jsonl") == labels
    bare = Document.from_json((FIXTURES / "wire.json").read_text(encoding="utf-8"))
    for q in bare.quotes:
        q.speaker = "?"
    (joined,) = join_speakers([bare], labels)
    assert [q.speaker for q in joined.quotes] == [q.speaker for q in doc.quotes]
    acc = speaker_accuracy([joined], lambda d: [r.speaker for r in SpeakerResolver().resolve(d)])
    assert acc.accuracy("all") == 1.0 and acc.total["all"] == len(labels)


def test_join_refuses_labels_of_another_annotation(tmp_path: Path) -> None:
    doc = Document.from_json((FIXTURES / "wire.json").read_text(encoding="utf-8"))
    wrong = [SpeakerLabel("wire", 0, 5, None, None, None, None, "none")]
    with pytest.raises(CorpusError, match="match no relation"):
        join_speakers([doc], wrong)
    (tmp_path / "bad.jsonl").write_text('{"doc_id": "x"}\n')
    with pytest.raises(FormatError):
        read_speaker_labels(tmp_path / "bad.jsonl")


@pytest.mark.data
@pytest.mark.skipif(not (DATA / "polnear").exists(), reason="PolNeAR not in ../shared/data")
def test_dev_set_accuracy_targets() -> None:
    from quotes.attribution.devset import NEVER_TUNED_BATCHES, load_speakers_dev

    resolve = lambda d: [r.speaker for r in SpeakerResolver().resolve(d)]
    # all batches (the resolver was developed on batches 1 and 2): a regression guard
    acc = speaker_accuracy(load_speakers_dev(DATA / "polnear", DEV_SET), resolve)
    assert acc.accuracy("all") >= 0.85
    assert acc.accuracy("hard") >= 0.80
    # batches 3, 5 and 7, never tuned on (0.830 / 0.810 when batch 7 was added, 0.851 / 0.831 after
    # the session-5 fixes made on train articles): the honest estimate
    fresh = speaker_accuracy(load_speakers_dev(DATA / "polnear", DEV_SET, batches=NEVER_TUNED_BATCHES), resolve)
    assert fresh.accuracy("all") >= 0.83
    # the train-article labels load against PolNeAR train (the resolver's development set)
    train = load_speakers_dev(DATA / "polnear", TRAIN_SET, split="train")
    assert len(train) >= 40 and speaker_accuracy(train, resolve).accuracy("all") >= 0.85


MODELS = Path(__file__).resolve().parents[1] / "models" / "attribution"


@pytest.mark.skipif(not (MODELS / "config.json").is_file(), reason="models/attribution not built")
def test_wire_article_end_to_end_with_the_rules_detector() -> None:
    """Rules detector -> shipped Linker -> SpeakerResolver: every quote it finds gets the speaker
    of the hand-labelled quote it overlaps."""
    from quotes import Pipeline
    from quotes.attribution import Linker, load_attribution_stages
    from quotes.rules import RuleSpanDetector

    stages = load_attribution_stages(MODELS)
    assert [type(s) for s in stages] == [Linker, SpeakerResolver]
    gold = Document.from_json((FIXTURES / "wire.json").read_text(encoding="utf-8"))
    doc = Pipeline([RuleSpanDetector(), *stages])(Document("wire", gold.text))
    matched = 0
    for quote in gold.quotes:
        found = [q for q in doc.quotes if q.content[0].overlap(quote.content[0]) > len(quote.content[0].text) // 2]
        if found:
            matched += 1
            assert found[0].speaker == quote.speaker, quote.content_text
    assert matched >= 10


def test_two_people_joined_by_and_speak_together_and_they_follows() -> None:
    text = (
        "Senators Charles Grassley and Patrick Leahy have long criticised the visa program. "
        "Mr. Grassley and Mr. Leahy said the program was riddled with fraud. "
        "They added that it needed an overhaul."
    )
    doc = doc_with(text, [("the program was riddled with fraud", "Mr. Grassley and Mr. Leahy"),
                          ("it needed an overhaul", "They")])
    assert speakers(doc) == ["Charles Grassley and Patrick Leahy"] * 2


def test_an_organisation_with_and_in_its_name_is_not_two_speakers() -> None:
    text = ("The House Oversight and Government Reform Committee said the hearing would go ahead. "
            "Donald Trump spoke later.")
    doc = doc_with(text, [("the hearing would go ahead", "The House Oversight and Government Reform Committee")])
    assert speakers(doc) == ["House Oversight and Government Reform Committee"]


def test_a_first_name_in_the_headline_completes_the_surname_of_the_body() -> None:
    text = ("Hillary Clinton Goes After Donald Trump\n\n"
            "On Monday, Clinton said the plan would fail. She added that voters knew it.")
    doc = doc_with(text, [("the plan would fail", "Clinton"), ("voters knew it", "She")])
    assert speakers(doc) == ["Hillary Clinton", "Hillary Clinton"]


def test_a_known_first_name_outweighs_nearby_pronouns() -> None:
    """Pronoun votes are noisy: "he" after "Hillary Clinton" is about Trump, not her."""
    text = ("Donald Trump attacked Hillary Clinton on Monday, and he kept at it. "
            "Trump mocked Hillary Clinton, and he laughed. Trump criticised Hillary Clinton again, "
            "and he smiled. He said that he would win easily.")
    doc = doc_with(text, [("he would win easily", "He")])
    index = EntityIndex(text)
    clinton = next(e for e in index.entities if e.canonical == "Hillary Clinton")
    assert index.gender_of(clinton) == "f"
    assert speakers(doc) == ["Donald Trump"]


def test_a_surname_that_is_also_a_country_is_the_person_the_article_names() -> None:
    text = ("Rep. Jim Jordan questioned the aide for an hour. "
            "Jordan said the answers were not credible.")
    doc = doc_with(text, [("the answers were not credible", "Jordan")])
    assert speakers(doc) == ["Jim Jordan"]


def test_first_names_that_are_months_stay_names_and_dates_stay_dates() -> None:
    text = ('"The vote was fair," said Interior Minister Jan Novak. "It was clean," said Mayor May Chen. '
            'In May Clinton said the count was slow.')
    doc = doc_with(text, [('"The vote was fair,"', "Interior Minister Jan Novak"),
                          ('"It was clean,"', "Mayor May Chen"), ("the count was slow", "Clinton")])
    assert speakers(doc) == ["Jan Novak", "May Chen", "Clinton"]


def test_a_first_name_used_alone_is_a_person_pronouns_can_reach() -> None:
    text = ("The reporter Stephanie Hale visited a living room in Ohio. Melanie watched the speech. "
            "Melanie said the country was broken. Later she said that nobody listened.")
    doc = doc_with(text, [("the country was broken", "Melanie"), ("nobody listened", "she")])
    assert speakers(doc) == ["Melanie", "Melanie"]


def test_a_first_name_used_as_a_place_stays_a_place() -> None:
    text = ("An explosion hit a Chelsea neighborhood. At a press conference in Chelsea, "
            "Mayor Bill de Blasio said it was intentional. The mayor said more would follow.")
    index = EntityIndex(text)
    assert not any(e.kind == "person" and e.canonical == "Chelsea" for e in index.entities)


def test_a_short_company_name_joins_the_one_named_in_full() -> None:
    text = ("Peabody Energy, the largest coal company, filed for bankruptcy. "
            "Peabody said it would keep its mines open.")
    doc = doc_with(text, [("it would keep its mines open", "Peabody")])
    assert speakers(doc) == ["Peabody Energy"]


LIVE_BLOG = (
    "The Latest: the campaign trail\n\n"
    "4:45 p.m.\n\nMike Pence says the debate was fair. He said the moderators did their job.\n\n"
    "___.\n\n"
    "4:30 p.m.\n\nThe debate commission says there was a problem with Donald Trump's microphone.\n\n"
    "The GOP nominee complained about his mic the morning after the debate.\n\n"
    "___.\n\n"
    "1 p.m.\n\nHillary Clinton plans to call on young people to serve.\n\n"
    "The campaign says she will announce the plan on Friday.\n"
)


def test_live_blog_items_are_not_crossed_by_previous_speaker_rules() -> None:
    doc = doc_with(LIVE_BLOG, [("the moderators did their job", "He"),
                               ("about his mic the morning after the debate", "The GOP nominee"),
                               ("she will announce the plan on Friday", "The campaign")])
    assert speakers(doc) == ["Mike Pence", "Donald Trump", "Clinton campaign"]


def test_the_president_after_his_name_is_an_antecedent_not_the_object_of_a_preposition() -> None:
    text = ("President Obama spoke about climate. Mr. Obama met Mitt Romney once. Mr. Obama laughed. "
            "In defeat, the president appeared cowed. Campaigning against Mitt Romney in 2012, he said "
            "little about the climate.")
    doc = doc_with(text, [("little about the climate", "he")])
    assert speakers(doc) == ["Obama"]


def test_islands_and_seas_are_places_not_people() -> None:
    index = EntityIndex("Crops are withering in the Marshall Islands. Ships crowd the South China Sea.")
    kinds = {e.canonical: e.kind for e in index.entities}
    assert kinds.get("Marshall Islands") == "place" and kinds.get("South China Sea") == "place"


def test_a_message_goes_to_the_author_it_names_a_study_to_no_one() -> None:
    text = ("Donald Trump attacked Hillary Clinton again. A new ad from Donald Trump's presidential campaign "
            "says she cannot be trusted. A Hillary Clinton video says he is unfit. "
            "A 2014 study by Harvard University found that turnout fell. "
            "31 Latinos said the race was about respect. The city of Phoenix said the rally broke its rules.")
    doc = doc_with(text, [("she cannot be trusted", "A new ad from Donald Trump's presidential campaign"),
                          ("he is unfit", "A Hillary Clinton video"),
                          ("turnout fell", "A 2014 study by Harvard University"),
                          ("the race was about respect", "31 Latinos"),
                          ("the rally broke its rules", "The city of Phoenix")])
    assert speakers(doc) == ["Trump campaign", "Hillary Clinton", None, None, "Phoenix"]


# Session 5: error classes found on the train-article labels (eval/speakers_train.jsonl).


def test_a_relative_introduced_by_first_name_takes_the_family_surname() -> None:
    text = ("Hillary Clinton campaigned in Nashua. Clinton's husband, Bill, said her rival was wrong. "
            "The former president said the attacks were unfair.")
    doc = doc_with(text, [("her rival was wrong", "Clinton's husband, Bill,"),
                          ("the attacks were unfair", "The former president")])
    assert speakers(doc) == ["Bill Clinton", "Bill Clinton"]
    assert "Bill Clinton" in {e.canonical for e in EntityIndex(text).entities}


def test_a_role_then_a_full_name_is_that_person() -> None:
    text = ("Workers marched in Milwaukee. \u201cWe will win,\u201d Fight for $15 organizing director "
            "Kendall Fells told reporters. Sylke Tempel, the editor of the magazine of the German Council "
            "on Foreign Relations, said the army was small.")
    doc = doc_with(text, [("We will win", "Fight for $15 organizing director Kendall Fells"),
                          ("the army was small", "Sylke Tempel, the editor of the magazine of the German "
                                                 "Council on Foreign Relations")])
    assert speakers(doc) == ["Kendall Fells", "Sylke Tempel"]


def test_a_countrys_official_speaks_not_the_country() -> None:
    text = "A student from Chad was on the plane, Chad\u2019s Ambassador to France confirmed."
    doc = doc_with(text, [("A student from Chad was on the plane", "Chad\u2019s Ambassador to France")])
    assert speakers(doc) == [None]


def test_generic_words_platforms_and_tallies_name_no_speaker() -> None:
    text = ("Police had charged the manager. Leaders' College posted a note. According to the "
            "school\u2019s Facebook post, the family was travelling. Tallies by Kantar Media show "
            "spending rose.")
    doc = doc_with(text, [("had charged the manager", "Police"),
                          ("the family was travelling", "the school\u2019s Facebook post"),
                          ("spending rose", "Tallies by Kantar Media")])
    assert speakers(doc) == [None, None, None]


def test_the_company_is_the_organisation_just_named() -> None:
    text = ("He worked for Vanguard Logistics Services in Belgium. The company confirmed he was a "
            "passenger. The Heritage Foundation studied wages. The organization also says few earn it.")
    doc = doc_with(text, [("he was a passenger", "The company"), ("few earn it", "The organization")])
    assert speakers(doc) == ["Vanguard Logistics Services", "Heritage Foundation"]


def test_the_company_is_a_brand_just_named_but_not_a_person_or_a_plural() -> None:
    """Brands the entity finder has no word for ("Wealth-X", "EgyptAir") stay untyped names;
    "the company" / "the airline" still go to them, never to a first name or a group of people."""
    text = ("In 2010 two staff members left to start Wealth-X, a research firm. The company says its "
            "business has tripled. He had logged 2,766 hours with EgyptAir, the airline said Thursday. "
            "Mary was travelling. Many Americans agree. The company says sales fell.")
    doc = doc_with(text, [("its business has tripled", "The company"), ("He had logged 2,766 hours", "the airline"),
                          ("sales fell", "The company")])
    assert speakers(doc) == ["Wealth-X", "EgyptAir", None]


def test_two_countries_speak_together_and_a_brand_is_no_first_name() -> None:
    text = ("EgyptAir Jet Found Off Crete\n\nBack then Britain and France feared a strong Germany. "
            "EgyptAir said the pilot had 6,300 hours. Fox News polled voters. Sanders led, Fox found.")
    doc = doc_with(text, [("feared a strong Germany", "Britain and France"),
                          ("the pilot had 6,300 hours", "EgyptAir"), ("Sanders led", "Fox")])
    assert speakers(doc) == ["Britain and France", "EgyptAir", "Fox News"]


def test_an_owned_campaign_goes_to_its_owner_and_a_role_word_is_no_first_name() -> None:
    text = ("Bernie Sanders won Oklahoma. Sanders, whose populist campaign drew crowds, was happy. "
            "Rival Hillary Clinton lost. Donald Trump spoke later. His campaign said the polls were wrong.")
    doc = doc_with(text, [("drew crowds", "whose populist campaign"), ("lost", "Rival Hillary Clinton"),
                          ("the polls were wrong", "His campaign")])
    assert speakers(doc) == ["Sanders campaign", "Hillary Clinton", "Trump campaign"]


def test_an_op_eds_we_goes_to_the_author_its_bio_line_names() -> None:
    text = ("Rubio needs delegates. Most of the time, we think about the big number.\n\n"
            "Jason Linkins edits the politics page for a news site.")
    doc = doc_with(text, [("about the big number", "we")])
    assert speakers(doc) == ["Jason Linkins"]


def test_a_pronoun_after_an_unnamed_person_is_no_one_named() -> None:
    text = ("Chancellor Angela Merkel spoke on Monday. A Berlin woman received probation after she had "
            "posted comments online. Merkel, a former scientist, said the law was fair, and she repeated it.")
    doc = doc_with(text, [("comments online", "she"), ("it.", "she")])
    assert speakers(doc) == [None, "Angela Merkel"]


def test_names_at_sentence_start_initials_places_and_two_papers() -> None:
    text = ("The club's director, Jeremy Boreing, wrote to members. Boreing said the club would close. "
            "C. Boyden Gray served Mr. Bush. Mr. Gray said manners mattered. Tom Emanuel of Laconia, N.H., "
            "said he was undecided. Filmmaker Jack Marino said he was sad. Kasich was endorsed by both "
            "the New York Times and Boston Globe. Sometimes, they say, it is hard.")
    doc = doc_with(text, [("the club would close", "Boreing"), ("manners mattered", "Mr. Gray"),
                          ("he was undecided", "Tom Emanuel"), ("he was sad", "Filmmaker Jack Marino"),
                          ("Kasich was endorsed", "both the New York Times and Boston Globe")])
    assert speakers(doc) == ["Jeremy Boreing", "C. Boyden Gray", "Tom Emanuel", "Jack Marino",
                             "New York Times and Boston Globe"]
    assert "Sometimes" not in {e.canonical for e in EntityIndex(text).entities}


def test_who_after_a_place_in_an_apposition_is_the_person_and_team_is_no_first_name() -> None:
    text = ("\u201cWe love him,\u201d said Alan Berger, a gynecologist from Englewood, New Jersey, who said "
            "he is a friend. Team Trump sees the convention as a chance. Donald Trump spoke on Monday. "
            "Trump said the convention would be a success. His remarks buttress the contention of former "
            "secretary of state Hillary Clinton that her emails were safe. Until then, both Mrs. Clinton "
            "and her campaign had said the server was secure.")
    doc = doc_with(text, [("he is a friend", "who"), ("the convention would be a success", "Trump"),
                          ("that her emails were safe", "former secretary of state Hillary Clinton"),
                          ("the server was secure", "both Mrs. Clinton and her campaign")])
    assert speakers(doc) == ["Alan Berger", "Donald Trump", "Hillary Clinton", "Hillary Clinton"]


def test_at_equal_use_the_shorter_full_name_is_canonical() -> None:
    """One "Hillary Rodham Clinton" and one "Hillary Clinton": the usual form, not the longest
    (a headline's "Hillary Clinton Sides" must not win a tie either)."""
    text = "Hillary Rodham Clinton spoke in Iowa on Monday. Later, Hillary Clinton said that words matter."
    assert "Hillary Clinton" in {e.canonical for e in EntityIndex(text).entities}


def test_a_description_naming_another_office_is_not_the_last_person_named() -> None:
    text = ("Secretary of State Antony Blinken said the test was reckless. Japan noted that the missile "
            "landed in its waters, according to the defense minister.")
    doc = doc_with(text, [("the test was reckless", "Secretary of State Antony Blinken"),
                          ("Japan noted that the missile landed in its waters", "the defense minister")])
    assert speakers(doc) == ["Antony Blinken", None]


def test_train_batch_4_classes_joints_camps_and_appositions() -> None:
    text = ("Sens. Rand Paul (Ky.) and Marco Rubio (Fla.) argued about spending. Neither Cruz nor Christie "
            "answered. Ted Cruz and Chris Christie spoke later. The Clinton camp said it was pleased. "
            "Hillary Clinton smiled. Another pollster, David Woodard of Clemson University, said support "
            "held. Harold Doley, the first black member of the exchange, who backs Carson, said he was glad. "
            "USA Today reported the figures.")
    doc = doc_with(text, [("argued about spending", "Sens. Rand Paul (Ky.) and Marco Rubio (Fla.)"),
                          ("answered", "Neither Cruz nor Christie"), ("it was pleased", "The Clinton camp"),
                          ("support held", "Another pollster, David Woodard of Clemson University,"),
                          ("backs Carson", "who"), ("reported the figures", "USA Today")])
    assert speakers(doc) == ["Rand Paul and Marco Rubio", "Ted Cruz and Chris Christie", "Clinton campaign",
                             "David Woodard", "Harold Doley", "USA Today"]


def test_train_batch_5_titles_inside_names_typos_and_surnames_that_are_org_words() -> None:
    """A place before a title ("Atlantic City Mayor Don Guardian"), a lone surname that is also a
    newspaper ("Guardian said"), a role alone ("The Turkish President, Recep Tayyip Erdogan,"),
    a correspondent's long title, and a first name misspelt once ("Hilary Clinton")."""
    text = ("The Turkish President, Recep Tayyip Erdogan, changed course. He said the coup failed. "
            "Atlantic City Mayor Don Guardian spoke first. Guardian said the city was ready. "
            "NBC News Senior Investigative Correspondent Cynthia McFadden asked. McFadden added a point. "
            "ABSTRACT. Warren campaigned with Hilary Clinton. FULL TEXT. Hillary Clinton and Senator "
            "Elizabeth Warren of Massachusetts held an event. Mrs. Clinton said jobs matter.")
    doc = doc_with(text, [("the coup failed", "He"), ("the city was ready", "Guardian"),
                          ("a point", "McFadden"), ("jobs matter", "Mrs. Clinton")])
    assert speakers(doc) == ["Recep Tayyip Erdogan", "Don Guardian", "Cynthia McFadden", "Hillary Clinton"]
    assert classify(["Atlantic", "City"])[0] == "place"  # not a person a "he" could be
    # two different known first names are two people, not a typo
    doc = doc_with("Mark Kelly spoke. Mary Kelly spoke too. Kelly said no.", [("no", "Kelly")])
    assert len({e.canonical for e in EntityIndex(doc.text).entities if e.surname == "kelly"}) == 2


def test_train_batch_5_pronoun_like_sources_outlets_and_groups() -> None:
    text = ("Bernie Sanders spoke. Sanders himself has made the case. Anyone questioning her lead was "
            "ignored. He said so according to The Blaze. The Washington Post reported it. "
            "Kelly Ayotte - the first-term senator from New Hampshire who is facing a race - voted. "
            "Donald Trump called. The senator is betting on voters. Maggie Hassan answered. "
            "Both women hold statewide office. The whole spectacle sent shudders through those supporting "
            "Hillary Clinton, who are growing irritated. There will be plenty of energized Democrats who "
            "turn out. Vermont Gov. Peter Shumlin and Sen. Patrick Leahy as well as former Vermont Gov. "
            "Howard Dean have endorsed Clinton.")
    doc = doc_with(text, [("has made the case", "Sanders himself"), ("questioning her lead", "Anyone"),
                          ("said so", "The Blaze"), ("reported it", "The Washington Post"),
                          ("betting on voters", "The senator"), ("hold statewide office", "Both women"),
                          ("growing irritated", "who"), ("turn out", "who"),
                          ("have endorsed Clinton", "Vermont Gov. Peter Shumlin and Sen. Patrick Leahy as "
                                                    "well as former Vermont Gov. Howard Dean")])
    assert speakers(doc) == ["Bernie Sanders", None, "The Blaze", "Washington Post", "Kelly Ayotte",
                             "Kelly Ayotte and Maggie Hassan", None, None,
                             "Peter Shumlin, Patrick Leahy and Howard Dean"]


def test_an_op_ed_bio_with_a_title_and_party_signs_the_authors_we() -> None:
    text = ("We believe six debates are enough for voters.\n\nRep. Debbie Wasserman Schultz, D-Fla., chairs "
            "the Democratic National Committee.")
    doc = doc_with(text, [("six debates are enough for voters", "We")])
    assert speakers(doc) == ["Debbie Wasserman Schultz"]
    text = "We believe the party is lost.\n\nThe Republican Party is a disgrace."
    assert speakers(doc_with(text, [("the party is lost", "We")])) == [None]


def test_a_state_and_party_description_is_the_lawmaker_tied_to_that_state() -> None:
    """"(R-Fla.)", "of Florida" and "(Ky.)" tie a lawmaker to a state: "the Florida Republican" is
    him, not the Republican named last; "the Wisconsin Republican" is no one tied elsewhere."""
    text = ("Sens. Rand Paul (R-Ky.) and Marco Rubio (R-Fla.) clashed on taxes. Republican Donald Trump "
            "watched. The Florida Republican said families come first. Paul said the credit was welfare. "
            "Speaker Paul Ryan says allies are rattled. Later the Wisconsin Republican said Trump was "
            "wrong. Rep. Jim Jordan, R-Ohio, said little. The Kentucky senator said no.")
    doc = doc_with(text, [("families come first", "The Florida Republican"),
                          ("the credit was welfare", "Paul"),
                          ("allies are rattled", "Speaker Paul Ryan"),
                          ("Trump was wrong", "the Wisconsin Republican"),
                          ("no", "The Kentucky senator")])
    assert speakers(doc) == ["Marco Rubio", "Rand Paul", "Paul Ryan", "Paul Ryan", "Rand Paul"]
    index = EntityIndex(text)
    jordan = next(e for e in index.entities if e.canonical == "Jim Jordan")
    assert any("ohio republican" in t for t in jordan.titles)
    christie = EntityIndex("Marco Rubio and Chris Christie spoke.").entities
    assert all(not e.titles for e in christie)  # "Marco Rubio and" is no title


def test_a_ledes_indefinite_description_is_the_person_named_next_with_that_title() -> None:
    """"A New York judge has rejected ..." names the judge two sentences on; "a spokesman" that
    no one later holds stays unnamed."""
    text = ("A New York judge has rejected a request to unseal the file. The file is sealed. "
            "Justice Frank Nervo wrote that the privacy of the children mattered. "
            "A spokesman said the company would appeal. Mayor Bill Hart said nothing.")
    doc = doc_with(text, [("a request to unseal the file", "A New York judge"),
                          ("the company would appeal", "A spokesman")])
    assert speakers(doc) == ["Frank Nervo", None]


def test_a_states_organ_speaks_for_the_state() -> None:
    text = ("North Korea fired two missiles, South Korea's military said. Russia's foreign ministry "
            "called it a test. A government said nothing.")
    doc = doc_with(text, [("North Korea fired two missiles", "South Korea's military"),
                          ("it a test", "Russia's foreign ministry"), ("nothing", "A government")])
    assert speakers(doc) == ["South Korea", "Russia", None]


def test_the_aide_after_an_unnamed_aide_is_no_one_named() -> None:
    """"A Republican committee aide ... the aide said" is one unnamed person, not the last
    person quoted by name; an inspector general is no General."""
    text = ('Trey Gowdy said the panel would finish. A Republican committee aide blasted the statement. '
            '"It is politics," the aide said. George Washington was a general. '
            "The State Department's inspector general judged it worse.")
    doc = doc_with(text, [("the panel would finish", "Trey Gowdy"), ("the statement", "A Republican committee aide"),
                          ('"It is politics,"', "the aide"), ("it worse", "The State Department's inspector general")])
    assert speakers(doc) == ["Trey Gowdy", None, None, None]


def test_a_bare_role_prefers_the_articles_speaker_to_a_former_or_qualified_holder() -> None:
    """"the candidate" is not "former gubernatorial candidate Meg Whitman" named once when Trump,
    named throughout, spoke last; with no better antecedent the former holder still counts."""
    text = ("Donald Trump spoke in San Jose. Trump said the valley loved him. Former Republican gubernatorial "
            "candidate Meg Whitman backs Hillary Clinton. Trump laughed. Trump said he would win. "
            '"I have great respect for Silicon Valley," the candidate said.')
    doc = doc_with(text, [("the valley loved him", "Trump"), ("he would win", "Trump"),
                          ('"I have great respect for Silicon Valley,"', "the candidate")])
    assert speakers(doc) == ["Donald Trump", "Donald Trump", "Donald Trump"]
    whitman = next(e for e in EntityIndex(text).entities if e.canonical == "Meg Whitman")
    assert whitman.titles == ["former candidate"]
    alone = "Former Republican gubernatorial candidate Meg Whitman spoke. The candidate said no."
    assert speakers(doc_with(alone, [("no", "The candidate")])) == ["Meg Whitman"]


def test_a_gendered_description_is_not_the_last_speaker_of_the_other_gender() -> None:
    text = ('"It raises security issues," Hillary Clinton said. The New York businessman has praised Putin. '
            'Bill Hart said he agreed. "We will see," the businessman said.')
    doc = doc_with(text, [('"It raises security issues,"', "Hillary Clinton"),
                          ("has praised Putin", "The New York businessman"), ("he agreed", "Bill Hart"),
                          ('"We will see,"', "the businessman")])
    assert speakers(doc) == ["Hillary Clinton", None, "Bill Hart", "Bill Hart"]


def test_a_party_in_a_description_rules_out_a_holder_of_the_other_party() -> None:
    text = ("Democratic Gov. Jay Nixon of Missouri vetoed the bill. In Georgia, the state's Republican governor "
            "suggested he would not sign a similar bill. The governor said Missouri was better off.")
    doc = doc_with(text, [("he would not sign a similar bill", "the state's Republican governor"),
                          ("Missouri was better off", "The governor")])
    assert speakers(doc) == [None, "Jay Nixon"]


def test_someones_spokesman_is_not_the_owner_nor_the_last_speaker() -> None:
    text = ("British Prime Minister David Cameron criticized the plan. Donald Trump said he was a unifier. "
            "The prime minister’s spokesman said Cameron stood by his comments. The spokesman refused to say more.")
    doc = doc_with(text, [("he was a unifier", "Donald Trump"),
                          ("Cameron stood by his comments", "The prime minister’s spokesman"),
                          ("to say more", "The spokesman")])
    assert speakers(doc) == ["Donald Trump", None, None]


def test_the_newspaper_the_agency_and_the_federation_go_to_the_one_just_named() -> None:
    text = ("The editors of The Advocate aimed their editorial at Clinton. The newspaper said she should visit. "
            "The State Department reduced security. The agency declined a request. "
            "The AFL-CIO held off. The federation said it would wait.")
    doc = doc_with(text, [("she should visit", "The newspaper"), ("a request", "The agency"),
                          ("it would wait", "The federation")])
    assert speakers(doc) == ["The Advocate", "State Department", "AFL-CIO"]


def test_an_unnamed_campaign_is_the_last_speakers_and_the_bureau_the_fbi() -> None:
    text = ('"Trump’s comments are no joke," Hillary Clinton said. "They matter," the campaign wrote. '
            "The FBI lost track of him. The bureau said it was looking.")
    doc = doc_with(text, [('"Trump’s comments are no joke,"', "Hillary Clinton"), ('"They matter,"', "the campaign"),
                          ("it was looking", "The bureau")])
    assert speakers(doc) == ["Hillary Clinton", "Clinton campaign", "FBI"]


def test_owned_offices_and_the_unnamed_administration() -> None:
    text = ("President Barack Obama announced the plan. In Sen. David Vitter’s (R-La.) case, Republicans attacked it. "
            "His office put out a statement. The administration defended the plan. "
            "The administration in power could change the rules.")
    doc = doc_with(text, [("a statement", "His office"), ("the plan.", "The administration"),
                          ("could change the rules", "The administration in power")])
    assert speakers(doc) == ["Vitter office", "Obama administration", None]


def test_the_editorial_board_is_the_paper_just_named() -> None:
    text = "The Wall Street Journal attacked Cruz. The paper's editorial board wrote that he pandered."
    assert speakers(doc_with(text, [("that he pandered", "The paper's editorial board")])) == ["Wall Street Journal"]


def test_a_ledes_indefinite_organisation_is_the_one_named_next() -> None:
    text = ("A federal appeals court ruled Friday against the purge. The U.S. Court of Appeals for the Sixth "
            "Circuit overruled a lower court. A union representing flight attendants endorsed Clinton. The "
            "Association of Flight Attendants has 50,000 members. A company said it would leave.")
    doc = doc_with(text, [("against the purge", "A federal appeals court"),
                          ("endorsed Clinton", "A union representing flight attendants"),
                          ("it would leave", "A company")])
    assert speakers(doc) == ["U.S. Court of Appeals for the Sixth Circuit", "Association of Flight Attendants", None]


def test_the_ministry_after_a_states_ministry_and_a_workers_union() -> None:
    text = ("China’s foreign ministry also weighed in. “Stick to your promises,” the ministry said. "
            "The workers are represented by the United Steelworkers union. The union agreed to the cuts.")
    doc = doc_with(text, [("Stick to your promises", "China’s foreign ministry"),
                          ("“Stick to your promises,”", "the ministry"), ("to the cuts", "The union")])
    assert speakers(doc)[1:] == ["China", "United Steelworkers"]


def test_a_speech_verb_marked_as_the_source_is_the_name_after_it() -> None:
    """An annotation slip the dev conventions read by meaning: "..., said Obama" with "said" as
    the source is Obama."""
    text = ('Barack Obama spoke in Chicago. "It is no huge deal," said Obama. Others disagreed. '
            '"She stands with Trump," Maggie Hassan said in an interview in her office.')
    doc = doc_with(text, [('"It is no huge deal,"', "said"),
                          ('"She stands with Trump,"', "said in an interview in her office")])
    assert speakers(doc) == ["Barack Obama", "Maggie Hassan"]


def test_an_appositive_or_a_part_describes_the_organisation_named() -> None:
    text = ("He took over obligations from Walter Energy, another mining company that had declared bankruptcy. "
            "A three-judge panel of the U.S. Court of Appeals ruled Friday. "
            "In addition to the ABA, a coalition of lawyers has vouched for him.")
    doc = doc_with(text, [("had declared bankruptcy", "another mining company"),
                          ("ruled Friday", "A three-judge panel of the U.S. Court of Appeals"),
                          ("has vouched for him", "a coalition of lawyers")])
    assert speakers(doc) == ["Walter Energy", "U.S. Court of Appeals", None]


def test_at_least_one_democrat_is_the_democrat_named_next() -> None:
    text = ("At least one Democrat was not on board. “Romney was prepared,” Sen. Claire McCaskill (D-Mo.) said. "
            "One Republican disagreed.")
    doc = doc_with(text, [("was not on board", "At least one Democrat"), ("disagreed", "One Republican")])
    assert speakers(doc) == ["Claire McCaskill", None]


def test_shouted_capitals_are_no_names_but_a_transcript_label_is() -> None:
    """A digest's "U.N. PANEL RULES FOR WIKILEAKS FOUNDER" and NYT's "ABSTRACT." name no one;
    a transcript's "WALLACE:" still does."""
    text = ("ABSTRACT.\n\nThe company said it had suspended accounts.\n\n3. U.N. PANEL RULES FOR WIKILEAKS FOUNDER.\n\n"
            "WALLACE: Do you agree?\n\nPENCE: I do.")
    names = {e.canonical for e in EntityIndex(text).entities}
    assert "ABSTRACT" not in names and not any("PANEL" in n for n in names)
    assert {"WALLACE", "PENCE"} <= {n.upper() for n in names}


def test_a_party_word_as_the_source_is_the_partys_people() -> None:
    text = "Republican attempts to exploit the emails failed. The GOP’s plan was clear. Democrats said no."
    doc = doc_with(text, [("to exploit the emails", "Republican"), ("plan was clear", "GOP’s"), ("no", "Democrats")])
    assert speakers(doc) == ["Republicans", "Republicans", "Democrats"]


def test_the_former_secretary_is_the_last_person_named_without_another_office() -> None:
    """Sen. Sanders spoke last, but a senator is no former secretary of state: the person named
    just before, with no office of her own in the text, is."""
    text = ('Rival Hillary Clinton was in Iowa. "We need $15," Sen. Bernie Sanders said. '
            "The former secretary of state has supported local increases. Clinton smiled.")
    doc = doc_with(text, [('"We need $15,"', "Sen. Bernie Sanders"),
                          ("has supported local increases", "The former secretary of state")])
    assert speakers(doc) == ["Bernie Sanders", "Hillary Clinton"]


def test_a_plural_description_before_two_names_is_both() -> None:
    text = ("Trump’s leading Republican rivals, Sens. Ted Cruz of Texas and Marco Rubio of Florida, have both "
            "urged a boycott. His adviser, Corey Lewandowski, said no.")
    doc = doc_with(text, [("urged a boycott", "Trump’s leading Republican rivals, Sens. Ted Cruz of Texas and Marco Rubio of Florida,"),
                          ("no", "His adviser, Corey Lewandowski,")])
    assert speakers(doc) == ["Ted Cruz and Marco Rubio", "Corey Lewandowski"]
