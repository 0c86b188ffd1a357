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
                let header = Self.localHeader(name: name, nameLength: nameLength, crc: crc.value, size: size32)
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
                central += Self.centralHeader(name: name, nameLength: nameLength, crc: crc.value, size: size32, offset: offset)
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

    static func read(_ entry: Entry, _ body: ([UInt8]) throws -> Void) throws {
        if let data = entry.data { try body(data); return }
        guard let path = entry.path, let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        while let data = try handle.read(upToCount: chunk), !data.isEmpty { try body(Array(data)) }
    }

    static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }

    /// Flag bit 11: names are UTF-8. Time and date: 1 January 2026, fixed, so archives are reproducible.
    static let flags: UInt16 = 0x0800
    static let dosTime: UInt16 = 0
    static let dosDate: UInt16 = UInt16((2026 - 1980) << 9 | 1 << 5 | 1)

    static func localHeader(name: [UInt8], nameLength: UInt16, crc: UInt32, size: UInt32) -> [UInt8] {
        le32(0x0403_4B50) + le16(10) + le16(flags) + le16(0) + le16(dosTime) + le16(dosDate) + le32(crc) + le32(size) + le32(size)
            + le16(nameLength) + le16(0) + name
    }

    static func centralHeader(name: [UInt8], nameLength: UInt16, crc: UInt32, size: UInt32, offset: UInt32) -> [UInt8] {
        le32(0x0201_4B50) + le16(20) + le16(10) + le16(flags) + le16(0) + le16(dosTime) + le16(dosDate) + le32(crc) + le32(size) + le32(size)
            + le16(nameLength) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) + name
    }

    static func endRecord(count: UInt16, centralSize: UInt32, centralOffset: UInt32) -> [UInt8] {
        le32(0x0605_4B50) + le16(0) + le16(0) + le16(count) + le16(count) + le32(centralSize) + le32(centralOffset) + le16(0)
    }
}
