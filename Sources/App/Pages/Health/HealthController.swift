import GRDB
import Hummingbird

/// `GET /healthz`: 200 when the server answers and its database can be read.
struct HealthController {
    let database: AppDatabase

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(SiteURL.healthz.route) { _, _ -> Response in
            // One statement: no read transaction needed around it.
            _ = try database.writer.unsafeRead { db in try Int.fetchOne(db, sql: "SELECT 1") }
            return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        // Browsers ask for /favicon.ico on pages that name no icon (plain text, a downloaded file).
        router.get("/favicon.ico") { _, _ -> Response in
            Response(status: .movedPermanently, headers: [.location: "/static/img/favicon.svg", .cacheControl: "public, max-age=86400"])
        }
    }
}
