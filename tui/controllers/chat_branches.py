"""A chat's branches: the chosen path on screen, stepping through siblings, forking, pruning."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

from tui.controllers.chat_state import NO_SELECTION, ChatContext
from tui.controllers.chat_status import ChatStatus
from tui.controllers.turn_phase import BUSY_NOTE
from tui.store import Message
from tui.store.records import ChosenPath

NO_SIBLINGS = "This message has no other versions (r answers again, e edits a prompt)."


class ChatBranches:
    """Keeps the transcript on the conversation's chosen path and moves along the tree.

    Only what changed is drawn again: the messages above a switch keep their lines, and a
    label that changed (a sibling added) is the one header redrawn.
    """

    def __init__(
        self,
        ctx: ChatContext,
        *,
        status: ChatStatus,
        cursor: Callable[[], Message | None],
        open_chat: Callable[[int], Awaitable[None]],
    ) -> None:
        self._ctx = ctx
        self._status = status
        self._cursor = cursor
        self._open_chat = open_chat

    def _note(self, text: str) -> None:
        self._ctx.app.notify(text, timeout=3)

    # -- the chosen path on screen ---------------------------------------------------------

    async def show_path(self) -> None:
        """Bring the screen to the stored chosen path (after a turn, a switch, a deletion)."""
        conversation = self._ctx.state.conversation
        if conversation is not None:
            path = await self._ctx.app.store.chosen_path(conversation.id)
            await self._status.learn(path.messages)
            self.show(path)

    def show(self, path: ChosenPath) -> None:
        """Show ``path``: the shared beginning stays, the rest is drawn from the first change."""
        state, transcript = self._ctx.state, self._ctx.transcript()
        before = state.branching
        state.messages = list(path.messages)
        state.branching = {m.id: b for m, b in zip(path.messages, path.branching, strict=True)}
        shown = transcript.message_keys()
        same = 0
        for key, message in zip(shown, path.messages, strict=False):
            if key != message.id:
                break
            same += 1
        for message in path.messages[:same]:
            place = before.get(message.id)
            if state.label(message.id) != (place.label if place and place.branched else ""):
                transcript.update_message(message.id, branch=state.label(message.id))
        views = [self._status.view_of(m) for m in path.messages[same:]]
        if same < len(shown):
            transcript.replace_from(shown[same], views)
        else:
            for view in views:
                transcript.add_message(view)

    async def show_labels(self) -> None:
        """After a turn: bring the sibling markers up to date (a turn adds versions).

        A message the store could not keep stays on screen; when every shown message is
        stored but the path differs (a turn refused after its old answer was taken off),
        the stored path is shown again.
        """
        state = self._ctx.state
        if state.conversation is None:
            return
        path = await self._ctx.app.store.chosen_path(state.conversation.id)
        transcript = self._ctx.transcript()
        keys, stored = transcript.message_keys(), [m.id for m in path.messages]
        shown = set(keys)
        if keys != stored and shown <= set(stored):
            self.show(path)
            return
        for message, place in zip(path.messages, path.branching, strict=True):
            if message.id not in shown:
                continue
            label = state.label(message.id)
            state.branching[message.id] = place
            if state.label(message.id) != label:
                transcript.update_message(message.id, branch=state.label(message.id))

    def cut_from(self, message: Message) -> None:
        """Take ``message`` and what follows it off the screen: a new version takes its place
        (the store keeps them, as siblings of the new one)."""
        state = self._ctx.state
        index = next((i for i, m in enumerate(state.messages) if m.id == message.id), None)
        if index is None:
            return
        state.messages = state.messages[:index]
        self._ctx.transcript().replace_from(message.id, [])

    # -- stepping through siblings ---------------------------------------------------------

    async def step(self, by: int) -> None:
        """Show the selected message's previous (``by`` -1) or next (+1) version, and the
        path below it as it was last seen."""
        await self._ctx.gate.run(partial(self._step, by))

    async def _step(self, by: int) -> None:
        message = self._cursor()
        if message is None:
            self._note(NO_SELECTION)
            return
        place = self._ctx.state.branching.get(message.id)
        if place is None or not place.branched:
            self._note(NO_SIBLINGS)
            return
        chosen = await self._ctx.app.store.step_sibling(message.id, by)
        if chosen == message.id:
            return  # the first or the last already
        await self.show_path()
        self._ctx.transcript().cursor_key = chosen
        self._ctx.refresh_status()

    # -- forking and pruning ---------------------------------------------------------------

    async def fork(self) -> None:
        """A new chat holding the path down to the selected message (else all of it)."""
        state = self._ctx.state
        message = self._cursor() or (state.messages[-1] if state.messages else None)
        if state.conversation is None or message is None:
            self._note("Nothing to fork yet: send a first prompt.")
            return
        if not self._ctx.phase.idle:
            self._note(BUSY_NOTE)
            return
        forked = await self._ctx.app.store.fork(message.id)
        await self._ctx.refresh_list()
        await self._open_chat(forked.id)
        self._note(f"Forked into a new chat (#{forked.id}); the original stays as it was.")

    async def delete_branch(self) -> None:
        """Delete the selected message and everything below it, after asking."""
        message = self._cursor()
        if not self._ctx.may_change(message):
            return
        later = len(self._ctx.state.messages) - self._ctx.state.messages.index(message) - 1
        below = f" and everything below it ({later} shown)" if later else ""
        others = " Its other versions stay." if self._ctx.state.label(message.id) else ""

        async def answered(yes: bool | None) -> None:
            if yes:
                await self._ctx.gate.run(partial(self._delete_branch, message))

        self._ctx.dialogs.confirm(f"Delete this {message.role} message{below}?{others}", answered)

    async def _delete_branch(self, message: Message) -> None:
        if self._ctx.state.find(message.id) is None:
            return
        self._ctx.state.agreed_drops.add(message.id)
        self._ctx.state.agreed_drops.update(await self._ctx.app.store.delete_branch(message.id))
        await self.show_path()
        self._ctx.refresh_status()
