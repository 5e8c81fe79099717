"""Pure-Python engine of the customer-messaging suite for Odoo 18.

Nothing in this package imports ``odoo``: the addons call it and translate its
exceptions (all subclasses of :class:`messaging_core.errors.MessagingError`) into
translated ``UserError`` at the boundary.

Modules:

``templating``  sandboxed Jinja2 + ``@TAG@`` placeholders, text and HTML
``phone``       E.164 normalisation with phonenumbers, mobile or not
``sms_text``    GSM-7 / UCS-2, segments, length limits, STOP/START keywords
``gateways``    SMS gateway protocol, Twilio (official SDK), sandbox, routing
``testing``     loopback stand-ins for the outside world (a Twilio-compatible server)
"""

__version__ = "18.0.1.0.0"
