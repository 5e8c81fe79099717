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
        .render(source, context, *, mode="text", limits=None) -> str | Markup
        .check(source, *, mode="text") -> None
        .tags_used(source) -> list[str]
    render(source, context, *, mode="text", registry=None, limits=None)
    freeze_context(mapping) -> FrozenMapping
    has_code(source) -> bool
    cache_info() -> CacheInfo;  clear_cache() -> None
"""

from __future__ import annotations

import itertools
import math
import re
import threading
import time
import types
import warnings
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import KW_ONLY, dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dt_time
from decimal import Decimal
from functools import cached_property, partial
from typing import Any, Literal, NamedTuple, NoReturn, cast

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError, TemplateRuntimeError, UndefinedError
from jinja2.exceptions import TemplateError as JinjaTemplateError
from jinja2.exceptions import TemplateSyntaxError as JinjaSyntaxError
from jinja2.filters import FILTERS as JINJA_FILTERS
from jinja2.lexer import (
    TOKEN_BLOCK_BEGIN,
    TOKEN_DATA,
    TOKEN_NAME,
    TOKEN_RAW_BEGIN,
    TOKEN_RAW_END,
    TOKEN_VARIABLE_BEGIN,
    TOKEN_VARIABLE_END,
    Lexer,
    _Rule,
)
from jinja2.runtime import Context, LoopContext, StrictUndefined, TemplateReference, Undefined, markup_join
from jinja2.runtime import new_context as jinja_new_context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import (
    Namespace,
    _PassArg,
    generate_lorem_ipsum,
    missing,
    pass_context,
)
from jinja2.visitor import NodeTransformer
from markupsafe import Markup, escape

from .errors import MessagingError

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

#: Minimum jinja2 version: 3.1.6 fixes the sandbox escape CVE-2024-56326.
MIN_JINJA2_VERSION = (3, 1, 6)
#: First jinja2 version not tested: the sandbox and the tag lexer use private parts of
#: jinja2 (``Lexer`` rules, ``_Rule``, ``_PassArg``) that a release may change. A new
#: series is admitted here once the sandbox suite (tests/test_templating.py) passes on it.
MAX_JINJA2_VERSION = (3, 2)


def _check_jinja2_version(version: str) -> None:
    """Raise :class:`ImportError` unless *version* is in the tested range:
    3.1.6 or later in the 3.1 series.

    Pre-releases of 3.1.6 itself (``3.1.6rc1``, ``3.1.6.dev0``) are refused, and so
    is 3.2 and later (pre-releases included), until tested; post-releases of 3.1.x
    are accepted.
    """
    match = re.fullmatch(r"\s*(\d+)\.(\d+)(?:\.(\d+))?(.*)", version or "")
    if match is None:
        raise ImportError(
            f"messaging_core.templating: cannot read the jinja2 version {version!r}; "
            "jinja2 >= 3.1.6 is required (CVE-2024-56326)."
        )
    major, minor, patch, rest = match.groups()
    prerelease = re.match(r"[.\-_]?(a|b|c|rc|alpha|beta|pre|preview|dev)\d*", rest or "")
    key = (int(major), int(minor), int(patch or 0), 0 if prerelease else 1)
    if key < (*MIN_JINJA2_VERSION, 1):
        raise ImportError(
            f"messaging_core.templating requires jinja2 >= 3.1.6, found {version}: "
            "older versions have a sandbox escape (CVE-2024-56326). "
            "Upgrade jinja2 (pip install 'jinja2>=3.1.6,<3.2')."
        )
    if (key[0], key[1]) >= MAX_JINJA2_VERSION:
        raise ImportError(
            f"messaging_core.templating was tested with jinja2 3.1.6 to 3.1.x, found {version}: "
            "its sandbox uses parts of jinja2 a new series may change. "
            "Install jinja2 3.1 (pip install 'jinja2>=3.1.6,<3.2')."
        )


def _installed_jinja2_version() -> str:
    with warnings.catch_warnings():  # some versions deprecate __version__
        warnings.simplefilter("ignore", DeprecationWarning)
        return str(getattr(jinja2, "__version__", ""))


_check_jinja2_version(_installed_jinja2_version())

Mode = Literal["text", "html"]
_MODES: tuple[str, ...] = ("text", "html")
_FILENAME = "<message template>"
_TAG_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_TAG_RE = re.compile(r"@([A-Za-z][A-Za-z0-9_]*)@")
#: Lexer names of translated tags; user code cannot write names with this prefix.
_TAG_PREFIX = "__tag__"
_LEXER_TAG = "messaging_tag"
_monotonic = time.monotonic


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
        "tags",
    )

    def __init__(
        self, limits: Limits, context: FrozenMapping | None = None, tags: Mapping[str, Tag] | None = None
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


_BUDGET: ContextVar[_Budget | None] = ContextVar("messaging_template_budget", default=None)


def _budget() -> _Budget:
    budget = _BUDGET.get()
    if budget is None:  # a hook called outside render(): apply the default limits
        budget = _Budget(_DEFAULT_LIMITS)
    return budget


def _tick(budget: _Budget) -> None:
    if _monotonic() > budget.deadline:
        raise _limit("render_seconds", budget.limits.max_render_seconds)


# --------------------------------------------------------------------------- context


class FrozenMapping(Mapping[str, Any]):
    """Read-only mapping of plain values, as produced by :func:`freeze_context`.

    ``FrozenMapping(mapping)`` freezes *mapping* like :func:`freeze_context`.
    In templates both ``m.key`` and ``m['key']`` read a key (keys win over the
    ``keys``/``values``/``items``/``get`` methods).
    """

    __slots__ = ("_data",)
    _data: dict[str, Any]

    def __init__(self, mapping: Mapping[str, Any] | None = None) -> None:
        data = freeze_context(mapping)._data if mapping is not None else {}
        object.__setattr__(self, "_data", data)

    @classmethod
    def _wrap(cls, data: dict[str, Any]) -> FrozenMapping:
        self = object.__new__(cls)
        object.__setattr__(self, "_data", data)
        return self

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        raise AttributeError("FrozenMapping is read-only")

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def get(self, key: str, default: Any = None) -> Any:
        return self._data.get(key, default)

    def keys(self) -> Any:
        return self._data.keys()

    def values(self) -> Any:
        return self._data.values()

    def items(self) -> Any:
        return self._data.items()

    def __repr__(self) -> str:
        return repr(self._data)

    def __reduce__(self) -> Any:
        return (freeze_context, (dict(self._data),))


_EMPTY_MAPPING = FrozenMapping._wrap({})

#: Types allowed as values (exact types: subclasses could override methods).
_SCALAR_TYPES: frozenset[type] = frozenset(
    {str, Markup, int, float, Decimal, bool, type(None), date, datetime, dt_time, timedelta}
)
_CONTAINER_TYPES: frozenset[type] = frozenset({list, tuple, dict, FrozenMapping})
_MAX_FREEZE_DEPTH = 64


class _FreezeError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path: list[str] = []


_CODE_MARKERS = ("{{", "{%", "{#")


def has_code(source: str | None) -> bool:
    """Whether ``source`` holds Jinja2 syntax, not only text and tags.

    Users who are not template designers may write tags only (ARCHITECTURE §4);
    the addon refuses their text when this is true.
    """
    if not source:
        return False
    return any(marker in source for marker in _CODE_MARKERS)


def freeze_context(mapping: Mapping[str, Any]) -> FrozenMapping:
    """Return a read-only copy of a render context made of plain values only.

    Accepted values: ``str``, ``int``, ``float``, ``Decimal``, ``bool``, ``None``,
    ``date``, ``datetime``, ``time``, ``timedelta``, ``markupsafe.Markup``, and
    ``list``/``tuple``/``dict``/:class:`types.MappingProxyType`/
    :class:`FrozenMapping` of those (exact types).  Dicts and mapping proxies
    become :class:`FrozenMapping`, lists become tuples; a :class:`FrozenMapping`
    is returned as is.  Anything else (a recordset, a function, a module, an
    arbitrary object, a set, a subclass of ``str``...) raises :class:`TypeError`
    naming where it was found.  Top-level keys must be ``str``.
    """
    if type(mapping) is FrozenMapping:
        return mapping
    if type(mapping) not in (dict, types.MappingProxyType):
        raise TypeError(f"freeze_context() needs a dict or a mapping proxy, not {type(mapping).__name__!r}")
    for key in mapping:
        if type(key) is not str:
            raise TypeError(f"freeze_context(): context keys must be str, not {key!r}")
    try:
        frozen: FrozenMapping = _freeze(mapping, 0)
    except _FreezeError as exc:
        where = "context" + "".join(reversed(exc.path))
        raise TypeError(f"freeze_context(): {where}: {exc.reason}") from None
    except RecursionError:
        raise TypeError("freeze_context(): the context is nested too deeply") from None
    return frozen


def _freeze(value: Any, depth: int) -> Any:
    vtype = type(value)
    if vtype in _SCALAR_TYPES or vtype is FrozenMapping:
        return value
    if depth > _MAX_FREEZE_DEPTH:
        raise _FreezeError("nested too deeply (or contains itself)")
    if vtype is dict or vtype is types.MappingProxyType:
        out: dict[Any, Any] = {}
        for key, item in value.items():
            if type(key) not in _SCALAR_TYPES:
                error = _FreezeError(f"mapping keys must be plain values, not {type(key).__name__!r}")
                error.path.append(f"[{key!r}]")
                raise error
            itype = type(item)
            if itype in _SCALAR_TYPES:
                out[key] = item
                continue
            try:
                out[key] = _freeze(item, depth + 1)
            except _FreezeError as exc:
                exc.path.append(f"[{key!r}]")
                raise
        return FrozenMapping._wrap(out)
    if vtype is list or vtype is tuple:
        items = []
        for index, item in enumerate(value):
            if type(item) in _SCALAR_TYPES:
                items.append(item)
                continue
            try:
                items.append(_freeze(item, depth + 1))
            except _FreezeError as exc:
                exc.path.append(f"[{index}]")
                raise
        return tuple(items)
    raise _FreezeError(
        f"values of type {vtype.__module__}.{vtype.__qualname__} are not allowed "
        "(only str, numbers, bool, None, dates, Markup and lists/dicts of those)"
    )


# --------------------------------------------------------------------------- tags


@dataclass(frozen=True)
class Tag:
    """A ``@NAME@`` placeholder offered by a document type.

    Exactly one of ``key`` (a context key, or a dotted path into nested
    mappings, e.g. ``"partner.name"``) or ``compute`` (a callable receiving the
    frozen render context, called lazily, only when the tag is evaluated; its
    result must be a plain value and its exceptions propagate unchanged) must
    be given.  ``html_safe`` marks values that are already-safe HTML (e.g. a
    rendered widget): they are inserted unescaped in HTML bodies (in text mode
    they are inserted as is anyway).  ``name`` is stored upper-case.
    """

    name: str
    description: str = ""
    _: KW_ONLY
    key: str | None = None
    compute: Callable[[Mapping[str, Any]], Any] | None = None
    html_safe: bool = False
    _path: tuple[str, ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not _TAG_NAME_RE.fullmatch(self.name):
            raise ValueError(f"invalid tag name {self.name!r}: must match [A-Za-z][A-Za-z0-9_]*")
        object.__setattr__(self, "name", self.name.upper())
        if (self.key is None) == (self.compute is None):
            raise ValueError(f"tag {self.name}: give exactly one of key= or compute=")
        if self.key is not None:
            parts = tuple(self.key.split(".")) if isinstance(self.key, str) else ()
            if not parts or not all(parts):
                raise ValueError(f"tag {self.name}: invalid key {self.key!r}")
            object.__setattr__(self, "_path", parts)
        elif not callable(self.compute):
            raise ValueError(f"tag {self.name}: compute must be callable")

    @property
    def placeholder(self) -> str:
        """The text to insert in a template, ``@NAME@``."""
        return f"@{self.name}@"


_REGISTRY_TOKENS = itertools.count(1)


class TagRegistry:
    """The tags a document type offers, by upper-case name (lookups ignore case).

    Registries are built once and then read; every change gets a new
    ``version`` (and a new cache identity), so templates compiled against the
    old contents are not reused.
    """

    def __init__(self, tags: Iterable[Tag] = ()) -> None:
        self._tags: dict[str, Tag] = {}
        self._version = 0
        self._token = next(_REGISTRY_TOKENS)
        for tag in tags:
            self.register(tag)

    def register(self, tag: Tag, *, replace: bool = False) -> Tag:
        """Add *tag*; a tag of the same name raises :class:`ValueError` unless *replace*."""
        if not isinstance(tag, Tag):
            raise TypeError(f"expected a Tag, got {type(tag).__name__}")
        if tag.name in self._tags and not replace:
            raise ValueError(f"tag @{tag.name}@ is already registered")
        self._tags[tag.name] = tag
        self._version += 1
        self._token = next(_REGISTRY_TOKENS)
        return tag

    def get(self, name: str) -> Tag | None:
        """The tag called *name* (any case, with or without the ``@``), or ``None``."""
        return self._tags.get(name.strip("@").upper())

    def __getitem__(self, name: str) -> Tag:
        tag = self.get(name)
        if tag is None:
            raise KeyError(name)
        return tag

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._tags)

    def __len__(self) -> int:
        return len(self._tags)

    @property
    def version(self) -> int:
        """Number of changes made to this registry."""
        return self._version

    def describe(self) -> list[dict[str, Any]]:
        """Tags for the template editor, in registration order: dicts with
        ``name``, ``placeholder`` (``@NAME@``), ``description`` and ``html_safe``."""
        return [
            {
                "name": tag.name,
                "placeholder": tag.placeholder,
                "description": tag.description,
                "html_safe": tag.html_safe,
            }
            for tag in self._tags.values()
        ]

    def merge(self, *others: TagRegistry) -> TagRegistry:
        """A new registry with the tags of this one then of *others*; on a name
        clash the later registry wins (e.g. common tags, then document tags)."""
        merged = TagRegistry(self._tags.values())
        for other in others:
            for tag in other._tags.values():
                merged.register(tag, replace=True)
        return merged

    def __repr__(self) -> str:
        return f"TagRegistry({sorted(self._tags)!r})"


_EMPTY_REGISTRY = TagRegistry()


# --------------------------------------------------------------------------- sizes and text


def _int_size(value: int) -> int:
    return value.bit_length() // 3 + 1  # about its number of decimal digits


def _deep_size(value: Any, limit: int) -> int:
    """Characters/items of *value*, counting shared sub-lists each time they
    appear (what printing or joining would produce); raises a limit error as
    soon as the count exceeds *limit*, so the walk is bounded."""
    vtype = type(value)
    if vtype is str or vtype is Markup:
        size = len(value)
    elif vtype not in _CONTAINER_TYPES:
        size = _int_size(value) if vtype is int else 1
    else:
        size = 0
        stack = [value]
        while stack:
            current = stack.pop()
            size += 1 + len(current)
            if size > limit:
                break
            items: Iterable[Any]
            if type(current) in (dict, FrozenMapping):
                items = itertools.chain.from_iterable(current.items())
            else:
                items = current
            for item in items:
                itype = type(item)
                if itype is str or itype is Markup:
                    size += len(item)
                elif itype in _CONTAINER_TYPES:
                    stack.append(item)
                elif itype is int:
                    size += _int_size(item)
            if size > limit:
                break
    if size > limit:
        raise _limit("length", limit)
    return size


def _check_size(value: Any, budget: _Budget) -> Any:
    vtype = type(value)
    if vtype is str or vtype is Markup:
        if len(value) > budget.max_length:
            raise _limit("length", budget.max_length)
    elif vtype in _CONTAINER_TYPES:
        _deep_size(value, budget.max_length)
    return value


def _type_name(value: Any) -> str:
    if isinstance(value, type):
        return "type"
    if isinstance(
        value, (types.FunctionType, types.BuiltinFunctionType, types.MethodType, types.BuiltinMethodType, partial)
    ):
        return "function"
    return type(value).__name__


def _not_text(value: Any, what: str = "used as text") -> NoReturn:
    """Refuse to turn *value* into text: objects (functions, macros, ``self``,
    namespaces...) are a security error, other values (ranges, generators,
    dict views...) a runtime error."""
    if isinstance(value, Undefined):
        value._fail_with_undefined_error()
    if callable(value) or isinstance(value, (TemplateReference, Namespace)):
        raise _security(f"a {_type_name(value)} value cannot be {what}")
    hint = " (convert it with |list)" if isinstance(value, Iterable) else ""
    raise TemplateError(f"error: a {_type_name(value)} value cannot be {what}{hint}", code="runtime")


def _check_plain(value: Any, budget: _Budget) -> None:
    """Refuse values that are not plain (recursively), e.g. before str()."""
    vtype = type(value)
    if vtype in _SCALAR_TYPES:
        return
    if vtype not in _CONTAINER_TYPES:
        _not_text(value)
    _deep_size(value, budget.max_length)
    stack = [value]
    while stack:
        current = stack.pop()
        items: Iterable[Any]
        if type(current) in (dict, FrozenMapping):
            items = itertools.chain.from_iterable(current.items())
        else:
            items = current
        for item in items:
            itype = type(item)
            if itype in _SCALAR_TYPES:
                continue
            if itype in _CONTAINER_TYPES:
                stack.append(item)
            else:
                _not_text(item)


_STR_CONVERTIBLE: frozenset[type] = frozenset({int, float, Decimal, bool, date, datetime, dt_time, timedelta})


def _to_text(value: Any, budget: _Budget | None = None) -> str:
    """Text of a plain value: ``None`` is ``""``, ``Markup`` stays ``Markup``,
    lists and mappings of plain values print like Python; anything else is refused."""
    vtype = type(value)
    if vtype is str or vtype is Markup:
        return value
    if value is None:
        return ""
    if vtype in _STR_CONVERTIBLE:
        return str(value)
    if vtype in _CONTAINER_TYPES:
        _check_plain(value, budget or _budget())
        return str(value)
    _not_text(value, "printed")


@pass_context
def _finalize(context: Context, value: Any) -> Any:
    """Environment ``finalize``: text of every ``{{ }}`` output; None → "".

    Takes the context so that Jinja never evaluates outputs at compile time."""
    vtype = type(value)
    if vtype is str or vtype is Markup:
        text = value
    elif value is None:
        return ""
    else:
        text = _to_text(value)
    budget = _BUDGET.get()
    if budget is not None:
        budget.produced_left -= len(text)
        if budget.produced_left < 0:
            raise _limit("output_length", budget.limits.max_output_length)
    return text


def _bounded_concat(parts: Iterable[str]) -> str:
    """Environment ``concat``, used for macro, block and ``{% set %}`` bodies."""
    if type(parts) is not list:
        parts = list(parts)
    budget = _BUDGET.get()
    if budget is not None and sum(map(len, parts)) > budget.max_length:
        raise _limit("length", budget.max_length)
    return "".join(parts)


# --------------------------------------------------------------------------- operators


def _check_int_bits(bits: float, budget: _Budget) -> None:
    if bits > budget.max_int_bits:
        raise _limit("int_bits", budget.max_int_bits)


def _is_int(value: Any) -> bool:
    return type(value) is int or type(value) is bool


def _check_mul(left: Any, right: Any, budget: _Budget) -> None:
    if _is_int(left) and _is_int(right):
        _check_int_bits(abs(left).bit_length() + abs(right).bit_length(), budget)
        return
    if _is_int(left):
        left, right = right, left
    if not _is_int(right) or right <= 0:
        return
    ltype = type(left)
    if ltype is str or ltype is Markup:
        if len(left) * right > budget.max_length:
            raise _limit("length", budget.max_length)
    elif ltype is list or ltype is tuple:
        if len(left) * right > budget.max_length:
            raise _limit("length", budget.max_length)
        if _deep_size(left, budget.max_length) * right > budget.max_length:
            raise _limit("length", budget.max_length)


def _check_pow(left: Any, right: Any, budget: _Budget) -> None:
    if _is_int(left) and _is_int(right) and right > 0 and abs(left) > 1:
        _check_int_bits(right * math.log2(abs(left)), budget)


def _check_add(left: Any, right: Any, budget: _Budget) -> None:
    ltype = type(left)
    if ltype in (str, Markup, list, tuple) and type(right) in (str, Markup, list, tuple):
        if len(left) + len(right) > budget.max_length:
            raise _limit("length", budget.max_length)
        if ltype is list or ltype is tuple:
            limit = budget.max_length
            if _deep_size(left, limit) + _deep_size(right, limit) > limit:
                raise _limit("length", limit)


_PRINTF_RE = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d*))?[hlL]?(.)", re.DOTALL)


def _check_printf(fmt: str, args: Any, budget: _Budget) -> None:
    """Bound ``fmt % args`` before running it (printf widths and repeated args)."""
    limit = budget.max_length
    if isinstance(args, (dict, FrozenMapping)):
        values: Iterable[Any] = args.values()
    elif type(args) is tuple:
        values = args
    else:
        values = (args,)
    largest = 0
    for value in values:
        _check_plain(value, budget)
        largest = max(largest, 6 * _deep_size(value, limit))
    total = len(fmt)
    for width, precision, _conv in _PRINTF_RE.findall(fmt):
        if width == "*" or precision == "*":
            raise _security("'*' widths in % formatting")
        for number in (width, precision):
            if len(number) > 9 or (number and int(number) > limit):
                raise _limit("length", limit)
        total += int(width or 0) + int(precision or 0) + largest
        if total > limit:
            raise _limit("length", limit)


_BINOP_CHECKS: dict[str, Callable[[Any, Any, _Budget], None]] = {
    "*": _check_mul,
    "**": _check_pow,
    "+": _check_add,
}


# --------------------------------------------------------------------------- str methods


def _arg(args: tuple[Any, ...], kwargs: Mapping[str, Any], index: int, name: str, default: Any) -> Any:
    if len(args) > index:
        return args[index]
    return kwargs.get(name, default)


def _check_width(width: Any, budget: _Budget) -> None:
    if _is_int(width) and width > budget.max_length:
        raise _limit("length", budget.max_length)


def _check_str_width(owner: str, args: tuple[Any, ...], kwargs: Mapping[str, Any], budget: _Budget) -> None:
    _check_width(_arg(args, kwargs, 0, "width", 0), budget)


def _check_str_expandtabs(owner: str, args: tuple[Any, ...], kwargs: Mapping[str, Any], budget: _Budget) -> None:
    tabsize = _arg(args, kwargs, 0, "tabsize", 8)
    if _is_int(tabsize) and len(owner) + owner.count("\t") * max(tabsize, 0) > budget.max_length:
        raise _limit("length", budget.max_length)


def _check_str_join(owner: str, args: tuple[Any, ...], kwargs: Mapping[str, Any], budget: _Budget) -> tuple[Any, ...]:
    items = list(_arg(args, kwargs, 0, "iterable", ()))
    total = len(owner) * max(len(items) - 1, 0)
    for item in items:
        if type(item) is not str and type(item) is not Markup:
            _check_plain(item, budget)
        total += len(_to_text(item, budget))
        if total > budget.max_length:
            raise _limit("length", budget.max_length)
    return (items,)


def _replace_size(text: str, old: str, new: str, count: Any) -> int:
    occurrences = text.count(old) if old else len(text) + 1
    if _is_int(count) and count >= 0:
        occurrences = min(occurrences, count)
    return len(text) + occurrences * max(len(new) - len(old), 0)


def _check_str_replace(owner: str, args: tuple[Any, ...], kwargs: Mapping[str, Any], budget: _Budget) -> None:
    old = _arg(args, kwargs, 0, "old", "")
    new = _arg(args, kwargs, 1, "new", "")
    count = _arg(args, kwargs, 2, "count", -1)
    if isinstance(old, str) and isinstance(new, str):
        if isinstance(owner, Markup):
            new = escape(new)
        if _replace_size(owner, old, new, count) > budget.max_length:
            raise _limit("length", budget.max_length)


_STR_METHOD_CHECKS: dict[str, Callable[..., Any]] = {
    "center": _check_str_width,
    "ljust": _check_str_width,
    "rjust": _check_str_width,
    "zfill": _check_str_width,
    "expandtabs": _check_str_expandtabs,
    "join": _check_str_join,
    "replace": _check_str_replace,
}


# --------------------------------------------------------------------------- attributes

_STR_ATTRIBUTES = frozenset(
    {
        "capitalize",
        "casefold",
        "center",
        "count",
        "endswith",
        "expandtabs",
        "find",
        "index",
        "isalnum",
        "isalpha",
        "isascii",
        "isdecimal",
        "isdigit",
        "isidentifier",
        "islower",
        "isnumeric",
        "isprintable",
        "isspace",
        "istitle",
        "isupper",
        "join",
        "ljust",
        "lower",
        "lstrip",
        "partition",
        "removeprefix",
        "removesuffix",
        "replace",
        "rfind",
        "rindex",
        "rjust",
        "rpartition",
        "rsplit",
        "rstrip",
        "split",
        "splitlines",
        "startswith",
        "strip",
        "swapcase",
        "title",
        "upper",
        "zfill",
    }
)
_NUMBER_ATTRIBUTES = frozenset({"real", "imag", "conjugate", "is_integer"})
_INT_ATTRIBUTES = _NUMBER_ATTRIBUTES | {"numerator", "denominator", "bit_length"}
_DATE_ATTRIBUTES = frozenset(
    {
        "year",
        "month",
        "day",
        "weekday",
        "isoweekday",
        "isoformat",
        "isocalendar",
        "strftime",
        "toordinal",
        "ctime",
        "replace",
    }
)
_TIME_ATTRIBUTES = frozenset(
    {
        "hour",
        "minute",
        "second",
        "microsecond",
        "isoformat",
        "strftime",
        "replace",
        "tzname",
        "utcoffset",
        "fold",
    }
)
_MAPPING_ATTRIBUTES = frozenset({"keys", "values", "items", "get"})
_SEQUENCE_ATTRIBUTES = frozenset({"index", "count"})

#: Attributes readable from templates, by exact type; everything else is refused.
_ALLOWED_ATTRIBUTES: dict[type, frozenset[str]] = {
    str: _STR_ATTRIBUTES,
    Markup: _STR_ATTRIBUTES | {"striptags", "unescape"},
    int: _INT_ATTRIBUTES,
    bool: _INT_ATTRIBUTES,
    float: _NUMBER_ATTRIBUTES,
    Decimal: frozenset(
        {
            "adjusted",
            "copy_abs",
            "copy_negate",
            "is_finite",
            "is_infinite",
            "is_nan",
            "is_signed",
            "is_zero",
            "normalize",
            "quantize",
            "to_eng_string",
            "real",
            "imag",
        }
    ),
    date: _DATE_ATTRIBUTES,
    datetime: _DATE_ATTRIBUTES | _TIME_ATTRIBUTES | {"date", "time", "timestamp"},
    dt_time: _TIME_ATTRIBUTES,
    timedelta: frozenset({"days", "seconds", "microseconds", "total_seconds"}),
    list: _SEQUENCE_ATTRIBUTES,
    tuple: _SEQUENCE_ATTRIBUTES,
    range: _SEQUENCE_ATTRIBUTES | {"start", "stop", "step"},
    dict: _MAPPING_ATTRIBUTES,
    FrozenMapping: _MAPPING_ATTRIBUTES,
    LoopContext: frozenset(
        {
            "index",
            "index0",
            "revindex",
            "revindex0",
            "first",
            "last",
            "length",
            "depth",
            "depth0",
            "previtem",
            "nextitem",
            "cycle",
            "changed",
        }
    ),
}

#: Refused on any object, whatever its type (defence in depth).
_DENIED_ATTRIBUTES = frozenset(
    {
        "format",
        "format_map",
        "mro",
        "translate",
        "maketrans",
        "encode",
        "decode",
        "func_globals",
        "func_code",
        "func_closure",
        "im_func",
        "im_self",
        "im_class",
        "gi_frame",
        "gi_code",
        "gi_yieldfrom",
        "gi_running",
        "cr_frame",
        "cr_code",
        "cr_await",
        "ag_frame",
        "ag_code",
        "ag_await",
        "tb_frame",
        "tb_next",
        "tb_lasti",
        "f_globals",
        "f_locals",
        "f_builtins",
        "f_back",
        "f_code",
        "co_code",
        "to_bytes",
        "from_bytes",
        "as_integer_ratio",
        "mapping",
        "tzinfo",
        "fromisoformat",
        "strptime",
        "now",
        "today",
        "utcnow",
        "fromtimestamp",
        "utcfromtimestamp",
        "astimezone",
        "clear",
        "copy",
        "pop",
        "popitem",
        "setdefault",
        "update",
        "append",
        "extend",
        "insert",
        "remove",
        "sort",
        "reverse",
    }
)


def _attribute_allowed(obj: Any, attr: str) -> bool:
    if attr.startswith("_") or attr in _DENIED_ATTRIBUTES:
        return False
    otype = type(obj)
    allowed = _ALLOWED_ATTRIBUTES.get(otype)
    if allowed is not None:
        return attr in allowed
    if otype is Namespace:
        return True
    if isinstance(obj, tuple):  # named tuples such as groupby() groups
        return attr in getattr(otype, "_fields", ())
    return False


# --------------------------------------------------------------------------- filters and globals


def _call_filter_function(
    func: Callable[..., Any], pass_arg: Any, context: Context, value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> Any:
    if pass_arg is None:
        return func(value, *args, **kwargs)
    if pass_arg is _PassArg.context:
        return func(context, value, *args, **kwargs)
    if pass_arg is _PassArg.eval_context:
        return func(context.eval_ctx, value, *args, **kwargs)
    return func(context.environment, value, *args, **kwargs)


def _check_plain_args(args: tuple[Any, ...], kwargs: Mapping[str, Any], budget: _Budget) -> None:
    for arg in args:
        if type(arg) not in _SCALAR_TYPES:
            _check_plain(arg, budget)
    for arg in kwargs.values():
        if type(arg) not in _SCALAR_TYPES:
            _check_plain(arg, budget)


def _text_filter(func: Callable[..., Any], precheck: Callable[..., None] | None = None) -> Callable[..., Any]:
    """Wrap a filter working on the text of its value: the value is converted
    with :func:`_to_text` (refusing non-plain values), arguments must be plain
    values, *precheck* bounds the result, and the result size is checked."""
    pass_arg = _PassArg.from_obj(func)

    @pass_context
    def text_filter(context: Context, value: Any, *args: Any, **kwargs: Any) -> Any:
        budget = _budget()
        _tick(budget)
        text = _to_text(value, budget)
        _check_plain_args(args, kwargs, budget)
        if precheck is not None:
            precheck(budget, context, text, args, kwargs)
        return _check_size(_call_filter_function(func, pass_arg, context, text, args, kwargs), budget)

    text_filter.__name__ = getattr(func, "__name__", "filter")
    return text_filter


def _value_filter(func: Callable[..., Any], precheck: Callable[..., None] | None = None) -> Callable[..., Any]:
    """Wrap any other filter: time check, optional *precheck*, result size check."""
    pass_arg = _PassArg.from_obj(func)

    @pass_context
    def value_filter(context: Context, value: Any, *args: Any, **kwargs: Any) -> Any:
        budget = _budget()
        _tick(budget)
        if precheck is not None:
            precheck(budget, context, value, args, kwargs)
        return _check_size(_call_filter_function(func, pass_arg, context, value, args, kwargs), budget)

    value_filter.__name__ = getattr(func, "__name__", "filter")
    return value_filter


def _pre_center(budget: _Budget, context: Context, text: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    _check_width(_arg(args, kwargs, 0, "width", 80), budget)


def _pre_indent(budget: _Budget, context: Context, text: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    width = _arg(args, kwargs, 0, "width", 4)
    size = width if _is_int(width) else len(width) if isinstance(width, str) else 0
    if size > budget.max_length:
        raise _limit("length", budget.max_length)
    lines = len(text.splitlines()) + 1
    if len(text) + lines * (max(size, 0) + 1) > budget.max_length:
        raise _limit("length", budget.max_length)


def _pre_wordwrap(
    budget: _Budget, context: Context, text: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]
) -> None:
    width = _arg(args, kwargs, 0, "width", 79)
    _check_width(width, budget)
    wrapstring = _arg(args, kwargs, 2, "wrapstring", None)
    if wrapstring is None:
        wrapstring = context.environment.newline_sequence
    if isinstance(wrapstring, str):
        # each word ends at most len(word) // width + 1 lines
        lines = len(text.split()) + len(text) // max(width if _is_int(width) else 1, 1) + 1
        if len(text) + lines * len(wrapstring) > budget.max_length:
            raise _limit("length", budget.max_length)


def _pre_replace(
    budget: _Budget, context: Context, text: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]
) -> None:
    old = _to_text(_arg(args, kwargs, 0, "old", ""), budget)
    new = _to_text(_arg(args, kwargs, 1, "new", ""), budget)
    if context.eval_ctx.autoescape:
        old, new = escape(old), escape(new)
    if _replace_size(text, old, new, _arg(args, kwargs, 2, "count", None)) > budget.max_length:
        raise _limit("length", budget.max_length)


def _pre_format(budget: _Budget, context: Context, text: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    _check_printf(text, dict(kwargs) if kwargs else args, budget)


def _pre_batch(budget: _Budget, context: Context, value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    _check_width(_arg(args, kwargs, 0, "linecount", 0), budget)


def _pre_slice(budget: _Budget, context: Context, value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    slices = _arg(args, kwargs, 0, "slices", 0)
    if _is_int(slices) and slices > budget.limits.max_loop_iterations:
        raise _limit("loop_iterations", budget.limits.max_loop_iterations)


def _pre_urlencode(
    budget: _Budget, context: Context, value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]
) -> None:
    _check_plain(value, budget)


@pass_context
def _join_filter(context: Context, value: Any, d: Any = "", attribute: Any = None) -> str:
    """``join`` that converts items with :func:`_to_text` and stops as soon as
    the result would be too large."""
    budget = _budget()
    _tick(budget)
    separator = _to_text(d, budget)
    if attribute is not None:
        value = JINJA_FILTERS["map"](context, value, attribute=attribute)
    items = []
    total = 0
    for item in value:
        text = _to_text(item, budget)
        total += len(text) + len(separator)
        if total > budget.max_length:
            raise _limit("length", budget.max_length)
        items.append(text)
    return _check_size(JINJA_FILTERS["join"](context.eval_ctx, items, separator), budget)


@pass_context
def _sum_filter(context: Context, iterable: Any, attribute: Any = None, start: Any = 0) -> Any:
    """``sum`` whose additions are bounded like the ``+`` operator."""
    budget = _budget()
    if attribute is not None:
        iterable = JINJA_FILTERS["map"](context, iterable, attribute=attribute)
    total = start
    for item in iterable:
        _tick(budget)
        _check_add(total, item, budget)
        total = total + item
    return _check_size(total, budget)


_XML_ATTRIBUTE_NAME_RE = re.compile(r"[A-Za-z_:][A-Za-z0-9_.:\-]*")


@pass_context
def _xmlattr_filter(context: Context, d: Any, autospace: bool = True) -> str:
    """``xmlattr`` that only accepts well-formed attribute names (no key injection)."""
    budget = _budget()
    if not isinstance(d, (dict, FrozenMapping)):
        raise TypeError("xmlattr needs a mapping")
    items = []
    for key, value in d.items():
        if value is None or isinstance(value, Undefined):
            continue
        if type(key) is not str or not _XML_ATTRIBUTE_NAME_RE.fullmatch(key):
            raise _security(f"invalid HTML attribute name {key!r}")
        items.append(f'{escape(key)}="{escape(_to_text(value, budget))}"')
    text = " ".join(items)
    if autospace and text:
        text = " " + text
    _check_size(text, budget)
    return Markup(text) if context.eval_ctx.autoescape else text  # noqa: S704 - keys checked, values escaped


@pass_context
def _concat_filter(context: Context, parts: tuple[Any, ...]) -> str:
    """The ``~`` operator: strict text conversion and a size bound."""
    budget = _budget()
    texts = [_to_text(part, budget) for part in parts]
    if sum(map(len, texts)) > budget.max_length:
        raise _limit("length", budget.max_length)
    if context.eval_ctx.autoescape:
        return _check_size(markup_join(texts), budget)
    return "".join(texts)


def _counting(budget: _Budget, iterable: Iterable[Any]) -> Iterator[Any]:
    for item in iterable:
        budget.loops_left -= 1
        if budget.loops_left < 0:
            raise _limit("loop_iterations", budget.limits.max_loop_iterations)
        if _monotonic() > budget.deadline:
            raise _limit("render_seconds", budget.limits.max_render_seconds)
        yield item


@pass_context
def _loop_filter(context: Context, iterable: Any) -> Iterator[Any]:
    """Wraps the iterable of every ``{% for %}`` to count iterations."""
    return _counting(_budget(), iterable)


@pass_context
def _container_filter(context: Context, value: Any) -> Any:
    """Wraps list, tuple and dict literals: bounds their (nested) size."""
    return _check_size(value, _budget())


@pass_context
def _tag_filter(context: Context, name: str) -> Any:
    """Value of the tag *name* (upper case) for the current render."""
    budget = _budget()
    tag = budget.tags[name]
    value: Any
    if tag.compute is not None:
        try:
            value = _freeze(tag.compute(budget.context), 0)
        except _FreezeError as exc:
            raise _TagComputeError(
                TypeError(f"tag @{name}@ computed a value that is not plain: {exc.reason}")
            ) from None
        except Exception as exc:
            raise _TagComputeError(exc) from exc
    else:
        value = budget.data
        for part in tag._path:
            vtype = type(value)
            if vtype is FrozenMapping:
                value = value._data.get(part, missing)
            elif vtype is dict:
                value = value.get(part, missing)
            else:
                value = missing
            if value is missing:
                return _StrictUndefined(
                    hint=f"tag @{name}@ has no value (no {tag.key!r} in the context)",
                    name=f"@{name}@",
                )
    if tag.html_safe and type(value) is str:
        return Markup(value)  # noqa: S704 - the addon declares this value safe HTML
    return value


@pass_context
def _range_global(context: Context, *args: Any) -> range:
    """``range`` limited to ``max_loop_iterations`` items."""
    budget = _budget()
    maximum = budget.limits.max_loop_iterations
    result = range(*args)
    try:
        size = len(result)
    except OverflowError:
        size = maximum + 1
    if size > maximum:
        raise _limit("loop_iterations", maximum)
    return result


def _lipsum_global(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    """``lipsum`` limited to 100 paragraphs of 1,000 words."""
    for value, maximum in ((n, 100), (min, 1000), (max, 1000)):
        if not _is_int(value) or value > maximum:
            raise _limit("argument", maximum)
    return generate_lorem_ipsum(n, html, min, max)


_TEXT_FILTERS: dict[str, Callable[..., None] | None] = {
    "capitalize": None,
    "center": _pre_center,
    "e": None,
    "escape": None,
    "forceescape": None,
    "format": _pre_format,
    "indent": _pre_indent,
    "lower": None,
    "replace": _pre_replace,
    "safe": None,
    "string": None,
    "striptags": None,
    "title": None,
    "trim": None,
    "truncate": None,
    "upper": None,
    "wordcount": None,
    "wordwrap": _pre_wordwrap,
}
_VALUE_FILTERS: dict[str, Callable[..., None] | None] = {
    "abs": None,
    "batch": _pre_batch,
    "count": None,
    "d": None,
    "default": None,
    "dictsort": None,
    "filesizeformat": None,
    "first": None,
    "float": None,
    "groupby": None,
    "int": None,
    "items": None,
    "last": None,
    "length": None,
    "list": None,
    "map": None,
    "max": None,
    "min": None,
    "random": None,
    "reject": None,
    "rejectattr": None,
    "reverse": None,
    "round": None,
    "select": None,
    "selectattr": None,
    "slice": _pre_slice,
    "sort": None,
    "unique": None,
    "urlencode": _pre_urlencode,
}
#: Left out: attr (attribute access by string), pprint and tojson (reprs and
#: unbounded indentation), urlize (unbounded target/rel arguments).


def _make_filters() -> dict[str, Callable[..., Any]]:
    filters: dict[str, Callable[..., Any]] = {}
    for name, precheck in _TEXT_FILTERS.items():
        filters[name] = _text_filter(JINJA_FILTERS[name], precheck)
    for name, precheck in _VALUE_FILTERS.items():
        filters[name] = _value_filter(JINJA_FILTERS[name], precheck)
    filters["join"] = _join_filter
    filters["sum"] = _sum_filter
    filters["xmlattr"] = _xmlattr_filter
    filters["_concat"] = _concat_filter
    filters["_loop"] = _loop_filter
    filters["_container"] = _container_filter
    filters["_tag"] = _tag_filter
    return filters


def _number_test(test: Callable[..., bool]) -> Callable[..., bool]:
    def number_test(value: Any, *args: Any) -> bool:
        for arg in (value, *args):
            if type(arg) not in (int, bool, float, Decimal):
                raise TypeError(f"{test.__name__} needs numbers")
        return test(value, *args)

    number_test.__name__ = test.__name__
    return number_test


# --------------------------------------------------------------------------- lexer and compiler


class _TagLexer(Lexer):
    """Jinja lexer that turns ``@NAME@`` into a reserved name token, in text
    (wrapped in ``{{ }}``) and in code, keeping each token on its own line."""

    def __init__(self, environment: jinja2.Environment) -> None:
        super().__init__(environment)
        rule = _Rule(_TAG_RE, _LEXER_TAG, None)
        self.rules[TOKEN_BLOCK_BEGIN].insert(1, rule)
        self.rules[TOKEN_VARIABLE_BEGIN].insert(1, rule)

    def tokeniter(
        self, source: str, name: str | None, filename: str | None = None, state: str | None = None
    ) -> Iterator[tuple[int, str, str]]:
        in_raw = False
        for lineno, token, value in super().tokeniter(source, name, filename, state):
            if token == TOKEN_DATA:
                if in_raw or "@" not in value:
                    yield lineno, token, value
                    continue
                position = 0
                for match in _TAG_RE.finditer(value):
                    before = value[position : match.start()]
                    if before:
                        yield lineno, TOKEN_DATA, before
                        lineno += before.count("\n")
                    yield lineno, TOKEN_VARIABLE_BEGIN, "{{"
                    yield lineno, TOKEN_NAME, _TAG_PREFIX + match.group(1)
                    yield lineno, TOKEN_VARIABLE_END, "}}"
                    position = match.end()
                if position < len(value):
                    yield lineno, TOKEN_DATA, value[position:]
            elif token == _LEXER_TAG:
                yield lineno, TOKEN_NAME, _TAG_PREFIX + value[1:-1]
            elif token == TOKEN_NAME and value.startswith(_TAG_PREFIX):
                raise JinjaSyntaxError(f"names starting with {_TAG_PREFIX!r} are reserved", lineno, name, filename)
            else:
                if token == TOKEN_RAW_BEGIN:
                    in_raw = True
                elif token == TOKEN_RAW_END:
                    in_raw = False
                yield lineno, token, value


def _internal_filter(node: nodes.Expr, name: str, lineno: int) -> nodes.Filter:
    return nodes.Filter(node, name, [], [], None, None, lineno=lineno)


class _Rewriter(NodeTransformer):
    """Checks a parsed template and rewrites it for the sandbox: tags become
    tag lookups, loops are counted, ``~`` and literals are size-checked."""

    def __init__(self, registry: TagRegistry) -> None:
        self.registry = registry
        self.tags: dict[str, Tag] = {}

    def _refuse(self, node: nodes.Node, what: str) -> NoReturn:
        raise TemplateError(f"not allowed: {what}", code="security", line=node.lineno)

    def _check_tag_position(self, node: nodes.Node, name: str) -> None:
        if name.startswith(_TAG_PREFIX):
            tag = "@" + name[len(_TAG_PREFIX) :] + "@"
            raise TemplateError(f"a tag cannot be used here: {tag}", code="syntax", line=node.lineno, name=tag)

    def visit_Extends(self, node: nodes.Extends) -> NoReturn:  # noqa: N802
        self._refuse(node, "{% extends %}")

    def visit_Include(self, node: nodes.Include) -> NoReturn:  # noqa: N802
        self._refuse(node, "{% include %}")

    def visit_Import(self, node: nodes.Import) -> NoReturn:  # noqa: N802
        self._refuse(node, "{% import %}")

    def visit_FromImport(self, node: nodes.FromImport) -> NoReturn:  # noqa: N802
        self._refuse(node, "{% from ... import %}")

    def visit_Name(self, node: nodes.Name) -> nodes.Node:  # noqa: N802
        if not node.name.startswith(_TAG_PREFIX):
            return node
        written = node.name[len(_TAG_PREFIX) :]
        tag = self.registry.get(written)
        if tag is None:
            raise TemplateError(
                f"unknown tag @{written}@", code="unknown_tag", line=node.lineno, name=f"@{written}@", tag=written
            )
        if node.ctx != "load":
            raise TemplateError(
                f"a tag cannot be assigned: @{written}@", code="syntax", line=node.lineno, name=f"@{written}@"
            )
        self.tags[tag.name] = tag
        return _internal_filter(nodes.Const(tag.name, lineno=node.lineno), "_tag", node.lineno)

    def _visit_filter_or_test(self, node: nodes.Filter | nodes.Test, kind: str) -> nodes.Node:
        if node.name.startswith("_"):
            raise TemplateError(f"no {kind} named {node.name!r}", code="syntax", line=node.lineno, name=node.name)
        self.generic_visit(node)
        return node

    def visit_Filter(self, node: nodes.Filter) -> nodes.Node:  # noqa: N802
        return self._visit_filter_or_test(node, "filter")

    def visit_Test(self, node: nodes.Test) -> nodes.Node:  # noqa: N802
        return self._visit_filter_or_test(node, "test")

    def visit_Getattr(self, node: nodes.Getattr) -> nodes.Node:  # noqa: N802
        self._check_tag_position(node, node.attr)
        if node.attr.startswith("_"):
            raise TemplateError(
                f"not allowed: access to attribute {node.attr!r}", code="security", line=node.lineno, name=node.attr
            )
        self.generic_visit(node)
        return node

    def visit_NSRef(self, node: nodes.NSRef) -> nodes.Node:  # noqa: N802
        self._check_tag_position(node, node.attr)
        if node.attr.startswith("_"):
            raise TemplateError(
                f"not allowed: setting attribute {node.attr!r}", code="security", line=node.lineno, name=node.attr
            )
        return node

    def visit_Keyword(self, node: nodes.Keyword) -> nodes.Node:  # noqa: N802
        self._check_tag_position(node, node.key)
        self.generic_visit(node)
        return node

    def visit_Macro(self, node: nodes.Macro) -> nodes.Node:  # noqa: N802
        self._check_tag_position(node, node.name)
        self.generic_visit(node)
        return node

    def visit_Block(self, node: nodes.Block) -> nodes.Node:  # noqa: N802
        self._check_tag_position(node, node.name)
        self.generic_visit(node)
        return node

    def visit_For(self, node: nodes.For) -> nodes.Node:  # noqa: N802
        self.generic_visit(node)
        # jinja2 annotates For.iter as Node; its parser always stores an Expr there
        node.iter = _internal_filter(cast(nodes.Expr, node.iter), "_loop", node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:  # noqa: N802
        self.generic_visit(node)
        parts = nodes.Tuple(node.nodes, "load", lineno=node.lineno)
        return _internal_filter(parts, "_concat", node.lineno)

    def _visit_container(self, node: nodes.Expr) -> nodes.Node:
        self.generic_visit(node)
        return _internal_filter(node, "_container", node.lineno)

    def visit_List(self, node: nodes.List) -> nodes.Node:  # noqa: N802
        return self._visit_container(node)

    def visit_Dict(self, node: nodes.Dict) -> nodes.Node:  # noqa: N802
        return self._visit_container(node)

    def visit_Tuple(self, node: nodes.Tuple) -> nodes.Node:  # noqa: N802
        if node.ctx != "load":
            self.generic_visit(node)
            return node
        return self._visit_container(node)


class _Environment(ImmutableSandboxedEnvironment):
    """The hardened sandbox (one per mode, shared by all renderers)."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    concat = staticmethod(_bounded_concat)

    def __init__(self, *, autoescape: bool) -> None:
        super().__init__(
            autoescape=autoescape,
            undefined=_StrictUndefined,
            finalize=_finalize,
            optimized=False,
            keep_trailing_newline=True,
            auto_reload=False,
            cache_size=0,
        )
        self.filters = _make_filters()
        for name in ("odd", "even", "divisibleby"):
            # jinja2 infers Environment.tests as dict[str, builtins.function], not Callable
            self.tests[name] = _number_test(self.tests[name])  # type: ignore[arg-type]
        self.globals = {"range": _range_global, "lipsum": _lipsum_global, "namespace": Namespace}

    @cached_property
    def lexer(self) -> Lexer:
        return _TagLexer(self)

    # -- attributes

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return _attribute_allowed(obj, attr)

    def is_safe_callable(self, obj: Any) -> bool:
        if isinstance(obj, type):
            return obj is Namespace
        if getattr(obj, "__name__", None) in _DENIED_ATTRIBUTES:
            return False
        return super().is_safe_callable(obj)

    def unsafe_undefined(self, obj: Any, attribute: str) -> NoReturn:
        raise SecurityError(f"access to attribute {attribute!r} of a {_type_name(obj)} value")

    def wrap_str_format(self, value: Any) -> None:
        return None  # str.format and format_map are refused outright

    def _attribute(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, Undefined):
            obj._fail_with_undefined_error()
        allowed = _attribute_allowed(obj, attribute)
        if not allowed and (attribute.startswith("_") or attribute in _DENIED_ATTRIBUTES):
            self.unsafe_undefined(obj, attribute)
        try:
            value = getattr(obj, attribute)
        except AttributeError:
            return missing  # reported as undefined
        if not allowed:
            self.unsafe_undefined(obj, attribute)
        return value

    def getattr(self, obj: Any, attribute: str) -> Any:
        otype = type(obj)
        if otype is FrozenMapping:
            value = obj._data.get(attribute, missing)
            if value is missing:
                value = self._attribute(obj, attribute)
        elif otype is dict:
            value = obj.get(attribute, missing)
            if value is missing:
                value = self._attribute(obj, attribute)
        else:
            value = self._attribute(obj, attribute)
            if value is missing:
                try:
                    return obj[attribute]
                except (TypeError, LookupError):
                    pass
        if value is missing:
            return self.undefined(obj=obj, name=attribute)
        return value

    def getitem(self, obj: Any, argument: Any) -> Any:
        try:
            return obj[argument]
        except (TypeError, LookupError):
            pass
        if isinstance(argument, str):
            value = self._attribute(obj, argument)
            if value is not missing:
                return value
        return self.undefined(obj=obj, name=argument)

    # -- filters called by name (map, select...)

    def call_filter(
        self,
        name: str,
        value: Any,
        args: Any = None,
        kwargs: Any = None,
        context: Context | None = None,
        eval_ctx: Any = None,
    ) -> Any:
        if not isinstance(name, str) or name.startswith("_"):
            raise SecurityError(f"no filter named {name!r}")
        return super().call_filter(name, value, args, kwargs, context, eval_ctx)

    def call_test(
        self,
        name: str,
        value: Any,
        args: Any = None,
        kwargs: Any = None,
        context: Context | None = None,
        eval_ctx: Any = None,
    ) -> Any:
        if not isinstance(name, str) or name.startswith("_"):
            raise SecurityError(f"no test named {name!r}")
        return super().call_test(name, value, args, kwargs, context, eval_ctx)

    # -- operators and calls

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        budget = _budget()
        _tick(budget)
        if operator == "%":
            if isinstance(left, str):
                _check_printf(left, right, budget)
        else:
            _BINOP_CHECKS[operator](left, right, budget)
        return self.binop_table[operator](left, right)

    def call(
        self,
        context: Context,
        obj: Any,
        /,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        budget = _budget()
        _tick(budget)
        if not self.is_safe_callable(obj):
            raise SecurityError(f"a {_type_name(obj)} value is not callable")
        owner = getattr(obj, "__self__", None)
        if isinstance(owner, str):
            method = getattr(obj, "__name__", "")
            if method != "join":  # join converts its items itself
                _check_plain_args(args, kwargs, budget)
            check = _STR_METHOD_CHECKS.get(method)
            if check is not None:
                replaced = check(owner, args, kwargs, budget)
                if replaced is not None:
                    args, kwargs = replaced, {}
        elif type(obj) is LoopContext and args:  # recursive loop: loop(children)
            args = (_counting(budget, args[0]), *args[1:])
        budget.depth += 1
        try:
            if budget.depth > budget.limits.max_recursion_depth:
                raise _limit("recursion_depth", budget.limits.max_recursion_depth)
            result = context.call(obj, *args, **kwargs)
        finally:
            budget.depth -= 1
        return _check_size(result, budget)


_ENVIRONMENTS: dict[str, _Environment] = {
    "text": _Environment(autoescape=False),
    "html": _Environment(autoescape=True),
}
_GLOBALS: dict[str, Any] = dict(_ENVIRONMENTS["text"].globals)


class _Compiled:
    __slots__ = ("blocks", "mode", "root", "tags", "template")

    def __init__(self, template: jinja2.Template, tags: dict[str, Tag], mode: str) -> None:
        self.template = template
        self.root = template.root_render_func
        self.blocks = template.blocks
        self.tags = tags
        self.mode = mode


def _syntax_error(exc: JinjaSyntaxError) -> TemplateError:
    detail = f"syntax error: {exc.message}" if exc.message else "syntax error"
    return TemplateError(detail, code="syntax", line=exc.lineno or None)


def _compile(source: str, mode: str, registry: TagRegistry) -> _Compiled:
    env = _ENVIRONMENTS[mode]
    try:
        ast = env.parse(source)
        rewriter = _Rewriter(registry)
        ast = rewriter.visit(ast)
        ast.set_environment(env)
        code = env.compile(ast, filename=_FILENAME)
        template = env.template_class.from_code(env, code, env.make_globals(None))
    except TemplateError:
        raise
    except JinjaSyntaxError as exc:
        raise _syntax_error(exc) from None
    except (RecursionError, MemoryError):
        raise _limit("complexity") from None
    except (SyntaxError, ValueError, OverflowError) as exc:  # e.g. a 5,000-digit literal
        raise TemplateError(f"syntax error: {exc}", code="syntax") from None
    return _Compiled(template, rewriter.tags, mode)


# --------------------------------------------------------------------------- cache


class CacheInfo(NamedTuple):
    """Statistics of the compiled-template cache; ``misses`` counts compilations."""

    hits: int
    misses: int
    size: int
    maxsize: int


class _TemplateCache:
    """Thread-safe LRU of compiled templates by (source, mode, registry identity)."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._data: OrderedDict[tuple[str, str, int], _Compiled] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, source: str, mode: str, registry: TagRegistry) -> _Compiled:
        key = (source, mode, registry._token)
        with self._lock:
            compiled = self._data.get(key)
            if compiled is not None:
                self._data.move_to_end(key)
                self.hits += 1
                return compiled
        compiled = _compile(source, mode, registry)
        with self._lock:
            self.misses += 1
            self._data[key] = compiled
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)
        return compiled

    def info(self) -> CacheInfo:
        with self._lock:
            return CacheInfo(self.hits, self.misses, len(self._data), self.maxsize)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self.hits = self.misses = 0


_CACHE = _TemplateCache(maxsize=512)


def cache_info() -> CacheInfo:
    """Hits, misses (compilations), size and maximum size of the template cache."""
    return _CACHE.info()


def clear_cache() -> None:
    """Empty the compiled-template cache and reset its statistics."""
    _CACHE.clear()


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
        self, source: str, context: Mapping[str, Any], *, mode: Mode = "text", limits: Limits | None = None
    ) -> str:
        """Render *source* with *context* (a :class:`FrozenMapping`, or a dict
        that :func:`freeze_context` accepts, frozen on each call).

        Returns ``str`` in ``"text"`` mode (subjects, SMS: nothing is escaped) and
        :class:`markupsafe.Markup` in ``"html"`` mode (context strings are
        escaped; ``Markup`` values and ``html_safe`` tags are not).  Raises
        :class:`TemplateError`; exceptions of tag ``compute`` callables propagate
        unchanged; a non-plain context raises :class:`TypeError`.
        """
        limits = limits if limits is not None else self.limits
        compiled = self._compiled(source, mode, limits)
        frozen = context if type(context) is FrozenMapping else freeze_context(context)
        budget = _Budget(limits, frozen, compiled.tags)
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
) -> str:
    """Render *source* once: ``Renderer(registry).render(source, context, mode=mode, limits=limits)``."""
    renderer = _DEFAULT_RENDERER if registry is None else Renderer(registry)
    return renderer.render(source, context, mode=mode, limits=limits)
