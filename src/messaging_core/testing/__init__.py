"""Loopback stand-ins for the outside world, for the engine's and the addons' tests.

``twilio_server``  a Twilio-compatible Messages API on 127.0.0.1, scriptable per
                   destination number, plus helpers to send signed webhooks
                   (``python -m messaging_core.testing.twilio_server`` runs it alone)

The names below are imported on first use, so that ``python -m`` runs the module
cleanly and importing this package costs nothing.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .twilio_server import (
        BEHAVIOURS,
        MAGIC_NUMBERS,
        ErrorReply,
        RecordedRequest,
        TwilioTestServer,
        inbound_params,
        post_callback,
        sign,
    )

__all__ = [
    "BEHAVIOURS",
    "MAGIC_NUMBERS",
    "ErrorReply",
    "RecordedRequest",
    "TwilioTestServer",
    "inbound_params",
    "post_callback",
    "sign",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module(".twilio_server", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
