import Foundation
import Testing

@testable import SwitchboardAI

/// The Swift stemmer against Snowball's own English stemmer on every word of the evaluation sets
/// plus the algorithm's awkward cases (Fixtures/snowball-english.tsv).
@Suite struct EnglishStemmerTests {
    static func fixture() throws -> [(word: String, stem: String)] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/snowball-english.tsv")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix("#") }
            .map { line in
                let parts = line.split(separator: "\t")
                return (String(parts[0]), String(parts[1]))
            }
    }

    /// Words where the fixture's newer Snowball revision (2021: "ogist", "emergenc", short
    /// "ad-" stems, "evening", "intern-") departs from the classic Porter2 this stemmer implements.
    static let revisionDifferences: Set = [
        "added", "adding", "dermatologist", "emergencies", "emergency", "evening", "evenings", "internal", "international",
    ]

    @Test func stemsAsSnowballDoes() throws {
        let pairs = try Self.fixture()
        #expect(pairs.count > 2000)
        let differing = pairs.filter { EnglishStemmer.stem($0.word) != $0.stem }
        let unexpected = differing.filter { !Self.revisionDifferences.contains($0.word) }
            .map { "\($0.word): \(EnglishStemmer.stem($0.word)) ≠ \($0.stem)" }
        #expect(unexpected.isEmpty, "\(unexpected.prefix(40).joined(separator: "\n"))")
        #expect(Set(differing.map(\.word)) == Self.revisionDifferences)
    }

    @Test(arguments: ["", "a", "an", "über", "café2", "don't", "42", "x-ray"])
    func leavesWordsItCannotStemAlone(word: String) {
        let stem = EnglishStemmer.stem(word)
        #expect(word.count <= 2 || !word.utf8.allSatisfy { $0 >= 0x61 && $0 <= 0x7A } ? stem == word : true)
    }
}
