"""URL patterns of the staff interface."""

from django.urls import path

from aduan.staff import auth_views, complaint_views, intake_views, queue_views, reports_views

app_name = "staff"
urlpatterns: list = [
    path("masuk/", auth_views.sign_in, name="login"),
    path("keluar/", auth_views.sign_out, name="logout"),
    path("2fa/siapkan/", auth_views.two_factor_setup, name="2fa_setup"),
    path("2fa/verifikasi/", auth_views.two_factor_verify, name="2fa_verify"),
    path("2fa/kode-pemulihan/", auth_views.recovery_codes, name="2fa_recovery_codes"),
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
    path("aduan/<str:code>/", complaint_views.complaint_page, name="complaint"),
    path("aduan/<str:code>/identitas/", complaint_views.reveal_identity, name="identity"),
    path(
        "aduan/<str:code>/tindakan/<slug:name>/",
        complaint_views.take_action,
        name="action",
    ),
    path("lampiran/<int:pk>/", complaint_views.attachment, name="attachment"),
    path("laporan/", reports_views.dashboard, name="reports"),
    path("laporan/bulanan/", reports_views.monthly_report, name="reports_monthly"),
    path("laporan/ekspor/", reports_views.export, name="reports_export"),
]
