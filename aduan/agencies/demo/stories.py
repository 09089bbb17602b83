"""What the demo's complaints say: titles, descriptions, places, follow-ups and answers by category."""

from __future__ import annotations

# category slug → [(title, description)]; "{place}" is replaced by a street or landmark.
REPORTS: dict[str, list[tuple[str, str]]] = {
    "jalan-rusak": [
        (
            "Jalan berlubang di {place}",
            "Ada lubang besar sekitar 40 cm di tengah jalan {place}. Sudah dua pengendara motor "
            "terjatuh minggu ini, apalagi kalau hujan lubangnya tertutup genangan dan tidak terlihat.",
        ),
        (
            "Aspal mengelupas sepanjang {place}",
            "Aspal di {place} mengelupas kurang lebih 100 meter sejak musim hujan. Kerikil "
            "berserakan dan membahayakan pengendara, terutama malam hari karena penerangan kurang.",
        ),
        (
            "Jalan amblas dekat gorong-gorong {place}",
            "Permukaan jalan amblas di atas gorong-gorong dekat {place}. Retakannya makin lebar "
            "setiap hari dan truk masih lewat. Mohon segera diberi tanda dan diperbaiki.",
        ),
    ],
    "lampu-pju-mati": [
        (
            "Lampu PJU mati di {place}",
            "Tiga tiang lampu penerangan jalan di {place} mati sejak seminggu lalu. Jalan jadi "
            "gelap gulita dan warga khawatir terjadi begal.",
        ),
        (
            "Lampu jalan berkedip terus di {place}",
            "Lampu PJU di depan {place} berkedip-kedip sepanjang malam lalu mati menjelang subuh.",
        ),
    ],
    "trotoar-rusak": [
        (
            "Trotoar ambrol di {place}",
            "Paving trotoar di {place} ambrol dan ada lubang saluran terbuka. Anak-anak sekolah "
            "terpaksa berjalan di badan jalan.",
        ),
    ],
    "jembatan-rusak": [
        (
            "Pagar jembatan patah di {place}",
            "Pagar pengaman jembatan penyeberangan di {place} patah di dua titik. Sangat berbahaya "
            "bagi anak-anak yang melintas.",
        ),
    ],
    "drainase-tersumbat": [
        (
            "Saluran air mampet di {place}",
            "Got di sepanjang {place} tersumbat sampah dan lumpur. Air meluap ke jalan setiap "
            "hujan deras dan baunya menyengat.",
        ),
        (
            "Gorong-gorong tertutup sedimen di {place}",
            "Gorong-gorong di {place} hampir tertutup sedimen sehingga air tidak mengalir. "
            "Mohon dilakukan pengerukan sebelum puncak musim hujan.",
        ),
    ],
    "banjir-genangan": [
        (
            "Genangan setinggi lutut di {place}",
            "Setelah hujan dua jam, {place} tergenang setinggi lutut orang dewasa. Motor banyak "
            "yang mogok dan air mulai masuk ke rumah warga.",
        ),
        (
            "Banjir tidak surut di {place}",
            "Sudah sejak semalam air di {place} tidak surut. Pompa di dekat lokasi sepertinya "
            "tidak berfungsi.",
        ),
    ],
    "pohon-tumbang": [
        (
            "Pohon tumbang menutup jalan di {place}",
            "Pohon angsana besar tumbang setelah angin kencang dan menutup seluruh badan jalan di "
            "{place}. Kabel listrik ikut tertimpa.",
        ),
        (
            "Dahan besar patah di {place}",
            "Dahan pohon trembesi patah dan menggantung di atas jalan {place}, bisa jatuh sewaktu-"
            "waktu menimpa pengendara.",
        ),
    ],
    "kebakaran": [
        (
            "Kebakaran lahan kosong di {place}",
            "Ada api dan asap tebal dari lahan kosong di {place}, angin mengarah ke permukiman.",
        ),
    ],
    "kedaruratan-medis": [
        (
            "Warga pingsan di {place}",
            "Seorang bapak pingsan di {place} dan belum ada ambulans yang datang.",
        ),
    ],
    "sampah-menumpuk": [
        (
            "Sampah menumpuk di TPS {place}",
            "Sampah di TPS {place} sudah empat hari tidak diangkut. Tumpukannya meluber ke jalan "
            "dan mengundang lalat serta tikus.",
        ),
        (
            "TPS liar di pinggir {place}",
            "Warga dari luar daerah membuang sampah di pinggir {place} setiap malam sehingga "
            "menjadi TPS liar. Mohon diangkut dan dipasang papan larangan.",
        ),
    ],
    "pencemaran-sungai": [
        (
            "Air sungai berwarna hitam dekat {place}",
            "Air kali di dekat {place} berwarna hitam pekat dan berbau sejak tiga hari. Diduga "
            "ada pabrik yang membuang limbah pada malam hari.",
        ),
    ],
    "pembakaran-sampah": [
        (
            "Pembakaran sampah setiap sore di {place}",
            "Setiap sore ada warga yang membakar sampah plastik di {place}. Asapnya masuk ke rumah "
            "dan membuat anak-anak batuk.",
        ),
    ],
    "parkir-liar": [
        (
            "Parkir liar memakan badan jalan di {place}",
            "Mobil dan motor diparkir di kedua sisi {place} sehingga jalan tinggal satu lajur dan "
            "macet setiap jam pulang kantor. Ada juru parkir tanpa karcis resmi.",
        ),
        (
            "Parkir di trotoar depan {place}",
            "Trotoar di depan {place} dipakai untuk parkir motor sehingga pejalan kaki harus "
            "turun ke jalan.",
        ),
    ],
    "pedagang-kaki-lima": [
        (
            "PKL berjualan di trotoar {place}",
            "Pedagang kaki lima menutup trotoar di {place} sejak sore sampai malam. Pejalan kaki "
            "tidak bisa lewat dan sampahnya ditinggal begitu saja.",
        ),
    ],
    "reklame-liar": [
        (
            "Spanduk liar di tiang listrik {place}",
            "Banyak spanduk dan baliho tanpa izin dipaku di pohon dan tiang listrik sepanjang "
            "{place}. Sebagian sudah robek dan menghalangi rambu.",
        ),
    ],
    "gangguan-ketertiban": [
        (
            "Balap liar setiap malam minggu di {place}",
            "Setiap malam minggu ada balap liar di {place} mulai pukul 01.00. Sangat bising dan "
            "berbahaya bagi warga yang melintas.",
        ),
    ],
    "izin-bangunan": [
        (
            "Bangunan tanpa PBG di {place}",
            "Ada bangunan ruko tiga lantai sedang dibangun di {place} dan menutup saluran air. "
            "Tidak terlihat papan PBG di lokasi.",
        ),
    ],
    "lampu-lalu-lintas": [
        (
            "Lampu lalu lintas mati di simpang {place}",
            "Traffic light di simpang {place} mati sejak pagi sehingga kendaraan saling serobot.",
        ),
    ],
    "angkutan-umum": [
        (
            "Angkot ngetem lama di {place}",
            "Angkot trayek R03 ngetem lama di {place} dan menurunkan penumpang sembarangan.",
        ),
    ],
    "layanan-ktp-kk": [
        (
            "KTP-el belum jadi setelah dua bulan",
            "Saya merekam KTP-el di kantor kecamatan dua bulan lalu, tetapi sampai sekarang "
            "belum dicetak dengan alasan blangko habis. Mohon kepastian jadwalnya.",
        ),
        (
            "Perubahan KK tidak diproses",
            "Permohonan perubahan Kartu Keluarga karena kelahiran anak sudah saya ajukan lewat "
            "aplikasi sebulan lalu, statusnya masih 'menunggu verifikasi'.",
        ),
    ],
    "akta-kelahiran": [
        (
            "Syarat akta kelahiran anak",
            "Mohon informasi persyaratan membuat akta kelahiran untuk anak yang lahir di rumah "
            "tanpa surat keterangan bidan.",
        ),
    ],
    "air-pdam-mati": [
        (
            "Air PDAM tidak mengalir di {place}",
            "Sudah tiga hari air PDAM di {place} tidak mengalir sama sekali, tanpa pemberitahuan. "
            "Warga terpaksa membeli air galon untuk mandi.",
        ),
        (
            "Pipa PDAM bocor di {place}",
            "Pipa PDAM bocor di pinggir {place}, air menyembur dan jalan jadi licin.",
        ),
    ],
    "tagihan-pdam": [
        (
            "Tagihan air naik tidak wajar",
            "Tagihan PDAM bulan ini naik tiga kali lipat padahal pemakaian sama. Meteran di rumah "
            "sepertinya tidak pernah dicatat petugas.",
        ),
    ],
    "fasilitas-kesehatan": [
        (
            "Antrean puskesmas sangat panjang",
            "Di puskesmas dekat {place} pendaftaran baru dibuka pukul 08.30 padahal warga sudah "
            "antre sejak subuh. Nomor antrean sering habis sebelum jam 9.",
        ),
        (
            "Obat di puskesmas sering kosong",
            "Obat hipertensi untuk peserta JKN di puskesmas dekat {place} kosong sudah dua bulan.",
        ),
    ],
    "demam-berdarah": [
        (
            "Permohonan fogging di {place}",
            "Dalam dua minggu ada tiga warga di {place} dirawat karena demam berdarah. Mohon "
            "dilakukan fogging dan pemeriksaan jentik.",
        ),
    ],
    "pungli": [
        (
            "Pungutan saat mengurus surat pindah",
            "Saat mengurus surat pindah, saya diminta membayar Rp150.000 oleh oknum petugas agar "
            "cepat selesai, tanpa kuitansi.",
        ),
        (
            "Biaya tidak resmi di loket pelayanan",
            "Di loket pelayanan ada oknum yang meminta 'uang administrasi' Rp50.000 untuk "
            "legalisir dokumen yang seharusnya gratis.",
        ),
    ],
    "penyalahgunaan-wewenang": [
        (
            "Kendaraan dinas dipakai untuk keperluan pribadi",
            "Mobil dinas berpelat merah terlihat dipakai untuk antar-jemput keluarga dan belanja "
            "pada hari Minggu di {place}.",
        ),
    ],
    "kekerasan-anak": [
        (
            "Dugaan kekerasan terhadap anak tetangga",
            "Saya sering mendengar anak tetangga menangis dan dipukuli. Anak itu terlihat memar "
            "di lengan. Mohon ditangani dengan menjaga kerahasiaan saya.",
        ),
    ],
    "permintaan-informasi": [
        (
            "Jadwal pengangkutan sampah di {place}",
            "Mohon informasi jadwal pengangkutan sampah untuk wilayah {place}.",
        ),
        (
            "Cara mendaftar UMKM binaan",
            "Bagaimana cara mendaftar sebagai UMKM binaan pemerintah kota dan apa syaratnya?",
        ),
    ],
    "saran-masukan": [
        (
            "Usul taman bermain di {place}",
            "Lahan kosong milik pemkot di {place} sebaiknya dijadikan taman bermain anak dan "
            "ruang terbuka hijau.",
        ),
        (
            "Apresiasi petugas kebersihan",
            "Terima kasih kepada petugas kebersihan yang setiap pagi membersihkan {place}. "
            "Semoga terus dipertahankan.",
        ),
    ],
}

