import Foundation

/// A file in a conversation as messages carry it: what it is, never its bytes.
public struct AttachmentReference: Sendable, Equatable, Codable {
    public var id: UUID
    public var name: String
    public var contentType: String
    public var size: Int

    public init(id: UUID, name: String, contentType: String, size: Int) {
        self.id = id
        self.name = name
        self.contentType = contentType
        self.size = size
    }
}

/// A file about to be stored, already checked by `AttachmentRules`.
public struct NewAttachment: Sendable, Equatable {
    public var fileName: String
    public var contentType: String
    public var data: [UInt8]
}

/// A stored file with its bytes, for download by the conversation's parties.
public struct StoredAttachment: Sendable, Equatable {
    public var reference: AttachmentReference
    public var conversationID: UUID
    public var data: [UInt8]

    public init(reference: AttachmentReference, conversationID: UUID, data: [UInt8]) {
        self.reference = reference
        self.conversationID = conversationID
        self.data = data
    }
}

/// What may be attached: images (PNG, JPEG, GIF, WebP) and PDFs up to 5 MiB, recognised by their
/// first bytes — the type a browser declares is not trusted, so an HTML page named photo.png is refused.
public enum AttachmentRules {
    public static let maxBytes = 5 * 1024 * 1024
    public static let maxNameLength = 200

    /// The file's type from its first bytes, or nil when it is none of the types taken.
    public static func contentType(of data: [UInt8]) -> String? {
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            data.count >= offset + prefix.count && Array(data[offset..<offset + prefix.count]) == prefix
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if starts([0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return "image/gif" }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return "image/webp" }
        if starts(Array("%PDF-".utf8)) { return "application/pdf" }
        return nil
    }

    /// Checks a file and names it: 413 above 5 MiB, 415 for a type not taken, 422 when empty.
    public static func check(data: [UInt8], name typed: String?) throws -> NewAttachment {
        guard !data.isEmpty else {
            throw SimpleDomainError(.invalidInput, code: "empty_attachment", message: "The file is empty.")
        }
        guard data.count <= maxBytes else {
            throw SimpleDomainError(.tooLarge, code: "attachment_too_large", message: "A file may be at most 5 MB.")
        }
        guard let type = contentType(of: data) else {
            throw SimpleDomainError(
                .unsupportedMediaType,
                code: "unsupported_attachment",
                message: "Only images (PNG, JPEG, GIF, WebP) and PDF files can be attached."
            )
        }
        return NewAttachment(fileName: fileName(typed, contentType: type), contentType: type, data: data)
    }

    /// The name to show: the last path component, without control characters, at most 200
    /// characters; "attachment.<ext>" when nothing is left.
    public static func fileName(_ typed: String?, contentType: String) -> String {
        let last = (typed ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(String.UnicodeScalarView(last.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }))
            .trimmingCharacters(in: .whitespaces)
        let short = String(String.UnicodeScalarView(clean.unicodeScalars.prefix(maxNameLength)))
        if !short.isEmpty { return short }
        let ext = ["image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"][contentType] ?? "pdf"
        return "attachment.\(ext)"
    }
}
