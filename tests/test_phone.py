"""Tests of :mod:`messaging_core.phone`."""

from __future__ import annotations

import dataclasses

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st
from phonenumbers import PhoneNumberFormat, PhoneNumberType
from phonenumbers.phonemetadata import PhoneMetadata

from messaging_core.errors import MessagingError
from messaging_core.phone import (
    InvalidPhoneNumber,
    NumberKind,
    PhoneNumber,
    country_prefix_match,
    normalize,
    normalize_mobile,
    time_zone_of,
    try_normalize,
)

# --- valid numbers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "region", "e164", "kind", "number_region"),
    [
        # France, mobile
        ("06 12 34 56 78", "FR", "+33612345678", NumberKind.MOBILE, "FR"),
        ("0612345678", "FR", "+33612345678", NumberKind.MOBILE, "FR"),
        ("0612345678", "fr", "+33612345678", NumberKind.MOBILE, "FR"),
        (" 0612345678 ", " FR ", "+33612345678", NumberKind.MOBILE, "FR"),
        ("06.12.34.56.78", "FR", "+33612345678", NumberKind.MOBILE, "FR"),
        ("06-12-34-56-78", "FR", "+33612345678", NumberKind.MOBILE, "FR"),
        ("06\u00a012\u00a034\u00a056\u00a078", "FR", "+33612345678", NumberKind.MOBILE, "FR"),
        ("+33 6 12 34 56 78", None, "+33612345678", NumberKind.MOBILE, "FR"),
        ("+33612345678", "US", "+33612345678", NumberKind.MOBILE, "FR"),
        ("+33 (0)6 12 34 56 78", None, "+33612345678", NumberKind.MOBILE, "FR"),
        ("0033 6 12 34 56 78", None, "+33612345678", NumberKind.MOBILE, "FR"),
        ("0033612345678", "FR", "+33612345678", NumberKind.MOBILE, "FR"),
        ("0033612345678", "BE", "+33612345678", NumberKind.MOBILE, "FR"),
        # "00" from a country dialling abroad with 011
        ("0033612345678", "US", "+33612345678", NumberKind.MOBILE, "FR"),
        # the region's own international prefix
        ("011 33 6 12 34 56 78", "US", "+33612345678", NumberKind.MOBILE, "FR"),
        ("(00 33) 6 12 34 56 78", None, "+33612345678", NumberKind.MOBILE, "FR"),
        # France, others
        ("01 23 45 67 89", "FR", "+33123456789", NumberKind.FIXED_LINE, "FR"),
        ("+33 1 42 68 53 00", None, "+33142685300", NumberKind.FIXED_LINE, "FR"),
        ("09 12 34 56 78", "FR", "+33912345678", NumberKind.VOIP, "FR"),
        ("0 801 23 45 67", "FR", "+33801234567", NumberKind.TOLL_FREE, "FR"),
        ("0 891 12 34 56", "FR", "+33891123456", NumberKind.PREMIUM, "FR"),
        # Belgium
        ("0470 12 34 56", "BE", "+32470123456", NumberKind.MOBILE, "BE"),
        ("0470/12.34.56", "BE", "+32470123456", NumberKind.MOBILE, "BE"),
        ("+32 470 12 34 56", None, "+32470123456", NumberKind.MOBILE, "BE"),
        ("0032 470 12 34 56", "FR", "+32470123456", NumberKind.MOBILE, "BE"),
        ("02 555 12 12", "BE", "+3225551212", NumberKind.FIXED_LINE, "BE"),
        ("+32 2 555 12 12", None, "+3225551212", NumberKind.FIXED_LINE, "BE"),
        # United States: mobiles and fixed lines share the ranges
        ("(201) 555-0123", "US", "+12015550123", NumberKind.FIXED_LINE_OR_MOBILE, "US"),
        ("201.555.0123", "US", "+12015550123", NumberKind.FIXED_LINE_OR_MOBILE, "US"),
        ("+1 201-555-0123", None, "+12015550123", NumberKind.FIXED_LINE_OR_MOBILE, "US"),
        ("1 (201) 555-0123", "US", "+12015550123", NumberKind.FIXED_LINE_OR_MOBILE, "US"),
        ("001 201 555 0123", "FR", "+12015550123", NumberKind.FIXED_LINE_OR_MOBILE, "US"),
        ("(800) 234-5678", "US", "+18002345678", NumberKind.TOLL_FREE, "US"),
        # United Kingdom
        ("07400 123456", "GB", "+447400123456", NumberKind.MOBILE, "GB"),
        ("+44 7400 123456", None, "+447400123456", NumberKind.MOBILE, "GB"),
        ("0044 7400 123456", None, "+447400123456", NumberKind.MOBILE, "GB"),
        ("020 7946 0000", "GB", "+442079460000", NumberKind.FIXED_LINE, "GB"),
        ("+44 (0)20 7946 0000", None, "+442079460000", NumberKind.FIXED_LINE, "GB"),
        ("0121 234 5678", "gb", "+441212345678", NumberKind.FIXED_LINE, "GB"),
        # non-geographic: no region
        ("+800 1234 5678", None, "+80012345678", NumberKind.TOLL_FREE, None),
    ],
)
def test_normalize_valid(typed, region, e164, kind, number_region):
    phone = normalize(typed, region)
    assert phone.e164 == e164
    assert phone.kind is kind
    assert phone.region == number_region


