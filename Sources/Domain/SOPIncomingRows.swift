import Foundation

// The incoming-message rows of the SOP's table (Kendal's rows 6 to 9), from the running system.
// The stored extra activities mark which rows stand for the follow-up (`SOPExtraActivity.incomingRow`);
// while the institution runs incoming messages, those rows are replaced by the monitoring round and
// the follow-up workflow's four steps as they are set, with the stored rows' texts (Kelengkapan,
// Output, Keterangan) as the fallback texts of the row of the same kind.

extension SOPDocumentTexts {
    /// Texts saved before the rows were marked: the rows named as the Kendal seed names its
    /// follow-up rows get their marks (only when no row is marked yet).
    public mutating func markIncomingRows() {
        guard !(leadingExtras + trailingExtras).contains(where: { $0.incomingRow != nil }) else { return }
        var marks: [String: SOPIncomingRow] = [:]
        for extra in SOPDocumentTexts.kendal.trailingExtras {
            if let row = extra.incomingRow { marks[extra.name] = row }
        }
        for index in trailingExtras.indices {
            trailingExtras[index].incomingRow = marks[trailingExtras[index].name]
        }
    }

    /// The texts with the marked rows replaced by the running follow-up: the monitoring round
    /// (`roundMinutes`, the rounds' standard), then each follow-up step with its name, role and
    /// minutes. The follow-up step's "Waktu" lists the minutes per category, each as
    /// `categoryTime(category, minutes)`. A step without a role (the follow-up, done by the message's
    /// division) stays in the marked row's lane. Unmarked rows stay as they are.
    public func withIncomingRows(
        _ workflow: FollowUpWorkflow, roundMinutes: Int?, categoryTime: (MessageCategory, Int) -> String
    ) -> SOPDocumentTexts {
        var texts = self
        texts.leadingExtras = Self.replacingIncomingRows(leadingExtras, workflow, roundMinutes: roundMinutes, categoryTime: categoryTime)
        texts.trailingExtras = Self.replacingIncomingRows(trailingExtras, workflow, roundMinutes: roundMinutes, categoryTime: categoryTime)
        return texts
    }

    static func replacingIncomingRows(
        _ extras: [SOPExtraActivity], _ workflow: FollowUpWorkflow, roundMinutes: Int?,
        categoryTime: (MessageCategory, Int) -> String
    ) -> [SOPExtraActivity] {
        guard let at = extras.firstIndex(where: { $0.incomingRow != nil }) else { return extras }
        var stored: [SOPIncomingRow: SOPExtraActivity] = [:]
        for extra in extras {
            if let row = extra.incomingRow, stored[row] == nil { stored[row] = extra }
        }
        let monitor = workflow.step(.log)?.roleKey ?? workflow.step(.post)?.roleKey
        let divisionLane = stored[.followUp]?.roleKey ?? stored.values.first?.roleKey ?? RoleKey.admin
        var rows: [SOPExtraActivity] = []
        var round = stored[.round] ?? SOPExtraActivity(name: "Memantau informasi yang masuk melalui media sosial",
                                                      roleKey: monitor ?? divisionLane, incomingRow: .round)
        round.roleKey = monitor ?? round.roleKey
        round.standardMinutes = roundMinutes
        round.timeRules = []
        rows.append(round)
        for step in workflow.steps {
            guard let kind = SOPIncomingRow.allCases.first(where: { $0.stepKind == step.kind }) else { continue }
            var row = stored[kind] ?? SOPExtraActivity(name: step.name, roleKey: divisionLane, incomingRow: kind)
            row.name = step.name
            row.roleKey = step.roleKey ?? stored[kind]?.roleKey ?? divisionLane
            row.standardMinutes = step.standardMinutes
            row.incomingRow = kind
            row.timeRules = []
            if step.kind == .followUp, !workflow.categoryMinutes.isEmpty {
                row.timeRules = MessageCategory.allCases.compactMap { category in
                    workflow.categoryMinutes[category].map { categoryTime(category, $0) }
                }
            }
            rows.append(row)
        }
        var result = extras.filter { $0.incomingRow == nil }
        let before = extras[..<at].filter { $0.incomingRow == nil }.count
        result.insert(contentsOf: rows, at: before)
        return result
    }
}
