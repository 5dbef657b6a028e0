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

    /// It runs on every customer message, so a long message must stay cheap.
    @Test func staysFastOnLongMessages() {
        let long = String(repeating: "my order from last week still has not arrived and the tracking page says nothing, ", count: 50)
        let start = ContinuousClock.now
        for _ in 0..<20 { _ = CustomerTextAnalyzer.isHumanRequest(long) }
        let perMessage = (ContinuousClock.now - start) / 20
        print("a 4,000-character message takes \(perMessage)")
        #expect(perMessage < .milliseconds(50))
    }
}
