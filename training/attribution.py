"""Train the attribution models: the Linker (PolNeAR) and the pronoun scorer (LitBank).

Importable (``train_linker``, ``evaluate_linker``, ``train_all``) and runnable::

    python -m training.attribution --data ../shared/data --out models/attribution

The linker learns from PolNeAR train relations: for each gold content, the gold cue against the
other cue candidates in its window, then the gold source (or "no source") against the other
source candidates given the gold cue. Candidates are all annotated cue/source spans
(``doc.spans``). scikit-learn fits the scorers; only their weights are saved (safetensors).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from quotes.attribution.features import (
    CUE_FEATURES,
    SOURCE_FEATURES,
    DocIndex,
    cue_features,
    source_features,
)
from quotes.attribution.devset import NEVER_TUNED_BATCHES
from quotes.attribution.linker import Linker, candidates
from quotes.attribution.scorer import PairScorer
from quotes.document import Document

LINKER_DEFAULTS: dict[str, Any] = {"hidden": 0, "C": 1.0, "max_iter": 2000, "seed": 0}


@dataclass
class Examples:
    """Feature rows with 0/1 labels and a group id per decision (one group = one ranking)."""

    rows: list[list[float]]
    labels: list[int]
    groups: list[int]


def linker_examples(docs: Sequence[Document]) -> tuple[Examples, Examples]:
    """Cue and source ranking examples from gold quotes; candidates are the docs' span groups."""
    cue_ex, src_ex = Examples([], [], []), Examples([], [], [])
    group = 0
    for doc in docs:
        quotes = [q for q in doc.quotes if q.content]
        index = DocIndex.build(doc, quotes)
        all_cues, all_sources = candidates(doc, "cue"), candidates(doc, "source")
        for qi, quote in enumerate(quotes):
            cues = [c for c in all_cues if index.in_window(quote, c)]
            if quote.cue is not None and quote.cue in cues and len(cues) > 0:
                rows = cue_features(index, quote, cues, qi)
                cue_ex.rows.extend(rows)
                cue_ex.labels.extend(int(c == quote.cue) for c in cues)
                cue_ex.groups.extend([group] * len(rows))
            sources = [
                s for s in all_sources
                if index.in_window(quote, s) and not (quote.cue is not None and s.overlap(quote.cue))
            ]
            if quote.source is not None and quote.source not in sources:
                group += 1
                continue  # the gold source is outside the window: nothing to learn here
            rows = source_features(index, quote, sources, quote.cue, cues, qi)
            labels = [int(s == quote.source) for s in sources] + [int(quote.source is None)]
            src_ex.rows.extend(rows)
            src_ex.labels.extend(labels)
            src_ex.groups.extend([group] * len(rows))
            group += 1
    return cue_ex, src_ex


def fit_scorer(examples: Examples, names: list[str], hidden: int = 0, C: float = 1.0,
               max_iter: int = 2000, seed: int = 0) -> PairScorer:
    """Fit logistic regression (``hidden=0``) or a one-hidden-layer MLP on the pair rows."""
    x = np.asarray(examples.rows, dtype=np.float64)
    y = np.asarray(examples.labels, dtype=np.int64)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    z = (x - mean) / scale
    if hidden:
        from sklearn.neural_network import MLPClassifier

        model = MLPClassifier(hidden_layer_sizes=(hidden,), alpha=1.0 / C, max_iter=max_iter,
                              random_state=seed, early_stopping=True)
        model.fit(z, y)
        weights = [w.astype(np.float64) for w in model.coefs_]
        biases = [b.astype(np.float64) for b in model.intercepts_]
    else:
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(C=C, max_iter=max_iter)
        model.fit(z, y)
        weights = [model.coef_.T.astype(np.float64)]
        biases = [model.intercept_.astype(np.float64)]
    return PairScorer(list(names), mean, scale, weights, biases)


def train_linker(docs: Sequence[Document], **options: Any) -> Linker:
    """A Linker fitted on the gold relations of ``docs`` (PolNeAR train)."""
    opts = {**LINKER_DEFAULTS, **options}
    cue_ex, src_ex = linker_examples(docs)
    cue = fit_scorer(cue_ex, CUE_FEATURES, opts["hidden"], opts["C"], opts["max_iter"], opts["seed"])
    src = fit_scorer(src_ex, SOURCE_FEATURES, opts["hidden"], opts["C"], opts["max_iter"], opts["seed"])
    config = {
        "model": "mlp" if opts["hidden"] else "logistic_regression",
        "hyperparameters": opts,
        "n_cue_decisions": len(set(cue_ex.groups)),
        "n_source_decisions": len(set(src_ex.groups)),
        "n_cue_rows": len(cue_ex.rows),
        "n_source_rows": len(src_ex.rows),
    }
    return Linker(cue, src, config)


