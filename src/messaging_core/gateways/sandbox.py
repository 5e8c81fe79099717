"""A gateway that sends nothing: it records what would have been sent.

Every :class:`SandboxGateway` writes to a named :class:`SandboxOutbox` kept in a
process-wide registry, so the Odoo queue (which builds its gateway in one request)
and a test running in the same process look at the same outbox::

    outbox = SandboxGateway.outbox(company.id)
    outbox.fail_numbers["+33600000000"] = FailureType.OPTOUT
    ... run the queue ...
    assert [m.to for m in outbox.messages] == ["+33611111111"]

Behaviour of :meth:`SandboxGateway.send`: an empty number is ``FAILED``
``NUMBER_MISSING``, a number that is not ``+`` and 7 to 15 digits is ``FAILED``
``NUMBER_FORMAT``, a number of ``fail_numbers`` (the gateway's or the outbox's) is
``FAILED`` with its failure type; anything else is ``ACCEPTED`` with a fake SID
(``"SB"`` and 32 hex digits) and recorded.

Status callbacks use Twilio's field names (``MessageSid``, ``MessageStatus``,
``ErrorCode``) with :class:`~.base.DeliveryState` values as statuses and
:class:`~.base.FailureType` values as error codes.
"""

from __future__ import annotations

import re
import threading
import uuid
from collections import deque
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import ClassVar

from ..errors import MessagingError
from .base import (
    DeliveryReport,
    DeliveryState,
    FailureType,
    OutboundSms,
    SendResult,
    SendStatus,
)

__all__ = ["SandboxGateway", "SandboxOutbox", "SandboxRecord"]

_E164 = re.compile(r"^\+[1-9]\d{6,14}$")


def _failure_type(value: FailureType | str) -> FailureType:
    try:
        return FailureType(value)
    except ValueError:
        raise MessagingError(
            f"Sandbox gateway: unknown failure type {value!r}",
            code="gateway_config",
            field="fail_numbers",
        ) from None


def _name(name: str | int) -> str:
    return str(name)


#: messages an outbox keeps (the oldest are forgotten)
MAX_RECORDS = 10_000


@dataclass(frozen=True)
class SandboxRecord:
    """A message the sandbox accepted."""

    sid: str
    message: OutboundSms
    created_at: datetime  # UTC


