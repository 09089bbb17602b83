"""Charts drawn on the server as SVG: readable without JavaScript, each with <title> and <desc>
and a table of the same numbers beside it in the page (the text alternative)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

_ids = count(1)
INK = "#1d2733"
BAR = "#1f6f8b"
MUTED = "#5b6770"
SHAPE_RE = re.compile(r"^[MmLlHhVvCcSsQqTtAaZz0-9eE.,\s+-]{1,20000}$")


@dataclass(frozen=True)
class Point:
    label: str
    value: float
    text: str = ""  # how the value is written on the chart; the number itself when empty


def _text(p: Point) -> str:
    return p.text or (f"{p.value:g}")


def _frame(
    width: int, height: int, title: str, desc: str, body: str, *, kind: str = "", role: str = "img"
) -> SafeString:
    n = next(_ids)
    # Drawn to fit a 360 px phone without scrolling sideways; the text stays at least 12 CSS px.
    return format_html(
        '<div class="chart-wrap"><svg class="chart{kind}" role="{role}" viewBox="0 0 {w} {h}" '
        'width="100%" preserveAspectRatio="xMinYMin meet" aria-labelledby="ct{n} cd{n}" '
        'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="{size}">'
        '<title id="ct{n}">{title}</title><desc id="cd{n}">{desc}</desc>{body}</svg></div>',
        kind=f" chart--{kind}" if kind else "",
        role=role,
        w=width,
        h=height,
        n=n,
        size=FONT,
        title=title,
        desc=desc,
        body=mark_safe(body),  # noqa: S308 (built below from escaped parts only)
    )


# A viewBox this wide is shown 300-450 CSS px wide (a phone's column to the page's chart width), so
# text of this size stays between about 12 and 17 CSS px.
WIDTH = 440
FONT = 17
CHAR = 9.5  # about how wide a character of that font is, for laying out labels and values


def bars(points: Sequence[Point], *, title: str, desc: str) -> SafeString:
    """Horizontal bars, one per label, longest = the room left after the longest value.

    Short labels ("0–10 jam") sit beside their bar; longer ones ("Dinas Lingkungan Hidup") on their
    own line above it, so neither is shortened on a phone.
    """
    longest = max((len(p.label) for p in points), default=0)
    beside = longest <= 10
    label_w = int(longest * CHAR) + 10 if beside else 0
    row_h = 30 if beside else 50
    value_w = max((len(_text(p)) for p in points), default=0) * CHAR + 10
    room = max(WIDTH - label_w - value_w, 60)
    top = max((p.value for p in points), default=0) or 1
    parts = []
    for i, p in enumerate(points):
        y = 6 + i * row_h
        bar_y = y + 6 if beside else y + 26
        w = room * p.value / top
        if beside:
            parts.append(
                f'<text x="{label_w - 8}" y="{bar_y + 14}" text-anchor="end" fill="{INK}">'
                f"{escape(p.label)}</text>"
            )
        else:
            parts.append(f'<text x="0" y="{y + 18}" fill="{INK}">{escape(p.label)}</text>')
        parts.append(
            f'<rect x="{label_w}" y="{bar_y}" width="{w:.1f}" height="18" fill="{BAR}"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{bar_y + 14}" fill="{INK}">'
            f"{escape(_text(p))}</text>"
        )
    if not points:
        parts.append(f'<text x="0" y="24" fill="{MUTED}">{escape("Tidak ada data")}</text>')
    height = max(len(points), 1) * row_h + 12
    return _frame(WIDTH, height, title, desc, "".join(parts))


STEPS = ["#c6dbe6", "#93bfd2", "#5e9fba", "#2f7d9c", "#0f5570"]


def _fill(value: int, low: int, high: int) -> str:
    """Five steps of one hue between the fewest and the most complaints; darker = more."""
    if value == 0:
        return "#eef2f4"
    if high == low:
        return STEPS[2]
    return STEPS[min(int(5 * (value - low) / (high - low + 1)), 4)]


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    shape: str
    value: int
    url: str = ""


def choropleth(regions: Sequence[Region], *, title: str, desc: str) -> SafeString | None:
    """Areas drawn from their stored outlines (SVG paths in a 0..1000 box), shaded by count.

    Returns None when no area has a usable outline, so the page shows only the table.
    """
    drawable = [r for r in regions if r.shape and SHAPE_RE.match(r.shape)]
    if not drawable:
        return None
    counted = [r.value for r in drawable if r.value] or [0]
    low, top = min(counted), max(counted)
    parts = []
    for r in drawable:
        shape = (
            f'<path d="{escape(r.shape)}" fill="{_fill(r.value, low, top)}" stroke="#ffffff" '
            f'stroke-width="2"><title>{escape(r.name)}: {r.value}</title></path>'
        )
        if r.url:
            label = escape(f"{r.name}: {r.value}")
            shape = f'<a href="{escape(r.url)}" aria-label="{label}">{shape}</a>'
        parts.append(shape)
    # The legend's text is drawn large because the whole map is shown about 300-420 px wide.
    legend = [("0", "#eef2f4"), (f"{low} (paling sedikit)", STEPS[0]), ("", STEPS[2])]
    legend.append((f"{top} (terbanyak)", STEPS[4]))
    for i, (text, colour) in enumerate(legend):
        x, y = 10 + (i % 2) * 500, 1020 + (i // 2) * 64
        parts.append(
            f'<rect x="{x}" y="{y}" width="44" height="44" fill="{colour}" stroke="{MUTED}"/>'
            f'<text x="{x + 56}" y="{y + 36}" font-size="40" fill="{INK}">{escape(text)}</text>'
        )
    # A map whose areas are links is a group of links, not an image (an image has no parts to use).
    linked = any(r.url for r in drawable)
    return _frame(
        1000, 1160, title, desc, "".join(parts), kind="map", role="group" if linked else "img"
    )
