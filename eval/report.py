"""The evaluation report: every available model variant on every dataset given, side by side.

``build_report(data, output)`` (and ``quotes report``) writes ``report.md``, ``results.json`` and
PNG plots under ``output``:

* span pipelines (``rules``, ``default`` = the trained models, or any models folder) on PolNeAR
  and LitBank: per-role span P/R/F1 exact and overlap, relation F1, content recall per kind,
  articles/s, a reliability plot of quote scores, and a seeded sample of errors with context;
* canonical speaker accuracy on the hand-labelled PolNeAR dev speakers
  (``eval/speakers_dev.jsonl``) and on LitBank's gold speakers;
* stance models (every folder of ``models/`` whose config says ``stance`` or
  ``stance-sklearn``) on NewsMTSC, SEESAW and PERSPECTRUM, scored as ``quotes.stance_eval`` does.

A variant that cannot be loaded, or a dataset that is not there, is listed as "not available"
with the reason: the report is still written. Reports use dev data only: a split naming "test"
is refused. Everything is scored with ``quotes.scoring``, so the numbers agree with
``quotes evaluate``. Importable and silent: progress goes to the ``log`` callback.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quotes.document import KINDS, Document, Quote
from quotes.errors import CorpusError, InputError
from quotes.scoring import (
    DEFAULT_THRESHOLD,
    ROLES,
    overlap_pairs,
    pair_documents,
    score_calibration,
    score_spans,
    score_speakers,
)

from .agreement import Agreement, annotator_agreement, model_against_annotators
from .evaluate import predict_documents

SPAN_DATASETS = ("polnear", "litbank")
AGREEMENT_COLUMNS = (("content", "exact"), ("content", "overlap"), ("cue", "exact"), ("source", "exact"))
STANCE_DATASETS = ("newsmtsc", "seesaw", "perspectrum")
DEFAULT_SPAN_MODELS = ("rules", "default")
STANCE_KINDS = ("stance", "stance-sklearn")
LITBANK_SPLIT_SEED = 0  # litbank_splits' default: the split the span trainer uses
N_BINS = 10

Log = Callable[[str], None]
Intervals = tuple[tuple[int, int], ...]


@dataclass
class ReportOptions:
    """What to run. ``None`` for models or datasets means "every one available"."""

    split: str = "dev"
    limit: int | None = None
    span_models: Sequence[str] = DEFAULT_SPAN_MODELS
    stance_models: Sequence[str] | None = None
    datasets: Sequence[str] | None = None
    models_dir: Path | None = None
    seed: int = 13
    errors_per_group: int = 3
    context_chars: int = 80
    batch_size: int = 8
    threshold: float = DEFAULT_THRESHOLD
    plots: bool = True
    strict: bool = False  # re-raise a variant's failure instead of reporting it
    command: str | None = None


@dataclass
class _Run:
    """The report as it is built: the results dict and the things that could not be run."""

    results: dict[str, Any] = field(default_factory=dict)
    unavailable: list[dict[str, str]] = field(default_factory=list)

    def skip(self, what: str, name: str, reason: str) -> None:
        self.unavailable.append({"what": what, "name": name, "reason": reason})

    @contextmanager
    def attempt(self, what: str, name: str, strict: bool, log: Log | None = None) -> Iterator[_Attempt]:
        """Run the ``with`` body; if it raises, re-raise when ``strict``, else record ``what`` as
        unavailable and mark the attempt failed, so that one broken variant does not lose the
        report (the caller checks ``.failed`` and moves on)."""
        outcome = _Attempt()
        try:
            yield outcome
        except Exception as exc:
            if strict:
                raise
            outcome.failed = True
            self.skip(what, name, _reason(exc))
            if log is not None:
                log(f"{what} {name}: not available ({_reason(exc)})")


@dataclass
class _Attempt:
    failed: bool = False


# --------------------------------------------------------------------------- data


def dataset_dir(data: Path, name: str) -> Path | None:
    """``data/<name>`` when it exists, else ``data`` itself when it looks like that dataset."""
    if (data / name).is_dir():
        return data / name
    markers = {
        "polnear": "dev/text",
        "litbank": "quotations/tsv",
        "newsmtsc": "split_rw",
        "seesaw": "annotations",
        "perspectrum": "dataset_split_v1.0.json",
    }
    return data if (data / markers.get(name, "\0")).exists() else None


def load_span_gold(name: str, folder: Path, split: str) -> list[Document]:
    """Gold documents of a span dataset's split (LitBank: its seeded document split)."""
    if name == "polnear":
        from quotes.corpora.polnear import read_polnear

        return list(read_polnear(folder, split))
    if name == "litbank":
        from quotes.corpora.litbank import litbank_splits, read_litbank

        splits = litbank_splits(read_litbank(folder), seed=LITBANK_SPLIT_SEED)
        if split not in splits:
            raise CorpusError(f"LitBank has no split {split!r}; its splits are {', '.join(splits)}")
        return list(splits[split])
    raise CorpusError(f"unknown span dataset {name!r}; choose one of {', '.join(SPAN_DATASETS)}")


