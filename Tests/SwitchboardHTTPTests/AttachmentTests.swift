import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// Files in a conversation: images and PDFs recognised by their bytes, stored once per client
/// message id, served only to that conversation's customer and the organisation's agents, and
/// never in a way a browser would run as a page.
@Suite struct AttachmentTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 64)
    static let pdf: [UInt8] = Array("%PDF-1.7\n1 0 obj\n".utf8) + Array(repeating: 0x20, count: 32)

    static func upload(
        _ client: some TestClientProtocol,
        _ path: String,
        _ bytes: [UInt8],
        name: String,
        clientID: String? = nil,
        contentType: String = "image/png",
        token: String
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: contentType, .authorization: "Bearer \(token)", .origin: TestSystem.allowedOrigin]
        headers[.accept] = "application/json"
        let query = "name=\(name.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" + (clientID.map { "&clientMessageId=\($0)" } ?? "")
        return try await client.executeRequest(uri: "\(path)?\(query)", method: .post, headers: headers, body: ByteBuffer(bytes: bytes))
    }

    static func widgetUpload(
        _ client: some TestClientProtocol,
        _ chat: StartedChat,
        _ bytes: [UInt8],
        name: String,
        clientID: String? = nil
    )
        async throws -> TestResponse
    {
        try await upload(
            client,
            "/widget/v1/conversations/\(chat.conversationId)/attachments",
            bytes,
            name: name,
            clientID: clientID,
            token: chat.customerToken
        )
    }

    @Test(arguments: Transport.allCases) func aCustomersImageIsStoredOnceAndServedToThePartiesOnly(over transport: Transport) async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            try await system.application().test(transport.setup) { client in
                let chat = try await client.startChat(system.organisation)
                let sent = try await Self.widgetUpload(client, chat, Self.png, name: "../../screen shot.png", clientID: "f-1")
                #expect(sent.status == .created)
                let message = try decodeWire(SentMessage.self, from: sent.body).message
                let file = try #require(message.attachment)
                #expect(file.name == "screen shot.png" && file.contentType == "image/png" && file.size == Self.png.count)
                #expect(message.body == "screen shot.png")
                // A resend is the same message, and the file is not stored twice.
                let again = try await Self.widgetUpload(client, chat, Self.png, name: "screen shot.png", clientID: "f-1")
                #expect(again.status == .ok)
                #expect(try decodeWire(SentMessage.self, from: again.body).message.seq == message.seq)
                #expect(try await system.rowCount("attachments", conversationID: chat.conversationId) == 1)

                let mine = try await client.request(
                    .get,
                    "/widget/v1/conversations/\(chat.conversationId)/attachments/\(file.id)",
                    token: chat.customerToken
                )
                #expect(mine.status == .ok)
                #expect(Array(mine.body.readableBytesView) == Self.png)
                #expect(mine.headers[.contentType] == "image/png")
                #expect(mine.headers[.init("X-Content-Type-Options")!] == "nosniff")
                #expect(mine.headers[.contentSecurityPolicy]?.contains("sandbox") == true)
                #expect(mine.headers[.contentDisposition]?.hasPrefix("inline") == true)
                let agents = try await client.request(
                    .get,
                    "/console/api/conversations/\(chat.conversationId)/attachments/\(file.id)",
                    token: carol.token,
                    origin: nil
                )
                #expect(Array(agents.body.readableBytesView) == Self.png)

                // The AI does not answer a file.
                await system.live.answers.drain()
                #expect(try await client.widgetTranscript(chat).messages.last?.attachment?.id == file.id)
            }
        }
    }

    /// Files refused, by what is wrong with them (named, so a failure does not print megabytes).
    enum BadFile: String, CaseIterable, CustomTestStringConvertible {
        case pageNamedLikeAnImage, empty, tooLarge

        var bytes: [UInt8] {
            switch self {
            case .pageNamedLikeAnImage: Array("<html><script>alert(1)</script></html>".utf8)
            case .empty: []
            case .tooLarge: AttachmentTests.png + Array(repeating: 1, count: AttachmentRules.maxBytes)
            }
        }
        var expected: (status: Int, code: String) {
            switch self {
            case .pageNamedLikeAnImage: (415, "unsupported_attachment")
            case .empty: (422, "empty_attachment")
            case .tooLarge: (413, "attachment_too_large")
            }
        }
        var testDescription: String { rawValue }
    }

    @Test(arguments: BadFile.allCases)
    func aFileThatIsNoImageOrPDFOrTooLargeIsRefusedAndNothingStored(file: BadFile) async throws {
        try await TestSystem.with { system in
            try await system.application().test(.router) { client in
                let chat = try await client.startChat(system.organisation)
                let refused = try await Self.widgetUpload(client, chat, file.bytes, name: "photo.png")
                #expect(refused.status.code == file.expected.status)
                #expect(try errorBody(refused).code == file.expected.code)
                #expect(try await system.rowCount("attachments", conversationID: chat.conversationId) == 0)
                #expect(try await system.conversation(chat.conversationId).lastSeq == 0)
            }
        }
    }

    @Test func aPDFIsADownloadAndOnlyTheOwningAgentSendsFiles() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            let dave = try await system.agent("Dave")
            try await system.application().test(.router) { client in
                let chat = try await client.liveChat(system, agent: carol)
                let path = "/console/api/conversations/\(chat.conversationId)/attachments"
                #expect(
                    try await Self.upload(client, path, Self.pdf, name: "invoice.pdf", contentType: "application/pdf", token: dave.token).status
                        == .conflict
                )
                let sent = try await Self.upload(client, path, Self.pdf, name: "invoice.pdf", contentType: "application/pdf", token: carol.token)
                #expect(sent.status == .created)
                let file = try #require(try decodeWire(SentMessage.self, from: sent.body).message.attachment)
                #expect(file.contentType == "application/pdf")
                let download = try await client.request(
                    .get,
                    "/widget/v1/conversations/\(chat.conversationId)/attachments/\(file.id)",
                    token: chat.customerToken
                )
                #expect(download.headers[.contentDisposition] == "attachment; filename*=UTF-8''invoice%2Epdf")
            }
        }
    }

    @Test func noOtherConversationOrOrganisationReachesAFile() async throws {
        try await TestSystem.with { system in
            let other = try await system.makeOrganisation(name: "Other Shop")
            let stranger = try await system.agent("Stranger", in: other.id)
            try await system.application().test(.router) { client in
                let chat = try await client.startChat(system.organisation)
                let someoneElse = try await client.startChat(system.organisation)
                let sent = try await Self.widgetUpload(client, chat, Self.png, name: "private.png")
                let file = try #require(try decodeWire(SentMessage.self, from: sent.body).message.attachment)
                // Another customer names the file under their own conversation, and under ours.
                let theirs = try await client.request(
                    .get,
                    "/widget/v1/conversations/\(someoneElse.conversationId)/attachments/\(file.id)",
                    token: someoneElse.customerToken
                )
                #expect(theirs.status == .notFound)
                let ours = try await client.request(
                    .get,
                    "/widget/v1/conversations/\(chat.conversationId)/attachments/\(file.id)",
                    token: someoneElse.customerToken
                )
                #expect(ours.status == .notFound)
                let agent = try await client.request(
                    .get,
                    "/console/api/conversations/\(chat.conversationId)/attachments/\(file.id)",
                    token: stranger.token,
                    origin: nil
                )
                #expect(agent.status == .notFound)
            }
        }
    }
}
