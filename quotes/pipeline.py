"""Stages and the Pipeline that runs them in order.

Every stage has one contract (spaCy's): ``predict(docs)`` computes without touching the documents,
``set_annotations(docs, predictions)`` writes only what the stage owns. A rules or scikit-learn
stage can stand in for any trained stage, which is how reports compare models.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from importlib import import_module
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from .document import Document
from .errors import ModelError


class Stage(ABC):
    """A step of the pipeline: reads Documents and adds what it owns."""

    name: str = "stage"

    @abstractmethod
    def predict(self, docs: Sequence[Document]) -> list[Any]:
        """One prediction per document, computed without changing the documents."""

    @abstractmethod
    def set_annotations(self, docs: Sequence[Document], predictions: Sequence[Any]) -> None:
        """Write the predictions into the documents (only the fields this stage owns)."""

    def __call__(self, doc: Document) -> Document:
        self.set_annotations([doc], self.predict([doc]))
        return doc

    def pipe(self, docs: Iterable[Document], batch_size: int = 8) -> Iterator[Document]:
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                self.set_annotations(batch, self.predict(batch))
                yield from batch
                batch = []
        if batch:
            self.set_annotations(batch, self.predict(batch))
            yield from batch


class Pipeline:
    """The stages in order. ``Pipeline.load("rules")`` or ``Pipeline.load(models_dir)``."""

    def __init__(self, stages: Sequence[Stage], name: str = "custom") -> None:
        self.stages = list(stages)
        self.name = name

    def __call__(self, doc: Document) -> Document:
        for stage in self.stages:
            stage(doc)
        doc.sort_quotes()
        return doc

    def pipe(self, docs: Iterable[Document], batch_size: int = 8) -> Iterator[Document]:
        stream: Iterable[Document] = docs
        for stage in self.stages:
            stream = stage.pipe(stream, batch_size=batch_size)
        for doc in stream:
            doc.sort_quotes()
            yield doc

    def stage(self, name: str) -> Stage:
        for stage in self.stages:
            if stage.name == name:
                return stage
        raise KeyError(f"pipeline {self.name!r} has no stage {name!r}")

    @classmethod
    def load(cls, name_or_path: str | Path = "default", **options: Any) -> "Pipeline":
        """Build a named pipeline (see BUILTIN_PIPELINES) or load one from a models folder."""
        key = str(name_or_path)
        if key in BUILTIN_PIPELINES:
            module_name, factory_name = BUILTIN_PIPELINES[key].split(":")
            factory: Callable[..., Pipeline] = getattr(import_module(module_name), factory_name)
            return factory(**options)
        path = Path(key)
        if not path.is_dir():
            known = ", ".join(sorted(BUILTIN_PIPELINES))
            raise ModelError(
                f"unknown model {key!r}: it is not one of {known} and not a models folder"
            )
        from .models_loader import load_pipeline_from_dir

        return load_pipeline_from_dir(path, **options)


# Named pipelines, imported only when asked for so that `--model rules` never loads torch.
BUILTIN_PIPELINES: dict[str, str] = {
    "rules": "quotes.rules:rules_pipeline",
    "default": "quotes.models_loader:default_pipeline",
}
