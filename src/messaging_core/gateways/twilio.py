"""Twilio SMS gateway, on the official ``twilio`` SDK.

The gateway sends through ``twilio.rest.Client`` and its ``TwilioHttpClient``; what
it adds is the mapping of every outcome to a :class:`~.base.SendResult`, explicit
timeouts, no hidden retries, reconciliation (:meth:`TwilioGateway.find_sent`) and the
webhook side (status callbacks, inbound messages, signatures).

Wiring into the SDK
-------------------
``base_url``
    The SDK builds every Messages URL from the ``api`` domain's ``base_url``
    (``twilio.base.domain.Domain.base_url``, ``"https://api.twilio.com"``); the
    gateway sets that attribute on ``client.api`` and clears the client's ``edge``
    and ``region`` (which would rewrite the host name, and which the SDK otherwise
    reads from ``TWILIO_EDGE`` / ``TWILIO_REGION``). A loopback ``base_url`` also
    turns off the environment's proxies for that client.
Timeouts
    ``TwilioHttpClient`` has no timeout by default and hands its ``timeout``
    attribute to ``requests`` unchanged; :class:`GatewayHttpClient` sets it to the
    ``(connect_timeout, read_timeout)`` tuple (the constructor of the SDK's base
    class only takes one number, hence the attribute).
Retries
    :class:`GatewayHttpClient` mounts ``HTTPAdapter(max_retries=0)`` for ``http://``
    and ``https://``: one HTTP request per call, the caller decides about retries.
Logging
    The SDK logs every request at INFO (URL and query: phone numbers); the gateway
    gives it the logger ``messaging_core.gateways.twilio.sdk``, at WARNING unless
    configured otherwise.

Send outcomes (:meth:`TwilioGateway.send`)
------------------------------------------
=======================================================  ===========  ======================
What happened                                            Status       FailureType
=======================================================  ===========  ======================
2xx with a message sid                                   ACCEPTED     -
HTTP 429, or error 20429 (too many requests)             RETRY        - (``retry_after``
                                                                      from ``Retry-After``)
21611 (sender's queue is full)                           RETRY        -
HTTP 5xx (the provider may have created the message)     UNKNOWN      -
21604 no To                                             FAILED       NUMBER_MISSING
21211 invalid To, 21614 To is not a mobile number        FAILED       NUMBER_FORMAT
21610 recipient unsubscribed (replied STOP)              FAILED       OPTOUT
21408 region not enabled in the Geo Permissions,         FAILED       COUNTRY_NOT_SUPPORTED
21612 no route from this sender to the destination
21219, 21608 trial account, To not verified              FAILED       NOT_ALLOWED
20003 authentication, 20005 account not active,          FAILED       ACCOUNT
20404 account not found, 21212 invalid From,
21606 / 21659 / 21660 From not a sender of this account,
any other HTTP 401 / 403
30032 toll-free not verified, 30034 unregistered         FAILED       REGISTRATION_NEEDED
A2P 10DLC number
21617 body longer than 1600 characters                   FAILED       UNKNOWN (no Odoo type
                                                                      fits; the error
                                                                      message says it)
any other 4xx                                            FAILED       UNKNOWN (code and
                                                                      message kept)
3xx (the request went to something that is not the API) FAILED       SERVER
connection refused, DNS failure, connect timeout,        RETRY        -
proxy refused (nothing was sent)
read timeout, connection dropped after the request       UNKNOWN      -
(``RemoteDisconnected``, reset, ``ChunkedEncodingError``),
TLS error, unreadable 2xx body, anything unexpected
=======================================================  ===========  ======================

``COUNTRY_NOT_SUPPORTED`` is used for 21408 and 21612 because both say that *this
account and sender* cannot reach that destination (a configuration to change), while
``NOT_ALLOWED`` is kept for trial restrictions on a specific recipient.

Delivery errors (``ErrorCode`` of a status callback)
----------------------------------------------------
30003 unreachable, 30005 unknown destination, 30006 landline → INVALID_DESTINATION;
30004 blocked → NOT_ALLOWED; 30007 carrier filtering → REJECTED; 30008 unknown error →
NOT_DELIVERED; 30036 validity period expired → EXPIRED; 30001 queue overflow → SERVER;
30002 account suspended → ACCOUNT; 21610 → OPTOUT; 30032 / 30034 →
REGISTRATION_NEEDED; any other code, or a failure without code → UNKNOWN.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import threading
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter
from twilio.base.exceptions import TwilioException, TwilioRestException, TwilioServiceException
from twilio.http import HttpClient
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response as TwilioResponse
from twilio.request_validator import RequestValidator
from twilio.rest import Client
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

from ..errors import MessagingError
from .base import (
    DeliveryReport,
    DeliveryState,
    FailureType,
    OutboundSms,
    SendResult,
    SendStatus,
)

__all__ = [
    "DEFAULT_LOOKUP_LIMIT",
    "DELIVERY_ERROR_FAILURES",
    "MAX_VALIDITY_PERIOD",
    "MIN_VALIDITY_PERIOD",
    "SDK_LOGGER",
    "SEND_ERROR_FAILURES",
    "SEND_RETRY_CODES",
    "STATUS_STATES",
    "GatewayHttpClient",
    "InboundSms",
    "TwilioGateway",
    "candidate_urls",
    "check_signature",
    "http_error_result",
    "network_error_status",
    "parse_inbound",
    "parse_status_callback",
]

#: Twilio error codes of a refused ``POST /Messages.json`` → why it failed (FAILED).
SEND_ERROR_FAILURES: Mapping[int, FailureType] = {
    21604: FailureType.NUMBER_MISSING,  # 'To' phone number is required
    21211: FailureType.NUMBER_FORMAT,  # invalid 'To' phone number
    21614: FailureType.NUMBER_FORMAT,  # 'To' is not a mobile number / cannot receive SMS
    21610: FailureType.OPTOUT,  # the recipient replied STOP
    21408: FailureType.COUNTRY_NOT_SUPPORTED,  # region not enabled (Geo Permissions)
    21612: FailureType.COUNTRY_NOT_SUPPORTED,  # no route from this sender to 'To'
    21219: FailureType.NOT_ALLOWED,  # trial account: 'To' not verified
    21608: FailureType.NOT_ALLOWED,  # trial account: 'To' not verified
    20003: FailureType.ACCOUNT,  # authentication failed
    20005: FailureType.ACCOUNT,  # account not active
    20404: FailureType.ACCOUNT,  # account (resource) not found
    21212: FailureType.ACCOUNT,  # invalid 'From' number
    21606: FailureType.ACCOUNT,  # 'From' is not an SMS-capable number of this account
    21659: FailureType.ACCOUNT,  # 'From' is not a Twilio number or short code
    21660: FailureType.ACCOUNT,  # 'From' does not belong to this account
    30032: FailureType.REGISTRATION_NEEDED,  # toll-free number not verified
    30034: FailureType.REGISTRATION_NEEDED,  # unregistered US A2P 10DLC number
    21617: FailureType.UNKNOWN,  # body exceeds 1600 characters
}

#: Twilio error codes meaning "not taken, try again later" (RETRY).
SEND_RETRY_CODES: frozenset[int] = frozenset({20429, 21611})

#: ``ErrorCode`` of a status callback → why the message was not delivered.
DELIVERY_ERROR_FAILURES: Mapping[int, FailureType] = {
    30001: FailureType.SERVER,  # queue overflow
    30002: FailureType.ACCOUNT,  # account suspended
    30003: FailureType.INVALID_DESTINATION,  # unreachable destination handset
    30004: FailureType.NOT_ALLOWED,  # message blocked
    30005: FailureType.INVALID_DESTINATION,  # unknown destination handset
    30006: FailureType.INVALID_DESTINATION,  # landline or unreachable carrier
    30007: FailureType.REJECTED,  # carrier filtering
    30008: FailureType.NOT_DELIVERED,  # unknown error
    30036: FailureType.EXPIRED,  # validity period expired
    21610: FailureType.OPTOUT,  # the recipient replied STOP
    30032: FailureType.REGISTRATION_NEEDED,  # toll-free number not verified
    30034: FailureType.REGISTRATION_NEEDED,  # unregistered US A2P 10DLC number
}

#: ``MessageStatus`` of an outbound message → :class:`DeliveryState`.
STATUS_STATES: Mapping[str, DeliveryState] = {
    "accepted": DeliveryState.QUEUED,
    "scheduled": DeliveryState.QUEUED,
    "queued": DeliveryState.QUEUED,
    "sending": DeliveryState.QUEUED,
    "sent": DeliveryState.SENT,
    "partially_delivered": DeliveryState.SENT,
    "delivered": DeliveryState.DELIVERED,
    "read": DeliveryState.DELIVERED,
    "undelivered": DeliveryState.FAILED,
    "failed": DeliveryState.FAILED,
    "canceled": DeliveryState.CANCELED,
}

#: The SDK's request log (INFO, with phone numbers): quiet unless asked for.
SDK_LOGGER = logging.getLogger(__name__ + ".sdk")
if SDK_LOGGER.level == logging.NOTSET:
    SDK_LOGGER.setLevel(logging.WARNING)

#: What Twilio puts before the text of every message sent from a trial account.
TRIAL_PREFIX = "Sent from your Twilio trial account - "

#: Messages looked at by :meth:`TwilioGateway.find_sent` (the newest to the number).
DEFAULT_LOOKUP_LIMIT = 50


# --------------------------------------------------------------------------- HTTP


class GatewayHttpClient(TwilioHttpClient):
    """The SDK's ``TwilioHttpClient`` with a ``(connect, read)`` timeout on every
    request and no retries.

    It also remembers, per thread, the last response it received, so that the gateway
    can read headers the SDK's exceptions drop (``Retry-After``).
    """

    session: requests.Session | None  # set by TwilioHttpClient.__init__ (untyped SDK)

    def __init__(self, connect_timeout: float, read_timeout: float, *, trust_env: bool = True) -> None:
        super().__init__(pool_connections=True, timeout=None, logger=SDK_LOGGER, max_retries=0)
        # HttpClient.__init__ only accepts a single number; TwilioHttpClient.request
        # passes self.timeout unchanged to requests, which takes (connect, read).
        self.timeout = (connect_timeout, read_timeout)
        session = self.session or requests.Session()  # pool_connections=True made one
        for prefix in ("http://", "https://"):
            # max_retries=0 is urllib3's Retry(0, read=False): one attempt, no retry
            session.mount(prefix, HTTPAdapter(max_retries=0, pool_maxsize=32))
        session.trust_env = trust_env
        self.session = session
        self._local = threading.local()

    def request(
        self,
        method: str,
        url: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> TwilioResponse:
        self._local.response = None
        response = super().request(
            method,
            url,
            params=params,
            data=data,
            headers=headers,
            auth=auth,
            timeout=timeout,
            allow_redirects=allow_redirects,
        )
        self._local.response = response
        return response

    @property
    def last_response(self) -> TwilioResponse | None:
        """The last response received by the current thread (None after a network
        error)."""
        return getattr(self._local, "response", None)


def _same_body(stored: str | None, sent: str) -> bool:
    """The body Twilio stored is the one we sent (trial accounts prefix it)."""
    return stored == sent or stored == TRIAL_PREFIX + sent


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_timeout(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise MessagingError(
            f"Twilio gateway: {name} must be a positive number of seconds, not {value!r}",
            code="gateway_config",
            field=name,
        )
    return float(value)


def _parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delay-seconds or HTTP-date)."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        seconds = (when - datetime.now(timezone.utc)).total_seconds()
    return max(0.0, seconds)


def _walk_causes(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and what it wraps: ``args``, urllib3's ``reason``, ``__cause__``..."""
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo and len(seen) < 20:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        nested = [*current.args, getattr(current, "reason", None)]
        nested += [current.__cause__, current.__context__]
        todo.extend(item for item in nested if isinstance(item, BaseException))


