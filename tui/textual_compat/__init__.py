"""Every use of Textual's and Rich's private parts, fenced: one package to re-check on an upgrade.

Parley reaches past the public API of Textual 8.2 and Rich in a few places, each for a reason
given where it is done. All of them live in this package, each behind a small named function
or class, and each has a canary test (``tests/unit/test_textual_compat*.py``) that names what
to re-check when an upgrade moves it:

- ``boundary``: the render path hooked as the terminal boundary (``Strip.render``,
  ``Content.__init__``, the control-code strippers).
- ``scrolling``: a scroll view's virtual size and scrollbars set without a layout pass
  (``ScrollView._scroll_update``, ``set_reactive`` on ``virtual_size`` and a scrollbar's
  reactives).
- ``bindings``: the binding chain past a modal screen, a widget's own bindings.
- ``style_nodes``: styles for a widget's nested parts, from unmounted nodes styled by the
  stylesheet (``DOMNode._attach``, ``Stylesheet.apply``).
- ``rich_markdown``: Rich's ``Markdown`` built around a shared parser, its token stream
  filtered (no Textual: ``parley ask`` renders Markdown without importing Textual).
- ``keys`` and ``input_thread``: Textual's escape-sequence table and its input thread's
  selector.
- ``first_frame``: the first frame written made whole after Textual's start-up batch dropped
  one (``App._display``, ``App._batch_count``, ``Compositor.render_update``), and a callback
  once it is out.
- Savings, each left out when Textual changed under it (``patching.install_patches``):
  ``strips`` (a strip's caches made on first use), ``partial_update`` (partial updates
  rendered by rows), ``batched_frames`` (no frame rendered to be dropped during a batch),
  ``resizes`` (a resize to the app's own size let go), ``first_update`` (a screen's first
  update made when due).

Nothing is imported here, so that using one module never imports Textual for another.
"""
