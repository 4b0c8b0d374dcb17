"""The LoRA stance classifier on a tiny random BERT: overfit, save, reload, same predictions."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from quotes.document import Document, Quote, StanceExample
from quotes.errors import FormatError, ModelError
from quotes.stance import StanceClassifier, format_pair, marked_target, tokenize_pairs

FIXTURES = Path(__file__).resolve().parent / "fixtures"
WORDS = ["alice", "bob", "carol", "loves", "hates", "met", "praised", "attacked", "the", "plan", "tax", "new", "said", "target", "holder", "context", "she", "he", "and", "about", "today", "in", "uniforms", "school", "zoos", "should", "be", "banned", "jane", "doe", "roe", "governor", "senator"]
TINY = {
    "hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 2, "intermediate_size": 64,
    "max_position_embeddings": 128, "hidden_dropout_prob": 0.0, "attention_probs_dropout_prob": 0.0,
    # A random BERT with the usual 0.02 init maps every token to almost the same vector; a wide
    # init keeps the words apart so that a LoRA adapter can learn in a few steps.
    "initializer_range": 0.5,
}


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    """Tiny models run fastest on one thread, above all on a machine busy with other work."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def tiny_base(tmp_path_factory) -> str:
    """A folder with a tiny word-level BERT tokenizer (the encoder itself is random)."""
    from transformers import BertTokenizerFast

    folder = tmp_path_factory.mktemp("tiny-bert")
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *list(";:<>.,!?\"'"), *WORDS]
    BertTokenizerFast(vocab={w: i for i, w in enumerate(vocab)}).save_pretrained(str(folder))
    TINY["vocab_size"] = len(vocab)
    return str(folder)


def _examples() -> list[StanceExample]:
    return [
        StanceExample("a", "alice loves the plan", "plan", "favor", speaker="alice"),
        StanceExample("b", "bob hates the plan", "plan", "against", speaker="bob"),
        StanceExample("c", "carol met bob today", "bob", "none", speaker="carol"),
        StanceExample("d", "alice attacked the tax", "tax", "against", speaker="alice"),
        StanceExample("e", "bob praised the tax", "tax", "favor", speaker="bob"),
        StanceExample("f", "she said today", "alice", "none", speaker="carol"),
    ]


def _overfit(model: StanceClassifier, examples: list[StanceExample], steps: int = 60) -> None:
    torch.manual_seed(0)
    params = [p for p in model.net.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=1e-2)  # high: a few steps must overfit
    labels = torch.tensor([model.labels.index(e.label) for e in examples])
    batch = model.encode(examples)
    model.net.train()
    for _ in range(steps):
        loss = torch.nn.functional.cross_entropy(model.net(**batch), labels)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    model.net.eval()


def test_format_pair_marks_target_and_holder():
    e = StanceExample("x", "Critics said Bob Roe lied.", "Bob Roe", "against", speaker="Ann",
                      context="Earlier sentence.", target_span=(13, 20))
    first, second, _ = format_pair(e)
    assert first == "target: Bob Roe ; holder: Ann"
    assert second == "Critics said << Bob Roe >> lied. ; context: Earlier sentence."
    assert format_pair(e, use_context=False)[1] == "Critics said << Bob Roe >> lied."
    # Without offsets the first mention found by name is marked (last name alone here).
    assert marked_target("Then Roe left.", "Bob Roe", None)[0] == "Then << Roe >> left."
    assert marked_target("Nobody here.", "Bob Roe", None)[0] == "Nobody here."


def test_claim_targets_get_their_own_prefix_and_old_models_keep_theirs():
    claim = StanceExample("c", "Russia is a threat.", "Russia is a threat", "favor", target_kind="claim")
    name = StanceExample("n", "Russia is a threat.", "Russia", "against")
    assert format_pair(claim)[0] == "claim: Russia is a threat"
    assert format_pair(name)[0] == "target: Russia"
    # A format-1 model was trained with one prefix for both; it must keep reading that.
    assert format_pair(claim, input_format=1)[0] == "target: Russia is a threat"
    with pytest.raises(FormatError, match="target_kind"):
        StanceExample("x", "t", "Russia", "none", target_kind="country")
    assert claim.to_dict()["target_kind"] == "claim"


