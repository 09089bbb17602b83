"""The site's URL map: public pages at the root, staff under /staf/, API under /api/."""

from django.contrib import admin
from django.urls import include, path

from aduan.api import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("staf/", include("aduan.staff.urls")),
    path("api/", include("aduan.api.urls")),
    path("", include("aduan.public.urls")),
]
