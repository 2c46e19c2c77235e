"""What a validation finds: problems, each with a stable code, the file and its place."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from declaration.errors import printable


@dataclass(frozen=True, slots=True)
class Problem:
    """One broken contract: a stable code, the file, where in it, and, for a consequence of
    another file's departure, that file (``cause``)."""

    file: str
    code: str
    message: str
    line: int | None = None
    column: int | None = None
    row: int | None = None
    field: str | None = None
    pointer: str | None = None
    xpath: str | None = None
    cause: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "file", printable(self.file, 300))
        object.__setattr__(self, "message", printable(self.message, 500))
        if self.field is not None:
            object.__setattr__(self, "field", printable(self.field, 100))

    @property
    def where(self) -> str:
        parts = []
        if self.row is not None:
            parts.append(f"row {self.row}" + (f", field {self.field}" if self.field else ""))
        if self.line is not None:
            parts.append(f"line {self.line}" + (f", column {self.column}" if self.column else ""))
        if self.pointer is not None:
            parts.append(self.pointer or "/")
        if self.xpath is not None:
            parts.append(self.xpath)
        return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class Report:
    path: str
    files: tuple[str, ...]
    problems: tuple[Problem, ...] = field(default_factory=tuple)
    # (file, contract) pairs checked, a contract being one of rules.CONTRACTS
    checked: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    signature: str = "not signed"  # whether the release is signed, and by whom

    def __post_init__(self) -> None:
        object.__setattr__(self, "signature", printable(self.signature, 500))

    @property
    def valid(self) -> bool:
        return not self.problems

    def by_file(self) -> dict[str, list[Problem]]:
        grouped: dict[str, list[Problem]] = {}
        for problem in self.problems:
            grouped.setdefault(problem.file, []).append(problem)
        return grouped

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": printable(self.path, 1000),
            "valid": self.valid,
            "signature": self.signature,
            "files": list(self.files),
            "problems": [
                {k: v for k, v in asdict(p).items() if v is not None} for p in self.problems
            ],
        }