def network_error_status(exc: requests.RequestException) -> SendStatus:
    """RETRY when the request certainly did not leave, UNKNOWN when it may have.

    ``ConnectTimeout`` is a subclass of both ``ConnectionError`` and ``Timeout`` and
    ``ReadTimeout`` of ``Timeout``: test them first. A refused connection or a DNS
    failure is a ``ConnectionError`` wrapping urllib3's ``NewConnectionError``; one
    wrapping ``ProtocolError('Connection aborted.', RemoteDisconnected(...))`` (or a
    reset) happened once the request was on its way.
    """
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return SendStatus.RETRY
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return SendStatus.UNKNOWN
    if isinstance(exc, requests.exceptions.SSLError):
        return SendStatus.UNKNOWN  # cannot tell the handshake from a later TLS error
    if isinstance(exc, requests.exceptions.ProxyError):
        return SendStatus.RETRY  # the CONNECT tunnel was refused: nothing went out
    if isinstance(exc, requests.exceptions.ConnectionError):
        for cause in _walk_causes(exc):
            if isinstance(cause, (NewConnectionError, ConnectTimeoutError)):
                return SendStatus.RETRY
        return SendStatus.UNKNOWN
    return SendStatus.UNKNOWN  # ChunkedEncodingError, ContentDecodingError, ...


