-- 0018 — finding conversations: by what the customer wrote (word prefixes, any language, so the
-- 'simple' configuration: no stemming, no stop words), and a customer's earlier chats by the same
-- email or phone number. Expression indexes keep both off full scans.

CREATE INDEX messages_customer_text ON switchboard.messages USING gin (to_tsvector('simple', body))
    WHERE author_kind = 'customer';
COMMENT ON INDEX switchboard.messages_customer_text IS 'Console search over what customers wrote: to_tsvector(''simple'', body) @@ a prefix query.';

CREATE INDEX contacts_by_email ON switchboard.contacts (org_id, lower(email)) WHERE email IS NOT NULL;
CREATE INDEX contacts_by_phone ON switchboard.contacts (org_id, regexp_replace(phone, '[^0-9]', '', 'g'))
    WHERE phone IS NOT NULL;
CREATE INDEX conversations_by_email_provided ON switchboard.conversations (org_id, lower(email_provided))
    WHERE email_provided IS NOT NULL;
