import Foundation

// The texts of the SOP document (Permenpan RB 35/2012 form) beside the workflow: the header block,
// the six boxes, and per step the "Mutu Baku" texts. Each preset starts with the texts its seed
// file (shared/seeds) states. The seeds were extracted from PDFs: broken words and shifted columns
// are repaired below, the wording is kept; where a garbled table forced a reading, a comment says
// which one was chosen.
//
// Box lines are kept as the document prints them, with their numbers ("1. …") and sub-items
// ("- …"), so an administrator edits a box as plain lines of text.

/// The "Mutu Baku" and "Keterangan" texts of one activity row.
public struct SOPStepTexts: Sendable, Equatable, Hashable, Codable {
    /// The "Kegiatan" column as the seed words it (longer than the workflow step's name); "" to use
    /// the step's name.
    public var activity: String
    /// "Kelengkapan" / "Persyaratan/Kelengkapan", one line per item.
    public var requirements: [String]
    /// The "Waktu" column where the SOP states a rule rather than minutes (DKI's step 1); empty
    /// otherwise, the minutes come from the workflow step.
    public var timeRules: [String]
    public var output: String
    /// "Keterangan", one line per item.
    public var note: [String]

    public init(activity: String = "", requirements: [String] = [], timeRules: [String] = [], output: String = "",
                note: [String] = []) {
        self.activity = activity
        self.requirements = requirements
        self.timeRules = timeRules
        self.output = output
        self.note = note
    }
}

/// The document around the activity table.
public struct SOPDocumentTexts: Sendable, Equatable, Codable {
    /// The header's left block, line by line: ministry/government, institution, unit.
    public var institutionLines: [String]
    public var sopNumber: String
    /// Dates as the document writes them ("07 Agustus 2018"); "" where the seed leaves them empty.
    public var createdOn: String
    public var revisedOn: String
    public var effectiveOn: String
    /// "Disahkan oleh".
    public var approverPosition: String
    public var approverName: String
    public var approverNIP: String
    /// A note printed with the approval (an electronic signature's stamp); "" for none.
    public var approvalNote: String
    public var sopName: String

    // The six boxes.
    public var legalBasis: [String]
    public var qualifications: [String]
    public var relatedSOPs: [String]
    public var equipment: [String]
    public var warnings: [String]
    public var records: [String]

    /// One per workflow step, in order.
    public var steps: [SOPStepTexts]
    /// Activities of the table that are not workflow steps, before and after the steps.
    public var leadingExtras: [SOPExtraActivity]
    public var trailingExtras: [SOPExtraActivity]

    public init(
        institutionLines: [String] = [], sopNumber: String = "", createdOn: String = "", revisedOn: String = "",
        effectiveOn: String = "", approverPosition: String = "", approverName: String = "", approverNIP: String = "",
        approvalNote: String = "", sopName: String = "", legalBasis: [String] = [], qualifications: [String] = [],
        relatedSOPs: [String] = [], equipment: [String] = [], warnings: [String] = [], records: [String] = [],
        steps: [SOPStepTexts] = [], leadingExtras: [SOPExtraActivity] = [], trailingExtras: [SOPExtraActivity] = []
    ) {
        self.institutionLines = institutionLines
        self.sopNumber = sopNumber
        self.createdOn = createdOn
        self.revisedOn = revisedOn
        self.effectiveOn = effectiveOn
        self.approverPosition = approverPosition
        self.approverName = approverName
        self.approverNIP = approverNIP
        self.approvalNote = approvalNote
        self.sopName = sopName
        self.legalBasis = legalBasis
        self.qualifications = qualifications
        self.relatedSOPs = relatedSOPs
        self.equipment = equipment
        self.warnings = warnings
        self.records = records
        self.steps = steps
        self.leadingExtras = leadingExtras
        self.trailingExtras = trailingExtras
    }

    /// The six boxes in the document's order, with their printed titles.
    public var boxes: [(title: String, lines: [String])] {
        [
            ("Dasar Hukum", legalBasis),
            ("Kualifikasi Pelaksana", qualifications),
            ("Keterkaitan", relatedSOPs),
            ("Peralatan/Perlengkapan", equipment),
            ("Peringatan", warnings),
            ("Pencatatan dan Pendataan", records),
        ]
    }

