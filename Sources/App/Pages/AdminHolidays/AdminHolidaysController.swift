import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// `/admin/holidays`: the days off the office clock skips. The government fixes them each year by
/// joint decree, so administrators add, correct and remove them here. The model is in
/// `AdminHolidaysPage.swift`.
struct AdminHolidaysController {
    let services: AppServices

    func addRoutes(to admin: RouterGroup<AppRequestContext>) {
        admin.get(SiteURL.adminHolidays.route, use: list)
        admin.post(SiteURL.adminHolidays.route, use: add)
        admin.post(SiteURL.adminHolidaysImport.route, use: importFile)
        admin.post(SiteURL.adminHoliday(0).route, use: correct)
        admin.post(SiteURL.adminHolidayDelete(0).route, use: delete)
        admin.post(SiteURL.adminCommemorations.route) { request, context in
            try await saveCommemoration(request, context: context, id: nil)
        }
        admin.post(SiteURL.adminCommemoration(0).route) { request, context in
            // An address whose id is not a number names no commemoration.
            guard let id = context.parameters.get("id", as: Int64.self) else { throw AppError(.notFound, LocalizedMessage { $0.holiday_error_not_found }) }
            return try await saveCommemoration(request, context: context, id: id)
        }
        admin.post(SiteURL.adminCommemorationDelete(0).route, use: deleteCommemoration)
    }

    static let importLimit = 512 * 1024

    func list(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let query = request.uri.formParameters
        var year = query.get("year", as: Int.self) ?? services.institution.officeCalendar.day(of: services.now).year
        var form = Form()
        var editing: Int64?
        if let id = query.get("edit", as: Int64.self), let record = try services.database.holiday(id: id) {
            form = Form(day: record.day, name: record.name, kind: record.kind.rawValue)
            editing = id
            year = Day(record.day)?.year ?? year
        }
        var commemorationForm = CommemorationForm()
        var editingCommemoration: Int64?
        if let id = query.get("edit_commemoration", as: Int64.self),
           let record = try services.database.commemorations().first(where: { $0.id == id }) {
            commemorationForm = CommemorationForm(monthDay: record.monthDay, name: record.name, basis: record.basis)
            editingCommemoration = id
        }
        return try render(year: year, form: form, editing: editing, commemorationForm: commemorationForm, editingCommemoration: editingCommemoration,
                          errors: [], status: .ok, request: request, context: context)
    }

    func render(year: Int, form: Form, editing: Int64? = nil, commemorationForm: CommemorationForm = CommemorationForm(),
                editingCommemoration: Int64? = nil, errors: [String], status: HTTPResponse.Status, request: Request,
                context: AppRequestContext) throws -> HTML {
        let page = Page(year: year, holidays: try services.database.holidays(), commemorations: try services.database.commemorations(),
                        form: form, editing: editing, commemorationForm: commemorationForm, editingCommemoration: editingCommemoration,
                        errors: errors, importLimitKB: Self.importLimit / 1024, calendar: services.institution.officeCalendar,
                        t: services.texts(context), dates: services.dateText(context))
        return services.render(title: services.texts(context).holidays_title, request: request, context: context, status: status) {
            Templates.adminHolidays(page: page, chrome: $0, t: $1, into: &$2)
        }
    }

    func add(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await save(request, context: context, id: nil)
    }

    /// Corrects a day: the government moves them by joint decree.
    func correct(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let id = context.parameters.get("id", as: Int64.self), try services.database.holiday(id: id) != nil else {
            throw AppError(.notFound, LocalizedMessage { $0.holiday_error_not_found })
        }
        return try await save(request, context: context, id: id)
    }

    func save(_ request: Request, context: AppRequestContext, id: Int64?) async throws -> Response {
        let admin = try context.requireIdentity()
        var request = request
        let data = try await request.form(limit: services.config.maxBodyBytes)
        let form = Form(day: String(data.trimmed("day").prefix(40)), name: data.trimmed("name"), kind: data.trimmed("kind"))
        var errors: [String] = []
        let day = Day(form.day)
        if day == nil { errors.append(services.texts(context).holiday_error_day) }
        if form.name.isEmpty { errors.append(services.texts(context).holiday_error_name) }
        if form.name.count > 200 { errors.append(services.texts(context).holiday_error_name_long(n: "200")) }
        let kind = HolidayKind(rawValue: form.kind)
        if kind == nil { errors.append(services.texts(context).holiday_error_kind) }
        guard errors.isEmpty, let day, let kind, form.name.count <= 200 else {
            let year = day?.year ?? services.institution.officeCalendar.day(of: services.now).year
            return try render(year: year, form: form, editing: id, errors: errors, status: .unprocessableContent, request: request, context: context)
                .response(from: request, context: context)
        }
        if let id {
            _ = try services.database.updateHoliday(id: id, day: day, name: form.name, kind: kind)
        } else {
            try services.database.addHoliday(day: day, name: form.name, kind: kind)
        }
        try services.institution.reload()
        try services.database.audit(.holidayChange, actorId: admin.id, actorUsername: admin.username, target: day.description,
                                    clientAddress: context.clientAddress, detail: "\(id == nil ? "+" : "~") \(form.name)", at: services.now)
        return .redirect(to: SiteURL.adminHolidays.path + "?year=\(day.year)&ok=\(id == nil ? "holiday_added" : "holiday_corrected")")
    }

