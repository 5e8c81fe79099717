"""The Twilio gateway, through the real SDK, against the loopback Twilio server."""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st
from twilio.http.http_client import TwilioHttpClient
from urllib3.exceptions import MaxRetryError, NewConnectionError, ProtocolError

from messaging_core.errors import MessagingError
from messaging_core.gateways import (
    DeliveryState,
    FailureType,
    OutboundSms,
    SendStatus,
    SmsGateway,
    TwilioGateway,
    advances,
    candidate_urls,
    check_signature,
)
from messaging_core.gateways.twilio import (
    GatewayHttpClient,
    http_error_result,
    network_error_status,
    parse_inbound,
    parse_status_callback,
)
from messaging_core.testing.twilio_server import (
    ErrorReply,
    TwilioTestServer,
    inbound_params,
    post_callback,
    sign,
)

ACCOUNT_SID = "AC" + "a1" * 16
AUTH_TOKEN = "f" * 32
SENDER = "+15005550006"
SERVICE_SID = "MG" + "b2" * 16
TO = "+33612345678"
CALLBACK = "https://odoo.example.com/sms/status/abc?db=prod"


# ----------------------------------------------------------------- fixtures


@pytest.fixture(autouse=True)
def no_leftover_threads() -> Iterator[None]:
    yield
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        alive = [t for t in threading.enumerate() if t.name.startswith(("twilio-test-server", "callback-"))]
        if not alive:
            return
        time.sleep(0.02)
    pytest.fail(f"threads left running: {alive}")


@pytest.fixture
def server() -> Iterator[TwilioTestServer]:
    with TwilioTestServer(ACCOUNT_SID, AUTH_TOKEN, hang_timeout=5) as srv:
        yield srv


def make_gateway(server: TwilioTestServer, **overrides: Any) -> TwilioGateway:
    config: dict[str, Any] = {
        "from_number": SENDER,
        "base_url": server.base_url,
        "connect_timeout": 0.5,
        "read_timeout": 0.5,
    }
    config.update(overrides)
    return TwilioGateway(config.pop("account_sid", ACCOUNT_SID), config.pop("auth_token", AUTH_TOKEN), **config)


@pytest.fixture
def gateway(server: TwilioTestServer) -> TwilioGateway:
    return make_gateway(server)


def sms(to: str = TO, body: str = "Your order has shipped", callback: str | None = CALLBACK) -> OutboundSms:
    return OutboundSms(to=to, body=body, reference="ref-1", status_callback=callback)


