"""The reporter's receipt (tanda terima): a one-page PDF to print or keep, with the tracking code
and a QR code of the public tracking page.

Only the reporter gets it (the browser that sent the report, the secret link's proof, or the
signed-in owner). It never carries the reporter's name or contact, nor the secret link: a
receipt is easily lost, and what it holds is what anyone may know with the code.
"""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from aduan.complaints.models import Complaint
from aduan.lib import codes
from aduan.lib.pdf import FONT, document
from aduan.public.finish import deadline_rows, next_deadline
from aduan.public.reporter import actor_for
from aduan.public.tracking import not_found

INK = (29, 39, 51)
BRAND = (31, 111, 139)


@require_GET
def receipt(request: HttpRequest, code: str) -> HttpResponse:
    normal = codes.normalise(code)
    complaint = (
        Complaint.objects.select_related("category", "agency").filter(tracking_code=normal).first()
        if normal
        else None
    )
    # Anyone else gets the answer an unknown code gets: the receipt says nothing to them.
    if complaint is None or actor_for(request, complaint) is None:
        return not_found(request)
    track_url = request.build_absolute_uri(
        reverse("public:tracking", args=[complaint.tracking_code])
    )
    response = HttpResponse(render_receipt(complaint, track_url), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="tanda-terima-{complaint.tracking_code}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


def render_receipt(complaint: Complaint, track_url: str) -> bytes:
    pdf = document(format=(148, 210))  # A5
    pdf.set_title(_("Tanda terima aduan %(code)s") % {"code": complaint.tracking_code})
    pdf.set_author(settings.ADUAN_INSTITUTION_NAME)
    pdf.set_margins(14, 12, 14)
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    pdf.set_text_color(*INK)

    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(0, 5, settings.ADUAN_INSTITUTION_NAME, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*BRAND)
    pdf.line(14, pdf.get_y() + 1.5, 134, pdf.get_y() + 1.5)
    pdf.ln(5)
    pdf.set_font(FONT, "B", 16)
    pdf.cell(0, 8, _("Tanda Terima Aduan"), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)

    pdf.set_font(FONT, "", 9)
    pdf.cell(0, 5, _("Kode lacak"), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 20)
    pdf.cell(0, 10, complaint.tracking_code, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)

    received = date_format(timezone.localtime(complaint.created_at), "j F Y, H.i T")
    rows = [
        (_("Diterima"), received),
        (_("Jenis"), complaint.get_classification_display()),
        (_("Kategori"), complaint.category.name),
        (
            _("Aduan"),
            _("Rahasia: isinya hanya untuk Anda dan petugas")
            if complaint.is_confidential
            else complaint.title,
        ),
        (_("Status"), complaint.public_status),
    ]
    top = pdf.get_y()
    for label, value in rows:
        pdf.set_x(14)
        pdf.set_font(FONT, "", 9)
        pdf.cell(22, 5.5, label)
        pdf.set_font(FONT, "B", 9)
        pdf.multi_cell(66, 5.5, str(value), align="L", new_x="LMARGIN", new_y="NEXT")
    # The QR code of the public tracking page (never the secret link), beside the details.
    qr = io.BytesIO()
    segno.make(track_url, error="m").save(qr, kind="png", scale=6, border=2)
    qr.seek(0)
    pdf.image(qr, x=104, y=top - 2, w=30, h=30, alt_text=_("Kode QR halaman lacak aduan"))
    pdf.set_y(max(pdf.get_y(), top + 30) + 3)

    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(
        0,
        5,
        _("Lacak aduan Anda di %(url)s atau pindai kode QR di atas.") % {"url": track_url},
        align="L",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)

    pdf.set_font(FONT, "B", 10)
    pdf.cell(0, 6, _("Apa yang terjadi selanjutnya"), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    for row in deadline_rows(complaint):
        line = f"{row['step']}: {row['text']} " + _("Batas waktu: %(limit)s.") % {
            "limit": row["limit"]
        }
        pdf.multi_cell(0, 5, "• " + line, align="L", new_x="LMARGIN", new_y="NEXT")
    due = next_deadline(complaint)
    if due:
        pdf.ln(1)
        pdf.multi_cell(0, 5, due, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FONT, "", 8)
    pdf.multi_cell(
        0,
        4.2,
        _(
            "Tanda terima ini tidak memuat nama dan kontak Anda, juga tidak memuat tautan "
            "rahasia Anda. Dengan kode lacak siapa pun dapat melihat status aduan; hanya Anda "
            "yang dapat menjawab petugas dan mengonfirmasi penyelesaian."
        ),
        align="L",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())
