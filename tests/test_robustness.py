"""Issue 7, end to end: one folder of good and bad inputs through ``quotes extract``.

Every odd input a user may throw at the command sits in one folder (plus a path that does not
exist), and one run must: write every good document exactly once with valid offsets, name every
bad input on stderr, exit with 1, and never show a traceback. The same output must come from the
library directly (so nothing was cut short), and be byte-identical run after run, also with a
transformer model. A last test makes sure no code path can unpickle anything.
"""

from __future__ import annotations

import ast
import io
import json
import random
import tokenize
from pathlib import Path

import pytest
from conftest import TINY_ENCODER as TINY
from typer.testing import CliRunner

from quotes.cli import app
from quotes.document import Document
from quotes.inputs import iter_inputs
from quotes.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]

# --- generated articles (also used by test_resume_kill and test_long_documents) -------------

NAMES = ["Ann Bell", "Omar Haddad", "Li Wei", "Maria Gonzalez", "John Smith", "Ingrid Olsen"]
CUES = ["said", "told reporters", "added", "warned", "insisted"]
STYLES = [("“", "”"), ('"', '"'), ("«", "»"), ("„", "“"), ("‹", "›"), ("「", "」")]
CLAUSES = [
    "we will not back down",
    "the talks are over",
    "prices will rise again next year",
    "nobody expected this outcome",
    "the committee must act now",
    "it was a mistake",
]


def make_article(seed: int, paragraphs: int = 12) -> str:
    """A news-like article: direct quotes in every mark style, reported speech, filler."""
    rnd = random.Random(seed)
    out = []
    for _ in range(paragraphs):
        name, cue, clause = rnd.choice(NAMES), rnd.choice(CUES), rnd.choice(CLAUSES)
        opener, closer = rnd.choice(STYLES)
        form = rnd.randrange(4)
        if form == 0:
            out.append(f"{opener}{clause.capitalize()},{closer} {name} {cue}.")
        elif form == 1:
            out.append(f"{name} {cue} on Monday: {opener}{clause.capitalize()}.{closer}")
        elif form == 2:
            out.append(f"{name} said that {clause}, according to officials.")
        else:
            out.append(f"The weather in the capital was mild and markets opened late ({seed}).")
    return f"Story {seed}\n\n" + "\n\n".join(out) + "\n"


def long_text(min_bytes: int) -> str:
    """Generated articles glued together until the UTF-8 text is at least ``min_bytes`` long."""
    parts: list[str] = []
    size = 0
    seed = 0
    while size < min_bytes:
        article = make_article(seed)
        parts.append(article)
        size += len(article.encode("utf-8"))
        seed += 1
    return "".join(parts)


# --- the folder ------------------------------------------------------------------------------

ARTICLE = (
    "Secretary of State Ann Bell said on Monday: “We will not back down.”\n\n"
    "She added that talks would resume. “The door is open,” a spokesman said.\n"
)
CP1252_TEXT = "The minister said “we are ready” – in Bogotá, with €5m."
# 0x81 is undefined in cp1252, so only latin-1 decodes this; it is a C1 control -> a space.
LATIN1_BYTES = b"Caf\xe9 \x81 Zo\xeb said: \xabno\xbb."
CONTROL_TEXT = "Ann Bell said\x07 “We\x0bwill not\x1b back down.”\x0c\nEnd.\x7f"
HTML_PAGE = (
    "<!DOCTYPE html><html><head><title>Talks</title><script>var q = '“no”';</script></head>"
    "<body><h1>Talks resume</h1><p>Ann Bell said: &ldquo;We will not back down.&rdquo;</p>"
    "<p>Omar Haddad told reporters &laquo;it was a mistake&raquo;.</p></body></html>"
)
# Unbalanced and unusual quotation marks: balanced ones in every style first, then odd counts,
# lone closing marks, a quote left open at the end of the text.
MARKS_BALANCED = [
    ("«", "»"),
    ("„", "“"),
    ("“", "”"),
    ("‹", "›"),
    ("「", "」"),
]
MARKS_TEXT = (
    "\n\n".join(
        f"{o}We will not back down from this fight,{c} Ann Bell said." for o, c in MARKS_BALANCED
    )
    + "\n\nShe said ”no” and then “yes and “maybe.\n\n"
    + "A lone closer” here, » there, 」 and › too.\n\n"
    + '"Odd count," he said, "and then\n\n'
    + "It was ‘fine’ in the ’90s, Jones’ friend said, rock 'n' roll.\n\n"
    + "The last word: “never"
)
LONG_MIN_BYTES = 1_100_000


