"""Loaders: creators, audiences and mentions into Neo4j, validated, idempotent and fast.

from loaders import load_dataset, load_file, load_frame, LoadSummary
"""

from loaders.errors import LoadRejected, RowError
from loaders.load import FileSummary, LoadSummary, load_dataset, load_file, load_frame
from loaders.read import read_column_map
from loaders.schema import apply_schema

__all__ = [
    "FileSummary",
    "LoadRejected",
    "LoadSummary",
    "RowError",
    "apply_schema",
    "load_dataset",
    "load_file",
    "load_frame",
    "read_column_map",
]