def _network_result(exc: requests.RequestException, what: str) -> SendResult:
    status = network_error_status(exc)
    return SendResult(status=status, error_message=f"{what}: {type(exc).__name__}: {exc}")


# ---------------------------------------------------------------------- gateway


#: Twilio's bounds of ``ValidityPeriod`` (seconds; error 21624 outside)
MIN_VALIDITY_PERIOD = 1
MAX_VALIDITY_PERIOD = 36_000


class TwilioGateway:
    """Send SMS through Twilio's Messages API (or a Twilio-compatible API).

    :param account_sid: the account (``AC…``), also the API user name
    :param auth_token: the account's auth token (API password and webhook secret)
    :param from_number: the sender (E.164 number, short code or alphanumeric id)...
    :param messaging_service_sid: ...or a Messaging Service (``MG…``): exactly one
    :param validity_period: seconds (1 to 36,000) a message may wait in Twilio's queue
        before Twilio gives it up (``ValidityPeriod``; it then fails with 30036,
        *expired*); ``None``: Twilio's default (the Messaging Service's, else 10 hours)
    :param base_url: another API host, e.g. ``http://127.0.0.1:8765`` (tests) or a
        Twilio-compatible provider; default ``https://api.twilio.com``
    :param connect_timeout: seconds to open the connection
    :param read_timeout: seconds to wait for each read of the answer
    :param http_client: a ``twilio.http.HttpClient`` to use instead of
        :class:`GatewayHttpClient`; it is used as given, except that a ``timeout`` of
        ``None`` is replaced by ``(connect_timeout, read_timeout)``
    """

    kind = "twilio"

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        *,
        from_number: str | None = None,
        messaging_service_sid: str | None = None,
        validity_period: int | None = None,
        base_url: str | None = None,
        connect_timeout: float = 5.0,
        read_timeout: float = 15.0,
        http_client: HttpClient | None = None,
    ) -> None:
        if not account_sid or not isinstance(account_sid, str):
            raise MessagingError(
                "Twilio gateway: the account SID is required",
                code="gateway_config",
                field="account_sid",
            )
        if not auth_token or not isinstance(auth_token, str):
            raise MessagingError(
                "Twilio gateway: the auth token is required",
                code="gateway_config",
                field="auth_token",
            )
        if bool(from_number) == bool(messaging_service_sid):
            raise MessagingError(
                "Twilio gateway: set exactly one of the sender number (from_number) "
                "and the Messaging Service SID (messaging_service_sid)",
                code="gateway_config",
                field="from_number",
            )
        if validity_period is not None and (
            isinstance(validity_period, bool)
            or not isinstance(validity_period, int)
            or not MIN_VALIDITY_PERIOD <= validity_period <= MAX_VALIDITY_PERIOD
        ):
            raise MessagingError(
                f"Twilio gateway: the validity period is a number of seconds from {MIN_VALIDITY_PERIOD} "
                f"to {MAX_VALIDITY_PERIOD}, not {validity_period!r}",
                code="gateway_config",
                field="validity_period",
            )
        self.account_sid = account_sid
        self.validity_period = validity_period
        self.from_number = from_number or None
        self.messaging_service_sid = messaging_service_sid or None
        self.connect_timeout = _check_timeout("connect_timeout", connect_timeout)
        self.read_timeout = _check_timeout("read_timeout", read_timeout)
        self.base_url = self._check_base_url(base_url) if base_url else None
        self._auth_token = auth_token

        if http_client is None:
            loopback = self.base_url is not None and _is_loopback(urlsplit(self.base_url).hostname)
            http_client = GatewayHttpClient(self.connect_timeout, self.read_timeout, trust_env=not loopback)
        elif http_client.timeout is None:
            http_client.timeout = (self.connect_timeout, self.read_timeout)
        self.http_client: HttpClient = http_client

        self.client = Client(account_sid, auth_token, http_client=http_client)
        if self.base_url:
            self.client.edge = None
            self.client.region = None
            self.client.api.base_url = self.base_url

    @staticmethod
    def _check_base_url(base_url: str) -> str:
        parts = urlsplit(base_url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise MessagingError(
                f"Twilio gateway: the API base URL must be an http(s) URL, not {base_url!r}",
                code="gateway_config",
                field="base_url",
            )
        return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))

    def __repr__(self) -> str:
        sender = self.from_number or self.messaging_service_sid
        return f"<TwilioGateway {self.account_sid} from {sender} via {self.base_url or 'api.twilio.com'}>"

    # ---------------------------------------------------------------- sending

    def send(self, message: OutboundSms) -> SendResult:
        """Submit ``message``; never raises for provider or network errors (see the
        module's table)."""
        kwargs: dict[str, Any] = {"to": message.to, "body": message.body}
        if self.from_number:
            kwargs["from_"] = self.from_number
        else:
            kwargs["messaging_service_sid"] = self.messaging_service_sid
        if self.validity_period is not None:
            kwargs["validity_period"] = self.validity_period
        if message.status_callback:
            kwargs["status_callback"] = message.status_callback
        try:
            created = self.client.messages.create(**kwargs)
        except (TwilioRestException, TwilioServiceException) as exc:
            return self._error_result(exc)
        except requests.RequestException as exc:
            return _network_result(exc, "Twilio request failed")
        except Exception as exc:  # the request may have gone out
            return SendResult(
                status=SendStatus.UNKNOWN,
                error_message=f"Twilio request failed: {type(exc).__name__}: {exc}",
            )
        if not created.sid:
            return SendResult(
                status=SendStatus.UNKNOWN,
                provider_status=created.status,
                error_message="Twilio answered without a message SID",
            )
        return SendResult(status=SendStatus.ACCEPTED, provider_id=created.sid, provider_status=created.status)

    def _retry_after(self, status: int) -> float | None:
        response = getattr(self.http_client, "last_response", None)
        if response is None or response.status_code != status or not response.headers:
            return None
        headers = {str(key).lower(): value for key, value in dict(response.headers).items()}
        return _parse_retry_after(headers.get("retry-after"))

    def _error_result(self, exc: TwilioRestException | TwilioServiceException) -> SendResult:
        try:
            status = int(exc.status)
        except (TypeError, ValueError):
            status = 500  # cannot tell what happened: treat as a server error
        try:
            code: int | None = int(exc.code) if exc.code else None
        except (TypeError, ValueError):
            code = None
        return http_error_result(status, code, _exception_text(exc), self._retry_after(status))

    # --------------------------------------------------------- reconciliation

    def find_sent(
        self,
        message: OutboundSms,
        since: datetime,
        *,
        exclude: Collection[str] = (),
        limit: int = DEFAULT_LOOKUP_LIMIT,
    ) -> SendResult | None:
        """Look for ``message`` among the newest messages to ``message.to`` created at
        or after ``since`` (a naive datetime is taken as UTC), with the same body and
        sender, skipping the SIDs in ``exclude`` (already matched to other records).

        Twilio lists by ``date_sent``, empty while a message is queued, so the filter
        on ``date_created`` (second precision) and on the body is made here, on the
        ``limit`` newest messages to the number.
        """
        since_utc = since if since.tzinfo else since.replace(tzinfo=timezone.utc)
        since_utc = since_utc.astimezone(timezone.utc).replace(microsecond=0)
        kwargs: dict[str, Any] = {"to": message.to, "limit": limit, "page_size": min(limit, 1000)}
        if self.from_number:
            kwargs["from_"] = self.from_number
        try:
            records = self.client.messages.list(**kwargs)
        except (TwilioRestException, TwilioServiceException) as exc:
            code = exc.code if isinstance(exc.code, int) else None
            status = SendStatus.RETRY if exc.status == 429 or code == 20429 else SendStatus.UNKNOWN
            return SendResult(
                status=status,
                error_code=str(exc.code) if exc.code else None,
                error_message=f"Twilio lookup failed: HTTP {exc.status}: {_exception_text(exc)}",
                retry_after=self._retry_after(exc.status),
            )
        except requests.RequestException as exc:
            return _network_result(exc, "Twilio lookup failed")
        except TwilioException as exc:  # Page: "Unable to fetch page", response
            return self._page_error_result(exc)
        except Exception as exc:  # the lookup failed: try again later
            return SendResult(
                status=SendStatus.UNKNOWN,
                error_message=f"Twilio lookup failed: {type(exc).__name__}: {exc}",
            )
        matches = [
            record
            for record in records
            if record.sid
            and record.sid not in exclude
            and record.to == message.to
            and _same_body(record.body, message.body)
            and record.date_created is not None
            and record.date_created >= since_utc
            and (record.direction or "outbound-api").startswith("outbound")
            and (not self.from_number or record.from_ == self.from_number)
            and (
                not self.messaging_service_sid
                or not record.messaging_service_sid
                or record.messaging_service_sid == self.messaging_service_sid
            )
        ]
        if not matches:
            return None
        newest = max(matches, key=lambda record: record.date_created)
        return SendResult(status=SendStatus.ACCEPTED, provider_id=newest.sid, provider_status=newest.status)

    def _page_error_result(self, exc: TwilioException) -> SendResult:
        response = exc.args[1] if len(exc.args) > 1 else None
        status_code = getattr(response, "status_code", None)
        code: str | None = None
        text = str(exc.args[0]) if exc.args else type(exc).__name__
        try:
            payload = json.loads(response.text) if response is not None else {}
            if isinstance(payload, dict):
                code = str(payload["code"]) if payload.get("code") else None
                text = f"{text}: {payload.get('message') or payload.get('title') or ''}"
        except (TypeError, ValueError):
            pass
        status = SendStatus.RETRY if status_code == 429 or code == "20429" else SendStatus.UNKNOWN
        return SendResult(
            status=status,
            error_code=code,
            error_message=f"Twilio lookup failed: HTTP {status_code}: {text}",
            retry_after=self._retry_after(status_code) if status_code else None,
        )

    # --------------------------------------------------------------- webhooks

    def parse_status_callback(self, params: Mapping[str, str]) -> DeliveryReport:
        """See :func:`parse_status_callback`."""
        return parse_status_callback(params)

    def parse_inbound(self, params: Mapping[str, str]) -> InboundSms:
        """See :func:`parse_inbound`."""
        return parse_inbound(params)

    def check_signature(
        self,
        url: str,
        params: Mapping[str, Any],
        signature: str | None,
        *,
        public_base_url: str | None = None,
    ) -> bool:
        """:func:`check_signature` with this account's auth token."""
        return check_signature(url, params, signature, self._auth_token, public_base_url=public_base_url)