@pytest.mark.parametrize(
    ("typed", "region", "national", "international"),
    [
        ("0612345678", "FR", "06 12 34 56 78", "+33 6 12 34 56 78"),
        ("+3225551212", None, "02 555 12 12", "+32 2 555 12 12"),
        ("2015550123", "US", "(201) 555-0123", "+1 201-555-0123"),
        ("07400123456", "GB", "07400 123456", "+44 7400 123456"),
    ],
)
def test_normalize_display_formats(typed, region, national, international):
    phone = normalize(typed, region)
    assert phone.national == national
    assert phone.international == international


def test_phone_number_is_frozen_and_prints_as_e164():
    phone = normalize("+33612345678")
    assert str(phone) == "+33612345678"
    assert phone == normalize("06 12 34 56 78", "FR")
    with pytest.raises(dataclasses.FrozenInstanceError):
        phone.e164 = "+33700000000"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("kind", "mobile"),
    [
        (NumberKind.MOBILE, True),
        (NumberKind.FIXED_LINE_OR_MOBILE, True),
        (NumberKind.FIXED_LINE, False),
        (NumberKind.VOIP, False),
        (NumberKind.TOLL_FREE, False),
        (NumberKind.PREMIUM, False),
        (NumberKind.OTHER, False),
        (NumberKind.UNKNOWN, False),
    ],
)
def test_is_mobile_and_can_receive_sms_by_kind(kind, mobile):
    phone = PhoneNumber("+33612345678", "FR", kind, "06 12 34 56 78", "+33 6 12 34 56 78")
    assert phone.is_mobile is mobile
    assert phone.can_receive_sms is mobile


# --- invalid numbers --------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "region", "code"),
    [
        ("", "FR", "empty"),
        ("   ", "FR", "empty"),
        ("\t\n", None, "empty"),
        (None, "FR", "empty"),
        ("abc", "FR", "unparsable"),
        ("not a number", None, "unparsable"),
        ("+", None, "unparsable"),
        ("--", "FR", "unparsable"),
        ("0", "FR", "unparsable"),
        # letters: vanity numbers and labels are not guessed at
        ("1-800-FLOWERS", "US", "unparsable"),
        ("Tel: 06 12 34 56 78", "FR", "unparsable"),
        ("06 12 34 56 78 (old)", "FR", "unparsable"),
        # two numbers in one field
        ("06 12 34 56 78, 06 98 76 54 32", "FR", "unparsable"),
        # national numbers need a region
        ("06 12 34 56 78", None, "no_region"),
        ("06 12 34 56 78", "", "no_region"),
        ("06 12 34 56 78", False, "no_region"),
        ("06 12 34 56 78", "XX", "no_region"),
        ("(201) 555-0123", None, "no_region"),
        ("+999 123 4567", None, "invalid_country_code"),
        ("00999 123 4567", None, "invalid_country_code"),
        ("+33 6", None, "too_short"),
        ("06 12", "FR", "too_short"),
        ("0612 345", "FR", "too_short"),
        ("555-0123", "US", "too_short"),  # a local number, no area code
        ("+33 6 12 34 56 78 9", None, "too_long"),
        ("06 12 34 56 78 90", "FR", "too_long"),
        ("+33 6 12 34 56 78 90 12 34 56 78 90", None, "too_long"),
        ("+1 555 555 5555", None, "invalid"),  # area code 555 is not assigned
        ("+33 6 12 34 56 78 ext. 12", None, "extension"),
        ("+1 201 555 0123 x45", None, "extension"),
        ("01 23 45 67 89;ext=4", "FR", "extension"),
    ],
)
def test_normalize_invalid(typed, region, code):
    with pytest.raises(InvalidPhoneNumber) as info:
        normalize(typed, region)
    assert info.value.code == code
    assert info.value.params["number"] == typed


def test_invalid_phone_number_error_details():
    with pytest.raises(InvalidPhoneNumber) as info:
        normalize("06 12", "fr")
    error = info.value
    assert isinstance(error, MessagingError)
    assert error.params == {"number": "06 12", "default_region": "FR"}
    assert "'06 12'" in str(error)
    assert str(error) == error.message


