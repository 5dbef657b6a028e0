import Foundation

/// Checks on text people type, with messages that say what to fix.
///
/// Lengths are counted in Unicode code points, as PostgreSQL's `char_length` counts them, so a
/// limit the app accepts is one the database's CHECK constraints accept too ("e" followed by a
/// combining accent is two, not one).
public enum Validation {
    /// Trimmed text; empty (unless allowed), a NUL character, or more than `maxLength` code
    /// points is 422 with a message naming the field and the limit.
    public static func text(_ value: String, field: String, maxLength: Int, allowEmpty: Bool = false) throws -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty && !allowEmpty {
            throw SimpleDomainError(.invalidInput, code: "empty_\(field)", message: "The \(field) is empty; type something first.")
        }
        try checkStorable(trimmed, field: field)
        try checkLength(trimmed, field: field, maxLength: maxLength)
        return trimmed
    }

    /// The length every limit is checked in: Unicode code points (PostgreSQL's `char_length`).
    public static func length(_ value: some StringProtocol) -> Int {
        value.unicodeScalars.count
    }

    /// 422 `<field>_too_long` when `value` has more than `maxLength` code points.
    public static func checkLength(_ value: some StringProtocol, field: String, maxLength: Int) throws {
        let count = length(value)
        if count > maxLength {
            throw SimpleDomainError(
                .invalidInput,
                code: "\(field.replacingOccurrences(of: " ", with: "_"))_too_long",
                message: "The \(field) is \(count) characters long; the limit is \(maxLength)."
            )
        }
    }

    /// 422 `invalid_text` when `value` holds a NUL character, which PostgreSQL text cannot store.
    public static func checkStorable(_ value: some StringProtocol, field: String) throws {
        if value.utf8.contains(0) {
            throw SimpleDomainError(
                .invalidInput,
                code: "invalid_text",
                message: "The \(field) contains a NUL character (U+0000), which cannot be stored; remove it."
            )
        }
    }

    /// A plausible email address, lower-cased.
    public static func email(_ value: String) throws -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard length(trimmed) <= 254, !trimmed.utf8.contains(0),
            trimmed.range(of: #"^[^@\s<>]+@[^@\s<>]+\.[a-z]{2,}$"#, options: .regularExpression) != nil
        else {
            throw SimpleDomainError(.invalidInput, code: "invalid_email", message: "Enter an email address such as name@example.com.")
        }
        return trimmed
    }
}