def _exception_text(exc: TwilioRestException | TwilioServiceException) -> str:
    """The SDK's message, without the colours its ``__str__`` adds on a terminal."""
    if isinstance(exc, TwilioServiceException):
        return exc.title + (f": {exc.detail}" if exc.detail else "")
    return exc.msg


def http_error_result(status: int, code: int | None, message: str, retry_after: float | None = None) -> SendResult:
    """The :class:`SendResult` of an HTTP error answer to ``POST /Messages.json``."""
    code_text = str(code) if code else None
    description = f"Twilio error {code}: {message}" if code else message
    if status == 429 or code in SEND_RETRY_CODES:
        return SendResult(
            status=SendStatus.RETRY,
            error_code=code_text,
            error_message=description,
            retry_after=retry_after,
        )
    if status >= 500:
        return SendResult(status=SendStatus.UNKNOWN, error_code=code_text, error_message=description)
    failure = SEND_ERROR_FAILURES.get(code) if code else None
    if failure is FailureType.UNKNOWN and code == 21617:
        description = f"{description} (the message body is longer than 1600 characters)"
    if failure is None:
        if status in (401, 403):
            failure = FailureType.ACCOUNT
        elif 400 <= status < 500:
            failure = FailureType.UNKNOWN
        else:
            failure = FailureType.SERVER
            description = f"{description} (HTTP {status}: check the API base URL)"
    return SendResult(
        status=SendStatus.FAILED,
        error_code=code_text,
        error_message=description,
        failure_type=failure,
    )


