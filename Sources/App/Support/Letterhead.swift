import Foundation
/// The letterhead (kop) printed at the top of official records: the institution's logo, name
/// and address, from the settings.
struct Letterhead: Sendable {
    let name: String
    /// The address, one entry per line as typed in the settings.
    let addressLines: [String]
    let logoHref: String?

    init(name: String, addressLines: [String], logoHref: String?) {
        self.name = name
        self.addressLines = addressLines
        self.logoHref = logoHref
    }

    /// `logo: false` for copies opened from disk (the record ZIP), where the portal's address of
    /// the logo does not resolve.
    init(_ settings: InstitutionSettings, logo: Bool = true) {
        name = settings.name
        addressLines = settings.letterheadAddress.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        logoHref = logo ? settings.logoSha256.map { SiteURL.media($0).path } : nil
    }
}
