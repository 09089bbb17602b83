"""Version 1 of the JSON API: the NinjaAPI object, its routers and its one error shape.

Served under /api/v1/; the OpenAPI 3 description is /api/v1/openapi.json and the readable
reference is /api/v1/referensi/ (docs/api.md has copy-paste examples).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from aduan.api import data, problems, public, staff
from aduan.api.problems import ApiProblem


class StrictJson(Parser):
    """JSON bodies only, and only as JSON: a form post or text is a 415, garbage a 400."""

    def parse_body(self, request: HttpRequest) -> Any:
        kind = request.content_type or ""
        if kind != "application/json" and not kind.endswith("+json"):
            raise ApiProblem(
                "unsupported-media-type",
                problems.unsupported_detail(),
            )
        return super().parse_body(request)


PROBLEM_SCHEMA = {
    "title": "Problem",
    "type": "object",
    "description": "RFC 9457 problem details.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}


class AduanApi(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """Ninja's description, with the one error shape declared for every operation."""
        spec = super().get_openapi_schema(*args, **kwargs)
        spec.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        problem = {
            "description": "Permintaan ditolak; tidak ada yang berubah (problem details).",
            "content": {
                problems.CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}
            },
        }
        for item in spec.get("paths", {}).values():
            for op in item.values():
                op.setdefault("responses", {})["4XX"] = problem
        return spec


api = AduanApi(
    title="Aduan API",
    version="1",
    description=(
        "API JSON Aduan: publik (kategori, wilayah, kirim dan lacak aduan), staf (antrean, "
        "aduan, linimasa, tindakan; token pribadi) dan data untuk integrator. Setiap kesalahan "
        "berbentuk problem details (RFC 9457), dalam Bahasa Indonesia atau Inggris "
        "(Accept-Language)."
    ),
    urls_namespace="api-v1",
    docs_url=None,
    openapi_url="/openapi.json",
    parser=StrictJson(),
)
api.add_router("/", public.router)
api.add_router("/", data.router)
api.add_router("/staff", staff.router)


def _problem(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problems.from_exception(request, exc)


def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return problems.from_validation(request, exc.errors)


def _http(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc, AuthenticationError):
        return problems.response(request, "unauthenticated", headers={"WWW-Authenticate": "Bearer"})
    cause = exc.__cause__
    if isinstance(cause, ApiProblem):
        return problems.from_problem(request, cause)
    if exc.status_code == 400:
        return problems.response(request, "invalid-body", problems.invalid_json_detail())
    return problems.response(request, problems.BY_STATUS.get(exc.status_code, "invalid-body"))


api.add_exception_handler(Exception, _problem)  # type: ignore[arg-type]
api.add_exception_handler(ValidationError, _validation)  # type: ignore[arg-type]
api.add_exception_handler(HttpError, _http)  # type: ignore[arg-type]
