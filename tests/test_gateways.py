"""Sandbox gateway, routing by prefix, and the gateway factory."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from messaging_core.errors import MessagingError
from messaging_core.gateways import (
    GATEWAY_KINDS,
    DeliveryState,
    FailureType,
    OutboundSms,
    Route,
    SandboxGateway,
    SendStatus,
    SmsGateway,
    TwilioGateway,
    build_gateway,
    choose_route,
    normalize_prefix,
)

# ------------------------------------------------------------------ sandbox


@pytest.fixture(autouse=True)
def clean_sandbox() -> Iterator[None]:
    SandboxGateway.clear_all()
    yield
    SandboxGateway.clear_all()


def test_sandbox_records_what_would_be_sent() -> None:
    gateway = SandboxGateway("records")
    assert isinstance(gateway, SmsGateway) and gateway.kind == "sandbox"
    first = OutboundSms("+33612345678", "hello", reference="r1", status_callback="https://x/cb")
    second = OutboundSms("+32470123456", "bonjour")
    results = [gateway.send(first), gateway.send(second)]
    assert all(r.status is SendStatus.ACCEPTED and r.provider_status == "queued" for r in results)
    for result in results:
        assert result.provider_id and re.fullmatch(r"SB[0-9a-f]{32}", result.provider_id)
    assert results[0].provider_id != results[1].provider_id
    assert gateway.messages == [first, second]
    assert [r.sid for r in gateway.records] == [r.provider_id for r in results]
    assert SandboxGateway.outbox("records").messages == [first, second]
    assert len(SandboxGateway.outbox("records")) == 2


def test_sandbox_fail_numbers() -> None:
    gateway = SandboxGateway("fails", fail_numbers={"+33600000001": FailureType.OPTOUT})
    outbox = SandboxGateway.outbox("fails")
    outbox.fail_numbers["+33600000002"] = FailureType.COUNTRY_NOT_SUPPORTED
    cases = {
        "+33600000001": FailureType.OPTOUT,
        "+33600000002": FailureType.COUNTRY_NOT_SUPPORTED,
        "": FailureType.NUMBER_MISSING,
        "0612345678": FailureType.NUMBER_FORMAT,
        "+33 6 12": FailureType.NUMBER_FORMAT,
    }
    for number, failure in cases.items():
        result = gateway.send(OutboundSms(number, "hi"))
        assert (result.status, result.failure_type) == (SendStatus.FAILED, failure), number
        assert result.error_code == failure.value
    assert outbox.messages == []
    assert len(outbox.attempts) == len(cases)
    # a gateway's own fail_numbers do not leak to other gateways of the outbox
    assert SandboxGateway("fails").send(OutboundSms("+33600000001", "hi")).accepted


def test_sandbox_fail_numbers_accept_values_and_reject_garbage() -> None:
    gateway = SandboxGateway(fail_numbers={"+33600000001": "sms_blacklist"})
    assert gateway.send(OutboundSms("+33600000001", "x")).failure_type is FailureType.BLACKLIST
    with pytest.raises(MessagingError):
        SandboxGateway(fail_numbers={"+33600000001": "no-such-type"})


def test_sandbox_find_sent() -> None:
    gateway = SandboxGateway("find")
    since = datetime.now(timezone.utc)
    message = OutboundSms("+33612345678", "code 1234")
    assert gateway.find_sent(message, since) is None
    first = gateway.send(message)
    second = gateway.send(message)
    gateway.send(OutboundSms("+33612345678", "other"))
    found = gateway.find_sent(message, since)
    assert found is not None and found.status is SendStatus.ACCEPTED
    assert found.provider_id == second.provider_id  # newest first
    older = gateway.find_sent(message, since, exclude={second.provider_id or ""})
    assert older is not None and older.provider_id == first.provider_id
    assert gateway.find_sent(message, since, exclude={first.provider_id or "", second.provider_id or ""}) is None
    assert gateway.find_sent(message, since + timedelta(minutes=1)) is None
    assert gateway.find_sent(message, since.replace(tzinfo=None) - timedelta(seconds=1)) is not None
    assert gateway.find_sent(OutboundSms("+33612345679", "code 1234"), since) is None


def test_sandbox_registry_isolation() -> None:
    company_1, company_2 = SandboxGateway(1), SandboxGateway("2")
    company_1.send(OutboundSms("+33612345678", "for 1"))
    assert [m.body for m in SandboxGateway.outbox("1").messages] == ["for 1"]  # 1 and "1" are one name
    assert SandboxGateway.outbox(2).messages == [] == company_2.messages
    assert SandboxGateway(1).messages == company_1.messages  # a new gateway, the same outbox
    since = datetime.now(timezone.utc) - timedelta(minutes=1)
    assert company_2.find_sent(OutboundSms("+33612345678", "for 1"), since) is None
    SandboxGateway.outbox(1).fail_numbers["+33611111111"] = FailureType.OPTOUT
    assert company_2.send(OutboundSms("+33611111111", "x")).accepted
    SandboxGateway.outbox(1).clear()
    assert company_1.messages == [] and SandboxGateway.outbox(1).fail_numbers == {}
    assert len(SandboxGateway.outbox(2)) == 1


def test_sandbox_is_thread_safe() -> None:
    gateway = SandboxGateway("threads")

    def worker(index: int) -> None:
        for n in range(50):
            gateway.send(OutboundSms(f"+336{index:02d}{n:06d}", "x"))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    records = SandboxGateway.outbox("threads").records
    assert len(records) == 400 and len({r.sid for r in records}) == 400


def test_sandbox_status_callback() -> None:
    gateway = SandboxGateway("cb")
    report = gateway.parse_status_callback({"MessageSid": "SB1", "MessageStatus": "delivered"})
    assert (report.provider_id, report.state, report.failure_type) == ("SB1", DeliveryState.DELIVERED, None)
    failed = gateway.parse_status_callback(
        {"MessageSid": "SB1", "MessageStatus": "failed", "ErrorCode": "sms_invalid_destination"}
    )
    assert failed.failure_type is FailureType.INVALID_DESTINATION
    with pytest.raises(MessagingError):
        gateway.parse_status_callback({"MessageSid": "SB1", "MessageStatus": "lost"})
    with pytest.raises(MessagingError):
        gateway.parse_status_callback({"MessageStatus": "sent"})


# ------------------------------------------------------------------ routing

ROUTES = [
    Route("us", ("+1",)),
    Route("us-sf", ("+1 415",)),
    Route("fr-be", ("+33", "+32"), sequence=5),
    Route("fr-mobile-a", ("+336",), sequence=20),
    Route("fr-mobile-b", ("+336",), sequence=10),
    Route("fallback-late", (), sequence=50),
    Route("fallback", (), sequence=30),
]


@pytest.mark.parametrize(
    "number, key",
    [
        ("+14155550100", "us-sf"),  # longest prefix
        ("+12125550100", "us"),
        ("+33612345678", "fr-mobile-b"),  # same prefix: lowest sequence
        ("+33112345678", "fr-be"),
        ("+32470123456", "fr-be"),
        ("+4420 7946 0000", "fallback"),  # no prefix: the first fallback by sequence
    ],
)
def test_choose_route(number: str, key: str) -> None:
    route = choose_route(number, ROUTES)
    assert route is not None and route.key == key


def test_choose_route_ties_and_none() -> None:
    same = [Route("a", ("+33",)), Route("b", ("+33",))]
    assert choose_route("+33612345678", same).key == "a"  # type: ignore[union-attr]
    assert choose_route("+33612345678", [Route("b", ("+33",), 1), Route("a", ("+33",), 2)]).key == "b"  # type: ignore[union-attr]
    assert choose_route("+33612345678", [Route("x"), Route("y")]).key == "x"  # type: ignore[union-attr]
    assert choose_route("+4420", [Route("us", ("+1",))]) is None
    assert choose_route("+4420", []) is None


def test_route_prefix_normalisation() -> None:
    assert Route("r", (" +1 415 ", "+44\t7")).prefixes == ("+1415", "+447")
    assert Route("r", "+33, +32; +1 212").prefixes == ("+33", "+32", "+1212")  # type: ignore[arg-type]
    assert Route("r").is_fallback and not Route("r", ("+1",)).is_fallback
    assert normalize_prefix("+ 3 3") == "+33"


@pytest.mark.parametrize("prefix", ["33", "+", "", "+33a", "0033", "++33", "+3-3"])
def test_invalid_prefix(prefix: str) -> None:
    with pytest.raises(MessagingError, match="Invalid routing prefix") as info:
        Route("bad", (prefix,))
    assert info.value.code == "invalid_prefix"


@pytest.mark.parametrize("number", ["", "0612345678", "+33 6 AB", "33612345678"])
def test_choose_route_rejects_non_e164(number: str) -> None:
    with pytest.raises(MessagingError) as info:
        choose_route(number, ROUTES)
    assert info.value.code == "invalid_number"


_prefixes = st.text(alphabet="0123456789", min_size=1, max_size=4).map(lambda d: "+" + d)
_routes = st.lists(
    st.builds(
        Route,
        key=st.integers(0, 1000),
        prefixes=st.lists(_prefixes, max_size=3).map(tuple),
        sequence=st.integers(0, 20),
    ),
    max_size=8,
)


@given(number=st.text(alphabet="0123456789", min_size=1, max_size=15).map(lambda d: "+" + d), routes=_routes)
def test_choose_route_properties(number: str, routes: list[Route]) -> None:
    chosen = choose_route(number, routes)
    matching = [p for route in routes for p in route.prefixes if number.startswith(p)]
    fallbacks = [route for route in routes if route.is_fallback]
    if matching:
        assert chosen is not None
        best = chosen.match_length(number)
        assert best > 0  # the chosen route's prefix is a prefix of the number
        assert best == max(len(p) for p in matching)  # and no longer one exists
        rivals = [route for route in routes if route.match_length(number) == best]
        assert chosen.sequence == min(route.sequence for route in rivals)
        assert chosen is next(route for route in rivals if route.sequence == chosen.sequence)
    elif fallbacks:
        assert chosen is not None and chosen.is_fallback
        assert chosen.sequence == min(route.sequence for route in fallbacks)
    else:
        assert chosen is None


# ------------------------------------------------------------------ factory


def test_build_gateway() -> None:
    assert set(GATEWAY_KINDS) == {"twilio", "sandbox"}
    sandbox = build_gateway("sandbox", name=7)
    assert isinstance(sandbox, SandboxGateway) and sandbox.name == "7"
    twilio = build_gateway(
        "twilio",
        account_sid="AC" + "0" * 32,
        auth_token="t",
        from_number="+15005550006",
        base_url="http://127.0.0.1:9",
        read_timeout=3,
    )
    assert isinstance(twilio, TwilioGateway) and twilio.read_timeout == 3.0
    assert isinstance(twilio, SmsGateway)


def test_build_gateway_errors() -> None:
    with pytest.raises(MessagingError, match="Unknown SMS gateway kind 'carrier-pigeon'"):
        build_gateway("carrier-pigeon")
    with pytest.raises(MessagingError, match="Invalid settings for the sandbox") as info:
        build_gateway("sandbox", colour="red")
    assert info.value.code == "gateway_config"
    with pytest.raises(MessagingError, match="Invalid settings for the twilio"):
        build_gateway("twilio", from_number="+15005550006")  # no credentials
    with pytest.raises(MessagingError, match="exactly one"):
        build_gateway("twilio", account_sid="AC1", auth_token="t")
