"""The demo answers: helpful Markdown about Parley itself, chosen by the words of the prompt."""

from __future__ import annotations

import re

_TOKEN = re.compile(r"\s*\S+|\s+")


def tokenize(text: str) -> list[str]:
    """Split text into word-ish pieces (leading whitespace attached) that join back exactly."""
    return _TOKEN.findall(text)


_GENERAL = """\
## Welcome to Parley

**Parley** is a keyboard-driven terminal client for [OpenRouter](https://openrouter.ai) and \
any OpenAI-compatible server. You are in **demo mode**: this answer comes from Parley's \
built-in simulator, so no API key and no network are needed.

What you can do from here:

- Press `enter` to send a prompt and `ctrl+j` for a new line inside it.
- Press `escape` to cancel an answer while it streams.
- Open the command palette with `ctrl+p`, or every binding with `f1`.
- Quit with `ctrl+q`; your conversations are kept in the local history.

To talk to real models, set your key and start Parley again:

```shell
export OPENROUTER_API_KEY=sk-or-v1-...
parley -m openai/gpt-4o
```

Try asking me about **keys**, **setup**, **`parley ask`**, **comparing models** or \
**local servers** to learn more.
"""

_KEYS = """\
## Parley's keys

Everything in Parley works from the keyboard. The defaults are:

| key | what it does |
| --- | --- |
| `enter` | send the prompt |
| `ctrl+j` | new line in the prompt (`shift+enter` where the terminal reports it) |
| `escape` | cancel the running answer; otherwise leave the current view |
| `ctrl+p` | command palette |
| `f1` | help: every binding of the current view |
| `ctrl+q` | quit |

A few tips:

- **Cancelling keeps what arrived**: the partial answer is saved with status `cancelled`.
- Every binding can be changed in `config.toml`, and the help screen always shows the \
current ones.

```shell
# where the config lives (override with PARLEY_CONFIG_DIR)
parley --help
```
"""

_SETUP = """\
## Setting up your API key

Parley reads your OpenRouter key from the environment, so the quickest start is:

```shell
export OPENROUTER_API_KEY=sk-or-v1-...
parley
```

`OPENROUTER_API_KEY` is sent only to `https://openrouter.ai`. Where else a key can come \
from, in order of precedence:

1. `--api-key-env NAME`: the key held in the variable `NAME`.
2. `PARLEY_API_KEY` in the environment, for whatever base URL is in use.
3. `api_key` in `config.toml`, for the config's own base URL, or under \
`[servers."URL"]` for another (Parley writes that file with mode `0600`).
4. Typed once in the app, which stores it in the config for you.

No key goes over plain `http://` to another machine unless the config allows it.

Keys are created at **https://openrouter.ai/settings/keys**. The key is never written to \
the history database, logs or exports. Until you have one, `parley --demo` (what you are \
using now) answers from a local simulator.
"""

_ASK = """\
## One-shot answers with `parley ask`

`parley ask` streams a single answer to stdout, which makes Parley easy to script:

```shell
parley ask "Explain TCP slow start in two sentences"
git diff | parley ask -s "You review code tersely" -m anthropic/claude-3.5-sonnet
parley ask --json -p temperature=0.2 "Name three sorting algorithms" | jq .content
```

Useful options:

- `-m ID` picks the model, `-s TEXT` adds a system prompt.
- `-p KEY=VALUE` sets any request parameter (repeatable), e.g. `-p max_tokens=200`.
- `--models A,B` gives OpenRouter a **fallback list**.
- `--no-stream`, `--no-save`, `--continue` (or `-c ID`) and `--completion` (legacy `/completions`).

The exit code tells a script what happened: `0` complete, `3` bad key, `4` out of credits, \
`5` rate limited, `6` the provider failed.
"""

_COMPARE = """\
## Comparing models side by side

Parley can send one prompt to several models at once and stream the answers in columns:

```shell
parley --compare openai/gpt-4o,anthropic/claude-3.5-sonnet,meta-llama/llama-3.1-8b-instruct:free
```

How it behaves:

- Each column streams **independently**, so a slow model never holds up a fast one.
- `escape` cancels every running column; finished answers stay as they are.
- Each answer is stored in the history with its **model, tokens and cost**, so you can \
compare prices as well as words.

Tip: add a cheap `:free` model to the mix to see whether you need a bigger one at all.
"""

_LOCAL = """\
## Using a local server with `--base-url`

Parley speaks the OpenAI-compatible API, so **Ollama**, **llama.cpp**, **vLLM** and \
**LM Studio** work by base URL alone; a key is then optional.

```shell
# Ollama
parley --base-url http://localhost:11434/v1 -m llama3.1
# llama.cpp's server
parley ask --base-url http://127.0.0.1:8080/v1 "Hello from my own GPU"
```

Ways to set it:

- `--base-url URL` on the command line, for one run.
- `PARLEY_BASE_URL` in the environment.
- `base_url` in `config.toml`, to make it the default.

Run `parley models` against the server to see which model ids it offers.
"""