PLACES: dict[str, list[str]] = {
    "36.71.01": [
        "Jl. Daan Mogot",
        "Jl. Perintis Kemerdekaan",
        "Jl. TMP Taruna",
        "Jl. Jenderal Sudirman",
        "Jl. Mohammad Yamin",
        "Pasar Anyar",
    ],
    "36.71.05": [
        "Jl. KH Hasyim Ashari",
        "Jl. Maulana Hasanudin",
        "Situ Cipondoh",
        "Jl. Gatot Subroto",
    ],
    "36.71.06": ["Jl. HOS Cokroaminoto", "Jl. Raden Fatah", "Jl. Ciledug Raya", "Pasar Lembang"],
    "36.71.07": ["Jl. Imam Bonjol", "Jl. Otto Iskandardinata", "Jl. Proklamasi", "Pasar Baru"],
}
HOUSE_NUMBERS = ["No. 12", "No. 45", "No. 7", "No. 101", "dekat masjid", "depan minimarket"]
RT_RW = ["RT 02/RW 05", "RT 04/RW 01", "RT 01/RW 03", "RT 06/RW 02", "RT 03/RW 07"]

FIRST_NAMES = [
    "Siti",
    "Agus",
    "Dewi",
    "Rizky",
    "Nurul",
    "Bayu",
    "Putri",
    "Hendra",
    "Wulan",
    "Fajar",
    "Indah",
    "Andi",
    "Ratna",
    "Dimas",
    "Yanti",
    "Ilham",
]
LAST_NAMES = [
    "Aminah",
    "Saputra",
    "Kusuma",
    "Ramadhan",
    "Hidayah",
    "Pratama",
    "Lestari",
    "Gunawan",
    "Sari",
    "Nugroho",
    "Permata",
    "Wijaya",
]

