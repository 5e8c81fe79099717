"""The render context: plain, frozen values only (:func:`freeze_context`); :func:`has_code`."""

from __future__ import annotations

import types
from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta
from datetime import time as dt_time
from decimal import Decimal
from typing import Any, NoReturn

from markupsafe import Markup

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