    // MARK: commemorations

    func saveCommemoration(_ request: Request, context: AppRequestContext, id: Int64?) async throws -> Response {
        let admin = try context.requireIdentity()
        if let id, try !services.database.commemorations().contains(where: { $0.id == id }) {
            throw AppError(.notFound, LocalizedMessage { $0.holiday_error_not_found })
        }
        var request = request
        let data = try await request.form(limit: services.config.maxBodyBytes)
        let form = CommemorationForm(monthDay: String(data.trimmed("month_day").prefix(40)), name: data.trimmed("name"), basis: data.trimmed("basis"))
        // A date field sends `YYYY-MM-DD`; the year does not matter for a day marked every year.
        let monthDay = Day(form.monthDay).map { String(format: "%02d-%02d", $0.month, $0.day) } ?? form.monthDay
        let tooLong = form.name.count > 200 || form.basis.count > 200
        guard let day = Commemoration(monthDay: monthDay, name: form.name, basis: form.basis), !form.name.isEmpty, !tooLong else {
            var errors: [String] = []
            if Commemoration(monthDay: monthDay, name: "x") == nil { errors.append(services.texts(context).commemoration_error_day) }
            if form.name.isEmpty { errors.append(services.texts(context).holiday_error_name) }
            if tooLong { errors.append(services.texts(context).holiday_error_name_long(n: "200")) }
            let year = services.institution.today(services.now).year
            return try render(year: year, form: Form(), commemorationForm: form, editingCommemoration: id, errors: errors,
                              status: .unprocessableContent, request: request, context: context).response(from: request, context: context)
        }
        try services.database.saveCommemoration(CommemorationRecord(id: id, monthDay: day.monthDay, name: day.name, basis: day.basis))
        try services.institution.reload()
        try services.database.audit(.holidayChange, actorId: admin.id, actorUsername: admin.username, target: day.monthDay,
                                    clientAddress: context.clientAddress, detail: "\(id == nil ? "+" : "~") \(day.name)", at: services.now)
        return .redirect(to: SiteURL.adminHolidays.path + "?ok=commemoration_saved#commemorations")
    }

    func deleteCommemoration(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try context.requireIdentity()
        guard let id = context.parameters.get("id", as: Int64.self), let removed = try services.database.deleteCommemoration(id: id) else {
            throw AppError(.notFound, LocalizedMessage { $0.holiday_error_not_found })
        }
        try services.institution.reload()
        try services.database.audit(.holidayChange, actorId: admin.id, actorUsername: admin.username, target: removed.monthDay,
                                    clientAddress: context.clientAddress, detail: "− \(removed.name)", at: services.now)
        return .redirect(to: SiteURL.adminHolidays.path + "?ok=commemoration_deleted#commemorations")
    }

    // MARK: import

    /// A CSV of the shipped files' columns; a file with one bad row changes nothing.
    func importFile(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try context.requireIdentity()
        guard request.isMultipart else { throw AppError.malformedForm }
        let upload = try await request.textUpload(field: "file", limit: Self.importLimit, csrfToken: context.csrfToken)
        let year = services.institution.today(services.now).year
        func refuse(_ message: String, _ status: HTTPResponse.Status) throws -> Response {
            try render(year: year, form: Form(), errors: [message], status: status, request: request, context: context)
                .response(from: request, context: context)
        }
        if let problem = upload.problem {
            let (message, status) = services.uploadProblem(problem, context)
            return try refuse(message, status)
        }
        let parsed: NationalDaysCSV.Parsed
        do {
            parsed = try NationalDaysCSV.parse(upload.text ?? "")
        } catch {
            let reason: String
            switch error {
            case .empty: reason = services.texts(context).days_import_empty
            case .unknownHeader(let header): reason = services.texts(context).days_import_header(header: header)
            case .badRow(let row, let why): reason = services.texts(context).days_import_row(row: "\(row)", field: StoredLabel.daysImportField(why.rawValue, services.texts(context)))
            case .tooManyRows(let limit): reason = services.texts(context).days_import_too_many(n: "\(limit)")
            }
            return try refuse(reason, .unprocessableContent)
        }
        let count = try services.database.importDays(holidays: parsed.holidays.map { ($0.day, $0.name, $0.kind) }, commemorations: parsed.commemorations)
        try services.institution.reload()
        try services.database.audit(.holidayChange, actorId: admin.id, actorUsername: admin.username, target: upload.fileName,
                                    clientAddress: context.clientAddress, detail: "import \(count)", at: services.now)
        let shownYear = parsed.holidays.first?.day.year ?? year
        return .redirect(to: SiteURL.adminHolidays.path + "?year=\(shownYear)&ok=days_imported")
    }

    func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try context.requireIdentity()
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
