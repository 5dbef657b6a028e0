import Foundation

/// Groups of words customers use interchangeably ("parcel, package", "gp, doctor"): a word of
/// the question that belongs to a group also searches for the group's other one-word members.
///
/// Entries are stemmed, stop words dropped; an entry of several words ("money back") is only
/// recognised in the question, never searched for (one word stands for a group in articles). An
/// entry that needs its small words ("no power", "doesnt fit") is recognised only with them, word
/// for word: without them it would be a word that means something else ("power").
public struct Thesaurus: Sendable {
    /// Stemmed entry (words joined by a space) → the groups it belongs to.
    private var groupsByEntry: [String: [Int]] = [:]
    /// Entries with stop words, every word stemmed (joined by a space) → their groups.
    private var groupsByWholeEntry: [String: [Int]] = [:]
    /// Each group's one-word members, stemmed.
    private var singleWords: [[String]] = []
    /// The most words an entry has, for matching phrases in a question.
    private(set) var longestEntry = 1
    /// The most words an entry with stop words has.
    private(set) var longestWholeEntry = 0

    /// Parses `text`: one comma-separated group per line; `#` starts a comment line.
    public init(_ text: String) {
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            let written = trimmed.split(separator: ",").map(String.init)
            let whole = Set(written.map { SearchText.words($0).map(EnglishStemmer.stem) }.filter { $0.count > 1 })
            let plain = Set(written.filter { SearchText.words($0).allSatisfy { !SearchText.isStopWord($0) } }.map(SearchText.terms))
                .filter { !$0.isEmpty }
            let wholeOnly = whole.filter { !plain.contains($0) }
            guard plain.count + wholeOnly.count > 1 else { continue }
            let group = singleWords.count
            singleWords.append(plain.filter { $0.count == 1 }.map { $0[0] }.sorted())
            for entry in plain {
                groupsByEntry[entry.joined(separator: " "), default: []].append(group)
                longestEntry = max(longestEntry, entry.count)
            }
            for entry in wholeOnly {
                groupsByWholeEntry[entry.joined(separator: " "), default: []].append(group)
                longestWholeEntry = max(longestWholeEntry, entry.count)
            }
        }
    }

    /// An empty thesaurus.
    public static let none = Thesaurus("")

    /// The one-word alternatives of the entry `stems`, without the entry itself; empty when it is in no group.
    func alternatives(of stems: ArraySlice<String>) -> [String] {
        members(of: groupsByEntry[stems.joined(separator: " ")] ?? [], besides: stems)
    }

    /// The one-word alternatives of an entry with stop words, `stems` being every word of it stemmed.
    func alternatives(ofWhole stems: ArraySlice<String>) -> [String] {
        members(of: groupsByWholeEntry[stems.joined(separator: " ")] ?? [], besides: stems)
    }

    private func members(of groups: [Int], besides stems: ArraySlice<String>) -> [String] {
        guard !groups.isEmpty else { return [] }
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