def check_split(split: str) -> None:
    if "test" in split.lower():
        raise InputError(
            f"split {split!r}: reports use dev data only (test sets stay untouched until the "
            "final evaluation); use --split dev"
        )


# --------------------------------------------------------------------------- span analysis


def _content_intervals(quote: Quote) -> Intervals:
    return tuple((s.start, s.end) for s in quote.content)


def role_items(doc: Document | None, role: str) -> list[tuple[Intervals, str]]:
    """The distinct spans of ``role`` in ``doc`` with the kind of the first quote having it
    (deduplicated as the scorer does: a source shared by three quotes is one source)."""
    if doc is None:
        return []
    seen: dict[Intervals, str] = {}
    for quote in doc.quotes:
        if not quote.content:
            continue
        if role == "content":
            key = _content_intervals(quote)
        else:
            span = getattr(quote, role)
            if span is None:
                continue
            key = ((span.start, span.end),)
        seen.setdefault(key, quote.kind)
    return list(seen.items())


def _context(text: str, pieces: Intervals, chars: int) -> str:
    """The span (pieces in ⟦ ⟧) with ``chars`` characters either side, on one line."""
    start, end = pieces[0][0], pieces[-1][1]
    out = ["…" if start > chars else "", text[max(0, start - chars) : start]]
    position = start
    for a, b in pieces:
        out += [text[position:a], "⟦", text[a:b], "⟧"]
        position = b
    out += [text[end : end + chars], "…" if end + chars < len(text) else ""]
    return " ".join("".join(out).split()).replace("```", "'''")


def span_errors(
    gold_docs: Sequence[Document],
    pred_docs: Sequence[Document],
    rng: random.Random,
    per_group: int = 3,
    context_chars: int = 80,
    threshold: float = DEFAULT_THRESHOLD,
) -> dict[str, dict[str, dict[str, Any]]]:
    """False negatives and false positives per role under overlap matching, grouped by kind:
    ``{role: {"false_negatives"|"false_positives": {kind: {"total", "sample": [...]}}}}``.
    The sample is ``per_group`` errors drawn with ``rng`` (in text order once drawn)."""
    found: dict[str, dict[str, dict[str, list[dict[str, Any]]]]] = {
        role: {"false_negatives": {}, "false_positives": {}} for role in ROLES
    }
    for gold_doc, pred_doc in pair_documents(gold_docs, pred_docs):
        doc = gold_doc or pred_doc
        assert doc is not None
        for role in ROLES:
            gold, pred = role_items(gold_doc, role), role_items(pred_doc, role)
            pairs = overlap_pairs([g for g, _ in gold], [p for p, _ in pred], threshold)
            hit_g, hit_p = {g for g, _ in pairs}, {p for _, p in pairs}
            for name, items, hit in (("false_negatives", gold, hit_g), ("false_positives", pred, hit_p)):
                for index, (pieces, kind) in enumerate(items):
                    if index in hit:
                        continue
                    found[role][name].setdefault(kind, []).append({
                        "doc_id": doc.id,
                        "start": pieces[0][0],
                        "end": pieces[-1][1],
                        "text": " … ".join(doc.text[a:b] for a, b in pieces),
                        "context": _context(doc.text, pieces, context_chars),
                    })
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for role in ROLES:
        out[role] = {}
        for name in ("false_negatives", "false_positives"):
            groups = found[role][name]
            kinds = [k for k in KINDS if k in groups] + sorted(set(groups) - set(KINDS))
            out[role][name] = {}
            for kind in kinds:
                errors = groups[kind]
                chosen = sorted(rng.sample(range(len(errors)), min(per_group, len(errors))))
                out[role][name][kind] = {"total": len(errors), "sample": [errors[i] for i in chosen]}
    return out