class CallbackReceiver:
    """An Odoo stand-in: records the webhooks it receives (loopback, threaded)."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = parse_qs(self.rfile.read(length).decode(), keep_blank_values=True)
                receiver.received.append(
                    {
                        "path": self.path,
                        "headers": dict(self.headers.items()),
                        "form": {key: values[-1] for key, values in form.items()},
                    }
                )
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.01}, name="callback-receiver"
        )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> CallbackReceiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(2)


@pytest.fixture
def receiver() -> Iterator[CallbackReceiver]:
    with CallbackReceiver() as rec:
        yield rec


def closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


# -------------------------------------------------------------- construction


def test_gateway_satisfies_the_protocol(gateway: TwilioGateway) -> None:
    assert isinstance(gateway, SmsGateway)
    assert gateway.kind == "twilio"


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"from_number": SENDER, "messaging_service_sid": SERVICE_SID}],
    ids=["no-sender", "both-senders"],
)
def test_exactly_one_sender_is_required(kwargs: dict[str, str]) -> None:
    with pytest.raises(MessagingError, match="exactly one") as info:
        TwilioGateway(ACCOUNT_SID, AUTH_TOKEN, **kwargs)
    assert info.value.code == "gateway_config"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"base_url": "ftp://example.com"},
        {"base_url": "not a url"},
        {"connect_timeout": 0},
        {"read_timeout": -1},
        {"read_timeout": None},
    ],
)
def test_invalid_settings(kwargs: dict[str, Any]) -> None:
    with pytest.raises(MessagingError):
        TwilioGateway(ACCOUNT_SID, AUTH_TOKEN, from_number=SENDER, **kwargs)


@pytest.mark.parametrize("sid, token", [("", AUTH_TOKEN), (ACCOUNT_SID, "")])
def test_credentials_are_required(sid: str, token: str) -> None:
    with pytest.raises(MessagingError):
        TwilioGateway(sid, token, from_number=SENDER)


def test_sdk_wiring(server: TwilioTestServer) -> None:
    gw = make_gateway(server, connect_timeout=1.5, read_timeout=7)
    assert isinstance(gw.http_client, GatewayHttpClient)
    assert gw.http_client.timeout == (1.5, 7.0)
    session = gw.http_client.session
    assert session is not None
    for prefix in ("http://", "https://"):
        assert session.get_adapter(prefix + "x").max_retries.total == 0
    assert session.trust_env is False  # loopback: never through an environment proxy
    assert gw.client.api.base_url == server.base_url
    assert gw.client.edge is None and gw.client.region is None
    # the real host keeps the SDK's defaults
    real = TwilioGateway(ACCOUNT_SID, AUTH_TOKEN, from_number=SENDER)
    assert real.client.api.base_url == "https://api.twilio.com"
    assert real.http_client.timeout == (5.0, 15.0)


def test_custom_http_client_gets_the_timeouts(server: TwilioTestServer) -> None:
    client = TwilioHttpClient()
    gw = make_gateway(server, http_client=client)
    assert client.timeout == (0.5, 0.5)
    assert gw.send(sms()).status is SendStatus.ACCEPTED


# ------------------------------------------------------------------- sending


def test_send_success(server: TwilioTestServer, gateway: TwilioGateway) -> None:
    result = gateway.send(sms())
    assert result.status is SendStatus.ACCEPTED and result.accepted
    assert result.provider_status == "queued"
    assert result.provider_id and result.provider_id.startswith("SM") and len(result.provider_id) == 34
    [request] = server.create_requests
    assert request.authorized
    assert request.path == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    assert request.form == {
        "To": TO,
        "Body": "Your order has shipped",
        "From": SENDER,
        "StatusCallback": CALLBACK,
    }
    [message] = server.messages
    assert message["sid"] == result.provider_id
    assert (message["to"], message["from"], message["body"]) == (TO, SENDER, "Your order has shipped")
    assert message["_status_callback"] == CALLBACK


def test_send_without_status_callback(server: TwilioTestServer, gateway: TwilioGateway) -> None:
    assert gateway.send(sms(callback=None)).accepted
    assert "StatusCallback" not in server.create_requests[0].form


def test_send_with_messaging_service(server: TwilioTestServer) -> None:
    gw = make_gateway(server, from_number=None, messaging_service_sid=SERVICE_SID)
    result = gw.send(sms(body="Unicode ✓ body"))
    assert result.status is SendStatus.ACCEPTED
    assert result.provider_status == "accepted"
    form = server.create_requests[0].form
    assert form["MessagingServiceSid"] == SERVICE_SID and "From" not in form
    assert form["Body"] == "Unicode ✓ body"


def test_send_with_messaging_service_and_validity_period(server: TwilioTestServer) -> None:
    gw = make_gateway(server, from_number=None, messaging_service_sid=SERVICE_SID, validity_period=600)
    assert gw.send(sms()).status is SendStatus.ACCEPTED
    form = server.create_requests[0].form
    assert (form["MessagingServiceSid"], form["ValidityPeriod"]) == (SERVICE_SID, "600")
    assert server.messages[0]["_validity_period"] == 600


def test_without_validity_period_twilio_s_default_applies(server: TwilioTestServer, gateway: TwilioGateway) -> None:
    assert gateway.send(sms()).accepted
    assert "ValidityPeriod" not in server.create_requests[0].form
    assert server.messages[0]["_validity_period"] is None


@pytest.mark.parametrize("validity", [0, 36_001, -5, 3.5, "600", True])
def test_a_validity_period_twilio_would_refuse_is_a_configuration_error(validity: Any) -> None:
    with pytest.raises(MessagingError, match="validity period") as info:
        TwilioGateway(ACCOUNT_SID, AUTH_TOKEN, from_number=SENDER, validity_period=validity)
    assert (info.value.code, info.value.params["field"]) == ("gateway_config", "validity_period")


@pytest.mark.parametrize("validity", ["0", "36001", "ten"])
def test_the_loopback_server_refuses_what_twilio_refuses(server: TwilioTestServer, validity: str) -> None:
    response = requests.post(
        server.messages_url,
        data={"To": "+33612345678", "From": SENDER, "Body": "Hi", "ValidityPeriod": validity},
        auth=(ACCOUNT_SID, AUTH_TOKEN),
        timeout=5,
    )
    assert response.status_code == 400
    assert response.json()["code"] == 21624
    assert server.messages == []


def test_concurrent_sends(server: TwilioTestServer, gateway: TwilioGateway) -> None:
    results = []
    lock = threading.Lock()

    def worker(number: int) -> None:
        result = gateway.send(sms(to=f"+3361234{number:04d}"))
        with lock:
            results.append(result)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert [r.status for r in results] == [SendStatus.ACCEPTED] * 12, results
    assert len({r.provider_id for r in results}) == 12 == len(server.messages)


def test_missing_number(server: TwilioTestServer, gateway: TwilioGateway) -> None:
    result = gateway.send(sms(to=""))
    assert (result.status, result.failure_type, result.error_code) == (
        SendStatus.FAILED,
        FailureType.NUMBER_MISSING,
        "21604",
    )


def test_sdk_request_log_is_quiet(gateway: TwilioGateway, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    assert gateway.send(sms()).accepted
    assert gateway.find_sent(sms(), datetime.now(timezone.utc) - timedelta(minutes=1)) is not None
    assert not [record for record in caplog.records if TO in record.getMessage()]


def test_invalid_number_fails_and_is_sent_once(server: TwilioTestServer, gateway: TwilioGateway) -> None:
    server.behaviour[TO] = "invalid"
    result = gateway.send(sms())
    assert result.status is SendStatus.FAILED
    assert result.failure_type is FailureType.NUMBER_FORMAT
    assert result.error_code == "21211"
    assert "Invalid 'To' Phone Number" in (result.error_message or "")
    assert len(server.create_requests) == 1  # the SDK did not retry
    assert server.messages == []


@pytest.mark.parametrize(
    "number, failure",
    [
        ("+15005550001", FailureType.NUMBER_FORMAT),
        ("+15005550009", FailureType.NUMBER_FORMAT),
        ("+15005550004", FailureType.OPTOUT),
        ("+15005550003", FailureType.COUNTRY_NOT_SUPPORTED),
        ("+15005550002", FailureType.COUNTRY_NOT_SUPPORTED),
    ],
)
def test_magic_numbers(gateway: TwilioGateway, number: str, failure: FailureType) -> None:
    result = gateway.send(sms(to=number))
    assert (result.status, result.failure_type) == (SendStatus.FAILED, failure)


def test_unsubscribed_is_optout(server: TwilioTestServer, gateway: TwilioGateway) -> None:
    server.behaviour[TO] = "unsubscribed"
    result = gateway.send(sms())
    assert (result.status, result.failure_type, result.error_code) == (
        SendStatus.FAILED,
        FailureType.OPTOUT,
        "21610",
    )


@pytest.mark.parametrize(
    "status, code, failure",
    [
        (400, 21604, FailureType.NUMBER_MISSING),
        (400, 21614, FailureType.NUMBER_FORMAT),
        (400, 21408, FailureType.COUNTRY_NOT_SUPPORTED),
        (400, 21612, FailureType.COUNTRY_NOT_SUPPORTED),
        (400, 21219, FailureType.NOT_ALLOWED),
        (400, 21608, FailureType.NOT_ALLOWED),
        (401, 20003, FailureType.ACCOUNT),
        (404, 20404, FailureType.ACCOUNT),
        (400, 21212, FailureType.ACCOUNT),
        (400, 21606, FailureType.ACCOUNT),
        (400, 21659, FailureType.ACCOUNT),
        (400, 21660, FailureType.ACCOUNT),
        (400, 30034, FailureType.REGISTRATION_NEEDED),
        (400, 30032, FailureType.REGISTRATION_NEEDED),
        (400, 21617, FailureType.UNKNOWN),
        (400, 21999, FailureType.UNKNOWN),
        (403, 20999, FailureType.ACCOUNT),
    ],
)
def test_error_codes(
    server: TwilioTestServer, gateway: TwilioGateway, status: int, code: int, failure: FailureType
) -> None:
    server.behaviour[TO] = ErrorReply(status, code, f"scripted {code}")
    result = gateway.send(sms())
    assert result.status is SendStatus.FAILED
    assert result.failure_type is failure
    assert result.error_code == str(code)
    assert f"scripted {code}" in (result.error_message or "")
    assert len(server.create_requests) == 1


def test_body_too_long_is_explained(server: TwilioTestServer, gateway: TwilioGateway) -> None:
    result = gateway.send(sms(body="x" * 1601))  # the server refuses it like Twilio
    assert (result.status, result.error_code) == (SendStatus.FAILED, "21617")
    assert "1600" in (result.error_message or "")


@pytest.mark.parametrize(
    "headers, expected",
    [({"Retry-After": "1"}, 1.0), ({"Retry-After": "2.5"}, 2.5), ({}, None)],
)
def test_rate_limited_is_retry(
    server: TwilioTestServer, gateway: TwilioGateway, headers: dict[str, str], expected: float | None
) -> None:
    server.behaviour[TO] = ErrorReply(429, 20429, "Too Many Requests", headers)
    result = gateway.send(sms())
    assert result.status is SendStatus.RETRY
    assert result.retry_after == expected
    assert result.failure_type is None
    assert len(server.create_requests) == 1


def test_rate_limited_named_behaviour_and_http_date(server: TwilioTestServer, gateway: TwilioGateway) -> None:
    server.behaviour[TO] = "rate_limited"
    assert gateway.send(sms()).retry_after == 1.0
    later = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=30), usegmt=True)
    server.behaviour[TO] = ErrorReply(429, 20429, "slow down", {"Retry-After": later})
    retry_after = gateway.send(sms()).retry_after
    assert retry_after is not None and 25 <= retry_after <= 30


def test_queue_full_is_retry(server: TwilioTestServer, gateway: TwilioGateway) -> None:
    server.behaviour[TO] = ErrorReply(400, 21611, "queue full")
    assert gateway.send(sms()).status is SendStatus.RETRY


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_error_is_unknown(server: TwilioTestServer, gateway: TwilioGateway, status: int) -> None:
    html = ErrorReply(status, 0, "", body="<html>Bad gateway</html>")
    server.behaviour[TO] = "server_error" if status == 500 else html
    result = gateway.send(sms())
    assert result.status is SendStatus.UNKNOWN
    assert result.failure_type is None
    assert len(server.create_requests) == 1  # not retried by the SDK


def test_rfc9457_error(server: TwilioTestServer, gateway: TwilioGateway) -> None:
    problem = {
        "type": "https://www.twilio.com/docs/errors/21211",
        "title": "Invalid 'To' Phone Number",
        "status": 400,
        "code": 21211,
        "detail": "+33 is not a number",
    }
    server.behaviour[TO] = ErrorReply(400, 21211, "", body=problem)
    result = gateway.send(sms())
    assert (result.status, result.failure_type) == (SendStatus.FAILED, FailureType.NUMBER_FORMAT)
    assert "is not a number" in (result.error_message or "")


def test_html_client_error_is_failed_unknown(server: TwilioTestServer, gateway: TwilioGateway) -> None:
    server.behaviour[TO] = ErrorReply(400, 0, "", body="<html>Bad request</html>")
    result = gateway.send(sms())
    assert (result.status, result.failure_type) == (SendStatus.FAILED, FailureType.UNKNOWN)


def test_bad_credentials_are_account_failure(server: TwilioTestServer) -> None:
    gw = make_gateway(server, auth_token="wrong-token")
    result = gw.send(sms())
    assert (result.status, result.failure_type, result.error_code) == (
        SendStatus.FAILED,
        FailureType.ACCOUNT,
        "20003",
    )
    assert not server.requests[0].authorized
    assert server.messages == []


def test_hanging_server_returns_within_read_timeout(server: TwilioTestServer) -> None:
    gateway = make_gateway(server, connect_timeout=5, read_timeout=0.5)  # (connect, read)
    server.behaviour[TO] = "hang"
    started = time.monotonic()
    result = gateway.send(sms())
    elapsed = time.monotonic() - started
    assert result.status is SendStatus.UNKNOWN
    assert "ReadTimeout" in (result.error_message or "")
    assert 0.4 <= elapsed < 2.0
    assert len(server.create_requests) == 1
    # nothing was created: the reconciliation says so, and a resend is safe
    assert gateway.find_sent(sms(), datetime.now(timezone.utc) - timedelta(minutes=1)) is None


def test_connection_refused_is_retry(server: TwilioTestServer) -> None:
    gw = make_gateway(server, base_url=f"http://127.0.0.1:{closed_port()}")
    result = gw.send(sms())
    assert result.status is SendStatus.RETRY
    assert "ConnectionError" in (result.error_message or "")


def test_connect_timeout_is_retry() -> None:
    # a listening socket whose accept queue is full: the kernel drops the SYNs
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    try:
        for _ in range(4):
            filler = socket.socket()
            filler.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                filler.connect(("127.0.0.1", port))
            fillers.append(filler)
        probe = socket.socket()
        probe.settimeout(0.2)
        try:
            probe.connect(("127.0.0.1", port))
            pytest.skip("this kernel accepts connections beyond the backlog")
        except TimeoutError:
            pass
        finally:
            probe.close()
        gw = TwilioGateway(
            ACCOUNT_SID,
            AUTH_TOKEN,
            from_number=SENDER,
            base_url=f"http://127.0.0.1:{port}",
            connect_timeout=0.3,
            read_timeout=5,
        )
        started = time.monotonic()
        result = gw.send(sms())
        assert time.monotonic() - started < 2.0
        assert result.status is SendStatus.RETRY
        assert "ConnectTimeout" in (result.error_message or "")
    finally:
        for filler in fillers:
            filler.close()
        listener.close()


def test_dropped_connection_is_unknown_then_found(server: TwilioTestServer, gateway: TwilioGateway) -> None:
    since = datetime.now(timezone.utc)
    server.behaviour[TO] = "accept_then_drop"
    result = gateway.send(sms())
    assert result.status is SendStatus.UNKNOWN
    assert "Connection aborted" in (result.error_message or "")
    [message] = server.messages  # the provider has it...
    found = gateway.find_sent(sms(), since)  # ...and the reconciliation finds it
    assert found is not None
    assert (found.status, found.provider_id) == (SendStatus.ACCEPTED, message["sid"])
    assert len(server.create_requests) == 1  # so the caller does not send it again


# ------------------------------------------------------------ reconciliation


def test_find_sent_none_when_never_sent(server: TwilioTestServer, gateway: TwilioGateway) -> None:
    since = datetime.now(timezone.utc)
    assert gateway.find_sent(sms(), since) is None
    gateway.send(sms(body="another text"))
    gateway.send(sms(to="+33699999999"))
    assert gateway.find_sent(sms(), since) is None
    [lookup, *_] = [r for r in server.requests if r.method == "GET"]
    assert lookup.query["To"] == TO and lookup.query["From"] == SENDER


def test_find_sent_respects_since_exclude_and_order(gateway: TwilioGateway) -> None:
    since = datetime.now(timezone.utc)
    first = gateway.send(sms())
    second = gateway.send(sms())
    found = gateway.find_sent(sms(), since)
    assert found is not None and found.provider_id in {first.provider_id, second.provider_id}
    other = gateway.find_sent(sms(), since, exclude={found.provider_id or ""})
    assert other is not None and {found.provider_id, other.provider_id} == {
        first.provider_id,
        second.provider_id,
    }
    excluded = {first.provider_id or "", second.provider_id or ""}
    assert gateway.find_sent(sms(), since, exclude=excluded) is None
    assert gateway.find_sent(sms(), since + timedelta(seconds=2)) is None
    naive = since.replace(tzinfo=None) - timedelta(seconds=1)  # naive = UTC
    assert gateway.find_sent(sms(), naive) is not None


def test_find_sent_with_messaging_service(server: TwilioTestServer) -> None:
    gw = make_gateway(server, from_number=None, messaging_service_sid=SERVICE_SID)
    since = datetime.now(timezone.utc)
    sent = gw.send(sms())
    found = gw.find_sent(sms(), since)
    assert found is not None and found.provider_id == sent.provider_id


@pytest.mark.parametrize(
    "behaviour, status",
    [
        ("server_error", SendStatus.UNKNOWN),
        ("rate_limited", SendStatus.RETRY),
        ("hang", SendStatus.UNKNOWN),
        (ErrorReply(401, 20003, "Authenticate"), SendStatus.UNKNOWN),
    ],
)
def test_find_sent_lookup_failure_is_never_none(
    server: TwilioTestServer, gateway: TwilioGateway, behaviour: Any, status: SendStatus
) -> None:
    gateway.send(sms())
    server.list_behaviour = behaviour
    result = gateway.find_sent(sms(), datetime.now(timezone.utc) - timedelta(minutes=1))
    assert result is not None and result.status is status
    assert "lookup failed" in (result.error_message or "")


def test_find_sent_unreachable_is_retry(server: TwilioTestServer) -> None:
    gw = make_gateway(server, base_url=f"http://127.0.0.1:{closed_port()}")
    result = gw.find_sent(sms(), datetime.now(timezone.utc))
    assert result is not None and result.status is SendStatus.RETRY


def test_find_sent_pages_through(server: TwilioTestServer, gateway: TwilioGateway) -> None:
    since = datetime.now(timezone.utc)
    target = gateway.send(sms(body="the one"))
    for index in range(5):
        gateway.send(sms(body=f"later {index}"))
    found = gateway.find_sent(sms(body="the one"), since, limit=6)
    assert found is not None and found.provider_id == target.provider_id


# -------------------------------------------------------- error classification


def test_http_error_result_table() -> None:
    assert http_error_result(429, None, "x").status is SendStatus.RETRY
    assert http_error_result(503, 20429, "x").status is SendStatus.RETRY
    assert http_error_result(502, None, "x").status is SendStatus.UNKNOWN
    assert http_error_result(302, None, "x").failure_type is FailureType.SERVER
    assert http_error_result(401, None, "x").failure_type is FailureType.ACCOUNT
    assert http_error_result(418, None, "x").failure_type is FailureType.UNKNOWN


def _connection_error(cause: BaseException) -> requests.exceptions.ConnectionError:
    return requests.exceptions.ConnectionError(cause)


@pytest.mark.parametrize(
    "exc, status",
    [
        (requests.exceptions.ConnectTimeout("connect"), SendStatus.RETRY),
        (requests.exceptions.ReadTimeout("read"), SendStatus.UNKNOWN),
        (
            _connection_error(MaxRetryError(None, "/", NewConnectionError(None, "refused"))),  # type: ignore[arg-type]
            SendStatus.RETRY,
        ),
        (
            _connection_error(ProtocolError("Connection aborted.", ConnectionResetError())),
            SendStatus.UNKNOWN,
        ),
        (requests.exceptions.ChunkedEncodingError("cut"), SendStatus.UNKNOWN),
        (requests.exceptions.ProxyError("proxy"), SendStatus.RETRY),
        (requests.exceptions.SSLError("tls"), SendStatus.UNKNOWN),
    ],
)
def test_network_error_status(exc: requests.RequestException, status: SendStatus) -> None:
    assert network_error_status(exc) is status


# ----------------------------------------------------------------- webhooks


@pytest.mark.parametrize(
    "raw, state",
    [
        ("accepted", DeliveryState.QUEUED),
        ("scheduled", DeliveryState.QUEUED),
        ("queued", DeliveryState.QUEUED),
        ("sending", DeliveryState.QUEUED),
        ("sent", DeliveryState.SENT),
        ("delivered", DeliveryState.DELIVERED),
        ("read", DeliveryState.DELIVERED),
        ("undelivered", DeliveryState.FAILED),
        ("failed", DeliveryState.FAILED),
        ("canceled", DeliveryState.CANCELED),
    ],
)
def test_status_callback_states(raw: str, state: DeliveryState) -> None:
    report = parse_status_callback({"MessageSid": "SM1", "MessageStatus": raw, "AccountSid": ACCOUNT_SID})
    assert (report.provider_id, report.state, report.raw_status) == ("SM1", state, raw)
    assert report.account_id == ACCOUNT_SID
    expected_failure = FailureType.UNKNOWN if state is DeliveryState.FAILED else None
    assert report.failure_type is expected_failure


@pytest.mark.parametrize(
    "code, failure",
    [
        ("30003", FailureType.INVALID_DESTINATION),
        ("30005", FailureType.INVALID_DESTINATION),
        ("30006", FailureType.INVALID_DESTINATION),
        ("30004", FailureType.NOT_ALLOWED),
        ("30007", FailureType.REJECTED),
        ("30008", FailureType.NOT_DELIVERED),
        ("30001", FailureType.SERVER),
        ("30002", FailureType.ACCOUNT),
        ("30036", FailureType.EXPIRED),
        ("21610", FailureType.OPTOUT),
        ("30034", FailureType.REGISTRATION_NEEDED),
        ("30032", FailureType.REGISTRATION_NEEDED),
        ("12345", FailureType.UNKNOWN),
        ("garbage", FailureType.UNKNOWN),
    ],
)
def test_status_callback_error_codes(code: str, failure: FailureType) -> None:
    report = parse_status_callback({"MessageSid": "SM1", "MessageStatus": "undelivered", "ErrorCode": code})
    assert (report.state, report.error_code, report.failure_type) == (DeliveryState.FAILED, code, failure)


def test_status_callback_legacy_fields_and_errors() -> None:
    report = parse_status_callback({"SmsSid": "SM2", "SmsStatus": "sent", "ErrorCode": ""})
    assert (report.provider_id, report.state, report.error_code) == ("SM2", DeliveryState.SENT, None)
    with pytest.raises(MessagingError, match="unknown message status 'exploded'") as info:
        parse_status_callback({"MessageSid": "SM1", "MessageStatus": "exploded"})
    assert info.value.code == "callback_unknown_status"
    with pytest.raises(MessagingError, match="without MessageSid"):
        parse_status_callback({"MessageStatus": "sent"})
    with pytest.raises(MessagingError):
        parse_status_callback({"MessageSid": "SM1"})


def test_parse_inbound() -> None:
    params = inbound_params("+33611111111", SENDER, "STOP", ACCOUNT_SID, sid="SM" + "9" * 32)
    inbound = parse_inbound(params)
    assert inbound.from_ == "+33611111111" and inbound.to == SENDER and inbound.body == "STOP"
    assert inbound.provider_id == "SM" + "9" * 32 and inbound.account_id == ACCOUNT_SID
    with pytest.raises(MessagingError):
        parse_inbound({"Body": "hi"})


ADVANCES = [
    (None, DeliveryState.QUEUED, True),
    (None, DeliveryState.DELIVERED, True),
    (DeliveryState.QUEUED, DeliveryState.SENT, True),
    (DeliveryState.QUEUED, DeliveryState.QUEUED, False),
    (DeliveryState.SENT, DeliveryState.DELIVERED, True),
    (DeliveryState.SENT, DeliveryState.FAILED, True),
    (DeliveryState.SENT, DeliveryState.QUEUED, False),
    (DeliveryState.DELIVERED, DeliveryState.SENT, False),
    (DeliveryState.DELIVERED, DeliveryState.DELIVERED, False),
    (DeliveryState.DELIVERED, DeliveryState.FAILED, False),
    (DeliveryState.FAILED, DeliveryState.DELIVERED, False),
    (DeliveryState.CANCELED, DeliveryState.QUEUED, False),
]


@pytest.mark.parametrize("current, new, expected", ADVANCES)
def test_advances_table(current: DeliveryState | None, new: DeliveryState, expected: bool) -> None:
    assert advances(current, new) is expected


_ORDER = {DeliveryState.QUEUED: 1, DeliveryState.SENT: 2}


@given(st.lists(st.sampled_from(list(DeliveryState)), max_size=12))
def test_replayed_callbacks_never_move_back(callbacks: list[DeliveryState]) -> None:
    state: DeliveryState | None = None
    history = []
    for new in callbacks:
        if advances(state, new):
            state = new
        history.append(state)
    ranks = [_ORDER.get(s, 3) for s in history if s is not None]
    assert ranks == sorted(ranks)  # never backwards
    terminal = [s for s in history if s is not None and _ORDER.get(s, 3) == 3]
    assert len(set(terminal)) <= 1  # the first final state sticks
    # replaying the whole sequence changes nothing
    for new in callbacks:
        assert not advances(state, new) or state is None


# ---------------------------------------------------------------- signatures


def test_genuine_callback_validates(receiver: CallbackReceiver) -> None:
    url = f"{receiver.base_url}/sms/status/abc?db=prod"
    params = {"MessageSid": "SM1", "MessageStatus": "delivered", "AccountSid": ACCOUNT_SID}
    response = post_callback(url, params, AUTH_TOKEN)
    assert response.status_code == 204
    [got] = receiver.received
    signature = got["headers"]["X-Twilio-Signature"]
    received_url = receiver.base_url + got["path"]
    assert got["form"] == params
    assert check_signature(received_url, got["form"], signature, AUTH_TOKEN)
    assert signature == sign(url, params, AUTH_TOKEN)
    gw = TwilioGateway(ACCOUNT_SID, AUTH_TOKEN, from_number=SENDER)
    assert gw.check_signature(received_url, got["form"], signature)
    assert gw.parse_status_callback(got["form"]).state is DeliveryState.DELIVERED


def test_forged_callbacks_fail(receiver: CallbackReceiver) -> None:
    url = f"{receiver.base_url}/sms/status/abc"
    params = {"MessageSid": "SM1", "MessageStatus": "delivered"}
    post_callback(url, params, AUTH_TOKEN, forge=True)  # signed with another token
    post_callback(url, params, AUTH_TOKEN, signature="")  # no signature at all
    post_callback(url, params, AUTH_TOKEN, signature="bm90IGEgc2lnbmF0dXJl")  # garbage
    forged, missing, garbage = receiver.received
    received_url = receiver.base_url + forged["path"]
    assert not check_signature(received_url, forged["form"], forged["headers"]["X-Twilio-Signature"], AUTH_TOKEN)
    assert not check_signature(received_url, missing["form"], missing["headers"].get("X-Twilio-Signature"), AUTH_TOKEN)
    assert not check_signature(received_url, garbage["form"], garbage["headers"]["X-Twilio-Signature"], AUTH_TOKEN)
    # a genuine signature does not cover a tampered parameter or another URL
    genuine = sign(url, params, AUTH_TOKEN)
    assert check_signature(url, params, genuine, AUTH_TOKEN)
    assert not check_signature(url, {**params, "MessageStatus": "failed"}, genuine, AUTH_TOKEN)
    assert not check_signature(url, {**params, "Extra": "1"}, genuine, AUTH_TOKEN)
    assert not check_signature(url + "?x=1", params, genuine, AUTH_TOKEN)
    assert not check_signature(url, params, genuine, "other-token")
    assert not check_signature(url, params, genuine, "")
    assert not check_signature(url, params, None, AUTH_TOKEN)
    assert not check_signature(url, params, 12345, AUTH_TOKEN)  # type: ignore[arg-type]
    assert not check_signature(url, {"MessageSid": object()}, genuine, AUTH_TOKEN)  # type: ignore[dict-item]


def test_multi_valued_params_validate() -> None:
    url = "https://odoo.example.com/sms/inbound"
    params = {"Body": "hi", "MediaUrl0": "https://x/1"}
    signature = sign(url, params, AUTH_TOKEN)
    assert check_signature(url, {"Body": ["hi"], "MediaUrl0": ["https://x/1"]}, signature, AUTH_TOKEN)


def test_behind_tls_proxy_validates_via_candidate_urls(receiver: CallbackReceiver) -> None:
    public = "https://odoo.example.com"
    internal_url = f"{receiver.base_url}/sms/status/abc?db=prod"
    params = {"MessageSid": "SM1", "MessageStatus": "sent"}
    post_callback(internal_url, params, AUTH_TOKEN, signed_url=f"{public}/sms/status/abc?db=prod")
    [got] = receiver.received
    received_url = receiver.base_url + got["path"]
    signature = got["headers"]["X-Twilio-Signature"]
    assert not check_signature(received_url, got["form"], signature, AUTH_TOKEN)
    assert check_signature(received_url, got["form"], signature, AUTH_TOKEN, public_base_url=public)
    assert check_signature(received_url, got["form"], signature, AUTH_TOKEN, public_base_url=public + "/")
    assert not check_signature(
        received_url, got["form"], signature, AUTH_TOKEN, public_base_url="https://evil.example.com"
    )
    # Twilio may sign the URL with the default port
    with_port = sign(f"{public}:443/sms/status/abc?db=prod", params, AUTH_TOKEN)
    assert check_signature(received_url, params, with_port, AUTH_TOKEN, public_base_url=public)


def test_candidate_urls() -> None:
    urls = list(candidate_urls("http://10.0.0.5:8069/sms/status?db=x&ref=1", "https://odoo.example.com"))
    assert urls == [
        "http://10.0.0.5:8069/sms/status?db=x&ref=1",
        "https://odoo.example.com/sms/status?db=x&ref=1",
        "https://odoo.example.com:443/sms/status?db=x&ref=1",
    ]
    assert list(candidate_urls("https://a.example.com:443/x")) == [
        "https://a.example.com:443/x",
        "https://a.example.com/x",
    ]
    assert list(candidate_urls("http://a.example.com/x", "http://a.example.com")) == [
        "http://a.example.com/x",
        "http://a.example.com:80/x",
    ]
    assert list(candidate_urls("http://a/x", "https://pub.example.com/odoo")) == [
        "http://a/x",
        "http://a:80/x",
        "https://pub.example.com/odoo/x",
        "https://pub.example.com:443/odoo/x",
    ]


def test_server_delivers_signed_status_callback(
    server: TwilioTestServer, gateway: TwilioGateway, receiver: CallbackReceiver
) -> None:
    callback = f"{receiver.base_url}/sms/status/ref-1"
    sent = gateway.send(sms(callback=callback))
    assert sent.provider_id
    assert server.deliver(sent.provider_id, "undelivered", error_code=30007).status_code == 204
    [got] = receiver.received
    assert check_signature(callback, got["form"], got["headers"]["X-Twilio-Signature"], AUTH_TOKEN)
    report = gateway.parse_status_callback(got["form"])
    assert (report.provider_id, report.state, report.failure_type) == (
        sent.provider_id,
        DeliveryState.FAILED,
        FailureType.REJECTED,
    )
    assert server.message(sent.provider_id)["status"] == "undelivered"


def test_find_sent_sees_through_the_trial_account_prefix():
    """A trial account stores "Sent from your Twilio trial account - <text>": the
    message is still recognised, so an SMS whose answer was lost is not resent."""
    from datetime import datetime, timedelta, timezone

    from messaging_core.gateways import OutboundSms, SendStatus, TwilioGateway
    from messaging_core.gateways.twilio import TRIAL_PREFIX
    from messaging_core.testing.twilio_server import TwilioTestServer

    with TwilioTestServer("AC" + "0" * 32, "token") as server:
        gateway = TwilioGateway("AC" + "0" * 32, "token", from_number="+15005550006", base_url=server.base_url)
        since = datetime.now(timezone.utc) - timedelta(seconds=5)
        sent = gateway.send(OutboundSms(to="+33612345678", body=TRIAL_PREFIX + "Votre voiture est prête."))
        assert sent.status is SendStatus.ACCEPTED
        found = gateway.find_sent(OutboundSms(to="+33612345678", body="Votre voiture est prête."), since)
        assert found is not None and found.provider_id == sent.provider_id
        assert gateway.find_sent(OutboundSms(to="+33612345678", body="Autre texte"), since) is None
