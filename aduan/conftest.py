"""Fixtures shared by every test: the city and its cast, a private media directory, a browser."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from aduan.lib import chromium as chromium_binary
from aduan.testing import City, build_city


@pytest.fixture(autouse=True)
def _private_media(settings: object, tmp_path: Path) -> None:
    settings.STORAGES = {  # type: ignore[attr-defined]
        **settings.STORAGES,  # type: ignore[attr-defined]
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


@pytest.fixture(autouse=True)
def _own_worker_locks(settings: object, tmp_path: Path) -> None:
    # Parallel test processes run the worker in-process under the same name; each test has its own
    # lock directory, as each has its own database.
    settings.ADUAN_WORKER_LOCK_DIR = tmp_path / "run"  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: object) -> None:
    # Argon2 is deliberately slow; tests that check the production hasher set it back themselves.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _site_language_again() -> Iterator[None]:
    # A request leaves its language active in the test's thread (LocaleMiddleware never
    # deactivates it): after a test that asked for English, the next one starts in Indonesian.
    yield
    translation.deactivate()


@pytest.fixture
def city(db: None) -> City:
    return build_city()


@pytest.fixture
def published_as_sent(settings: object) -> None:
    """For tests about what public pages do with public complaints, not about when they become
    public (aduan/public/tests/test_publishing.py): reports are published as sent."""
    settings.ADUAN_PUBLISH_ON = "submit"  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------------------------
# Headless Chromium for tests marked `browser` (Debian's chromium driven by Python playwright).

# axe-core rules for WCAG 2.0, 2.1 and 2.2, levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not chromium_binary.PATH.exists():
        reason = f"browser tests need Chromium at {chromium_binary.PATH} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test's own database calls
    # (setting up a complaint, an officer acting) are still plain synchronous code.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = chromium_binary.launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser tab (own cookies) at phone width, JavaScript on."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


@pytest.fixture
def axe(axe_source: str) -> Callable[[Any], list[str]]:
    """Run axe-core on a page; returns one line per violation (empty when the page passes)."""

    def run(tab: Any) -> list[str]:
        # A click that submits a form returns before the next page has its styles; judging a
        # half-loaded page would report targets that the stylesheet makes large enough.
        tab.wait_for_load_state("load")
        tab.wait_for_function(
            "document.readyState === 'complete' && [...document.styleSheets].every(s => {"
            " try { return s.cssRules !== null } catch (e) { return true } })"
        )
        tab.evaluate(axe_source)
        result = tab.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        return [
            f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
        ]

    return run
