"""quotes.inputs: paths -> InputItems, with the robustness rules of docs/format.md."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from quotes.errors import InputError
from quotes.inputs import (
    InputItem,
    count_inputs,
    decode_bytes,
    html_to_text,
    iter_inputs,
    looks_like_html,
    replace_controls,
)


def one(paths: list, **kw) -> InputItem:
    items = list(iter_inputs(paths, **kw))
    assert len(items) == 1
    return items[0]


def test_text_file_id_is_name_without_folder(tmp_path: Path) -> None:
    (tmp_path / "article.txt").write_text("He said hello.", encoding="utf-8")
    item = one([tmp_path / "article.txt"])
    assert item.ok and item.error is None
    assert item.id == item.document.id == "article.txt"
    assert item.document.text == "He said hello."
    assert item.document.meta == {}


def test_empty_and_whitespace_files_are_documents(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\t\n")
    items = list(iter_inputs([tmp_path / "empty.txt", tmp_path / "blank.txt"]))
    assert [i.document.text for i in items] == ["", "  \n\t\n"]


def test_crlf_is_kept_and_offsets_index_the_text_as_read(tmp_path: Path) -> None:
    (tmp_path / "crlf.txt").write_bytes(b"One.\r\nTwo \xe2\x80\x9cquoted\xe2\x80\x9d.\r\n")
    doc = one([tmp_path / "crlf.txt"]).document
    assert doc.text == "One.\r\nTwo “quoted”.\r\n"
    assert doc.text.index("“") == 10


def test_utf8_bom_is_dropped_without_warning(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes("\ufeffCafé".encode("utf-8"))
    doc = one([tmp_path / "bom.txt"]).document
    assert doc.text == "Café" and "warnings" not in doc.meta


def test_cp1252_fallback_records_a_warning(tmp_path: Path) -> None:
    raw = "He said \u201cno\u201d \u2013 caf\u00e9.".encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    (tmp_path / "win.txt").write_bytes(raw)
    doc = one([tmp_path / "win.txt"]).document
    assert doc.text == "He said \u201cno\u201d \u2013 caf\u00e9."
    assert any("cp1252" in w for w in doc.meta["warnings"])


def test_latin1_is_the_last_fallback() -> None:
    raw = b"caf\xe9 \x81"  # 0x81 is undefined in cp1252
    text, warnings = decode_bytes(raw, "x")
    assert text == "café \x81" and warnings == ["not valid UTF-8; decoded as latin-1"]


def test_utf16_with_bom() -> None:
    text, warnings = decode_bytes("Zoë said “yes”.".encode("utf-16"), "x")
    assert text == "Zoë said “yes”." and "UTF-16" in warnings[0]


def test_binary_with_nul_bytes_is_an_error_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    item = one([tmp_path / "image.txt"])
    assert not item.ok and item.document is None
    assert isinstance(item.error, InputError)
    assert "image.txt" in str(item.error) and "binary" in str(item.error)


def test_mostly_control_characters_is_binary() -> None:
    with pytest.raises(InputError, match="binary"):
        decode_bytes(bytes(range(1, 32)) * 20 + b"some text", "blob")


def test_control_characters_become_spaces_keeping_offsets(tmp_path: Path) -> None:
    raw = "A\x07B\x0cC\tD\nE\rF\x85G"
    cleaned, warnings = replace_controls(raw)
    assert cleaned == "A B C\tD\nE\rF G"
    assert len(cleaned) == len(raw) and warnings == ["replaced 3 control character(s) by spaces"]
    (tmp_path / "bell.txt").write_text("Say \x07 hi " * 3, encoding="utf-8")
    doc = one([tmp_path / "bell.txt"]).document
    assert doc.text == "Say   hi " * 3 and doc.meta["warnings"]


def test_html_file_is_reduced_to_visible_text(tmp_path: Path) -> None:
    html = (
        "<!DOCTYPE html><html><head><title>Talks &amp; more</title>"
        "<style>p {color: red}</style><script>var x = '<p>no</p>';</script></head>"
        "<body><h1>Talks resume</h1><p>The minister said:\n   &ldquo;We are ready.&rdquo;</p>"
        "<p>She added<br>that it <b>was</b> time.</p></body></html>"
    )
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    doc = one([tmp_path / "page.html"]).document
    assert doc.text == (
        "Talks resume\n\nThe minister said: “We are ready.”\n\nShe added\n\nthat it was time."
    )
    assert doc.meta["format"] == "html" and doc.meta["title"] == "Talks & more"
    assert any("HTML" in w for w in doc.meta["warnings"])


def test_html_is_detected_by_content_too() -> None:
    assert looks_like_html("  <!-- x --> <!doctype HTML><p>a")
    assert looks_like_html("<html lang='en'>")
    assert not looks_like_html("He wrote <html> in the text.")
    assert html_to_text("<html><p>a</p><p>b</p></html>")[0] == "a\n\nb"


def test_folder_is_sorted_and_optionally_recursive(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("b", encoding="utf-8")
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("c", encoding="utf-8")
    assert [i.id for i in iter_inputs([tmp_path])] == ["a.txt", "b.txt"]
    assert [i.id for i in iter_inputs([tmp_path], recursive=True)] == [
        "a.txt",
        "b.txt",
        "sub/c.txt",
    ]
    assert count_inputs([tmp_path]) == 2
    assert count_inputs([tmp_path], recursive=True) == 3


def test_empty_folder_and_missing_path_are_error_items(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    items = list(iter_inputs([tmp_path / "empty", tmp_path / "missing.txt"]))
    assert [i.ok for i in items] == [False, False]
    assert "no .txt files" in str(items[0].error)
    assert "missing.txt" in str(items[1].error) and "no such file" in str(items[1].error)


def test_same_file_name_in_two_folders_gets_distinct_ids(tmp_path: Path) -> None:
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text(folder, encoding="utf-8")
    ids = [i.id for i in iter_inputs([tmp_path / "x" / "a.txt", tmp_path / "y" / "a.txt"])]
    assert ids[0] == "a.txt" and ids[1] != "a.txt" and ids[1].endswith("y/a.txt")


def test_stdin() -> None:
    item = one(["-"], stdin=io.BytesIO("Quoth the raven, “Nevermore.”".encode()))
    assert item.id == "stdin" and item.document.text == "Quoth the raven, “Nevermore.”"
    assert count_inputs(["-"]) is None


def test_jsonl_lines_ids_meta_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "first", "text": "He said “yes”.", "meta": {"source": "wire"}}),
        "",
        json.dumps({"text": "No id here."}),
        "{not json",
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "x"}),
        json.dumps({"text": "bad meta", "meta": [1]}),
        json.dumps({"id": 7, "text": "bell \x07"}),
    ]
    path.write_bytes(("\n".join(lines) + "\n").encode() + b'{"text": "caf\xe9"}\n')
    items = list(iter_inputs([path]))
    assert [i.id for i in items] == [
        "first",
        "batch.jsonl:3",
        "batch.jsonl:4",
        "batch.jsonl:5",
        "batch.jsonl:6",
        "batch.jsonl:7",
        "7",
        "batch.jsonl:9",
    ]
    assert [i.ok for i in items] == [True, True, False, False, False, False, True, False]
    assert items[0].document.meta == {"source": "wire"}
    assert "batch.jsonl:4" in str(items[2].error) and "JSON" in str(items[2].error)
    assert "text" in str(items[4].error)
    assert "meta" in str(items[5].error)
    assert items[6].document.text == "bell  " and items[6].document.meta["warnings"]
    assert "UTF-8" in str(items[7].error)
    assert count_inputs([path]) == 8


def test_input_item_holds_exactly_one() -> None:
    with pytest.raises(ValueError):
        InputItem("x")


def test_a_repeated_jsonl_id_is_renamed_with_a_warning(tmp_path: Path) -> None:
    """--resume skips ids already written: two records with one id must not share it."""
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n"
                            for i, t in (("a", "One."), ("b", "Two."), ("a", "Three."))), encoding="utf-8")
    docs = [item.document for item in iter_inputs([path])]
    assert [d.id for d in docs] == ["a", "b", "in.jsonl:3"]
    assert docs[2].text == "Three." and "already used" in docs[2].meta["warnings"][0]
    assert "warnings" not in docs[0].meta
