"""Light and flexible: ≤ 50 KB per page, no sideways scrolling at 360 px or at 200% zoom."""

from __future__ import annotations

from typing import Any

import pytest

from aduan.public.tests.browser_steps import walk_report
from aduan.testing import City

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BUDGET = 50 * 1024
SIZE_JS = """() => performance.getEntriesByType("navigation")
    .concat(performance.getEntriesByType("resource"))
    .reduce((sum, entry) => sum + entry.encodedBodySize, 0)"""
# 200% zoom of a 1280 px wide window leaves 640 CSS pixels.
ZOOMED_WIDTH = 640


def test_home_and_every_step_stay_within_50_kb_and_fit_a_phone(
    page: Any, live_server: Any, city: City
) -> None:
    # Every page is measured as a first visit: nothing comes from the browser's cache.
    page.context.new_cdp_session(page).send("Network.setCacheDisabled", {"cacheDisabled": True})
    sizes: dict[str, int] = {}
    overflow: dict[str, int] = {}

    def measure(name: str) -> None:
        page.wait_for_load_state("load")
        # The page's own body and every style, script, font and image it loaded, compressed.
        sizes[name] = page.evaluate(SIZE_JS)
        width = page.evaluate("document.scrollingElement.scrollWidth")
        if width > 360:
            overflow[f"{name} @360"] = width
        page.set_viewport_size({"width": ZOOMED_WIDTH, "height": 400})
        width = page.evaluate("document.scrollingElement.scrollWidth")
        if width > ZOOMED_WIDTH:
            overflow[f"{name} @200%"] = width
        page.set_viewport_size({"width": 360, "height": 740})

    walk_report(page, live_server.url, on_page=measure)
    print("transferred bytes per page:", sizes)
    assert len(sizes) == 17
    assert all(size > 1000 for size in sizes.values()), sizes  # the measurement measures
    assert {name: size for name, size in sizes.items() if size > BUDGET} == {}
    assert overflow == {}


def test_the_stylesheet_and_script_are_compressed_when_served_in_production(
    client: Any, settings: Any, db: None
) -> None:
    # The HTML itself is compressed by GZipMiddleware for browsers that accept it.
    response = client.get("/", headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert len(response.content) < 10 * 1024