# --------------------------------------------------------------------------- loading variants


def default_span_loader(name: str) -> Any:
    from quotes.pipeline import Pipeline

    return Pipeline.load(name)


def discover_stance_models(models_dir: Path) -> list[str]:
    """Folders of ``models_dir`` holding a stance model (LoRA or scikit-learn), sorted by name."""
    found = []
    if not models_dir.is_dir():
        return found
    for folder in sorted(p for p in models_dir.iterdir() if p.is_dir()):
        try:
            kind = json.loads((folder / "config.json").read_text(encoding="utf-8")).get("kind")
        except (OSError, ValueError, AttributeError):
            continue
        if kind in STANCE_KINDS:
            found.append(str(folder))
    return found


def default_stance_loader(name: str) -> Any:
    from quotes.stance_eval import load_stance_model

    return load_stance_model(name)


def _models_dir(options: ReportOptions) -> Path:
    if options.models_dir is not None:
        return Path(options.models_dir)
    from quotes.models_loader import default_models_dir

    return default_models_dir()


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {' '.join(str(exc).split())}"[:400]


# --------------------------------------------------------------------------- the runs


def _run_span_model(
    pipeline: Any, gold: Sequence[Document], options: ReportOptions
) -> tuple[list[Document], float]:
    if gold:  # warm-up (lazy model loading, first-call costs) outside the timing
        pipeline.pipe([gold[0].copy_without_quotes()], batch_size=1).__next__()
    start = time.perf_counter()
    predicted = predict_documents(pipeline, gold, batch_size=options.batch_size)
    return predicted, time.perf_counter() - start


def _speaker_gold(
    polnear_dir: Path, split: str
) -> tuple[list[Document], dict[int, str], set[str]] | None:
    """PolNeAR dev with hand-labelled speakers: only labelled quotes kept; their source types;
    the ids of the articles no resolver rule was tuned on."""
    if split != "dev":
        return None
    from quotes.attribution.devset import (
        DEFAULT_PATH,
        NEVER_TUNED_BATCHES,
        load_speakers_dev,
        read_speaker_labels,
    )

    if not DEFAULT_PATH.is_file():
        return None
    docs = load_speakers_dev(polnear_dir)
    never_tuned = {label.doc_id for label in read_speaker_labels(DEFAULT_PATH)
                   if label.batch in NEVER_TUNED_BATCHES}
    types: dict[int, str] = {}
    for doc in docs:
        kept = []
        for quote, kind in zip(doc.quotes, doc.meta.get("speaker_types") or []):
            if kind is not None:
                kept.append(quote)
                types[id(quote)] = kind
        doc.quotes = kept
    return docs, types, never_tuned


def _speaker_scores(
    gold: Sequence[Document], types: dict[int, str], never_tuned: set[str],
    predicted: Sequence[Document], threshold: float,
) -> dict[str, Any]:
    by_id = {d.id: d for d in predicted}
    gold = [d for d in gold if d.id in by_id]
    scores = score_speakers(gold, [by_id[d.id] for d in gold], lambda q: types.get(id(q), "?"), threshold)
    held = [d for d in gold if d.id in never_tuned]
    out = {"n_docs": len(gold), **scores.to_dict()}
    if held:
        held_scores = score_speakers(held, [by_id[d.id] for d in held], None, threshold).to_dict()
        out["never_tuned"] = {"n_docs": len(held), **held_scores}
    return out


