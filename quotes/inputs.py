"""Turn command-line inputs (files, folders, stdin, JSONL) into Documents, one at a time.

Inputs are read lazily so that a folder of a million articles streams. Each input becomes an
``InputItem`` holding either a Document or the InputError that explains why it could not be read,
so that a batch can record the failure and go on with the next input.

Reading rules (documented in docs/format.md, "Input"):

* ``.txt`` file -> one Document; its id is the file name without its folder ("article.txt").
  Files found inside a folder get their path relative to that folder ("sub/a.txt").
* folder -> every ``*.txt`` inside, sorted by path (``recursive=True`` also looks in subfolders).
* ``-`` -> stdin, id ``"stdin"``.
* ``.jsonl`` file -> one Document per non-blank line: ``{"text": ..., "id"?: ..., "meta"?: {...}}``;
  the id defaults to ``"<file name>:<line number>"``.
* Bytes are decoded as UTF-8 (a BOM is dropped); text that is not UTF-8 is decoded as cp1252, then
  latin-1, and a warning is recorded in ``doc.meta["warnings"]``.
* NUL bytes, or mostly control characters, mean binary data: an InputError, not a Document.
* HTML (``.html``/``.htm``, or text starting with ``<!doctype html`` / ``<html``) is reduced to its
  visible text (scripts and styles dropped, blocks separated by blank lines), with a warning.
* Other control characters (all but ``\\n``, ``\\t``, ``\\r``) become spaces, so that offsets keep
  their meaning, with a warning. CRLF line ends are kept: offsets index into the text as decoded.
* A JSONL text with a lone surrogate escape (``"\\ud83d"`` cut from its pair) gets U+FFFD in its
  place, with a warning; one in ``id`` or ``meta`` makes that line an InputError.
* Empty or whitespace-only text is a valid Document with no quotes.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO

from .document import Document
from .errors import InputError

STDIN = "-"
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
FALLBACK_ENCODINGS = ("cp1252", "latin-1")
# Share of control characters above which decoded bytes are taken for binary data.
BINARY_CONTROL_SHARE = 0.30
_SNIFF_CHARS = 8192


@dataclass(frozen=True)
class InputItem:
    """One input: its id and either the Document read from it or the error that stopped it."""

    id: str
    document: Document | None = None
    error: InputError | None = None

    def __post_init__(self) -> None:
        if (self.document is None) == (self.error is None):
            raise ValueError("an InputItem holds exactly one of document and error")

    @property
    def ok(self) -> bool:
        return self.document is not None


# ---------------------------------------------------------------------------------------------
# Text cleaning: each step returns the text and the warnings it wants recorded.


def decode_bytes(data: bytes, name: str) -> tuple[str, list[str]]:
    """Decode ``data`` as UTF-8, else cp1252, else latin-1; raise InputError for binary data."""
    if b"\x00" in data[: _SNIFF_CHARS * 4] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{name}: looks like binary data (it has NUL bytes); give a text file")
    warnings: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: starts with a UTF-16 mark but is not UTF-16: {exc}") from exc
        warnings.append("decoded as UTF-16 (byte order mark found)")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = ""
            for encoding in FALLBACK_ENCODINGS:
                try:
                    text = data.decode(encoding)
                except UnicodeDecodeError:
                    continue
                warnings.append(f"not valid UTF-8; decoded as {encoding}")
                break
    if _looks_binary(text):
        raise InputError(f"{name}: looks like binary data (mostly control characters)")
    return text, warnings


# Unicode category Cc is exactly U+0000-U+001F and U+007F-U+009F; \t \n \r are kept.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BINARY_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # \f and \v occur in text


def _looks_binary(text: str) -> bool:
    sample = text[:_SNIFF_CHARS]
    if not sample:
        return False
    return len(_BINARY_CONTROLS.findall(sample)) / len(sample) > BINARY_CONTROL_SHARE


def replace_controls(text: str) -> tuple[str, list[str]]:
    """Replace control characters (but \\n, \\t, \\r) by spaces: same length, same offsets."""
    cleaned, count = _CONTROLS.subn(" ", text)
    if not count:
        return text, []
    return cleaned, [f"replaced {count} control character(s) by spaces"]


# Lone UTF-16 surrogates: json.loads turns an unpaired "\\ud83d" escape into one, and no
# writer can encode it as UTF-8.
_SURROGATES = re.compile("[\ud800-\udfff]")


def replace_surrogates(text: str) -> tuple[str, list[str]]:
    """Replace lone surrogates by U+FFFD: same length, same offsets, and the text can be written."""
    cleaned, count = _SURROGATES.subn("\ufffd", text)
    if not count:
        return text, []
    return cleaned, [f"replaced {count} lone surrogate escape(s) (\\ud800-\\udfff) by U+FFFD"]


_HTML_START = re.compile(
    r"\A\s*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL
)


def looks_like_html(text: str) -> bool:
    """True if the text starts like an HTML page (``<!doctype html`` or ``<html``)."""
    return bool(_HTML_START.match(text[:_SNIFF_CHARS]))


# Elements that end a paragraph of the extracted text.
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td",
        "th", "title", "tr", "ul",
    }
)  # fmt: skip
_DROP_TAGS = frozenset(("script", "style", "template", "noscript", "svg", "title"))


class _TextExtractor(HTMLParser):
    """Collects visible text; block elements end a paragraph."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._current: list[str] = []
        self._drop_depth = 0
        self._title: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in _DROP_TAGS:
            self._drop_depth += 1
        elif tag in _BLOCK_TAGS:
            self._break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _DROP_TAGS:
            self._drop_depth = max(0, self._drop_depth - 1)
        elif tag in _BLOCK_TAGS:
            self._break()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)
        if not self._drop_depth:
            self._current.append(data)

    def _break(self) -> None:
        paragraph = " ".join("".join(self._current).split())
        if paragraph:
            self.paragraphs.append(paragraph)
        self._current = []

    def result(self) -> tuple[str, str]:
        self.close()
        self._break()
        return "\n\n".join(self.paragraphs), " ".join("".join(self._title).split())