def test_a_format_one_model_loads_and_reads_format_one(tiny_base, tmp_path):
    model = StanceClassifier.create(base=tiny_base, encoder_config=TINY, seed=5)
    assert model.config["input_format"] == 2
    StanceClassifier.create(base=tiny_base, encoder_config=TINY, seed=5, input_format=1).save_pretrained(tmp_path / "m")
    with pytest.raises(ModelError, match="input_format must be one of"):
        StanceClassifier.create(base=tiny_base, encoder_config=TINY, input_format=3)
    old = StanceClassifier.from_pretrained(tmp_path / "m")
    claim = StanceExample("c", "bob hates the plan", "the plan", "against", target_kind="claim")
    assert old.input_format == 1
    assert old.tokenizer.decode(old.encode([claim])["input_ids"][0]).startswith("[CLS] target :")
    assert model.tokenizer.decode(model.encode([claim])["input_ids"][0]).startswith("[CLS] [UNK] :")
    model.save_pretrained(tmp_path / "m", extra_config={"input_format": 3})
    with pytest.raises(ModelError, match="input_format 3; this version reads 1, 2"):
        StanceClassifier.from_pretrained(tmp_path / "m")


def test_overfit_save_load_same_predictions(tiny_base, tmp_path):
    model = StanceClassifier.create(base=tiny_base, encoder_config=TINY, lora_r=4, lora_alpha=8,
                                    lora_dropout=0.0, dropout=0.0, seed=1)
    examples = _examples()
    _overfit(model, examples)
    predicted = [label for label, _ in model.predict_examples(examples)]
    assert predicted == [e.label for e in examples]
    before = model.predict_proba(examples)

    model.save_pretrained(tmp_path / "m", card="# card\n")
    names = sorted(p.name for p in (tmp_path / "m").iterdir())
    assert names == ["README.md", "adapter.safetensors", "config.json", "encoder.safetensors", "head.safetensors"]
    config = json.loads((tmp_path / "m" / "config.json").read_text())
    assert config["labels"] == ["favor", "against", "none"] and config["format_version"] == 1
    assert config["base_model"] == tiny_base and config["max_length"] == 128

    loaded = StanceClassifier.from_pretrained(tmp_path / "m")
    after = loaded.predict_proba(examples)
    np.testing.assert_allclose(after, before, atol=1e-6)
    # merged into the encoder at load (the default) or kept apart: the same function
    unmerged = StanceClassifier.from_pretrained(tmp_path / "m", merge=False)
    assert not hasattr(loaded.net.encoder, "peft_config") and hasattr(unmerged.net.encoder, "peft_config")
    np.testing.assert_allclose(unmerged.predict_proba(examples), before, atol=1e-6)
    unmerged.save_pretrained(tmp_path / "again")
    with pytest.raises(ModelError, match="merge=False"):
        loaded.save_pretrained(tmp_path / "merged")
    assert [label for label, _ in loaded.predict_examples(examples)] == predicted
    # The probabilities of one example sum to one and name every label.
    _, probs = loaded.predict_examples(examples[:1])[0]
    assert set(probs) == {"favor", "against", "none"} and abs(sum(probs.values()) - 1) < 1e-6


