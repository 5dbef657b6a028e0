import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import Testing

@testable import SwitchboardHTTP

/// People who share an address (an office, a campus, a carrier) are limited one by one, bursts
/// pass, and every refusal names its limit and when to come back.
@Suite struct WidgetRateLimitTests {
    static func limits(_ change: (inout WidgetRateLimits.Configuration) -> Void) -> WidgetRateLimits {
        var configuration = TestSystem.generousLimits.configuration
        change(&configuration)
        return WidgetRateLimits(configuration)
    }

    @Test(arguments: Transport.allCases) func oneVisitorsLimitLeavesTheOthersOnTheSameAddressAlone(over transport: Transport) async throws {
        let limits = Self.limits { $0.startsPerVisitor = RateLimit(perMinute: 1, burst: 2) }
        try await TestSystem.with(limits: limits) { system in
            try await system.application().test(transport.setup) { client in
                for _ in 1...2 { _ = try await client.startChat(system.organisation, visitorId: "visitor-aaaa") }
                let refused = try await client.tryToStartChat(system.organisation, visitorId: "visitor-aaaa")
                #expect(refused.status == .tooManyRequests)
                #expect(try errorBody(refused).code == "rate_limited")
                #expect(try errorBody(refused).message.contains("You've started several chats"))
                #expect(try #require(refused.headers[.retryAfter].flatMap { Int($0) }) >= 1)
                // Colleagues at the same address start their chats as usual.
                for colleague in ["visitor-bbbb", "visitor-cccc", "visitor-dddd"] {
                    _ = try await client.startChat(system.organisation, visitorId: colleague)
                }
            }
        }
    }

    @Test(arguments: Transport.allCases) func theAddressLimitAllowsABurstAndSaysItIsTheNetwork(over transport: Transport) async throws {
        let limits = Self.limits { $0.startsPerAddress = RateLimit(perMinute: 1, burst: 3) }
        try await TestSystem.with(limits: limits) { system in
            try await system.application().test(transport.setup) { client in
                for index in 1...3 { _ = try await client.startChat(system.organisation, visitorId: "visitor-\(index)-abcdef") }
                let refused = try await client.tryToStartChat(system.organisation, visitorId: "visitor-4-abcdef")
                #expect(refused.status == .tooManyRequests)
                #expect(try errorBody(refused).message.contains("Many people on your network"))
                #expect(try #require(refused.headers[.retryAfter].flatMap { Int($0) }) > 1)
            }
        }
    }

    @Test func theSiteLimitCountsEveryoneOnOneWidgetKey() async throws {
        let limits = Self.limits { $0.startsPerWidgetKey = RateLimit(perMinute: 1, burst: 2) }
        try await TestSystem.with(limits: limits) { system in
            try await system.application().test(.router) { client in
                for index in 1...2 { _ = try await client.startChat(system.organisation, visitorId: "visitor-\(index)-abcdef") }
                let refused = try await client.tryToStartChat(system.organisation, visitorId: "visitor-3-abcdef")
                #expect(refused.status == .tooManyRequests)
                #expect(try errorBody(refused).message.contains("This chat is very busy"))
            }
        }
    }

