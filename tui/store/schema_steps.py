"""The numbered, append-only schema steps of the history database.

Never edit a step that has shipped: append a new one (and a migration test from every older
version, see tests/store/old_schemas.py).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step: the statements that take version ``version - 1`` to ``version``."""

    version: int
    summary: str
    statements: tuple[str, ...]


# Roles, statuses and kinds are checked in Python, not by CHECK constraints: those lists
# will grow, and SQLite can only change a CHECK by rebuilding the table.
_V1 = Migration(
    1,
    "conversations and messages",
    (
        """
        CREATE TABLE conversations (
            id INTEGER PRIMARY KEY,
            title TEXT,
            kind TEXT NOT NULL DEFAULT 'chat',
            model TEXT,
            system TEXT,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL
        )
        """,
        "CREATE INDEX conversations_by_update ON conversations (updated_at, id)",
        """
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            conversation_id INTEGER NOT NULL
                REFERENCES conversations (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            lane INTEGER,
            role TEXT NOT NULL,
            content TEXT NOT NULL DEFAULT '',
            reasoning TEXT,
            model_requested TEXT,
            model_answered TEXT,
            provider TEXT,
            status TEXT NOT NULL DEFAULT 'complete',
            finish_reason TEXT,
            native_finish_reason TEXT,
            error_message TEXT,
            error_kind TEXT,
            error_status INTEGER,
            prompt_tokens INTEGER,
            completion_tokens INTEGER,
            total_tokens INTEGER,
            reasoning_tokens INTEGER,
            cached_tokens INTEGER,
            cost REAL,
            generation_id TEXT,
            params TEXT,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            finished_at REAL,
            ttft_ms REAL,
            duration_ms REAL,
            owner_pid INTEGER,
            owner_host TEXT,
            heartbeat_at REAL,
            UNIQUE (conversation_id, seq)
        )
        """,
        # Recovery after a crash looks only at open streams: a tiny partial index.
        "CREATE INDEX messages_streaming ON messages (id) WHERE status = 'streaming'",
    ),
)

# The index follows only finished text: a streaming answer is rewritten every second, and
# re-indexing it each time would make those writes grow with the answer. It joins the index
# when its status leaves 'streaming' (finished, cancelled, or recovered as interrupted).
_V2 = Migration(
    2,
    "full-text search over message content",
    (
        """
        CREATE VIRTUAL TABLE messages_fts USING fts5 (
            content,
            content = 'messages',
            content_rowid = 'id',
            tokenize = 'unicode61 remove_diacritics 2',
            prefix = '2 3'
        )
        """,
        """
        CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages
        WHEN new.status <> 'streaming'
        BEGIN
            INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);
        END
        """,
        """
        CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
        WHEN old.status <> 'streaming'
        BEGIN
            INSERT INTO messages_fts (messages_fts, rowid, content)
            VALUES ('delete', old.id, old.content);
        END
        """,
        # One trigger, two guarded statements: the old entry must go before the new one
        # comes, and SQLite does not promise an order between separate triggers.
        """
        CREATE TRIGGER messages_fts_update AFTER UPDATE OF content, status ON messages
        WHEN old.status <> 'streaming' OR new.status <> 'streaming'
        BEGIN
            INSERT INTO messages_fts (messages_fts, rowid, content)
            SELECT 'delete', old.id, old.content WHERE old.status <> 'streaming';
            INSERT INTO messages_fts (rowid, content)
            SELECT new.id, new.content WHERE new.status <> 'streaming';
        END
        """,
        """
        INSERT INTO messages_fts (rowid, content)
        SELECT id, content FROM messages WHERE status <> 'streaming'
        """,
    ),
)

_V3 = Migration(
    3,
    "models cache for the model picker",
    (
        """
        CREATE TABLE models_cache (
            id TEXT PRIMARY KEY,
            payload TEXT NOT NULL,
            fetched_at REAL NOT NULL
        )
        """,
    ),
)

_V4 = Migration(
    4,
    "request parameters per conversation; favourite and recently used models",
    (
        "ALTER TABLE conversations ADD COLUMN params TEXT",
        """
        CREATE TABLE model_marks (
            model_id TEXT PRIMARY KEY,
            favourite INTEGER NOT NULL DEFAULT 0,
            last_used REAL
        )
        """,
        "CREATE INDEX model_marks_by_use ON model_marks (last_used)",
    ),
)

# Details are the reply's reasoning blocks as JSON (text, summaries, encrypted data), kept
# to be sent back; reasoning_ms is how long the model reasoned before its answer began.
_V5 = Migration(
    5,
    "reasoning details and reasoning time per answer",
    (
        "ALTER TABLE messages ADD COLUMN reasoning_details TEXT",
        "ALTER TABLE messages ADD COLUMN reasoning_ms REAL",
    ),
)