def run_spans(
    data: Path, options: ReportOptions, run: _Run, log: Log,
    span_loader: Callable[[str], Any],
) -> None:
    datasets = [d for d in (options.datasets or SPAN_DATASETS) if d in SPAN_DATASETS]
    golds: dict[str, list[Document]] = {}
    for name in datasets:
        folder = dataset_dir(data, name)
        if folder is None:
            run.skip("span dataset", name, f"no {name}/ folder under {data}")
            continue
        with run.attempt("span dataset", name, options.strict) as loading:
            gold = load_span_gold(name, folder, options.split)
        if loading.failed:  # a reader failure makes the dataset unavailable, not the report
            continue
        if not gold:
            run.skip("span dataset", name, f"split {options.split!r} has no articles")
            continue
        golds[name] = gold[: options.limit] if options.limit else gold
        log(f"{name} {options.split}: {len(golds[name])} articles")
    speaker_gold = None
    if "polnear" in golds:
        with run.attempt("speaker dev set", "eval/speakers_dev.jsonl", options.strict):
            speaker_gold = _speaker_gold(dataset_dir(data, "polnear"), options.split)  # type: ignore[arg-type]
        if speaker_gold is None and not any(u["name"] == "eval/speakers_dev.jsonl" for u in run.unavailable):
            run.skip("speaker dev set", "eval/speakers_dev.jsonl", f"not found, or split {options.split!r} is not dev")

    spans: dict[str, Any] = {name: {"n_docs": len(g), "models": {}} for name, g in golds.items()}
    annotated: list[Document] = []  # the report split's articles, every annotator's version
    if "polnear" in golds:
        with run.attempt("annotator agreement", "polnear", options.strict, log):
            spans["polnear"]["agreement"], annotated = _polnear_agreement(dataset_dir(data, "polnear"), options)  # type: ignore[arg-type]
    for model in options.span_models:
        with run.attempt("span model", model, options.strict, log) as loading:
            pipeline = span_loader(model)
        if loading.failed:
            continue
        for name, gold in golds.items():
            log(f"span model {model} on {name} ({len(gold)} articles)")
            entry: dict[str, Any] = {}
            with run.attempt("span run", f"{model} on {name}", options.strict, log) as running:
                predicted, seconds = _run_span_model(pipeline, gold, options)
                scores = score_spans(gold, predicted, threshold=options.threshold)
                entry["scores"] = scores.to_dict()
                entry["speed"] = {
                    "n_docs": len(gold),
                    "seconds": seconds,
                    "articles_per_s": len(gold) / seconds if seconds > 0 else None,
                    "threads": _threads(),
                }
                entry["calibration"] = score_calibration(gold, predicted, threshold=options.threshold)
                rng = random.Random(f"{options.seed}:{name}:{model}")
                entry["errors"] = span_errors(gold, predicted, rng, options.errors_per_group,
                                              options.context_chars, options.threshold)
                if name == "polnear" and annotated:
                    against = model_against_annotators(pipeline, annotated, options.threshold)
                    entry["against_annotators"] = _agreement_entry(against)
                if any(q.speaker for d in gold for q in d.quotes):
                    entry["speaker"] = {"n_docs": len(gold), **scores.speaker.to_dict()}
                elif name == "polnear" and speaker_gold is not None:
                    entry["speaker"] = _speaker_scores(*speaker_gold, predicted, options.threshold)
            if not running.failed:
                spans[name]["models"][model] = entry
    run.results["spans"] = spans


def _agreement_entry(agreement: Agreement) -> dict[str, Any]:
    return {"n_articles": agreement.n_articles, "n_pairs": agreement.n_pairs,
            "scores": agreement.scores.to_dict()}


def _polnear_agreement(folder: Path, options: ReportOptions) -> tuple[dict[str, Any], list[Document]]:
    """Annotator-vs-annotator scores on PolNeAR train and the report's split (the human ceiling;
    a split with no multiply annotated article is left out), and the report split's documents of
    every annotator, for scoring the models on the same footing."""
    from quotes.corpora.polnear import read_polnear

    out: dict[str, Any] = {}
    annotated: list[Document] = []
    for split in dict.fromkeys(("train", options.split)):
        docs = read_polnear(folder, split, annotator="all")
        agreement = annotator_agreement(docs, options.threshold)
        if agreement.n_pairs:
            out[split] = _agreement_entry(agreement)
            if split == options.split:
                annotated = docs
    return out, annotated


def _threads() -> int | None:
    torch = sys.modules.get("torch")
    return int(torch.get_num_threads()) if torch is not None else None


