"""The citizen's unfinished report: answers kept in the session, photos in private draft storage.

A draft survives a reload and a dropped connection because every step's answers are written to the
session as soon as the step is sent; the cleaned photos wait under random names in the private
file storage until the report is submitted (then they move to the complaint) or abandoned.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest

from aduan.agencies.models import Area, Category
from aduan.lib import images
from aduan.lib.images import EXTENSIONS, CleanImage

SESSION_KEY = "aduan_draft"
SUBMITTED_KEY = "aduan_submitted"
# Where cleaned photos wait until their report is sent; clean_drafts empties what was abandoned.
DRAFT_DIR = "draft"


def load(request: HttpRequest) -> dict[str, Any]:
    draft = request.session.get(SESSION_KEY)
    if not isinstance(draft, dict):
        # "started": when the report began; a whole report in seconds is a script (antispam).
        draft = {"token": secrets.token_urlsafe(16), "photos": [], "started": time.time()}
    return draft


def save(request: HttpRequest, draft: dict[str, Any]) -> None:
    request.session[SESSION_KEY] = draft
    request.session.modified = True


def update(request: HttpRequest, **values: Any) -> dict[str, Any]:
    draft = load(request)
    draft.update(values)
    save(request, draft)
    return draft


def category(draft: dict[str, Any]) -> Category | None:
    pk = draft.get("category")
    if not pk:
        return None
    return Category.objects.filter(pk=pk, is_active=True).first()


def area(draft: dict[str, Any]) -> Area | None:
    code = draft.get("area")
    return Area.objects.filter(code=code).select_related("parent").first() if code else None


def add_photo(request: HttpRequest, image: CleanImage) -> None:
    """Store a cleaned photo and its thumbnail under random names and remember them in the draft."""
    draft = load(request)
    stem = f"{DRAFT_DIR}/{secrets.token_urlsafe(18)}"
    name = default_storage.save(
        f"{stem}.{EXTENSIONS[image.content_type]}", ContentFile(image.content)
    )
    thumb = default_storage.save(f"{stem}-thumb.jpg", ContentFile(images.thumbnail(image.content)))
    draft.setdefault("photos", []).append(
        {
            "id": secrets.token_urlsafe(8),
            "name": name,
            "thumb": thumb,
            "content_type": image.content_type,
            "width": image.width,
            "height": image.height,
        }
    )
    save(request, draft)


def photo(draft: dict[str, Any], photo_id: str) -> dict[str, Any] | None:
    return next((p for p in draft.get("photos", []) if p.get("id") == photo_id), None)


def remove_photo(request: HttpRequest, photo_id: str) -> bool:
    draft = load(request)
    found = photo(draft, photo_id)
    if found is None:
        return False
    draft["photos"] = [p for p in draft["photos"] if p["id"] != photo_id]
    save(request, draft)
    _delete_files(found)
    return True


def clean_images(draft: dict[str, Any]) -> list[CleanImage]:
    result = []
    for item in draft.get("photos", []):
        try:
            with default_storage.open(item["name"], "rb") as fh:
                content = fh.read()
        except OSError:
            continue
        result.append(CleanImage(content, item["content_type"], item["width"], item["height"]))
    return result


def _delete_files(item: dict[str, Any]) -> None:
    for key in ("name", "thumb"):
        if item.get(key):
            default_storage.delete(item[key])


def discard(request: HttpRequest) -> None:
    """Forget the draft and delete its photo files (after submission, or when starting over)."""
    draft = request.session.pop(SESSION_KEY, None)
    if isinstance(draft, dict):
        for item in draft.get("photos", []):
            _delete_files(item)