def test_warm_start_grows_the_stance_adapter_and_keeps_the_probabilities(tiny_base, tmp_path):
    from training.stance import _warm_start

    small = StanceClassifier.create(base=tiny_base, encoder_config=TINY, lora_r=4, lora_alpha=8,
                                    lora_dropout=0.0, dropout=0.0, seed=1)
    _overfit(small, _examples(), steps=20)
    small.save_pretrained(tmp_path / "small")
    big = StanceClassifier.create(base=tiny_base, encoder_config=TINY, lora_r=16, lora_alpha=16,
                                  lora_dropout=0.0, dropout=0.0, seed=2)
    base_weights = {k: v for k, v in small.net.encoder.state_dict().items() if "lora_" not in k}
    big.net.encoder.load_state_dict(base_weights, strict=False)  # the same random base encoder
    _warm_start(big, tmp_path / "small")
    np.testing.assert_allclose(big.predict_proba(_examples()), small.predict_proba(_examples()), atol=1e-5)
    other = StanceClassifier.create(base=tiny_base, encoder_config=TINY, lora_r=16, lora_alpha=16, lora_dropout=0.2)
    with pytest.raises(ModelError, match="other LoRA settings"):
        _warm_start(other, tmp_path / "small")


def _target_model(tiny_base: str, seed: int = 1) -> StanceClassifier:
    return StanceClassifier.create(base=tiny_base, encoder_config=TINY, lora_r=4, lora_alpha=8, lora_dropout=0.0,
                                   dropout=0.0, seed=seed, pooling="mean+target")


def test_target_mask_covers_exactly_the_mention_tokens(tiny_base):
    model = _target_model(tiny_base)
    examples = [
        StanceExample("a", "alice attacked the new tax today", "the new tax", "against", speaker="bob",
                      target_span=(15, 26)),
        StanceExample("b", "alice loves the plan", "zoos should be banned", "favor", target_kind="claim"),
    ]
    enc = model.encode(examples)
    tokens = [model.tokenizer.convert_ids_to_tokens(row) for row in enc["input_ids"].tolist()]
    marked = [[t for t, m in zip(row, mask) if m] for row, mask in zip(tokens, enc["target_mask"].tolist())]
    assert marked == [["the", "new", "tax"], []]  # not the target in the first segment, not the << >>
    # A mention cut off by truncation marks nothing (the head then falls back to the sentence mean).
    short = tokenize_pairs(model.tokenizer, examples[:1], False, 2, 16, True)
    assert sum(short["target_mask"][0]) == 0
    # A mean-pooled model asks for no mask at all.
    assert "target_mask" not in StanceClassifier.create(base=tiny_base, encoder_config=TINY).encode(examples)


def test_target_pooling_overfits_saves_and_reloads(tiny_base, tmp_path):
    model = _target_model(tiny_base)
    examples = [  # one sentence, two targets, two stances: what pooling at the target is for
        StanceExample("a", "alice praised bob and attacked carol", "bob", "favor", speaker="alice"),
        StanceExample("b", "alice praised bob and attacked carol", "carol", "against", speaker="alice"),
        *_examples(),
    ]
    _overfit(model, examples, steps=80)
    assert [label for label, _ in model.predict_examples(examples)] == [e.label for e in examples]
    before = model.predict_proba(examples)
    model.save_pretrained(tmp_path / "m")
    assert json.loads((tmp_path / "m" / "config.json").read_text())["pooling"] == "mean+target"
    np.testing.assert_allclose(StanceClassifier.from_pretrained(tmp_path / "m").predict_proba(examples), before, atol=1e-6)
    config = json.loads((tmp_path / "m" / "config.json").read_text())
    (tmp_path / "m" / "config.json").write_text(json.dumps({**config, "pooling": "max"}))
    with pytest.raises(ModelError, match="pooling 'max'"):
        StanceClassifier.from_pretrained(tmp_path / "m")
    with pytest.raises(ModelError, match="pooling must be one of"):
        StanceClassifier.create(base=tiny_base, encoder_config=TINY, pooling="max")


