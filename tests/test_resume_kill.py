"""A real ``quotes extract`` process killed half-way, then resumed with ``--resume``.

SIGKILL is the hard case: no handler runs, so the output may end in the middle of a line.
Whatever the kill leaves, ``--resume`` must finish the job so that the file equals an
uninterrupted run: every line parses, every document is there exactly once. SIGINT (Ctrl-C) is
the polite case: exit code 130 and a message that says how to resume.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_robustness import make_article
from typer.testing import CliRunner

from quotes.cli import app
from quotes.document import Document

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

N_ARTICLES = 200
PARAGRAPHS = 60  # ~8 KB each: the run lasts long enough for the signal to land mid-way
KILL_AFTER_LINES = 10
TIMEOUT_S = 60


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kill") / "articles"
    folder.mkdir()
    for n in range(N_ARTICLES):
        (folder / f"{n:03d}.txt").write_text(make_article(n, PARAGRAPHS), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def clean_output(articles: Path) -> str:
    """The reference: one uninterrupted run (in-process, same command)."""
    out = articles.parent / "clean.jsonl"
    result = CliRunner().invoke(
        app,
        ["extract", str(articles), "--format", "jsonl", "--output", str(out), "--model", "rules"],
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert len(text.splitlines()) == N_ARTICLES
    return text


def command(articles: Path, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "quotes.cli", "extract", str(articles),
        "--format", "jsonl", "--output", str(out), "--model", "rules", *extra,
    ]  # fmt: skip


def complete_lines(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def start_and_signal(articles: Path, out: Path, sig: int) -> subprocess.CompletedProcess[str]:
    """Start the command, wait until some documents are written, send ``sig``, and wait."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    process = subprocess.Popen(
        command(articles, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        # A shell without job control starts background jobs with SIGINT ignored, and an ignored
        # signal stays ignored across exec (Python then installs no KeyboardInterrupt handler):
        # give the child the default, as a terminal would.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + TIMEOUT_S
    try:
        while complete_lines(out) < KILL_AFTER_LINES:
            assert process.poll() is None, "the command ended before it could be interrupted"
            assert time.monotonic() < deadline, "the command wrote nothing in time"
            time.sleep(0.005)
        process.send_signal(sig)
        stdout, stderr = process.communicate(timeout=TIMEOUT_S)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def signal_mid_run(articles: Path, out: Path, sig: int, attempts: int = 3) -> subprocess.CompletedProcess[str]:
    """``start_and_signal`` until the signal lands before the last document is written.

    On a loaded machine the test process can be descheduled long enough for the whole run to
    finish before the signal is sent; that run says nothing about interruption, so it is retried.
    """
    for _ in range(attempts):
        out.unlink(missing_ok=True)
        result = start_and_signal(articles, out, sig)
        if complete_lines(out) < N_ARTICLES:
            return result
    pytest.fail(f"in {attempts} tries the run always finished before the signal was sent")


def resume(articles: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command(articles, out, "--resume"),
        check=False,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
    )


def check_against_clean(out: Path, clean: str) -> None:
    text = out.read_text(encoding="utf-8")
    assert text.endswith("\n")
    lines = text.splitlines()
    docs = [Document.from_json(line) for line in lines]  # every line parses, offsets hold
    ids = [d.id for d in docs]
    assert len(ids) == len(set(ids)) == N_ARTICLES  # every document exactly once
    assert set(lines) == set(clean.splitlines())
    assert text == clean  # and even in the same order: resume appends what was missing


def test_sigkill_then_resume_equals_a_clean_run(articles: Path, clean_output: str) -> None:
    out = articles.parent / "killed.jsonl"
    killed = signal_mid_run(articles, out, signal.SIGKILL)
    assert killed.returncode == -signal.SIGKILL
    data = out.read_bytes()
    done = data.count(b"\n")
    assert KILL_AFTER_LINES <= done < N_ARTICLES, "the kill did not land mid-run"
    if data.endswith(b"\n"):
        # The kill fell between two lines; make it the harder case it could have been: a
        # document cut half-way through its line (the write was under way).
        next_line = clean_output.splitlines(keepends=True)[done].encode("utf-8")
        out.write_bytes(data + next_line[: len(next_line) // 2])
    result = resume(articles, out)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{done} already done (skipped)" in result.stderr
    check_against_clean(out, clean_output)


def test_sigint_exits_130_with_a_resume_hint(articles: Path, clean_output: str) -> None:
    out = articles.parent / "interrupted.jsonl"
    interrupted = signal_mid_run(articles, out, signal.SIGINT)
    assert interrupted.returncode == 130, interrupted.stderr
    assert "Traceback" not in interrupted.stderr
    assert "interrupted" in interrupted.stderr and "--resume" in interrupted.stderr
    assert str(out) in interrupted.stderr  # says which file to resume into
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines and all(line.endswith("\n") for line in lines)  # Ctrl-C never cuts a line
    assert KILL_AFTER_LINES <= len(lines) < N_ARTICLES
    for line in lines:
        json.loads(line)
    result = resume(articles, out)
    assert result.returncode == 0, result.stderr
    check_against_clean(out, clean_output)


def test_resume_of_a_finished_run_changes_nothing(articles: Path, clean_output: str) -> None:
    out = articles.parent / "finished.jsonl"
    out.write_text(clean_output, encoding="utf-8")
    result = resume(articles, out)
    assert result.returncode == 0, result.stderr
    assert f"{N_ARTICLES} already done" in result.stderr
    assert out.read_text(encoding="utf-8") == clean_output
