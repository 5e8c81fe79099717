"""Phone numbers: parse what people type, store and send E.164.

Built on :mod:`phonenumbers` (Google's libphonenumber metadata). The entry points:

:func:`normalize`             a valid number -> :class:`PhoneNumber`, else raises
                              :class:`InvalidPhoneNumber`
:func:`normalize_mobile`      the same, and the number must be able to receive SMS
:func:`try_normalize`         :func:`normalize` returning ``None`` instead of raising
:func:`country_prefix_match`  longest routing prefix (``"+33"``, ``"+44 7"``) of
                              a number

What is accepted (the way people type numbers in a contact form):

* separators: spaces (also non-breaking), dots, dashes, slashes, parentheses,
  e.g. ``"06.12.34.56.78"``, ``"(201) 555-0123"``, ``"+33 (0)6 12 34 56 78"``;
* ``+`` followed by the country calling code;
* ``00`` followed by the country calling code, the international prefix of most of
  the world, even without a default region or when the default region dials
  abroad with something else (the US use ``011``). The default region's own
  international prefix (``011`` from the US, ``001`` from Korea...) works too.
  When a ``00...`` input reads as a valid number under the default region's own
  dialling rules, that reading wins; otherwise ``00`` is read as ``+``;
* national numbers (``"0612345678"``) when a default region (``"FR"``) is given.

What is refused, with a distinct :attr:`InvalidPhoneNumber.code`:

``empty``                 nothing but whitespace (also ``None``/``False`` from Odoo)
``unparsable``            not a phone number at all, or it contains letters: vanity
                          numbers (``1-800-FLOWERS``) and labels (``"Tel: ..."``,
                          ``"06... (old)"``) are refused rather than guessed at
``extension``             an extension (``"ext. 12"``, ``"x12"``, ``";ext=12"``): a text
                          message cannot reach an extension, so it is refused rather
                          than silently stripped (which would message the switchboard)
``no_region``             a national number and no (or an unknown) default region
``invalid_country_code``  ``+``/``00`` followed by no existing country calling code
``too_short``             too few digits (also: a local number without its area code)
``too_long``              too many digits
``invalid``               the right length but not a number of the plan
                          (an unallocated range)
``not_mobile``            (only :func:`normalize_mobile`) a valid number that cannot be
                          told to be a mobile

Every error has ``params["number"]`` (the input as typed) and
``params["default_region"]`` (the region used: upper-cased, ``None`` when missing
or unknown); ``extension`` also has ``extension`` (its digits), ``not_mobile`` also
has ``e164`` and ``kind`` (a :class:`NumberKind` value).
"""

from __future__ import annotations

import contextlib
import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import phonenumbers
from phonenumbers import (
    NumberParseException,
    PhoneNumberFormat,
    PhoneNumberType,
    ValidationResult,
    timezone,
)

from .errors import MessagingError

__all__ = [
    "InvalidPhoneNumber",
    "NumberKind",
    "PhoneNumber",
    "country_prefix_match",
    "normalize",
    "normalize_mobile",
    "time_zone_of",
    "try_normalize",
]


class InvalidPhoneNumber(MessagingError):  # noqa: N818 - the name of the public API
    """A phone number that cannot be used; see the module docstring for the codes."""

    code = "invalid"


class NumberKind(str, enum.Enum):
    """What kind of line a number is, as far as the numbering plan tells."""

    MOBILE = "mobile"
    FIXED_LINE = "fixed_line"
    #: The plan does not separate them (US, Canada and the rest of the +1 zone...).
    FIXED_LINE_OR_MOBILE = "fixed_line_or_mobile"
    VOIP = "voip"
    TOLL_FREE = "toll_free"
    PREMIUM = "premium"
    #: Shared cost, personal numbers, pagers, UAN, voicemail access.
    OTHER = "other"
    #: A valid number whose range has no known type.
    UNKNOWN = "unknown"


_KINDS: dict[int, NumberKind] = {
    PhoneNumberType.MOBILE: NumberKind.MOBILE,
    PhoneNumberType.FIXED_LINE: NumberKind.FIXED_LINE,
    PhoneNumberType.FIXED_LINE_OR_MOBILE: NumberKind.FIXED_LINE_OR_MOBILE,
    PhoneNumberType.VOIP: NumberKind.VOIP,
    PhoneNumberType.TOLL_FREE: NumberKind.TOLL_FREE,
    PhoneNumberType.PREMIUM_RATE: NumberKind.PREMIUM,
    PhoneNumberType.SHARED_COST: NumberKind.OTHER,
    PhoneNumberType.PERSONAL_NUMBER: NumberKind.OTHER,
    PhoneNumberType.PAGER: NumberKind.OTHER,
    PhoneNumberType.UAN: NumberKind.OTHER,
    PhoneNumberType.VOICEMAIL: NumberKind.OTHER,
}

