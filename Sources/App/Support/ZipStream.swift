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

    func body() -> ResponseBody {
        ResponseBody { writer in
            var offset: UInt32 = 0
            var central: [UInt8] = []
            for entry in entries {
                var crc = CRC32()
                var size = 0
                try Self.read(entry) { bytes in crc.update(bytes); size += bytes.count }
                let name = Array(entry.name.utf8)
                let header = Self.localHeader(name: name, crc: crc.value, size: UInt32(size))
                try await writer.write(ByteBuffer(bytes: header))
                if let data = entry.data {
                    try await writer.write(ByteBuffer(bytes: data))
                } else if let path = entry.path, let handle = FileHandle(forReadingAtPath: path) {
                    defer { try? handle.close() }
                    while let piece = try handle.read(upToCount: Self.chunk), !piece.isEmpty {
                        try await writer.write(ByteBuffer(bytes: piece))
                    }
                }
                central += Self.centralHeader(name: name, crc: crc.value, size: UInt32(size), offset: offset)
                offset += UInt32(header.count + size)
            }
            let end = Self.endRecord(count: UInt16(entries.count), centralSize: UInt32(central.count), centralOffset: offset)
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

    static func localHeader(name: [UInt8], crc: UInt32, size: UInt32) -> [UInt8] {
        le32(0x0403_4B50) + le16(10) + le16(flags) + le16(0) + le16(dosTime) + le16(dosDate) + le32(crc) + le32(size) + le32(size)
            + le16(UInt16(name.count)) + le16(0) + name
    }

    static func centralHeader(name: [UInt8], crc: UInt32, size: UInt32, offset: UInt32) -> [UInt8] {
        le32(0x0201_4B50) + le16(20) + le16(10) + le16(flags) + le16(0) + le16(dosTime) + le16(dosDate) + le32(crc) + le32(size) + le32(size)
            + le16(UInt16(name.count)) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) + name
    }

    static func endRecord(count: UInt16, centralSize: UInt32, centralOffset: UInt32) -> [UInt8] {
        le32(0x0605_4B50) + le16(0) + le16(0) + le16(count) + le16(count) + le32(centralSize) + le32(centralOffset) + le16(0)
    }
}