def _sample(examples: list[Any], limit: int | None, seed: int, name: str) -> list[Any]:
    if limit is None or len(examples) <= limit:
        return examples
    chosen = sorted(random.Random(f"{seed}:{name}").sample(range(len(examples)), limit))
    return [examples[i] for i in chosen]


def run_stance(
    data: Path, options: ReportOptions, run: _Run, log: Log,
    stance_loader: Callable[[str], Any],
) -> None:
    from quotes.stance_eval import (
        TWO_LABEL_NOTE,
        allowed_labels,
        read_stance_dataset,
        score_examples,
    )

    datasets = [d for d in (options.datasets or STANCE_DATASETS) if d in STANCE_DATASETS]
    examples: dict[str, list[Any]] = {}
    notes: dict[str, str] = {}
    for name in datasets:
        folder = dataset_dir(data, name)
        if folder is None:
            run.skip("stance dataset", name, f"no {name}/ folder under {data}")
            continue
        with run.attempt("stance dataset", name, options.strict) as loading:
            loaded = read_stance_dataset(name, folder, options.split)
        if loading.failed:
            continue
        if not loaded:
            run.skip("stance dataset", name, f"split {options.split!r} has no examples")
            continue
        examples[name] = _sample(loaded, options.limit, options.seed, name)
        notes[name] = TWO_LABEL_NOTE.get(name, "") if allowed_labels(examples[name]) else ""
        log(f"{name} {options.split}: {len(examples[name])} stance examples")
    names = list(options.stance_models) if options.stance_models is not None else \
        discover_stance_models(_models_dir(options))
    if not names:
        run.skip("stance model", "models/stance*", f"no stance model folder in {_models_dir(options)}")
    results: dict[str, Any] = {"datasets": {n: {"n": len(e), "note": notes[n]} for n, e in examples.items()},
                               "models": {}}
    for model in names:
        label = Path(model).name if os.sep in model or Path(model).is_dir() else model
        with run.attempt("stance model", label, options.strict, log) as loading:
            stage = stance_loader(model)
        if loading.failed:
            continue
        per: dict[str, Any] = {}
        for name, batch in examples.items():
            log(f"stance model {label} on {name} ({len(batch)} examples)")
            with run.attempt("stance run", f"{label} on {name}", options.strict) as running:
                start = time.perf_counter()
                scores = score_examples(stage, batch)
                seconds = time.perf_counter() - start
            if running.failed:
                continue
            per[name] = {"scores": scores.to_dict(), "seconds": seconds,
                         "examples_per_s": len(batch) / seconds if seconds > 0 else None}
        results["models"][label] = {"path": str(model), "kind": type(stage).__name__, "datasets": per}
    run.results["stance"] = results


# --------------------------------------------------------------------------- the report


