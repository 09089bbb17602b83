"""URL patterns of the public interface: home, the guided report, tracking, public photos."""

from django.urls import path

from aduan.lib import codes  # noqa: F401 (registers the <code:…> and <typedcode:…> URL parts)
from aduan.public import (
    accounts,
    archive,
    finish,
    home,
    receipt,
    signup,
    submission,
    tracking,
    transparency,
    unsubscribe,
)

app_name = "public"
urlpatterns = [
    path("", home.home, name="home"),
    path("privasi/", home.privacy_notice, name="privacy"),
    path("lampiran/<int:pk>/", home.attachment, name="attachment"),
    path("lampiran/<int:pk>/kecil/", home.attachment_thumbnail, name="attachment_thumbnail"),
    # The guided report, one step per page.
    path("aduan/baru/", submission.classification, name="start"),
    path("aduan/baru/kategori/", submission.category, name="category"),
    path("aduan/baru/darurat/", submission.emergency, name="emergency"),
    path("aduan/baru/kejadian/", submission.what, name="what"),
    path("aduan/baru/lokasi/", submission.where, name="where"),
    path("aduan/baru/foto/", submission.photos, name="photos"),
    path("aduan/baru/foto/<str:photo_id>/", submission.photo_thumbnail, name="photo"),
    path("aduan/baru/foto/<str:photo_id>/hapus/", submission.photo_remove, name="photo_remove"),
    path("aduan/baru/privasi/", submission.privacy_choice, name="privacy_choice"),
    path("aduan/baru/kontak/", submission.contact, name="contact"),
    path("aduan/baru/persetujuan/", submission.consent, name="consent"),
    path("aduan/baru/periksa/", finish.check, name="check"),
    path("aduan/terkirim/<code:code>/", finish.sent, name="sent"),
    # Following a complaint.
    path("lacak/", tracking.track_form, name="track"),
    path("lacak/<typedcode:code>/", tracking.tracking, name="tracking"),
    path("lacak/<typedcode:code>/jawab/", tracking.answer, name="answer"),
    path("lacak/<typedcode:code>/konfirmasi/", tracking.confirm, name="confirm"),
    path("lacak/<typedcode:code>/sanggah/", tracking.dispute, name="dispute"),
    path("lacak/<typedcode:code>/tanda-terima.pdf", receipt.receipt, name="receipt"),
    path("berhenti/<str:token>/", unsubscribe.unsubscribe, name="unsubscribe"),
    # The public archive and "dukung" (+1).
    path("arsip/", archive.archive, name="archive"),
    path("dukung/<code:code>/", archive.support_view, name="support"),
    # Optional citizen accounts.
    path("akun/masuk/", accounts.sign_in, name="signin"),
    path("akun/daftar/", signup.sign_up, name="signup"),
    path("akun/daftar/terkirim/", signup.sign_up_sent, name="signup_sent"),
    path("akun/daftar/lanjut/<str:token>/", signup.finish_sign_up, name="signup_finish"),
    path("akun/sandi-baru/<str:uidb64>/<str:token>/", signup.new_password, name="new_password"),
    path("akun/keluar/", accounts.sign_out, name="signout"),
    path("akun/aduan-saya/", accounts.my_complaints, name="my_complaints"),
    path("akun/pengaturan/", accounts.preferences, name="preferences"),
    # Transparency and open data.
    path("transparansi/", transparency.transparency, name="transparency"),
    path("data/aduan.csv", transparency.open_data_csv, name="open_data_csv"),
    path("data/aduan.json", transparency.open_data_json, name="open_data_json"),
]