def evaluate_linker(linker: Linker, docs: Sequence[Document]) -> dict[str, Any]:
    """Accuracy of cue, source and both, on gold content spans with the docs' candidates."""
    n = cue_ok = src_ok = both_ok = 0
    none_gold = none_ok = 0
    for doc in docs:
        quotes = [q for q in doc.quotes if q.content]
        links = linker.link(doc, quotes)
        for quote, link in zip(quotes, links):
            n += 1
            c = link.cue == quote.cue
            s = link.source == quote.source
            cue_ok += c
            src_ok += s
            both_ok += c and s
            if quote.source is None:
                none_gold += 1
                none_ok += s
    return {
        "n_relations": n,
        "cue_accuracy": cue_ok / n if n else 0.0,
        "source_accuracy": src_ok / n if n else 0.0,
        "cue_and_source_accuracy": both_ok / n if n else 0.0,
        "no_source_recall": none_ok / none_gold if none_gold else 0.0,
    }


# --------------------------------------------------------------------------- pronoun scorer


class _LitState:
    """The resolver state the pronoun features read, rebuilt from LitBank gold annotations."""

    def __init__(self, doc: Document, index: Any, regions: list, history: list) -> None:
        self.doc = doc
        self.index = index
        self.regions = regions
        self.history = history

    def section_start(self, position: int) -> int:
        return 0  # novels have no live-blog items


def _entity_map(doc: Document, index: Any) -> dict[int, str]:
    """My entity id -> LitBank gold entity id, by overlap of my name mentions with gold PROP/NOM."""
    gold_at: list[tuple[int, int, str]] = [
        (s, e, gid)
        for gid, ent in doc.meta["entities"].items() if ent["type"] == "PER"
        for s, e, kind in ent["mentions"] if kind in ("PROP", "NOM")
    ]
    votes: dict[int, Counter] = {}
    for m in index.mentions:
        if m.entity is None:
            continue
        for s, e, gid in gold_at:
            if s < m.end and m.start < e:
                votes.setdefault(m.entity, Counter())[gid] += 1
    return {eid: c.most_common(1)[0][0] for eid, c in votes.items()}


def pronoun_examples(docs: Sequence[Document]) -> tuple[Examples, list[list[Any]]]:
    """Ranking examples for he/she (and his/her/him) pronouns of LitBank, with the candidates.

    Candidates come from this project's own name clustering (as at prediction time); the right
    one is the candidate whose mentions overlap the pronoun's gold entity. Previous-speaker
    features use LitBank's gold quote speakers. Pronouns whose gold entity is not among the
    candidates are skipped.
    """
    from quotes.attribution.entities import EntityIndex
    from quotes.attribution.lexicon import PERSONAL_PRONOUNS
    from quotes.attribution.pronouns import antecedent_candidates, pronoun_features
    from quotes.attribution.resolver import Resolution

    ex = Examples([], [], [])
    groups: list[list[Any]] = []
    group = 0
    for doc in docs:
        index = EntityIndex(doc.text)
        mapping = _entity_map(doc, index)
        reverse: dict[str, int] = {}
        for eid, gid in mapping.items():
            reverse.setdefault(gid, eid)
        gold_name = {gid: ent["name"] for gid, ent in doc.meta["entities"].items()}
        history = []
        for quote in doc.quotes:
            gid = next((g for g, n in gold_name.items() if n == quote.speaker), None)
            if gid in reverse and quote.source is not None:
                history.append((quote.source.start, Resolution(quote.speaker, "pronoun", reverse[gid])))
        history.sort(key=lambda t: t[0])
        state = _LitState(doc, index, index.regions, history)
        for gid, ent in doc.meta["entities"].items():
            if ent["type"] != "PER":
                continue
            for s, e, kind in ent["mentions"]:
                word = doc.text[s:e].lower()
                gender = PERSONAL_PRONOUNS.get(word)
                if kind != "PRON" or gender not in ("m", "f"):
                    continue
                cands = antecedent_candidates(state, s, gender)
                labels = [int(mapping.get(c.entity) == gid) for c in cands]
                if not cands or sum(labels) != 1:
                    continue
                ex.rows.extend(pronoun_features(state, s, gender, c) for c in cands)
                ex.labels.extend(labels)
                ex.groups.extend([group] * len(cands))
                groups.append(cands)
                group += 1
    return ex, groups