def build_folder(folder: Path) -> dict[str, str | None]:
    """Write the folder; return {file name: its text as the reader must decode it, or None
    for an input that must fail}."""
    folder.mkdir()
    files: dict[str, tuple[bytes, str | None]] = {
        "article.txt": (ARTICLE.encode("utf-8"), ARTICLE),
        "empty.txt": (b"", ""),
        "whitespace.txt": (b" \n\t\r\n \n", " \n\t\r\n \n"),
        "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", None),
        "controls_only.txt": (bytes(range(1, 9)) * 200, None),
        "cp1252.txt": (CP1252_TEXT.encode("cp1252"), CP1252_TEXT),
        "latin1.txt": (LATIN1_BYTES, "Café   Zoë said: «no»."),
        "utf16.txt": ("Zoë said “yes”.".encode("utf-16"), "Zoë said “yes”."),
        "controls.txt": (CONTROL_TEXT.encode("utf-8"), None),  # text checked separately
        "page.txt": (HTML_PAGE.encode("utf-8"), None),  # HTML by its content
        "marks.txt": (MARKS_TEXT.encode("utf-8"), MARKS_TEXT),
        "crlf.txt": (ARTICLE.replace("\n", "\r\n").encode("utf-8"), ARTICLE.replace("\n", "\r\n")),
        "long.txt": (long_text(LONG_MIN_BYTES).encode("utf-8"), None),
        "notes.md": (b"not a .txt file: ignored", None),
    }
    expected: dict[str, str | None] = {}
    for name, (data, text) in files.items():
        (folder / name).write_bytes(data)
        if name != "notes.md":
            expected[name] = text
    # A link to a file that is gone: reported as unreadable, not silently skipped.
    (folder / "dangling.txt").symlink_to(folder / "deleted-article.txt")
    expected["dangling.txt"] = None
    return expected


BAD = {
    "binary.txt": "binary",
    "controls_only.txt": "binary",
    "dangling.txt": "cannot read",
    "missing.txt": "no such file",
}


@pytest.fixture(scope="module")
def folder_run(tmp_path_factory: pytest.TempPathFactory):
    """One ``quotes extract`` over the folder and a missing path (the expensive part, shared)."""
    root = tmp_path_factory.mktemp("robust")
    folder = root / "inputs"
    expected = build_folder(folder)
    out = root / "out.jsonl"
    result = CliRunner().invoke(
        app,
        ["extract", str(folder), str(root / "missing.txt"), "--model", "rules",
         "--format", "jsonl", "--output", str(out)],
    )  # fmt: skip
    return folder, root, expected, out, result


def test_exit_code_and_no_traceback(folder_run) -> None:
    *_, result = folder_run
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.stdout == ""  # everything went to --output


def test_every_bad_input_is_named_on_stderr(folder_run) -> None:
    *_, result = folder_run
    lines = result.stderr.strip().splitlines()
    failed = [line for line in lines if line.startswith("failed: ")]
    assert len(failed) == len(BAD), result.stderr
    for name, reason in BAD.items():
        # one line per input, naming it once (its path, as given), then the reason
        (line,) = [f for f in failed if f.removeprefix("failed: ").split(": ", 1)[0].endswith(name)]
        assert reason in line and line.count(name) == 1, line
    good = len([n for n in folder_run[2] if n not in BAD])
    assert lines[-1] == f"{good} document(s) done, {len(BAD)} failed"


def test_every_good_document_is_written_once_with_valid_offsets(folder_run) -> None:
    _, _, expected, out, _ = folder_run
    raw = out.read_bytes()
    assert raw.endswith(b"\n")
    lines = raw.decode("utf-8").split("\n")[:-1]
    docs = [Document.from_json(line) for line in lines]  # checks every span against the text
    for doc in docs:
        doc.check()
        for span in [s for q in doc.quotes for s in q.spans()]:
            assert 0 <= span.start <= span.end <= len(doc.text)
    ids = [d.id for d in docs]
    good = sorted(name for name in expected if name not in BAD)
    assert ids == good  # each exactly once, in folder order, and no bad one
    by_id = {d.id: d for d in docs}
    for name, text in expected.items():
        if text is not None:
            assert by_id[name].text == text, name