def test_a_mean_model_warm_starts_a_target_pooling_one_unchanged(tiny_base, tmp_path):
    from training.stance import _warm_start

    mean = StanceClassifier.create(base=tiny_base, encoder_config=TINY, lora_r=4, lora_alpha=8,
                                   lora_dropout=0.0, dropout=0.0, seed=1)
    _overfit(mean, _examples(), steps=20)
    mean.save_pretrained(tmp_path / "mean")
    target = _target_model(tiny_base, seed=2)
    base_weights = {k: v for k, v in mean.net.encoder.state_dict().items() if "lora_" not in k}
    target.net.encoder.load_state_dict(base_weights, strict=False)  # the same random base encoder
    _warm_start(target, tmp_path / "mean")
    np.testing.assert_allclose(target.predict_proba(_examples()), mean.predict_proba(_examples()), atol=1e-5)
    target.save_pretrained(tmp_path / "target")
    back = StanceClassifier.create(base=tiny_base, encoder_config=TINY, lora_r=4, lora_alpha=8, lora_dropout=0.0)
    with pytest.raises(ModelError, match="cannot warm-start a 'mean' model"):
        _warm_start(back, tmp_path / "target")


def test_allowed_labels_restrict_the_argmax(tiny_base):
    model = StanceClassifier.create(base=tiny_base, encoder_config=TINY, seed=2)
    examples = _examples()
    for label, probs in model.predict_examples(examples, allowed=("favor", "against")):
        assert label in ("favor", "against")
        assert probs[label] >= min(probs["favor"], probs["against"])


def test_loading_errors_name_the_file(tiny_base, tmp_path):
    model = StanceClassifier.create(base=tiny_base, encoder_config=TINY, seed=3)
    model.save_pretrained(tmp_path / "m")
    (tmp_path / "m" / "head.safetensors").unlink()
    with pytest.raises(ModelError, match="head.safetensors"):
        StanceClassifier.from_pretrained(tmp_path / "m")
    model.save_pretrained(tmp_path / "m")
    config = json.loads((tmp_path / "m" / "config.json").read_text())
    config["format_version"] = 99
    (tmp_path / "m" / "config.json").write_text(json.dumps(config))
    with pytest.raises(ModelError, match="format_version"):
        StanceClassifier.from_pretrained(tmp_path / "m")
    with pytest.raises(ModelError, match="does not exist"):
        StanceClassifier.from_pretrained(tmp_path / "nowhere")
    (tmp_path / "m" / "config.json").write_text(json.dumps({**config, "format_version": 1}))
    (tmp_path / "m" / "config.json").write_text(json.dumps({**config, "format_version": 1, "precision": "fp16"}))
    with pytest.raises(ModelError, match="config.json: precision must be one of fp32, bf16"):
        StanceClassifier.from_pretrained(tmp_path / "m")
    (tmp_path / "m" / "config.json").write_text(json.dumps({**config, "format_version": 1}))
    (tmp_path / "m" / "adapter.safetensors").write_bytes(b"\x00\x01truncated")
    with pytest.raises(ModelError, match="adapter.safetensors"):
        StanceClassifier.from_pretrained(tmp_path / "m")


def test_stage_sets_one_stance_per_target(tiny_base):
    model = StanceClassifier.create(base=tiny_base, encoder_config=TINY, seed=4)
    text = 'Jane Doe said: "Bob Roe hates the plan." Carol met Bob.'
    doc = Document("d1", text)
    start = text.index('"')
    end = text.index('"', start + 1) + 1
    doc.quotes.append(Quote(content=[doc.span(start, end)], speaker="Jane Doe", kind="direct"))
    doc.quotes.append(Quote(content=[doc.span(text.index("Carol"), len(text))], speaker=None))
    model(doc)
    assert [s.target for s in doc.quotes[0].stance] == ["Bob Roe"]  # default: mentioned entity
    assert [s.target for s in doc.quotes[1].stance] == ["Carol", "Bob"]
    for quote in doc.quotes:
        for stance in quote.stance:
            assert stance.label in ("favor", "against", "none") and 0 <= stance.score <= 1

    user = StanceClassifier(model.net, model.tokenizer, model.config, targets=["the plan", "Carol"])
    user(doc)
    assert [[s.target for s in q.stance] for q in doc.quotes] == [["the plan", "Carol"]] * 2


