"""Tests of :mod:`messaging_core.sms_text`."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from messaging_core.errors import MessagingError
from messaging_core.sms_text import (
    DEFAULT_MAX_LENGTH,
    GSM7_BASIC,
    GSM7_EXTENSION,
    SmsInfo,
    SmsTooLong,
    analyze,
    check_length,
    is_gsm7,
    opt_keyword,
)

GSM_CHARS = sorted(GSM7_BASIC | GSM7_EXTENSION)
NON_GSM_CHARS = st.characters(codec="utf-8").filter(lambda char: char not in GSM7_BASIC and char not in GSM7_EXTENSION)


# --- the alphabet -----------------------------------------------------------------


def test_alphabet_tables():
    # 128 positions of the default alphabet, less the escape (0x1B)
    assert len(GSM7_BASIC) == 127
    assert "\x1b" not in GSM7_BASIC
    assert GSM7_EXTENSION == frozenset("^{}\\[~]|€\f")
    assert not GSM7_BASIC & GSM7_EXTENSION


@pytest.mark.parametrize(
    ("text", "gsm"),
    [
        ("", True),
        ("Hello, World! 123 @£$¥ _ ?", True),
        ("éèùìòÇÉÄÖÑÜäöñüàåÅæÆøØß", True),
        ("ΔΦΓΛΩΠΨΣΘΞ¡¿§¤", True),
        ("line\nbreak\r\n", True),
        ("{[~]}|^\\€\f", True),
        ("ç", False),  # only the capital is in the alphabet
        ("ê", False),
        ("á", False),
        ("\u2019", False),  # typographic apostrophe
        ("\u201cquotes\u201d", False),
        ("\t", False),
        ("\x1b", False),
        ("😀", False),
        ("中文", False),
    ],
)
def test_is_gsm7(text, gsm):
    assert is_gsm7(text) is gsm
    assert analyze(text).encoding == ("GSM-7" if gsm else "UCS-2")


# --- analyze: boundaries ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", SmsInfo("GSM-7", 0, 0, 0, 160, 160)),
        ("a", SmsInfo("GSM-7", 1, 1, 1, 160, 159)),
        ("a" * 160, SmsInfo("GSM-7", 160, 160, 1, 160, 0)),
        ("a" * 161, SmsInfo("GSM-7", 161, 161, 2, 153, 145)),
        ("a" * 153 * 2, SmsInfo("GSM-7", 306, 306, 2, 153, 0)),
        ("a" * 307, SmsInfo("GSM-7", 307, 307, 3, 153, 152)),
        ("a" * 153 * 3, SmsInfo("GSM-7", 459, 459, 3, 153, 0)),
        # extension characters take two septets
        ("€", SmsInfo("GSM-7", 1, 2, 1, 160, 158)),
        ("€" * 80, SmsInfo("GSM-7", 80, 160, 1, 160, 0)),
        ("a" * 159 + "€", SmsInfo("GSM-7", 160, 161, 2, 153, 145)),
        ("a" * 158 + "{", SmsInfo("GSM-7", 159, 160, 1, 160, 0)),
        # 76 pairs fill 152 septets of a part, the 77th goes to the next one
        ("€" * 81, SmsInfo("GSM-7", 81, 162, 2, 153, 143)),
        # an escape pair is not split across parts: 306 septets, 3 parts
        ("a" * 152 + "€" + "a" * 152, SmsInfo("GSM-7", 305, 306, 3, 153, 152)),
        ("a" * 153 + "€" + "a" * 151, SmsInfo("GSM-7", 305, 306, 2, 153, 0)),
        # UCS-2
        ("ê", SmsInfo("UCS-2", 1, 1, 1, 70, 69)),
        ("ê" * 70, SmsInfo("UCS-2", 70, 70, 1, 70, 0)),
        ("ê" * 71, SmsInfo("UCS-2", 71, 71, 2, 67, 63)),
        ("ê" * 67 * 2, SmsInfo("UCS-2", 134, 134, 2, 67, 0)),
        ("ê" * 135, SmsInfo("UCS-2", 135, 135, 3, 67, 66)),
        # one character out of the alphabet makes the whole text UCS-2
        ("a" * 69 + "ç", SmsInfo("UCS-2", 70, 70, 1, 70, 0)),
        ("a" * 100 + "ç", SmsInfo("UCS-2", 101, 101, 2, 67, 33)),
        ("€" * 69 + "ç", SmsInfo("UCS-2", 70, 70, 1, 70, 0)),
        # emoji outside the BMP: a surrogate pair, two units
        ("Hello 👋", SmsInfo("UCS-2", 7, 8, 1, 70, 62)),
        ("😀" * 35, SmsInfo("UCS-2", 35, 70, 1, 70, 0)),
        ("😀" * 36, SmsInfo("UCS-2", 36, 72, 2, 67, 61)),
        ("a" * 68 + "😀", SmsInfo("UCS-2", 69, 70, 1, 70, 0)),
        ("a" * 69 + "😀", SmsInfo("UCS-2", 70, 71, 2, 67, 63)),
        # a surrogate pair is not split across parts: 134 units, 3 parts
        ("ê" * 66 + "😀" + "ê" * 66, SmsInfo("UCS-2", 133, 134, 3, 67, 66)),
        ("ê" * 67 + "😀" + "ê" * 65, SmsInfo("UCS-2", 133, 134, 2, 67, 0)),
        # a ZWJ sequence: woman, ZWJ, laptop
        ("👩\u200d💻", SmsInfo("UCS-2", 3, 5, 1, 70, 65)),
        # flags are two regional indicators, each outside the BMP
        ("🇫🇷", SmsInfo("UCS-2", 2, 4, 1, 70, 66)),
    ],
)
def test_analyze(text, expected):
    assert analyze(text) == expected


# --- analyze: properties ----------------------------------------------------------

gsm_texts = st.text(alphabet=st.sampled_from(GSM_CHARS), max_size=500)
# texts mixing the alphabet with anything, long enough to need several parts
any_texts = st.text(
    alphabet=st.one_of(st.sampled_from(GSM_CHARS), st.characters(codec="utf-8"), st.sampled_from("😀€ê")),
    max_size=400,
)


@given(gsm_texts)
def test_gsm_only_text_counts_septets(text):
    info = analyze(text)
    assert info.encoding == "GSM-7"
    assert info.characters == len(text)
    assert info.units == len(text) + sum(char in GSM7_EXTENSION for char in text)


@given(st.text(max_size=200), NON_GSM_CHARS, st.text(max_size=200))
def test_a_non_gsm_character_makes_ucs2(before, char, after):
    text = before + char + after
    info = analyze(text)
    assert info.encoding == "UCS-2"
    assert info.characters == len(text)
    assert info.units == len(text.encode("utf-16-le")) // 2


@given(any_texts)
def test_segment_invariants(text):
    info = analyze(text)
    single, multipart = (160, 153) if info.encoding == "GSM-7" else (70, 67)
    assert (info.segments == 0) is (text == "")
    assert 0 <= info.remaining_in_segment <= info.per_segment
    if info.units <= single:
        assert info.per_segment == single
        assert info.segments == (1 if text else 0)
        assert info.remaining_in_segment == single - info.units
    else:
        assert info.per_segment == multipart
        assert info.remaining_in_segment < multipart
        # a part loses at most one unit to a pair that does not fit
        assert math.ceil(info.units / multipart) <= info.segments <= math.ceil(info.units / (multipart - 1))
        # every part but the last one is full, but for that lost unit
        used = info.segments * multipart - info.remaining_in_segment
        assert info.units <= used <= info.units + info.segments - 1


@given(st.text(alphabet=st.sampled_from(sorted(GSM7_BASIC)), min_size=161, max_size=800))
def test_segments_of_single_septet_text_are_exact(text):
    info = analyze(text)
    assert info.segments == math.ceil(len(text) / 153)
    assert info.remaining_in_segment == info.segments * 153 - len(text)


@given(any_texts, st.one_of(st.sampled_from(GSM_CHARS), st.characters(codec="utf-8")))
def test_a_longer_text_never_takes_fewer_segments(text, char):
    shorter, longer = analyze(text), analyze(text + char)
    if shorter.encoding == longer.encoding:
        assert longer.segments >= shorter.segments
        assert longer.units > shorter.units


# --- length limit -----------------------------------------------------------------


def test_default_max_length():
    assert DEFAULT_MAX_LENGTH == 314


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("", 0),
        ("a" * 314, 314),
        (" " * 314, 314),
        ("😀" * 314, 314),
        ("€" * 314, 314),  # 628 septets, still 314 characters
        ("👩\u200d💻" * 104, 312),  # three code points each
    ],
)
def test_check_length_accepts(text, length):
    assert check_length(text) == length


@pytest.mark.parametrize(
    "text",
    ["a" * 315, " " * 315, "😀" * 315, "a" * 313 + "👩\u200d💻", "a" * 1000],
)
def test_check_length_refuses(text):
    with pytest.raises(SmsTooLong) as info:
        check_length(text)
    error = info.value
    assert isinstance(error, MessagingError)
    assert error.code == "too_long"
    assert error.params == {"length": len(text), "max_length": 314}
    assert str(len(text)) in str(error)
    assert "314" in str(error)


def test_check_length_with_another_limit():
    assert check_length("a" * 160, max_length=160) == 160
    with pytest.raises(SmsTooLong) as info:
        check_length("a" * 161, max_length=160)
    assert info.value.params == {"length": 161, "max_length": 160}
    assert check_length("", max_length=0) == 0
    with pytest.raises(SmsTooLong):
        check_length("a", max_length=0)
    with pytest.raises(ValueError, match="negative"):
        check_length("a", max_length=-1)


@given(st.text(max_size=400), st.integers(min_value=0, max_value=400))
def test_check_length_refuses_exactly_the_longer_texts(text, max_length):
    if len(text) <= max_length:
        assert check_length(text, max_length) == len(text)
    else:
        with pytest.raises(SmsTooLong):
            check_length(text, max_length)


# --- keywords ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "STOP",
        "stop",
        "Stop",
        "sToP",
        " STOP ",
        "\nStop\n",
        "STOP.",
        "Stop!",
        "stop!!!",
        "'stop'",
        "*STOP*",
        "🛑 STOP 🛑",
        "ＳＴＯＰ",  # noqa: RUF001 - full-width letters, folded by NFKD
        "STOPALL",
        "stop all",
        "Stop-all",
        "UNSUBSCRIBE",
        "Unsubscribe.",
        "CANCEL",
        "cancel",
        "END",
        "QUIT",
        "REVOKE",
        "OPTOUT",
        "opt-out",
        "Opt out",
        "ARRET",
        "ARRÊT",
        "arrêt",
        "Arret !",
        "DESABONNER",
        "DÉSABONNER",
        "désabonner",
        "DESINSCRIRE",
        "Désinscrire",
        # a strong opt-out word at the head of a short reply
        "Stop please",
        "STOP SMS",
        "STOP SMS 36180",
        "stop it now",
        "Stop, merci",
        "Arrêt svp",
        "unsubscribe me please",
        "opt out please",
        "Désabonner moi",
    ],
)
def test_opt_out_keywords(body):
    assert opt_keyword(body) == "stop"


@pytest.mark.parametrize(
    "body",
    ["START", "start", "Start!", " yes ", "YES", "Yes.", "UNSTOP", "unstop", "OPTIN", "opt-in", "Opt in"],
)
def test_opt_in_keywords(body):
    assert opt_keyword(body) == "start"


@pytest.mark.parametrize("body", ["HELP", "help", "Help?", "INFO", "info", "AIDE", "aide !", "Aide."])
def test_help_keywords(body):
    assert opt_keyword(body) == "help"


@pytest.mark.parametrize(
    "body",
    [
        None,
        "",
        "   ",
        "!!!",
        "🛑",
        "stop by tomorrow at 5 to pick up the car",
        "Please stop",  # the keyword is not the first word
        "I want you to stop",
        "Stop sending me these messages",  # more than three words
        "stopped",
        "nonstop",
        "Unstoppable",
        "S T O P",
        # everyday words, only keywords on their own
        "Cancel my appointment",
        "cancel please",
        "End of story",
        "Quit it",
        # opting back in must be the whole message
        "Yes please",
        "Yes I'll be there",
        "yes, see you tomorrow",
        "Start again",
        "OUI",
        "oui",
        "REPRENDRE",
        # help only on its own
        "Help me",
        "info horaires",
        "Thanks!",
        "Merci, à demain",
        "06 12 34 56 78",
    ],
)
def test_not_keywords(body):
    assert opt_keyword(body) is None


KEYWORDS = {
    "stop": "stop",
    "stopall": "stop",
    "unsubscribe": "stop",
    "cancel": "stop",
    "end": "stop",
    "quit": "stop",
    "revoke": "stop",
    "optout": "stop",
    "arrêt": "stop",
    "désabonner": "stop",
    "désinscrire": "stop",
    "start": "start",
    "unstop": "start",
    "yes": "start",
    "optin": "start",
    "help": "help",
    "info": "help",
    "aide": "help",
}
decoration = st.text(alphabet=" \t\n.,;:!?-*'\"()[]…🛑👍", max_size=5)


@given(
    st.sampled_from(sorted(KEYWORDS)),
    st.lists(st.booleans(), min_size=12, max_size=12),
    decoration,
    decoration,
)
def test_keywords_ignore_case_and_surroundings(keyword, upper, before, after):
    cased = "".join(char.upper() if up else char for char, up in zip(keyword, upper, strict=False))
    assert opt_keyword(before + cased + after) == KEYWORDS[keyword]


@given(
    st.sampled_from(sorted(KEYWORDS)),
    st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8), min_size=3, max_size=12),
)
def test_long_replies_are_never_keywords(keyword, words):
    assert opt_keyword(" ".join([keyword, *words])) is None
