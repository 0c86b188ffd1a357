/// The kind of a workflow step, as the SOPs use them.
public enum StepKind: String, Sendable, Codable, CaseIterable {
    /// Someone of the role does the work and hands on.
    case work
    /// Someone of the role approves (forward) or rejects (back, with a reason).
    case decide
    /// The uploader posts and records the live links.
    case publish
}

/// One step of a preset as the SOP document states it.
public struct PresetStep: Sendable, Equatable {
    public var name: String
    public var roleKey: RoleKey
    public var kind: StepKind
    /// The standard time ("Mutu Baku") in minutes; nil where the SOP gives none.
    public var standardMinutes: Int?
    /// For `decide` steps: the 1-based number of the step a rejection returns to.
    public var rejectTo: Int?

    public init(_ name: String, role roleKey: RoleKey, _ kind: StepKind, minutes: Int?, rejectTo: Int? = nil) {
        self.name = name
        self.roleKey = roleKey
        self.kind = kind
        self.standardMinutes = minutes
        self.rejectTo = rejectTo
    }
}

/// One of the five real SOPs the portal ships as a starting point (see `shared/design/SOP-PRESETS.md`).
public struct SOPPreset: Sendable, Equatable {
    public var key: String
    public var institution: String
    public var sopNumber: String
    public var roles: [Role]
    public var channels: [Channel]
    public var steps: [PresetStep]

    /// Every role an institution on this preset has: the system administrator and the SOP's roles.
    public var allRoles: [Role] { [Role.admin] + roles }
}

extension SOPPreset {
    public static let defaultKey = "dki-ksd"

    public static func named(_ key: String) -> SOPPreset? { all.first { $0.key == key } }

    public static let all: [SOPPreset] = [ub, fisipUB, unsoed, kendal, dkiKSD]

    public static let ub = SOPPreset(
        key: "ub",
        institution: "Universitas Brawijaya, Divisi Informasi dan Kehumasan",
        sopNumber: "19295/UN10.A06.03/TU/2023",
        roles: [
            Role(key: "staf-medsos", name: "Staf Medsos"),
            Role(key: "kasubdiv", name: "Kasubdiv"),
            Role(key: "staf-desain", name: "Staf Desain"),
        ],
        channels: [.instagram, .facebook, .x, .tiktok],
        steps: [
            PresetStep("Cari berita / liput event, ajukan materi konten", role: "staf-medsos", .work, minutes: 60),
            PresetStep("Periksa materi konten", role: "kasubdiv", .decide, minutes: 15, rejectTo: 1),
            PresetStep("Buat desain konten", role: "staf-desain", .work, minutes: 60),
            PresetStep("Setujui desain posting", role: "kasubdiv", .decide, minutes: 15, rejectTo: 3),
            PresetStep("Unggah postingan", role: "staf-medsos", .publish, minutes: 10),
        ]
    )

    public static let fisipUB = SOPPreset(
        key: "fisip-ub",
        institution: "Fakultas Ilmu Sosial dan Ilmu Politik, Universitas Brawijaya",
        sopNumber: "UN10/F11.07/HK.01.02.a/05",
        roles: [
            Role(key: "koordinator-kehumasan", name: "Koordinator Kehumasan"),
            Role(key: "staf-kehumasan", name: "Staf Kehumasan"),
        ],
        // The SOP names no channels; these are the faculty's usual accounts and can be changed.
        channels: [.instagram, .facebook, .x, .youtube],
        steps: [
            PresetStep("Buat konsep konten", role: "staf-kehumasan", .work, minutes: 5),
            PresetStep("Siapkan kebutuhan teknis", role: "staf-kehumasan", .work, minutes: 10),
            PresetStep("Tetapkan konsep konten, desain atau video", role: "staf-kehumasan", .work, minutes: 10),
            PresetStep("Setujui konsep", role: "koordinator-kehumasan", .decide, minutes: 10, rejectTo: 3),
            PresetStep("Produksi konten", role: "staf-kehumasan", .work, minutes: 10),
            PresetStep("Periksa ulang hasil produksi", role: "staf-kehumasan", .work, minutes: 15),
            PresetStep("Posting di kanal media sosial", role: "staf-kehumasan", .publish, minutes: 5),
        ]
    )