    /// The texts of step `position` (1-based); empty texts past the end (a step added later).
    public func step(_ position: Int) -> SOPStepTexts {
        steps.indices.contains(position - 1) ? steps[position - 1] : SOPStepTexts()
    }
}

extension SOPDocumentTexts {
    /// The texts the preset's seed states; nil for an unknown key.
    public static func preset(_ key: String) -> SOPDocumentTexts? {
        switch key {
        case "ub": ub
        case "fisip-ub": fisipUB
        case "unsoed": unsoed
        case "kendal": kendal
        case "dki-ksd": dkiKSD
        default: nil
        }
    }

    // MARK: ub (seeds/000)

    public static let ub = SOPDocumentTexts(
        institutionLines: [
            "KEMENTERIAN PENDIDIKAN, KEBUDAYAAN, RISET DAN TEKNOLOGI",
            "UNIVERSITAS BRAWIJAYA",
            "SEKRETARIS UNIVERSITAS",
            "DIVISI INFORMASI DAN KEHUMASAN",
        ],
        sopNumber: "19295/UN10.A06.03/TU/2023",
        createdOn: "07 Agustus 2018",
        revisedOn: "11 Oktober 2023",
        effectiveOn: "11 Oktober 2023",
        approverPosition: "KEPALA DIVISI INFORMASI DAN KEHUMASAN",
        approverName: "Zulfaidah Penata Gama, S.Si, M.Si, Ph.D",
        approverNIP: "197202011997022001",
        // The electronic signature's stamp, printed in the "Disahkan oleh" cell.
        approvalNote: "TTE oleh : Zulfaidah Penata Gama 21 Desember 2023 15:34 Verifikasi melalui https://sco.ub.ac.id",
        sopName: "Pengelolaan Media Sosial",
        legalBasis: [
            "1. UU Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik",
            "2. UU Nomor 25 Tahun 2009 tentang Pelayanan Publik",
            "3. PP Nomor 108 Tahun 2021 tentang Perguruan Tinggi Badan Hukum Universitas Brawijaya",
            "4. Permenristekdikti Nomor 75 Tahun 2016 tentang Layanan Informasi Publik",
            "5. Permenpan Nomor 30 Tahun 2011 tentang Tata Kelola Kehumasan di Instansi Pemerintah",
            "6. Peraturan Rektor UB Nomor 24 Tahun 2016 tentang Tata Naskah Dinas",
            "7. Peraturan Rektor UB Nomor 12 Tahun 2023 tentang Organisasi dan Tata Kerja Unsur yang Berada di Bawah Rektor (Lembaran Universitas Brawijaya Tahun 2021 Nomor 12) sebagaimana diubah dengan Peraturan Rektor Nomor 61 Tahun 2023",
        ],
        qualifications: [
            "1. Operator Aplikasi adalah Staf Subdivisi yang berada di bawah dan bertanggung jawab kepada Kepala Subdivisi dan Kepala Divisi",
            "2. Operator Videotron mampu:",
            "- Mengoperasikan Komputer",
            "- Mengoperasikan Aplikasi Remote Access",
            "- Mengoperasikan Aplikasi Manajemen Videotron",
            "3. Memiliki kompetensi mendesain, content creator, editing, foto-video grafi & komputer",
        ],
        relatedSOPs: [
            "1. SOP Surat Masuk",
            "2. SOP Surat Keluar",
            "3. SOP Layanan Publikasi",
        ],
        equipment: [
            "1. Komputer",
            "2. Handphone",
            "3. Loker dan kursi tamu",
            "4. Kartu tanda pengenal tamu",
            "5. Jaringan internet",
        ],
        warnings: [
            "1. Konten harus valid dan sesuai dengan kebutuhan",
        ],
        records: [
            "1. Arsip link aktif",
            "2. Dokumentasi offline",
        ],
        // The seed's table numbers its rows 1, 2, 2, 3, 4, 5 (the flowchart's symbols 1 to 6): read as
        // six rows in order. Its fifth row, "Mengunggah postingan …" (10 minutes, output "Postingan"),
        // is the preset's publish step; its sixth, "Postingan terunggah di medsos" (Staf Medsos, 10
        // minutes), follows the workflow as an extra activity, so the table has the seed's six rows and
        // its 170 minutes (side-by-side review; the first reading folded it into the publish step).
        steps: [
            SOPStepTexts(activity: "Mencari berita/meliput event. Selanjutnya mengajukan materi konten kepada Kasubdiv",
                         requirements: ["HP/komputer"], output: "Materi konten", note: ["IG, FB, Tweet & Tiktok"]),
            SOPStepTexts(activity: "Memeriksa materi konten. Jika setuju, maka materi diserahkan ke staf desain untuk dibuatkan postingan",
                         requirements: ["HP/komputer"], output: "Materi konten yang disetujui"),
            SOPStepTexts(activity: "Membuat desain konten. Selanjutnya menyerahkan desain ke Kasubdiv untuk dikoreksi",
                         requirements: ["HP/komputer"], output: "Desain posting"),
            SOPStepTexts(activity: "Menyetujui/tidak desain posting. Jika setuju, maka postingan diserahkan ke pengelola medsos untuk diunggah",
                         requirements: ["HP/komputer"], output: "Desain posting yang disetujui"),
            SOPStepTexts(activity: "Mengunggah postingan yang telah disetujui",
                         requirements: ["HP/komputer"], output: "Postingan"),
        ],
        trailingExtras: [
            SOPExtraActivity(name: "Postingan terunggah di medsos", roleKey: "staf-medsos", standardMinutes: 10,
                             requirements: "HP/komputer", output: "Postingan terunggah di medsos"),
        ]
    )

