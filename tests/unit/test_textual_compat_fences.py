"""Canaries for every private part of Textual and Rich Parley uses: each names what to re-check.

Each test checks, on a live widget where it can, that the private attribute still exists, takes
what Parley passes and does what Parley relies on. A failure after an upgrade means the module
named in the message must be re-read against the new Textual or Rich before it is trusted.
"""

from __future__ import annotations

import inspect
import itertools
from typing import Any, ClassVar

from markdown_it import MarkdownIt
from rich import markdown as rich_markdown
from rich.console import Console
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.drivers import linux_driver
from textual.geometry import Size
from textual.screen import ModalScreen, Screen
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.widgets import Footer, Static

from tui.render.markdown import ChatMarkdown
from tui.textual_compat import bindings, keys, scrolling, style_nodes
from tui.textual_compat import rich_markdown as compat_markdown
from tui.widgets.transcript_scrollbar import thumb


def upgrade_broke(module: str, what: str, recheck: str) -> str:
    return (
        f"A Textual/Rich upgrade changed {what}, which tui/{module} relies on. Re-check: {recheck}"
    )


def params(function: Any) -> list[str]:
    return list(inspect.signature(function).parameters)


# -- scrolling ----------------------------------------------------------------------------


class Tall(ScrollView):
    DEFAULT_CSS = "Tall { height: 1fr; overflow-y: auto; }"


class ScrollApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Tall()


async def test_scroll_update_still_shows_the_scrollbar_for_a_virtual_size():
    assert params(ScrollView._scroll_update) == ["self", "virtual_size"], upgrade_broke(
        "textual_compat/scrolling.py",
        f"ScrollView._scroll_update's parameters (now {params(ScrollView._scroll_update)})",
        "update_scrollbars still sets the scrollbars as a layout pass would",
    )
    async with ScrollApp().run_test(size=(40, 10)) as pilot:
        view = pilot.app.query_one(Tall)
        assert not view.show_vertical_scrollbar
        size = Size(view.size.width, 100)
        scrolling.set_virtual_size_quietly(view, size)
        scrolling.update_scrollbars(view, size)
        bar = view.vertical_scrollbar
        assert view.show_vertical_scrollbar and bar.window_virtual_size == 100, upgrade_broke(
            "textual_compat/scrolling.py",
            "what ScrollView._scroll_update does for a taller virtual size",
            "that it still shows the vertical scrollbar and gives it the virtual height",
        )
        assert bar.window_size == view.container_size.height - view.scrollbar_size_horizontal


async def test_setting_the_virtual_size_quietly_skips_layout_and_keeps_the_value():
    async with ScrollApp().run_test(size=(40, 10)) as pilot:
        view = pilot.app.query_one(Tall)
        await pilot.pause()
        laid_out = []
        view.watch_virtual_size = lambda size: laid_out.append(size)  # type: ignore[attr-defined]
        scrolling.set_virtual_size_quietly(view, Size(40, 77))
        assert view.virtual_size == Size(40, 77), upgrade_broke(
            "textual_compat/scrolling.py",
            "ScrollView.virtual_size (set_reactive)",
            "that the reactive exists",
        )
        assert not laid_out, upgrade_broke(
            "textual_compat/scrolling.py",
            "DOMNode.set_reactive: it now runs the watcher",
            "set_virtual_size_quietly must not lay the screen out on every streamed update",
        )


async def test_a_scrollbar_is_set_quietly_and_its_position_validated():
    async with ScrollApp().run_test(size=(40, 10)) as pilot:
        bar = pilot.app.query_one(Tall).vertical_scrollbar
        for name in ("window_virtual_size", "window_size", "position"):
            assert hasattr(ScrollBar, name), upgrade_broke(
                "textual_compat/scrolling.py",
                f"ScrollBar.{name}",
                "set_scrollbar_quietly's reactives",
            )
        scrolling.set_scrollbar_quietly(bar, 50, 10, -3.0)
        assert (bar.window_virtual_size, bar.window_size) == (50, 10)
        assert bar.position == bar.validate_position(-3.0), upgrade_broke(
            "textual_compat/scrolling.py",
            "ScrollBar.validate_position",
            "how a scrollbar's position is clamped",
        )