    public static let unsoed = SOPPreset(
        key: "unsoed",
        institution: "Universitas Jenderal Soedirman",
        sopNumber: "B/8098/UN23.23/HK.02/2022",
        roles: [
            Role(key: "admin-medsos", name: "Admin Medsos"),
            Role(key: "tim-kreatif", name: "Tim Kreatif"),
            Role(key: "ketua-tim-medsos", name: "Ketua Tim Medsos"),
            Role(key: "subkoordinator-humas", name: "Subkoordinator Humas dan Protokoler"),
            Role(key: "koordinator-humas", name: "Koordinator Kerja Sama dan Humas"),
        ],
        channels: [.facebook, .instagram, .x, .youtube],
        steps: [
            PresetStep("Rancang konsep konten (naskah)", role: "tim-kreatif", .work, minutes: 120),
            PresetStep("Verifikasi kaidah, norma dan etika akademik", role: "ketua-tim-medsos", .decide, minutes: 30, rejectTo: 1),
            PresetStep("Verifikasi dan validasi tingkat pertama", role: "subkoordinator-humas", .decide, minutes: 15, rejectTo: 2),
            PresetStep("Validasi akhir", role: "koordinator-humas", .decide, minutes: 15, rejectTo: 3),
            PresetStep("Unggah konten", role: "admin-medsos", .publish, minutes: 5),
        ]
    )

    public static let kendal = SOPPreset(
        key: "kendal",
        institution: "Dinas Kearsipan dan Perpustakaan Kabupaten Kendal",
        sopNumber: "973/3573/DINARPUS",
        roles: [
            Role(key: "pengelola-ti", name: "Pengelola Teknologi Informasi"),
            Role(key: "bidang", name: "Bidang"),
            Role(key: "kasubag-umum", name: "Kasubag Umum dan Kepegawaian"),
            Role(key: "kepala-dinas", name: "Kepala Dinas"),
        ],
        channels: [.website, .instagram, .x],
        steps: [
            PresetStep("Identifikasi data/informasi yang akan diunggah", role: "pengelola-ti", .work, minutes: 60),
            PresetStep("Verifikasi oleh bidang", role: "bidang", .decide, minutes: 60, rejectTo: 1),
            PresetStep("Verifikasi oleh Kasubag Umum dan Kepegawaian", role: "kasubag-umum", .decide, minutes: 15, rejectTo: 1),
            PresetStep("Verifikasi oleh Kepala Dinas", role: "kepala-dinas", .decide, minutes: 15, rejectTo: 1),
            PresetStep("Unggah data/informasi", role: "pengelola-ti", .publish, minutes: 30),
        ]
    )

    public static let dkiKSD = SOPPreset(
        key: "dki-ksd",
        institution: "Biro Kerja Sama Daerah, Sekretariat Daerah Provinsi DKI Jakarta",
        sopNumber: "1/OT.05.00",
        roles: [
            Role(key: "admin-medsos", name: "Admin Medsos"),
            Role(key: "tim-pengelola", name: "Tim Pengelola Media Sosial"),
            Role(key: "kasubbag-tu", name: "Kepala Subbagian Tata Usaha"),
            Role(key: "kepala-bagian", name: "Kepala Bagian"),
            Role(key: "kepala-biro", name: "Kepala Biro"),
        ],
        channels: [.instagram, .instagramStory, .youtube, .facebook, .tiktok],
        steps: [
            PresetStep("Serahkan konsep dokumentasi + narasi", role: "admin-medsos", .work, minutes: nil),
            PresetStep("Tanggapi dan koreksi", role: "tim-pengelola", .decide, minutes: 60, rejectTo: 1),
            PresetStep("Terima konten, putuskan platform", role: "kasubbag-tu", .decide, minutes: 15, rejectTo: 2),
            PresetStep("Kontrol dan setujui konten", role: "kepala-bagian", .decide, minutes: 15, rejectTo: 3),
            PresetStep("Persetujuan akhir", role: "kepala-biro", .decide, minutes: 60, rejectTo: 4),
            PresetStep("Unggah materi publikasi", role: "admin-medsos", .publish, minutes: 5),
        ]
    )
}

extension SOPPreset {
    /// The city written above the signature of the institution's records ("Malang, 30 November 2026").
    public var city: String {
        switch key {
        case "ub", "fisip-ub": "Malang"
        case "unsoed": "Purwokerto"
        case "kendal": "Kendal"
        case "dki-ksd": "Jakarta"
        default: ""
        }
    }

    /// The timing rules the SOP itself states: only the DKI SOP writes them down.
    public var timingRules: [TimingRule] { key == "dki-ksd" ? TimingRule.allCases : [] }
}