ACCEPTED = [
    "Laporan kami terima. Petugas akan meninjau lokasi dalam waktu dekat.",
    "Terima kasih, laporan sudah kami jadwalkan untuk ditindaklanjuti.",
]
UPDATES: dict[str, list[str]] = {
    "jalan-rusak": [
        "Tim Bina Marga sudah meninjau lokasi dan memasang rambu sementara.",
        "Material aspal sudah disiapkan, penambalan dijadwalkan pekan ini.",
    ],
    "sampah-menumpuk": ["Armada pengangkut dijadwalkan datang besok pagi."],
    "drainase-tersumbat": ["Tim SDA sudah melakukan pengerukan sebagian saluran."],
    "banjir-genangan": ["Pompa mobile sudah dikerahkan ke lokasi."],
    "air-pdam-mati": ["Ada perbaikan pipa induk; aliran akan pulih bertahap."],
    "parkir-liar": ["Petugas sudah melakukan penertiban dan pemasangan rambu dilarang parkir."],
}
GENERIC_UPDATES = [
    "Petugas sudah meninjau lokasi; penanganan sedang dikoordinasikan.",
    "Penanganan masih berlangsung, mohon kesabarannya.",
]
RESOLUTIONS: dict[str, str] = {
    "jalan-rusak": "Lubang jalan telah ditambal dengan aspal hotmix sepanjang area yang rusak.",
    "lampu-pju-mati": "Lampu PJU telah diganti dan kembali menyala normal.",
    "drainase-tersumbat": "Saluran telah dikeruk dan sampah diangkut; air kembali mengalir.",
    "banjir-genangan": "Genangan telah surut setelah pompa dioperasikan dan saluran dibersihkan.",
    "pohon-tumbang": "Pohon telah dipotong dan dievakuasi; jalan kembali dapat dilalui.",
    "sampah-menumpuk": "Sampah telah diangkut dan lokasi dibersihkan.",
    "parkir-liar": "Penertiban parkir telah dilakukan bersama juru parkir resmi.",
    "pedagang-kaki-lima": "PKL telah ditata dan direlokasi ke lokasi binaan.",
    "air-pdam-mati": "Perbaikan pipa selesai dan air kembali mengalir normal.",
    "layanan-ktp-kk": "Dokumen telah selesai dicetak dan dapat diambil di kantor kecamatan.",
    "pungli": "Oknum telah diperiksa Inspektorat dan dijatuhi sanksi disiplin.",
}
GENERIC_RESOLUTION = "Penanganan telah selesai dilakukan sesuai laporan."
QUESTIONS = [
    "Mohon sebutkan patokan lokasi yang lebih jelas (nomor rumah atau bangunan terdekat).",
    "Apakah Anda dapat mengirimkan foto kondisi di lokasi?",
    "Sejak kapan kejadian ini berlangsung?",
]
ANSWERS = [
    "Lokasinya persis di depan warung bakso, sebelah gang masjid.",
    "Sudah berlangsung sekitar dua minggu, Pak/Bu.",
    "Tepatnya di seberang sekolah dasar, dekat tiang listrik bercat merah.",
]
RATING_COMMENTS = {
    5: ["Terima kasih, cepat sekali ditangani!", "Mantap, pelayanannya responsif."],
    4: ["Sudah beres, terima kasih.", "Sudah baik, semoga dirawat rutin."],
    3: ["Sudah ditangani tapi cukup lama.", ""],
    2: ["Prosesnya terlalu lama.", ""],
    1: ["Penanganan asal-asalan, masalah masih muncul.", ""],
}
DISPUTES = [
    "Di lokasi belum ada perubahan sama sekali, mohon dicek kembali.",
    "Perbaikannya hanya sebagian, lubang di sisi kiri masih ada.",
]
REVIEW_REJECTIONS = ["Mohon lampirkan uraian dan foto yang lebih jelas tentang hasil penanganan."]
NOT_AUTHORITY = [
    "Lokasi ini adalah jalan provinsi, bukan kewenangan dinas kami.",
    "Masalah ini ditangani instansi lain sesuai tugas dan fungsinya.",
]
COORDINATION = (
    "Mohon bantuan penanganan di lokasi karena berkaitan dengan tugas instansi Bapak/Ibu."
)