#: Kinds a text message can be sent to. ``FIXED_LINE_OR_MOBILE`` is in: in the +1
#: zone (US, Canada...) mobiles and fixed lines share the same ranges, so refusing
#: it would refuse every North American mobile; a message sent to a US landline
#: fails at delivery, which the gateway reports. VOIP, pagers, personal numbers
#: are out: some receive texts, many do not, and the plan cannot tell which.
_SMS_KINDS = frozenset({NumberKind.MOBILE, NumberKind.FIXED_LINE_OR_MOBILE})


@dataclass(frozen=True)
class PhoneNumber:
    """A valid phone number.

    ``e164``           ``"+33612345678"``: what to store, compare and send
    ``region``         ISO 3166 alpha-2 of the number's country (``"FR"``), ``None``
                       for non-geographic numbers (``+800``, ``+882``...)
    ``kind``           :class:`NumberKind`
    ``national``       ``"06 12 34 56 78"``: for display to people of that country
    ``international``  ``"+33 6 12 34 56 78"``: for display to anyone else
    """

    e164: str
    region: str | None
    kind: NumberKind
    national: str
    international: str

    @property
    def is_mobile(self) -> bool:
        """True for mobiles, and for ``FIXED_LINE_OR_MOBILE`` numbers (the +1 zone,
        where the plan cannot tell them apart): a mobile there must not be refused."""
        return self.kind in _SMS_KINDS

    @property
    def can_receive_sms(self) -> bool:
        """Whether a text message may be sent to the number: the same rule as
        :attr:`is_mobile` (a best guess from the plan; only delivery tells for sure)."""
        return self.kind in _SMS_KINDS

    def __str__(self) -> str:
        return self.e164


_MESSAGES = {
    "empty": "The phone number is empty.",
    "unparsable": "{number!r} is not a phone number.",
    "extension": ("{number!r} has an extension ({extension}): a message cannot reach an extension."),
    "no_region": ("{number!r} is a national number: write it with its country code (+...) or set a country."),
    "invalid_country_code": ("{number!r} does not start with an existing country calling code."),
    "too_short": "{number!r} is too short to be a phone number.",
    "too_long": "{number!r} is too long to be a phone number.",
    "invalid": "{number!r} is not a valid phone number.",
    "not_mobile": "{number!r} ({e164}) is not a mobile number.",
}


def _error(code: str, number: Any, default_region: str | None, **params: Any) -> InvalidPhoneNumber:
    message = _MESSAGES[code].format(number=number, **params)
    return InvalidPhoneNumber(message, code=code, number=number, default_region=default_region, **params)


_PARSE_ERRORS = {
    NumberParseException.INVALID_COUNTRY_CODE: "invalid_country_code",
    NumberParseException.NOT_A_NUMBER: "unparsable",
    NumberParseException.TOO_SHORT_AFTER_IDD: "too_short",
    NumberParseException.TOO_SHORT_NSN: "too_short",
    NumberParseException.TOO_LONG: "too_long",
}

_POSSIBILITY_ERRORS = {
    ValidationResult.TOO_SHORT: "too_short",
    # a local number (US "555-0123") that needs its area code
    ValidationResult.IS_POSSIBLE_LOCAL_ONLY: "too_short",
    ValidationResult.TOO_LONG: "too_long",
    ValidationResult.INVALID_COUNTRY_CODE: "invalid_country_code",
}

# what may come before the digits: separators and opening brackets
_LEADING_00 = re.compile(r"^[\s(\[.\-/]*00(?=\d|[\s.\-/()]*\d)")


def _region(default_region: str | None) -> str | None:
    """The default region, upper-cased; ``None`` when missing or unknown to the plan."""
    if not default_region or not isinstance(default_region, str):
        return None
    region = default_region.strip().upper()
    return region if region in phonenumbers.SUPPORTED_REGIONS else None


def _as_international(text: str) -> phonenumbers.PhoneNumber:
    """Read a ``00...`` input as ``+...``. Raises ``NumberParseException``."""
    return phonenumbers.parse(_LEADING_00.sub("+", text, count=1), None)


def _parse(text: str, region: str | None) -> phonenumbers.PhoneNumber:
    """Parse ``text`` under ``region``. A ``00...`` input is also read as ``+...``;
    that reading is used unless the region's own reading is a valid number.
    Raises ``NumberParseException``."""
    leading_00 = _LEADING_00.match(text) is not None
    try:
        parsed = phonenumbers.parse(text, region)
    except NumberParseException:
        if not leading_00:
            raise
        return _as_international(text)
    if leading_00 and not phonenumbers.is_valid_number(parsed):
        with contextlib.suppress(NumberParseException):
            return _as_international(text)
    return parsed


