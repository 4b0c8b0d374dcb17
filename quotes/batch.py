"""Run a pipeline over many inputs, writing each result as soon as it is done.

A bad input or a stage that fails on one document is recorded and the batch goes on; Ctrl-C
stops after the documents already written, and ``read_done_ids`` lets a later run resume from
a JSONL output without repeating (or breaking) what is there.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path

from .document import Document
from .errors import FormatError, QuotesError
from .inputs import InputItem
from .pipeline import Pipeline
from .writers import Writer

DONE, SKIPPED, FAILED = "done", "skipped", "failed"
ProgressCallback = Callable[[InputItem, str], None]


@dataclass
class BatchResult:
    """What a batch did: documents written, skipped (already done), and failures (id, message)."""

    done: int = 0
    skipped: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    interrupted: bool = False


def describe_error(exc: BaseException) -> str:
    """A one-line message: ours as they are, others with their type so they can be looked up."""
    message = " ".join(str(exc).split())
    if isinstance(exc, QuotesError):
        return message
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _chunks(items: Iterable[InputItem], size: int) -> Iterator[list[InputItem]]:
    chunk: list[InputItem] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _run(pipeline: Pipeline, docs: Sequence[Document], batch_size: int) -> list[Document]:
    # Deep copies: if a stage fails half-way, the originals are clean for a one-by-one retry.
    fresh = [copy.deepcopy(d) for d in docs]
    out = list(pipeline.pipe(fresh, batch_size=batch_size))
    if len(out) != len(fresh):
        raise RuntimeError(f"the pipeline returned {len(out)} documents for {len(fresh)}")
    for doc in out:
        doc.check()
    return out


def run_batch(
    items: Iterable[InputItem],
    pipeline: Pipeline,
    writer: Writer,
    resume_ids: AbstractSet[str] = frozenset(),
    on_progress: ProgressCallback | None = None,
    batch_size: int = 8,
    stop_on_error: bool = False,
) -> BatchResult:
    """Run ``pipeline`` over ``items`` in small batches and write each finished document.

    A batch that fails is retried one document at a time, so one bad document costs only
    itself. ``stop_on_error`` re-raises instead (for ``--debug``). A KeyboardInterrupt ends the
    run cleanly: what was written stays, and ``result.interrupted`` is set.
    """
    result = BatchResult()

    def report(item: InputItem, status: str) -> None:
        if on_progress is not None:
            on_progress(item, status)

    def fail(item: InputItem, message: str) -> None:
        result.failures.append((item.id, message))
        report(item, FAILED)

    try:
        for chunk in _chunks(items, max(1, batch_size)):
            todo: list[InputItem] = []
            for item in chunk:
                if item.id in resume_ids:
                    result.skipped += 1
                    report(item, SKIPPED)
                elif item.error is not None:
                    if stop_on_error:
                        raise item.error
                    fail(item, describe_error(item.error))
                else:
                    todo.append(item)
            if not todo:
                continue
            try:
                outputs: list[Document | BaseException] = list(
                    _run(pipeline, [i.document for i in todo if i.document is not None], batch_size)
                )
            except Exception:
                if stop_on_error:
                    raise
                outputs = []
                for item in todo:
                    try:
                        outputs.extend(_run(pipeline, [item.document], 1))  # type: ignore[list-item]
                    except Exception as exc:  # noqa: BLE001 - any stage error is this doc's failure
                        outputs.append(exc)
            for item, output in zip(todo, outputs):
                if isinstance(output, BaseException):
                    fail(item, describe_error(output))
                else:
                    writer.write(output)
                    result.done += 1
                    report(item, DONE)
    except KeyboardInterrupt:
        result.interrupted = True
    return result


def read_done_ids(path: str | Path) -> set[str]:
    """Ids of the documents already in a JSONL output, for ``--resume``.

    A last line cut short by an interruption (no newline and not valid JSON) is truncated away,
    so appending after it never leaves a broken line; a complete last line that only lacks its
    newline gets one. A missing file means nothing is done yet. A broken line elsewhere is a
    FormatError naming file and line: that file was not written by an interrupted run.
    """
    path = Path(path)
    if not path.exists():
        return set()
    done: set[str] = set()
    with path.open("r+b") as handle:
        offset = 0
        number = 0
        for number, line in enumerate(handle, 1):
            complete = line.endswith(b"\n")
            try:
                record = json.loads(line.decode("utf-8"))
                if not isinstance(record, dict) or "id" not in record:
                    raise ValueError("not a document object with an id")
            except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
                if complete and line.strip():
                    raise FormatError(
                        f"{path}:{number}: cannot resume, this line is not a document ({exc}); "
                        "fix or remove it, or write to a new file"
                    ) from exc
                if not complete:
                    handle.truncate(offset)
                    break
                offset += len(line)
                continue
            done.add(str(record["id"]))
            offset += len(line)
            if not complete:
                handle.seek(0, 2)
                handle.write(b"\n")
    return done
