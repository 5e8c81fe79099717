"""The SMS gateway protocol: send one message, get the provider's answer.

A gateway never retries and never sleeps: it reports what happened, and the caller
(the ``sms.sms`` queue in Odoo) decides. The four outcomes are what makes "zero
duplicates, zero losses" possible:

``ACCEPTED``  the provider took the message; ``provider_id`` is its id.
``FAILED``    permanent refusal (invalid number, unsubscribed...): never retry.
``RETRY``     the provider certainly did not take it (connection refused, 429...):
              safe to send again later.
``UNKNOWN``   the request may have reached the provider (read timeout, connection
              dropped after sending, 5xx): look it up with :meth:`SmsGateway.find_sent`
              before sending again, never resend blindly.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable


class SendStatus(str, enum.Enum):
    ACCEPTED = "accepted"
    FAILED = "failed"
    RETRY = "retry"
    UNKNOWN = "unknown"


class FailureType(str, enum.Enum):
    """Why a message failed. The values are Odoo's ``sms.sms`` / ``mail.notification``
    failure types, so the addon stores them as they are."""

    NUMBER_MISSING = "sms_number_missing"
    NUMBER_FORMAT = "sms_number_format"
    COUNTRY_NOT_SUPPORTED = "sms_country_not_supported"
    REGISTRATION_NEEDED = "sms_registration_needed"
    CREDIT = "sms_credit"
    SERVER = "sms_server"
    ACCOUNT = "sms_acc"
    OPTOUT = "sms_optout"
    BLACKLIST = "sms_blacklist"
    # delivery errors, reported by status callbacks
    INVALID_DESTINATION = "sms_invalid_destination"
    NOT_ALLOWED = "sms_not_allowed"
    REJECTED = "sms_rejected"
    EXPIRED = "sms_expired"
    NOT_DELIVERED = "sms_not_delivered"
    UNKNOWN = "unknown"


class DeliveryState(str, enum.Enum):
    """Where a message is, as far as the provider tells. Ordered: see :func:`advances`."""

    QUEUED = "queued"  # the provider holds it
    SENT = "sent"  # handed to the carrier
    DELIVERED = "delivered"  # the handset received it
    FAILED = "failed"  # undelivered / failed
    CANCELED = "canceled"


_RANK = {
    DeliveryState.QUEUED: 1,
    DeliveryState.SENT: 2,
    DeliveryState.DELIVERED: 3,
    DeliveryState.FAILED: 3,
    DeliveryState.CANCELED: 3,
}


def advances(current: DeliveryState | None, new: DeliveryState) -> bool:
    """True when ``new`` moves a message forward from ``current``.

    States only move forward: a late or replayed callback ("sent" after
    "delivered", the same "delivered" twice) changes nothing.
    """
    if current is None:
        return True
    return _RANK[new] > _RANK[current]


@dataclass(frozen=True)
class OutboundSms:
    """One message to send. ``to`` is E.164; ``reference`` is our own id (Odoo's
    ``sms.sms`` uuid), carried in the status callback URL."""

    to: str
    body: str
    reference: str = ""
    status_callback: str | None = None


@dataclass(frozen=True)
class SendResult:
    status: SendStatus
    provider_id: str | None = None
    provider_status: str | None = None
    error_code: str | None = None
    error_message: str | None = None
    failure_type: FailureType | None = None
    retry_after: float | None = None  # seconds, when the provider said so

    @property
    def accepted(self) -> bool:
        return self.status is SendStatus.ACCEPTED


@dataclass(frozen=True)
class DeliveryReport:
    """A status callback, parsed."""

    provider_id: str
    state: DeliveryState
    raw_status: str
    error_code: str | None = None
    failure_type: FailureType | None = None
    account_id: str | None = None


@runtime_checkable
class SmsGateway(Protocol):
    """What the Odoo queue needs from a provider."""

    #: short name shown to users and stored on records ("twilio", "sandbox")
    kind: str

    def send(self, message: OutboundSms) -> SendResult:
        """Submit one message. Never raises for provider or network errors:
        they come back as a :class:`SendResult`."""
        ...

    def find_sent(self, message: OutboundSms, since: datetime, *, exclude: Collection[str] = ()) -> SendResult | None:
        """Look for ``message`` (same destination and body) submitted at or after
        ``since``, ignoring the provider ids in ``exclude`` (messages already known to
        belong to other records: the same text may go twice to the same number).
        Returns an ``ACCEPTED`` result when the provider has it, ``None`` when it
        certainly has not, and a ``RETRY``/``UNKNOWN`` result when the provider could
        not be asked (then try again later)."""
        ...

    def parse_status_callback(self, params: Mapping[str, str]) -> DeliveryReport:
        """Turn the provider's callback parameters into a :class:`DeliveryReport`."""
        ...
