import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// `/admin/holidays`: the days off the office clock skips. The government fixes them each year by
/// joint decree, so administrators add, correct and remove them here.
struct AdminHolidaysController {
    let services: AppServices

    struct Row: Sendable {
        let date: String
        let day: String
        let name: String
        let kind: String
        let isJointLeave: Bool
        let deleteAction: String
    }
    struct Form: Sendable {
        var day = ""
        var name = ""
        var kind = "libur"
    }
    struct Page: Sendable {
        let year: Int
        let years: [ChoiceOption]
        let rows: [Row]
        let form: Form
        let kinds: [ChoiceOption]
        let errors: [String]
    }

    func addRoutes(to admin: RouterGroup<AppRequestContext>) {
        admin.get(SiteURL.adminHolidays.route, use: list)
        admin.post(SiteURL.adminHolidays.route, use: add)
        admin.post(SiteURL.adminHolidayDelete(0).route, use: delete)
    }

    func list(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let year = request.uri.queryParameters.get("year", as: Int.self) ?? services.institution.officeCalendar.day(of: services.now).year
        return try render(year: year, form: Form(), errors: [], status: .ok, request: request, context: context)
    }

    func render(year: Int, form: Form, errors: [String], status: HTTPResponse.Status, request: Request, context: AppRequestContext) throws -> HTML {
        let all = try services.database.holidays()
        let calendar = services.institution.officeCalendar
        let dates = services.dateText(context)
        var years = Set(all.compactMap { Day($0.day)?.year })
        years.insert(year)
        let rows = all.filter { Day($0.day)?.year == year }.map { record -> Row in
            let date = Day(record.day).flatMap(calendar.startOfDayDate)
            return Row(date: record.day, day: date.map(dates.longDate) ?? record.day, name: record.name,
                       kind: services.text("holiday_kind_\(record.kind)", context), isJointLeave: record.kind == "cuti_bersama",
                       deleteAction: SiteURL.adminHolidayDelete(record.id!).path)
        }
        let page = Page(
            year: year, years: years.sorted().map { .init(value: "\($0)", label: "\($0)", selected: $0 == year) }, rows: rows, form: form,
            kinds: ["libur", "cuti_bersama"].map { .init(value: $0, label: services.text("holiday_kind_\($0)", context), selected: $0 == form.kind) },
            errors: errors)
        return try services.page("admin-holidays", title: services.text("holidays_title", context), page: page, request: request, context: context, status: status)
    }

    func add(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let admin = context.user else { throw AppError.forbidden }
        var request = request
        let data = try await request.form(limit: services.config.maxBodyBytes)
        let form = Form(day: data.trimmed("day"), name: String(data.trimmed("name").prefix(200)), kind: data.trimmed("kind"))
        var errors: [String] = []
        let day = Day(form.day)
        if day == nil { errors.append(services.text("holiday_error_day", context)) }
        if form.name.isEmpty { errors.append(services.text("holiday_error_name", context)) }
        if !["libur", "cuti_bersama"].contains(form.kind) { errors.append(services.text("holiday_error_kind", context)) }
        guard errors.isEmpty, let day else {
            let year = day?.year ?? services.institution.officeCalendar.day(of: services.now).year
            return try render(year: year, form: form, errors: errors, status: .unprocessableContent, request: request, context: context)
                .response(from: request, context: context)
        }
        try services.database.addHoliday(day: day, name: form.name, kind: form.kind)
        try services.institution.reload()
        try services.database.audit(.holidayChange, actorId: admin.id, actorUsername: admin.username, target: day.description,
                                    clientAddress: context.clientAddress, detail: "+ \(form.name)", at: services.now)
        return .redirect(to: SiteURL.adminHolidays.path + "?year=\(day.year)&ok=holiday_added")
    }

    func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let admin = context.user else { throw AppError.forbidden }
        guard let id = context.parameters.get("id", as: Int64.self), let removed = try services.database.deleteHoliday(id: id) else {
            throw AppError.notFound
        }
        try services.institution.reload()
        try services.database.audit(.holidayChange, actorId: admin.id, actorUsername: admin.username, target: removed.day,
                                    clientAddress: context.clientAddress, detail: "− \(removed.name)", at: services.now)
        let year = Day(removed.day)?.year ?? 0
        return .redirect(to: SiteURL.adminHolidays.path + "?year=\(year)&ok=holiday_deleted")
    }
}
