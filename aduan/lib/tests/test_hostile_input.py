"""Hostile input: every URL of the site answers bad input with a 4xx page, never a server error.

The walk covers every route in the URLconf (public, staff, admin, health), as an anonymous visitor,
a citizen and staff, with NUL bytes and other hostile strings in the path, in the query string, and
in every field of every form the pages show (uploads included). It runs on SQLite and PostgreSQL;
PostgreSQL refuses NUL in text, which is where the 500s were.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from aduan.complaints.models import Complaint
from aduan.complaints.states import Status
from aduan.testing import City, complaint_in, staff_login

# Strings an attacker (or a broken client) sends. NUL is refused before any view runs; the others
# reach the views and must be answered by their forms and pattern checks.
NUL = "ADU-\x00X"
HOSTILE = [
    NUL,
    "9" * 30,  # past every integer column
    "-1",
    "' OR '1'='1\"; <script>x</script> %_\\" + "x" * 3000 + "\u202e\U0001f600\u0301",
]
# Hostile values for each kind of URL part (already quoted for the path).
PATH_VALUES = {
    "str": [quote("ADU\x00X"), "adu-%27--", "x" * 300, quote("ADU-222-222-22\x00")],
    "int": ["9" * 30, "0"],
    "slug": ["x" * 300, "-"],
    "path": [quote("\x00"), "x" * 300],
}
PATH_VALUES["code"] = PATH_VALUES["typedcode"] = PATH_VALUES["str"]
HEALTH_PROBES = ("/healthz", "/readyz")
# Query parameters the views read from request.GET (beyond the fields of their GET forms).
QUERY_KEYS = re.compile(r"""request\.GET(?:\.get|\.getlist)?[(\[]["'](\w+)["']""")


@dataclass
class Form:
    action: str
    method: str
    fields: set[str] = field(default_factory=set)
    files: set[str] = field(default_factory=set)


class _Forms(HTMLParser):
    def __init__(self, here: str) -> None:
        super().__init__()
        self.here = here
        self.forms: list[Form] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            action = a.get("action") or self.here
            self.forms.append(Form(urlsplit(action).path or self.here, (a.get("method") or "get")))
        elif tag in {"input", "select", "textarea", "button"} and self.forms and a.get("name"):
            name = a["name"] or ""
            if name == "csrfmiddlewaretoken":
                return
            if a.get("type") == "file":
                self.forms[-1].files.add(name)
            else:
                self.forms[-1].fields.add(name)


def forms_on(html: str, here: str) -> list[Form]:
    parser = _Forms(here)
    parser.feed(html)
    return [f for f in parser.forms if f.action.startswith("/")]


def walk(entries: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in entries:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            yield prefix + route, entry


PART = re.compile(r"<(?:(\w+):)?(\w+)>")


def routes() -> list[tuple[str, URLPattern]]:
    """Every route with <converter:name> parts; regex routes (the admin's app index) are filled
    with their first alternative."""
    found = []
    for route, pattern in walk(get_resolver().url_patterns):
        filled = _regex_route(route) if "(?P<" in route or "^" in route else route
        if filled is not None and not filled.startswith(("static/", "media/")):
            found.append((filled, pattern))
    return found


def _regex_route(route: str) -> str | None:
    """A regex route with each named group of plain alternatives filled with the first one."""
    filled = re.sub(r"\(\?P<\w+>([\w|]+)\)", lambda m: m.group(1).split("|")[0], route)
    filled = filled.replace("^", "").replace("$", "")
    return None if re.search(r"[()\[\]\\*+?]", filled) else filled


def query_keys() -> set[str]:
    root = Path(__file__).resolve().parents[2]
    keys: set[str] = set()
    for path in root.rglob("*.py"):
        if "tests" not in path.parts:
            keys |= set(QUERY_KEYS.findall(path.read_text()))
    return keys


@dataclass
class World:
    city: City
    public: Complaint
    ids: dict[str, str]


@pytest.fixture
def world(city: City, published_as_sent: None) -> World:
    public = complaint_in(city, Status.IN_PROGRESS, by=city.citizen)
    ids = {"code": public.tracking_code, "name": "accept", "slug": "semua"}
    return World(city, public, ids)


def _fill(route: str, world: World, hostile: tuple[str, str] | None = None) -> str:
    def value(m: re.Match[str]) -> str:
        name = m.group(2)
        if hostile is not None and hostile[0] == name:
            return hostile[1]
        return world.ids.get(name, "1")

    return "/" + PART.sub(value, route)


def _sign_in(client: Client, persona: str, city: City) -> None:
    """Sign the persona in again if a request before (a sign-out, a hostile form) ended it."""
    if persona == "anonymous":
        client.logout()
        return
    user = getattr(city, persona)
    if client.session.get("_auth_user_id") == str(user.pk):
        return
    if persona == "citizen":
        client.force_login(user)
    else:
        staff_login(client, user)


class Walk:
    """Sends requests, counting them and collecting every server error with what caused it."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.errors: list[str] = []
        self.sent = 0

    def send(self, method: str, url: str, data: dict[str, Any] | None = None) -> Any:
        self.sent += 1
        try:
            if method == "get":
                response = self.client.get(url, data or {})
            else:
                response = self.client.post(url, data or {})
        except Exception as exc:  # the test client re-raises a view's exception
            self.errors.append(f"{method.upper()} {url[:120]!r} {_short(data)}: {exc!r:.300}")
            return None
        # Health probes answer 503 when the worker is not running: that is their job.
        if response.status_code >= 500 and not (
            response.status_code == 503 and url.startswith(HEALTH_PROBES)
        ):
            self.errors.append(
                f"{method.upper()} {url[:120]!r} {_short(data)}: {response.status_code}"
            )
        return response


def _short(data: dict[str, Any] | None) -> str:
    if not data:
        return ""
    sample = next(iter(data.values()))
    return f"fields={sorted(data)[:6]} value={str(sample)[:24]!r}"


def _hostile_form(form: Form, value: str) -> dict[str, Any]:
    data: dict[str, Any] = dict.fromkeys(form.fields, value)
    for name in form.files:
        data[name] = SimpleUploadedFile(f"foto{value[:20]}.jpg", value.encode()[:64], "image/jpeg")
    return data


PERSONAS = ["anonymous", "citizen", "verifier", "administrator", "dpo"]


def _is_closed(response: Any) -> bool:
    """The persona is turned away before any view reads input (sign-in redirect, 403, 404)."""
    return response is None or response.status_code in {301, 302, 403, 404}


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_url_answers_hostile_input_with_a_server_error(world: World, persona: str) -> None:
    client = Client()
    walker = Walk(client)
    keys = query_keys()
    seen_forms: dict[tuple[str, str], Form] = {}
    walked = 0
    for route, _pattern in routes():
        if route.startswith("admin/") and persona != "administrator":
            continue  # everyone else is sent to the staff sign-in before the admin sees anything
        walked += 1
        _sign_in(client, persona, world.city)
        url = _fill(route, world)
        parts = [(kind or "str", name) for kind, name in PART.findall(route)]
        page = walker.send("get", url)
        if _is_closed(page):
            walker.send("get", url, dict.fromkeys(keys, NUL))
            for kind, name in parts:
                walker.send("get", _fill(route, world, (name, PATH_VALUES[kind][0])))
            continue
        forms = []
        if page.status_code == 200 and "html" in page.get("Content-Type", ""):
            forms = forms_on(page.content.decode(), url)
        for form in forms:
            known = seen_forms.setdefault((form.method.lower(), form.action), form)
            known.fields |= form.fields
            known.files |= form.files
        get_keys = keys | {f for form in forms if form.method.lower() == "get" for f in form.fields}
        for value in HOSTILE:
            walker.send("get", url, dict.fromkeys(get_keys, value))
        walker.send("post", url, dict.fromkeys(get_keys, NUL))
        for kind, name in parts:
            for bad in PATH_VALUES[kind]:
                walker.send("get", _fill(route, world, (name, bad)))
            walker.send("post", _fill(route, world, (name, PATH_VALUES[kind][0])), {"x": "1"})
    # Every form any page showed this persona, sent with hostile values in every field.
    for (method, action), form in sorted(seen_forms.items()):
        for value in HOSTILE:
            _sign_in(client, persona, world.city)
            walker.send("post" if method == "post" else "get", action, _hostile_form(form, value))
    print(persona, walker.sent, walked, len(seen_forms))
    assert not walker.errors, "\n".join(walker.errors)
    # The walk really covered the site.
    assert walked > (150 if persona == "administrator" else 70)
    assert len(seen_forms) > (2 if persona == "anonymous" else 3)


# The reported reproductions, each with what the person sees.

NUL_MESSAGE = "karakter NUL"


def test_a_nul_in_a_search_is_dropped_and_the_search_still_works(
    client: Client, world: World
) -> None:
    response = client.get("/aduan/baru/kategori/", {"q": "jalan\x00"})
    assert response.status_code == 200
    assert "Jalan Rusak" in response.content.decode()
    assert client.get("/aduan/baru/kategori/", {"q": "\x00"}).status_code == 200


def test_a_nul_in_a_staff_complaint_address_is_a_clear_400(client: Client, world: World) -> None:
    staff_login(client, world.city.verifier)
    response = client.get("/staf/aduan/ADU%00X/")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Permintaan tidak dapat diproses" in html and NUL_MESSAGE in html


def test_a_nul_in_a_support_address_is_a_clear_400_and_nothing_changes(
    client: Client, world: World
) -> None:
    before = world.public.supports.count()
    response = client.post("/dukung/ADU%00X/", {"ikuti": "1"})
    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()
    assert world.public.supports.count() == before


def test_a_nul_in_a_staff_search_and_filter_is_dropped(client: Client, world: World) -> None:
    staff_login(client, world.city.verifier)
    code = world.public.tracking_code
    response = client.get("/staf/antrean/semua/", {"q": code + "\x00", "status\x00": "\x00"})
    assert response.status_code == 200
    assert code in response.content.decode()


def test_a_session_cookie_with_a_nul_is_ignored(client: Client, db: None) -> None:
    client.cookies["sessionid"] = "\x00" + "a" * 31
    assert client.get("/").status_code == 200
    assert client.get("/lacak/").status_code == 200


def test_a_malformed_code_is_a_404_without_looking_it_up(client: Client, world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    staff_login(client, world.city.verifier)
    for url in (
        "/staf/aduan/ADU-XXX/",
        "/staf/aduan/adu-' OR 1=1/tindakan/accept/",
        "/dukung/ADU-0000-0000/",
        "/aduan/terkirim/" + "x" * 300 + "/",
        "/lacak/ADU-OOO-III-LLL/",
    ):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url) if "dukung" not in url else client.post(url)
        assert response.status_code == 404, url
        assert "Halaman tidak ditemukan" in response.content.decode(), url
        assert not [q for q in queries if "complaints_complaint" in q["sql"]], url
    # A code typed loosely still finds its complaint.
    loose = world.public.tracking_code.lower().replace("-", " ")
    assert client.get(f"/lacak/{loose}/").status_code == 302
