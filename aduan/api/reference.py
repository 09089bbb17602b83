"""The API's readable reference: a page made on the server from the OpenAPI description (no
JavaScript, like every page of the site), and the API's own 404 for unknown addresses."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from aduan.api import problems

METHODS = ("get", "post", "put", "patch", "delete")


def _resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        return dict(spec["components"]["schemas"].get(name, {}))
    return node


def _type(spec: dict[str, Any], node: dict[str, Any]) -> str:
    node = _resolve(spec, node)
    if "anyOf" in node:
        return " | ".join(_type(spec, n) for n in node["anyOf"])
    if "enum" in node:
        return " | ".join(repr(v) for v in node["enum"])
    if "const" in node:
        return repr(node["const"])
    if node.get("type") == "array":
        return f"[{_type(spec, node.get('items', {}))}]"
    if "properties" in node:
        return node.get("title", "object")
    return str(node.get("format") or node.get("type") or "any")


def _fields(spec: dict[str, Any], node: dict[str, Any]) -> list[dict[str, Any]]:
    node = _resolve(spec, node)
    required = set(node.get("required", []))
    rows = []
    for name, prop in node.get("properties", {}).items():
        real = _resolve(spec, prop)
        limits = [
            f"{key} {real[key]}"
            for key in ("minLength", "maxLength", "minimum", "maximum", "maxItems")
            if key in real
        ]
        rows.append(
            {
                "name": name,
                "type": _type(spec, prop),
                "required": name in required,
                "description": real.get("description", ""),
                "limits": ", ".join(limits),
            }
        )
    return rows


def operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            found.append(
                {
                    "id": op.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "tag": (op.get("tags") or [""])[0],
                    "token": bool(op.get("security")),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "type": _type(spec, p.get("schema", {})),
                            "description": p.get("description", "")
                            or p.get("schema", {}).get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body": _fields(spec, body["schema"]) if body else [],
                    "responses": sorted(str(code) for code in op.get("responses", {})),
                }
            )
    return found


@require_GET
def reference(request: HttpRequest) -> HttpResponse:
    from aduan.api.v1 import api

    spec = api.get_openapi_schema()
    ops = operations(spec)
    tags = []
    for op in ops:
        if op["tag"] not in tags:
            tags.append(op["tag"])
    return render(
        request,
        "api/reference.html",
        {
            "spec": spec,
            "groups": [(tag, [op for op in ops if op["tag"] == tag]) for tag in tags],
            "problems": [
                {"slug": slug, "status": status, "title": str(title)}
                for slug, (status, title) in problems.KINDS.items()
            ],
        },
    )


def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return problems.response(request, "not-found", _("Tidak ada yang ditemukan di alamat ini."))