    // MARK: fisip-ub (seeds/001)

    public static let fisipUB = SOPDocumentTexts(
        institutionLines: [
            "KEMENTERIAN PENDIDIKAN, KEBUDAYAAN, RISET DAN TEKNOLOGI",
            "FAKULTAS ILMU SOSIAL DAN ILMU POLITIK",
            "UNIVERSITAS BRAWIJAYA",
        ],
        sopNumber: "UN10/F11.07/HK.01.02.a/05",
        createdOn: "30 November 2021",
        revisedOn: "",
        effectiveOn: "01 Desember 2021",
        approverPosition: "Dekan Fakultas Ilmu Sosial dan Ilmu Politik",
        approverName: "Dr. Sholih Mu'adi, SH., M.Si.",
        approverNIP: "196412301993031002",
        sopName: "Pengelolaan Sosial Media Fakultas",
        // The seed runs each list's items together ("… tahun 20162 Manual Mutu …"): split at the
        // item numbers.
        legalBasis: [
            "1. Peraturan Rektor Nomor 20 tahun 2016 tentang susunan organisasi dan tata kerja",
            "2. Manual Mutu Fakultas Ilmu Sosial dan Ilmu Politik tahun 2018",
            "3. Rencana Strategis Fakultas Ilmu Sosial dan Ilmu Politik tahun 2016",
        ],
        qualifications: [
            "1. Memahami standar pelayanan prima",
            "2. Mampu mengoperasikan mekanisme sosial media fakultas",
            "3. Memahami penyimpanan berkas hasil dokumentasi",
        ],
        relatedSOPs: [
            "1. SOP Permintaan Penerbitan press release dan undangan wartawan",
            "2. SOP Permintaan Berkas Hasil Dokumentasi",
            "3. SOP Pengelolaan Isu dan Manajemen Krisis",
            "4. SOP Peliputan kehumasan",
            "5. SOP Manajemen Komplain",
        ],
        // The seed's items 4 and 5 are "N/A" (empty slots of the form): left out.
        equipment: [
            "1. Formulir Permintaan Hasil Dokumentasi",
            "2. Komputer",
            "3. Berkas hasil dokumentasi",
        ],
        warnings: [
            "1. Apabila pengelolaan email oleh unit/lembaga fakultas tidak sesuai dengan SOP maka bidang humas PSIK FISIP-UB tidak dapat melayani.",
        ],
        records: [
            "Disimpan sebagai data elektronik",
        ],
        // The seed's rows 2 to 8 are the preset's steps 1 to 7. The executor columns are empty in the
        // seed (the symbols were lost); the roles are the preset's.
        steps: [
            SOPStepTexts(activity: "Staf Kehumasan membuat konsep konten untuk sosial media",
                         requirements: ["Komputer, jaringan internet"], output: "Konsep konten", note: ["Pelaksanaan"]),
            SOPStepTexts(activity: "Staf Kehumasan menyiapkan kebutuhan teknis untuk konten yang akan diproduksi",
                         requirements: ["Komputer, jaringan internet"], output: "Aplikasi desain/video", note: ["Pelaksanaan"]),
            SOPStepTexts(activity: "Staf Kehumasan menetapkan konsep konten, desain atau video.",
                         requirements: ["Komputer, jaringan internet"], output: "Desain/video", note: ["Pelaksanaan"]),
            // "konseo" in the seed: a typing slip for "konsep".
            SOPStepTexts(activity: "Koordinator Kehumasan menyetujui konsep yang akan diproduksi",
                         requirements: ["Komputer, jaringan internet, jawaban email"], output: "Jawaban konsep",
                         note: ["Pelaksanaan"]),
            SOPStepTexts(activity: "Staf Kehumasan memproduksi konten untuk sosial media",
                         requirements: ["Komputer, jaringan internet"], output: "Desain/Video", note: ["Pelaksanaan"]),
            SOPStepTexts(activity: "Staf Kehumasan memeriksa ulang hasil produksi konten untuk sosial media",
                         requirements: ["Komputer, jaringan internet, email yang sudah diprint"], output: "Desain/video",
                         note: ["Pelaksanaan"]),
            SOPStepTexts(activity: "Selesai (Staf humas memposting konten di kanal sosial media)",
                         requirements: ["Email yang ditanggapi sesuai tujuan"], output: "Desain/video", note: ["Pelaksanaan"]),
        ],
        // Rows 1 and 9 to 11 are periodic (setting, evaluating, controlling and improving the
        // procedure), with no times. Their executor cells are empty in the seed: read as the
        // Koordinator Kehumasan's, which also puts the Koordinator's lane first, as the seed's
        // columns are ordered.
        leadingExtras: [
            SOPExtraActivity(name: "Penetapan prosedur pengelolaan sosial media", roleKey: "koordinator-kehumasan",
                             note: "Penetapan"),
        ],
        trailingExtras: [
            SOPExtraActivity(name: "Evaluasi prosedur operasional sosial media", roleKey: "koordinator-kehumasan",
                             note: "Evaluasi"),
            SOPExtraActivity(name: "Pengendalian dan perbaikan prosedur operasional sosial media bila terdapat kesalahan",
                             roleKey: "koordinator-kehumasan", note: "Pengendalian"),
            SOPExtraActivity(name: "Peningkatan prosedur pengelolaan operasional sosial media sesuai dengan hasil evaluasi dan perbaikan",
                             roleKey: "koordinator-kehumasan", note: "Peningkatan"),
        ]
    )