def html_to_text(html: str) -> tuple[str, str]:
    """The visible text of an HTML page, one paragraph per block, and the page title."""
    parser = _TextExtractor()
    parser.feed(html)
    return parser.result()


def document_from_bytes(data: bytes, doc_id: str, name: str, html: bool = False) -> Document:
    """A Document from raw bytes, cleaned as the module docstring says; InputError if binary."""
    text, warnings = decode_bytes(data, name)
    meta: dict[str, object] = {}
    if html or looks_like_html(text):
        text, title = html_to_text(text)
        warnings.append("converted from HTML: offsets index into the extracted text")
        meta["format"] = "html"
        if title:
            meta["title"] = title
    text, more = replace_controls(text)
    warnings.extend(more)
    if warnings:
        meta["warnings"] = warnings
    return Document(id=doc_id, text=text, meta=meta)


# ---------------------------------------------------------------------------------------------
# Inputs


def _read_file(path: Path, doc_id: str) -> InputItem:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return InputItem(doc_id, error=InputError(f"{path}: cannot read it: {exc.strerror or exc}"))
    try:
        doc = document_from_bytes(
            data, doc_id, str(path), html=path.suffix.lower() in HTML_SUFFIXES
        )
    except InputError as exc:
        return InputItem(doc_id, error=exc)
    return InputItem(doc_id, document=doc)


