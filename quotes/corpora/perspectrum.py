"""Reader for PERSPECTRUM (claim / perspective support and undermine) as stance examples.

Files expected under ``data_dir`` (see ``shared/data/perspectrum/SOURCE.md``):
``perspectrum_with_answers_v1.0.json``, ``perspective_pool_v1.0.json`` and
``dataset_split_v1.0.json``.

The claim is the target and each perspective the text. A perspective cluster (``pids``: equivalent
paraphrases) is expanded to one example per perspective, all with the cluster's
``stance_label_3``: SUPPORT -> favor, UNDERMINE -> against (the file holds no other value). There
is no ``none`` label and no speaker. Splits are the official claim-level ones (train, dev, test).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..document import StanceExample, StanceLabel
from ..errors import CorpusError
from .jsonfile import load_json

SPLITS = ("train", "dev", "test")
GOLD_FILE = "perspectrum_with_answers_v1.0.json"
POOL_FILE = "perspective_pool_v1.0.json"
SPLIT_FILE = "dataset_split_v1.0.json"
LABELS: dict[str, StanceLabel] = {"SUPPORT": "favor", "UNDERMINE": "against"}


def _load(path: Path) -> Any:
    return load_json(path, "PERSPECTRUM", GOLD_FILE)


def read_perspectrum(data_dir: str | Path, split: str = "train") -> list[StanceExample]:
    """Claim/perspective pairs of one official split; CorpusError names a missing or bad file."""
    if split not in SPLITS:
        raise CorpusError(f"unknown PERSPECTRUM split {split!r}; choose one of {', '.join(SPLITS)}")
    data_dir = Path(data_dir)
    gold = _load(data_dir / GOLD_FILE)
    pool_records = _load(data_dir / POOL_FILE)
    splits = _load(data_dir / SPLIT_FILE)
    try:
        pool = {int(p["pId"]): str(p["text"]) for p in pool_records}
    except (KeyError, TypeError, ValueError) as exc:
        raise CorpusError(f"{data_dir / POOL_FILE}: records need pId and text ({exc})") from exc
    if not isinstance(gold, list) or not isinstance(splits, dict):
        raise CorpusError(f"{data_dir / GOLD_FILE} must be a list and {data_dir / SPLIT_FILE} an object")
    examples: list[StanceExample] = []
    for claim in gold:
        try:
            cid, claim_text, clusters = claim["cId"], claim["text"], claim["perspectives"]
        except (KeyError, TypeError) as exc:
            raise CorpusError(f"{data_dir / GOLD_FILE}: a claim lacks cId/text/perspectives ({exc})") from exc
        if splits.get(str(cid)) != split:
            continue
        for cluster in clusters:
            raw = cluster.get("stance_label_3")
            if raw not in LABELS:
                raise CorpusError(
                    f"{data_dir / GOLD_FILE}: claim {cid} has stance_label_3 {raw!r}, "
                    f"expected one of {', '.join(LABELS)}"
                )
            for pid in cluster.get("pids", []):
                if int(pid) not in pool:
                    raise CorpusError(f"{data_dir / POOL_FILE}: perspective {pid} (claim {cid}) is missing")
                examples.append(
                    StanceExample(
                        id=f"perspectrum-{cid}-{pid}",
                        text=pool[int(pid)],
                        target=str(claim_text),
                        label=LABELS[raw],
                        target_kind="claim",
                        meta={"dataset": "perspectrum", "split": split, "claim": cid},
                    )
                )
    return examples
