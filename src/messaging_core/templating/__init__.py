"""Sandboxed rendering of user-editable message templates (subjects and bodies).

A template mixes two syntaxes:

* **Tags** in the STEL style, ``@CUSTOMERNAME@``, which is all that users who are
  not template designers may write.  Tag names match ``[A-Za-z][A-Za-z0-9_]*``
  and are case-insensitive (``@customername@`` is the same tag).  Each document
  type publishes its tags in a :class:`TagRegistry`; a :class:`Tag` reads its
  value from a key of the render context or computes it with a callable.
* **Jinja2** (``{{ }}``, ``{% %}``, ``{# #}``) for template designers, run in a
  hardened :class:`jinja2.sandbox.ImmutableSandboxedEnvironment`.

The tag rule
------------
Any ``@WORD@`` where ``WORD`` matches ``[A-Za-z][A-Za-z0-9_]*`` is a tag, wherever
it stands in the text (``a@b@c`` contains the tag ``@b@``); scanning is left to
right and tags do not overlap, so ``@A@@B@`` is two tags.  A tag that the
registry does not know is an error (code ``"unknown_tag"``) naming the tag and
its line.  Every other ``@`` is plain text: ``mail john@example.com``,
``@ home``, ``@@``, ``@1st@`` are left alone.  Tags also work inside Jinja code
(``{% if @TOTAL@ > 100 %}``, ``{{ @NAME@|upper }}``), but not inside Jinja string
literals, comments or ``{% raw %}`` blocks, which is how a literal ``@WORD@`` is
written: ``{{ '@WORD@' }}``.  There is no other escape (``@@`` stays ``@@``).

Tags are translated by the Jinja lexer itself, on the token's own line, into an
expression that the compiled template evaluates at render time, so a template
compiles once (cached) and line numbers in errors are those of the user's text.

Safety
------
* Values reach templates only through a context of plain values
  (see :func:`freeze_context`); never a recordset or an environment.
* Attribute access is allow-listed per type (``str`` methods, date parts,
  ``items()``...); anything starting with ``_``, ``format``/``format_map``,
  ``mro`` and frame/code attributes are refused, as are ``{% include %}``,
  ``{% import %}`` and ``{% extends %}`` (no loader), the ``attr``, ``pprint``,
  ``tojson`` and ``urlize`` filters and the ``dict``, ``cycler`` and ``joiner``
  globals; ``xmlattr``, ``range`` and ``lipsum`` are replaced by checked versions.
* Output of a value that is not plain (a function, a macro, ``self``...) is refused.
* :class:`Limits` bound loop iterations, the size of every string, list or
  number the template builds (``*``, ``**``, ``+``, ``~``, ``%``, filters and
  methods such as ``center``), the output size, the nesting of macro calls and
  the wall-clock render time (checked cooperatively in loops, operators, calls
  and filters, so it works in any thread).  Compiling never evaluates template
  expressions (no constant folding).
* Requires jinja2 >= 3.1.6: older versions (Odoo 18 pins 3.1.2) have the
  sandbox escape CVE-2024-56326.  Importing this module with an older jinja2
  raises :class:`ImportError`.

Everything a template author can get wrong raises :class:`TemplateError`, whose
``code`` is one of ``"unknown_tag"``, ``"undefined"``, ``"syntax"``,
``"security"``, ``"limit"`` or ``"runtime"`` (an error such as a division by
zero), with the 1-based ``line`` of the user's text.

Public API::

    Tag(name, description="", *, key=None, compute=None, html_safe=False)
    TagRegistry(tags=())  .register(tag, *, replace=False)  .get(name)
                          .describe()  .merge(*others)  .version
    Limits(max_loop_iterations=10_000, max_length=1_000_000,
           max_output_length=1_000_000, max_int_bits=10_000,
           max_recursion_depth=50, max_render_seconds=1.0,
           max_source_length=1_000_000)
    Renderer(registry=None, limits=None)
        .render(source, context, *, mode="text", limits=None, scope=None) -> str | Markup
        .check(source, *, mode="text") -> None
        .tags_used(source) -> list[str]
    render(source, context, *, mode="text", registry=None, limits=None, scope=None)
    freeze_context(mapping) -> FrozenMapping
    has_code(source) -> bool
    cache_info() -> CacheInfo;  clear_cache() -> None
"""

from __future__ import annotations

from .compiler import CacheInfo, _TemplateCache, cache_info, clear_cache
from .context import FrozenMapping, freeze_context, has_code
from .errors import Limits, TemplateError
from ._base import MAX_JINJA2_VERSION, MIN_JINJA2_VERSION, Mode, _check_jinja2_version
from .render import Renderer, render
from .tags import Tag, TagRegistry

__all__ = [
    "CacheInfo",
    "FrozenMapping",
    "Limits",
    "Mode",
    "Renderer",
    "Tag",
    "TagRegistry",
    "TemplateError",
    "cache_info",
    "clear_cache",
    "freeze_context",
    "has_code",
    "render",
]
