"""Choose a gateway by the destination's country prefix.

A :class:`Route` names a gateway (``key``: an Odoo record id, a name...) and the
prefixes it serves (``"+33"``, ``"+1 415"``); :func:`choose_route` picks:

1. among the routes with a prefix the number starts with, the one with the
   **longest** such prefix; equal lengths go to the lowest ``sequence``, then to the
   route given first;
2. otherwise the **fallback** routes, those without prefixes: lowest ``sequence``
   first, then the one given first;
3. otherwise ``None``.

Spaces in prefixes and numbers are ignored. A prefix is ``+`` and digits; anything
else is a :class:`~messaging_core.errors.MessagingError` (code ``invalid_prefix``).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from ..errors import MessagingError

__all__ = ["Route", "choose_route", "normalize_prefix"]

_PREFIX = re.compile(r"^\+\d+$")


def _compact(text: str) -> str:
    return "".join(text.split())


def normalize_prefix(prefix: str) -> str:
    """``prefix`` without whitespace; raises :class:`MessagingError` unless it is
    ``+`` followed by digits."""
    compact = _compact(prefix) if isinstance(prefix, str) else ""
    if not _PREFIX.match(compact):
        raise MessagingError(
            f"Invalid routing prefix {prefix!r}: expected '+' followed by digits, e.g. '+33'",
            code="invalid_prefix",
            prefix=prefix,
        )
    return compact


@dataclass(frozen=True)
class Route:
    """A gateway (``key``) and the number prefixes it serves; no prefixes = fallback.

    ``prefixes`` may also be given as one string separated by commas or semicolons
    (``"+33, +32"``); they are stored normalised (``"+1 415"`` → ``"+1415"``).
    """

    key: Hashable
    prefixes: tuple[str, ...] = ()
    sequence: int = 10

    def __post_init__(self) -> None:
        raw: Iterable[str]
        if isinstance(self.prefixes, str):
            raw = [part for part in re.split(r"[,;]", self.prefixes) if part.strip()]
        else:
            raw = self.prefixes
        object.__setattr__(self, "prefixes", tuple(normalize_prefix(p) for p in raw))

    @property
    def is_fallback(self) -> bool:
        return not self.prefixes

    def match_length(self, e164: str) -> int:
        """Length of the longest prefix of this route that ``e164`` (normalised)
        starts with; 0 when none does."""
        return max((len(p) for p in self.prefixes if e164.startswith(p)), default=0)


def choose_route(e164: str, routes: Iterable[Route]) -> Route | None:
    """The route for the number ``e164`` (see the module's rules), or ``None``."""
    number = _compact(e164) if isinstance(e164, str) else ""
    if not _PREFIX.match(number):
        raise MessagingError(
            f"Cannot route {e164!r}: not an E.164 number ('+' followed by digits)",
            code="invalid_number",
            number=e164,
        )
    best: Route | None = None
    best_rank: tuple[int, int] | None = None
    fallback: Route | None = None
    for route in routes:
        if route.is_fallback:
            if fallback is None or route.sequence < fallback.sequence:
                fallback = route
            continue
        length = route.match_length(number)
        if not length:
            continue
        rank = (-length, route.sequence)
        if best_rank is None or rank < best_rank:
            best, best_rank = route, rank
    return best if best is not None else fallback
