"""SMS text: encoding, segments, length limit, opt-out/opt-in keywords.

Encoding (3GPP TS 23.038)
    A text made only of characters of the GSM 7-bit default alphabet is sent as
    GSM-7, a septet per character; the characters of its extension table
    (``^ { } \\ [ ~ ] | €`` and form feed) take two (escape + character). Any other
    character makes the whole message UCS-2, a UTF-16 code unit per character and
    two for characters outside the BMP (most emoji). The alphabet is followed to the
    letter: ``Ç`` is in it but ``ç`` is not, nor are ``á``, ``ê`` or the curly
    quotes; no "smart" replacement is made, the text is sent as written.

Segments
    A single message holds 160 GSM-7 septets or 70 UCS-2 units. A longer text is
    sent as a concatenated message whose parts lose room to the concatenation
    header: 153 septets or 67 units each. A part never ends in the middle of an
    escape pair or of a surrogate pair, so it may hold one unit less; the count
    here packs the parts the way the handsets and the gateways do.

Length limit
    :func:`check_length` counts *characters*, the Python code points of the text
    (``len(text)``): what the user typed, spaces and line breaks included (a line
    break written ``\\r\\n`` is two). An emoji is one character, a ZWJ sequence
    (``👩‍💻``) or a flag is as many characters as it has code points. The default
    limit, :data:`DEFAULT_MAX_LENGTH`, is 314 characters.

Keywords
    :func:`opt_keyword` recognises the replies that opt out of, back into, or ask
    help about the messages; see its docstring for the rules.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from .errors import MessagingError

__all__ = [
    "DEFAULT_MAX_LENGTH",
    "GSM7_BASIC",
    "GSM7_EXTENSION",
    "SHORT_REPLY_WORDS",
    "OptKeyword",
    "SmsInfo",
    "SmsTooLong",
    "analyze",
    "check_length",
    "is_gsm7",
    "opt_keyword",
]

#: Characters of a text message, spaces included (from the SMS vendor's documentation).
DEFAULT_MAX_LENGTH = 314

#: The GSM 7-bit default alphabet (3GPP TS 23.038 section 6.2.1), one septet each,
#: without 0x1B (the escape to the extension table, not a character).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)

#: The default extension table (3GPP TS 23.038 section 6.2.1.1): two septets each.
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

Encoding = Literal["GSM-7", "UCS-2"]

_BMP_LAST = 0xFFFF  # code points above take a surrogate pair in UTF-16

_LIMITS: dict[str, tuple[int, int]] = {
    # encoding: (single message, part of a concatenated message)
    "GSM-7": (160, 153),
    "UCS-2": (70, 67),
}


class SmsTooLong(MessagingError):  # noqa: N818 - the name of the public API
    """The text is longer than allowed; ``params``: ``length``, ``max_length``."""

    code = "too_long"


@dataclass(frozen=True)
class SmsInfo:
    """What a text costs.

    ``encoding``              ``"GSM-7"`` or ``"UCS-2"``
    ``characters``            code points (``len(text)``)
    ``units``                 septets (GSM-7) or UTF-16 code units (UCS-2)
    ``segments``              messages billed; 0 for an empty text
    ``per_segment``           units a segment holds: 160/70 for a single message,
                              153/67 once the text needs several
    ``remaining_in_segment``  units still free in the last segment
    """

    encoding: Encoding
    characters: int
    units: int
    segments: int
    per_segment: int
    remaining_in_segment: int


def is_gsm7(text: str) -> bool:
    """True when every character of ``text`` is in the GSM-7 alphabet or its
    extension table (the empty text is GSM-7)."""
    return all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in text)


def _widths(text: str, encoding: Encoding) -> list[int]:
    """Units taken by each character: a character never splits across segments."""
    if encoding == "GSM-7":
        return [2 if char in GSM7_EXTENSION else 1 for char in text]
    return [2 if ord(char) > _BMP_LAST else 1 for char in text]


def analyze(text: str) -> SmsInfo:
    """Encoding, size and number of segments of ``text``."""
    encoding: Encoding = "GSM-7" if is_gsm7(text) else "UCS-2"
    single, multipart = _LIMITS[encoding]
    widths = _widths(text, encoding)
    units = sum(widths)
    if units <= single:
        return SmsInfo(
            encoding=encoding,
            characters=len(text),
            units=units,
            segments=1 if text else 0,
            per_segment=single,
            remaining_in_segment=single - units,
        )
    segments, used = 1, 0
    for width in widths:
        if used + width > multipart:
            segments, used = segments + 1, 0
        used += width
    return SmsInfo(
        encoding=encoding,
        characters=len(text),
        units=units,
        segments=segments,
        per_segment=multipart,
        remaining_in_segment=multipart - used,
    )


def check_length(text: str, max_length: int = DEFAULT_MAX_LENGTH) -> int:
    """Return the number of characters of ``text`` (code points, see the module
    docstring); raise :class:`SmsTooLong` when there are more than ``max_length``."""
    if max_length < 0:
        raise ValueError(f"max_length must not be negative, not {max_length}")
    length = len(text)
    if length > max_length:
        raise SmsTooLong(
            f"The text message is {length} characters long, more than the {max_length} allowed.",
            length=length,
            max_length=max_length,
        )
    return length


# --- keywords -------------------------------------------------------------------

OptKeyword = Literal["stop", "start", "help"]

#: Opt-out words that mean nothing else at the head of a short reply.
_STOP_STRONG = frozenset(
    {
        "stop",
        "stopall",
        "unsubscribe",
        "optout",
        "revoke",
        "arret",
        "desabonner",
        "desinscrire",
    }
)
#: Opt-out words that are also ordinary replies ("Cancel my appointment", "End of
#: story", "Quit it"): an opt-out only as the whole message.
_STOP_WEAK = frozenset({"cancel", "end", "quit"})
_START = frozenset({"start", "unstop", "yes", "optin"})
_HELP = frozenset({"help", "info", "aide"})

_KEYWORDS: dict[str, OptKeyword] = {
    **dict.fromkeys(_STOP_STRONG | _STOP_WEAK, "stop"),
    **dict.fromkeys(_START, "start"),
    **dict.fromkeys(_HELP, "help"),
}

#: Most words a reply may have for a leading strong opt-out word to count ("Stop
#: please", "STOP SMS 36180").
SHORT_REPLY_WORDS = 3

_WORD = re.compile(r"[^\W_]+")


def _words(body: str) -> list[str]:
    """Words of ``body``, case and accents folded (``"ARRÊT"`` -> ``"arret"``);
    punctuation, symbols and emoji are separators."""
    decomposed = unicodedata.normalize("NFKD", body)
    folded = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return _WORD.findall(folded)


def opt_keyword(body: str | None) -> OptKeyword | None:
    """``"stop"``, ``"start"`` or ``"help"`` when the inbound ``body`` is such a
    keyword, else ``None``.

    Case, accents, surrounding whitespace and punctuation do not matter
    (``" Stop! "``, ``"arrêt"``, full-width letters); a keyword may be written in
    two words or hyphenated (``"opt-out"``, ``"OPT IN"``, ``"stop all"``). The
    keywords:

    ``stop``   STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPTOUT,
               ARRET/ARRÊT, DESABONNER/DÉSABONNER, DESINSCRIRE/DÉSINSCRIRE
    ``start``  START, UNSTOP, YES, OPTIN
    ``help``   HELP, INFO, AIDE

    A keyword counts when it is the whole message. Missing an opt-out is worse
    than a false one, so a *strong* opt-out word (all but CANCEL, END and QUIT,
    which are everyday words) also counts as the first word of a reply of at most
    :data:`SHORT_REPLY_WORDS` words: ``"Stop please"``, ``"STOP SMS 36180"``; but
    ``"stop by tomorrow at 5 to pick up the car"`` and ``"Cancel my appointment"``
    are not opt-outs. Opting back in must be explicit, so ``start`` is only ever
    the whole message; ``YES`` is in because the carriers and Twilio treat it so
    (the gateway unblocks the number on it, and Odoo must agree), but the French
    ``OUI`` and ``REPRENDRE`` are not: "Oui" is the usual answer to a question
    (an appointment to confirm) and no gateway acts on either.
    """
    if not body:
        return None
    words = _words(body)
    if not words or len(words) > SHORT_REPLY_WORDS:
        return None
    if len(words) == 1:
        return _KEYWORDS.get(words[0])
    first, second, *rest = words
    joined = first + second  # "opt out", "stop all"
    if not rest and joined in _KEYWORDS:
        return _KEYWORDS[joined]
    if first in _STOP_STRONG or joined in _STOP_STRONG:
        return "stop"
    return None
