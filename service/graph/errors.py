"""One error type and one JSON error shape for the whole project.

Every failure a user can cause (bad input, unknown ids, Neo4j unreachable, a query timing out)
becomes a `ServiceError`; the Flask handler turns it into
`{"error": {"code": ..., "message": ..., "details": ...}}` with the error's HTTP status, and the
CLI prints its message and exits non-zero.
"""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """A failure with an HTTP status, a stable machine code and a message for people."""

    def __init__(self, status: int, code: str, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details

    def to_dict(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, "details": self.details}}

    def __str__(self) -> str:
        return self.message


def invalid_input(field_name: str, message: str, **details: Any) -> ServiceError:
    """A 400 naming the request field at fault: `{"field": field_name, ...details}`."""
    return ServiceError(400, "invalid_input", f"{field_name}: {message}", {"field": field_name, **details})
