from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestTours(HttpCase):
    def test_sms_provider_settings_tour(self):
        self.env["messaging.sms.provider"].search([]).action_archive()
        company = self.env.ref("base.main_company")
        company.cm_sms_provider_mode = "iap"
        self.start_tour("/odoo/settings", "customer_messaging_sms_provider_settings", login="admin")
        self.assertEqual(company.cm_sms_provider_mode, "own")
        provider = self.env["messaging.sms.provider"].search([("company_id", "=", company.id)])
        self.assertEqual(provider.mapped("name"), ["Sandbox from the tour"])
        self.assertEqual(provider.kind, "sandbox")
