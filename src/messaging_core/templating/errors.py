"""What a template author can get wrong (:class:`TemplateError`), the limits of a render and its budget."""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial
from typing import Any

from jinja2.exceptions import TemplateRuntimeError, UndefinedError
from jinja2.runtime import StrictUndefined
from jinja2.utils import (
    missing,
)

from ..errors import MessagingError
from ._base import _monotonic
from .context import _EMPTY_MAPPING, FrozenMapping
from .tags import Tag

# --------------------------------------------------------------------------- errors


class TemplateError(MessagingError):
    """Anything a template author can get wrong.

    ``code`` is ``"unknown_tag"``, ``"undefined"``, ``"syntax"``, ``"security"``,
    ``"limit"`` or ``"runtime"``; ``line`` is the 1-based line of the user's
    text (``None`` when unknown); ``name`` is the tag (``"@FOO@"``) or variable
    name concerned, if any; ``detail`` is the message without the line prefix.
    ``params`` holds all of these (plus e.g. ``limit``/``maximum`` for limits)
    to build a translated message.
    """

    code = "template_error"

    def __init__(
        self,
        detail: str,
        *,
        code: str,
        line: int | None = None,
        name: str | None = None,
        **params: Any,
    ) -> None:
        message = f"Line {line}: {detail}" if line is not None else detail
        super().__init__(message, code=code, detail=detail, line=line, name=name, **params)
        self.detail = detail
        self.line = line
        self.name = name

    def _at_line(self, line: int | None) -> TemplateError:
        extra = {k: v for k, v in self.params.items() if k not in ("detail", "line", "name")}
        return TemplateError(self.detail, code=self.code, line=line, name=self.name, **extra)


class _TagComputeError(Exception):
    """Carries an exception raised by a tag's ``compute`` callable (addon code)
    through the template machinery, so that it reaches the caller unchanged."""

    def __init__(self, original: BaseException) -> None:
        super().__init__(str(original))
        self.original = original


class _NamedUndefinedError(UndefinedError):
    def __init__(
        self, message: str | None = None, *, name: Any = None, hint: Any = None, has_obj: bool = False
    ) -> None:
        super().__init__(message)
        self.undefined_name = name
        self.undefined_hint = hint
        self.has_obj = has_obj


class _StrictUndefined(StrictUndefined):
    """StrictUndefined whose error remembers the undefined name."""

    __slots__ = ()

    def __init__(
        self,
        hint: str | None = None,
        obj: Any = missing,
        name: str | None = None,
        exc: type[TemplateRuntimeError] = UndefinedError,
    ) -> None:
        if exc is UndefinedError:
            exc = partial(  # type: ignore[assignment]
                _NamedUndefinedError, name=name, hint=hint, has_obj=obj is not missing
            )
        super().__init__(hint, obj, name, exc)


# --------------------------------------------------------------------------- limits


@dataclass(frozen=True)
class Limits:
    """Resource limits of one render (all per render, checked cooperatively).

    ``max_length`` bounds every string or list the template builds (characters,
    or items counted through nested lists); ``max_output_length`` bounds the
    result (and, at twice that, the sum of everything printed by expressions,
    including inside macros); ``max_int_bits`` bounds integers built with ``*``
    and ``**`` (10,000 bits is about 3,000 digits); ``max_recursion_depth``
    bounds nested macro calls; ``max_render_seconds`` is checked in loops,
    operators, calls and filters, so one long C-level operation is bounded by
    the size limits rather than by the clock.
    """

    max_loop_iterations: int = 10_000
    max_length: int = 1_000_000
    max_output_length: int = 1_000_000
    max_int_bits: int = 10_000
    max_recursion_depth: int = 50
    max_render_seconds: float = 1.0
    max_source_length: int = 1_000_000

    def __post_init__(self) -> None:
        for name in (
            "max_loop_iterations",
            "max_length",
            "max_output_length",
            "max_int_bits",
            "max_recursion_depth",
            "max_source_length",
        ):
            value = getattr(self, name)
            if type(value) is not int or value < 1:
                raise ValueError(f"Limits.{name} must be a positive int, got {value!r}")
        if not isinstance(self.max_render_seconds, (int, float)) or self.max_render_seconds <= 0:
            raise ValueError(f"Limits.max_render_seconds must be > 0, got {self.max_render_seconds!r}")


_DEFAULT_LIMITS = Limits()

_LIMIT_TEXT = {
    "loop_iterations": "too many loop iterations (more than {maximum})",
    "length": "value too large (more than {maximum} characters or items)",
    "output_length": "output too large (more than {maximum} characters)",
    "int_bits": "number too large (more than {maximum} bits)",
    "recursion_depth": "calls nested too deeply (more than {maximum} levels)",
    "render_seconds": "rendering took too long (more than {maximum} seconds)",
    "source_length": "template too large (more than {maximum} characters)",
    "complexity": "template too complex",
    "argument": "argument too large ({maximum} at most)",
}


def _limit(limit: str, maximum: Any = None) -> TemplateError:
    detail = "limit exceeded: " + _LIMIT_TEXT[limit].format(maximum=maximum)
    return TemplateError(detail, code="limit", limit=limit, maximum=maximum)


def _security(detail: str, name: str | None = None) -> TemplateError:
    return TemplateError(f"not allowed: {detail}", code="security", name=name)


class _Budget:
    """Per-render state, reached through the ``_BUDGET`` context variable."""

    __slots__ = (
        "context",
        "data",
        "deadline",
        "depth",
        "limits",
        "loops_left",
        "max_int_bits",
        "max_length",
        "produced_left",
        "scope",
        "tags",
    )

    def __init__(
        self,
        limits: Limits,
        context: FrozenMapping | None = None,
        tags: Mapping[str, Tag] | None = None,
        scope: Any = None,
    ) -> None:
        self.limits = limits
        self.deadline = _monotonic() + limits.max_render_seconds
        self.loops_left = limits.max_loop_iterations
        self.depth = 0
        self.produced_left = 2 * limits.max_output_length
        self.max_length = limits.max_length
        self.max_int_bits = limits.max_int_bits
        self.context = context if context is not None else _EMPTY_MAPPING
        self.data: dict[str, Any] = self.context._data
        self.tags: Mapping[str, Tag] = tags or {}
        self.scope = scope


_BUDGET: ContextVar[_Budget | None] = ContextVar("messaging_template_budget", default=None)


def _budget() -> _Budget:
    budget = _BUDGET.get()
    if budget is None:  # a hook called outside render(): apply the default limits
        budget = _Budget(_DEFAULT_LIMITS)
    return budget


def _tick(budget: _Budget) -> None:
    if _monotonic() > budget.deadline:
        raise _limit("render_seconds", budget.limits.max_render_seconds)