def ranking_accuracy(scorer: PairScorer | None, ex: Examples, groups: list[list[Any]]) -> float:
    """Share of pronouns whose right candidate ranks first (``None`` = the hand rule)."""
    from quotes.attribution.resolver import rule_antecedent

    rows = np.asarray(ex.rows, dtype=np.float64)
    labels = np.asarray(ex.labels)
    gids = np.asarray(ex.groups)
    right = 0
    offset = 0
    for gi, cands in enumerate(groups):
        n = len(cands)
        sl = slice(offset, offset + n)
        if scorer is None:
            pick = cands.index(rule_antecedent(cands))
        else:
            pick = int(np.argmax(scorer.logits(rows[sl])))
        right += int(labels[sl][pick] == 1)
        assert (gids[sl] == gids[offset]).all()
        offset += n
    return right / len(groups) if groups else 0.0


def train_pronoun_scorer(train_docs: Sequence[Document], C: float = 1.0) -> tuple[PairScorer, dict[str, Any]]:
    """The pronoun antecedent scorer fitted on LitBank documents, and its training counts."""
    from quotes.attribution.pronouns import PRONOUN_FEATURES

    ex, groups = pronoun_examples(train_docs)
    scorer = fit_scorer(ex, PRONOUN_FEATURES, 0, C)
    return scorer, {"n_pronouns": len(groups), "n_rows": len(ex.rows), "train_accuracy": ranking_accuracy(scorer, ex, groups)}


def evaluate_with_rules_detector(linker: Linker, dev: Sequence[Document]) -> dict[str, Any]:
    """Relation F1 on PolNeAR dev when the candidates come from the rules detector:
    end to end (its contents) and with gold contents (linking alone)."""
    import copy

    from quotes.rules import RuleSpanDetector
    from quotes.scoring import score_spans

    detector = RuleSpanDetector()
    found = []
    for doc in dev:
        pred = doc.copy_without_quotes()
        detector(pred)
        found.append(pred)
    out: dict[str, Any] = {}
    end_to_end = score_spans(dev, found)
    out["rules_detector_own_grouping"] = end_to_end.relation.f1
    for name, stage in (("learned", linker), ("nearest", Linker.nearest())):
        linked = []
        for pred in found:
            doc = copy.deepcopy(pred)
            stage(doc)
            linked.append(doc)
        out[f"rules_detector_{name}_linker"] = score_spans(dev, linked).relation.f1
        gold_content = []
        for gold, pred in zip(dev, found):
            doc = copy.deepcopy(gold)
            doc.spans = {"cue": list(pred.spans.get("cue", [])), "source": list(pred.spans.get("source", []))}
            for quote in doc.quotes:
                quote.cue = quote.source = None
            stage(doc)
            gold_content.append(doc)
        out[f"gold_content_rule_candidates_{name}_linker"] = score_spans(dev, gold_content).relation.f1
    return out


# (name in scores.json, batches, row label in the card): see eval/speakers_dev.md for the batches.
SPEAKER_SETS = (
    ("all_batches", None, "all batches (1, 2, 4 and 6 developed on; 3, 5 and 7 never tuned on)"),
    ("never_tuned_on", NEVER_TUNED_BATCHES, "batches 3, 5 and 7 (never tuned on)"),
    ("batch3", (3,), "batch 3 (never tuned on)"),
    ("batch5", (5,), "batch 5 (never tuned on)"),
    ("batch7", (7,), "batch 7 (never tuned on)"),
    ("batch4", (4,), "batch 4 (85.0 / 82.1 with the rules frozen; then developed on)"),
    ("batch6", (6,), "batch 6 (88.6 / 84.5 with the rules frozen; then developed on)"),
)


# The labels on PolNeAR train articles (eval/speakers_train.jsonl), where the rules are developed
# since session 5 (see eval/speakers_dev.md, "Train articles"): each batch was first scored with the
# rules frozen (batch 3: 81.5 / 79.7, batch 4: 87.5 / 87.9, batch 5: 83.8 / 81.0, batch 6: 73.4 / 66.5),
# then developed on.
TRAIN_SPEAKER_SETS = (
    ("train_developed", (1, 2, 3, 4, 5, 6), "train batches 1-6 (developed on in sessions 5-6)"),
    ("train_batch3", (3,), "train batch 3 (81.5 / 79.7 with the rules frozen; then developed on)"),
    ("train_batch4", (4,), "train batch 4 (87.5 / 87.9 with the rules frozen; then developed on)"),
    ("train_batch5", (5,), "train batch 5 (83.8 / 81.0 with the rules frozen; then developed on)"),
    ("train_batch6", (6,), "train batch 6 (73.4 / 66.5 with the rules frozen; then developed on)"),
)


