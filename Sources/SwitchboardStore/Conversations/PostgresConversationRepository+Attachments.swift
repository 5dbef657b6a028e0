import Foundation
import PostgresClient
import SwitchboardDomain

extension PostgresConversationRepository {
    public func attachment(orgID: UUID, conversationID: UUID, attachmentID: UUID) async throws -> StoredAttachment? {
        try await pool.withTenant(orgID) { session in
            guard
                let row = try await session.query(
                    """
                    SELECT attachment_id, file_name, content_type, byte_size, data FROM attachments
                    WHERE org_id = $1 AND conversation_id = $2 AND attachment_id = $3
                    """,
                    [orgID, conversationID, attachmentID]
                ).singleRow()
            else { return nil }
            let data: Data = try row.decode("data")
            return StoredAttachment(
                reference: AttachmentReference(
                    id: try row.decode("attachment_id"),
                    name: try row.decode("file_name"),
                    contentType: try row.decode("content_type"),
                    size: try row.decode("byte_size")
                ),
                conversationID: conversationID,
                data: [UInt8](data)
            )
        }
    }
}
