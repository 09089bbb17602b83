"""Cursor pagination: one opaque, signed cursor per page, so that pages never skip or repeat rows
while new complaints arrive, and a page costs the same at row 10 as at row 1,000,000."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.core import signing
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Schema

from aduan.api.problems import ApiProblem

SALT = "aduan.api.cursor"
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
T = TypeVar("T")


def page(
    qs: QuerySet[Any],
    *,
    cursor: str,
    limit: int,
    key: str = "pk",
    shape: Callable[[Any], T],
    descending: bool = True,
) -> dict[str, Any]:
    """One page of `qs` ordered by the unique field `key`, and the cursor of the next page."""
    if cursor:
        try:
            after = signing.loads(cursor, salt=SALT)
        except signing.BadSignature:
            raise ApiProblem(
                "invalid-cursor", _("Pakai kursor dari kolom next jawaban sebelumnya.")
            ) from None
        qs = qs.filter(**{f"{key}__{'lt' if descending else 'gt'}": after})
    rows: Sequence[Any] = list(qs.order_by(f"-{key}" if descending else key)[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    last = getattr(rows[-1], key) if rows and more else None
    return {
        "items": [shape(r) for r in rows],
        "next": signing.dumps(last, salt=SALT, compress=True) if last is not None else None,
    }


class PageSchema(Schema):
    """A page of items and the cursor of the next page (null on the last page)."""

    next: str | None
