"""Reading configuration from environment variables, refusing malformed values by name."""

from __future__ import annotations

import builtins
import os
from collections.abc import Callable, Mapping
from typing import TypeVar

T = TypeVar("T")


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable."""


class Env:
    """Typed access to a mapping of environment variables.

    Every reader raises ConfigError naming the variable, so that start-up stops with a message an
    operator can act on instead of a traceback deep inside Django.
    """

    def __init__(self, source: Mapping[builtins.str, builtins.str] | None = None) -> None:
        self.source = os.environ if source is None else source

    def _raw(self, name: builtins.str) -> builtins.str | None:
        value = self.source.get(name)
        if value is None or value.strip() == "":
            return None
        return value.strip()

    def _parse(
        self, name: builtins.str, default: T, parse: Callable[[builtins.str], T], what: builtins.str
    ) -> T:
        raw = self._raw(name)
        if raw is None:
            return default
        try:
            return parse(raw)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{name} must be {what}, got {raw!r}") from exc

    def str(self, name: builtins.str, default: builtins.str = "") -> builtins.str:
        raw = self._raw(name)
        return default if raw is None else raw

    def required(self, name: builtins.str, why: builtins.str = "") -> builtins.str:
        raw = self._raw(name)
        if raw is None:
            hint = f" ({why})" if why else ""
            raise ConfigError(f"{name} is required{hint}")
        return raw

    def bool(self, name: builtins.str, default: builtins.bool = False) -> builtins.bool:
        def parse(raw: builtins.str) -> builtins.bool:
            lowered = raw.lower()
            if lowered in {"1", "true", "yes", "on"}:
                return True
            if lowered in {"0", "false", "no", "off"}:
                return False
            raise ValueError(raw)

        return self._parse(name, default, parse, "true or false")

    def int(
        self, name: builtins.str, default: builtins.int, minimum: builtins.int | None = None
    ) -> builtins.int:
        def parse(raw: builtins.str) -> builtins.int:
            value = int(raw)
            if minimum is not None and value < minimum:
                raise ValueError(raw)
            return value

        what = "an integer" if minimum is None else f"an integer ≥ {minimum}"
        return self._parse(name, default, parse, what)

    def list(
        self, name: builtins.str, default: builtins.list[builtins.str] | None = None
    ) -> builtins.list[builtins.str]:
        raw = self._raw(name)
        if raw is None:
            return list(default or [])
        return [item.strip() for item in raw.split(",") if item.strip()]