    /// A later layer's refusal gives back the token an earlier layer took: the visitor who was
    /// turned away because of the address has not used up a start of their own.
    @Test func aRefusalTakesNothingFromTheLayersThatAllowedIt() async throws {
        let limits = Self.limits {
            $0.startsPerVisitor = RateLimit(perMinute: 1, burst: 1)
            $0.startsPerAddress = RateLimit(perMinute: 120, burst: 1)  // a token every half second
        }
        try await limits.admitStart(visitor: "first", address: "203.0.113.7", widgetKey: "key")
        await #expect(throws: APIError.self) {
            try await limits.admitStart(visitor: "second", address: "203.0.113.7", widgetKey: "key")
        }
        try await Task.sleep(for: .milliseconds(700))
        try await limits.admitStart(visitor: "second", address: "203.0.113.7", widgetKey: "key")
    }

    @Test(arguments: ["short", String(repeating: "a", count: 65), "has space in it", "<script>alert</script>"])
    func aMalformedVisitorIdIsRefusedClearly(visitorId: String) async throws {
        try await TestSystem.with { system in
            try await system.application().test(.router) { client in
                let refused = try await client.tryToStartChat(system.organisation, visitorId: visitorId)
                #expect(refused.status == .unprocessableContent)
                #expect(try errorBody(refused).code == "invalid_visitor_id")
            }
        }
    }

    @Test func messagesAboveTheConversationLimitSayHowLongToWait() async throws {
        let limits = Self.limits { $0.messagesPerConversation = RateLimit(perMinute: 1, burst: 1) }
        try await TestSystem.with(limits: limits) { system in
            try await system.application().test(.router) { client in
                let chat = try await client.startChat(system.organisation)
                #expect(try await client.say("Hello", in: chat).status == .created)
                let refused = try await client.say("Hello again", in: chat)
                #expect(refused.status == .tooManyRequests)
                #expect(try errorBody(refused).message.contains("faster than we can take them"))
            }
        }
    }

    @Test func ratesParseAsPerMinuteWithAnOptionalBurst() {
        #expect(RateLimit("120") == RateLimit(perMinute: 120, burst: 120))
        #expect(RateLimit("120:30") == RateLimit(perMinute: 120, burst: 30))
        for bad in ["", "0", "-5", "ten", "120:", ":30", "120:0", "1:2:3"] { #expect(RateLimit(bad) == nil, "\(bad)") }
    }

    @Test func anIPv6AddressCountsByItsNetwork() {
        #expect(WidgetRateLimits.addressKey("2001:db8:1:2:aaaa::1") == WidgetRateLimits.addressKey("2001:db8:1:2:bbbb::9"))
        #expect(WidgetRateLimits.addressKey("2001:db8:1:2::1") != WidgetRateLimits.addressKey("2001:db8:1:3::1"))
        #expect(WidgetRateLimits.addressKey("203.0.113.7") == "203.0.113.7")
    }
}

/// Behind a trusted reverse proxy the client is the address it forwards; anyone else's header is ignored.
@Suite struct TrustedProxiesTests {
    @Test func theClientIsTheNearestUntrustedHop() throws {
        let proxies = try TrustedProxies(parsing: "10.0.0.0/8, 127.0.0.1, ::1")
        #expect(proxies.client(peer: "10.1.2.3", forwardedFor: ["198.51.100.4"]) == "198.51.100.4")
        // A client may send its own X-Forwarded-For; only the hop our proxy appended counts.
        #expect(proxies.client(peer: "10.1.2.3", forwardedFor: ["6.6.6.6, 198.51.100.4"]) == "198.51.100.4")
        #expect(proxies.client(peer: "10.1.2.3", forwardedFor: ["198.51.100.4", "10.9.9.9"]) == "198.51.100.4")
        // A peer that is not a proxy is the client, whatever it claims.
        #expect(proxies.client(peer: "203.0.113.9", forwardedFor: ["198.51.100.4"]) == "203.0.113.9")
        #expect(proxies.client(peer: "10.1.2.3", forwardedFor: []) == "10.1.2.3")
        #expect(proxies.client(peer: "10.1.2.3", forwardedFor: ["not-an-address"]) == "10.1.2.3")
    }

    @Test func networksMatchByPrefix() throws {
        let proxies = try TrustedProxies(parsing: "192.168.4.0/22,fd00::/8")
        #expect(proxies.trusts("192.168.7.255"))
        #expect(!proxies.trusts("192.168.8.1"))
        #expect(proxies.trusts("fd12:3456::1"))
        #expect(!proxies.trusts("fe80::1"))
    }

    @Test(arguments: ["10.0.0.0/33", "300.1.1.1", "proxy.example", "::1/129", "10.0.0.0/x"])
    func aMalformedEntryIsNamed(entry: String) {
        #expect(throws: TrustedProxies.InvalidEntry.self) { try TrustedProxies(parsing: "127.0.0.1, \(entry)") }
    }

    @Test func theMiddlewareSetsTheClientForRateLimits() async throws {
        let router = Router(context: SwitchboardRequestContext.self)
        router.add(middleware: ClientAddressMiddleware(trusted: try TrustedProxies(parsing: "127.0.0.1, ::1")))
        router.get("whoami") { _, context in context.clientIP }
        try await Application(router: router).test(.live) { client in
            let forwarded = try await client.execute(uri: "/whoami", method: .get, headers: [.init("X-Forwarded-For")!: "198.51.100.4"])
            #expect(String(buffer: forwarded.body) == "198.51.100.4")
            let direct = try await client.execute(uri: "/whoami", method: .get)
            #expect(["127.0.0.1", "::1"].contains(String(buffer: direct.body)))
        }
    }
}