def evaluate_speakers(data: Path, labels: Path, train_labels: Path | None = None) -> dict[str, Any]:
    """Canonical-speaker accuracy on the hand-checked sets, resolver vs the rules baseline."""
    from quotes.attribution.devset import load_speakers_dev, speaker_accuracy
    from quotes.attribution.resolver import SpeakerResolver
    from quotes.rules import RuleSpeakerResolver

    ours, rules = SpeakerResolver(), RuleSpeakerResolver()
    out: dict[str, Any] = {}
    sets = [(name, batches, labels, "dev") for name, batches, _ in SPEAKER_SETS]
    if train_labels is not None and train_labels.is_file():
        sets += [(name, batches, train_labels, "train") for name, batches, _ in TRAIN_SPEAKER_SETS]
    for name, batches, path, split in sets:
        docs = load_speakers_dev(data / "polnear", path, batches, split=split)
        out[name] = {
            "n_articles": len(docs),
            "resolver": speaker_accuracy(docs, lambda d: [r.speaker for r in ours.resolve(d)]).to_dict(),
            "rules_baseline": speaker_accuracy(docs, lambda d: rules.predict([d])[0]).to_dict(),
        }
    return out


def _pct(x: float) -> str:
    return f"{100 * x:.1f}"


def model_card(report: dict[str, Any], args: argparse.Namespace) -> str:
    """The README.md of ``models/attribution``: data, licenses, settings and measured scores."""
    lk = report["linker"]
    gold = lk["gold_candidates"]
    rules = lk["rules_detector"]
    sp = report["speakers"]
    lines = [
        "# quotes attribution models: Linker and SpeakerResolver",
        "",
        "Two pipeline stages (`quotes.attribution`), loaded with `load_attribution_stages(\"models/attribution\")`,",
        "`Linker.from_pretrained(...)` and `SpeakerResolver.from_pretrained(...)`.",
        "",
        "* **Linker** (stage `linker`): for each quote content, picks its cue, then its source (or no source),",
        "  among the cue/source candidate spans of the detector within the content's sentences and two either side.",
        "  Two logistic-regression rankers over hand-made position features (distances, direction, sentence and",
        (
            "  punctuation between, cue adjacency, pronoun/name, competing contents and cues): "
            f"{len(CUE_FEATURES)} cue and {len(SOURCE_FEATURES)} source features."
        ),
        "  Weights: `linker.safetensors` (a few hundred floats); no scikit-learn or torch needed to run it.",
        "* **SpeakerResolver** (stage `speakers`): source mention -> one canonical speaker per article (name clustering,",
        "  titles and appositions learned from the article, pronoun antecedents, descriptions, organisations and states;",
        f"  None when never named). Pronouns: `{sp.get('pronoun', 'rule')}` (see below). No weights are shipped for the rule.",
        "",
        "## Data and licenses",
        "",
        "* PolNeAR (Newell, Margolin and Ruths, LREC 2018), train split, first annotator per article: the linker's training",
        "  data; dev split for the scores below. The PolNeAR repository states **no license**; it is used here for",
        "  research training and evaluation only, and this card claims no license for the data or anything derived from it.",
        "* LitBank (Bamman et al.), **CC BY 4.0**: coreference used to train an experimental pronoun-antecedent scorer",
        "  (fiction). Attribution: David Bamman, Olivia Lewke and Anya Mansoor (2020), LREC 2020.",
        "* `eval/speakers_dev.jsonl`: hand-checked canonical speakers for all 2,192 relations of the 84 PolNeAR dev articles;",
        "  `eval/speakers_train.jsonl`: the same for PolNeAR train articles, where the rules are developed since session 5",
        "  (offsets and labels only; see `eval/speakers_dev.md`).",
        "",
        "## Hyperparameters",
        "",
        f"* Linker: {json.dumps(LINKER_DEFAULTS | {'C': args.C})} (logistic regression, standardised features;",
        "  a 16-unit MLP scored no better on dev). Window: content sentences +/- 2.",
        "",
        "## Scores (PolNeAR dev, measured by `training/attribution.py`)",
        "",
        "Linker, gold content spans with the gold cue/source spans as candidates (2,192 relations):",
        "",
        "| linker | cue acc. | source acc. | cue and source | no-source recall |",
        "|---|---|---|---|---|",
    ]
    for name in ("learned", "nearest"):
        g = gold[name]
        lines.append(f"| {name} | {_pct(g['cue_accuracy'])} | {_pct(g['source_accuracy'])} | "
                     f"{_pct(g['cue_and_source_accuracy'])} | {_pct(g['no_source_recall'])} |")
    lines += [
        "",
        "Relation F1 (content IoU >= 0.5 and the exact source) with the rules detector's candidates:",
        "",
        "| setting | relation F1 |",
        "|---|---|",
        f"| rules detector, its own grouping | {_pct(rules['rules_detector_own_grouping'])} |",
        f"| rules detector + nearest linker | {_pct(rules['rules_detector_nearest_linker'])} |",
        f"| rules detector + learned linker | {_pct(rules['rules_detector_learned_linker'])} |",
        f"| gold contents, rules-detector candidates, nearest | {_pct(rules['gold_content_rule_candidates_nearest_linker'])} |",
        f"| gold contents, rules-detector candidates, learned | {_pct(rules['gold_content_rule_candidates_learned_linker'])} |",
        "",
        "With the rules detector the ceiling is its candidate spans (its source spans score ~59 F1), not the linking.",
        "",
    ]
    dev = sp.get("dev_scores")
    if dev:
        lines += [
            "Canonical speaker accuracy on `eval/speakers_dev.jsonl` (gold content and source spans; hard = pronoun +",
            "partial name + description):",
            "",
            "| set | articles | resolver all | resolver hard | rules baseline all | rules baseline hard |",
            "|---|---|---|---|---|---|",
        ]
        for name, _, label in SPEAKER_SETS + TRAIN_SPEAKER_SETS:
            if name not in dev:
                continue
            d = dev[name]
            r, b = d["resolver"], d["rules_baseline"]
            lines.append(f"| {label} | {d['n_articles']} | {_pct(r['all']['accuracy'])} | {_pct(r['hard']['accuracy'])} | "
                         f"{_pct(b['all']['accuracy'])} | {_pct(b['hard']['accuracy'])} |")
        lines += [
            "",
            "The resolver's rules were written while labelling batches 1 and 2, so their number is optimistic; batches 3,",
            "5 and 7 (31 articles, 892 relations, labelled after the rules were frozen) are the honest estimate. Batch 2 scored 81.3 (hard 75.6)",
            "and batch 4 (12 articles, 321 relations) 85.0 (hard 82.1) with the rules frozen, before their error classes",
            "were fixed (batch 4: two people joined by \"and\", a headline's first name, first-name gender over pronoun",
            "votes, a surname that is also a country, company words). Batch 6 (10 articles, 463 relations) scored 88.6",
            "(hard 84.5) frozen and was then the development batch (see eval/speakers_dev.md), batches 3 and 5 untouched.",
            "",
            "Since session 5 the rules are developed on PolNeAR **train** articles (`eval/speakers_train.jsonl`), so that",
            "no dev article is looked at again: train batches 1 and 2 (30 articles, 729 relations; the resolver of the time",
            "scored 87.6 and 83.4 on them before their fixes) were developed on. Their fixes moved the never-tuned dev",
            "batches 3, 5 and 7 from 83.0 / 81.0 to 85.0 / 83.1 (758 of 892 relations, 84.98%; hard 515 of 620). Train",
            "batch 3 (18 articles, 383 relations) and train batch 4 (18 articles, 642 relations), each drafted after the",
            "previous batches' fixes, scored 81.5 / 79.7 and 87.5 / 87.9 with the rules frozen, and were then developed",
            "on too; after all four the never-tuned dev batches stood at 759 of 892 (85.1%; hard 515 of 620, 83.1).",
            "Session 6 added train batches 5 (18 articles, 439 relations) and 6 (18 articles, 455 relations), scored",
            "with the rules frozen at 83.8 / 81.0 and 73.4 / 66.5 (batch 6 holds a Q&A interview whose answers are",
            "the interviewee's \"I\": 75 of its 121 corrected drafts), then developed on; the never-tuned dev batches",
            "now stand at 769 of 892 (86.2%; hard 525 of 620, 84.7). Joint speakers are scored as sets since",
            "session 6 (\"A and B\" = \"B and A\"); that changed no never-tuned figure of the session-5 rules.",
            "On articles no rule has seen, expect low to high 80s, lower on formats the rules have not met.",
            "",
        ]
    lit = sp.get("litbank_pronoun_scorer")
    if lit:
        lines += [
            (
                "Pronoun antecedents: a logistic-regression scorer trained on LitBank coreference "
                f"({lit['n_pronouns']} he/she pronouns) ranks the right antecedent first for "
                f"{_pct(lit['heldout_accuracy'])}% of"
            ),
            f"held-out LitBank pronouns, against {_pct(lit['heldout_rule_accuracy'])}% for the hand rule; on the news dev set it",
            "scored lower than the rule (pronouns 84.4 vs 94.4 over all batches), so the rule is shipped",
            "(`--pronoun-scorer` ships the LitBank one).",
            "",
        ]
    lines += [
        "Speed: ~10 ms per 5,000-character article for the resolver and ~20 ms for the linker on one CPU core.",
        "",
        "## Reproduce",
        "",
        "```",
        "python -m training.attribution --data ../shared/data --out models/attribution",
        "```",
        "",
        f"(about {report.get('seconds', 40)} s on 2 CPU cores; writes config.json, linker.safetensors, scores.json and this card).",
        "",
        "## Limits",
        "",
        "* English news; rules and word lists are tuned on US political news (2015-2016).",
        "* A description named only later in the text (\"A New York judge ... Justice Frank Nervo\") and indefinite",
        "  first mentions stay None. Two people joined by \"and\" become one joint speaker (\"A and B\"), but two",
        "  organisations (\"The New York Times and the Gannett newspaper chain\") still get one of them.",
        "* Canonical names come from the article itself: \"President Obama\" stays \"Obama\" unless \"Barack\" appears.",
        "",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default="../shared/data", help="folder holding polnear/ and litbank/")
    parser.add_argument("--out", default="models/attribution")
    parser.add_argument("--C", type=float, default=LINKER_DEFAULTS["C"])
    parser.add_argument("--labels", default="eval/speakers_dev.jsonl", help="the speaker dev set")
    parser.add_argument("--train-labels", default="eval/speakers_train.jsonl",
                        help="speaker labels on PolNeAR train articles (the resolver's development set)")
    parser.add_argument("--pronoun-scorer", action="store_true",
                        help="ship the LitBank pronoun scorer instead of the hand rule (it scored lower on news)")
    args = parser.parse_args(argv)
    from quotes.attribution.resolver import SpeakerResolver
    from quotes.corpora.polnear import read_polnear

    t0 = time.time()
    data = Path(args.data)
    train = read_polnear(data / "polnear", "train")
    dev = read_polnear(data / "polnear", "dev")
    linker = train_linker(train, C=args.C)
    scores: dict[str, Any] = {
        "gold_candidates": {"learned": evaluate_linker(linker, dev), "nearest": evaluate_linker(Linker.nearest(), dev)},
        "rules_detector": evaluate_with_rules_detector(linker, dev),
    }
    linker.config["dev_scores"] = scores
    speakers_config: dict[str, Any] = {"pronoun": "rule"}
    resolver = SpeakerResolver(config=speakers_config)
    if (data / "litbank").is_dir():
        from quotes.corpora.litbank import litbank_splits, read_litbank

        split = litbank_splits(read_litbank(data / "litbank"))
        scorer, counts = train_pronoun_scorer(split["train"])
        held_ex, held_groups = pronoun_examples(split["dev"] + split["test"])
        speakers_config["litbank_pronoun_scorer"] = {
            **counts,
            "heldout_accuracy": ranking_accuracy(scorer, held_ex, held_groups),
            "heldout_rule_accuracy": ranking_accuracy(None, held_ex, held_groups),
        }
        if args.pronoun_scorer:
            speakers_config["pronoun"] = "litbank"
            resolver = SpeakerResolver(scorer, speakers_config)
    if Path(args.labels).is_file():
        speakers_config["dev_scores"] = evaluate_speakers(data, Path(args.labels), Path(args.train_labels))
    linker.save_pretrained(args.out)
    resolver.save_pretrained(args.out)
    report = {"linker": scores, "speakers": speakers_config, "seconds": round(time.time() - t0)}
    (Path(args.out) / "scores.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (Path(args.out) / "README.md").write_text(model_card(report, args), encoding="utf-8")
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
