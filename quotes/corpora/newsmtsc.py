"""Reader for NewsMTSC (target-dependent sentiment in news sentences) as stance examples.

Layout expected under ``data_dir`` (see ``shared/data/newsmtsc/SOURCE.md``)::

    official/train.jsonl   split_rw/{dev,test}.jsonl   split_mt/{dev,test}.jsonl

Each line is a sentence with one or more targets (person mentions with character offsets, end
exclusive). One StanceExample is returned per target: ``text`` is the sentence, ``target`` the
mention, ``target_span`` its offsets, ``speaker`` None (NewsMTSC labels the sentence's sentiment
*toward* the target, not a speaker's stance). Polarity 2/4/6 (negative/neutral/positive) maps to
against/none/favor.

Splits: ``train`` (official train), ``dev`` and ``test`` (the authors' recommended "rw"
real-world subset), ``dev-mt`` and ``test-mt`` (multi-target sentences only).
"""

from __future__ import annotations

import json
from pathlib import Path

from ..document import StanceExample, StanceLabel
from ..errors import CorpusError

SPLIT_FILES: dict[str, str] = {
    "train": "official/train.jsonl",
    "dev": "split_rw/dev.jsonl",
    "test": "split_rw/test.jsonl",
    "dev-mt": "split_mt/dev.jsonl",
    "test-mt": "split_mt/test.jsonl",
}
SPLITS = tuple(SPLIT_FILES)
POLARITY: dict[float, StanceLabel] = {2.0: "against", 4.0: "none", 6.0: "favor"}


def read_newsmtsc(data_dir: str | Path, split: str = "train") -> list[StanceExample]:
    """All targets of one split as StanceExamples; CorpusError names a missing or bad file."""
    if split not in SPLIT_FILES:
        raise CorpusError(f"unknown NewsMTSC split {split!r}; choose one of {', '.join(SPLITS)}")
    path = Path(data_dir) / SPLIT_FILES[split]
    if not path.is_file():
        raise CorpusError(
            f"NewsMTSC file {path} is missing; pass the folder that holds official/ and split_rw/"
        )
    examples: list[StanceExample] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                examples.extend(_parse_line(path, number, line, split))
    return examples


def _parse_line(path: Path, number: int, line: str, split: str) -> list[StanceExample]:
    where = f"{path}:{number}"
    try:
        record = json.loads(line)
        sentence = record["sentence_normalized"]
        gid = record["primary_gid"]
        targets = record["targets"]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise CorpusError(f"{where}: not a NewsMTSC sentence record ({exc})") from exc
    if not isinstance(sentence, str) or not isinstance(targets, list):
        raise CorpusError(f"{where}: sentence_normalized must be a string and targets a list")
    out = []
    for index, target in enumerate(targets):
        try:
            start, end, mention = int(target["from"]), int(target["to"]), target["mention"]
            polarity = float(target["polarity"])
        except (KeyError, TypeError, ValueError) as exc:
            raise CorpusError(f"{where}: target {index} lacks from/to/mention/polarity ({exc})") from exc
        if polarity not in POLARITY:
            raise CorpusError(f"{where}: target {index} has unknown polarity {polarity!r}")
        if sentence[start:end] != mention:
            raise CorpusError(
                f"{where}: target {index} offsets {start}..{end} cover "
                f"{sentence[start:end]!r}, not the mention {mention!r}"
            )
        out.append(
            StanceExample(
                id=f"{gid}#{index}",
                text=sentence,
                target=mention,
                label=POLARITY[polarity],
                target_span=(start, end),
                meta={"dataset": "newsmtsc", "split": split},
            )
        )
    return out