    // MARK: unsoed (seeds/002)

    public static let unsoed = SOPDocumentTexts(
        institutionLines: [
            "KEMENTERIAN PENDIDIKAN, KEBUDAYAAN, RISET, DAN TEKNOLOGI",
            "UNIVERSITAS JENDERAL SOEDIRMAN",
        ],
        sopNumber: "B/8098/UN23.23/HK.02/2022",
        createdOn: "14 September 2022",
        revisedOn: "",
        effectiveOn: "16 September 2022",
        approverPosition: "Kepala Biro Perencanaan, Kerjasama, Informasi dan Hubungan Masyarakat",
        approverName: "Setiyabudi, S.E., M.M",
        approverNIP: "19650120 1985031004",
        sopName: "Media Sosial Resmi Unsoed",
        legalBasis: [
            "1. Undang-undang Nomor 20 tahun 2003 tentang Sistem Pendidikan Nasional",
            "2. Undang-undang No 14 tahun 2008 tentang Keterbukaan Informasi Publik",
            "3. Peraturan Menteri Pendayagunaan Aparatur Negara No 35 tahun 2012 tentang Standar Operasional Prosedur Administrasi Pemerintahan",
        ],
        qualifications: [
            "1. Mampu menggunakan media internet",
            "2. Memahami penggunaan Bahasa Indonesia yang baik dan benar",
            "3. Mampu menguasai komunikasi dalam media sosial dengan baik",
            "4. Menguasai program word, excell, powerpoint",
            "5. Mampu bekerja sama dalam tim",
        ],
        relatedSOPs: [
            "1. SOP Pengelolaan pemberitaan/Press Release",
            "2. SOP Penyebaran/Publikasi Berita di Media Massa",
        ],
        equipment: [
            "1. Keputusan Rektor No.1902 tahun 2018 tentang SOP pada Unsoed",
            "2. PC/Laptop",
            "3. Jaringan internet",
            "4. Printer/Scanner",
            "5. Kamera",
        ],
        warnings: [
            "Dalam mengunggah konten agar diperhatikan penggunaan bahasa yang sopan dan baik",
        ],
        records: [
            "Data disimpan di excell/Google Drive",
        ],
        steps: [
            SOPStepTexts(activity: "Merancang dan merencanakan konsep awal muatan /konten yang akan ditampilkan pada media sosial Unsoed",
                         requirements: ["Draf konten"], output: "naskah"),
            SOPStepTexts(activity: "Melakukan verifikasi dan memastikan isi konten telah sesuai dengan kaidah, norma serta etika yang berlaku di dunia akademis. Jika setuju menyampaikan ke Sub kor Humas dan protokol. Jika tidak setuju dikembalikan ke Tim kreatif untuk diperbaiki.",
                         requirements: ["Draf konten"], output: "naskah"),
            SOPStepTexts(activity: "Melakukan verifikasi dan validasi tingkat pertama (isi/muatan konten). Jika setuju menyampaikan Kord kerjasama dan Humas. Jika tidak setuju dikembalikan ke Ketua Tim Medsos untuk diperbaiki.",
                         requirements: ["Draf konten"], output: "naskah"),
            SOPStepTexts(activity: "Melakukan validasi akhir dari isi/muatan konten. Jika setuju menyampaikan admin medsos untuk mengunggah konten. Jika tidak setuju dikembalikan ke SubKor Humas dan protokol untuk diperbaiki.",
                         requirements: ["Draf konten"], output: "naskah"),
            SOPStepTexts(activity: "Mengunggah muatan konten ke medsos Unsoed",
                         requirements: ["Konten akhir"], output: "naskah"),
        ]
    )

