"""Loopback stand-ins for the outside world, for the engine's and the addons' tests.

``twilio_server``  a Twilio-compatible Messages API on 127.0.0.1, scriptable per
                   destination number, plus helpers to send signed webhooks
                   (``python -m messaging_core.testing.twilio_server`` runs it alone)

Import from the module itself (``from messaging_core.testing.twilio_server import
TwilioTestServer``): importing this package loads nothing.
"""