def build_report(
    data: str | Path,
    output: str | Path,
    options: ReportOptions | None = None,
    log: Log | None = None,
    span_loader: Callable[[str], Any] | None = None,
    stance_loader: Callable[[str], Any] | None = None,
) -> dict[str, Any]:
    """Run everything available, write report.md, results.json and plots under ``output``;
    return the results dict (what results.json holds)."""
    options = options or ReportOptions()
    check_split(options.split)
    data, output = Path(data), Path(output)
    if not data.is_dir():
        raise InputError(f"{data} is not a folder; pass the folder holding polnear/, newsmtsc/, ...")
    log = log or (lambda message: None)
    run = _Run()
    run.results["meta"] = {
        "split": options.split,
        "limit": options.limit,
        "seed": options.seed,
        "threshold": options.threshold,
        "data": str(data),
        "command": options.command,
        "span_models": list(options.span_models),
        "cpu_count": os.cpu_count(),
    }
    run_spans(data, options, run, log, span_loader or default_span_loader)
    run_stance(data, options, run, log, stance_loader or default_stance_loader)
    run.results["unavailable"] = run.unavailable
    output.mkdir(parents=True, exist_ok=True)
    run.results["plots"] = draw_plots(run.results, output) if options.plots else {}
    (output / "results.json").write_text(
        json.dumps(run.results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (output / "report.md").write_text(render_markdown(run.results), encoding="utf-8")
    log(f"wrote {output / 'report.md'}")
    return run.results


def draw_plots(results: dict[str, Any], output: Path) -> dict[str, str]:
    """All figures of the report; {name: file name} of those drawn."""
    from . import plots

    drawn: dict[str, Path | None] = {}
    split = results["meta"]["split"]
    for name, dataset in results.get("spans", {}).items():
        models = {m: e["scores"] for m, e in dataset["models"].items()}
        drawn[f"spans_{name}"] = plots.plot_span_scores(
            models, output / f"spans_f1_{name}.png",
            title=f"Span F1 per role on {name} {split} ({dataset['n_docs']} articles)")
        drawn[f"calibration_{name}"] = plots.plot_calibration(
            {m: e["calibration"] for m, e in dataset["models"].items()}, output / f"calibration_{name}.png",
            title=f"Quote score reliability on {name} {split}")
        drawn[f"speed_{name}"] = plots.plot_speed_accuracy(
            {m: (e["speed"]["articles_per_s"], e["scores"]["content"]["overlap"]["f1"])
             for m, e in dataset["models"].items()},
            output / f"speed_accuracy_{name}.png",
            title=f"Speed vs accuracy on {name} {split} ({results['meta']['cpu_count']} CPUs)")
    stance = results.get("stance", {}).get("models", {})
    per = {m: {d: r["scores"] for d, r in e["datasets"].items()} for m, e in stance.items()}
    drawn["stance_confusion"] = plots.plot_stance_confusions(
        per, output / "stance_confusion.png", title=f"Stance confusion matrices ({split})")
    drawn["stance_f1"] = plots.plot_stance_scores(per, output / "stance_f1.png", title=f"Stance macro-F1 ({split})")
    return {k: v.name for k, v in drawn.items() if v is not None}


# --------------------------------------------------------------------------- markdown


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], right_from: int = 1) -> list[str]:
    align = ["---" if i < right_from else "---:" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows]
    return lines + [""]


def render_markdown(results: dict[str, Any]) -> str:
    """report.md from the results dict (deterministic for the same results)."""
    meta = results["meta"]
    split = meta["split"]
    out = [f"# Evaluation report ({split})", ""]
    out.append(
        f"Data: `{meta['data']}`, split **{split}**"
        + (f", first {meta['limit']} articles / a seeded sample of {meta['limit']} stance examples per dataset"
           if meta["limit"] else ", all articles and examples")
        + f". Overlap matching: one-to-one, character IoU ≥ {meta['threshold']}. Seed {meta['seed']}. "
        "Scores are percentages, micro-averaged (see `quotes/scoring.py`)."
    )
    if meta.get("command"):
        out += ["", f"Made with: `{meta['command']}`"]
    out.append("")
    for name, dataset in results.get("spans", {}).items():
        out += _span_section(name, dataset, results.get("plots", {}), split)
    out += _stance_section(results.get("stance", {}), results.get("plots", {}), split)
    for name, dataset in results.get("spans", {}).items():
        out += _error_section(name, dataset)
    if results.get("unavailable"):
        out += ["## Not available", ""]
        out += _table(("what", "name", "reason"),
                      [(u["what"], f"`{u['name']}`", u["reason"]) for u in results["unavailable"]], right_from=9)
    return "\n".join(out).rstrip() + "\n"


# What a dataset's gold speaker is, where a plain name match understates a resolver.
SPEAKER_NOTES = {
    "litbank": ("LitBank's gold speaker is the name LitBank gives the character's coreference "
                "cluster, often a description (\"The kidnapper\", \"the saloon-keeper\"), while the "
                "resolver names the person as the text first names them; names are compared exactly, "
                "so these figures understate it on fiction. The news figures above are the measure."),
}


def _agreement_row(who: str, agreement: dict[str, Any]) -> tuple[str, ...]:
    scores = agreement["scores"]
    return (who, *(_pct(scores[role][match]["f1"]) for role, match in AGREEMENT_COLUMNS),
            _pct(scores["relation"]["f1"]))


