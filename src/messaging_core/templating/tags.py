"""Tags (``@NAME@``): :class:`Tag` and the :class:`TagRegistry` a document type publishes."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import KW_ONLY, dataclass, field
from typing import Any

from ._base import _TAG_NAME_RE

# --------------------------------------------------------------------------- tags


@dataclass(frozen=True)
class Tag:
    """A ``@NAME@`` placeholder offered by a document type.

    Exactly one of ``key`` (a context key, or a dotted path into nested
    mappings, e.g. ``"partner.name"``) or ``compute`` (a callable receiving the
    frozen render context and the ``scope`` the caller gave :meth:`Renderer.render`,
    called lazily, only when the tag is evaluated; its result must be a plain
    value and its exceptions propagate unchanged) must be given.  ``html_safe``
    marks values that are already-safe HTML (e.g. a rendered widget): they are
    inserted unescaped in HTML bodies (in text mode they are inserted as is
    anyway).  ``name`` is stored upper-case.
    """

    name: str
    description: str = ""
    _: KW_ONLY
    key: str | None = None
    compute: Callable[[Mapping[str, Any], Any], Any] | None = None
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
