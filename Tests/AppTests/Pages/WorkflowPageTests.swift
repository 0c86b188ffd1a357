import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import App

/// The workflow (`/workflow`, which everyone reads) and its editor (`/admin/workflow`).
@Suite struct WorkflowPageTests {
    static func fields(_ workflow: Workflow, note: String = "") -> [(String, String)] {
        var fields: [(String, String)] = [("row_count", "\(workflow.steps.count)"), ("note", note)]
        for (index, step) in workflow.steps.enumerated() {
            fields += [("step_\(index)_order", "\(index + 1)"), ("step_\(index)_name", step.name), ("step_\(index)_role", step.roleKey.rawValue),
                       ("step_\(index)_kind", step.kind.rawValue), ("step_\(index)_minutes", step.standardMinutes.map(String.init) ?? ""),
                       ("step_\(index)_reject", step.rejectTo.map(String.init) ?? "")]
        }
        return fields
    }

    @Test func editingMakesANewVersionAndItemsInFlightKeepTheirs() async throws {
        // setup
        let app = try await TestApp.dki()
        let item = try await app.createItem()
        var shorter = Workflow(preset: .dkiKSD)
        shorter.steps.remove(at: 4)  // no Kepala Biro step
        shorter.steps[0].standardMinutes = 30
        let edited = shorter
        // action
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            // check
            #expect(try await browser.get("/admin/workflow").status == .ok)
            // action
            let saved = try await browser.post("/admin/workflow", Self.fields(edited, note: "Kepala Biro tidak lagi menyetujui"))
            // check
            #expect(saved.location == "/admin/workflow?ok=workflow_saved")
            // action
            let view = try await browser.get("/workflow")
            // check
            #expect(view.contains("Versi 2"))
            #expect(view.contains("Kepala Biro tidak lagi menyetujui"))
            #expect(try await browser.get("/workflow?version=1").contains("Persetujuan akhir"))
        }
        #expect(try app.database.workflowVersions().keys.sorted() == [1, 2])
        // action
        // The item in flight still runs on version 1: six steps, Kepala Biro included.
        for (user, action) in [("admin-medsos", "submit"), ("tim-pengelola", "approve"), ("kasubbag-tu", "approve"), ("kepala-bagian", "approve")] {
            try await app.act(user, action, on: item)
        }
        // check
        #expect(try await app.json(item)["step_role"] as? String == "kepala-biro")
        // action
        // A new item starts on version 2 and skips Kepala Biro.
        let newer = try await app.createItem()
        for (user, action) in [("admin-medsos", "submit"), ("tim-pengelola", "approve"), ("kasubbag-tu", "approve"), ("kepala-bagian", "approve")] {
            try await app.act(user, action, on: newer)
        }
        // check
        let state = try await app.json(newer)
        #expect(state["step_role"] as? String == "admin-medsos")
        #expect(state["status"] as? String == "ready_to_publish")
    }

    enum BrokenEdit: String, CaseIterable, Sendable {
        case noPublish, forwardReject, noRole

        func apply(_ w: inout Workflow) {
            switch self {
            case .noPublish: w.steps.removeLast()
            case .forwardReject: w.steps[2].rejectTo = 5
            case .noRole: w.steps[1].roleKey = ""
            }
        }

        var message: String {
            switch self {
            case .noPublish: "Tidak ada langkah &quot;unggah&quot;"
            case .forwardReject: "Langkah 3: pengembalian ke langkah 5 tidak mungkin"
            case .noRole: "Langkah 2: pilih peran pelaksana."
            }
        }
    }

    @Test(arguments: BrokenEdit.allCases)
    func workflowsThatCannotFinishAreRefused(edit: BrokenEdit) async throws {
        // setup
        let app = try await TestApp.dki()
        var workflow = Workflow(preset: .dkiKSD)
        edit.apply(&workflow)
        let name = edit.rawValue, message = edit.message, broken = workflow
        // action
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            try await browser.get("/admin/workflow")
            let page = try await browser.post("/admin/workflow", Self.fields(broken))
            // check
            #expect(page.status == .unprocessableContent, "\(name)")
            #expect(page.contains(message), "\(name)")
        }
        #expect(try app.database.workflowVersions().count == 1)
    }

    @Test func reorderRemoveAndAddSteps() async throws {
        // setup
        let app = try await TestApp.dki()
        var fields = Self.fields(Workflow(preset: .dkiKSD))
        fields = fields.map { $0.0 == "row_count" ? ("row_count", "7") : $0 }
        fields += [("step_3_remove", "1"),  // drop "Kontrol dan setujui konten"
                   ("step_6_order", "2"), ("step_6_name", "Periksa ejaan"), ("step_6_role", "tim-pengelola"), ("step_6_kind", "decide"),
                   ("step_6_minutes", "10"), ("step_6_reject", "1")]
        // After removal, Kepala Biro (old 5, new 5) must send back to an existing earlier step.
        fields = fields.map { $0.0 == "step_4_reject" ? ("step_4_reject", "4") : $0 }
        let typed = fields
        // action
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            try await browser.get("/admin/workflow")
            let saved = try await browser.post("/admin/workflow", typed)
            // check
            #expect(saved.status == .seeOther, "\(saved.body.components(separatedBy: "workflow-errors").last?.prefix(400) ?? "")")
        }
        let current = try #require(try app.database.workflowVersions()[2])
        #expect(current.steps.map(\.name) == ["Serahkan konsep dokumentasi + narasi", "Periksa ejaan", "Tanggapi dan koreksi",
                                              "Terima konten, putuskan platform", "Persetujuan akhir", "Unggah materi publikasi"])
    }

    @Test func nonAdminCannotEditTheWorkflow() async throws {
        // setup
        let app = try await TestApp.dki()
        // action
        try await app.as("kepala-biro") { browser async throws in
            // check
            #expect(try await browser.get("/admin/workflow").status == .forbidden)
            #expect(try await browser.get("/workflow").status == .ok, "everyone may read it")
        }
    }

    @Test func anUnknownWorkflowVersionIs404() async throws {
        // setup
        let app = try await TestApp.dki()
        // action
        try await app.as("tim-pengelola") { browser async throws in
            // check
            #expect(try await browser.get("/workflow?version=99").status == .notFound)
        }
    }

    @Test func negativeOrHugeRowCountsAreHarmless() async throws {
        // setup
        let app = try await TestApp.dki()
        // action
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            try await browser.get("/admin/workflow")
            // check
            #expect(try await browser.post("/admin/workflow", [("row_count", "-5")]).status == .unprocessableContent)
            #expect(try await browser.post("/admin/workflow", [("row_count", "99999999999999999999")]).status == .unprocessableContent)
            #expect(try await browser.get("/healthz").status == .ok, "the server is still up")
        }
        #expect(try app.database.workflowVersions().count == 1)
    }
}
