import Foundation
import Hummingbird
import SwitchboardDomain

/// `GET /api/v1/conversations/export?format=csv|ndjson`: every conversation matching the list's
/// filters as rows of `reporting.chat_log`, streamed page by page so memory stays flat.
struct APIChatLogExport: Sendable {
    let browsing: any ConversationBrowsing
    static let pageSize = 500

    func addRoutes(to api: RouterGroup<APIKeyRequestContext>) {
        // Every route here needs the conversationsRead scope; the context checks it before a handler runs.
        let v1 = api.group(context: ConversationsReadContext.self)
        v1.get("conversations/export", use: export)
    }

    @Sendable func export(request: Request, context: ConversationsReadContext) async throws -> Response {
        let query = APIQuery(request: request)
        let filter = try query.conversationFilter()
        let format = query.string("format") ?? "ndjson"
        guard format == "csv" || format == "ndjson" else { throw APIQuery.invalid("format", "must be csv or ndjson") }
        let csv = format == "csv"
        let (browsing, orgID) = (self.browsing, context.orgID)
        let body = ResponseBody { writer in
            if csv { try await writer.write(ByteBuffer(string: ChatLogExport.columns.joined(separator: ",") + "\r\n")) }
            var after: ConversationCursor?
            while true {
                let rows = try await browsing.chatLog(orgID: orgID, filter: filter, after: after, limit: Self.pageSize)
                var buffer = ByteBuffer()
                for row in rows {
                    buffer.writeString(csv ? try Self.csvLine(row.json) : row.json + "\n")
                }
                if buffer.readableBytes > 0 { try await writer.write(buffer) }
                guard rows.count == Self.pageSize, let last = rows.last else { break }
                after = last.cursor
            }
            try await writer.finish(nil)
        }
        var headers: HTTPFields = [:]
        headers[.contentType] = csv ? "text/csv; charset=utf-8" : "application/x-ndjson"
        headers[.contentDisposition] = "attachment; filename=\"chat_log.\(csv ? "csv" : "ndjson")\""
        return Response(status: .ok, headers: headers, body: body)
    }

    /// One CSV record (RFC 4180) of a chat_log row, in the view's column order.
    static func csvLine(_ json: String) throws -> String {
        let object = try JSONDecoder().decode([String: JSONValue].self, from: Data(json.utf8))
        return ChatLogExport.columns.map { column in
            switch object[column] ?? .null {
            case .null: return ""
            case .bool(let value): return value ? "true" : "false"
            case .number(let value): return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
            case .string(let value): return quoted(value)
            case .array, .object: return quoted(json)
            }
        }.joined(separator: ",") + "\r\n"
    }

    static func quoted(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
