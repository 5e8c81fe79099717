from urllib.parse import urlsplit

from odoo.tests import TransactionCase
from odoo.tests.common import _super_send

from messaging_core.gateways import SandboxGateway
from messaging_core.testing.twilio_server import TwilioTestServer


def start_twilio_server(test_class):
    """A Twilio-compatible server on loopback for ``test_class`` (its ``account_sid``
    and ``auth_token``), stopped after the class."""
    server = TwilioTestServer(test_class.account_sid, test_class.auth_token).start()
    test_class.addClassCleanup(server.stop)
    return server


class MessagingSmsCommon(TransactionCase):
    """A company sending SMS through its own providers, and a French customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.company.country_id = cls.env.ref("base.fr")
        # demo data may hold providers: each test sets up its own
        cls.env["messaging.sms.provider"].search([]).action_archive()
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Amélie Poulain",
                "mobile": "06 12 34 56 78",
                "country_id": cls.env.ref("base.fr").id,
            }
        )

    def setUp(self):
        super().setUp()
        SandboxGateway.clear_all()

    @classmethod
    def _create_provider(cls, kind="sandbox", company=None, **values):
        company = company or cls.company
        provider = cls.env["messaging.sms.provider"].create(
            {
                "name": values.pop("name", f"{kind} provider"),
                "kind": kind,
                "company_id": company.id,
                **values,
            }
        )
        company.cm_sms_provider_mode = "own"
        return provider

    def _sandbox_outbox(self, provider):
        return SandboxGateway.outbox(provider._cm_sandbox_name()).messages

    def _send_sms(self, record, body="Your car is ready.", **kwargs):
        """Post an SMS on ``record`` the way Odoo's SMS composer does."""
        message = record._message_sms(body, **kwargs)
        return self.env["sms.sms"].sudo().search([("mail_message_id", "=", message.id)])

    def _run_queue(self):
        self.env["sms.sms"].sudo()._process_queue()

    def _notification(self, sms):
        return (
            self.env["mail.notification"]
            .sudo()
            .search(
                [
                    ("mail_message_id", "=", sms.mail_message_id.id),
                    ("notification_type", "=", "sms"),
                ]
            )
        )


class MessagingTwilioCommon(MessagingSmsCommon):
    """A company sending through Twilio, the far end being a Twilio-compatible
    server on loopback driven through the real SDK."""

    account_sid = "AC" + "1" * 32
    auth_token = "loopback-auth-token"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = start_twilio_server(cls)
        cls.provider = cls._create_provider(
            "twilio",
            name="Twilio",
            twilio_account_sid=cls.account_sid,
            twilio_auth_token=cls.auth_token,
            twilio_from_number="+15005550006",
            twilio_api_url=cls.server.base_url,
            connect_timeout=1.0,
            read_timeout=1.0,
        )

    def setUp(self):
        super().setUp()
        self.server.reset()

    @classmethod
    def _request_handler(cls, session, request, /, **kwargs):
        # Odoo's test harness stretches every timeout to 10 s (and cannot read a
        # (connect, read) pair): our own loopback server gets the real timeouts.
        if urlsplit(request.url).port == cls.server.port:
            return _super_send(session, request, **kwargs)
        return super()._request_handler(session, request, **kwargs)

    def _received(self, to=None):
        """Messages the server created (accepted), oldest first."""
        return [m for m in self.server.messages if to is None or m["to"] == to]

    def _attempts(self, to):
        """Send requests the server got for ``to``, whatever became of them."""
        return [r for r in self.server.create_requests if r.form.get("To") == to]