class SandboxOutbox:
    """The messages "sent" under one name. Thread-safe.

    ``fail_numbers`` (number → :class:`FailureType`) scripts refusals for every
    gateway writing here.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.fail_numbers: dict[str, FailureType] = {}
        self._lock = threading.Lock()
        # bounded: a long-running demo server keeps only the newest messages
        self._records: deque[SandboxRecord] = deque(maxlen=MAX_RECORDS)
        self._attempts: deque[OutboundSms] = deque(maxlen=MAX_RECORDS)

    def __repr__(self) -> str:
        return f"<SandboxOutbox {self.name!r}: {len(self)} message(s)>"

    def __len__(self) -> int:
        with self._lock:
            return len(self._records)

    @property
    def records(self) -> list[SandboxRecord]:
        """Accepted messages, oldest first (a copy)."""
        with self._lock:
            return list(self._records)

    @property
    def messages(self) -> list[OutboundSms]:
        """The accepted :class:`OutboundSms`, oldest first."""
        return [record.message for record in self.records]

    @property
    def attempts(self) -> list[OutboundSms]:
        """Every message given to ``send``, refused ones included."""
        with self._lock:
            return list(self._attempts)

    def _attempt(self, message: OutboundSms) -> None:
        with self._lock:
            self._attempts.append(message)

    def _record(self, message: OutboundSms) -> SandboxRecord:
        record = SandboxRecord(sid="SB" + uuid.uuid4().hex, message=message, created_at=datetime.now(timezone.utc))
        with self._lock:
            self._records.append(record)
        return record

    def find(self, to: str, body: str, since: datetime, exclude: Collection[str] = ()) -> SandboxRecord | None:
        """The newest record to ``to`` with ``body``, created at or after ``since``
        (naive = UTC), whose SID is not in ``exclude``."""
        since_utc = since if since.tzinfo else since.replace(tzinfo=timezone.utc)
        with self._lock:
            for record in reversed(self._records):
                if (
                    record.message.to == to
                    and record.message.body == body
                    and record.created_at >= since_utc
                    and record.sid not in exclude
                ):
                    return record
        return None

    def clear(self) -> None:
        """Forget the messages and the scripted failures."""
        with self._lock:
            self._records.clear()
            self._attempts.clear()
            self.fail_numbers.clear()


class SandboxGateway:
    """A :class:`~.base.SmsGateway` that records instead of sending.

    :param name: the outbox to write to (a name or a company id)
    :param fail_numbers: number → failure type, refused by this gateway only (the
        outbox's ``fail_numbers`` apply too)
    """

    kind = "sandbox"

    _registry: ClassVar[dict[str, SandboxOutbox]] = {}
    _registry_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(
        self,
        name: str | int = "default",
        *,
        fail_numbers: Mapping[str, FailureType | str] | None = None,
    ) -> None:
        self.name = _name(name)
        self.fail_numbers: dict[str, FailureType] = {
            number: _failure_type(value) for number, value in (fail_numbers or {}).items()
        }
        self._outbox = self.outbox(self.name)

    def __repr__(self) -> str:
        return f"<SandboxGateway {self.name!r}>"

    # ------------------------------------------------------------- registry

    @classmethod
    def outbox(cls, name: str | int = "default") -> SandboxOutbox:
        """The process-wide outbox called ``name`` (created on first use)."""
        key = _name(name)
        with cls._registry_lock:
            box = cls._registry.get(key)
            if box is None:
                box = cls._registry[key] = SandboxOutbox(key)
            return box

    @classmethod
    def clear_all(cls) -> None:
        """Empty every outbox (they stay registered: gateways keep writing to them)."""
        with cls._registry_lock:
            boxes = list(cls._registry.values())
        for box in boxes:
            box.clear()

    @property
    def records(self) -> list[SandboxRecord]:
        """The records of this gateway's outbox."""
        return self._outbox.records

    @property
    def messages(self) -> list[OutboundSms]:
        """The messages of this gateway's outbox."""
        return self._outbox.messages

    # -------------------------------------------------------------- protocol

    def send(self, message: OutboundSms) -> SendResult:
        self._outbox._attempt(message)
        number = message.to or ""
        failure: FailureType | None = None
        if not number.strip():
            failure = FailureType.NUMBER_MISSING
        elif number in self.fail_numbers:
            failure = self.fail_numbers[number]
        elif number in self._outbox.fail_numbers:
            failure = self._outbox.fail_numbers[number]
        elif not _E164.match(number):
            failure = FailureType.NUMBER_FORMAT
        if failure is not None:
            return SendResult(
                status=SendStatus.FAILED,
                failure_type=failure,
                error_code=failure.value,
                error_message=f"Sandbox: {number!r} refused ({failure.value})",
            )
        record = self._outbox._record(message)
        return SendResult(status=SendStatus.ACCEPTED, provider_id=record.sid, provider_status="queued")

    def find_sent(self, message: OutboundSms, since: datetime, *, exclude: Collection[str] = ()) -> SendResult | None:
        record = self._outbox.find(message.to, message.body, since, exclude)
        if record is None:
            return None
        return SendResult(status=SendStatus.ACCEPTED, provider_id=record.sid, provider_status="queued")

    def parse_status_callback(self, params: Mapping[str, str]) -> DeliveryReport:
        sid = (params.get("MessageSid") or "").strip()
        raw_status = (params.get("MessageStatus") or "").strip()
        if not sid:
            raise MessagingError("Sandbox status callback without MessageSid", code="callback_invalid")
        try:
            state = DeliveryState(raw_status.lower())
        except ValueError:
            raise MessagingError(
                f"Sandbox status callback for {sid}: unknown message status {raw_status!r}",
                code="callback_unknown_status",
                status=raw_status,
                sid=sid,
            ) from None
        error_code = (params.get("ErrorCode") or "").strip() or None
        failure: FailureType | None = None
        if state is DeliveryState.FAILED:
            failure = FailureType.UNKNOWN
            if error_code:
                try:
                    failure = FailureType(error_code)
                except ValueError:
                    failure = FailureType.UNKNOWN
        return DeliveryReport(
            provider_id=sid,
            state=state,
            raw_status=raw_status,
            error_code=error_code,
            failure_type=failure,
            account_id=self.name,
        )
