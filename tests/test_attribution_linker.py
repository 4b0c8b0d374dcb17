"""The Linker: learned cue/source choice, the nearest rule, and save/load."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from quotes.attribution import Linker
from quotes.document import Document, Quote
from quotes.errors import ModelError
from training.attribution import evaluate_linker, train_linker

FIXTURES = Path(__file__).parent / "fixtures" / "attribution"
_MARK = re.compile(r"\{([cus])(\d*) ([^{}]*)\}")


def marked(text: str, doc_id: str = "t") -> Document:
    """A document from marked-up text: {c1 content} {u1 cue} {s1 source} make relation 1;
    {s text} and {u text} without a number are candidates that belong to no relation."""
    plain, spans, pos, last = [], [], 0, 0
    for m in _MARK.finditer(text):
        plain.append(text[last : m.start()])
        pos += m.start() - last
        spans.append((m.group(1), m.group(2), pos, pos + len(m.group(3))))
        plain.append(m.group(3))
        pos += len(m.group(3))
        last = m.end()
    plain.append(text[last:])
    doc = Document(doc_id, "".join(plain))
    rels: dict[str, dict[str, object]] = {}
    for role, rid, s, e in spans:
        span = doc.span(s, e)
        if role != "c":
            doc.spans.setdefault({"u": "cue", "s": "source"}[role], []).append(span)
        if rid:
            rels.setdefault(rid, {})[role] = span
    for rid in sorted(rels):
        r = rels[rid]
        doc.quotes.append(Quote([r["c"]], r.get("u"), r.get("s")))  # type: ignore[list-item]
    doc.sort_quotes()
    return doc


EXAMPLES = [
    # the source after the cue, another source nearer to the content on the other side
    "{s Officials} were gathering. {c1 “We are ready,”} {u1 said} {s1 Mr. Lee}, the minister.",
    # "according to": the source follows the cue, the previous sentence's source is nearer
    "{s2 Ms. Park} {u2 said} {c2 the talks were over}. {c1 The launch was a test}, {u1 according to} {s1 the agency}.",
    # two quotes in a row, each with its own source
    "{c1 “Prices will rise,”} {u1 said} {s1 Kim}. {c2 “They will not,”} {u2 replied} {s2 Choi}.",
    # source before the cue and the content after it
    "{s1 The senator} {u1 warned} {c1 that the bill would fail} while {s Democrats} watched.",
    # no source at all: a passive cue
    "{s Analysts} met on Monday. {c1 The deal} {u1 was expected} to close soon.",
    # content split around the cue: the source sits inside the content's gap
    "{c1 “We will win,”} {u1 says} {s1 Ms. Ortega}, {s adding} nothing. {c2 Taxes rose}, {u2 reported} {s2 the ministry}.",
]


def training_docs() -> list[Document]:
    docs = []
    for n, text in enumerate(EXAMPLES * 3):
        docs.append(marked(text, f"d{n}"))
    return docs


def test_marked_builds_what_it_says() -> None:
    doc = marked(EXAMPLES[0])
    (quote,) = doc.quotes
    assert quote.content[0].text == "“We are ready,”"
    assert quote.cue is not None and quote.cue.text == "said"
    assert quote.source is not None and quote.source.text == "Mr. Lee"
    assert [s.text for s in doc.spans["source"]] == ["Officials", "Mr. Lee"]


def test_linker_overfits_hand_made_examples() -> None:
    docs = training_docs()
    linker = train_linker(docs, C=100.0)
    scores = evaluate_linker(linker, [marked(t) for t in EXAMPLES])
    assert scores["cue_accuracy"] == 1.0
    assert scores["source_accuracy"] == 1.0
    # the nearest rule gets some of them wrong, so the model learned something
    assert evaluate_linker(Linker.nearest(), [marked(t) for t in EXAMPLES])["source_accuracy"] < 1.0


def test_linker_stage_rewrites_cue_and_source() -> None:
    linker = train_linker(training_docs(), C=100.0)
    doc = marked(EXAMPLES[1])
    gold = [(q.cue, q.source) for q in doc.quotes]
    for quote in doc.quotes:  # a detector grouped them wrongly
        quote.cue, quote.source = None, None
    linker(doc)
    assert [(q.cue, q.source) for q in doc.quotes] == gold


def test_linker_without_candidates_leaves_none() -> None:
    doc = Document("x", "The deal was done.")
    doc.quotes.append(Quote([doc.span(0, 8)]))
    linker = train_linker(training_docs(), C=100.0)
    assert linker.link(doc)[0].cue is None and linker.link(doc)[0].source is None


def test_save_load_round_trip(tmp_path: Path) -> None:
    linker = train_linker(training_docs(), C=100.0)
    linker.save_pretrained(tmp_path)
    config = json.loads((tmp_path / "config.json").read_text())
    assert config["format_version"] == 1 and config["kind"] == "attribution"
    assert "linker" in config and (tmp_path / "linker.safetensors").is_file()
    loaded = Linker.from_pretrained(tmp_path)
    for text in EXAMPLES:
        doc = marked(text)
        for a, b in zip(loaded.link(doc), linker.link(doc)):
            assert (a.cue, a.source) == (b.cue, b.source)
            assert a.score == pytest.approx(b.score, abs=1e-4)
    # no pickle anywhere in the folder
    assert not list(tmp_path.glob("*.pkl")) and not list(tmp_path.glob("*.bin"))


def test_load_errors_name_the_problem(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="does not exist"):
        Linker.from_pretrained(tmp_path / "missing")
    linker = train_linker(training_docs(), C=100.0)
    linker.save_pretrained(tmp_path)
    (tmp_path / "linker.safetensors").unlink()
    with pytest.raises(ModelError, match="linker.safetensors is missing"):
        Linker.from_pretrained(tmp_path)
    config = json.loads((tmp_path / "config.json").read_text())
    config["format_version"] = 99
    (tmp_path / "config.json").write_text(json.dumps(config))
    with pytest.raises(ModelError, match="format_version"):
        Linker.from_pretrained(tmp_path)


def test_nearest_rule_has_no_weights(tmp_path: Path) -> None:
    with pytest.raises(ModelError):
        Linker.nearest().save_pretrained(tmp_path)


def test_wire_article_linked_with_all_candidates() -> None:
    """Every quote of the wire fixture gets its cue and source back from the span groups."""
    gold = Document.from_json((FIXTURES / "wire.json").read_text(encoding="utf-8"))
    linker = train_linker(training_docs() + [gold], C=100.0)
    doc = Document.from_json((FIXTURES / "wire.json").read_text(encoding="utf-8"))
    for quote in doc.quotes:
        quote.cue, quote.source = None, None
    links = linker.link(doc)
    assert [(l.cue, l.source) for l in links] == [(q.cue, q.source) for q in gold.quotes]