def test_no_region_error_names_the_number():
    with pytest.raises(InvalidPhoneNumber) as info:
        normalize("06 12 34 56 78")
    assert info.value.code == "no_region"
    assert "'06 12 34 56 78'" in str(info.value)
    assert info.value.params["default_region"] is None


def test_extension_is_refused_not_stripped():
    with pytest.raises(InvalidPhoneNumber) as info:
        normalize("+33 1 23 45 67 89 ext. 12")
    assert info.value.code == "extension"
    assert info.value.params["extension"] == "12"
    assert "ext. 12" in str(info.value)


# --- mobiles ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "region", "e164"),
    [
        ("06 12 34 56 78", "FR", "+33612345678"),
        ("07 81 23 45 67", "FR", "+33781234567"),
        ("0470 12 34 56", "BE", "+32470123456"),
        ("07400 123456", "GB", "+447400123456"),
        # cannot tell in the US: accepted
        ("(201) 555-0123", "US", "+12015550123"),
    ],
)
def test_normalize_mobile_accepts_mobiles(typed, region, e164):
    phone = normalize_mobile(typed, region)
    assert phone.e164 == e164
    assert phone.is_mobile
    assert phone.can_receive_sms


@pytest.mark.parametrize(
    ("typed", "region", "kind"),
    [
        ("01 23 45 67 89", "FR", "fixed_line"),
        ("+32 2 555 12 12", None, "fixed_line"),
        ("020 7946 0000", "GB", "fixed_line"),
        ("09 12 34 56 78", "FR", "voip"),
        ("0 801 23 45 67", "FR", "toll_free"),
        ("(800) 234-5678", "US", "toll_free"),
    ],
)
def test_normalize_mobile_refuses_other_lines(typed, region, kind):
    with pytest.raises(InvalidPhoneNumber) as info:
        normalize_mobile(typed, region)
    error = info.value
    assert error.code == "not_mobile"
    assert error.params["number"] == typed
    assert error.params["kind"] == kind
    assert error.params["e164"] == normalize(typed, region).e164
    assert error.params["e164"] in str(error)


def test_normalize_mobile_reports_invalid_numbers_as_such():
    with pytest.raises(InvalidPhoneNumber) as info:
        normalize_mobile("06 12", "FR")
    assert info.value.code == "too_short"


def test_try_normalize():
    assert try_normalize("06 12 34 56 78", "FR") == normalize("+33612345678")
    assert try_normalize("06 12 34 56 78") is None
    assert try_normalize("") is None
    assert try_normalize(None) is None
    assert try_normalize("garbage", "FR") is None
    assert try_normalize("01 23 45 67 89", "FR").kind is NumberKind.FIXED_LINE
    assert try_normalize("01 23 45 67 89", "FR", mobile=True) is None
    assert try_normalize("06 12 34 56 78", "FR", mobile=True).e164 == "+33612345678"


# --- country prefixes -------------------------------------------------------------


@pytest.mark.parametrize(
    ("e164", "prefixes", "expected"),
    [
        ("+33612345678", ["+33", "+1"], "+33"),
        ("+12015550123", ["+33", "+1"], "+1"),
        ("+447400123456", ["+44", "+44 7"], "+44 7"),
        ("+447400123456", ["+44 7", "+44"], "+44 7"),
        ("+442079460000", ["+44", "+44 7"], "+44"),
        ("+12015550123", ["+1", "+1 201", "+1 20"], "+1 201"),
        ("+33612345678", ["+ 3 3 6"], "+ 3 3 6"),
        ("+33612345678", ["33"], "33"),
        ("+33 6 12 34 56 78", ["+336"], "+336"),
        ("+33612345678", ["+32", "+1", "+44"], None),
        ("+33612345678", [], None),
        ("+33612345678", ["", "+", " "], None),
        ("+33612345678", ["", "+33"], "+33"),
        ("+3361", ["+33612345678"], None),
        ("", ["+33"], None),
        ("+33612345678", ["+33", "+ 33"], "+33"),
        ("+33612345678", ["+ 33", "+33"], "+ 33"),
    ],
)
def test_country_prefix_match(e164, prefixes, expected):
    assert country_prefix_match(e164, prefixes) == expected


def test_country_prefix_match_takes_any_iterable():
    prefixes = (prefix for prefix in ["+1", "+33", "+33 6"])
    assert country_prefix_match("+33612345678", prefixes) == "+33 6"
    assert country_prefix_match("+33612345678", {"+33": "ovh", "+1": "twilio"}) == "+33"


@given(
    digits=st.text(alphabet="0123456789", min_size=1, max_size=15),
    prefixes=st.lists(
        st.text(alphabet="0123456789", min_size=1, max_size=4).map(lambda p: "+" + p),
        max_size=8,
    ),
)
def test_country_prefix_match_is_the_longest_matching(digits, prefixes):
    e164 = "+" + digits
    found = country_prefix_match(e164, prefixes)
    matching = [prefix for prefix in prefixes if e164.startswith(prefix)]
    if not matching:
        assert found is None
    else:
        assert found in matching
        assert len(found) == max(len(prefix) for prefix in matching)
        # spacing the prefixes out changes nothing
        spaced = [" ".join(prefix) for prefix in prefixes]
        assert country_prefix_match(e164, spaced) == " ".join(found)


