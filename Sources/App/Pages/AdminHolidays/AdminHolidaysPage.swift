import Domain
import Foundation

/// What `/admin/holidays` shows: the days off of one year and the commemoration days, with their forms.
extension AdminHolidaysController {
    struct Row: Sendable {
        let id: Int64
        let date: String
        let day: String
        let name: String
        let kind: String
        let isJointLeave: Bool
        let deleteAction: String
        let editHref: String
    }
    struct Form: Sendable {
        var day = ""
        var name = ""
        var kind = "libur"
        /// The day in Indonesian words beside its field (`DateText.fieldWords`).
        var dayWords: String { DateText.fieldWords(day, zone: "") }
    }
    struct CommemorationRow: Sendable {
        let monthDay: String
        let date: String
        let name: String
        let basis: String
        let deleteAction: String
        let editHref: String
    }
    struct CommemorationForm: Sendable {
        var monthDay = ""
        var name = ""
        var basis = ""
    }
    struct Page: Sendable {
        let year: Int
        /// The list of the year shown, where "Batal" returns to.
        var yearHref: String { SiteURL.adminHolidays.with([("year", "\(year)")]) }
        let years: [ChoiceOption]
        let rows: [Row]
        let form: Form
        /// Set when the form corrects an existing day rather than adding one.
        let formAction: String
        let editing: Bool
        let kinds: [ChoiceOption]
        let errors: [String]
        let commemorations: [CommemorationRow]
        let commemorationForm: CommemorationForm
        let commemorationAction: String
        let editingCommemoration: Bool
        let importLimitKB: Int
    }
}

extension AdminHolidaysController.Page {
    /// The days off of `year` (clamped to 1900…9999) and every commemoration day, with the forms as given.
    init(year: Int, holidays: [HolidayRecord], commemorations: [CommemorationRecord], form: AdminHolidaysController.Form, editing: Int64?,
         commemorationForm: AdminHolidaysController.CommemorationForm, editingCommemoration: Int64?, errors: [String], importLimitKB: Int,
         calendar: OfficeCalendar, t: Texts, dates: DateText) {
        let year = min(max(year, 1900), 9999)
        var years = Set(holidays.compactMap { Day($0.day)?.year })
        years.insert(year)
        let rows = holidays.filter { Day($0.day)?.year == year }.map { record -> AdminHolidaysController.Row in
            let date = Day(record.day).flatMap(calendar.startOfDayDate)
            return .init(id: record.id!, date: record.day, day: date.map(dates.longDate) ?? record.day, name: record.name,
                         kind: record.kind.label(t), isJointLeave: record.kind == .cutiBersama,
                         deleteAction: SiteURL.adminHolidayDelete(record.id!).path,
                         editHref: SiteURL.adminHolidays.with([("year", "\(year)"), ("edit", "\(record.id!)")]) + "#holiday-form")
        }
        self.init(
            year: year, years: years.sorted().map { .init(value: "\($0)", label: "\($0)", selected: $0 == year) }, rows: rows, form: form,
            formAction: editing.map { SiteURL.adminHoliday($0).path } ?? SiteURL.adminHolidays.path, editing: editing != nil,
            kinds: HolidayKind.allCases.map { .init(value: $0.rawValue, label: $0.label(t), selected: $0.rawValue == form.kind) },
            errors: errors,
            commemorations: commemorations.map { record in
                .init(monthDay: record.monthDay,
                      date: record.commemoration.map { "\($0.day) \(dates.monthName($0.month))" } ?? record.monthDay,
                      name: record.name, basis: record.basis, deleteAction: SiteURL.adminCommemorationDelete(record.id!).path,
                      editHref: SiteURL.adminHolidays.with([("year", "\(year)"), ("edit_commemoration", "\(record.id!)")]) + "#commemoration-form")
            },
            commemorationForm: commemorationForm,
            commemorationAction: editingCommemoration.map { SiteURL.adminCommemoration($0).path } ?? SiteURL.adminCommemorations.path,
            editingCommemoration: editingCommemoration != nil, importLimitKB: importLimitKB)
    }
}
