"""The ``parley history`` command line: its actions and their arguments."""

from __future__ import annotations

import argparse


def add_history(commands: argparse._SubParsersAction) -> None:
    """``parley history``: list, show, search, export, import, rename, delete."""
    history = commands.add_parser(
        "history",
        help="stored conversations",
        description="Stored conversations: list, show, search, export one or --all of them, "
        "import them from Parley's export, ChatGPT or the llm CLI, rename, delete. "
        "`parley history ACTION --help` tells more.",
        epilog="examples: parley history export --all --format json -o all.jsonl · "
        "parley history import conversations.json · parley history import logs.db",
    )
    actions = history.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="recent conversations")
    listing.add_argument("-n", "--limit", type=int, default=30, help="how many (default 30)")
    listing.add_argument("--json", action="store_true")
    show = actions.add_parser("show", help="one conversation")
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true")
    search = actions.add_parser("search", help="full-text search over every message")
    search.add_argument("query", nargs="+")
    search.add_argument("-n", "--limit", type=int, default=20)
    search.add_argument("--json", action="store_true")
    _add_export(actions)
    _add_import(actions)
    rename = actions.add_parser("rename", help="give a conversation a new title")
    rename.add_argument("id", type=int)
    rename.add_argument("title", nargs="+")
    delete = actions.add_parser("delete", help="delete a conversation")
    delete.add_argument("id", type=int)
    delete.add_argument("--yes", "-y", action="store_true", help="do not ask first")


def _add_export(actions: argparse._SubParsersAction) -> None:
    export = actions.add_parser(
        "export",
        help="a conversation, or every one (--all), as Markdown or JSON",
        description="Write a conversation as Markdown or JSON. With --all, write every "
        "conversation: JSON lines (one conversation per line, its whole tree, files and "
        "sources; what `parley history import` reads back) to stdout or -o FILE, or with "
        "--format md a folder of Markdown files (-o DIR), one per conversation.",
    )
    export.add_argument("id", type=int, nargs="?", help="the conversation (see history list)")
    export.add_argument("--all", action="store_true", help="every conversation")
    export.add_argument("--format", choices=("md", "json"), default="md")
    export.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="write this file instead of stdout (with --all and md: this folder)",
    )
    export.add_argument(
        "--branches",
        choices=("active", "all"),
        default="active",
        help="the chosen path (default), or every branch (JSON: the tree with parent ids; "
        "--all in JSON always writes the tree)",
    )
    export.add_argument(
        "--force", action="store_true", help="with --all: replace files that are there"
    )


def _add_import(actions: argparse._SubParsersAction) -> None:
    imports = actions.add_parser(
        "import",
        help="conversations from a Parley export, ChatGPT or llm",
        description="Import conversations from Parley's JSON export (one conversation, or "
        "the JSON lines of `history export --all --format json`), ChatGPT's "
        "conversations.json (from its data export: branches kept, the one you last saw "
        "chosen) or the llm CLI's logs.db. The format is read from the file's content. "
        "Importing the same file again adds only what is new. A file with a broken record "
        "imports nothing and names the record.",
    )
    imports.add_argument("file", metavar="FILE")
    imports.add_argument(
        "--format",
        choices=("auto", "parley", "chatgpt", "llm"),
        default="auto",
        help="the file's format (default: found from its content)",
    )
    imports.add_argument("--json", action="store_true", help="print what was done as JSON")
