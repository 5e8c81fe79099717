from urllib.parse import urlsplit, urlunsplit

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tests.common import _super_send

from odoo.addons.customer_messaging.tests.common import MessagingTwilioCommon


@tagged("post_install", "-at_install")
class TestBesideOdooTwilio(MessagingTwilioCommon):
    """Odoo's own Twilio module (``sms_twilio``) and the suite's providers, side by side:
    one company sends through each; every SMS leaves once, through its company's
    provider. Odoo's module posts to api.twilio.com: in this test its requests reach the
    same Twilio-compatible server on loopback as the suite's, through the real code of
    both modules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.odoo_twilio_company = cls.env["res.company"].create(
            {
                "name": "Shop on Odoo's Twilio",
                "sms_provider": "twilio",
                "sms_twilio_account_sid": cls.account_sid,
                "sms_twilio_auth_token": cls.auth_token,
            }
        )
        cls.env["sms.twilio.number"].create(
            {
                "company_id": cls.odoo_twilio_company.id,
                "number": "+15005550099",
                "country_id": cls.env.ref("base.us").id,
            }
        )
        cls.env.user.company_ids |= cls.odoo_twilio_company

    @classmethod
    def _request_handler(cls, session, request, /, **kwargs):
        url = urlsplit(request.url)
        if url.hostname == "api.twilio.com":
            # Odoo's sms_twilio calls Twilio itself: here, the loopback Twilio server
            server = urlsplit(cls.server.base_url)
            request.url = urlunsplit((server.scheme, server.netloc, url.path, url.query, url.fragment))
            return _super_send(session, request, **kwargs)
        return super()._request_handler(session, request, **kwargs)

    def _sms(self, company, number, body):
        return self.env["sms.sms"].with_company(company).sudo().create({"number": number, "body": body})

    def _senders(self):
        return sorted((m["from"], m["to"], m["body"]) for m in self._received())

    def test_a_company_cannot_send_through_both(self):
        with self.assertRaisesRegex(ValidationError, "choose one SMS provider"):
            self.company.sms_provider = "twilio"
        self.env["messaging.sms.provider"].create(
            {"name": "Sandbox", "kind": "sandbox", "company_id": self.odoo_twilio_company.id}
        )
        with self.assertRaisesRegex(ValidationError, "choose one SMS provider"):
            self.odoo_twilio_company.messaging_sms_provider_mode = "own"
        # back to Odoo (IAP) first, then the other one: allowed
        self.company.messaging_sms_provider_mode = "iap"
        self.company.sms_provider = "twilio"

    def test_each_sms_leaves_once_through_its_company_s_provider(self):
        ours = self._sms(self.company, "+33612345678", "From our providers")
        theirs = self._sms(self.odoo_twilio_company, "+14155550100", "From Odoo's Twilio")
        self.assertEqual(ours.messaging_company_id, self.company)
        # sent now, as Odoo's composers do: Odoo's module sends at once; ours go to the queue
        (ours | theirs).send(auto_commit=False)
        self.assertEqual(self._senders(), [("+15005550099", "+14155550100", "From Odoo's Twilio")])
        self._run_queue()
        expected = [
            ("+15005550006", "+33612345678", "From our providers"),
            ("+15005550099", "+14155550100", "From Odoo's Twilio"),
        ]
        self.assertEqual(self._senders(), expected)
        self.assertEqual(ours.state, "pending", "the suite waits for Twilio's delivery report")
        # the queue again, and Odoo's send again: nothing leaves twice
        self._run_queue()
        self.env["sms.sms"].sudo().search([("id", "in", (ours | theirs).ids)]).send(auto_commit=False)
        self.assertEqual(self._senders(), expected)

    def test_the_sms_queue_serves_both(self):
        ours = self._sms(self.company, "+33612345678", "Queued for our providers")
        theirs = self._sms(self.odoo_twilio_company, "+14155550100", "Queued for Odoo's Twilio")
        self._run_queue()
        self._run_queue()
        self.assertEqual(
            self._senders(),
            [
                ("+15005550006", "+33612345678", "Queued for our providers"),
                ("+15005550099", "+14155550100", "Queued for Odoo's Twilio"),
            ],
        )
        self.assertEqual(ours.state, "pending")
        self.assertFalse(theirs.exists() and theirs.state == "outgoing", "Odoo's module sent it")
