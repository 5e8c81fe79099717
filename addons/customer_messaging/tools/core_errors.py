"""Turn :mod:`messaging_core` errors into messages in the user's language.

The engine stays pure and raises coded errors (``error.code`` and ``error.params``);
this is the one place where they become translated text.
"""

from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

MESSAGES = {
    # phone
    "empty": _lt("The phone number is empty."),
    "unparsable": _lt("“%(number)s” is not a phone number."),
    "extension": _lt("“%(number)s” has an extension (%(extension)s): a text message cannot reach an extension."),
    "no_region": _lt(
        "“%(number)s” is a national number: write it with its country code (+...) or set the customer's country."
    ),
    "invalid_country_code": _lt("“%(number)s” does not start with an existing country calling code."),
    "too_short": _lt("“%(number)s” is too short to be a phone number."),
    "too_long": _lt("“%(number)s” is too long to be a phone number."),
    "invalid": _lt("“%(number)s” is not a valid phone number."),
    "not_mobile": _lt("“%(number)s” (%(e164)s) is not a mobile number."),
    # SMS text
    "too_long_sms": _lt("The SMS has %(length)s characters; the maximum is %(max_length)s."),
    # gateways and routing
    "gateway_config": _lt("The SMS provider is not set up correctly: %(detail)s"),
    "invalid_prefix": _lt("“%(prefix)s” is not a country prefix: write a + followed by digits, e.g. +33."),
    # templates
    "unknown_tag": _lt("Line %(line)s: unknown tag %(name)s."),
    "undefined": _lt("Line %(line)s: “%(name)s” is not defined."),
    "syntax": _lt("Line %(line)s: syntax error: %(detail)s"),
    "security": _lt("Line %(line)s: not allowed in a template: %(detail)s"),
    "limit": _lt("Line %(line)s: the template goes over a limit: %(detail)s"),
    "runtime": _lt("Line %(line)s: %(detail)s"),
}


def translate_core_error(env, error):
    """The message of ``error`` (a ``MessagingError``) in the language of ``env``."""
    code = error.code
    if code == "too_long" and "max_length" in error.params:
        code = "too_long_sms"
    template = MESSAGES.get(code)
    if template is None:
        return str(error)
    params = {"detail": str(error), "line": "?", "name": "", **error.params}
    params = {key: ("?" if value is None else value) for key, value in params.items()}
    try:
        return template._translate(env.lang or "en_US") % params
    except (KeyError, TypeError, ValueError):
        return str(error)