def test_each_odd_input_is_read_as_documented(folder_run) -> None:
    _, _, _, out, _ = folder_run
    docs = {d.id: d for d in map(Document.from_json, out.read_text("utf-8").splitlines())}
    assert docs["empty.txt"].quotes == [] and docs["whitespace.txt"].quotes == []
    assert any("cp1252" in w for w in docs["cp1252.txt"].meta["warnings"])
    assert any("latin-1" in w for w in docs["latin1.txt"].meta["warnings"])
    assert any("UTF-16" in w for w in docs["utf16.txt"].meta["warnings"])
    controls = docs["controls.txt"]
    assert len(controls.text) == len(CONTROL_TEXT)  # replaced one for one: offsets kept
    assert controls.text == "Ann Bell said  “We will not  back down.” \nEnd. "
    assert any("control" in w for w in controls.meta["warnings"])
    page = docs["page.txt"]
    assert page.meta["format"] == "html" and page.meta["title"] == "Talks"
    assert page.text == (
        "Talks resume\n\nAnn Bell said: “We will not back down.”\n\n"
        "Omar Haddad told reporters «it was a mistake»."
    )
    assert "var q" not in page.text
    # Quotes are really found, not just documents passed through.
    assert any("We will not back down" in q.content_text for q in docs["article.txt"].quotes)
    assert any("We will not back down" in q.content_text for q in page.quotes)
    crlf = docs["crlf.txt"]
    assert [q.content_text for q in crlf.quotes] == [
        q.content_text for q in docs["article.txt"].quotes
    ]


def test_unusual_quotation_marks(folder_run) -> None:
    _, _, _, out, _ = folder_run
    (marks,) = [
        d
        for d in map(Document.from_json, out.read_text("utf-8").splitlines())
        if d.id == "marks.txt"
    ]
    for opener, closer in MARKS_BALANCED:
        quoted = f"{opener}We will not back down from this fight,{closer}"
        assert any(quoted in q.content_text for q in marks.quotes), f"missed {quoted}"
        (quote,) = [q for q in marks.quotes if quoted in q.content_text]
        assert quote.cue is not None and quote.cue.text == "said", quote
        assert quote.source is not None and quote.source.text == "Ann Bell", quote


def test_long_document_is_complete(folder_run) -> None:
    folder, _, _, out, _ = folder_run
    text = (folder / "long.txt").read_text("utf-8")
    assert len(text.encode("utf-8")) >= LONG_MIN_BYTES
    (long_doc,) = [
        d
        for d in map(Document.from_json, out.read_text("utf-8").splitlines())
        if d.id == "long.txt"
    ]
    assert long_doc.text == text
    # Quotes are found to the very end: the last article's quotes are there.
    last_story = text.rindex("Story ")
    assert any(q.start > last_story for q in long_doc.quotes)
    assert len(long_doc.quotes) > 1000


def test_output_equals_the_library_on_the_good_inputs(folder_run) -> None:
    """Nothing was cut, reordered or changed between the pipeline and the file."""
    folder, root, _, out, _ = folder_run
    items = [i for i in iter_inputs([folder, root / "missing.txt"]) if i.ok]
    docs = Pipeline.load("rules").pipe([i.document for i in items if i.document is not None])
    expected = "".join(doc.to_json() + "\n" for doc in docs)
    assert out.read_text("utf-8") == expected


def test_bad_jsonl_records_do_not_stop_the_batch(tmp_path: Path) -> None:
    """A lone surrogate escape (an emoji cut in half by a scraper) used to end the whole run
    with a UnicodeEncodeError when the document was written."""
    lines = [
        json.dumps({"id": "first", "text": ARTICLE}),
        json.dumps({"id": "cut-emoji", "text": "Cut \ud83d emoji. “We are ready,” she said. 😀"}),
        json.dumps({"id": "\udc00", "text": "An id that cannot be written."}),
        '{"id": "broken", "text": ',
        json.dumps({"id": "last", "text": ARTICLE}),
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")  # json.dumps escapes: valid UTF-8
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        app, ["extract", str(path), "--model", "rules", "--format", "jsonl", "--output", str(out)]
    )
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "unexpected" not in result.output
    docs = [Document.from_json(line) for line in out.read_text("utf-8").splitlines()]
    assert [d.id for d in docs] == ["first", "cut-emoji", "last"]
    cut = docs[1]
    assert cut.text == "Cut \ufffd emoji. “We are ready,” she said. 😀"  # same length
    assert any("surrogate" in w for w in cut.meta["warnings"])
    assert any("We are ready" in q.content_text for q in cut.quotes)
    assert "in.jsonl:3: " in result.stderr and "surrogate" in result.stderr
    assert "in.jsonl:4: not valid JSON" in result.stderr
    assert result.stderr.count("in.jsonl:4") == 1  # named once, not "in.jsonl:4: in.jsonl:4: ..."


# --- determinism with a transformer span model ------------------------------------------------



