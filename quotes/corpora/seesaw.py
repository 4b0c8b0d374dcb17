"""Reader for SEESAW (entity-to-entity stance in political news) as stance examples.

Files expected under ``data_dir`` (see ``shared/data/seesaw/SOURCE.md``): ``meta/TRIPLET_<t>.json``,
``articles/TRIPLET_<t>_DOCUMENT_<d>.json`` and ``annotations/TRIPLET_<t>_DOCUMENT_<d>.json``.

Polar examples: every sentence-level triplet ``(subject, sentiment, object)`` becomes one example
with ``text`` = the sentence, ``speaker`` = the subject (the stance holder is given; ``"None"`` and
``"Not in the list"`` become ``speaker=None``), ``target`` = the object, ``label`` POS -> favor,
NEG -> against. Triplets whose object is ``"Not in the list"`` are skipped (no target name), and so
are the rare (subject, object) pairs annotated with both sentiments in one sentence. ``context``
is the previous non-empty sentence; ``target_span`` the first mention of the object found by
``quotes.targets.find_mentions`` (None when the name is not in the sentence, e.g. a pronoun).

``none`` examples (SEESAW has no neutral label; built only when ``with_none=True``):

1. Candidates from *annotated* sentences (those with at least one triplet): for each holder of the
   sentence and each entity of the article's entity list that is mentioned in the sentence
   (``find_mentions``), is not that holder and is the object of no triplet of the sentence,
   the pair (holder, entity) is a ``none`` candidate.
2. Candidates from sentences *without* triplets: for each ordered pair of distinct mentioned
   entities (a, b) where a is of type People, Organization or GPE, the pair (holder a, target b).
3. The budget is ``round(none_ratio * number of polar examples)`` of the split. Candidates of kind 1
   are taken first, then kind 2; within a kind that exceeds what is left of the budget, a
   ``random.Random(seed)`` sample is drawn from the candidates in (document, sentence, holder,
   target) order, so the result is deterministic for a given seed.

Splits: the official story-level ``Split`` of ``meta/``: train, dev (``valid``), test.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from ..document import StanceExample, StanceLabel
from ..errors import CorpusError
from .jsonfile import load_json
from ..targets import find_mentions, fold

SPLITS = ("train", "dev", "test")
META_SPLIT = {"train": "train", "dev": "valid", "test": "test"}
LABELS: dict[str, StanceLabel] = {"POS": "favor", "NEG": "against"}
NO_HOLDER = {"None", "Not in the list"}
NO_TARGET = {"Not in the list", "None"}
# Entity types that can hold a stance (holders of kind-2 ``none`` candidates).
AGENT_TYPES = {"People", "Organization", "GPE"}


def _load(path: Path) -> Any:
    return load_json(path, "SEESAW", "meta/ and articles/")


def read_seesaw(
    data_dir: str | Path,
    split: str = "train",
    with_none: bool = True,
    none_ratio: float = 0.5,
    seed: int = 13,
) -> list[StanceExample]:
    """Examples of one official split: polar triplets, plus built ``none`` pairs if asked."""
    if split not in SPLITS:
        raise CorpusError(f"unknown SEESAW split {split!r}; choose one of {', '.join(SPLITS)}")
    data_dir = Path(data_dir)
    meta_dir = data_dir / "meta"
    if not meta_dir.is_dir():
        raise CorpusError(f"SEESAW folder {meta_dir} is missing; pass the folder that holds meta/")
    polar: list[StanceExample] = []
    annotated: list[StanceExample] = []
    unannotated: list[StanceExample] = []
    for meta_path in sorted(meta_dir.glob("TRIPLET_*.json")):
        meta = _load(meta_path)
        if not isinstance(meta, dict) or "Split" not in meta:
            raise CorpusError(f"{meta_path} has no 'Split' field")
        if meta["Split"] != META_SPLIT[split]:
            continue
        story = meta_path.stem  # TRIPLET_<t>
        for index in range(3):
            if f"Meta info for article {index}" not in meta:
                continue
            name = f"{story}_DOCUMENT_{index}.json"
            article = _load(data_dir / "articles" / name)
            notes = _load(data_dir / "annotations" / name)
            doc_id = f"{story}_DOCUMENT_{index}"
            p, a, u = _read_article(data_dir / "annotations" / name, doc_id, article, notes, split)
            polar += p
            annotated += a
            unannotated += u
    if not with_none:
        return polar
    budget = round(none_ratio * len(polar))
    rng = random.Random(seed)
    chosen: list[StanceExample] = []
    for pool in (annotated, unannotated):
        left = budget - len(chosen)
        if left <= 0:
            break
        chosen += pool if len(pool) <= left else rng.sample(pool, left)
    return polar + chosen


def _read_article(
    path: Path, doc_id: str, article: Any, notes: Any, split: str
) -> tuple[list[StanceExample], list[StanceExample], list[StanceExample]]:
    try:
        sentences = {int(s["id"]): str(s["text"]) for s in article["text"]}
        stances = notes["sentence-level stances"]
        entities = [str(row[0]) for row in notes["entity lists"]]
        agents = {str(row[0]) for row in notes["entity lists"] if set(row[1]) & AGENT_TYPES}
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise CorpusError(f"{path}: not a SEESAW article/annotation pair ({exc})") from exc
    order = sorted(sentences)
    previous: dict[int, str | None] = {}
    last: str | None = None
    for sid in order:
        previous[sid] = last
        if sentences[sid].strip():
            last = sentences[sid]
    polar: list[StanceExample] = []
    annotated: list[StanceExample] = []
    unannotated: list[StanceExample] = []

    def example(kind: str, sid: int, k: int, holder: str | None, target: str, label: StanceLabel) -> StanceExample:
        text = sentences[sid]
        spans = find_mentions(text, target)
        return StanceExample(
            id=f"seesaw-{doc_id}-{sid}-{kind}{k}",
            text=text,
            target=target,
            label=label,
            speaker=holder,
            context=previous[sid],
            target_span=spans[0] if spans else None,
            meta={"dataset": "seesaw", "split": split, "document": doc_id, "sentence": sid},
        )

    for sid in order:
        text = sentences[sid]
        triplets = stances.get(str(sid), [])
        mentioned = [e for e in entities if find_mentions(text, e)] if text.strip() else []
        if triplets:
            pairs: dict[tuple[str | None, str], set[str]] = {}
            holders: dict[str | None, None] = {}
            objects = set()
            for t in triplets:
                try:
                    subject, sentiment, obj = str(t["subject"]), t["sentiment"], str(t["object"])
                except (KeyError, TypeError) as exc:
                    raise CorpusError(f"{path}: sentence {sid} has a malformed triplet ({exc})") from exc
                if sentiment not in LABELS:
                    raise CorpusError(f"{path}: sentence {sid} has sentiment {sentiment!r}, not POS/NEG")
                holder = None if subject in NO_HOLDER else subject
                holders.setdefault(holder, None)
                objects.add(fold(obj))
                if obj in NO_TARGET:
                    continue
                pairs.setdefault((holder, obj), set()).add(sentiment)
            for k, ((holder, obj), sentiments) in enumerate(pairs.items()):
                if len(sentiments) == 1:
                    polar.append(example("p", sid, k, holder, obj, LABELS[next(iter(sentiments))]))
            k = 0
            for holder in holders:
                for entity in mentioned:
                    if fold(entity) in objects or (holder and fold(entity) == fold(holder)):
                        continue
                    annotated.append(example("n", sid, k, holder, entity, "none"))
                    k += 1
        else:
            k = 0
            for a in mentioned:
                if a not in agents:
                    continue
                for b in mentioned:
                    if fold(a) != fold(b):
                        unannotated.append(example("u", sid, k, a, b, "none"))
                        k += 1
    return polar, annotated, unannotated
