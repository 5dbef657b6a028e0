import Foundation
import JWTKit
import SwitchboardDomain
import Testing

@testable import SwitchboardHTTP

/// ID-token validation against a provider in memory: what a forged, stale or misdirected token
/// looks like, and that a rotated key is picked up. No network, no database.
@Suite struct IDTokenValidationTests {
    let provider = TestIdentityProvider()

    private func validator(refetchFloor: Duration = .zero) -> IDTokenValidator {
        IDTokenValidator(providers: OpenIDProviders(transport: provider, refetchFloor: refetchFloor))
    }

    private var expected: IDTokenValidator.Expectations {
        .init(
            issuer: TestIdentityProvider.issuer,
            clientID: TestIdentityProvider.clientID,
            nonce: "nonce-abc",
            allowedAlgorithms: ["RS256", "ES256"],
            roleClaim: "roles"
        )
    }

    /// A provider publishing one RSA key "rsa-1"; returns the key.
    private func rsaProvider() async throws -> Insecure.RSA.PrivateKey {
        let key = try TestIdentityProvider.rsaKey()
        await provider.publish(try TestIdentityProvider.jwk(rsa: key, kid: "rsa-1"))
        return key
    }

    private func rejection(
        _ token: String,
        _ expectations: IDTokenValidator.Expectations? = nil,
        validator: IDTokenValidator? = nil
    ) async -> IDTokenRejection? {
        do {
            _ = try await (validator ?? self.validator()).validate(token, expecting: expectations ?? expected)
            return nil
        } catch let rejection as IDTokenRejection {
            return rejection
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test func aGoodRS256TokenGivesTheIdentity() async throws {
        let key = try await rsaProvider()
        var claims = TestIdentityProvider.Claims()
        claims.roles = ["agent", "supervisor"]
        let token = try await TestIdentityProvider.sign(claims, rsa: key, kid: "rsa-1")
        let identity = try await validator().validate(token, expecting: expected)
        #expect(
            identity
                == SignInIdentity(
                    issuer: TestIdentityProvider.issuer,
                    subject: "user-1234",
                    email: "carol@example.com",
                    name: "Carol Mendes",
                    role: .supervisor
                )
        )
    }

    @Test func aGoodES256TokenGivesTheIdentity() async throws {
        let key = ES256PrivateKey()
        await provider.publish(try TestIdentityProvider.jwk(ec: key, kid: "ec-1"))
        let token = try await TestIdentityProvider.sign(TestIdentityProvider.Claims(), ec: key, kid: "ec-1")
        let identity = try await validator().validate(token, expecting: expected)
        #expect(identity.subject == "user-1234")
        #expect(identity.role == nil)
    }

    @Test func anUnsignedTokenIsRefused() async throws {
        let key = try await rsaProvider()
        let signed = try await TestIdentityProvider.sign(TestIdentityProvider.Claims(), rsa: key, kid: "rsa-1")
        let payload = signed.split(separator: ".")[1]
        let header = TokenSigner.base64URL(Data(#"{"alg":"none","kid":"rsa-1","typ":"JWT"}"#.utf8))
        #expect(await rejection("\(header).\(payload).") == .algorithmNotAllowed("none"))
        // Even an organisation that lists it cannot allow it.
        var lax = expected
        lax.allowedAlgorithms.append("none")
        #expect(await rejection("\(header).\(payload).", lax) == .algorithmNotAllowed("none"))
    }

    @Test func anHMACTokenKeyedWithThePublicKeyIsRefused() async throws {
        let key = try await rsaProvider()
        // The classic confusion attack: HS256 with the provider's public key as the shared secret.
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: key.publicKey.pemRepresentation), digestAlgorithm: .sha256, kid: "rsa-1")
        let forged = try await keys.sign(TestIdentityProvider.Claims(), kid: "rsa-1")
        #expect(await rejection(forged) == .algorithmNotAllowed("HS256"))
        var lax = expected
        lax.allowedAlgorithms.append("HS256")
        #expect(await rejection(forged, lax) == .algorithmNotAllowed("HS256"))
    }

    @Test func anAlgorithmTheOrganisationDidNotAllowIsRefused() async throws {
        let key = try await rsaProvider()
        let token = try await TestIdentityProvider.sign(TestIdentityProvider.Claims(), rsa: key, kid: "rsa-1")
        var strict = expected
        strict.allowedAlgorithms = ["ES256"]
        #expect(await rejection(token, strict) == .algorithmNotAllowed("RS256"))
    }

    @Test func aTokenSignedByAnotherKeyWithTheSameIDIsRefused() async throws {
        _ = try await rsaProvider()
        let impostor = ES256PrivateKey()
        await provider.publish(try TestIdentityProvider.jwk(ec: ES256PrivateKey(), kid: "ec-1"))
        let token = try await TestIdentityProvider.sign(TestIdentityProvider.Claims(), ec: impostor, kid: "ec-1")
        #expect(await rejection(token) == .badSignature)
    }

    @Test func theWrongIssuerIsRefused() async throws {
        let key = try await rsaProvider()
        var claims = TestIdentityProvider.Claims()
        claims.iss = "https://evil.test"
        #expect(await rejection(try await TestIdentityProvider.sign(claims, rsa: key, kid: "rsa-1")) == .wrongIssuer)
    }

    @Test func theWrongAudienceIsRefused() async throws {
        let key = try await rsaProvider()
        var claims = TestIdentityProvider.Claims()
        claims.aud = AudienceClaim(value: ["another-app"])
        #expect(await rejection(try await TestIdentityProvider.sign(claims, rsa: key, kid: "rsa-1")) == .wrongAudience)
    }

    @Test func severalAudiencesNeedUsAsAuthorizedParty() async throws {
        let key = try await rsaProvider()
        var claims = TestIdentityProvider.Claims()
        claims.aud = AudienceClaim(value: [TestIdentityProvider.clientID, "another-app"])
        claims.azp = "another-app"
        #expect(await rejection(try await TestIdentityProvider.sign(claims, rsa: key, kid: "rsa-1")) == .wrongAuthorizedParty)
        claims.azp = TestIdentityProvider.clientID
        #expect(await rejection(try await TestIdentityProvider.sign(claims, rsa: key, kid: "rsa-1")) == nil)
    }

    @Test func anExpiredTokenIsRefusedBeyondTheLeeway() async throws {
        let key = try await rsaProvider()
        var claims = TestIdentityProvider.Claims()
        claims.exp = Date().addingTimeInterval(-120).timeIntervalSince1970
        #expect(await rejection(try await TestIdentityProvider.sign(claims, rsa: key, kid: "rsa-1")) == .expired)
        // Thirty seconds of clock skew is tolerated.
        claims.exp = Date().addingTimeInterval(-30).timeIntervalSince1970
        #expect(await rejection(try await TestIdentityProvider.sign(claims, rsa: key, kid: "rsa-1")) == nil)
    }

    @Test func anotherSignInsNonceIsRefused() async throws {
        let key = try await rsaProvider()
        var claims = TestIdentityProvider.Claims()
        claims.nonce = "nonce-of-another-sign-in"
        #expect(await rejection(try await TestIdentityProvider.sign(claims, rsa: key, kid: "rsa-1")) == .nonceMismatch)
        claims.nonce = nil
        #expect(await rejection(try await TestIdentityProvider.sign(claims, rsa: key, kid: "rsa-1")) == .nonceMismatch)
    }

    @Test func anUnknownKeyIDIsRefusedAfterFetchingTheKeysAgain() async throws {
        let key = try await rsaProvider()
        let validator = validator()
        _ = try await validator.validate(
            try await TestIdentityProvider.sign(TestIdentityProvider.Claims(), rsa: key, kid: "rsa-1"),
            expecting: expected
        )
        let stranger = ES256PrivateKey()
        let token = try await TestIdentityProvider.sign(TestIdentityProvider.Claims(), ec: stranger, kid: "never-published")
        #expect(await rejection(token, validator: validator) == .unknownKey)
        // Cached from the first token, fetched once more because the id was unknown.
        #expect(await provider.keySetFetches == 2)
    }

    @Test func aRotatedKeyIsPickedUpWhenATokenNamesIt() async throws {
        let old = ES256PrivateKey()
        await provider.publish(try TestIdentityProvider.jwk(ec: old, kid: "2026-01"))
        let validator = validator()
        let before = try await TestIdentityProvider.sign(TestIdentityProvider.Claims(), ec: old, kid: "2026-01")
        _ = try await validator.validate(before, expecting: expected)
        _ = try await validator.validate(before, expecting: expected)
        #expect(await provider.keySetFetches == 1, "the key set is cached")

        let new = ES256PrivateKey()
        await provider.replaceKeys(with: [try TestIdentityProvider.jwk(ec: new, kid: "2026-02")])
        let after = try await TestIdentityProvider.sign(TestIdentityProvider.Claims(), ec: new, kid: "2026-02")
        #expect(try await validator.validate(after, expecting: expected).subject == "user-1234")
        #expect(await provider.keySetFetches == 2)
    }

    @Test func unknownKeyIDsCannotMakeUsFetchTheKeysOverAndOver() async throws {
        _ = try await rsaProvider()
        let validator = validator(refetchFloor: .seconds(60))
        let stranger = ES256PrivateKey()
        for attempt in 0..<5 {
            let token = try await TestIdentityProvider.sign(TestIdentityProvider.Claims(), ec: stranger, kid: "made-up-\(attempt)")
            #expect(await rejection(token, validator: validator) == .unknownKey)
        }
        #expect(await provider.keySetFetches == 1)
    }
}
