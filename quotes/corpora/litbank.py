"""Reader for LitBank's quotation and coreference layers (fiction, direct speech only).

Layout expected under ``data_dir``: ``quotations/tsv/<doc>_brat.{txt,ann}`` and
``coref/tsv/<doc>_brat.ann`` (the same tokenization; see the corpus SOURCE.md).

* **Text.** Rebuilt from the tokenized ``.txt``: tokens joined by single spaces, sentences by
  ``"\\n"``, so offsets are exact but the text keeps the tokenization (``do n't``, ``" Good``).
* **Quotes.** Each QUOTE row is one direct Quote whose single content span runs from its first to
  its last token (end token inclusive in the file). ``speaker`` is the canonical name of the
  ATTRIB entity: its longest PROP mention, else its longest NOM mention, else the entity id.
  ``source`` is the mention of that entity nearest to the quote (token distance; the later one on
  a tie, as in '" ... ," he said') that lies outside the quote and within the quote's sentences
  or one sentence either side; None when there is none. LitBank has no cue spans: cue is None.
* **Coreference.** ``doc.meta["entities"]`` maps each COREF entity id to
  ``{"name", "type", "mentions": [[start, end, mention_type], ...]}`` (character offsets);
  ``doc.spans["mention"]`` holds every MENTION, linked or not (COP/APPOS-only mentions are not
  in an entity).
* **Splits.** LitBank has no official split; :func:`litbank_splits` makes a seeded 80/10/10 split
  by document so no text is shared across splits.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

from ..document import Document, Quote
from ..errors import CorpusError

_MENTION_TYPES = ("PROP", "NOM", "PRON")


@dataclass(frozen=True)
class _Mention:
    """A coref mention in global token indices (end exclusive) and character offsets."""

    id: str
    tok_start: int
    tok_end: int
    sent_start: int
    sent_end: int
    start: int
    end: int
    entity_type: str
    mention_type: str


class _Tokens:
    """The rebuilt text of one ``_brat.txt`` with the char offset of every token."""

    def __init__(self, path: Path) -> None:
        self.path = path
        raw = path.read_text(encoding="utf-8")
        lines = raw.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        self.sentences = [line.split(" ") for line in lines]
        self.text = "\n".join(lines)
        self.sent_first: list[int] = []  # global index of each sentence's first token
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.sent_of: list[int] = []
        offset = 0
        for number, tokens in enumerate(self.sentences):
            self.sent_first.append(len(self.starts))
            for token in tokens:
                self.starts.append(offset)
                self.ends.append(offset + len(token))
                self.sent_of.append(number)
                offset += len(token) + 1  # the space, or the newline after the last token

    def token(self, where: str, sent: str, tok: str) -> int:
        """Global index of token ``tok`` of sentence ``sent`` (strings from the file)."""
        try:
            s, t = int(sent), int(tok)
        except ValueError as exc:
            raise CorpusError(f"{where}: sentence/token ids must be integers") from exc
        if not (0 <= s < len(self.sentences) and 0 <= t < len(self.sentences[s])):
            raise CorpusError(f"{where}: token {s}:{t} is not in {self.path.name}")
        return self.sent_first[s] + t

    def char_span(self, first: int, last: int) -> tuple[int, int]:
        return self.starts[first], self.ends[last]


def _rows(path: Path) -> Iterator[tuple[str, list[str]]]:
    """(``file:line``, fields) of each non-empty tab-separated row."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            if line.strip():
                yield f"{path}:{number}", line.split("\t")


def _range(tokens: _Tokens, where: str, fields: list[str], text_col: int) -> tuple[int, int]:
    """Global token range [first, last] of a row, checked against its text column."""
    if len(fields) <= text_col:
        raise CorpusError(f"{where}: expected at least {text_col + 1} tab-separated fields")
    first = tokens.token(where, fields[2], fields[3])
    last = tokens.token(where, fields[4], fields[5])
    if last < first:
        raise CorpusError(f"{where}: span ends before it starts")
    start, end = tokens.char_span(first, last)
    covered = tokens.text[start:end].replace("\n", " ")
    if covered != fields[text_col]:
        raise CorpusError(f"{where}: row text {fields[text_col]!r} is not the tokens {covered!r}")
    return first, last


def _read_coref(tokens: _Tokens, path: Path) -> tuple[list[_Mention], dict[str, list[_Mention]]]:
    mentions: dict[str, _Mention] = {}
    links: list[tuple[str, str, str]] = []
    for where, fields in _rows(path):
        kind = fields[0]
        if kind == "MENTION":
            first, last = _range(tokens, where, fields, 6)
            if len(fields) < 9 or fields[8] not in _MENTION_TYPES:
                raise CorpusError(
                    f"{where}: MENTION needs an entity type and a mention type {_MENTION_TYPES}"
                )
            start, end = tokens.char_span(first, last)
            mentions[fields[1]] = _Mention(
                fields[1], first, last + 1, tokens.sent_of[first], tokens.sent_of[last],
                start, end, fields[7], fields[8],
            )
        elif kind == "COREF":
            if len(fields) < 3:
                raise CorpusError(f"{where}: COREF needs a mention id and an entity id")
            links.append((where, fields[1], fields[2]))
        elif kind not in ("COP", "APPOS"):
            raise CorpusError(f"{where}: unknown row type {kind!r}")
    entities: dict[str, list[_Mention]] = {}
    for where, mention_id, entity_id in links:
        if mention_id not in mentions:
            raise CorpusError(f"{where}: COREF names an unknown mention {mention_id}")
        entities.setdefault(entity_id, []).append(mentions[mention_id])
    return list(mentions.values()), entities


