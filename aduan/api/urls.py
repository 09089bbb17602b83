"""URL patterns of the api interface beside the NinjaAPI itself (mounted at /api/v1/ in
aduan/urls.py, where its URL namespace must be at the top): the reference page and the 404."""

from django.urls import path

from aduan.api import reference

app_name = "api"
urlpatterns = [
    path("v1/referensi/", reference.reference, name="reference"),
    # Anything else under /api/v1/ is a 404 in the API's own shape.
    path("v1/<path:rest>", reference.not_found, name="not_found"),
]
