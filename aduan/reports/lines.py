"""A row of a process table: what it is about and its numbers by column name."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Line:
    label: str
    values: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        # A KeyError for anything else lets templates find .label and .values as attributes.
        return self.values[key]