_MODELS = """\
## Choosing a model

OpenRouter offers hundreds of models behind one API. Parley lists and filters them:

```shell
parley models claude          # every model whose id or name matches "claude"
parley models free --json     # the free ones, as JSON
parley -m google/gemini-flash-1.5
```

A few rules of thumb:

- **Free models** end in `:free`; they are rate limited but cost nothing.
- Bigger context windows help with long documents; the list shows each model's \
`context_length` and price per million tokens.
- In the app, the model picker is one keypress away through the palette (`ctrl+p`).
"""

_HISTORY = """\
## Your conversation history

Every conversation is saved locally in SQLite, titled from its first prompt:

```shell
parley history list
parley history search "slow start"
parley history export 42 --format md > chat.md
parley -c 42          # resume conversation 42 in the app
```

What is kept for each message:

- role, content, the model asked for and the **model that answered**;
- status (`complete`, `cancelled` or `error`) with the finish reason;
- token usage, **cost** and the generation id.

Your API key is never stored in the history or in exports.
"""

_PYTHON = """\
## The same API from Python

Parley talks to OpenRouter's OpenAI-compatible API, which any OpenAI SDK can use too:

```python
from openai import OpenAI

client = OpenAI(base_url="https://openrouter.ai/api/v1", api_key="sk-or-v1-...")
stream = client.chat.completions.create(
    model="openai/gpt-4o",
    messages=[{"role": "user", "content": "Hello!"}],
    stream=True,
)
for chunk in stream:
    print(chunk.choices[0].delta.content or "", end="")
```

Things worth knowing:

- OpenRouter sends `: OPENROUTER PROCESSING` **keep-alive comments**; good SSE parsers \
ignore them.
- The last chunk carries `usage` with a `cost` field.
- For shell scripts, `parley ask --json` gives you the same data without writing code.
"""

# Topic -> (answer, keywords); the first topic with the most keyword hits wins.
_TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        _SETUP,
        (
            "api key",
            "openrouter_api_key",
            "apikey",
            "credential",
            "setup",
            "set up",
            "install",
            "configure",
            "token",
            "auth",
            "sign up",
            "account",
        ),
    ),
    (
        _KEYS,
        (
            "shortcut",
            "binding",
            "keys",
            "keyboard",
            "ctrl",
            "escape",
            "quit",
            "palette",
            "newline",
            "new line",
            "hotkey",
            "f1",
            "cancel",
        ),
    ),
    (
        _ASK,
        (
            "ask",
            "script",
            "pipe",
            "stdin",
            "stdout",
            "command line",
            "cli",
            "json",
            "exit code",
            "one-shot",
            "non-interactive",
        ),
    ),
    (
        _COMPARE,
        (
            "compare",
            "comparison",
            "side by side",
            "versus",
            "vs",
            "several models",
            "multiple models",
        ),
    ),
    (
        _LOCAL,
        (
            "local",
            "ollama",
            "llama.cpp",
            "vllm",
            "lm studio",
            "base url",
            "base-url",
            "base_url",
            "offline",
            "self-host",
            "localhost",
            "own server",
        ),
    ),
    (_MODELS, ("model", "models", "free", "choose", "pick", "context")),
    (_HISTORY, ("history", "conversation", "export", "search", "resume", "continue", "saved")),
    (_PYTHON, ("python", "code", "sdk", "example", "program", "library", "import")),
)


def _pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    words = "|".join(re.escape(word) for word in keywords)
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)")


def demo_answer(prompt: str) -> str:
    """The Markdown answer for ``prompt``: the best-matching topic, else the general welcome."""
    text = prompt.lower()
    best, best_hits = _GENERAL, 0
    for answer, keywords in _TOPICS:
        hits = len(set(_pattern(keywords).findall(text)))
        if hits > best_hits:
            best, best_hits = answer, hits
    return best


SPLIT_UTF8_ANSWER = """\
## Ünïcödé survives the wire ✅

Every character here is several bytes long, and the simulator cuts its writes **inside** them:

- 日本語: 東京の天気は晴れです。
- Русский: Здравствуйте, как дела?
- Ελληνικά: Καλημέρα κόσμε
- Emoji: 🙂 🚀 👩‍💻 🇫🇷 🧪
- Accents: façade, naïve, café, Ærøskøbing, ñandú

```python
print("häl̈lo 世界 🌍")
```

If this text looks right, the decoder joined the bytes back correctly. 👍
"""
