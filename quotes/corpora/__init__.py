"""Corpus readers: each turns one dataset's files into Documents (or StanceExamples)."""

from .hf import dataset_to_documents, documents_to_dataset, stance_examples_to_dataset
from .litbank import iter_litbank, litbank_splits, read_litbank
from .polnear import iter_polnear, read_polnear

__all__ = [
    "dataset_to_documents",
    "documents_to_dataset",
    "iter_litbank",
    "iter_polnear",
    "litbank_splits",
    "read_litbank",
    "read_polnear",
    "stance_examples_to_dataset",
]
from .newsmtsc import read_newsmtsc as read_newsmtsc
from .perspectrum import read_perspectrum as read_perspectrum
from .seesaw import read_seesaw as read_seesaw