# A conversation becomes a tree. parent_id is the message it answers or follows (NULL for a
# first message); active_child is the child the chosen path goes on with, and active_root
# the first message it starts from, so "switch a sibling" is one UPDATE and "load the
# chosen path" one walk down these pointers. Old conversations become single paths: a
# message follows the one before it, except a comparison's answers, which are siblings
# under the prompt they answer; each message goes on with its latest child.
_V6 = Migration(
    6,
    "messages form a tree: parents, chosen children, a chosen first message",
    (
        "ALTER TABLE messages ADD COLUMN parent_id INTEGER",
        "ALTER TABLE messages ADD COLUMN active_child INTEGER",
        "ALTER TABLE conversations ADD COLUMN active_root INTEGER",
        """
        UPDATE messages SET parent_id = previous.id
        FROM (
            SELECT id AS child,
                   LAG(id) OVER (PARTITION BY conversation_id ORDER BY seq) AS id
            FROM messages
        ) AS previous
        WHERE messages.id = previous.child AND messages.lane IS NULL
        """,
        """
        UPDATE messages SET parent_id = (
            SELECT p.id FROM messages AS p
            WHERE p.conversation_id = messages.conversation_id
              AND p.seq < messages.seq AND p.lane IS NULL
            ORDER BY p.seq DESC LIMIT 1
        )
        WHERE lane IS NOT NULL
        """,
        """
        UPDATE messages SET active_child = latest.id
        FROM (
            SELECT parent_id, id,
                   ROW_NUMBER() OVER (PARTITION BY parent_id ORDER BY seq DESC) AS rank
            FROM messages WHERE parent_id IS NOT NULL
        ) AS latest
        WHERE messages.id = latest.parent_id AND latest.rank = 1
        """,
        """
        UPDATE conversations SET active_root = (
            SELECT m.id FROM messages AS m
            WHERE m.conversation_id = conversations.id AND m.parent_id IS NULL
            ORDER BY m.seq LIMIT 1
        )
        """,
        # Serves a message's children, a first message's siblings (parent NULL) and the
        # walk down a path; the conversation leads so one index answers all three.
        "CREATE INDEX messages_by_parent ON messages (conversation_id, parent_id, id)",
    ),
)

# Attached files are kept once per content (blobs, keyed by their SHA-256) however many
# messages send them; a message links to its files in order. A blob no message links to any
# more is removed with the last link (see tui.store.attachments). Citations are the sources
# a web-searched answer cites, in the order they came.
_V7 = Migration(
    7,
    "attachments stored once by content and linked from messages; an answer's citations",
    (
        """
        CREATE TABLE blobs (
            sha256 TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            data BLOB NOT NULL,
            created_at REAL NOT NULL
        )
        """,
        """
        CREATE TABLE message_attachments (
            message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            sha256 TEXT NOT NULL REFERENCES blobs (sha256),
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            format TEXT NOT NULL,
            mime TEXT NOT NULL,
            PRIMARY KEY (message_id, position)
        )
        """,
        "CREATE INDEX message_attachments_by_blob ON message_attachments (sha256)",
        """
        CREATE TABLE citations (
            message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            url TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            content TEXT NOT NULL DEFAULT '',
            start_index INTEGER,
            end_index INTEGER,
            PRIMARY KEY (message_id, position)
        )
        """,
    ),
)

# source_key says where an imported conversation came from ("chatgpt:<id>", "llm:<id>"), so
# importing the same file again skips it; NULL for conversations made here, which the unique
# index allows any number of. pinned keeps a conversation at the top of the chats list.
_V8 = Migration(
    8,
    "where an imported conversation came from; pinned conversations",
    (
        "ALTER TABLE conversations ADD COLUMN source_key TEXT",
        "CREATE UNIQUE INDEX conversations_by_source ON conversations (source_key)",
        "ALTER TABLE conversations ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0",
    ),
)

# The chats browser counts, prices and names the models of a conversation from this index
# alone, never the message rows (whose long contents push cost and models onto overflow
# pages); spend per day reads only the priced messages of the days asked for.
_V9 = Migration(
    9,
    "indexes for the chats browser and spend",
    (
        "CREATE INDEX messages_usage ON messages"
        " (conversation_id, cost, model_answered, model_requested)",
        "CREATE INDEX messages_spend_by_time ON messages (created_at, cost) WHERE cost IS NOT NULL",
    ),
)

MIGRATIONS: tuple[Migration, ...] = (_V1, _V2, _V3, _V4, _V5, _V6, _V7, _V8, _V9)
LATEST_VERSION = len(MIGRATIONS)