def _jsonl_document(line: bytes, path: Path, number: int) -> Document:
    where = f"{path}:{number}"
    try:
        record = json.loads(line.decode("utf-8-sig" if number == 1 else "utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(f"{where}: not UTF-8 ({exc.reason}); JSONL files must be UTF-8") from exc
    except json.JSONDecodeError as exc:
        reason = exc.msg.removesuffix(" at")  # "Invalid control character at": json's wording
        raise InputError(f"{where}: not valid JSON ({reason}, at column {exc.colno})") from exc
    if not isinstance(record, dict):
        raise InputError(f'{where}: each line must be a JSON object with a "text" field')
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(f'{where}: needs a string field "text"')
    meta = record.get("meta") or {}
    if not isinstance(meta, dict):
        raise InputError(f'{where}: "meta" must be a JSON object')
    doc_id = record.get("id")
    doc_id = f"{path.name}:{number}" if doc_id is None else str(doc_id)
    text, warnings = replace_controls(text)
    text, more = replace_surrogates(text)
    warnings += more
    try:
        json.dumps([doc_id, meta], ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(
            f'{where}: "id" or "meta" holds a lone surrogate (an invalid \\ud800-\\udfff escape)'
        ) from exc
    meta = dict(meta)
    if warnings:
        meta["warnings"] = [*meta.get("warnings", []), *warnings]
    return Document(id=doc_id, text=text, meta=meta)


def iter_jsonl_inputs(path: Path, seen: set[str] | None = None) -> Iterator[InputItem]:
    """One InputItem per non-blank line of a JSONL file; a bad line is an error item.

    An id already in ``seen`` (ids of earlier inputs, updated here) would make ``--resume`` skip
    the record, so the record gets ``<file>:<line>`` as its id and a warning says so.
    """
    seen = set() if seen is None else seen
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield InputItem(
            path.name, error=InputError(f"{path}: cannot read it: {exc.strerror or exc}")
        )
        return
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                doc = _jsonl_document(line, path, number)
            except InputError as exc:
                yield InputItem(f"{path.name}:{number}", error=exc)
            else:
                if doc.id in seen:
                    renamed = f"{path.name}:{number}"
                    warning = f"id {doc.id!r} was already used by an earlier record; renamed {renamed!r}"
                    doc.meta["warnings"] = [*doc.meta.get("warnings", []), warning]
                    doc.id = renamed
                seen.add(doc.id)
                yield InputItem(doc.id, document=doc)


def _folder_files(folder: Path, recursive: bool) -> list[Path]:
    pattern = "**/*" if recursive else "*"
    # A broken link is kept, so that it is reported as unreadable rather than silently skipped.
    return sorted(
        p
        for p in folder.glob(pattern)
        if p.suffix.lower() in TEXT_SUFFIXES and (p.is_file() or p.is_symlink() and not p.exists())
    )


def input_overwritten_by(
    output: str | Path, paths: Iterable[str | Path], recursive: bool = False
) -> str | None:
    """The input that writing ``output`` would destroy before it is read (the file itself, or a
    ``.txt`` inside an input folder), or None. Checked before the output is opened."""
    target = Path(output).resolve()
    for raw in paths:
        if str(raw) == STDIN:
            continue
        path = Path(raw)
        if path.is_dir():
            inside = target.parent == path.resolve() or (
                recursive and path.resolve() in target.parents
            )
            if inside and target.suffix.lower() in TEXT_SUFFIXES:
                return str(raw)
        elif path.exists() and path.resolve() == target:
            return str(raw)
    return None


DEFAULT_MAX_CHARS = 2_000_000  # about 300,000 words: a few minutes on 2 cores, twenty long articles


def limit_length(items: Iterable[InputItem], max_chars: int | None) -> Iterator[InputItem]:
    """Turn a document longer than ``max_chars`` into an error item that names it: a book or a
    whole archive in one file would run for many minutes with no sign of progress."""
    for item in items:
        doc = item.document
        if max_chars and doc is not None and len(doc.text) > max_chars:
            item = InputItem(item.id, error=InputError(
                f"{item.id}: {len(doc.text):,} characters, more than the limit of {max_chars:,}; "
                "split it into articles, or raise the limit with --max-chars (0: no limit)"))
        yield item


def iter_inputs(
    paths: Iterable[str | Path],
    recursive: bool = False,
    stdin: BinaryIO | None = None,
) -> Iterator[InputItem]:
    """InputItems for command-line paths, lazily, in order. Never raises for a bad input."""
    seen: set[str] = set()

    def unique(doc_id: str, fallback: str) -> str:
        # Two files with the same name in different folders: keep ids distinct for --resume.
        chosen = fallback if doc_id in seen else doc_id
        seen.add(chosen)
        return chosen

    for raw in paths:
        if str(raw) == STDIN:
            stream = stdin if stdin is not None else sys.stdin.buffer
            doc_id = unique("stdin", "stdin")
            try:
                doc = document_from_bytes(stream.read(), doc_id, "stdin")
            except InputError as exc:
                yield InputItem(doc_id, error=exc)
            else:
                yield InputItem(doc_id, document=doc)
            continue
        path = Path(raw)
        if path.is_dir():
            files = _folder_files(path, recursive)
            if not files:
                where = "in it or its subfolders" if recursive else "in it"
                yield InputItem(
                    str(path), error=InputError(f"{path}: folder has no .txt files {where}")
                )
            for file in files:
                relative = file.relative_to(path).as_posix()
                yield _read_file(file, unique(relative, file.as_posix()))
        elif path.suffix.lower() in JSONL_SUFFIXES and path.is_file():
            yield from iter_jsonl_inputs(path, seen)
        elif path.exists():
            yield _read_file(path, unique(path.name, path.as_posix()))
        else:
            yield InputItem(
                path.name or str(path),
                error=InputError(f"{path}: no such file or folder"),
            )


def count_inputs(paths: Iterable[str | Path], recursive: bool = False) -> int | None:
    """How many items ``iter_inputs`` will yield, for a progress bar; None if unknown (stdin)."""
    total = 0
    for raw in paths:
        if str(raw) == STDIN:
            return None
        path = Path(raw)
        if path.is_dir():
            total += max(1, len(_folder_files(path, recursive)))
        elif path.suffix.lower() in JSONL_SUFFIXES and path.is_file():
            try:
                with path.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            except OSError:
                total += 1
        else:
            total += 1
    return total
