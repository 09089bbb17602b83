"""The public transparency page in a real browser: reachable from every page, no axe violation at
phone and desktop width, and chart text a person can read on a phone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from aduan.agencies.models import Area
from aduan.reports.tests.handmade import build_july
from aduan.testing import City

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# A square and a triangle in the 0..1000 box that the map draws.
SHAPES = {"36.71.01.1001": "M0 0L500 0L500 500L0 500Z", "36.71.01.1002": "M500 0L1000 0L750 500Z"}


@pytest.fixture
def july(city: City) -> None:
    build_july(city)
    for code, shape in SHAPES.items():
        Area.objects.filter(code=code).update(shape=shape)


def test_every_page_links_to_the_transparency_page(page: Any, live_server: Any, city: City) -> None:
    page.goto(live_server.url + "/lacak/")
    page.get_by_role("link", name="Transparansi").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Transparansi pengaduan"


@pytest.mark.parametrize("width", [360, 1280])
def test_the_transparency_page_with_charts_and_map_passes_axe(
    page: Any, live_server: Any, july: None, axe: Callable[[Any], list[str]], width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + "/transparansi/?bulan=2026-07")
    assert page.locator("svg.chart").count() >= 4

    assert axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_chart_text_is_readable_on_a_phone(page: Any, live_server: Any, july: None) -> None:
    page.goto(live_server.url + "/transparansi/?bulan=2026-07")
    sizes = page.evaluate(
        "[...document.querySelectorAll('svg.chart:not(.chart--map) text')]"
        ".map(t => t.getBoundingClientRect().height)"
    )
    assert sizes
    # 12 CSS px is the smallest text the site uses anywhere else.
    assert min(sizes) >= 12, sorted(sizes)[:5]


def test_the_whole_map_and_its_legend_are_shown(page: Any, live_server: Any, july: None) -> None:
    page.goto(live_server.url + "/transparansi/?bulan=2026-07")
    legend = page.locator("svg.chart--map text").last
    assert legend.inner_html().endswith("(terbanyak)")
    # No box around it clips it: every ancestor that hides overflow contains the whole legend.
    clipped_by = legend.evaluate(
        """text => {
            const r = text.getBoundingClientRect();
            for (let el = text.parentElement; el; el = el.parentElement) {
                const s = getComputedStyle(el);
                if (s.overflow === 'visible' && s.overflowY === 'visible') continue;
                const b = el.getBoundingClientRect();
                if (r.bottom > b.bottom + 0.5 || r.top < b.top - 0.5) return el.tagName + '.' + el.getAttribute('class');
            }
            return null;
        }"""
    )
    assert clipped_by is None
    box = legend.bounding_box()
    assert box is not None and box["height"] >= 12