# --- properties over the example numbers of every region ---------------------------

_TYPES = [
    PhoneNumberType.FIXED_LINE,
    PhoneNumberType.MOBILE,
    PhoneNumberType.TOLL_FREE,
    PhoneNumberType.PREMIUM_RATE,
    PhoneNumberType.SHARED_COST,
    PhoneNumberType.VOIP,
    PhoneNumberType.PERSONAL_NUMBER,
    PhoneNumberType.PAGER,
    PhoneNumberType.UAN,
    PhoneNumberType.VOICEMAIL,
]
_REGIONS = sorted(phonenumbers.SUPPORTED_REGIONS)
_EXAMPLES = [
    (region, number_type, example)
    for region in _REGIONS
    for number_type in _TYPES
    if (example := phonenumbers.example_number_for_type(region, number_type)) is not None
]
# regions that dial abroad with exactly "00", and two that use "011"
_REGIONS_00 = [region for region in _REGIONS if PhoneMetadata.metadata_for_region(region).international_prefix == "00"]

examples = st.sampled_from(_EXAMPLES)


def test_there_are_examples_from_many_regions():
    assert len({region for region, _, _ in _EXAMPLES}) > 200
    assert {"FR", "BE", "US", "GB", "DE"} <= set(_REGIONS_00) | {"US"}


def _e164(example: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(example, PhoneNumberFormat.E164)


@given(examples)
def test_normalize_is_idempotent_on_e164(example):
    _, _, number = example
    phone = normalize(_e164(number))
    assert phone.e164 == _e164(number)
    assert normalize(phone.e164) == phone


@given(examples, st.sampled_from([None, *_REGIONS]))
def test_international_format_reads_back_under_any_region(example, region):
    _, _, number = example
    phone = normalize(_e164(number))
    assert normalize(phone.international, region) == phone


@given(examples)
def test_national_format_reads_back_with_its_region(example):
    region, _, number = example
    phone = normalize(_e164(number))
    assert normalize(phone.national, region) == phone


@given(examples, st.sampled_from([None, "US", "CA", *_REGIONS_00]))
def test_00_prefix_is_the_plus(example, region):
    _, _, number = example
    e164 = _e164(number)
    assert normalize("00" + e164[1:], region).e164 == e164


@given(examples, st.lists(st.sampled_from([" ", ".", "-", "\u00a0"]), min_size=1))
def test_separators_are_ignored(example, separators):
    _, _, number = example
    e164 = _e164(number)
    # a separator after the "+" and after each digit, cycling through the list
    typed = "+" + "".join(digit + separators[index % len(separators)] for index, digit in enumerate(e164[1:]))
    assert normalize(typed).e164 == e164


@given(examples)
def test_kind_of_mobile_and_fixed_examples(example):
    _, number_type, number = example
    phone = normalize(_e164(number))
    if number_type == PhoneNumberType.MOBILE:
        assert phone.is_mobile
        assert normalize_mobile(phone.e164) == phone
    elif number_type == PhoneNumberType.FIXED_LINE:
        assert phone.kind in (NumberKind.FIXED_LINE, NumberKind.FIXED_LINE_OR_MOBILE)
        if phone.kind is NumberKind.FIXED_LINE:
            with pytest.raises(InvalidPhoneNumber) as info:
                normalize_mobile(phone.e164)
            assert info.value.code == "not_mobile"


@given(st.text(max_size=40), st.sampled_from([None, "FR", "US", "GB", "BE", "XX"]))
def test_anything_typed_gives_a_number_or_an_invalid_phone_number(typed, region):
    phone = try_normalize(typed, region)
    if phone is None:
        with pytest.raises(InvalidPhoneNumber) as info:
            normalize(typed, region)
        assert info.value.code in {
            "empty",
            "unparsable",
            "extension",
            "no_region",
            "invalid_country_code",
            "too_short",
            "too_long",
            "invalid",
        }
    else:
        assert normalize(typed, region) == phone
        assert phone.e164.startswith("+")
        assert phone.e164[1:].isdigit()
        assert normalize(phone.e164) == phone


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("+33612345678", "Europe/Paris"),
        ("+81312345678", "Asia/Tokyo"),
        ("+12125550123", "America/New_York"),
        ("+61412345678", None),  # Australian mobiles: several zones
        ("", None),
        (None, None),
        ("not a number", None),
    ],
)
def test_time_zone_of(number, expected):
    assert time_zone_of(number) == expected
