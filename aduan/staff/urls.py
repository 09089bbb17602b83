"""URL patterns of the staff interface."""

from django.urls import path

from aduan.lib import codes  # noqa: F401 (registers the <code:…> and <typedcode:…> URL parts)
from aduan.staff import (
    auth_views,
    complaint_views,
    duty_views,
    intake_views,
    notifications_views,
    privacy_views,
    queue_views,
    report_document_views,
    reports_views,
    token_views,
)

app_name = "staff"
urlpatterns: list = [
    path("pemberitahuan/", notifications_views.notification_list, name="notifications"),
    path("pemberitahuan/jumlah/", notifications_views.unread, name="notifications_unread"),
    path("pemberitahuan/dibaca/", notifications_views.mark_all_read, name="notifications_read_all"),
    path(
        "pemberitahuan/<int:pk>/dibaca/",
        notifications_views.mark_read,
        name="notification_read",
    ),
    path("pengiriman/", notifications_views.deliveries, name="deliveries"),
    path(
        "pengiriman/kirim-ulang/",
        notifications_views.deliveries_send_again,
        name="deliveries_send_again",
    ),
    path("masuk/", auth_views.sign_in, name="login"),
    path("keluar/", auth_views.sign_out, name="logout"),
    path("2fa/siapkan/", auth_views.two_factor_setup, name="2fa_setup"),
    path("2fa/verifikasi/", auth_views.two_factor_verify, name="2fa_verify"),
    path("2fa/kode-pemulihan/", auth_views.recovery_codes, name="2fa_recovery_codes"),
    path("sandi/", auth_views.password_change, name="password_change"),
    path("lupa-sandi/", auth_views.password_reset, name="password_reset"),
    path("lupa-sandi/terkirim/", auth_views.password_reset_sent, name="password_reset_sent"),
    path(
        "lupa-sandi/<uidb64>/<token>/",
        auth_views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("", queue_views.queue, name="home"),
    path("antrean/<slug:slug>/", queue_views.queue, name="queue"),
    path("antrean/<slug:slug>/massal/", queue_views.bulk, name="bulk"),
    path("aduan/baru/", intake_views.intake, name="intake"),
    path("aduan/<code:code>/", complaint_views.complaint_page, name="complaint"),
    path("aduan/<code:code>/identitas/", complaint_views.reveal_identity, name="identity"),
    path(
        "aduan/<code:code>/tindakan/<slug:name>/",
        complaint_views.take_action,
        name="action",
    ),
    path("lampiran/<int:pk>/", complaint_views.attachment, name="attachment"),
    # The DPO's pages (aduan/staff/privacy_views.py).
    path("privasi/", privacy_views.overview, name="privacy"),
    path("privasi/akses/", privacy_views.access_log, name="privacy_access"),
    path("privasi/permintaan/", privacy_views.requests_list, name="privacy_requests"),
    path("privasi/permintaan/<int:pk>/", privacy_views.request_detail, name="privacy_request"),
    path(
        "privasi/permintaan/<int:pk>/ekspor/",
        privacy_views.request_export,
        name="privacy_request_export",
    ),
    path(
        "privasi/permintaan/<int:pk>/perbaiki/",
        privacy_views.request_correct,
        name="privacy_request_correct",
    ),
    path(
        "privasi/permintaan/<int:pk>/hapus/",
        privacy_views.request_anonymise,
        name="privacy_request_anonymise",
    ),
    path(
        "privasi/permintaan/<int:pk>/tutup/",
        privacy_views.request_close,
        name="privacy_request_close",
    ),
    path("privasi/insiden/", privacy_views.breaches, name="privacy_breaches"),
    path("privasi/insiden/<int:pk>/", privacy_views.breach_detail, name="privacy_breach"),
    path("piket/", duty_views.roster, name="duty"),
    path("token/", token_views.tokens, name="tokens"),
    path("token/<int:pk>/cabut/", token_views.revoke_token, name="token_revoke"),
    path("laporan/", reports_views.dashboard, name="reports"),
    path("laporan/bulanan/", reports_views.monthly_report, name="reports_monthly"),
    path("laporan/bulanan/dokumen/", report_document_views.document, name="report_document"),
    path(
        "laporan/bulanan/dokumen/simpan/",
        report_document_views.document_save,
        name="report_document_save",
    ),
    path(
        "laporan/bulanan/dokumen/final/",
        report_document_views.document_finalise,
        name="report_document_finalise",
    ),
    path(
        "laporan/bulanan/dokumen/koreksi/",
        report_document_views.document_correct,
        name="report_document_correct",
    ),
    path(
        "laporan/bulanan/dokumen/versi/<int:number>/<str:fmt>/",
        report_document_views.version_file,
        name="report_version_file",
    ),
    path("laporan/bulanan/pengantar/", report_document_views.preface, name="report_preface"),
    path("laporan/ekspor/", reports_views.export, name="reports_export"),
]