# -- bindings ---------------------------------------------------------------------------------


class Dialog(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Close")]


class Base(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("f2", "noop", "Base key", id="base.key")]

    def compose(self) -> ComposeResult:
        yield Static("under the dialog")
        yield Footer()


class BindingsApp(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f9", "noop", "Everywhere", priority=True, id="app.everywhere")
    ]

    def on_mount(self) -> None:
        self.push_screen(Base())


async def test_the_binding_chain_past_a_modal_still_reaches_the_app():
    for name in ("_binding_chain", "_modal_binding_chain"):
        assert isinstance(getattr(Screen, name, None), property), upgrade_broke(
            "textual_compat/bindings.py",
            f"Screen.{name}",
            "bindings_past_modal (the help screen's priority keys)",
        )
    async with BindingsApp().run_test() as pilot:
        await pilot.app.push_screen(Dialog())
        beyond = bindings.bindings_past_modal(pilot.app.screen)
        nodes = [node for node, _ in beyond]
        keys_beyond = [key for _, found in beyond for key, _binding in found]
        assert pilot.app in nodes and "f9" in keys_beyond, upgrade_broke(
            "textual_compat/bindings.py",
            "Screen._binding_chain / _modal_binding_chain",
            f"that the chain past a modal still lists the app's priority keys (found {beyond})",
        )
        assert not any(isinstance(node, Dialog) for node in nodes)


async def test_a_widgets_own_bindings_are_listed_per_key():
    async with BindingsApp().run_test() as pilot:
        found = [b.id for per_key in bindings.own_bindings(pilot.app.screen) for b in per_key]
        assert "base.key" in found, upgrade_broke(
            "textual_compat/bindings.py",
            "DOMNode._bindings.key_to_bindings",
            f"own_bindings (keys shown in hints; found {found})",
        )


class Styled(Static):
    DEFAULT_CSS = """
    Styled {
        background: #102030;
        color: #ffffff;
        .-outer { background: #ff0000 50%; text-style: italic; }
        .-outer .-inner { color: #00ff00; text-style: bold; }
    }
    """


class StyledApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Styled("parts")


async def test_nested_style_nodes_take_their_parents_backgrounds_and_styles():
    for name in ("_attach",):
        assert callable(getattr(DOMNode, name, None)), upgrade_broke(
            "textual_compat/style_nodes.py", f"DOMNode.{name}", "StyleNodes._node"
        )
    assert params(Stylesheet.apply)[:2] == ["self", "node"] and "animate" in params(
        Stylesheet.apply
    ), upgrade_broke("textual_compat/style_nodes.py", "Stylesheet.apply", "StyleNodes._node")
    async with StyledApp().run_test() as pilot:
        await pilot.pause()
        nodes = style_nodes.StyleNodes(pilot.app.query_one(Styled))
        outer, inner = nodes.style("-outer"), nodes.style("-outer", "-inner")
        # The outer node's red at 50 % over the widget's #102030, and the inner keeps it.
        blended = Color.parse("#102030") + Color.parse("#ff0000").with_alpha(0.5)
        assert outer.bgcolor == blended.rich_color, upgrade_broke(
            "textual_compat/style_nodes.py", "how a style node blends its background", "style()"
        )
        assert inner.bgcolor == outer.bgcolor and inner.italic and inner.bold
        assert inner.color is not None and inner.color.triplet == (0, 255, 0)


# -- Rich's Markdown ----------------------------------------------------------------------------


def test_rich_markdown_init_sets_the_attributes_parsed_markdown_sets():
    set_by_rich = set(vars(rich_markdown.Markdown("x")))
    set_here = set(vars(compat_markdown.ParsedMarkdown("x", [])))
    assert set_by_rich == compat_markdown.INIT_ATTRIBUTES == set_here, upgrade_broke(
        "textual_compat/rich_markdown.py",
        "what rich.markdown.Markdown.__init__ sets",
        f"ParsedMarkdown.__init__ (Rich sets {sorted(set_by_rich)})",
    )


def test_rich_still_renders_through_flatten_tokens():
    assert params(rich_markdown.Markdown._flatten_tokens) == ["self", "tokens"], upgrade_broke(
        "textual_compat/rich_markdown.py",
        "rich.markdown.Markdown._flatten_tokens",
        "ParsedMarkdown",
    )

    class Upper(compat_markdown.ParsedMarkdown):
        def filter_tokens(self, tokens: Any) -> Any:
            for token in tokens:
                if token.type == "text":
                    token.content = token.content.upper()
                yield token

    markup = "some *words* here"
    console = Console(width=40, color_system=None)
    with console.capture() as captured:
        console.print(Upper(markup, MarkdownIt().parse(markup)))
    assert "SOME WORDS HERE" in captured.get(), upgrade_broke(
        "textual_compat/rich_markdown.py",
        "how rich.markdown.Markdown reads its tokens",
        "that rendering still goes through _flatten_tokens, children included",
    )


def test_the_markdown_elements_parley_replaces_are_still_rich_s():
    # html_block is Parley's own addition: Rich drops HTML blocks.
    replaced = set(ChatMarkdown.elements) - set(rich_markdown.Markdown.elements) - {"html_block"}
    assert not replaced, upgrade_broke(
        "textual_compat/rich_markdown.py",
        "rich.markdown.Markdown.elements",
        f"tokens no longer used: {replaced}",
    )
    assert set(rich_markdown.Heading.LEVEL_ALIGN) == {f"h{n}" for n in range(1, 7)}, upgrade_broke(
        "textual_compat/rich_markdown.py", "rich.markdown.Heading.LEVEL_ALIGN", "render/markdown"
    )


# -- keys and the input thread ----------------------------------------------------------------


def test_textual_still_reads_escape_sequences_from_its_table():
    from textual import _ansi_sequences

    table = getattr(_ansi_sequences, "ANSI_SEQUENCES_KEYS", None)
    assert isinstance(table, dict) and "\x1b[A" in table, upgrade_broke(
        "textual_compat/keys.py", "textual._ansi_sequences.ANSI_SEQUENCES_KEYS", "alt+digit"
    )
    keys.install()
    assert table["\x1b3"][0].value == "alt+3"


def test_the_linux_driver_still_makes_its_selector_from_its_selectors_module():
    source = inspect.getsource(linux_driver.LinuxDriver.run_input_thread)
    assert hasattr(linux_driver, "selectors") and "selectors.SelectSelector()" in source, (
        upgrade_broke(
            "textual_compat/input_thread.py",
            "LinuxDriver.run_input_thread's selector",
            "that the prompt selector is still the one the input thread waits on",
        )
    )


async def test_a_scrollbar_looks_different_exactly_when_its_thumb_moves():
    # update_scrollbar repaints only when thumb() changes: thumb() must mirror Textual's drawing.
    console = Console(width=1, height=20, color_system="truecolor", legacy_windows=False)
    async with ScrollApp().run_test(size=(40, 22)) as pilot:
        view = pilot.app.query_one(Tall)
        view.virtual_size = Size(view.size.width, 1000)
        await pilot.pause()
        bar = view.vertical_scrollbar
        size = bar.size.height
        assert size > 10

        def drawn(virtual: int, window: int, position: float) -> list[str]:
            scrolling.set_scrollbar_quietly(bar, virtual, window, position)
            options = console.options.update(height=size, width=1)
            return [repr(segment) for segment in console.render(bar.render(), options)]

        cases = [(v, w, p) for v in (100, 1000, 1003) for w in (size, 7) for p in range(0, 90, 3)]
        for first, second in itertools.pairwise(cases):
            same_thumb = thumb(size, *first) == thumb(size, *second)
            assert same_thumb == (drawn(*first) == drawn(*second)), upgrade_broke(
                "widgets/transcript_scrollbar.py",
                f"how a ScrollBar draws its thumb ({first} against {second})",
                "thumb(), which mirrors ScrollBarRender.render_bar's arithmetic",
            )
