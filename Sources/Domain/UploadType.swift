/// The files people may upload, told apart by their first bytes ("magic numbers"), never by the
/// name or the type the browser claims.
public enum UploadType: String, Sendable, CaseIterable, Codable {
    case jpeg
    case png
    case webp
    case mp4

    public var mimeType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .webp: "image/webp"
        case .mp4: "video/mp4"
        }
    }

    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .png: "png"
        case .webp: "webp"
        case .mp4: "mp4"
        }
    }

    public var isVideo: Bool { self == .mp4 }

    /// How many leading bytes `sniff` needs.
    public static let sniffLength = 12

    /// The type of a file from its first bytes; nil for anything not accepted.
    public static func sniff(_ bytes: [UInt8]) -> UploadType? {
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + prefix.count && Array(bytes[offset..<(offset + prefix.count)]) == prefix
        }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return .webp }
        if starts(Array("ftyp".utf8), at: 4) { return .mp4 }
        return nil
    }
}

/// Upload limits, in bytes; settings with these defaults.
public struct UploadLimits: Sendable, Equatable {
    public var image: Int
    public var video: Int

    public init(image: Int = 10 * 1024 * 1024, video: Int = 200 * 1024 * 1024) {
        self.image = image
        self.video = video
    }

    public func limit(for type: UploadType) -> Int { type.isVideo ? video : image }
}
