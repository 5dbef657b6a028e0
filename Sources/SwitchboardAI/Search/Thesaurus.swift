import Foundation

/// Groups of words customers use interchangeably ("parcel, package", "gp, doctor"): a word of
/// the question that belongs to a group also searches for the group's other one-word members.
///
/// Entries are stemmed, stop words dropped; an entry of several words ("money back") is only
/// recognised in the question, never searched for (one word stands for a group in articles).
public struct Thesaurus: Sendable {
    /// Stemmed entry (words joined by a space) → the groups it belongs to.
    private var groupsByEntry: [String: [Int]] = [:]
    /// Each group's one-word members, stemmed.
    private var singleWords: [[String]] = []
    /// The most words an entry has, for matching phrases in a question.
    private(set) var longestEntry = 1

    /// Parses `text`: one comma-separated group per line; `#` starts a comment line.
    public init(_ text: String) {
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            let entries = Set(trimmed.split(separator: ",").map { SearchText.terms(String($0)) }.filter { !$0.isEmpty })
            guard entries.count > 1 else { continue }
            let group = singleWords.count
            singleWords.append(entries.filter { $0.count == 1 }.map { $0[0] }.sorted())
            for entry in entries {
                groupsByEntry[entry.joined(separator: " "), default: []].append(group)
                longestEntry = max(longestEntry, entry.count)
            }
        }
    }

    /// An empty thesaurus.
    public static let none = Thesaurus("")

    /// The one-word alternatives of the entry `stems`, without the entry itself; empty when it is in no group.
    func alternatives(of stems: ArraySlice<String>) -> [String] {
        guard let groups = groupsByEntry[stems.joined(separator: " ")] else { return [] }
        var seen: Set<String> = stems.count == 1 ? [stems.first!] : []
        var result: [String] = []
        for group in groups {
            for word in singleWords[group] where seen.insert(word).inserted { result.append(word) }
        }
        return result
    }
}

extension Thesaurus {
    /// The general customer-service thesaurus that ships with Switchboard
    /// (`Thesaurus/CustomerServiceThesaurus.txt`, a resource of this module).
    public static let customerService: Thesaurus = {
        guard let url = Bundle.module.url(forResource: "CustomerServiceThesaurus", withExtension: "txt"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else {
            preconditionFailure("CustomerServiceThesaurus.txt is missing from the SwitchboardAI resources: a broken install")
        }
        return Thesaurus(text)
    }()
}
