import Domain
import Foundation
import Hummingbird
import NIOCore

/// A ZIP archive written as it is sent: entries are stored (photos and videos do not compress),
/// each file read twice from disk (once for its CRC, once to send), never held whole in memory.
struct ZipStream: Sendable {
    struct Entry: Sendable {
        let name: String
        /// A file on disk, or bytes given directly.
        let path: String?
        let data: [UInt8]?
        /// The file's time as the archive records it: see `DOSStamp`.
        var stamp: DOSStamp = .fixed
    }

    /// A time in the MS-DOS form ZIP headers carry: local wall-clock time, two-second steps,
    /// years 1980 to 2107, no zone. Archives record each file's own time in the institution's zone
    /// (the upload time of a medium, the moment a generated file was made).
    struct DOSStamp: Sendable, Equatable {
        let time: UInt16
        let date: UInt16

        /// 1 January 1980 00:00, the earliest time the format holds: for entries without a time.
        static let fixed = DOSStamp(time: 0, date: 1 << 5 | 1)

        init(time: UInt16, date: UInt16) {
            self.time = time
            self.date = date
        }

        /// `date` as the wall clock in `zone` showed it; clamped to the years the format holds.
        init(_ date: Date, in zone: TimeZone) {
            let (dayNumber, second) = WallClock.local(date, in: zone)
            let day = Day(dayNumber: dayNumber)
            guard day.year >= 1980 else { self = .fixed; return }
            guard day.year <= 2107 else { self.init(time: 23 << 11 | 59 << 5 | 29, date: UInt16(127 << 9 | 12 << 5 | 31)); return }
            let hour = second / 3600, minute = second % 3600 / 60, seconds = second % 60
            self.init(time: UInt16(hour << 11 | minute << 5 | seconds / 2), date: UInt16((day.year - 1980) << 9 | day.month << 5 | day.day))
        }
    }

    let entries: [Entry]
    static let chunk = 256 * 1024

    /// Refuses archives that would need ZIP64 (4 GiB); media limits keep items far below it.
    static let maximumTotal = 3_500_000_000

    /// Why an archive cannot be written in the classic ZIP format.
    enum Problem: Error {
        case tooLarge
    }

    /// The archive, checked before a byte is sent: every name fits its 16-bit length field, the
    /// entries their 16-bit count, and the files (their sizes as recorded) the 32-bit offsets.
    /// A refusal here is a 413 page; sizes that change on disk while sending end the stream with
    /// an error rather than a wrong archive.
    static func checked(_ entries: [Entry], recordedSize: Int) throws(Problem) -> ZipStream {
        guard entries.count < Int(UInt16.max), recordedSize >= 0, recordedSize <= maximumTotal,
              entries.allSatisfy({ $0.name.utf8.count <= 1024 })
        else { throw .tooLarge }
        return ZipStream(entries: entries)
    }

    /// The name of an uploaded file inside an archive: numbered, the stored (sanitised) name with
    /// the extension of its real type, under `folder`. One rule for every archive.
    static func mediaEntryName(index: Int, storedName: String, type: UploadType?, folder: String = "") -> String {
        let name = type.map { UploadName.withExtension(storedName, $0) } ?? UploadName.sanitise(storedName)
        return folder + String(format: "%02d-", index + 1) + name
    }

