import Domain
import Foundation

/// Timing-rule violations in words: the rule and the dates.
enum TimingText {
    static func message(_ violation: TimingViolation, t: Texts, dates: DateText) -> String {
        let publish = dates.dateTime(violation.publishAt)
        let reference = violation.rule == .greetingOnOrBeforeDay ? dates.longDate(day: violation.referenceDay) : dates.dateTime(violation.reference)
        let last = dates.longDate(day: violation.lastAllowedDay)
        let rule = violation.rule.label(t)
        switch violation.problem {
        case .beforeEventEnds: return t.timing_kegiatan_hari_sama_sebelum_kegiatan_selesai(rule: rule, publish: publish, reference: reference)
        case .afterEventDay: return t.timing_kegiatan_hari_sama_setelah_hari_kegiatan(rule: rule, publish: publish, last: last)
        case .lessThanThreeDaysBefore: return t.timing_infografis_3_hari_kurang_dari_h_3(rule: rule, reference: reference, last: last, publish: publish)
        case .afterDay: return t.timing_ucapan_sebelum_hari_setelah_harinya(rule: rule, reference: reference, publish: publish)
        }
    }
}