def _span_section(name: str, dataset: dict[str, Any], plots: dict[str, str], split: str) -> list[str]:
    from quotes.attribution.devset import NEVER_TUNED_BATCHES
    models = dataset["models"]
    out = [f"## Spans: {name} {split} ({dataset['n_docs']} articles)", ""]
    if not models:
        return out + ["No span model could be run.", ""]
    rows = []
    for model, entry in models.items():
        s = entry["scores"]
        for role in ROLES:
            r = s[role]
            n_gold = r["exact"]["tp"] + r["exact"]["fn"]
            if not n_gold:  # the corpus does not mark this role (LitBank: no cues)
                rows.append((model, role, "0", *(["n/a"] * 6)))
                continue
            rows.append((model, role, str(n_gold),
                         *(_pct(r["exact"][k]) for k in ("precision", "recall", "f1")),
                         *(_pct(r["overlap"][k]) for k in ("precision", "recall", "f1"))))
    out += ["### Span P/R/F1 per role (exact match, then overlap)", ""]
    out += _table(("model", "role", "gold", "exact P", "exact R", "exact F1", "overlap P", "overlap R", "overlap F1"),
                  rows, right_from=2)
    rows = []
    for model, entry in models.items():
        s = entry["scores"]
        rows.append((model, *(_pct(s["relation"][k]) for k in ("precision", "recall", "f1")),
                     *(_pct(s["relation_overlap"][k]) for k in ("precision", "recall", "f1"))))
    out += ["### Relations (content overlap + source)", "",
            ("A predicted quote is right when its content overlaps a gold content one-to-one and its "
             "source is right: exactly (relation) or by overlap (relation overlap)."), ""]
    out += _table(("model", "relation P", "R", "F1", "relation overlap P", "R", "F1"), rows)
    if dataset.get("agreement"):
        rows = [_agreement_row(f"{split}: {a['n_articles']} articles, {a['n_pairs']} pairs", a)
                for split, a in dataset["agreement"].items()]
        rows += [_agreement_row(f"{model} vs each annotator ({split}: {a['n_articles']} articles)", a)
                 for model, entry in models.items() if (a := entry.get("against_annotators"))]
        out += ["### Annotator agreement (the human ceiling)", "",
                ("PolNeAR articles annotated by two or more people, every pair of annotators scored "
                 "against each other with the same scorer (`quotes evaluate agreement`): what a model "
                 "trained and scored on one annotator per article can be expected to reach. The model "
                 "rows score each model against every annotator of the same articles."), ""]
        out += _table(("who", "content exact F1", "content overlap F1", "cue exact F1",
                       "source exact F1", "relation F1"), rows)
    rows = []
    for model, entry in models.items():
        by_kind = entry["scores"]["by_kind"]
        rows.append((model, *(f"{_pct(by_kind[k]['recall'])} ({by_kind[k]['found']}/{by_kind[k]['total']})"
                              if by_kind.get(k, {}).get("total") else "–" for k in KINDS)))
    out += ["### Content recall per gold kind (overlap)", ""]
    out += _table(("model", *KINDS), rows)
    speakers = {m: e["speaker"] for m, e in models.items() if e.get("speaker")}
    if speakers:
        categories = sorted({c for s in speakers.values() for c in s.get("by_category", {})})
        out += ["### Canonical speaker accuracy", "",
                "Over gold quotes with a labelled speaker; *all* counts a missed quote as wrong, "
                "*matched* is over the gold quotes whose content was found (IoU ≥ threshold)"
                + ("; per source type: matched accuracy." if categories else "."), ""]
        if name in SPEAKER_NOTES:
            out += [SPEAKER_NOTES[name], ""]
        rows = []
        for model, s in speakers.items():
            cats = [f"{_pct(s['by_category'][c]['accuracy_matched'])} ({s['by_category'][c]['n_matched']})"
                    if c in s.get("by_category", {}) else "–" for c in categories]
            held = s.get("never_tuned")
            rows.append((model, str(s["n_docs"]), str(s["n_gold"]), _pct(s["accuracy_all"]),
                         f"{_pct(s['accuracy_matched'])} ({s['n_matched']})", *cats,
                         f"{_pct(held['accuracy_matched'])} ({held['n_matched']}, {held['n_docs']} articles)"
                         if held else "–"))
        out += _table(("model", "articles", "gold quotes", "all", "matched", *categories,
                       "matched, never tuned on"), rows)
        if any(s.get("never_tuned") for s in speakers.values()):
            out += ["*Never tuned on*: the articles of `eval/speakers_dev.jsonl` labelled with the "
                    "resolver's rules frozen and never used to change them (batches "
                    f"{' and '.join(map(str, NEVER_TUNED_BATCHES))}; see "
                    "`eval/speakers_dev.md`): the honest estimate.", ""]
    rows = []
    for model, entry in models.items():
        speed, calib = entry["speed"], entry["calibration"]
        rows.append((model, f"{speed['articles_per_s']:.2f}" if speed["articles_per_s"] else "–",
                     f"{speed['seconds']:.1f}", str(speed["threads"] or "–"),
                     _pct(entry["scores"]["content"]["overlap"]["f1"]),
                     f"{calib['ece']:.3f}" if calib["n_scored"] else "no scores", str(calib["n_scored"])))
    out += ["### Speed and calibration", "",
            ("Articles/s: the whole pipeline over all articles after one warm-up article, on this "
             "machine (torch threads shown when torch is used). ECE: expected calibration error of "
             f"quote scores ({N_BINS} bins) against matching a gold quote."), ""]
    out += _table(("model", "articles/s", "seconds", "threads", "content overlap F1", "ECE", "scored quotes"), rows)
    for key, caption in ((f"spans_{name}", "Span F1 per role"), (f"calibration_{name}", "Reliability of quote scores"),
                         (f"speed_{name}", "Speed vs accuracy")):
        if key in plots:
            out += [f"![{caption}]({plots[key]})", ""]
    return out