def test_span_model_output_is_byte_identical_across_runs(tmp_path: Path) -> None:
    import torch

    from quotes.spans import SpanConfig, SpanDetector

    torch.manual_seed(3)
    detector = SpanDetector.create(SpanConfig(encoder_config=TINY, window=32, stride=16))
    with torch.no_grad():  # spread the random head so that spans are predicted at all
        detector.tagger.head.weight.normal_(0.0, 3.0)
    model = tmp_path / "model"
    detector.save_pretrained(model / "spans")
    inputs = tmp_path / "in"
    inputs.mkdir()
    for n in range(3):
        (inputs / f"a{n}.txt").write_text(make_article(n) + ARTICLE, encoding="utf-8")
    outs = []
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # the CPU is shared; a tiny model gains nothing from more
    try:
        for n in range(2):  # each run loads the model afresh from disk
            out = tmp_path / f"run{n}.json"
            result = CliRunner().invoke(
                app, ["extract", str(inputs), "--model", str(model), "--output", str(out)]
            )
            assert result.exit_code == 0, result.output
            outs.append(out.read_bytes())
    finally:
        torch.set_num_threads(threads)
    assert outs[0] == outs[1]
    docs = [Document.from_dict(d) for d in json.loads(outs[0])]
    assert len(docs) == 3 and any(d.quotes for d in docs)


# --- only safetensors and JSON are ever loaded -------------------------------------------------

UNSAFE_MODULES = {
    "pickle",
    "cPickle",
    "_pickle",
    "joblib",
    "dill",
    "cloudpickle",
    "shelve",
    "marshal",
}


def _dotted(node: ast.AST) -> str:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def _torch_loaders(tree: ast.AST) -> set[str]:
    """The names under which this module can call torch's pickle-based loaders."""
    aliases = {"torch"}
    loaders: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            aliases |= {a.asname or a.name for a in node.names if a.name == "torch"}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("torch"):
            loaders |= {a.asname or a.name for a in node.names if a.name == "load"}
    return loaders | {f"{t}{mid}.load" for t in aliases for mid in ("", ".jit", ".serialization")}


def unsafe_loading(source: str, name: str = "<source>") -> list[str]:
    """Code (not comments or docstrings) that could unpickle or run downloaded code."""
    tree = ast.parse(source, name)
    torch_loaders = _torch_loaders(tree)
    found: list[str] = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Import):
            found += [f"{name}:{line}: import {a.name}" for a in node.names
                      if a.name.split(".")[0] in UNSAFE_MODULES]  # fmt: skip
        elif (
            isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in UNSAFE_MODULES
        ):
            found.append(f"{name}:{line}: from {node.module} import ...")
        elif isinstance(node, ast.Call):
            func = _dotted(node.func)
            if func in torch_loaders:
                found.append(f"{name}:{line}: {func}(...)")
            dynamic = func in ("__import__", "importlib.import_module", "import_module")
            if dynamic and any(
                isinstance(a, ast.Constant) and str(a.value).split(".")[0] in UNSAFE_MODULES
                for a in node.args
            ):
                found.append(f"{name}:{line}: {func}(unsafe module)")
            for keyword in node.keywords:
                value = keyword.value.value if isinstance(keyword.value, ast.Constant) else None
                if keyword.arg in ("trust_remote_code", "allow_pickle") and value is not False:
                    found.append(f"{name}:{line}: {keyword.arg}={value} in {func}(...)")
                if keyword.arg == "weights_only" and value is False:
                    found.append(f"{name}:{line}: weights_only=False in {func}(...)")
    # Names used in code, whatever the import trick (tokenize skips comments; strings are
    # STRING tokens, so docstrings that say "no pickle" are fine).
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.NAME and token.string in UNSAFE_MODULES:
            found.append(f"{name}:{token.start[0]}: uses {token.string}")
    return sorted(set(found))


def test_the_scanner_catches_unsafe_loading() -> None:
    """The check below is only worth something if it can fail."""
    assert unsafe_loading('"""No pickle here, only safetensors."""\n# nor joblib\nx = 1\n') == []
    for bad in (
        "import pickle\n",
        "import joblib as jl\n",
        "from pickle import loads\n",
        "import torch\nstate = torch.load(path)\n",
        "import torch as th\nstate = th.load(path)\n",
        "from torch import load as L\nstate = L(path)\n",
        "import torch\nm = torch.jit.load(path)\n",
        "model = AutoModel.from_pretrained(name, trust_remote_code=True)\n",
        "arr = np.load(path, allow_pickle=True)\n",
        "m = importlib.import_module('pickle')\n",
        "m = __import__('joblib')\n",
        "state = torch.load(path, weights_only=False)\n",
    ):
        assert unsafe_loading(bad), bad


def test_no_pickle_torch_load_or_remote_code_in_the_package() -> None:
    files = [p for d in ("quotes", "training", "eval") for p in sorted((ROOT / d).rglob("*.py"))]
    assert len(files) > 10, "the package sources were not found"
    problems = [
        problem
        for path in files
        for problem in unsafe_loading(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert problems == [], "only safetensors and JSON may be loaded:\n" + "\n".join(problems)
