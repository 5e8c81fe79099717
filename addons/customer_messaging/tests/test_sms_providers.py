from odoo.tests import tagged

from odoo.addons.sms.tests.common import MockSMS

from .common import MessagingSmsCommon


@tagged("post_install", "-at_install")
class TestSmsProviders(MessagingSmsCommon, MockSMS):
    def test_a_provider_rate_spaces_its_sms_without_slowing_the_others(self):
        twilio_like = self._create_provider("sandbox", name="Limited", rate_per_second=2.0)
        other_company = self.env["res.company"].create({"name": "Other shop"})
        other = self._create_provider("sandbox", name="Other", company=other_company, rate_per_second=2.0)
        waits = [twilio_like._take_slot() for __ in range(3)]
        self.assertEqual(waits[0], 0.0, "the first SMS leaves at once")
        self.assertTrue(0.4 < waits[1] <= 0.5, waits)  # one slot each half second, whatever the worker
        self.assertTrue(0.9 < waits[2] <= 1.0, waits)
        self.assertEqual(other._take_slot(), 0.0, "another provider (another company) is not slowed")
        unlimited = self._create_provider("sandbox", name="Unlimited")
        self.assertEqual([unlimited._take_slot() for __ in range(3)], [0.0, 0.0, 0.0])
        self.assertEqual(
            self.env["messaging.sms.provider"].new({"kind": "twilio"}).rate_per_second,
            1.0,
            "Twilio's long code: one a second",
        )

    def test_iap_stays_the_default(self):
        """Installing the module changes nothing: a company sends through Odoo IAP."""
        self.assertEqual(self.company.messaging_sms_provider_mode, "iap")
        provider = self.env["messaging.sms.provider"].create({"name": "Unused sandbox", "kind": "sandbox"})
        self.company.messaging_sms_provider_mode = "iap"
        with self.mockSMSGateway():
            sms = self._send_sms(self.customer)
        self.assertEqual(len(self._sms), 1, "the SMS went through IAP, immediately as before")
        self.assertEqual(self._sms[0]["number"], "+33612345678")
        self.assertFalse(self._sandbox_outbox(provider))
        self.assertFalse(sms.exists() and sms.messaging_provider_id)

    def test_own_provider_sends_from_the_queue_only(self):
        provider = self._create_provider("sandbox")
        with self.mockSMSGateway():
            sms = self._send_sms(self.customer, body="Votre voiture est prête.")
            self.assertEqual(sms.state, "outgoing", "never sent inside the caller's transaction")
            self.assertFalse(self._sandbox_outbox(provider))
            self._run_queue()
        self.assertFalse(self._sms, "nothing went to IAP")
        outbox = self._sandbox_outbox(provider)
        self.assertEqual([(m.to, m.body) for m in outbox], [("+33612345678", "Votre voiture est prête.")])
        self.assertEqual(sms.state, "pending")
        self.assertEqual(sms.messaging_provider_id, provider)
        self.assertTrue(sms.messaging_provider_message_id.startswith("SB"))
        self.assertEqual(self._notification(sms).notification_status, "pending")
        # a second run sends nothing more
        self._run_queue()
        self.assertEqual(len(self._sandbox_outbox(provider)), 1)

    def test_invalid_number_fails_with_reason(self):
        provider = self._create_provider("sandbox")
        partner = self.env["res.partner"].create(
            {"name": "No phone", "mobile": "12", "country_id": self.env.ref("base.fr").id}
        )
        sms = self._send_sms(partner)
        self._run_queue()
        self.assertEqual(sms.state, "error")
        self.assertEqual(sms.failure_type, "sms_number_format")
        self.assertIn("12", sms.messaging_failure_reason)
        self.assertFalse(self._sandbox_outbox(provider))
        self.assertEqual(self._notification(sms).notification_status, "exception")
        self.assertEqual(self._notification(sms).failure_type, "sms_number_format")

    def test_blacklisted_number_is_not_sent(self):
        provider = self._create_provider("sandbox")
        sms = self._send_sms(self.customer)
        self.env["phone.blacklist"].sudo().add("+33612345678")
        self._run_queue()
        self.assertEqual(sms.state, "error")
        self.assertEqual(sms.failure_type, "sms_blacklist")
        self.assertFalse(self._sandbox_outbox(provider))
        self.assertEqual(self._notification(sms).failure_type, "sms_blacklist")

    def test_route_by_destination_prefix(self):
        france = self._create_provider("sandbox", name="France", prefixes="+33")
        belgium = self._create_provider("sandbox", name="Belgium", prefixes="+32")
        fallback = self._create_provider("sandbox", name="Everywhere else", sequence=20)
        belgian = self.env["res.partner"].create(
            {
                "name": "Lucas",
                "mobile": "+32 470 12 34 56",
                "country_id": self.env.ref("base.be").id,
            }
        )
        english = self.env["res.partner"].create({"name": "Jane", "mobile": "+44 7400 123456"})
        for partner in self.customer | belgian | english:
            self._send_sms(partner)
        self._run_queue()
        self.assertEqual([m.to for m in self._sandbox_outbox(france)], ["+33612345678"])
        self.assertEqual([m.to for m in self._sandbox_outbox(belgium)], ["+32470123456"])
        self.assertEqual([m.to for m in self._sandbox_outbox(fallback)], ["+447400123456"])

    def test_routes_are_read_once_and_follow_changes(self):
        Provider = self.env["messaging.sms.provider"]
        france = self._create_provider("sandbox", name="France", prefixes="+33")
        fallback = self._create_provider("sandbox", name="Everywhere else", sequence=20)
        self.assertEqual(Provider._route(self.company, "+33612345678"), france)
        with self.assertQueryCount(0):
            self.assertEqual(Provider._route(self.company, "+33612345679"), france)
        france.action_archive()
        self.assertEqual(Provider._route(self.company, "+33612345678"), fallback)
        fallback.prefixes = "+32"
        self.assertFalse(Provider._route(self.company, "+33612345678"))

    def test_no_provider_for_destination(self):
        provider = self._create_provider("sandbox", prefixes="+32")
        sms = self._send_sms(self.customer)
        self._run_queue()
        self.assertEqual(sms.state, "error")
        self.assertEqual(sms.failure_type, "sms_acc")
        self.assertIn("+33612345678", sms.messaging_failure_reason)
        self.assertFalse(self._sandbox_outbox(provider))

    def test_company_of_the_document_chooses(self):
        """An SMS about a record of company B goes through company B's provider."""
        company_b = self.env["res.company"].create({"name": "Company B", "country_id": self.env.ref("base.be").id})
        provider_a = self._create_provider("sandbox", name="A")
        provider_b = self._create_provider("sandbox", name="B", company=company_b)
        customer_b = self.env["res.partner"].create(
            {
                "name": "Client B",
                "mobile": "0470 12 34 56",
                "company_id": company_b.id,
            }
        )
        # a user working in company B: Odoo formats the number for that company's country
        sms = self._send_sms(customer_b.with_company(company_b))
        self.assertEqual(sms.messaging_company_id, company_b)
        self._run_queue()
        self.assertFalse(self._sandbox_outbox(provider_a))
        self.assertEqual(
            [m.to for m in self._sandbox_outbox(provider_b)], ["+32470123456"], "Belgian region of company B"
        )
