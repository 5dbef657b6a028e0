import Foundation

/// Checks on text people type, with messages that say what to fix.
public enum Validation {
    /// Trimmed text; empty (unless allowed) is 422 and longer than `maxLength` is 413.
    public static func text(_ value: String, field: String, maxLength: Int, allowEmpty: Bool = false) throws -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty && !allowEmpty {
            throw SimpleDomainError(.invalidInput, code: "empty_\(field)", message: "The \(field) is empty; type something first.")
        }
        if trimmed.count > maxLength {
            throw SimpleDomainError(
                .tooLarge, code: "\(field)_too_long",
                message: "The \(field) is \(trimmed.count) characters long; the limit is \(maxLength).")
        }
        return trimmed
    }

    /// A plausible email address, lower-cased.
    public static func email(_ value: String) throws -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard trimmed.count <= 254,
              trimmed.range(of: #"^[^@\s<>]+@[^@\s<>]+\.[a-z]{2,}$"#, options: .regularExpression) != nil
        else {
            throw SimpleDomainError(.invalidInput, code: "invalid_email", message: "Enter an email address such as name@example.com.")
        }
        return trimmed
    }
}