# ------------------------------------------------------------------ callbacks


def parse_status_callback(params: Mapping[str, str]) -> DeliveryReport:
    """A Twilio message status callback (``MessageSid``, ``MessageStatus``,
    ``ErrorCode``, ``AccountSid``; the legacy ``SmsSid``/``SmsStatus`` as fallback)."""
    sid = (params.get("MessageSid") or params.get("SmsSid") or "").strip()
    raw_status = (params.get("MessageStatus") or params.get("SmsStatus") or "").strip()
    if not sid:
        raise MessagingError("Twilio status callback without MessageSid", code="callback_invalid")
    state = STATUS_STATES.get(raw_status.lower())
    if state is None:
        raise MessagingError(
            f"Twilio status callback for {sid}: unknown message status {raw_status!r}",
            code="callback_unknown_status",
            status=raw_status,
            sid=sid,
        )
    error_code = (params.get("ErrorCode") or "").strip() or None
    failure: FailureType | None = None
    if state is DeliveryState.FAILED:
        failure = FailureType.UNKNOWN
        if error_code and error_code.isdigit():
            failure = DELIVERY_ERROR_FAILURES.get(int(error_code), FailureType.UNKNOWN)
    return DeliveryReport(
        provider_id=sid,
        state=state,
        raw_status=raw_status,
        error_code=error_code,
        failure_type=failure,
        account_id=(params.get("AccountSid") or "").strip() or None,
    )


