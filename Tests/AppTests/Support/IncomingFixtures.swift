import Domain
import Foundation
import Testing
@testable import App

extension TestApp {
    /// A Kendal institution (monitoring on) with the monitor ("monitor", Pengelola TI), two
    /// division members ("perpus" in Bidang Perpustakaan, "arsip" in Bidang Kearsipan) and an
    /// empty "Sekretariat". Perpustakaan has a WhatsApp number.
    static func kendal() async throws -> TestApp {
        let app = try await TestApp.make(preset: .kendal)
        try await app.addUser("monitor", roles: ["pengelola-ti"], displayName: "Mona Monitor")
        let perpus = try await app.addUser("perpus", roles: ["bidang"], displayName: "Pak Perpus")
        let arsip = try await app.addUser("arsip", roles: ["bidang"], displayName: "Bu Arsip")
        let library = try app.database.createDivision(name: "Bidang Perpustakaan", whatsApp: "0812-3456-7890", now: app.clock.now)
        let archives = try app.database.createDivision(name: "Bidang Kearsipan", now: app.clock.now)
        _ = try app.database.createDivision(name: "Sekretariat", now: app.clock.now)
        try app.database.setDivisionMembers(divisionId: library, userIds: [perpus])
        try app.database.setDivisionMembers(divisionId: archives, userIds: [arsip])
        return app
    }

    func divisionId(_ name: String) throws -> Int64 {
        try #require(try database.divisions().first { $0.division.name == name }?.division.id)
    }
}

/// The fields of a message logged through `/pesan`.
enum IncomingForm {
    static func fields(sender: String = "@warga.kendal", text: String = "Perpustakaan keliling buka jam berapa?", channel: String = "instagram",
                       received: String = "2026-11-21T09:30", category: String = "pertanyaan", kind: String = "comment", link: String = "",
                       paste: String = "") -> [(String, String)] {
        [("paste", paste), ("channel", channel), ("sender", sender), ("received_at", received), ("kind", kind), ("category", category),
         ("text", text), ("link", link), ("content_item", "")]
    }

    /// The message id a redirect to `/pesan/:id?ok=…` names.
    static func id(_ location: String?) -> Int64? {
        guard let location, location.hasPrefix("/pesan/") else { return nil }
        let rest = location.dropFirst("/pesan/".count)
        return Int64(rest.prefix { $0.isNumber })
    }
}
