"""A Twilio-compatible HTTP API on loopback, for tests.

It speaks enough of the Messages API (``/2010-04-01/Accounts/{sid}/Messages.json``)
for the official SDK, pointed at :attr:`TwilioTestServer.base_url`, to send, list and
fetch messages; it records everything it receives, and each destination number can
be scripted to fail in the ways the real service (or the network) does::

    with TwilioTestServer("AC" + "1" * 32, "token") as server:
        server.behaviour["+33612345678"] = "rate_limited"
        gateway = TwilioGateway(server.account_sid, server.auth_token,
                                from_number="+15005550006", base_url=server.base_url)
        ...
        assert len(server.messages) == 1

Behaviours (``server.behaviour[to] = ...``, or an :class:`ErrorReply`):

``"invalid"``          400, code 21211 (invalid 'To')
``"not_mobile"``       400, code 21614 (not a mobile number)
``"unsubscribed"``     400, code 21610 (replied STOP)
``"cannot_route"``     400, code 21612
``"no_permission"``    400, code 21408 (region not enabled)
``"rate_limited"``     429, code 20429, ``Retry-After: 1``
``"server_error"``     500, code 20500 (nothing created)
``"hang"``             reads the request, never answers (until the client goes away,
                       ``hang_timeout`` elapses or the server stops)
``"accept_then_drop"`` creates the message, then closes the connection unanswered

Twilio's magic test numbers behave by default as with test credentials:
+15005550001 invalid, +15005550002 cannot route, +15005550003 no permission,
+15005550004 unsubscribed, +15005550009 not mobile. ``list_behaviour`` scripts the
``GET`` requests (list and fetch) the same way.

:func:`sign` and :func:`post_callback` play Twilio's side of the webhooks: a status
callback or an inbound message, signed with an auth token (or forged).

Run standalone with ``python -m messaging_core.testing.twilio_server`` (prints the
base URL, serves until interrupted).
"""

from __future__ import annotations

import argparse
import base64
import binascii
import contextlib
import hmac
import json
import logging
import re
import select
import socket
import sys
import threading
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import requests
from requests import Response  # the class body's `requests` property shadows the module
from twilio.request_validator import RequestValidator

from ..sms_text import analyze

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

_logger = logging.getLogger(__name__)

API_VERSION = "2010-04-01"
SIGNATURE_HEADER = "X-Twilio-Signature"


@dataclass(frozen=True)
class ErrorReply:
    """An error answer: HTTP ``status`` with Twilio's error JSON (``code``,
    ``message``, ``more_info``, ``status``) and extra ``headers``.

    ``body`` replaces that JSON: a dict or list is sent as JSON (e.g. an RFC 9457
    problem), a string as ``text/html`` (what a proxy in front of the API sends).
    """

    status: int
    code: int
    message: str
    headers: Mapping[str, str] = field(default_factory=dict)
    body: Any = None

    def payload(self) -> Any:
        if self.body is not None:
            return self.body
        return {
            "code": self.code,
            "message": self.message,
            "more_info": f"https://www.twilio.com/docs/errors/{self.code}",
            "status": self.status,
        }


#: Named behaviours that answer with an error.
BEHAVIOURS: dict[str, ErrorReply] = {
    "invalid": ErrorReply(400, 21211, "Invalid 'To' Phone Number"),
    "not_mobile": ErrorReply(400, 21614, "'To' number is not a valid mobile number"),
    "unsubscribed": ErrorReply(400, 21610, "Attempt to send to unsubscribed recipient"),
    "cannot_route": ErrorReply(400, 21612, "The 'To' phone number is not currently reachable via SMS"),
    "no_permission": ErrorReply(400, 21408, "Permission to send an SMS has not been enabled for the region"),
    "rate_limited": ErrorReply(429, 20429, "Too Many Requests", {"Retry-After": "1"}),
    "server_error": ErrorReply(500, 20500, "Internal Server Error"),
}
#: Behaviours handled at the connection level.
CONNECTION_BEHAVIOURS = frozenset({"hang", "accept_then_drop"})

