from odoo.tests import HttpCase, tagged

from messaging_core.gateways import SandboxGateway


@tagged("post_install", "-at_install")
class TestTours(HttpCase):
    def test_sms_provider_settings_tour(self):
        self.env["messaging.sms.provider"].search([]).action_archive()
        company = self.env.ref("base.main_company")
        company.messaging_sms_provider_mode = "iap"
        self.start_tour("/odoo/settings", "customer_messaging_sms_provider_settings", login="admin")
        self.assertEqual(company.messaging_sms_provider_mode, "own")
        provider = self.env["messaging.sms.provider"].search([("company_id", "=", company.id)])
        self.assertEqual(provider.mapped("name"), ["Sandbox from the tour"])
        self.assertEqual(provider.kind, "sandbox")

    def test_write_from_the_customer_form_and_find_it_in_history(self):
        self.env["messaging.sms.provider"].search([]).action_archive()
        company = self.env.ref("base.main_company")
        provider = self.env["messaging.sms.provider"].create(
            {"name": "Tour sandbox", "kind": "sandbox", "company_id": company.id}
        )
        company.write(
            {
                "messaging_sms_provider_mode": "own",
                "messaging_default_email_template_id": self.env["messaging.template"]
                .create({"name": "Tour", "subject": "Hello @CUSTOMERNAME@", "body_html": "<p>Hi @CUSTOMERNAME@</p>"})
                .id,
                "messaging_default_sms_template_id": self.env["messaging.template"]
                .create({"name": "Tour SMS", "channel": "sms", "body_text": "Hello @CUSTOMERNAME@"})
                .id,
            }
        )
        customer = self.env["res.partner"].create(
            {
                "name": "Tour Customer",
                "email": "tour.customer@example.com",
                "mobile": "+33 6 12 34 56 78",
            }
        )
        self.start_tour(f"/odoo/res.partner/{customer.id}", "customer_messaging_write_and_history", login="admin")
        history = self.env["mail.message"].search([("messaging_customer_id", "=", customer.id)])
        self.assertEqual(
            sorted(history.mapped(lambda m: (m.messaging_channel, m.subject or m.messaging_body_text))),
            [("email", "Tour email about your car"), ("sms", "Tour SMS: your car is ready")],
        )
        self.env["sms.sms"].sudo()._process_queue()
        self.assertEqual(
            [m.body for m in SandboxGateway.outbox(provider._sandbox_name()).messages],
            ["Tour SMS: your car is ready"],
        )
