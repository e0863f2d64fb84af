"""A stored conversation as Markdown or JSON: its chosen path, or every branch of its tree."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from tui.exporting.extras import Extras
from tui.store import Conversation, Message
from tui.store.records import Branching, ChosenPath


def flat(text: str) -> str:
    """``text`` on one line."""
    # Not str.splitlines(): it would also swallow \x1c-\x1e and U+0085, which must show.
    return text.replace("\r\n", " ").replace("\n", " ")


def path_json(conversation: Conversation, chosen: ChosenPath) -> dict[str, Any]:
    """The chosen path; each message says where it stands among its siblings."""
    messages = []
    for message, place in zip(chosen.messages, chosen.branching, strict=True):
        siblings = {"index": place.index + 1, "count": place.count}
        messages.append({**asdict(message), "siblings": siblings})
    return {"conversation": asdict(conversation), "messages": messages}


def tree_json(
    conversation: Conversation, messages: Iterable[Message], chosen: ChosenPath
) -> dict[str, Any]:
    """Every message with its ``parent_id``, oldest first, and the chosen path's ids."""
    return {
        "conversation": asdict(conversation),
        "messages": [asdict(m) for m in sorted(messages, key=lambda m: m.id)],
        "chosen_path": [m.id for m in chosen.messages],
    }


def path_markdown(
    conversation: Conversation, chosen: ChosenPath, extras: Extras | None = None
) -> str:
    """The chosen path as a Markdown document; a message with siblings shows ``‹ 2/3 ›``.

    Each message is a ``## Role`` heading with its text quoted under it (every line starts
    with ``>``). Text cannot leave a block quote, so an answer's own ``##`` headings, rules or
    unclosed fences stay inside its message and never pass for the next one.
    """
    lines = _title(conversation)
    for message, place in zip(chosen.messages, chosen.branching, strict=True):
        lines.extend(message_markdown(message, place, extras=extras))
    return "\n".join(lines).rstrip() + "\n"


def tree_markdown(
    conversation: Conversation,
    messages: Iterable[Message],
    chosen: ChosenPath,
    extras: Extras | None = None,
) -> str:
    """Every branch: the chosen path first, then each other branch from where it parts.

    Messages carry their ids (``#12``) so a branch can say which message it goes on from.
    """
    children: dict[int | None, list[Message]] = {}
    for message in sorted(messages, key=lambda m: m.id):
        children.setdefault(message.parent_id, []).append(message)
    printed = {m.id for m in chosen.messages}
    lines = _title(conversation)
    for message in chosen.messages:
        place = _place(message, children)
        lines.extend(message_markdown(message, place, show_id=True, extras=extras))
    pending = [list(chosen.messages)]
    number = 1
    while pending:
        for message in pending.pop(0):
            for sibling in children.get(message.parent_id, []):
                if sibling.id in printed:
                    continue
                branch = _down_from(sibling, children)
                printed.update(m.id for m in branch)
                pending.append(branch)
                number += 1
                lines += ["---", "", _branch_heading(number, sibling), ""]
                for shown in branch:
                    place = _place(shown, children)
                    lines.extend(message_markdown(shown, place, show_id=True, extras=extras))
    return "\n".join(lines).rstrip() + "\n"


def _title(conversation: Conversation) -> list[str]:
    return [
        f"# {conversation.title or 'Untitled conversation'}",
        "",
        f"_{local_time(conversation.created_at)} · {conversation.model or 'no model'}_",
        "",
    ]


def _branch_heading(number: int, first: Message) -> str:
    where = f"after #{first.parent_id}" if first.parent_id is not None else "from the start"
    return f"## Branch {number} · {where}"


def _place(message: Message, children: dict[int | None, list[Message]]) -> Branching:
    siblings = [m.id for m in children.get(message.parent_id, [])]
    return Branching(siblings.index(message.id), len(siblings))


def _down_from(message: Message, children: dict[int | None, list[Message]]) -> list[Message]:
    """``message`` and its first children down to a leaf (other children get branches)."""
    branch = [message]
    while children.get(branch[-1].id):
        branch.append(children[branch[-1].id][0])
    return branch


def quoted(text: str) -> list[str]:
    """``text`` as the lines of a Markdown block quote."""
    return [f"> {line}" if line.strip() else ">" for line in text.split("\n")]


_DETAILS_END = re.compile(r"</(details)", re.IGNORECASE)


def thinking_block(reasoning: str) -> list[str]:
    """The model's thinking as a folded ``<details>`` block, its text quoted inside.

    A ``</details`` in the text is written ``&lt;/details``: the quote keeps Markdown in,
    but an HTML end tag would close the block early and spill the rest of the thinking.
    """
    text = _DETAILS_END.sub(r"&lt;/\1", reasoning.strip("\n"))
    return [
        "<details><summary>Thinking</summary>",
        "",
        *quoted(text.rstrip()),
        "",
        "</details>",
        "",
    ]


def message_markdown(
    message: Message,
    place: Branching | None = None,
    *,
    show_id: bool = False,
    extras: Extras | None = None,
) -> list[str]:
    """One message: its heading (role, model, id, ``‹ i/n ›``), thinking, text, attached
    files, the sources it cites, ending."""
    heading = message.role.capitalize()
    if message.role == "assistant":
        heading += f" · {flat(message.model_answered or message.model_requested or '?')}"
    if show_id:
        heading += f" · #{message.id}"
    if place is not None and place.branched:
        heading += f" {place.label}"
    lines = [f"## {heading}", ""]
    if message.reasoning:
        lines += thinking_block(message.reasoning)
    if message.content:
        lines += [*quoted(message.content.rstrip()), ""]
    if extras is not None:
        lines += extras.file_lines(message.id) + extras.citation_lines(message.id)
    if message.status not in ("complete", None) and message.role == "assistant":
        note = f"**{message.status}**"
        if message.error_message:
            note += f": {flat(message.error_message)}"
        lines += [note, ""]
    return lines


def local_time(timestamp: float | None) -> str:
    """``timestamp`` as a local date and time to the minute; ``-`` when unknown."""
    if not timestamp:
        return "-"
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(timestamp))
