import Foundation
import SwitchboardDomain
import Testing

@testable import SwitchboardApp
@testable import SwitchboardHTTP

/// The pure rules behind webhooks: which addresses count as public, the retry schedule and the signature.
@Suite struct WebhookRulesTests {
    @Test(arguments: [
        "127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.0.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1",
        "::1", "::", "fe80::1", "fd00::1", "fc00::1", "ff02::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1", "64:ff9b::a00:1",
        "2002:c0a8:0101::1",
    ])
    func nonPublicAddressesAreRefusedByDefault(_ text: String) throws {
        let address = try #require(IPAddress(text))
        #expect(!address.isPublic)
        #expect(!WebhookTargetRules().allows(address))
        #expect(WebhookTargetRules(setting: "true").allows(address))
    }

    @Test(arguments: ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "172.32.0.1"])
    func publicAddressesAreAllowed(_ text: String) throws {
        let address = try #require(IPAddress(text))
        #expect(address.isPublic)
        #expect(WebhookTargetRules().allows(address))
    }

    @Test func anAllowListOpensOnlyTheNetworksItNames() throws {
        let rules = WebhookTargetRules(setting: "10.20.0.0/16, fd00::/8, nonsense")
        #expect(rules.allowAllPrivate == false)
        #expect(rules.allowedNetworks.count == 2)
        #expect(rules.allows(try #require(IPAddress("10.20.3.4"))))
        #expect(rules.allows(try #require(IPAddress("fd00::5"))))
        #expect(!rules.allows(try #require(IPAddress("10.21.0.1"))))
        #expect(!rules.allows(try #require(IPAddress("127.0.0.1"))))
        #expect(WebhookTargetRules(setting: nil) == WebhookTargetRules())
        #expect(WebhookTargetRules(setting: "false") == WebhookTargetRules())
    }

    @Test func resolvingRefusesNonHTTPSchemesAndLoopbackNames() async throws {
        await #expect(throws: SimpleDomainError.self) {
            try await WebhookTargetRules(allowAllPrivate: true).resolve(URL(string: "file:///etc/passwd")!)
        }
        do {
            _ = try await WebhookTargetRules().resolve(URL(string: "http://localhost:8080/hooks")!)
            Issue.record("localhost was allowed")
        } catch let error as SimpleDomainError {
            #expect(error.code == "webhook_target_refused")
        }
        let allowed = try await WebhookTargetRules(allowAllPrivate: true).resolve(URL(string: "http://[::1]:8080/hooks")!)
        #expect(allowed.map(\.description) == ["::1"])
    }

    @Test func retriesBackOffExponentiallyUpToTheCapThenStop() {
        let schedule = WebhookRetrySchedule(base: .seconds(10), cap: .seconds(3600), maxAttempts: 12)
        #expect(schedule.delay(afterAttempt: 1, jitter: 1) == .seconds(10))
        #expect(schedule.delay(afterAttempt: 2, jitter: 1) == .seconds(20))
        #expect(schedule.delay(afterAttempt: 5, jitter: 1) == .seconds(160))
        #expect(schedule.delay(afterAttempt: 11, jitter: 1) == .seconds(3600))
        #expect(schedule.delay(afterAttempt: 3, jitter: 0.8) == .seconds(32))
        #expect(schedule.delay(afterAttempt: 12, jitter: 1) == nil)
        let jittered = (0..<50).compactMap { _ in schedule.delay(afterAttempt: 1) }
        #expect(jittered.allSatisfy { $0 >= .seconds(8) && $0 <= .seconds(12) })
        #expect(Set(jittered).count > 1)
    }

    @Test func theRetryBaseCanBeShortenedForTestsOnlyWithinBounds() {
        let shortened = WebhookConfiguration(environment: ["SWITCHBOARD_WEBHOOK_RETRY_BASE_SECONDS": "0.5"])
        #expect(shortened.retries.base == .milliseconds(500))
        #expect(shortened.retries.maxAttempts == WebhookRetrySchedule().maxAttempts)
        for nonsense in ["abc", "0", "-1", "99999"] {
            #expect(WebhookConfiguration(environment: ["SWITCHBOARD_WEBHOOK_RETRY_BASE_SECONDS": nonsense]).retries.base == .seconds(10))
        }
    }

    @Test func deliveryCanBeTurnedOffPerInstance() {
        #expect(WebhookConfiguration(environment: [:]).deliversHere)
        #expect(WebhookConfiguration(environment: ["SWITCHBOARD_WEBHOOK_DELIVERY": "on"]).deliversHere)
        #expect(!WebhookConfiguration(environment: ["SWITCHBOARD_WEBHOOK_DELIVERY": "off"]).deliversHere)
        #expect(!WebhookConfiguration(environment: ["SWITCHBOARD_WEBHOOK_DELIVERY": "OFF"]).deliversHere)
    }

    @Test func theSignatureIsAnHMACOfTheTimestampAndBody() {
        // Computed independently: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
        let header = WebhookSignature.header(secret: "whsec_test", timestamp: 1_700_000_000, body: #"{"a":1}"#)
        #expect(header == "t=1700000000,v1=" + WebhookRulesTests.expectedHex)
    }

    static let expectedHex = "38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789"
}
