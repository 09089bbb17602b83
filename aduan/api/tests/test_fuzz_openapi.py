"""A property-based run over the whole OpenAPI description (schemathesis): whatever it sends, the
API answers without a server error and with what its description promises (status codes, content
types, response shapes), on SQLite and PostgreSQL alike. Bounded, so it stays within a minute."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import openapi
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from aduan.api import auth
from aduan.api.tests.apiclient import token_for
from aduan.api.v1 import api
from aduan.complaints.states import Status
from aduan.testing import City, complaint_in, submit
from aduan.wsgi import application

EXAMPLES = 8
CHECKS = (
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
)


@pytest.fixture
def in_test_transaction() -> Iterator[None]:
    # The WSGI app closes "old" connections around each request; inside the test's transaction
    # that would close the connection under it (PostgreSQL). Django's test client does the same.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def unlimited(monkeypatch: pytest.MonkeyPatch) -> None:
    # The fuzzer sends hundreds of requests a minute; limits are tested elsewhere.
    for name in ("PUBLIC_REQUESTS_PER_MINUTE", "TOKEN_REQUESTS_PER_MINUTE", "SUBMISSIONS_PER_HOUR"):
        monkeypatch.setattr(auth, name, 10**6)
    monkeypatch.setattr(auth, "SUPPORTS_PER_HOUR", 10**6)


def _fuzz(operation: Any, token: str, failures: list[str], statuses: dict[int, int]) -> None:
    # Plain bodies: the in-process client does not undo the site's gzip.
    headers = {"Accept-Encoding": "identity"}
    if operation.security:
        headers["Authorization"] = f"Bearer {token}"

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        response = case.call(app=application, headers=headers)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        try:
            case.validate_response(response, checks=CHECKS)
        except Exception as exc:  # collected, so one run reports every broken operation
            failures.append(f"{case.method} {case.formatted_path}: {exc}"[:600])

    run()


def test_the_whole_description_holds_under_fuzzing(
    city: City, unlimited: None, in_test_transaction: None
) -> None:
    submit(city)
    complaint_in(city, Status.ROUTED)
    token = token_for(city.verifier)
    schema = openapi.from_dict(api.get_openapi_schema())
    failures: list[str] = []
    statuses: dict[int, int] = {}
    for result in schema.get_all_operations():
        _fuzz(result.ok(), token, failures, statuses)  # type: ignore[union-attr]
    assert sum(statuses.values()) >= EXAMPLES * 20
    assert failures == []
    # The run got past the walls and the schemas too, not only refusals.
    assert sum(n for code, n in statuses.items() if code < 300) >= 10, statuses