    // MARK: kendal (seeds/003)

    public static let kendal = SOPDocumentTexts(
        institutionLines: [
            "PEMERINTAH KABUPATEN KENDAL",
            "DINAS KEARSIPAN DAN PERPUSTAKAAN",
            "SEKRETARIAT",
        ],
        sopNumber: "973/3573/DINARPUS",
        createdOn: "4 September 2023",
        // "TGL. REVISI : 00" in the seed: the revision's number, written in the date's place.
        revisedOn: "00",
        effectiveOn: "6 November 2023",
        // The seed's cell also holds the stamp's text ("DINARPUS PEMERINTAH KABUPATEN") and the name
        // twice (stamp and signature): read as one position, one name.
        approverPosition: "KEPALA DINAS KEARSIPAN DAN PERPUSTAKAAN",
        approverName: "WAHYU YUSUF AKHMADI, S.STP, M.Si",
        approverNIP: "198204252000121001",
        sopName: "PENGELOLAAN MEDIA SOSIAL",
        // The seed runs the legal basis and the qualifications ("KUALIFIKASI PELAKUSAAN") together in
        // one cell, unnumbered: the last three items are the qualifications.
        legalBasis: [
            "1. Undang-Undang Nomor 25 Tahun 2009 Tentang Pelayanan Publik;",
            "2. Undang-Undang Nomor 23 Tahun 2014 Tentang Pemerintahan Daerah;",
            "3. Peraturan Menteri Dalam Negeri Nomor 54 Tahun 2009 Tentang Tata Naskah Dinas di Lingkungan Pemerintah Daerah;",
            "4. Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Republik Indonesia Nomor 35 Tahun 2012 tentang Pedoman Penyusunan Standar Operasional Prosedur Administrasi Pemerintahan;",
            "5. Peraturan Daerah Kabupaten Kendal Nomor 13 Tahun 2021 tentang Perubahan Kedua atas Peraturan Daerah Nomor 8 Tahun 2016 tentang Pembentukan dan Susunan Perangkat Daerah Kabupaten Kendal;",
            "6. Peraturan Bupati Kendal Nomor 78 Tahun 2021 tentang kedudukan Susunan Organisasi, Tugas dan Fungsi Serta Tata Kerja pada Dinas Kearsipan dan Perpustakaan Kendal.",
        ],
        qualifications: [
            "1. Mampu mengoperasikan komputer/laptop",
            "2. Mampu berkomunikasi dan berkoordinasi dengan baik",
            "3. Memahami perundang-undangan yang terkait",
        ],
        relatedSOPs: [
            "1. Semua SOP",
        ],
        equipment: [
            "1. Komputer, media sosial, internet",
            "2. Printer",
            "3. ATK",
        ],
        // "Perintakiran" in the seed is the extraction's damage of "Pemutakhiran" (the table's row 10).
        warnings: [
            "1. Data/informasi yang diunggah melalui media sosial adalah data/informasi yang telah disetujui oleh pejabat yang berwenang",
            "2. Pemantauan dan Pemutakhiran data/informasi di media sosial dilakukan secara berkala dan konsisten yaitu pemantauan dilakukan minimal sehari 3 kali sehari tiap pagi, siang dan sore.",
            "3. Pencapaian waktu dalam SOP dalam kondisi normal",
        ],
        // "tidak lanjut" in the seed: read as "tindak lanjut", as row 9's output has it.
        records: [
            "1. Data/informasi yang diunggah di media sosial",
            "2. Data/informasi yang masuk melalui media sosial",
            "3. Data/informasi tindak lanjut",
        ],
        // The seed's table is shifted: the header's fourth executor ("PENGELOLA TEKNOLOGI INFORMASI")
        // landed in row 1, whose Mutu Baku cells are empty; from row 2 on, each row's cells are read
        // in the order Kelengkapan, Waktu, Output. Row 1 is left without Kelengkapan and Output (the
        // seed gives none; the preset's 60 minutes for it are the preset's reading), rather than
        // moving row 2's texts up.
        steps: [
            SOPStepTexts(activity: "Mengidentifikasi data/informasi yang akan diunggah ke media sosial",
                         note: ["Website, IG, Twitter"]),
            SOPStepTexts(activity: "Memverifikasi data/informasi yang akan diunggah",
                         requirements: ["Data/informasi, komputer"],
                         output: "Data/informasi yang akan diunggah ke media sosial"),
            SOPStepTexts(activity: "Memverifikasi data/informasi yang akan diunggah",
                         requirements: ["Data/informasi yang akan diunggah ke media sosial, ATK"],
                         output: "Data/informasi yang sudah diverifikasi"),
            SOPStepTexts(activity: "Memverifikasi data/informasi yang akan diunggah",
                         requirements: ["Data/informasi yang akan diunggah ke media sosial, ATK"],
                         output: "Data/informasi yang sudah diverifikasi"),
            SOPStepTexts(activity: "Mengunggah data/informasi ke media sosial",
                         requirements: ["Data/informasi yang akan diunggah ke media sosial, diverifikasi, media sosial, komputer"],
                         output: "Data/informasi yang sudah diunggah"),
        ],
        // Rows 6 to 10: the incoming-message flow. The executor cells are lost in the seed; read as
        // SOP-PRESETS.md does: the Pengelola Teknologi Informasi monitors, forwards, posts the answer
        // and updates; the Bidang follows up. The second table's page has only a "WAKTU" column under
        // Mutu Baku, so rows 9 and 10's texts stand under "KETERANGAN": read as their outputs, as in
        // rows 5 to 7.
        trailingExtras: [
            SOPExtraActivity(name: "Memantau informasi yang masuk melalui media sosial", roleKey: "pengelola-ti",
                             standardMinutes: 60, requirements: "Data/informasi yang masuk",
                             output: "Data/informasi yang masuk", incomingRow: .round),
            SOPExtraActivity(name: "Meneruskan informasi yang masuk ke bidang terkait", roleKey: "pengelola-ti",
                             standardMinutes: 5, requirements: "Data/informasi yang masuk, media sosial, komputer",
                             output: "Data/informasi yang masuk", incomingRow: .forward),
            SOPExtraActivity(name: "Menindaklanjuti informasi yang masuk", roleKey: "bidang", incomingRow: .followUp),
            SOPExtraActivity(name: "Mengunggah data/informasi yang dibutuhkan", roleKey: "pengelola-ti",
                             standardMinutes: 5, output: "Tindak lanjut yang sudah diunggah", incomingRow: .post),
            SOPExtraActivity(name: "Melaksanakan pemutakhiran data/informasi ke media sosial jika terjadi perubahan data/informasi",
                             roleKey: "pengelola-ti", standardMinutes: 120,
                             output: "Hasil pemutakhiran data dan informasi di media sosial"),
        ]
    )

