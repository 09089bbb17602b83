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


def _frame(width: int, height: int, title: str, desc: str, body: str) -> SafeString:
    n = next(_ids)
    # The wrapper scrolls sideways on a phone instead of shrinking the labels to nothing.
    return format_html(
        '<div class="chart-wrap"><svg class="chart" role="img" viewBox="0 0 {w} {h}" width="100%" '
        'preserveAspectRatio="xMinYMin meet" aria-labelledby="ct{n} cd{n}" '
        'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="13">'
        '<title id="ct{n}">{title}</title><desc id="cd{n}">{desc}</desc>{body}</svg></div>',
        w=width,
        h=height,
        n=n,
        title=title,
        desc=desc,
        body=mark_safe(body),  # noqa: S308 (built below from escaped parts only)
    )


def bars(points: Sequence[Point], *, title: str, desc: str, width: int = 640) -> SafeString:
    """Horizontal bars, one per label, longest = full width."""
    label_w, row_h, pad = 190, 26, 6
    height = max(len(points), 1) * row_h + pad * 2
    top = max((p.value for p in points), default=0) or 1
    # Room after the longest bar for the longest value ("243 (95,3%)"), at about 8 px a character
    # of the 13 px font, so no value is cut off at the edge.
    value_w = max((len(_text(p)) for p in points), default=0) * 8 + 12
    parts = []
    for i, p in enumerate(points):
        y = pad + i * row_h
        w = max(width - label_w - value_w, 40) * p.value / top
        label = p.label if len(p.label) <= 28 else p.label[:27] + "…"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" fill="{INK}">'
            f"{escape(label)}</text>"
            f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{BAR}"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 17}" fill="{INK}">{escape(_text(p))}</text>'
        )
    if not points:
        parts.append(f'<text x="8" y="22" fill="{MUTED}">{escape("Tidak ada data")}</text>')
    return _frame(width, height, title, desc, "".join(parts))


def columns(
    points: Sequence[Point], *, title: str, desc: str, width: int = 640, height: int = 240
) -> SafeString:
    """Vertical columns (histograms, trends), labels below, values above."""
    base, left, top_pad = height - 44, 8, 22
    n = max(len(points), 1)
    slot = (width - left * 2) / n
    top = max((p.value for p in points), default=0) or 1
    parts = [f'<line x1="{left}" y1="{base}" x2="{width - left}" y2="{base}" stroke="{MUTED}"/>']
    size = ' font-size="10"' if n > 8 else ""
    for i, p in enumerate(points):
        x = left + i * slot
        h = (base - top_pad) * p.value / top
        parts.append(
            f'<rect x="{x + slot * 0.15:.1f}" y="{base - h:.1f}" width="{slot * 0.7:.1f}" '
            f'height="{h:.1f}" fill="{BAR}"/>'
            f'<text x="{x + slot / 2:.1f}" y="{base - h - 5:.1f}" text-anchor="middle" '
            f'fill="{INK}">{escape(_text(p))}</text>'
        )
        label = p.label.replace(" jam", "")
        parts.append(
            f'<text x="{x + slot / 2:.1f}" y="{base + 16}" text-anchor="middle" fill="{INK}"'
            f"{size}>{escape(label)}</text>"
        )
    return _frame(width, height, title, desc, "".join(parts))


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
            shape = f'<a href="{escape(r.url)}">{shape}</a>'
        parts.append(shape)
    legend_y = 1010
    legend = [("0", "#eef2f4"), (f"{low} (paling sedikit)", STEPS[0]), ("", STEPS[2])]
    legend.append((f"{top} (terbanyak)", STEPS[4]))
    for i, (text, colour) in enumerate(legend):
        x = 10 + i * 240
        parts.append(
            f'<rect x="{x}" y="{legend_y}" width="30" height="20" fill="{colour}" stroke="{MUTED}"/>'
            f'<text x="{x + 38}" y="{legend_y + 16}" font-size="22" fill="{INK}">{escape(text)}</text>'
        )
    return _frame(1000, 1040, title, desc, "".join(parts))
