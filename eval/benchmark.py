"""Speed and memory of a pipeline, per stage, beside the raw encoder's forward throughput.

Importable (``benchmark_pipeline``); ``quotes benchmark`` prints what it returns. Timings are
taken after a warm-up on the first documents, stage by stage over the same documents, so the
per-stage times add up to the total. Peak memory is the process's peak resident set size.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path
from typing import Any, Callable, Sequence

from quotes.document import Document
from quotes.pipeline import Pipeline


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def read_texts(directory: str | Path, limit: int | None = None) -> list[Document]:
    """Documents from the .txt files of a folder (e.g. PolNeAR's dev/text), sorted by name."""
    from quotes.errors import InputError

    directory = Path(directory)
    files = sorted(directory.rglob("*.txt")) if directory.is_dir() else []
    if not files:
        raise InputError(f"{directory} holds no .txt files to benchmark on")
    return [Document(f.name, f.read_text(encoding="utf-8")) for f in files[:limit]]


def _count_tokens(pipeline: Pipeline, docs: Sequence[Document]) -> int | None:
    for stage in pipeline.stages:
        tokenizer = getattr(stage, "tokenizer", None)
        if tokenizer is not None:
            return sum(len(tokenizer(d.text, add_special_tokens=False, verbose=False)["input_ids"]) for d in docs)
    return None


def encoder_throughput(pipeline: Pipeline, n_tokens: int, window: int = 256, batch: int = 16) -> float | None:
    """Tokens/s of the span encoder's bare forward pass on ``n_tokens`` tokens (the speed limit)."""
    import torch

    for stage in pipeline.stages:
        tagger = getattr(stage, "tagger", None)
        if tagger is None:
            continue
        n_windows = max(1, n_tokens // window)
        ids = torch.randint(1000, 20000, (min(batch, n_windows), window))
        mask = torch.ones_like(ids)
        precision = getattr(getattr(stage, "config", None), "precision", "fp32")
        autocast = torch.autocast("cpu", dtype=torch.bfloat16, enabled=precision == "bf16")
        with torch.inference_mode(), autocast:
            tagger(ids, mask)
            start = time.perf_counter()
            done = 0
            while done < n_windows:
                tagger(ids, mask)
                done += ids.shape[0]
        return done * window / (time.perf_counter() - start)
    return None


def benchmark_pipeline(
    pipeline: Pipeline,
    docs: Sequence[Document],
    warmup: int = 2,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Run ``pipeline`` stage by stage over ``docs``; return articles/s, tokens/s, peak memory."""
    work = [d.copy_without_quotes() for d in docs]
    for doc in work[:warmup]:
        pipeline(doc.copy_without_quotes())
    stage_seconds: dict[str, float] = {}
    for stage in pipeline.stages:
        start = time.perf_counter()
        for doc in work:
            stage(doc)
        stage_seconds[stage.name] = time.perf_counter() - start
        if progress:
            progress(len(stage_seconds))
    total = sum(stage_seconds.values())
    n_chars = sum(len(d.text) for d in work)
    n_tokens = _count_tokens(pipeline, work)
    result: dict[str, Any] = {
        "model": pipeline.name,
        "n_docs": len(work),
        "n_chars": n_chars,
        "n_tokens": n_tokens,
        "seconds": total,
        "articles_per_s": len(work) / total if total else None,
        "tokens_per_s": (n_tokens / total) if (n_tokens and total) else None,
        "chars_per_s": n_chars / total if total else None,
        "stages": {
            name: {"seconds": s, "articles_per_s": len(work) / s if s else None}
            for name, s in stage_seconds.items()
        },
        "n_quotes": sum(len(d.quotes) for d in work),
    }
    if n_tokens:
        result["encoder_tokens_per_s"] = encoder_throughput(pipeline, n_tokens)
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def format_benchmark(result: dict[str, Any]) -> str:
    """A short plain-text report of ``benchmark_pipeline``'s result."""
    lines = [
        f"model {result['model']}: {result['n_docs']} articles, {result['n_chars']} chars, "
        f"{result['n_tokens'] or '?'} tokens in {result['seconds']:.2f} s",
        f"  total: {result['articles_per_s']:.2f} articles/s"
        + (f", {result['tokens_per_s']:.0f} tokens/s" if result.get("tokens_per_s") else ""),
    ]
    for name, stage in result["stages"].items():
        share = stage["seconds"] / result["seconds"] * 100 if result["seconds"] else 0
        lines.append(f"  stage {name}: {stage['seconds']:.2f} s ({share:.0f}%)")
    if result.get("encoder_tokens_per_s"):
        lines.append(f"  encoder forward alone: {result['encoder_tokens_per_s']:.0f} tokens/s (the limit)")
    lines.append(f"  peak memory: {result['peak_rss_mb']:.0f} MiB")
    return "\n".join(lines)