    func body() -> ResponseBody {
        ResponseBody { writer in
            var offset: UInt32 = 0
            var central: [UInt8] = []
            for entry in entries {
                var crc = CRC32()
                var size = 0
                try Self.read(entry) { bytes in crc.update(bytes); size += bytes.count }
                let name = Array(entry.name.utf8)
                guard let size32 = UInt32(exactly: size), let nameLength = UInt16(exactly: name.count) else { throw Problem.tooLarge }
                let header = Self.localHeader(name: name, nameLength: nameLength, crc: crc.value, size: size32, stamp: entry.stamp)
                try await writer.write(ByteBuffer(bytes: header))
                if let data = entry.data {
                    try await writer.write(ByteBuffer(bytes: data))
                } else if let path = entry.path, let handle = FileHandle(forReadingAtPath: path) {
                    defer { try? handle.close() }
                    var sent = 0
                    while sent < size, let piece = try handle.read(upToCount: min(Self.chunk, size - sent)), !piece.isEmpty {
                        sent += piece.count
                        try await writer.write(ByteBuffer(bytes: piece))
                    }
                    guard sent == size else { throw Problem.tooLarge }
                }
                central += Self.centralHeader(name: name, nameLength: nameLength, crc: crc.value, size: size32, offset: offset, stamp: entry.stamp)
                let (next, overflow) = offset.addingReportingOverflow(UInt32(header.count))
                let (end, overflow2) = next.addingReportingOverflow(size32)
                guard !overflow, !overflow2 else { throw Problem.tooLarge }
                offset = end
            }
            guard let count = UInt16(exactly: entries.count), let centralSize = UInt32(exactly: central.count) else { throw Problem.tooLarge }
            let end = Self.endRecord(count: count, centralSize: centralSize, centralOffset: offset)
            try await writer.write(ByteBuffer(bytes: central + end))
            try await writer.finish(nil)
        }
    }

    /// The whole archive in memory, for entries given as bytes (a generated workbook): the same
    /// headers as `body()`. Throws when it would not fit the classic format.
    func bytes() throws(Problem) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        for entry in entries {
            let data = entry.data ?? []
            var crc = CRC32()
            crc.update(data)
            let name = Array(entry.name.utf8)
            guard let size = UInt32(exactly: data.count), let nameLength = UInt16(exactly: name.count),
                  let offset = UInt32(exactly: out.count) else { throw .tooLarge }
            central += Self.centralHeader(name: name, nameLength: nameLength, crc: crc.value, size: size, offset: offset, stamp: entry.stamp)
            out += Self.localHeader(name: name, nameLength: nameLength, crc: crc.value, size: size, stamp: entry.stamp)
            out += data
        }
        guard let count = UInt16(exactly: entries.count), let centralSize = UInt32(exactly: central.count),
              let centralOffset = UInt32(exactly: out.count), out.count + central.count < Int(UInt32.max) else { throw .tooLarge }
        return out + central + Self.endRecord(count: count, centralSize: centralSize, centralOffset: centralOffset)
    }

    static func read(_ entry: Entry, _ body: ([UInt8]) throws -> Void) throws {
        if let data = entry.data { try body(data); return }
        guard let path = entry.path, let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        while let data = try handle.read(upToCount: chunk), !data.isEmpty { try body(Array(data)) }
    }

    static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }

    /// Flag bit 11: names are UTF-8. Method 0: stored (no compression).
    static let flags: UInt16 = 0x0800

    static func localHeader(name: [UInt8], nameLength: UInt16, crc: UInt32, size: UInt32, stamp: DOSStamp) -> [UInt8] {
        le32(0x0403_4B50) + le16(10) + le16(flags) + le16(0) + le16(stamp.time) + le16(stamp.date) + le32(crc) + le32(size) + le32(size)
            + le16(nameLength) + le16(0) + name
    }

    static func centralHeader(name: [UInt8], nameLength: UInt16, crc: UInt32, size: UInt32, offset: UInt32, stamp: DOSStamp) -> [UInt8] {
        le32(0x0201_4B50) + le16(20) + le16(10) + le16(flags) + le16(0) + le16(stamp.time) + le16(stamp.date) + le32(crc) + le32(size) + le32(size)
            + le16(nameLength) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) + name
    }

    static func endRecord(count: UInt16, centralSize: UInt32, centralOffset: UInt32) -> [UInt8] {
        le32(0x0605_4B50) + le16(0) + le16(0) + le16(count) + le16(count) + le32(centralSize) + le32(centralOffset) + le16(0)
    }
}
