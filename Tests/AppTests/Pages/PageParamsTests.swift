import Domain
import Foundation
import Hummingbird
import HummingbirdCore
import Testing
@testable import App

/// The typed query parameters of the archive and the calendar: what a link writes, the page reads
/// back unchanged, whatever the values hold; what it does not know is a 400, never a 500.
@Suite struct ArchiveParamsTests {
    static func read(_ href: String) throws -> ArchiveParams {
        try ArchiveParams(URI(href).queryParameters)
    }

    @Test func anEmptyQueryIsTheDefault() throws {
        // action
        let params = try Self.read("/archive")
        // check
        #expect(params == ArchiveParams())
        #expect(!params.isFiltered)
        #expect(params.href(page: 1) == "/archive?page=1")
        #expect(params.csvHref == "/archive.csv")
    }

    @Test func everyFieldSurvivesTheRoundTrip() throws {
        // setup
        let params = ArchiveParams(month: YearMonth(year: 2026, month: 11), channel: .instagram, kind: .kegiatan, status: .dead,
                                   text: "Hari Ibu & Anak = 100% + #1 ?x=/ü \"<b>'", sort: .title, ascending: true, page: 3)
        // action
        let href = params.href(page: 3)
        let back = try Self.read(href)
        // check
        #expect(back == params)
        #expect(back.isFiltered)
        #expect(href.hasPrefix("/archive?month=2026-11&channel=instagram&kind=kegiatan&status=mati&q="))
        #expect(href.hasSuffix("&sort=title&dir=asc&page=3"))
        #expect(!href.contains(" ") && !href.contains("#") && !href.contains("\""))
        var csv = try ArchiveParams(URI(params.csvHref).queryParameters)
        csv.page = 3
        #expect(csv == params, "the spreadsheet link carries the same filter")
    }

    @Test func sortLinksKeepTheFilterAndStartAtTheFirstPage() throws {
        // setup
        let params = ArchiveParams(channel: .website, text: "a&b", sort: .date, page: 4)
        // action
        let back = try Self.read(params.sortHref(.status, ascending: false))
        // check
        #expect(back == ArchiveParams(channel: .website, text: "a&b", sort: .status, ascending: false, page: 1))
    }

    @Test func hostileValuesAreBoundedOrRefused() throws {
        // action, check: text is trimmed and cut at 100 characters; pages are clamped.
        let long = try Self.read("/archive?q=" + String(repeating: "%26", count: 300) + "&page=99999999999999999999")
        #expect(long.text == String(repeating: "&", count: 100))
        #expect(long.page == 1, "an unreadable number is the first page")
        #expect(try Self.read("/archive?page=-5").page == 1)
        #expect(try Self.read("/archive?page=100001").page == ArchiveParams.maximumPage)
        #expect(try Self.read("/archive?q=%20%20padded%20").text == "padded")
        #expect(try Self.read("/archive?month=").month == nil, "an empty month is no month")
        #expect(try Self.read("/archive?dir=sideways").ascending == false)
        // Unknown values are a 400 that names them.
        for query in ["month=2026-13", "month=%00", "channel=myspace", "kind=%3Cscript%3E", "status=alive", "sort=random"] {
            #expect(throws: AppError.self, "\(query)") { try Self.read("/archive?" + query) }
        }
    }

    @Test func theReportMonthIsThisMonthWhenAbsentAndRefusedWhenEmpty() throws {
        // setup
        let today = Day(year: 2026, month: 11, day: 20)
        // action, check
        #expect(try ArchiveParams.reportMonth(URI("/archive/report").queryParameters, today: today) == YearMonth(today))
        #expect(try ArchiveParams.reportMonth(URI(ArchiveParams.reportHref(YearMonth(year: 2027, month: 1))).queryParameters, today: today)
            == YearMonth(year: 2027, month: 1))
        #expect(throws: AppError.self) { try ArchiveParams.reportMonth(URI("/archive/report?month=").queryParameters, today: today) }
    }
}

@Suite struct CalendarParamsTests {
    static let today = Day(year: 2026, month: 11, day: 20)

    static func read(_ href: String) throws -> CalendarParams {
        try CalendarParams(URI(href).queryParameters, today: today)
    }

    @Test func theDefaultIsThisMonth() throws {
        // action
        let params = try Self.read("/calendar")
        // check
        #expect(params == CalendarParams(range: .month(YearMonth(Self.today))))
        #expect(params.href == "/calendar?month=2026-11")
        #expect(try Self.read("/calendar?month=") == params)
        #expect(try Self.read("/calendar?view=list").range == .list(from: Self.today, to: Self.today.adding(days: 30)))
    }

    @Test func everyRangeAndFilterSurvivesTheRoundTrip() throws {
        // setup
        let filters = CalendarQuery.Filters(channel: .instagram, status: .draft, kind: .ucapan)
        let all: [CalendarParams] = [
            .init(range: .month(YearMonth(year: 2026, month: 2)), filters: filters),
            .init(range: .week(ISOWeek(year: 2026, week: 53)), filters: filters),
            .init(range: .list(from: Day(year: 2026, month: 11, day: 1), to: Day(year: 2027, month: 10, day: 31)), filters: filters),
            .init(range: .week(ISOWeek(year: 2026, week: 1))),
        ]
        for params in all {
            // action
            let back = try Self.read(params.href)
            // check
            #expect(back == params, "\(params.href)")
            #expect(try Self.read(params.clearHref) == CalendarParams(range: params.range), "\(params.clearHref)")
            #expect(try Self.read(params.moved(by: -1).href).moved(by: 1) == params)
            #expect(params.hiddenFields.map { "\($0.name)=\($0.value)" }.joined(separator: "&") == params.clearHref.split(separator: "?").last.map(String.init))
        }
    }

    @Test func movingKeepsTheViewAndItsLength() throws {
        // setup
        let list = CalendarParams(range: .list(from: Day(year: 2026, month: 11, day: 10), to: Day(year: 2026, month: 11, day: 12)))
        // action, check
        #expect(list.moved(by: 1).range == .list(from: Day(year: 2026, month: 11, day: 13), to: Day(year: 2026, month: 11, day: 15)))
        #expect(list.moved(by: -1).range == .list(from: Day(year: 2026, month: 11, day: 7), to: Day(year: 2026, month: 11, day: 9)))
        #expect(CalendarParams(range: .month(YearMonth(year: 2026, month: 12))).moved(by: 1).href == "/calendar?month=2027-01")
        #expect(list.asMonth.href == "/calendar?month=2026-11")
        #expect(list.asList == list)
        #expect(list.around(Self.today).range == .list(from: Self.today, to: Self.today.adding(days: 30)))
    }

    @Test func hostileValuesAreRefusedWithA400() throws {
        for query in ["week=2026-W99", "week=%3Cscript%3E", "month=2026-00", "from=2026-02-30", "from=2026-11-02&to=2026-11-01",
                      "from=2026-01-01&to=2027-01-02", "channel=friendster", "status=%00", "kind=x&kind=y"] {
            #expect(throws: AppError.self, "\(query)") { try Self.read("/calendar?" + query) }
        }
        // The week wins over the list and the month, as before.
        #expect(try Self.read("/calendar?week=2026-W47&month=2026-01&view=list").range == .week(ISOWeek(year: 2026, week: 47)))
        #expect(try Self.read("/calendar?from=2026-01-01&to=2026-12-31").view == .list)
    }
}
