"""Exceptions raised by the engine.

Every error carries a machine-readable ``code`` and the values needed to build a
translated message (``params``), so the Odoo side can show it in the user's
language; ``str(error)`` is a plain English message for logs and plain Python use.
"""

from __future__ import annotations

from typing import Any


class MessagingError(Exception):
    """Base class of every error raised by :mod:`messaging_core`."""

    code: str = "messaging_error"

    def __init__(self, message: str, *, code: str | None = None, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.params: dict[str, Any] = params

    def __str__(self) -> str:
        return self.message