    // MARK: dki-ksd (seeds/004)

    public static let dkiKSD = SOPDocumentTexts(
        institutionLines: [
            "PEMERINTAH PROVINSI DKI JAKARTA",
            "BIRO KERJA SAMA DAERAH",
            "SUBBAGIAN TATA USAHA",
        ],
        sopNumber: "1/OT.05.00",
        createdOn: "28 Juli 2025",
        revisedOn: "",
        // The seed's form has "Tanggal Pengesahan" in this place, empty.
        effectiveOn: "",
        approverPosition: "Kepala Biro Kerja Sama Daerah Setda Provinsi DKI Jakarta",
        approverName: "Marulina Dewi",
        approverNIP: "197702261997112001",
        sopName: "Pengelolaan Media Sosial",
        legalBasis: [
            "1. Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik",
            "2. Undang-Undang Nomor 23 Tahun 2014 Tentang Pemerintahan Daerah",
            "3. Peraturan Gubernur Nomor 24 Tahun 2012 tentang Petunjuk Teknis Penyusunan dan Pelaksanaan Standar Operasional Prosedur",
            "4. Peraturan Gubernur Nomor 57 Tahun 2022 tentang Organisasi dan Tata Kerja Perangkat Daerah",
            "5. Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Republik Indonesia Nomor 83 Tahun 2012 tentang Pedoman Pemanfaatan Media Sosial Instansi Pemerintah",
        ],
        qualifications: [
            "1. Memahami ketentuan yang berlaku",
            "2. Mampu berkoordinasi dengan berbagai pihak secara baik",
            "3. Daya respon yang cepat",
            "4. Mahir menggunakan media sosial",
            "5. Memiliki kemampuan untuk mendesain gambar",
            "6. Mampu menulis di lingkup media sosial secara jelas, akurat dan menarik",
            "7. Dapat menggunakan kamera dan mendokumentasikan secara menarik",
        ],
        relatedSOPs: [
            "SOP Pelayanan Surat Masuk Biro",
        ],
        equipment: [
            "1. Komputer dan kelengkapannya",
            "2. Jaringan Internet",
            "3. Printer",
            "4. Kamera",
        ],
        warnings: [
            "1. Jika informasi kegiatan dikoordinasikan dengan baik, maka seluruh penyebarluasan informasi akan tercapai;",
            "2. Jika liputan didukung peralatan dan juga personil yang baik maka hasil publikasi unggah konten media sosial akan sesuai dengan yang diharapkan",
        ],
        records: [
            "Jadwal agenda Kepala Biro dan kalender Peringatan Hari Besar Nasional",
        ],
        // The seed numbers its last two rows 5 and 5: read as rows 5 and 6. Its "Tolak", "Terima" and
        // "Selesai" marks stand in the executor cells of the flowchart; the preset's roles and
        // rejection targets are used. The seed's fourth executor column is "Kepala Bagian Perjalanan
        // Dinas"; the preset names the role "Kepala Bagian".
        steps: [
            SOPStepTexts(
                activity: "Menyerahkan konsep dokumentasi kegiatan atau informasi yang telah memuat narasi kepada Tim Pengelola Media Sosial",
                requirements: [
                    "- Dokumen yang diserahkan berupa foto/video dan narasi/caption.",
                    "- Caption kegiatan maksimal 200 karakter",
                    "- Menyerahkan link foto dan video",
                ],
                timeRules: [
                    "- Untuk unggahan konten kegiatan/seremoni, hari H setelah kegiatan berlangsung",
                    "- Untuk infografis informasi rencana kegiatan, minimal 3 hari sebelum kegiatan dimulai",
                    "- Untuk infografis ucapan, sebelum atau hari H",
                ],
                output: "Konsep dokumen Foto/video dan narasi",
                note: [
                    "- Untuk publikasi kegiatan Biro KSD, informasi diterima Tim Medsos berasal dari : editorial plan, disposisi dalam e-office, agenda harian, koordinasi dengan bagian, press release, pointer, hasil rapat, kanal resmi berita Jakarta",
                    "- Dokumentasi publikasi informasi seperti misalnya infografis pelaksanaan kegiatan penting/prioritas di Jakarta atau Biro KSD, ucapan hari raya dan ucapan selamat. Informasi tidak hanya dalam bentuk infografis, dapat foto, video atau repost IG",
                    "- Unggahan publikasi berupa : feed atau instastory, video di Youtube, Facebook dan Tiktok",
                ]
            ),
            SOPStepTexts(
                activity: "Memberikan tanggapan dan mengoreksi dokumentasi kegiatan atau infografis dari pelaksana/ Admin Media Sosial",
                requirements: ["Dokumen berupa foto/video dan narasi"],
                output: "Konsep dokumen Foto/video dan narasi yang telah mendapat persetujuan dari PIC kegiatan dan Tim Pengelola Media",
                note: ["Koordinasi dapat bertatap muka atau menggunakan media Whatsapp, dengan pertimbangan lebih mudah untuk komunikasi dan paperless"]
            ),
            SOPStepTexts(
                activity: "Menerima konten dari Tim Pengelola Medsos dan memberikan keputusan platform dan pertimbangan terhadap dokumentasi/konten yang akan di unggah",
                requirements: ["Dokumen berupa foto/video dan narasi"], output: "Dokumen Foto/video dan narasi"
            ),
            SOPStepTexts(
                activity: "Mengontrol konten dan memberikan persetujuan konten infografis dan kegiatan agenda harian/seremonial yang akan diunggah ke media sosial",
                requirements: ["Dokumen berupa foto/video dan narasi"], output: "Dokumen Foto/video dan narasi"
            ),
            SOPStepTexts(
                activity: "Memberikan persetujuan konten yang diunggah di media sosial",
                requirements: ["Dokumen berupa foto/video dan narasi yang telah dikurasi"], output: "Dokumen Foto/video dan narasi"
            ),
            SOPStepTexts(
                activity: "Mengunggah materi publikasi yang telah mendapat persetujuan Kepala Biro",
                requirements: ["Dokumen berupa foto/video yang telah mendapat persetujuan Kepala Biro"],
                output: "Dokumen Foto/video dan narasi"
            ),
        ]
    )
}

