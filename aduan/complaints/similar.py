"""Finding complaints like the one being reported: same category, nearby or in the same kelurahan, recent.

Shown to a citizen while reporting (so they can support an existing complaint instead of filing a
duplicate) and to the desk when deciding whether to merge.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from aduan.agencies.models import Area, Category
from aduan.complaints.models import Complaint, ComplaintQuerySet

RADIUS_METRES = 250
WITHIN_DAYS = 30
LIMIT = 5
EARTH_RADIUS_METRES = 6_371_008.8
METRES_PER_DEGREE_LATITUDE = 111_320.0
# Rows checked exactly after the bounding-box prefilter; a box of 500 m in one category over 30 days
# holds far fewer in any real city.
MAX_CANDIDATES = 200


def distance_metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance by the haversine formula."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_METRES * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(
    latitude: float, longitude: float, radius: float
) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """(south, north, west, east) of a box that contains the circle, for an indexable prefilter."""
    dlat = radius / METRES_PER_DEGREE_LATITUDE
    # Near the poles a degree of longitude shrinks to nothing; Indonesia is near the equator, but
    # keep the maths safe anywhere.
    cos_lat = max(math.cos(math.radians(latitude)), 0.01)
    dlon = radius / (METRES_PER_DEGREE_LATITUDE * cos_lat)
    q = Decimal("0.000001")
    return (
        Decimal(latitude - dlat).quantize(q),
        Decimal(latitude + dlat).quantize(q),
        Decimal(longitude - dlon).quantize(q),
        Decimal(longitude + dlon).quantize(q),
    )


def find(
    *,
    category: Category,
    latitude: float | Decimal | None = None,
    longitude: float | Decimal | None = None,
    area: Area | None = None,
    exclude: Complaint | None = None,
    queryset: ComplaintQuerySet | None = None,
    now: datetime | None = None,
    radius: float = RADIUS_METRES,
    limit: int = LIMIT,
) -> list[Complaint]:
    """Open complaints of category within radius of the pin (or in area when there is no pin).

    Newest first. By default only public complaints are considered (what a citizen may see); the
    staff console passes its own scoped queryset. Each result carries `distance` in metres (None
    when matched by kelurahan).
    """
    base = queryset if queryset is not None else Complaint.objects.public()
    since = (now or timezone.now()) - timedelta(days=WITHIN_DAYS)
    qs = (
        base.open()
        .filter(category=category, created_at__gte=since)
        .select_related("category", "area", "area__parent", "agency", "unit")
        .order_by("-created_at", "-id")
    )
    if exclude is not None and exclude.pk is not None:
        qs = qs.exclude(pk=exclude.pk)

    if latitude is not None and longitude is not None:
        lat, lon = float(latitude), float(longitude)
        south, north, west, east = bounding_box(lat, lon, radius)
        candidates = qs.filter(
            latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east
        )[:MAX_CANDIDATES]
        found: list[Complaint] = []
        for complaint in candidates:
            assert complaint.latitude is not None and complaint.longitude is not None
            metres = distance_metres(
                lat, lon, float(complaint.latitude), float(complaint.longitude)
            )
            if metres <= radius:
                complaint.distance = round(metres)  # type: ignore[attr-defined]
                found.append(complaint)
                if len(found) == limit:
                    break
        return found

    if area is not None:
        found = list(qs.filter(area=area)[:limit])
        for complaint in found:
            complaint.distance = None  # type: ignore[attr-defined]
        return found
    return []
