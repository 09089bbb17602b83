"""The site's URLs plus one page behind the staff gate, so the gate's tests need no real console page."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from aduan.staff.decorators import staff_required
from aduan.urls import urlpatterns as site_urlpatterns


@staff_required
def guarded(request: HttpRequest) -> HttpResponse:
    return HttpResponse("isi aduan rahasia")


urlpatterns = [path("staf/uji-gerbang/", guarded), *site_urlpatterns]