// MARK: - The legend of symbols

/// The page of symbols the DKI seed prints after its table ("Untuk menggambarkan aliran aktifitas
/// tersebut, digunakan simbol sebagai berikut").
public enum SOPLegend {
    public enum Symbol: String, Sendable, Equatable, CaseIterable {
        case terminator
        case process
        case decision
        case document
        case multipleDocuments
        case manualArchive
        case file
        case onPageConnector
        case offPageConnector
        case flowLine
    }

    public struct Entry: Sendable, Equatable {
        public var symbol: Symbol
        /// "Sebutan".
        public var name: String
        /// "Definisi".
        public var definition: String
    }

    public static let introduction = "Untuk menggambarkan aliran aktifitas tersebut, digunakan simbol sebagai berikut:"

    public static let entries: [Entry] = [
        Entry(symbol: .terminator, name: "Terminator",
              definition: "Simbol ini digunakan untuk menggambarkan awal/mulai dan akhir suatu bagan alir"),
        Entry(symbol: .process, name: "Proses",
              definition: "Simbol ini digunakan untuk menggambarkan proses pelaksanaan kegiatan"),
        Entry(symbol: .decision, name: "Pengambilan Keputusan",
              definition: "Simbol ini digunakan untuk menggambarkan keputusan yang harus dibuat dalam proses pelaksanaan kegiatan"),
        Entry(symbol: .document, name: "Dokumen",
              definition: "Simbol ini digunakan untuk menggambarkan semua jenis dokumen sebagai bukti pelaksanaan kegiatan"),
        Entry(symbol: .multipleDocuments, name: "Penggandaan Dokumen",
              definition: "Simbol ini digunakan untuk menggambarkan penggandaan dari semua jenis dokumen"),
        Entry(symbol: .manualArchive, name: "Arsip Manual",
              definition: "Simbol ini digunakan untuk menggambarkan semua jenis pengarsipan dokumen dalam bentuk kertas/manual"),
        Entry(symbol: .file, name: "File",
              definition: "Simbol ini digunakan untuk menggambarkan semua jenis penyimpanan dalam bentuk data/file"),
        Entry(symbol: .onPageConnector, name: "Konektor",
              definition: "Simbol ini digunakan untuk menggambarkan perpindahan aktivitas dalam satu halaman"),
        Entry(symbol: .offPageConnector, name: "Konektor",
              definition: "Simbol ini digunakan untuk menggambarkan perpindahan aktivitas dalam halaman yang berbeda"),
        Entry(symbol: .flowLine, name: "Garis alir",
              definition: "Simbol ini digunakan untuk menggambarkan arah proses pelaksanaan kegiatan"),
    ]
}