def _stance_section(stance: dict[str, Any], plots: dict[str, str], split: str) -> list[str]:
    out = [f"## Stance ({split})", ""]
    datasets = stance.get("datasets", {})
    models = stance.get("models", {})
    if not datasets or not models:
        return out + ["No stance model or dataset was available.", ""]
    for name, info in datasets.items():
        out.append(f"- **{name}**: {info['n']} examples. {info['note'] or 'Three labels scored (favor, against, none).'}")
    out.append("")
    rows = []
    for model, entry in models.items():
        for name, result in entry["datasets"].items():
            s = result["scores"]
            per_class = [_pct(s["per_class"][label]["f1"]) if label in s["per_class"] else "–"
                         for label in ("favor", "against", "none")]
            speed = result["examples_per_s"]
            rows.append((model, name, str(s["n"]), _pct(s["macro_f1"]), _pct(s["accuracy"]), *per_class,
                         f"{speed:.0f}" if speed else "–"))
    out += _table(("model", "dataset", "n", "macro-F1", "accuracy", "F1 favor", "F1 against", "F1 none",
                   "examples/s"), rows, right_from=2)
    for key, caption in (("stance_f1", "Stance macro-F1"), ("stance_confusion", "Stance confusion matrices")):
        if key in plots:
            out += [f"![{caption}]({plots[key]})", ""]
    return out


def _error_section(name: str, dataset: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for model, entry in dataset["models"].items():
        errors = entry.get("errors")
        if not errors:
            continue
        if not out:
            out += [f"## Error analysis: {name}", "",
                    ("Errors under overlap matching, grouped by the kind of the quote the span belongs "
                     "to (gold kind for misses, predicted kind for false alarms). A seeded sample per "
                     "group, the span in ⟦ ⟧ with its context."), ""]
        out += [f"### {model}", ""]
        for role in ROLES:
            for which, title in (("false_negatives", "missed (false negatives)"),
                                 ("false_positives", "spurious (false positives)")):
                groups = errors[role][which]
                if not groups:
                    continue
                counts = ", ".join(f"{k} {g['total']}" for k, g in groups.items())
                out += [f"#### {role}: {title}: {counts}", ""]
                for kind, group in groups.items():
                    if not group["sample"]:
                        continue
                    out += [f"*{kind}* ({len(group['sample'])} of {group['total']}):", "", "```text"]
                    out += [f"[{e['doc_id']} {e['start']}-{e['end']}] {e['context']}" for e in group["sample"]]
                    out += ["```", ""]
    return out


__all__ = [
    "ReportOptions",
    "build_report",
    "check_split",
    "discover_stance_models",
    "draw_plots",
    "render_markdown",
    "role_items",
    "span_errors",
]
