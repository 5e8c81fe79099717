"""The jinja2 versions the sandbox was tested with (checked at import) and what the modules share."""

from __future__ import annotations

import re
import time
import warnings
from typing import Literal

import jinja2

#: Minimum jinja2 version: 3.1.6 fixes the sandbox escape CVE-2024-56326.
MIN_JINJA2_VERSION = (3, 1, 6)
#: First jinja2 version not tested: the sandbox and the tag lexer use private parts of
#: jinja2 (``Lexer`` rules, ``_Rule``, ``_PassArg``) that a release may change. A new
#: series is admitted here once the sandbox suite (tests/test_templating.py) passes on it.
MAX_JINJA2_VERSION = (3, 2)


def _check_jinja2_version(version: str) -> None:
    """Raise :class:`ImportError` unless *version* is in the tested range:
    3.1.6 or later in the 3.1 series.

    Pre-releases of 3.1.6 itself (``3.1.6rc1``, ``3.1.6.dev0``) are refused, and so
    is 3.2 and later (pre-releases included), until tested; post-releases of 3.1.x
    are accepted.
    """
    match = re.fullmatch(r"\s*(\d+)\.(\d+)(?:\.(\d+))?(.*)", version or "")
    if match is None:
        raise ImportError(
            f"messaging_core.templating: cannot read the jinja2 version {version!r}; "
            "jinja2 >= 3.1.6 is required (CVE-2024-56326)."
        )
    major, minor, patch, rest = match.groups()
    prerelease = re.match(r"[.\-_]?(a|b|c|rc|alpha|beta|pre|preview|dev)\d*", rest or "")
    key = (int(major), int(minor), int(patch or 0), 0 if prerelease else 1)
    if key < (*MIN_JINJA2_VERSION, 1):
        raise ImportError(
            f"messaging_core.templating requires jinja2 >= 3.1.6, found {version}: "
            "older versions have a sandbox escape (CVE-2024-56326). "
            "Upgrade jinja2 (pip install 'jinja2>=3.1.6,<3.2')."
        )
    if (key[0], key[1]) >= MAX_JINJA2_VERSION:
        raise ImportError(
            f"messaging_core.templating was tested with jinja2 3.1.6 to 3.1.x, found {version}: "
            "its sandbox uses parts of jinja2 a new series may change. "
            "Install jinja2 3.1 (pip install 'jinja2>=3.1.6,<3.2')."
        )


def _installed_jinja2_version() -> str:
    with warnings.catch_warnings():  # some versions deprecate __version__
        warnings.simplefilter("ignore", DeprecationWarning)
        return str(getattr(jinja2, "__version__", ""))


_check_jinja2_version(_installed_jinja2_version())

Mode = Literal["text", "html"]
_MODES: tuple[str, ...] = ("text", "html")
_FILENAME = "<message template>"
_TAG_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_TAG_RE = re.compile(r"@([A-Za-z][A-Za-z0-9_]*)@")
#: Lexer names of translated tags; user code cannot write names with this prefix.
_TAG_PREFIX = "__tag__"
_LEXER_TAG = "messaging_tag"
_monotonic = time.monotonic