def _canonical(entity_id: str, mentions: Sequence[_Mention], text: str) -> str:
    """Longest PROP mention, else longest NOM, else the id (first occurrence wins ties)."""
    for mention_type in ("PROP", "NOM"):
        names = [text[m.start : m.end] for m in sorted(mentions, key=lambda m: m.start)
                 if m.mention_type == mention_type]
        if names:
            return max(names, key=len)
    return entity_id


def _nearest(
    mentions: Sequence[_Mention], first: int, last: int, tokens: _Tokens
) -> _Mention | None:
    """The mention outside tokens first..last nearest to them, within their sentences ±1."""
    low, high = tokens.sent_of[first] - 1, tokens.sent_of[last] + 1
    best: tuple[int, int, _Mention] | None = None
    for m in mentions:
        if m.sent_start < low or m.sent_end > high:
            continue
        if m.tok_end <= first:
            key = (first - m.tok_end, 1)
        elif m.tok_start > last:
            key = (m.tok_start - last - 1, 0)  # after the quote: preferred on a tie
        else:
            continue  # inside or overlapping the quote
        if best is None or key < best[:2]:
            best = (*key, m)
    return best[2] if best else None


def read_litbank_document(
    txt_path: str | Path, quote_ann: str | Path, coref_ann: str | Path
) -> Document:
    """One Document from a tokenized text, its quotation .ann and its coref .ann."""
    tokens = _Tokens(Path(txt_path))
    text = tokens.text
    mentions, entities = _read_coref(tokens, Path(coref_ann))
    names = {e: _canonical(e, ms, text) for e, ms in entities.items()}
    doc = Document(id=Path(txt_path).stem.removesuffix("_brat"), text=text)
    quotes: dict[str, tuple[int, int]] = {}
    speakers: dict[str, str] = {}
    for where, fields in _rows(Path(quote_ann)):
        if fields[0] == "QUOTE":
            quotes[fields[1]] = _range(tokens, where, fields, 6)
        elif fields[0] == "ATTRIB":
            if len(fields) < 3:
                raise CorpusError(f"{where}: ATTRIB needs a quote id and a speaker id")
            speakers[fields[1]] = fields[2]
        else:
            raise CorpusError(f"{where}: unknown row type {fields[0]!r}")
    for quote_id, (first, last) in quotes.items():
        entity = speakers.get(quote_id)
        source = _nearest(entities.get(entity, []), first, last, tokens) if entity else None
        doc.quotes.append(
            Quote(
                content=[doc.span(*tokens.char_span(first, last))],
                cue=None,
                source=doc.span(source.start, source.end) if source else None,
                speaker=(names.get(entity, entity) if entity else None),
                kind="direct",
            )
        )
    doc.sort_quotes()
    doc.spans = {"mention": sorted(doc.span(m.start, m.end) for m in mentions)}
    doc.meta = {
        "entities": {
            e: {
                "name": names[e],
                "type": ms[0].entity_type,
                "mentions": [
                    [m.start, m.end, m.mention_type] for m in sorted(ms, key=lambda m: m.start)
                ],
            }
            for e, ms in entities.items()
        },
    }
    return doc


def iter_litbank(data_dir: str | Path) -> Iterator[Document]:
    """Yield the 100 LitBank Documents in file-name order."""
    root = Path(data_dir)
    quote_dir, coref_dir = root / "quotations" / "tsv", root / "coref" / "tsv"
    for folder in (quote_dir, coref_dir):
        if not folder.is_dir():
            raise CorpusError(
                f"LitBank folder not found: {folder} "
                "(data_dir must hold quotations/tsv and coref/tsv)"
            )
    texts = sorted(quote_dir.glob("*.txt"))
    if not texts:
        raise CorpusError(f"no .txt files in {quote_dir}")
    for txt in texts:
        quote_ann = txt.with_suffix(".ann")
        coref_ann = coref_dir / quote_ann.name
        for needed in (quote_ann, coref_ann):
            if not needed.exists():
                raise CorpusError(f"{needed} is missing (needed for {txt.name})")
        yield read_litbank_document(txt, quote_ann, coref_ann)


def read_litbank(data_dir: str | Path) -> list[Document]:
    """All LitBank Documents; see the module docstring for speaker and source choices."""
    return list(iter_litbank(data_dir))


def litbank_splits(docs: Sequence[Document], seed: int = 0) -> dict[str, list[Document]]:
    """A deterministic 80/10/10 train/dev/test split by document (LitBank has no official one).

    Documents are sorted by id, then shuffled with ``random.Random(seed)``, so the split depends
    only on the ids and the seed, not on the order the documents came in.
    """
    ordered = sorted(docs, key=lambda d: d.id)
    random.Random(seed).shuffle(ordered)
    n_train = round(len(ordered) * 0.8)
    n_dev = round(len(ordered) * 0.1)
    return {
        "train": ordered[:n_train],
        "dev": ordered[n_train : n_train + n_dev],
        "test": ordered[n_train + n_dev :],
    }
