"""SMS gateways: the protocol, Twilio (official SDK), a recording sandbox, routing.

:func:`build_gateway` makes a gateway from its kind and settings, as stored by the
Odoo configuration::

    gateway = build_gateway("twilio", account_sid=..., auth_token=..., from_number=...)
    gateway = build_gateway("sandbox", name=company.id)
"""

from __future__ import annotations

from typing import Any

from ..errors import MessagingError
from .base import (
    DeliveryReport,
    DeliveryState,
    FailureType,
    OutboundSms,
    SendResult,
    SendStatus,
    SmsGateway,
    advances,
)
from .routing import Route, choose_route, normalize_prefix
from .sandbox import SandboxGateway, SandboxOutbox, SandboxRecord
from .twilio import InboundSms, TwilioGateway, candidate_urls, check_signature

__all__ = [
    "GATEWAY_KINDS",
    "DeliveryReport",
    "DeliveryState",
    "FailureType",
    "InboundSms",
    "OutboundSms",
    "Route",
    "SandboxGateway",
    "SandboxOutbox",
    "SandboxRecord",
    "SendResult",
    "SendStatus",
    "SmsGateway",
    "TwilioGateway",
    "advances",
    "build_gateway",
    "candidate_urls",
    "check_signature",
    "choose_route",
    "normalize_prefix",
]

#: The gateway classes by kind (``SmsGateway.kind``).
GATEWAY_KINDS: dict[str, type[SmsGateway]] = {
    TwilioGateway.kind: TwilioGateway,
    SandboxGateway.kind: SandboxGateway,
}


def build_gateway(kind: str, **config: Any) -> SmsGateway:
    """A gateway of ``kind`` (``"twilio"``, ``"sandbox"``) built with ``config``, the
    keyword arguments of its class. An unknown kind or setting is a
    :class:`MessagingError` (code ``gateway_config``); so is a missing setting."""
    cls = GATEWAY_KINDS.get(kind)
    if cls is None:
        raise MessagingError(
            f"Unknown SMS gateway kind {kind!r} (known: {', '.join(sorted(GATEWAY_KINDS))})",
            code="gateway_config",
            kind=kind,
        )
    try:
        return cls(**config)
    except TypeError as exc:
        raise MessagingError(
            f"Invalid settings for the {kind} SMS gateway: {exc}",
            code="gateway_config",
            kind=kind,
        ) from exc