#: Twilio's magic 'To' numbers (test credentials) and what they do.
MAGIC_NUMBERS: dict[str, str] = {
    "+15005550001": "invalid",
    "+15005550002": "cannot_route",
    "+15005550003": "no_permission",
    "+15005550004": "unsubscribed",
    "+15005550009": "not_mobile",
}

_PATH = re.compile(rf"^/{API_VERSION}/Accounts/(?P<account>[^/]+)/Messages(?:/(?P<sid>[^/]+))?\.json$")


@dataclass(frozen=True)
class RecordedRequest:
    """One HTTP request the server received (whatever became of it)."""

    method: str
    path: str
    query: dict[str, str]
    form: dict[str, str]
    headers: dict[str, str]
    authorized: bool
    received_at: datetime

    @property
    def is_create(self) -> bool:
        """A ``POST …/Messages.json`` (an attempt to send)."""
        return self.method == "POST" and self.path.endswith("/Messages.json")


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _rfc2822(moment: datetime) -> str:
    return format_datetime(moment.replace(microsecond=0))


def _flat(values: dict[str, list[str]]) -> dict[str, str]:
    return {key: items[-1] for key, items in values.items()}


def sign(url: str, params: Mapping[str, str], auth_token: str) -> str:
    """The ``X-Twilio-Signature`` Twilio sends with a form POST of ``params`` to ``url``."""
    return RequestValidator(auth_token).compute_signature(url, dict(params))


def post_callback(
    url: str,
    params: Mapping[str, str],
    auth_token: str,
    *,
    signature: str | None = None,
    forge: bool = False,
    signed_url: str | None = None,
    timeout: float = 10.0,
) -> requests.Response:
    """POST ``params`` to ``url`` as Twilio does for a status callback or an inbound
    message.

    The signature is computed over ``signed_url`` (default ``url``; give the public
    ``https://`` URL to play a TLS-terminating proxy); ``forge=True`` signs with a
    wrong token; ``signature`` sends that header value as is (``""``: no header).
    """
    if signature is None:
        token = "forged-" + auth_token if forge else auth_token
        signature = sign(signed_url or url, params, token)
    headers = {
        "User-Agent": "TwilioProxy/1.1",
        "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
        "Accept": "*/*",
    }
    if signature:
        headers[SIGNATURE_HEADER] = signature
    with requests.Session() as session:
        session.trust_env = False  # never through a proxy: tests talk to loopback
        return session.post(url, data=dict(params), headers=headers, timeout=timeout, allow_redirects=False)


