from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import MessagingSmsCommon


@tagged("post_install", "-at_install")
class TestSmsSettings(MessagingSmsCommon):
    def test_own_providers_need_a_provider(self):
        settings = Form(self.env["res.config.settings"])
        self.assertEqual(settings.messaging_sms_provider_mode, "iap")
        settings.messaging_sms_provider_mode = "own"
        with self.assertRaisesRegex(ValidationError, "Add an SMS provider"):
            settings.save().execute()
        self.env["messaging.sms.provider"].create({"name": "Sandbox", "kind": "sandbox"})
        settings = Form(self.env["res.config.settings"])
        settings.messaging_sms_provider_mode = "own"
        settings.save().execute()
        self.assertEqual(self.company.messaging_sms_provider_mode, "own")

    def test_settings_button_opens_the_company_providers(self):
        action = self.env["res.config.settings"].create({}).action_messaging_open_sms_providers()
        self.assertEqual(action["res_model"], "messaging.sms.provider")
        self.assertEqual(action["domain"], [("company_id", "=", self.company.id)])

    def test_provider_checks(self):
        Provider = self.env["messaging.sms.provider"]
        cases = [
            ({"kind": "sandbox", "prefixes": "33"}, "prefix"),
            ({"kind": "twilio", "twilio_from_number": "+15005550006"}, "Account SID"),
            ({"kind": "twilio", "twilio_account_sid": "AC1"}, "either a sender number"),
            (
                {
                    "kind": "twilio",
                    "twilio_account_sid": "AC1",
                    "twilio_from_number": "+1",
                    "twilio_api_url": "ftp://example.com",
                },
                "API URL",
            ),
            ({"kind": "sandbox", "read_timeout": 0}, "timeouts"),
            (
                {
                    "kind": "twilio",
                    "twilio_account_sid": "AC1",
                    "twilio_from_number": "+1",
                    "twilio_messaging_service_sid": "MG1",
                },
                "either a sender number",
            ),
        ]
        for values, message in cases:
            with self.subTest(values=values), self.assertRaisesRegex(ValidationError, message):
                Provider.create({"name": "Bad", **values})
        good = Provider.create({"name": "FR", "kind": "sandbox", "prefixes": "+33, +44 7"})
        self.assertEqual(good._route_of().prefixes, ("+33", "+447"))

    def test_providers_are_per_company_and_tokens_admin_only(self):
        company_b = self.env["res.company"].create({"name": "Company B"})
        provider_a = self.env["messaging.sms.provider"].create(
            {
                "name": "Twilio A",
                "kind": "twilio",
                "twilio_account_sid": "AC1",
                "twilio_auth_token": "secret-a",
                "twilio_from_number": "+15005550006",
            }
        )
        manager_b = new_test_user(
            self.env,
            login="manager_b",
            groups="customer_messaging.group_messaging_manager",
            company_id=company_b.id,
            company_ids=[company_b.id],
        )
        Provider = self.env["messaging.sms.provider"].with_user(manager_b)
        self.assertFalse(Provider.search([]), "company A's provider is not visible from company B")
        with self.assertRaises(AccessError):
            provider_a.with_user(manager_b).read(["name"])
        own = Provider.create({"name": "Sandbox B", "kind": "sandbox"})
        self.assertEqual(own.company_id, company_b)
        fields_seen = Provider.fields_get()
        for secret in ("twilio_auth_token", "twilio_account_sid", "twilio_api_url"):
            self.assertNotIn(secret, fields_seen, "only administrators see the account, its token and its address")
        with self.assertRaises(AccessError):
            own.write({"twilio_api_url": "https://attacker.example"})
        user = new_test_user(self.env, login="plain_user", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.env["messaging.sms.provider"].with_user(user).search([])
