"""URL patterns of the staff interface."""

from django.urls import path  # noqa: F401

app_name = "staff"
urlpatterns: list = []
