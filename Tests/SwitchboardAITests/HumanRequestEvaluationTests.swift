import Foundation
import SwitchboardDomain
import Testing

/// The human-request rules on the whole evaluation set: every request recognised, no mention taken for one.
@Suite struct HumanRequestEvaluationTests {
    @Test func recognisesEveryRequestForAPerson() {
        for group in HandoffPhrasings.requests {
            let missed = group.texts.filter { !CustomerTextAnalyzer.isHumanRequest($0) }
            print("requests · \(group.name): \(group.texts.count - missed.count)/\(group.texts.count) recognised")
            #expect(missed.isEmpty, "\(group.name) missed: \(missed)")
        }
    }

    @Test func takesNoMentionForARequest() {
        for group in HandoffPhrasings.nonRequests {
            let taken = group.texts.filter(CustomerTextAnalyzer.isHumanRequest)
            print("non-requests · \(group.name): \(taken.count)/\(group.texts.count) taken for requests")
            #expect(taken.isEmpty, "\(group.name) taken for requests: \(taken)")
        }
    }

    /// Any text at all, made of the words the rules look at, neither crashes nor hangs the analyzer.
    @Test func survivesArbitraryWordSalad() {
        let words =
            Set(
                (HandoffPhrasings.requests + HandoffPhrasings.nonRequests).flatMap(\.texts)
                    .flatMap { $0.split(separator: " ") }.map(String.init)
            ).sorted() + ["'", "n't", "'s", ",", "?", "🙂", "be", "put", "got"]
        var state: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {  // SplitMix64: the same salad on every run.
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
        var recognised = 0
        for _ in 0..<3000 {
            let text = (0..<(1 + next(25))).map { _ in words[next(words.count)] }.joined(separator: next(4) == 0 ? "" : " ")
            if CustomerTextAnalyzer.isHumanRequest(text) { recognised += 1 }
            _ = CustomerTextAnalyzer.isAgreement(text)
        }
        print("word salad: \(recognised) of 3000 read as requests")
    }

    /// It runs on every customer message, so the longest message must stay cheap; the bound is
    /// loose for a debug build on a busy machine and there to catch work that grows with the square of the length.
    @Test func staysFastOnLongMessages() {
        let long = String(repeating: "my order from last week still has not arrived and the tracking page says nothing, ", count: 50)
        let start = ContinuousClock.now
        for _ in 0..<20 { _ = CustomerTextAnalyzer.isHumanRequest(long) }
        let perMessage = (ContinuousClock.now - start) / 20
        print("a 4,000-character message takes \(perMessage)")
        #expect(perMessage < .milliseconds(200))
    }
}
