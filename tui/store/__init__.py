"""The history store: the only code that speaks SQL; it takes and returns plain dataclasses."""

from tui.store.attachments import NewAttachment, StoredAttachment, StoredCitation
from tui.store.browse import BrowsedConversation
from tui.store.errors import (
    NotFoundError,
    SchemaTooNewError,
    StoreDamagedError,
    StoreError,
    StoreFullError,
    StoreLocationError,
    StoreLockedError,
    StoreReadOnlyError,
)
from tui.store.records import (
    CachedModel,
    Conversation,
    ConversationSummary,
    Ending,
    ImportedConversation,
    ImportedMessage,
    ImportOutcome,
    Message,
    ModelMarks,
    SearchHit,
)
from tui.store.spend import ConversationSpend, DaySpend, ModelSpend
from tui.store.store import Store
from tui.store.titles import title_from_prompt
from tui.store.trash import DeletedConversation

__all__ = [
    "BrowsedConversation",
    "CachedModel",
    "Conversation",
    "ConversationSpend",
    "ConversationSummary",
    "DaySpend",
    "DeletedConversation",
    "Ending",
    "ImportOutcome",
    "ImportedConversation",
    "ImportedMessage",
    "Message",
    "ModelMarks",
    "ModelSpend",
    "NewAttachment",
    "NotFoundError",
    "SchemaTooNewError",
    "SearchHit",
    "Store",
    "StoreDamagedError",
    "StoreError",
    "StoreFullError",
    "StoreLocationError",
    "StoreLockedError",
    "StoreReadOnlyError",
    "StoredAttachment",
    "StoredCitation",
    "title_from_prompt",
]
