"""What the simulator reads from a request's body: the model, the prompt and its size; a body
it cannot answer is a :class:`Reject`."""

from __future__ import annotations

from typing import Any

from tui.sim.answers import tokenize
from tui.sim.media import is_file_part
from tui.sim.scenarios import SMALL_CONTEXT


class Reject(Exception):
    """Answer with an error status and OpenRouter's JSON error body."""

    def __init__(self, status: int, message: str | None = None, model: str = "") -> None:
        super().__init__(message)
        self.status, self.message, self.model = status, message, model


def model_of(body: dict) -> str:
    model = body.get("model")
    if isinstance(model, str) and model:
        return model
    models = body.get("models")
    if isinstance(models, list) and models and isinstance(models[0], str):
        return models[0]
    return "openrouter/auto"


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # multimodal parts; attached text files are not the prompt
        return "".join(
            p.get("text", "")
            for i, p in enumerate(content)
            if isinstance(p, dict) and not is_file_part(p, first=i == 0)
        )
    return ""


def check_context(body: dict, name: str, prompt_tokens: int, model: str) -> None:
    """Refuse a request over the model's context, in OpenRouter's words (middle-out fits it)."""
    if name != "small-context" or prompt_tokens <= SMALL_CONTEXT:
        return
    transforms = body.get("transforms")
    if isinstance(transforms, list) and "middle-out" in transforms:
        return
    raise Reject(
        400,
        f"This endpoint's maximum context length is {SMALL_CONTEXT} tokens. However, you"
        f" requested about {prompt_tokens} tokens. Please reduce the length of the messages,"
        ' or use the "middle-out" transform to compress your prompt automatically.',
        model,
    )


def prompt_of(body: dict, chat: bool) -> tuple[str, int]:
    """The text the answer depends on, and the prompt's token count."""
    if not chat:
        prompt = body.get("prompt")
        if not isinstance(prompt, str):
            raise Reject(400, 'Input required: specify "prompt" or "messages"')
        return prompt, len(tokenize(prompt))
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise Reject(400, 'Input required: specify "prompt" or "messages"')
    texts = [_text_of(m.get("content")) if isinstance(m, dict) else "" for m in messages]
    return texts[-1], sum(len(tokenize(t)) + 4 for t in texts)
