"""What the loaders say about a bad row: file, line, column and reason."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from service.graph.errors import ServiceError


@dataclass(frozen=True)
class RowError:
    """One problem with one row (line None: the whole file, e.g. a missing required column)."""

    file: str
    line: int | None
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.column}: {self.reason}" if self.column else f"{where}: {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class LoadRejected(ServiceError):
    """Input was rejected and nothing was written; `summary` says what was read and why."""

    def __init__(self, message: str, errors: list[RowError], summary: Any) -> None:
        super().__init__(422, "invalid_rows", message, [error.to_dict() for error in errors[:100]])
        self.errors = errors
        self.summary = summary