def test_borrowed_holders_are_other_examples_targets_and_spare_claims():
    from training.stance import borrow_holders

    examples = [StanceExample(str(i), f"text {i}", name, "none") for i, name in enumerate(["Ann", "Bob", "Cy"] * 20)]
    examples += [StanceExample("c", "zoos are bad", "zoos should be banned", "favor", target_kind="claim"),
                 StanceExample("s", "bob hates it", "Ann", "against", speaker="Bob")]
    out = borrow_holders(examples, 0.5, seed=3)
    assert out == borrow_holders(examples, 0.5, seed=3)  # deterministic
    given = [e for e, o in zip(examples, out) if e.speaker is None and o.speaker is not None]
    assert 15 <= len(given) <= 45  # about half of the 60 holder-less entity examples
    assert all(o.speaker in {"Ann", "Bob", "Cy"} and o.speaker != o.target for o in out[:60] if o.speaker)
    assert out[60].speaker is None and out[61].speaker == "Bob"  # a claim, and a holder already given
    assert borrow_holders(examples, 0.0, seed=3) == examples


def test_train_stance_on_fixtures_and_resume(tiny_base, tmp_path):
    from training.stance import train_stance

    logs: list[str] = []
    kwargs = {"datasets": ["newsmtsc", "perspectrum", "seesaw"], "data_dir": FIXTURES, "output": tmp_path / "out",
                  "base": tiny_base, "batch_size": 4, "lr": 1e-2, "encoder_config": TINY, "checkpoint_dir": tmp_path / "ckpt",
                  "log_fn": logs.append, "threads": None}
    summary = train_stance(epochs=1, **kwargs)
    assert summary["best_epoch"] == 1 and (tmp_path / "ckpt" / "last" / "state.json").is_file()
    summary = train_stance(epochs=2, **kwargs)
    assert any("resumed" in line for line in logs)
    assert [h["epoch"] for h in summary["history"]] == [1, 2]
    config = json.loads((tmp_path / "out" / "config.json").read_text())
    assert set(config["training"]["history"][0]["dev_macro_f1"]) == {"newsmtsc", "perspectrum", "seesaw"}
    assert config["precision"] == "bf16"  # the shipped arithmetic, also used for the dev choice
    StanceClassifier.from_pretrained(tmp_path / "out")


MODELS = Path(__file__).resolve().parents[1] / "models"


@pytest.mark.parametrize("name", ["stance", "stance-all"])
def test_shipped_models_load_and_read_clear_cases(name):
    if not (MODELS / name / "config.json").is_file():
        pytest.skip(f"models/{name} not built")
    model = StanceClassifier.from_pretrained(MODELS / name)
    config = json.loads((MODELS / name / "config.json").read_text())
    assert (MODELS / name / "README.md").is_file() and "test" in config["scores"]
    size = sum(p.stat().st_size for p in (MODELS / name).iterdir())
    assert size < 5_000_000  # adapter + head only
    examples = [
        StanceExample("p", "Bob Roe is a wonderful leader and a true friend of this city.", "Bob Roe",
                      "favor", speaker="Ann Lee"),
        StanceExample("n", "Bob Roe is a liar and a disgrace who should resign.", "Bob Roe",
                      "against", speaker="Ann Lee"),
    ]
    assert [label for label, _ in model.predict_examples(examples)] == ["favor", "against"]


def test_stance_all_reads_one_sentence_against_a_name_and_for_a_claim():
    """Input format 2: the same words are against Russia (a name) and support the claim they make."""
    if not (MODELS / "stance-all" / "config.json").is_file():
        pytest.skip("models/stance-all not built")
    model = StanceClassifier.from_pretrained(MODELS / "stance-all")
    assert model.input_format == 2
    text = "Russia is a threat to Europe and must be stopped."
    examples = [StanceExample("n", text, "Russia", "against", speaker="the minister"),
                StanceExample("c", text, "Russia is a threat to Europe", "favor", target_kind="claim")]
    assert [label for label, _ in model.predict_examples(examples)] == ["against", "favor"]
