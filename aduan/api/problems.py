"""One error shape for every API answer: RFC 9457 problem details, in Bahasa Indonesia or English.

Every refusal of the API, whoever raised it (a schema, an action, the walls, a token check, Django
itself), leaves as ``application/problem+json`` with ``type``, ``title``, ``status`` and ``detail``,
and for bad fields an ``errors`` list of ``{"field", "message"}``. Titles and messages follow the
request's Accept-Language (Bahasa Indonesia unless English is asked for).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import RawPostDataException
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aduan.complaints.errors import (
    ActionError,
    InvalidInput,
    InvalidTransition,
    NotPermitted,
    StaleComplaint,
)

log = logging.getLogger("aduan.api")
CONTENT_TYPE = "application/problem+json"
REFERENCE = "/api/v1/referensi/"

# slug: (status, title). The slug is the anchor of its explanation on the reference page.
KINDS: dict[str, tuple[int, Promise]] = {
    "invalid-body": (400, gettext_lazy("Isi permintaan tidak dapat dibaca")),
    "invalid-cursor": (400, gettext_lazy("Kursor halaman tidak sah")),
    "unauthenticated": (401, gettext_lazy("Token diperlukan")),
    "token-invalid": (401, gettext_lazy("Token tidak sah")),
    "token-revoked": (401, gettext_lazy("Token sudah dicabut")),
    "token-expired": (401, gettext_lazy("Token sudah kedaluwarsa")),
    "forbidden": (403, gettext_lazy("Tidak berwenang")),
    "not-found": (404, gettext_lazy("Tidak ditemukan")),
    "method-not-allowed": (405, gettext_lazy("Metode tidak didukung")),
    "not-acceptable": (406, gettext_lazy("Format jawaban tidak tersedia")),
    "conflict": (409, gettext_lazy("Status aduan tidak mengizinkan tindakan ini")),
    "stale": (409, gettext_lazy("Aduan sudah diubah orang lain")),
    "too-large": (413, gettext_lazy("Permintaan terlalu besar")),
    "unsupported-media-type": (415, gettext_lazy("Jenis isi tidak didukung")),
    "invalid-input": (422, gettext_lazy("Data tidak valid")),
    "rate-limited": (429, gettext_lazy("Terlalu banyak permintaan")),
    "server-error": (500, gettext_lazy("Kesalahan pada server")),
}
BY_STATUS = {
    400: "invalid-body",
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    409: "conflict",
    413: "too-large",
    415: "unsupported-media-type",
    422: "invalid-input",
    429: "rate-limited",
}


class ApiProblem(Exception):
    """Raise anywhere in an endpoint to answer with this problem; nothing further happens."""

    def __init__(
        self,
        kind: str,
        detail: str | Promise = "",
        *,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(kind)
        self.kind = kind
        self.detail = detail
        self.errors = errors or []
        self.headers = headers or {}


def response(
    request: HttpRequest | None,
    kind: str,
    detail: str | Promise = "",
    *,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    status, title = KINDS[kind]
    body: dict[str, Any] = {
        "type": f"{REFERENCE}#masalah-{kind}",
        "title": str(title),
        "status": status,
        "detail": str(detail or title),
    }
    if request is not None:
        body["instance"] = request.path
    if errors:
        body["errors"] = errors
    answer = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=CONTENT_TYPE
    )
    for name, value in (headers or {}).items():
        answer[name] = value
    return answer


def unsupported_detail() -> str:
    return _("Kirim isi permintaan sebagai application/json.")


def invalid_json_detail() -> str:
    return _("Isi permintaan bukan JSON yang sah.")


def from_problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
    return response(request, exc.kind, exc.detail, errors=exc.errors, headers=exc.headers)


def from_action(request: HttpRequest, exc: ActionError) -> HttpResponse:
    """An action refused: the same words the console shows, with the console's status codes."""
    if isinstance(exc, StaleComplaint):
        kind = "stale"
    elif isinstance(exc, InvalidTransition):
        kind = "conflict"
    elif isinstance(exc, NotPermitted):
        kind = "forbidden"
    elif isinstance(exc, InvalidInput):
        kind = "invalid-input"
    else:
        kind = BY_STATUS.get(exc.status_code, "invalid-input")
    return response(request, kind, exc.message)