@dataclass(frozen=True)
class InboundSms:
    """A message received on one of the account's numbers."""

    from_: str
    to: str
    body: str
    provider_id: str
    account_id: str | None = None


def parse_inbound(params: Mapping[str, str]) -> InboundSms:
    """An incoming-message webhook (``From``, ``To``, ``Body``, ``MessageSid``,
    ``AccountSid``)."""
    sid = (params.get("MessageSid") or params.get("SmsMessageSid") or params.get("SmsSid") or "").strip()
    sender = (params.get("From") or "").strip()
    if not sid or not sender:
        raise MessagingError("Twilio inbound message without MessageSid or From", code="callback_invalid")
    return InboundSms(
        from_=sender,
        to=(params.get("To") or "").strip(),
        body=params.get("Body") or "",
        provider_id=sid,
        account_id=(params.get("AccountSid") or "").strip() or None,
    )


# ----------------------------------------------------------------- signatures

_DEFAULT_PORTS = {"http": 80, "https": 443}


def _port_variants(url: str) -> list[str]:
    """``url`` as is, then without / with its scheme's default port."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        return [url]
    default = _DEFAULT_PORTS.get(parts.scheme)
    if default is None or not parts.hostname:
        return [url]
    userinfo, _, hostport = parts.netloc.rpartition("@")
    prefix = f"{userinfo}@" if userinfo else ""
    if port is None:
        other = f"{prefix}{hostport}:{default}"
    elif port == default:
        other = prefix + hostport[: hostport.rfind(":")]
    else:
        return [url]
    return [url, urlunsplit(parts._replace(netloc=other))]


def candidate_urls(received_url: str, public_base_url: str | None = None) -> Iterator[str]:
    """The URLs Twilio may have signed for a request Odoo received at ``received_url``.

    First the URL as received, then its path and query on ``public_base_url`` (a
    TLS-terminating proxy makes Odoo see ``http://internal:8069/...`` while Twilio
    signed ``https://public.example.com/...``), each also with and without the default
    port (Twilio's documented inconsistency). No duplicates.
    """
    seen: set[str] = set()
    bases = [received_url]
    if public_base_url:
        public = urlsplit(public_base_url.strip())
        received = urlsplit(received_url)
        if public.scheme and public.netloc:
            path = public.path.rstrip("/") + (received.path or "/")
            bases.append(urlunsplit((public.scheme, public.netloc, path, received.query, "")))
    for base in bases:
        for url in _port_variants(base):
            if url not in seen:
                seen.add(url)
                yield url


class _MultiParams:
    """Form parameters for :class:`RequestValidator`, which reads ``getlist``."""

    def __init__(self, params: Mapping[str, Any]) -> None:
        self._params = params

    def __iter__(self) -> Iterator[str]:
        return iter(self._params)

    def getlist(self, name: str) -> list[str]:
        value = self._params[name]
        if isinstance(value, (list, tuple)):
            return [str(item) for item in value]
        return [str(value)]


def check_signature(
    url: str,
    params: Mapping[str, Any] | None,
    signature: str | None,
    auth_token: str,
    *,
    public_base_url: str | None = None,
) -> bool:
    """True when ``signature`` (the ``X-Twilio-Signature`` header) signs this form
    POST: ``params`` are the form fields (a dict, lists allowed, or a werkzeug
    ``MultiDict``), ``url`` the full URL as received, query string included. With
    ``public_base_url`` the URL rebuilt on it is accepted too (see
    :func:`candidate_urls`). Never raises: a missing or malformed signature is False.
    """
    if not signature or not isinstance(signature, str) or not auth_token:
        return False
    try:
        form: Any = params or {}
        if not (hasattr(form, "getlist") or hasattr(form, "getall")):
            form = _MultiParams(form)
        validator = RequestValidator(auth_token)
        return any(validator.validate(candidate, form, signature) for candidate in candidate_urls(url, public_base_url))
    except Exception:  # garbage in, False out
        return False
