"""What templates may do: checked sizes, operators, ``str`` methods, attributes, filters and globals."""

from __future__ import annotations

import itertools
import math
import re
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime, timedelta
from datetime import time as dt_time
from decimal import Decimal
from functools import partial
from typing import Any, NoReturn

from jinja2.filters import FILTERS as JINJA_FILTERS
from jinja2.runtime import Context, LoopContext, TemplateReference, Undefined, markup_join
from jinja2.utils import (
    Namespace,
    _PassArg,
    generate_lorem_ipsum,
    missing,
    pass_context,
)
from markupsafe import Markup, escape

from ._base import _monotonic
from .context import _CONTAINER_TYPES, _SCALAR_TYPES, FrozenMapping, _freeze, _FreezeError
from .errors import (
    _BUDGET,
    TemplateError,
    _Budget,
    _budget,
    _limit,
    _security,
    _StrictUndefined,
    _TagComputeError,
    _tick,
)

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
            value = _freeze(tag.compute(budget.context, budget.scope), 0)
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
