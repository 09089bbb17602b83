"""The site's URL map: public pages at the root, staff under /staf/, API under /api/."""

from django.contrib import admin
from django.urls import include, path

from aduan.api import health, metrics
from aduan.api.v1 import api as api_v1

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("healthz/worker", health.worker_health, name="healthz_worker"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("staf/", include("aduan.staff.urls")),
    path("api/v1/", api_v1.urls),
    path("api/", include("aduan.api.urls")),
    path("", include("aduan.public.urls")),
]