def normalize(number: str | None, default_region: str | None = None) -> PhoneNumber:
    """Parse and validate ``number`` as typed by a person.

    ``default_region`` (ISO 3166 alpha-2, any case: the partner's country, else the
    company's) reads national numbers (``"0612345678"`` with ``"FR"``); a number
    written with ``+`` or ``00`` does not need it. A missing or unknown region
    (``None``, ``False``, ``""``, ``"XX"``) is no region.

    Raises :class:`InvalidPhoneNumber` (codes in the module docstring).
    """
    region = _region(default_region)
    if not number or not isinstance(number, str) or not number.strip():
        raise _error("empty", number, region)
    text = number.strip()
    try:
        parsed = _parse(text, region)
    except NumberParseException as exc:
        code = _PARSE_ERRORS.get(exc.error_type, "unparsable")
        international = text.lstrip("([ ").startswith("+") or _LEADING_00.match(text)
        if code == "invalid_country_code" and not international:
            # a national number that could not be placed: no (known) default region
            code = "no_region" if region is None else "invalid"
        raise _error(code, number, region) from None
    if parsed.extension:
        raise _error("extension", number, region, extension=parsed.extension)
    if any(char.isalpha() for char in text):
        # phonenumbers turns letters into digits (vanity numbers) and skips labels
        raise _error("unparsable", number, region)
    if not phonenumbers.is_valid_number(parsed):
        reason = phonenumbers.is_possible_number_with_reason(parsed)
        raise _error(_POSSIBILITY_ERRORS.get(reason, "invalid"), number, region)

    number_region = phonenumbers.region_code_for_number(parsed)
    if number_region in (None, "ZZ", phonenumbers.REGION_CODE_FOR_NON_GEO_ENTITY):
        number_region = None
    return PhoneNumber(
        e164=phonenumbers.format_number(parsed, PhoneNumberFormat.E164),
        region=number_region,
        kind=_KINDS.get(phonenumbers.number_type(parsed), NumberKind.UNKNOWN),
        national=phonenumbers.format_number(parsed, PhoneNumberFormat.NATIONAL),
        international=phonenumbers.format_number(parsed, PhoneNumberFormat.INTERNATIONAL),
    )


def normalize_mobile(number: str | None, default_region: str | None = None) -> PhoneNumber:
    """:func:`normalize`, and the number must be able to receive text messages
    (:attr:`PhoneNumber.can_receive_sms`: a mobile, or a +1-zone number that may be
    one); otherwise :class:`InvalidPhoneNumber` with code ``not_mobile``."""
    phone = normalize(number, default_region)
    if not phone.can_receive_sms:
        raise _error(
            "not_mobile",
            number,
            _region(default_region),
            e164=phone.e164,
            kind=phone.kind.value,
        )
    return phone


def try_normalize(number: str | None, default_region: str | None = None, *, mobile: bool = False) -> PhoneNumber | None:
    """:func:`normalize` (:func:`normalize_mobile` with ``mobile=True``), or ``None``
    when the number is not valid."""
    try:
        if mobile:
            return normalize_mobile(number, default_region)
        return normalize(number, default_region)
    except InvalidPhoneNumber:
        return None


def _prefix_digits(text: str) -> str:
    return "".join(text.split()).removeprefix("+")


def country_prefix_match(e164: str, prefixes: Iterable[str]) -> str | None:
    """The longest of ``prefixes`` that ``e164`` starts with, as given, or ``None``.

    Used to route text messages by destination: ``"+33"``, ``"+1"``, ``"+44 7"``.
    Whitespace is ignored on both sides and the ``+`` is optional (``"44 7"`` is
    ``"+447"``). An empty prefix (``""``, ``"+"``) matches nothing: a default route
    is the caller's business. Of equal prefixes (``"+33"``, ``"+ 33"``), the first wins.
    """
    digits = _prefix_digits(e164)
    if not digits:
        return None
    best: str | None = None
    best_length = 0
    for prefix in prefixes:
        wanted = _prefix_digits(prefix)
        if len(wanted) > best_length and digits.startswith(wanted):
            best, best_length = prefix, len(wanted)
    return best


def time_zone_of(e164: str | None) -> str | None:
    """The IANA time zone of a number when its prefix names exactly one (``+33...``:
    ``Europe/Paris``), else ``None`` (``+1 212``: one zone; ``+7 9xx`` mobiles: many)."""
    if not e164:
        return None
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return None
    zones = [zone for zone in timezone.time_zones_for_number(parsed) if zone != "Etc/Unknown"]
    return zones[0] if len(zones) == 1 else None
