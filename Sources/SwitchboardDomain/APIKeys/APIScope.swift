/// What an API key may do. Scopes are independent: `admin` does not imply the others.
public enum APIScope: String, Sendable, Codable, CaseIterable, Comparable {
    case conversationsRead = "conversations:read"
    case conversationsWrite = "conversations:write"
    case kbWrite = "kb:write"
    case analyticsRead = "analytics:read"
    case admin

    public static func < (lhs: APIScope, rhs: APIScope) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Parses scope names, refusing unknown ones with the list of known ones.
    public static func parse(_ names: [String]) throws -> [APIScope] {
        let scopes = try names.map { name in
            guard let scope = APIScope(rawValue: name) else {
                throw SimpleDomainError(
                    .invalidInput,
                    code: "invalid_scope",
                    message: "Unknown scope \"\(name)\"; use any of: \(allCases.map(\.rawValue).joined(separator: ", "))."
                )
            }
            return scope
        }
        guard !scopes.isEmpty else {
            throw SimpleDomainError(.invalidInput, code: "invalid_scope", message: "Give the key at least one scope.")
        }
        return Array(Set(scopes)).sorted()
    }
}