def inbound_params(from_: str, to: str, body: str, account_sid: str, *, sid: str | None = None) -> dict[str, str]:
    """The form Twilio posts to a number's incoming-message webhook."""
    sid = sid or "SM" + uuid.uuid4().hex
    return {
        "ToCountry": "US",
        "ToState": "",
        "SmsMessageSid": sid,
        "NumMedia": "0",
        "ToCity": "",
        "FromZip": "",
        "SmsSid": sid,
        "FromState": "",
        "SmsStatus": "received",
        "FromCity": "",
        "Body": body,
        "FromCountry": "",
        "To": to,
        "ToZip": "",
        "NumSegments": str(max(1, analyze(body).segments)),
        "MessageSid": sid,
        "AccountSid": account_sid,
        "From": from_,
        "ApiVersion": API_VERSION,
    }


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    server_version = "TwilioTestServer/1.0"
    timeout = 10  # seconds to read a request: a silent client does not hold a thread

    def do_GET(self) -> None:
        self.server.owner._dispatch(self, "GET")

    def do_POST(self) -> None:
        self.server.owner._dispatch(self, "POST")

    def do_DELETE(self) -> None:
        self.server.owner._dispatch(self, "DELETE")

    def log_message(self, format: str, *args: Any) -> None:
        _logger.debug("%s " + format, self.address_string(), *args)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # we join our handler threads ourselves, with a bound
    request_queue_size = 128  # listen backlog: concurrent senders are not refused

    def __init__(self, owner: TwilioTestServer, port: int) -> None:
        self.owner = owner
        self.handler_threads: set[threading.Thread] = set()
        self._threads_lock = threading.Lock()
        super().__init__(("127.0.0.1", port), _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(
            target=self._handle_in_thread,
            args=(request, client_address),
            name="twilio-test-server-handler",
            daemon=True,
        )
        with self._threads_lock:
            self.handler_threads.add(thread)
        thread.start()

    def _handle_in_thread(self, request: Any, client_address: Any) -> None:
        try:
            self.process_request_thread(request, client_address)
        finally:
            with self._threads_lock:
                self.handler_threads.discard(threading.current_thread())

    def live_threads(self) -> list[threading.Thread]:
        with self._threads_lock:
            return [thread for thread in self.handler_threads if thread.is_alive()]

    def handle_error(self, request: Any, client_address: Any) -> None:
        _logger.debug("twilio test server: error handling %s", client_address, exc_info=True)


class TwilioTestServer:
    """A Twilio Messages API on ``127.0.0.1`` (``port=0``: any free port).

    Use as a context manager, or :meth:`start` / :meth:`stop`. Thread-safe; the
    recorded :attr:`requests` and :attr:`messages` are copies.
    """

    def __init__(
        self,
        account_sid: str = "AC" + "0" * 32,
        auth_token: str = "test-auth-token",  # noqa: S107 - a test double's default
        *,
        port: int = 0,
        hang_timeout: float = 30.0,
    ) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.hang_timeout = hang_timeout
        #: destination number → behaviour name or :class:`ErrorReply`
        self.behaviour: dict[str, str | ErrorReply] = dict(MAGIC_NUMBERS)
        #: behaviour of every GET (list, fetch); ``None``: answer normally
        self.list_behaviour: str | ErrorReply | None = None
        #: seconds every send request waits before it is answered (a slow provider)
        self.response_delay: float = 0.0
        self._port = port
        self._lock = threading.RLock()
        self._requests: list[RecordedRequest] = []
        self._messages: list[dict[str, Any]] = []
        self._stop = threading.Event()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ----------------------------------------------------------- lifecycle

    def start(self) -> TwilioTestServer:
        if self._httpd is not None:
            return self
        self._stop.clear()
        self._httpd = _HTTPServer(self, self._port)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.01},  # shutdown() waits up to one interval
            name="twilio-test-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop serving, release hanging handlers and wait (at most ``timeout``
        seconds) for every thread of the server to end."""
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        deadline = time.monotonic() + timeout
        self._stop.set()
        httpd.shutdown()
        httpd.server_close()
        if self._thread is not None:
            self._thread.join(max(0.0, deadline - time.monotonic()))
        for thread in httpd.live_threads():
            thread.join(max(0.0, deadline - time.monotonic()))
        leftover = httpd.live_threads()
        if leftover:
            _logger.warning("twilio test server: %d handler thread(s) still running", len(leftover))

    def __enter__(self) -> TwilioTestServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("the Twilio test server is not running")
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``: the ``base_url`` of the gateway."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def messages_url(self) -> str:
        return f"{self.base_url}/{API_VERSION}/Accounts/{self.account_sid}/Messages.json"

    # ------------------------------------------------------------ records

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received, oldest first."""
        with self._lock:
            return list(self._requests)

    @property
    def create_requests(self) -> list[RecordedRequest]:
        """The ``POST …/Messages.json`` requests (send attempts), oldest first."""
        return [request for request in self.requests if request.is_create]

    @property
    def messages(self) -> list[dict[str, Any]]:
        """The Message resources created, oldest first (copies): the API's JSON plus
        ``_status_callback`` (the URL given), ``_validity_period`` (seconds, or None) and
        ``_created`` (a UTC datetime)."""
        with self._lock:
            return [dict(message) for message in self._messages]

    def message(self, sid: str) -> dict[str, Any]:
        with self._lock:
            for message in self._messages:
                if message["sid"] == sid:
                    return dict(message)
        raise KeyError(sid)

    def reset(self) -> None:
        """Forget requests and messages; behaviours back to the magic numbers."""
        with self._lock:
            self._requests.clear()
            self._messages.clear()
            self.behaviour = dict(MAGIC_NUMBERS)
            self.list_behaviour = None
            self.response_delay = 0.0

    # ------------------------------------------------------ status updates

    def set_status(self, sid: str, status: str, error_code: int | None = None) -> dict[str, Any]:
        """Move message ``sid`` to ``status`` (as Twilio would); returns it."""
        with self._lock:
            for message in self._messages:
                if message["sid"] == sid:
                    now = _rfc2822(_now())
                    message["status"] = status
                    message["date_updated"] = now
                    if status in ("sent", "delivered", "undelivered", "failed", "read"):
                        message["date_sent"] = message["date_sent"] or now
                    if error_code is not None:
                        message["error_code"] = error_code
                        message["error_message"] = f"Error {error_code}"
                    return dict(message)
        raise KeyError(sid)

    def status_callback_params(self, sid: str, status: str, error_code: int | None = None) -> dict[str, str]:
        """The form Twilio posts to the message's ``StatusCallback``."""
        message = self.message(sid)
        params = {
            "SmsSid": sid,
            "SmsStatus": status,
            "MessageStatus": status,
            "To": message["to"],
            "MessageSid": sid,
            "AccountSid": message["account_sid"],
            "From": message["from"] or "",
            "ApiVersion": API_VERSION,
        }
        if message.get("messaging_service_sid"):
            params["MessagingServiceSid"] = message["messaging_service_sid"]
        if error_code is not None:
            params["ErrorCode"] = str(error_code)
        return params

    def deliver(
        self,
        sid: str,
        status: str = "delivered",
        *,
        error_code: int | None = None,
        url: str | None = None,
        timeout: float = 10.0,
    ) -> Response:
        """Set the status of message ``sid`` and post the signed status callback to
        ``url`` (default: the ``StatusCallback`` it was created with)."""
        message = self.set_status(sid, status, error_code)
        target = url or message.get("_status_callback")
        if not target:
            raise ValueError(f"message {sid} has no status callback URL")
        params = self.status_callback_params(sid, status, error_code)
        return post_callback(target, params, self.auth_token, timeout=timeout)

    # -------------------------------------------------------------- serving

    def _dispatch(self, handler: _Handler, method: str) -> None:
        url = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length > 0 else b""
        try:
            form = _flat(parse_qs(raw.decode("utf-8"), keep_blank_values=True))
        except UnicodeDecodeError:
            form = {}
        query = _flat(parse_qs(url.query, keep_blank_values=True))
        authorized = self._authorized(handler.headers.get("Authorization"))
        recorded = RecordedRequest(
            method=method,
            path=url.path,
            query=query,
            form=form,
            headers=dict(handler.headers.items()),
            authorized=authorized,
            received_at=_now(),
        )
        with self._lock:
            self._requests.append(recorded)

        match = _PATH.match(url.path)
        if match is None:
            self._reply_error(handler, ErrorReply(404, 20404, f"The requested resource {url.path} was not found"))
            return
        if not authorized:
            self._reply_error(
                handler,
                ErrorReply(401, 20003, "Authenticate", {"WWW-Authenticate": 'Basic realm="Twilio API"'}),
            )
            return
        if match["account"] != self.account_sid:
            self._reply_error(handler, ErrorReply(404, 20404, f"The requested resource {url.path} was not found"))
            return
        sid = match["sid"]
        if method == "POST" and sid is None:
            self._create(handler, form)
        elif method == "GET":
            if self._apply_behaviour(handler, self.list_behaviour, create=None):
                return
            if sid is None:
                self._list(handler, query)
            else:
                self._fetch(handler, sid)
        else:
            self._reply_error(handler, ErrorReply(405, 20004, "Method not allowed"))

    def _authorized(self, header: str | None) -> bool:
        if not header or not header.startswith("Basic "):
            return False
        try:
            decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return False
        user, _, password = decoded.partition(":")
        return hmac.compare_digest(user.encode(), self.account_sid.encode()) and hmac.compare_digest(
            password.encode(), self.auth_token.encode()
        )

    def _apply_behaviour(
        self, handler: _Handler, behaviour: str | ErrorReply | None, create: dict[str, str] | None
    ) -> bool:
        """Play ``behaviour``; True when it answered (or refused to)."""
        if behaviour is None:
            return False
        if isinstance(behaviour, ErrorReply):
            self._reply_error(handler, behaviour)
            return True
        if behaviour in BEHAVIOURS:
            self._reply_error(handler, BEHAVIOURS[behaviour])
            return True
        if behaviour == "hang":
            self._hang(handler)
            return True
        if behaviour == "accept_then_drop":
            if create is not None:
                self._new_message(create)
            self._drop(handler)
            return True
        raise ValueError(f"unknown behaviour {behaviour!r}")

    def _create(self, handler: _Handler, form: dict[str, str]) -> None:
        if self.response_delay:
            self._stop.wait(self.response_delay)
        to = form.get("To", "")
        if self._apply_behaviour(handler, self.behaviour.get(to), create=form):
            return
        if not to:
            self._reply_error(handler, ErrorReply(400, 21604, "A 'To' phone number is required."))
            return
        if not form.get("From") and not form.get("MessagingServiceSid"):
            self._reply_error(
                handler,
                ErrorReply(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message"),
            )
            return
        if not form.get("Body"):
            self._reply_error(handler, ErrorReply(400, 21602, "Message body is required."))
            return
        validity = form.get("ValidityPeriod")
        if validity is not None and (not validity.isdigit() or not 1 <= int(validity) <= 36_000):
            self._reply_error(
                handler,
                ErrorReply(
                    400,
                    21624,
                    "Validity period can only be set to integers between 1 and 36,000 seconds (10 hours max).",
                ),
            )
            return
        if len(form["Body"]) > 1600:
            self._reply_error(
                handler, ErrorReply(400, 21617, "The concatenated message body exceeds the 1600 character limit.")
            )
            return
        self._reply(handler, 201, self._public(self._new_message(form)))

    def _new_message(self, form: dict[str, str]) -> dict[str, Any]:
        now = _now()
        sid = "SM" + uuid.uuid4().hex
        service = form.get("MessagingServiceSid") or None
        sender = form.get("From") or None
        body = form.get("Body", "")
        uri = f"/{API_VERSION}/Accounts/{self.account_sid}/Messages/{sid}.json"
        message: dict[str, Any] = {
            "account_sid": self.account_sid,
            "api_version": API_VERSION,
            "body": body,
            "date_created": _rfc2822(now),
            "date_sent": None,
            "date_updated": _rfc2822(now),
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": sender,
            "messaging_service_sid": service,
            "num_media": "0",
            "num_segments": "0" if service and not sender else str(max(1, analyze(body).segments)),
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            "status": "accepted" if service and not sender else "queued",
            "subresource_uris": {"media": uri.replace(".json", "/Media.json")},
            "to": form.get("To", ""),
            "uri": uri,
            "_status_callback": form.get("StatusCallback") or None,
            # not in Twilio's message JSON either: kept for tests (``messages()``)
            "_validity_period": int(form["ValidityPeriod"]) if form.get("ValidityPeriod") else None,
            "_created": now,
        }
        with self._lock:
            self._messages.append(message)
        return dict(message)

    @staticmethod
    def _public(message: dict[str, Any]) -> dict[str, Any]:
        return {key: value for key, value in message.items() if not key.startswith("_")}

    def _list(self, handler: _Handler, query: dict[str, str]) -> None:
        try:
            page_size = max(1, min(1000, int(query.get("PageSize") or 50)))
            page = max(0, int(query.get("Page") or 0))
        except ValueError:
            self._reply_error(handler, ErrorReply(400, 20001, "Invalid paging parameters"))
            return
        with self._lock:
            indexed = list(enumerate(self._messages))
        selected = [
            message
            for _, message in sorted(indexed, key=lambda item: (item[1]["_created"], item[0]), reverse=True)
            if (not query.get("To") or message["to"] == query["To"])
            and (not query.get("From") or message["from"] == query["From"])
        ]
        start = page * page_size
        chunk = selected[start : start + page_size]
        base = f"/{API_VERSION}/Accounts/{self.account_sid}/Messages.json"
        filters = {key: query[key] for key in ("To", "From") if query.get(key)}

        def page_uri(number: int) -> str:
            return f"{base}?{urlencode({**filters, 'PageSize': page_size, 'Page': number})}"

        has_next = start + page_size < len(selected)
        self._reply(
            handler,
            200,
            {
                "end": start + len(chunk) - 1 if chunk else start,
                "first_page_uri": page_uri(0),
                "next_page_uri": page_uri(page + 1) if has_next else None,
                "page": page,
                "page_size": page_size,
                "previous_page_uri": page_uri(page - 1) if page > 0 else None,
                "messages": [self._public(message) for message in chunk],
                "start": start,
                "uri": page_uri(page),
            },
        )

    def _fetch(self, handler: _Handler, sid: str) -> None:
        try:
            message = self.message(sid)
        except KeyError:
            path = f"/{API_VERSION}/Accounts/{self.account_sid}/Messages/{sid}.json"
            self._reply_error(handler, ErrorReply(404, 20404, f"The requested resource {path} was not found"))
            return
        self._reply(handler, 200, self._public(message))

    # ------------------------------------------------------------ answers

    def _reply(self, handler: _Handler, status: int, payload: Any, headers: Mapping[str, str] | None = None) -> None:
        if isinstance(payload, str):
            body, content_type = payload.encode("utf-8"), "text/html; charset=utf-8"
        else:
            body, content_type = json.dumps(payload).encode("utf-8"), "application/json; charset=utf-8"
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", str(len(body)))
            handler.send_header("Twilio-Request-Id", "RQ" + uuid.uuid4().hex)
            for key, value in (headers or {}).items():
                handler.send_header(key, value)
            handler.end_headers()
            handler.wfile.write(body)
        except OSError:  # the client went away
            handler.close_connection = True

    def _reply_error(self, handler: _Handler, error: ErrorReply) -> None:
        self._reply(handler, error.status, error.payload(), error.headers)

    def _hang(self, handler: _Handler) -> None:
        """Answer nothing until the client gives up, the server stops or
        ``hang_timeout`` passes; then close the connection."""
        handler.close_connection = True
        deadline = time.monotonic() + self.hang_timeout
        connection: socket.socket = handler.connection
        while not self._stop.wait(0.02) and time.monotonic() < deadline:
            try:
                readable, _, _ = select.select([connection], [], [], 0)
                if readable and not connection.recv(1, socket.MSG_PEEK):
                    break  # the client closed its side
            except (OSError, ValueError):
                break
        self._drop(handler)

    @staticmethod
    def _drop(handler: _Handler) -> None:
        """Close the connection without an answer."""
        handler.close_connection = True
        with contextlib.suppress(OSError):
            handler.connection.shutdown(socket.SHUT_RDWR)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Twilio-compatible test API on 127.0.0.1")
    parser.add_argument("--account-sid", default="AC" + "0" * 32)
    parser.add_argument("--auth-token", default="test-auth-token")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    with TwilioTestServer(args.account_sid, args.auth_token, port=args.port) as server:
        print(server.base_url, flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