def from_validation(request: HttpRequest, errors: list[dict[str, Any]]) -> HttpResponse:
    """A schema refused the input: one line per field, in the reader's language."""
    lines = [{"field": _field(e.get("loc", ())), "message": _message(e)} for e in errors]
    if any(line["field"] == "body" for line in lines):
        # The body as a whole (absent, or not an object) rather than one of its fields.
        return response(request, "invalid-body", lines[0]["message"], errors=lines)
    return response(
        request, "invalid-input", _("Periksa kolom yang disebut di bawah."), errors=lines
    )


def _field(loc: Any) -> str:
    parts = [str(p) for p in loc]
    # Ninja prefixes the parameter's source and name ("body", "payload", "title").
    if len(parts) >= 2 and parts[0] == "body":
        parts = ["body", *parts[2:]] if len(parts) > 2 else ["body"]
    return ".".join(parts)


def _message(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("Wajib diisi.")
    if kind == "extra_forbidden":
        return _("Kolom ini tidak dikenal.")
    if kind == "string_too_long":
        return _("Paling panjang %(n)s karakter.") % {"n": ctx.get("max_length", "?")}
    if kind == "string_too_short":
        return _("Paling sedikit %(n)s karakter.") % {"n": ctx.get("min_length", "?")}
    if kind in {"too_long", "too_short"}:
        return _("Jumlah isian tidak sesuai batas.")
    if kind in {"greater_than_equal", "greater_than"}:
        return _("Paling kecil %(n)s.") % {"n": ctx.get("ge", ctx.get("gt", "?"))}
    if kind in {"less_than_equal", "less_than"}:
        return _("Paling besar %(n)s.") % {"n": ctx.get("le", ctx.get("lt", "?"))}
    if kind in {"literal_error", "enum"}:
        return _("Pilih salah satu nilai yang diizinkan: %(values)s.") % {
            "values": ctx.get("expected", "")
        }
    if kind == "value_error":
        return str(ctx.get("error", "")) or _("Nilai tidak sah.")
    if kind.startswith("string") or kind == "str_type":
        return _("Harus berupa teks.")
    if kind.startswith(("int", "float", "decimal")):
        return _("Harus berupa angka.")
    if kind.startswith("bool"):
        return _("Harus true atau false.")
    if kind.startswith(("date", "datetime")):
        return _("Harus tanggal dengan format TTTT-BB-HH.")
    if kind.startswith(("list", "tuple", "set")):
        return _("Harus berupa daftar.")
    if kind.startswith(("dict", "model")):
        return _("Harus berupa objek JSON.")
    if kind == "json_invalid":
        return _("Isi permintaan bukan JSON yang sah.")
    return _("Nilai tidak sah.")


def from_exception(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Whatever else went wrong, in the one shape; unknown errors are logged for the operator."""
    if isinstance(exc, ApiProblem):
        return from_problem(request, exc)
    if isinstance(exc, ActionError):
        return from_action(request, exc)
    if isinstance(exc, Http404):
        return response(request, "not-found", _("Tidak ada yang ditemukan di alamat ini."))
    if isinstance(exc, RawPostDataException):
        # A form-encoded body already read as a form (the hostile-input check reads forms):
        # this API reads JSON bodies only.
        return response(request, "invalid-body", _("Isi permintaan bukan JSON yang sah."))
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent):
        return response(request, "too-large", _("Isi permintaan melebihi batas ukuran."))
    log.exception("API error on %s %s", request.method, request.path)
    return response(request, "server-error", _("Coba lagi nanti; kesalahan ini sudah dicatat."))


def rewrite(request: HttpRequest, answer: HttpResponse) -> HttpResponse:
    """Any other error answer on an API address (a 404 from the URL map, a 405 of a method, a 403
    from a middleware) in the same shape."""
    if answer.status_code < 400 or answer.get("Content-Type", "").startswith(CONTENT_TYPE):
        return answer
    kind = BY_STATUS.get(answer.status_code)
    if kind is None:
        kind = "server-error" if answer.status_code >= 500 else "invalid-body"
    details = {
        "not-found": _("Tidak ada yang ditemukan di alamat ini."),
        "method-not-allowed": _("Alamat ini tidak menerima metode %(method)s.")
        % {"method": request.method},
    }
    new = response(request, kind, details.get(kind, ""))
    if answer.has_header("Allow"):
        new["Allow"] = answer["Allow"]
    if answer.has_header("Retry-After"):
        new["Retry-After"] = answer["Retry-After"]
    return new
