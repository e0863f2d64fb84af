"""What the chats browser says: each row's line, and the spend of a chat and of recent days."""

from __future__ import annotations

import time

from rich.text import Text

from tui.store import BrowsedConversation, ConversationSpend, DaySpend

_DAY = 86_400
_MODELS_SHOWN = 2


def when_text(at: float, now: float) -> str:
    """When a chat was last active, as short as tells it apart: 14:05, Tue 14:05, 3 Mar 14:05."""
    then, today = time.localtime(at), time.localtime(now)
    clock = time.strftime("%H:%M", then)
    if then[:3] == today[:3]:
        return clock
    if 0 < now - at < 6 * _DAY:
        return time.strftime("%a ", then) + clock
    if then.tm_year == today.tm_year:
        return f"{then.tm_mday} {time.strftime('%b', then)} {clock}"
    return f"{then.tm_mday} {time.strftime('%b %Y', then)}"


def cost_text(cost: float | None) -> str:
    """A cost as the rest of the app writes it (``$0.0123``); blank when none was reported."""
    return "" if cost is None else f"${cost:.4f}"


def models_text(models: tuple[str, ...] | list[str]) -> str:
    """The models a chat used, short (``gpt-4o, claude-3.5-sonnet +2``)."""
    names = list(dict.fromkeys(_short(model) for model in models if model))
    shown = ", ".join(names[:_MODELS_SHOWN])
    rest = len(names) - _MODELS_SHOWN
    return f"{shown} +{rest}" if rest > 0 else shown


def chat_detail(row: BrowsedConversation, now: float, model: str | None = None) -> str:
    """The line under a chat's title: when, what it cost, how many messages, its id (what
    ``parley -c ID`` takes) and which models, so two chats with the same title read apart.
    ``model`` (the open chat's current model) stands for the models it used."""
    count = row.message_count
    models = models_text([model] if model else row.models)
    what = "comparison" if row.kind == "compare" else models
    if row.kind == "compare" and models:
        what = f"comparison · {models}"
    # The models last: when the line is too long, they are what the ellipsis takes.
    parts = [
        when_text(row.last_activity or row.updated_at, now),
        cost_text(row.cost),
        f"{count} msg{'s' if count != 1 else ''}",
        f"#{row.id}",
        what,
    ]
    return " · ".join(part for part in parts if part)


def chat_spend_text(spend: ConversationSpend | None) -> Text:
    """The highlighted chat's spend: total, tokens, each model's share; unpriced said so."""
    text = Text("This chat ", style="bold")
    if spend is None:
        return text.append("–", style="dim")
    answers = spend.priced + spend.unpriced
    if not answers:
        return text.append("nothing spent yet", style="dim")
    if spend.priced:
        text.append(cost_text(spend.cost))
    else:
        text.append("no cost reported", style="italic")
    tokens = f"{spend.prompt_tokens:,} in · {spend.completion_tokens:,} out tokens"
    text.append(f" · {tokens}", style="dim")
    if spend.unpriced:
        many = "s" if spend.unpriced != 1 else ""
        text.append(f" · {spend.unpriced} answer{many} unpriced", style="italic")
    for model in spend.by_model:
        times = f"{model.answers} answer{'s' if model.answers != 1 else ''}"
        text.append(f"\n  {_short(model.model) or '?'} {cost_text(model.cost)} · {times}")
    return text


def days_spend_text(days: list[DaySpend]) -> Text:
    """Today, the last 7 days and the last 30 (``days`` oldest first, today last)."""
    text = Text("Spent ", style="bold")
    spans = (("today", 1), ("7 days", 7), ("30 days", 30))
    text.append(
        " · ".join(f"{label} {cost_text(sum(d.cost for d in days[-n:]))}" for label, n in spans)
    )
    return text


def _short(model: str) -> str:
    # The provider prefix adds width, not much to tell chats apart.
    return model.rsplit("/", 1)[-1]
