"""Rendering: :class:`Renderer` and :func:`render`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.exceptions import TemplateError as JinjaTemplateError
from jinja2.exceptions import TemplateSyntaxError as JinjaSyntaxError
from jinja2.lexer import (
    TOKEN_NAME,
)
from jinja2.runtime import new_context as jinja_new_context
from markupsafe import Markup

from ._base import _FILENAME, _MODES, _TAG_PREFIX, Mode
from .compiler import _CACHE, _ENVIRONMENTS, _GLOBALS, _Compiled, _syntax_error
from .context import FrozenMapping, freeze_context
from .errors import _BUDGET, _DEFAULT_LIMITS, Limits, TemplateError, _Budget, _limit, _TagComputeError
from .tags import _EMPTY_REGISTRY, TagRegistry

# --------------------------------------------------------------------------- rendering


def _template_line(exc: BaseException, compiled: _Compiled) -> int | None:
    """Line of the user's text where *exc* happened (innermost template frame)."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == _FILENAME:
            line = compiled.template.get_corresponding_lineno(tb.tb_lineno)
        tb = tb.tb_next
    return line


def _translate(exc: Exception, compiled: _Compiled, limits: Limits) -> BaseException:
    """The :class:`TemplateError` reporting a render-time exception."""
    if isinstance(exc, _TagComputeError):
        return exc.original
    line = _template_line(exc, compiled)
    if isinstance(exc, TemplateError):
        return exc if exc.line is not None else exc._at_line(line)
    if isinstance(exc, UndefinedError):
        name = getattr(exc, "undefined_name", None)
        hint = getattr(exc, "undefined_hint", None)
        if hint:
            detail = hint
        elif name is None:
            detail = exc.message or "undefined value"
        elif getattr(exc, "has_obj", False):
            detail = f"{name!r} is undefined (no such attribute or key)"
        else:
            detail = f"{name!r} is undefined"
        return TemplateError(detail, code="undefined", line=line, name=None if name is None else str(name))
    if isinstance(exc, SecurityError):
        return TemplateError(f"not allowed: {exc.message}", code="security", line=line)
    if isinstance(exc, RecursionError):
        return _limit("recursion_depth", limits.max_recursion_depth)._at_line(line)
    if isinstance(exc, MemoryError):
        return _limit("length", limits.max_length)._at_line(line)
    if isinstance(exc, JinjaTemplateError):
        return TemplateError(f"error: {exc.message}", code="runtime", line=line)
    return TemplateError(f"error: {type(exc).__name__}: {exc}", code="runtime", line=line)


class Renderer:
    """Renders templates with one tag registry and default limits.

    Cheap to create; compiled templates are shared by all renderers through a
    module-level LRU cache keyed by source, mode and registry identity/version.
    Thread-safe.
    """

    __slots__ = ("limits", "registry")

    def __init__(self, registry: TagRegistry | None = None, limits: Limits | None = None) -> None:
        self.registry = registry if registry is not None else _EMPTY_REGISTRY
        self.limits = limits if limits is not None else _DEFAULT_LIMITS

    def _compiled(self, source: str, mode: str, limits: Limits) -> _Compiled:
        if mode not in _MODES:
            raise ValueError(f"mode must be 'text' or 'html', not {mode!r}")
        if not isinstance(source, str):
            raise TypeError(f"template source must be str, not {type(source).__name__}")
        if len(source) > limits.max_source_length:
            raise _limit("source_length", limits.max_source_length)
        return _CACHE.get(source, mode, self.registry)

    def render(
        self,
        source: str,
        context: Mapping[str, Any],
        *,
        mode: Mode = "text",
        limits: Limits | None = None,
        scope: Any = None,
    ) -> str:
        """Render *source* with *context* (a :class:`FrozenMapping`, or a dict
        that :func:`freeze_context` accepts, frozen on each call).

        Returns ``str`` in ``"text"`` mode (subjects, SMS: nothing is escaped) and
        :class:`markupsafe.Markup` in ``"html"`` mode (context strings are
        escaped; ``Markup`` values and ``html_safe`` tags are not).  Raises
        :class:`TemplateError`; exceptions of tag ``compute`` callables propagate
        unchanged; a non-plain context raises :class:`TypeError`.

        ``scope`` is handed, as is, to the ``compute`` callables of the tags the
        template shows (``compute(context, scope)``): what the caller lets them use
        while this text is rendered (an environment, a cache shared by a batch...).
        The engine never reads it.
        """
        limits = limits if limits is not None else self.limits
        compiled = self._compiled(source, mode, limits)
        frozen = context if type(context) is FrozenMapping else freeze_context(context)
        budget = _Budget(limits, frozen, compiled.tags, scope)
        token = _BUDGET.set(budget)
        try:
            ctx = jinja_new_context(
                compiled.template.environment,
                None,
                compiled.blocks,
                {**_GLOBALS, **frozen._data},
                True,
            )
            parts = list(compiled.root(ctx))
            if sum(map(len, parts)) > limits.max_output_length:
                raise _limit("output_length", limits.max_output_length)
        except Exception as exc:
            raise _translate(exc, compiled, limits) from exc
        finally:
            _BUDGET.reset(token)
        text = "".join(parts)
        return Markup(text) if mode == "html" else text  # noqa: S704 - autoescaped output

    def check(self, source: str, *, mode: Mode = "text") -> None:
        """Compile *source* (and cache it) without rendering: raises
        :class:`TemplateError` for unknown tags, syntax errors and refused
        constructs (include, import, private attributes...), with their line."""
        self._compiled(source, mode, self.limits)

    def tags_used(self, source: str) -> list[str]:
        """Upper-case names of the tags in *source*, in order of first
        appearance, including tags this registry does not know (``check()``
        reports those).  Raises :class:`TemplateError` on a lexing error."""
        seen: dict[str, None] = {}
        lexer = _ENVIRONMENTS["text"].lexer
        try:
            for _lineno, token, value in lexer.tokeniter(source, None):
                if token == TOKEN_NAME and value.startswith(_TAG_PREFIX):
                    seen.setdefault(value[len(_TAG_PREFIX) :].upper(), None)
        except JinjaSyntaxError as exc:
            raise _syntax_error(exc) from None
        return list(seen)

    def __repr__(self) -> str:
        return f"Renderer({self.registry!r}, {self.limits!r})"


_DEFAULT_RENDERER = Renderer()


def render(
    source: str,
    context: Mapping[str, Any],
    *,
    mode: Mode = "text",
    registry: TagRegistry | None = None,
    limits: Limits | None = None,
    scope: Any = None,
) -> str:
    """Render *source* once: ``Renderer(registry).render(source, context, mode=mode, limits=limits, scope=scope)``."""
    renderer = _DEFAULT_RENDERER if registry is None else Renderer(registry)
    return renderer.render(source, context, mode=mode, limits=limits, scope=scope)
