-- 0021 — "Recurring first questions" listed "hi there" and "hello": a greeting is not a topic. A
-- message made only of greetings and small talk now normalises to NULL, so a conversation's first
-- question is the customer's first real message. Existing conversations whose first question was
-- small talk are recomputed from their messages (the owner lifts forced row-level security for it).

CREATE OR REPLACE FUNCTION reporting.normalise_question(body text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN q IS NULL OR pg_catalog.string_to_array(q, ' ') OPERATOR(pg_catalog.<@) ARRAY[
                     'hi', 'hii', 'hiya', 'hello', 'helo', 'hallo', 'hey', 'heya', 'yo', 'howdy', 'greetings', 'gday',
                     'good', 'morning', 'afternoon', 'evening', 'day', 'there', 'all', 'team', 'guys', 'folks', 'everyone',
                     'thanks', 'thank', 'you', 'thx', 'ty', 'cheers', 'ta', 'ok', 'okay', 'k', 'yes', 'yeah', 'yep', 'no', 'nope',
                     'please', 'pls', 'anyone', 'anybody', 'is', 'are', 'bye', 'goodbye', 'cya', 'hola', 'bonjour', 'hallo',
                     'test', 'testing', 'help', 'hm', 'hmm', 'um', 'uh', 'oh', 'ah', 'great', 'cool', 'nice', 'sure', 'fine']::text[]
                THEN NULL ELSE q END
           FROM (SELECT NULLIF(pg_catalog.left(pg_catalog.btrim(pg_catalog.regexp_replace(
                     pg_catalog.regexp_replace(pg_catalog.lower(body), '[^[:alnum:][:space:]]+', '', 'g'),
                     '[[:space:]]+', ' ', 'g')), 120), '') AS q) AS normalised $$;

COMMENT ON FUNCTION reporting.normalise_question(text) IS
    'A customer message as a question key: lower case, punctuation removed, whitespace collapsed, first 120 characters; NULL when nothing is left or the message is only greetings and small talk ("hi there", "thanks", "ok").';

ALTER TABLE switchboard.conversations NO FORCE ROW LEVEL SECURITY;
SELECT switchboard.refresh_conversation_facts(org_id, array_agg(conversation_id))
FROM switchboard.conversations
WHERE first_question IS NOT NULL AND reporting.normalise_question(first_question) IS NULL
GROUP BY org_id;
ALTER TABLE switchboard.conversations FORCE ROW LEVEL SECURITY;
