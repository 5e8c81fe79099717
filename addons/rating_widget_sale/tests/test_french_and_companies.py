import re

from odoo.tests import HttpCase, tagged

from .common import RatingWidgetCase


@tagged("post_install", "-at_install")
class TestFrenchAndCompanies(HttpCase, RatingWidgetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(["rating_widget"], ["fr_FR"], overwrite=True)
        cls.customer.lang = "fr_FR"

    def test_a_french_customer_gets_the_widget_and_the_page_in_french(self):
        rows = self._send_template(self.rating_template, self.order)
        self.assertIn("Êtes-vous satisfait ?", rows.message_id.body)
        self.assertIn('aria-label="5 sur 5 : très satisfait"', rows.message_id.body)
        token = self._rating_of(self.order).access_token
        page = self.url_open(f"/rating_widget/{token}/4")
        self.assertIn("Votre commentaire (facultatif)", page.text)
        self.assertIn("Envoyer mon évaluation", page.text)
        self.assertIn('lang="fr-FR"', page.text)

    def test_a_bulk_send_shows_the_widget(self):
        bulk = self.env["messaging.bulk"].create(
            {
                "name": "Survey",
                "subject": "Your opinion",
                "body_html": "<p>Hello @CUSTOMERNAME@</p><p>@WIDGETVALUATION@</p>",
                "partner_ids": [(6, 0, self.customer.ids)],
            }
        )
        bulk.action_start()
        self.env["messaging.outbox"]._dispatch(auto_commit=False)
        message = bulk.outbox_ids.message_id
        self.assertEqual(len(re.findall(r"/rating_widget/[\w-]+/[1-5]", message.body)), 5)
        self.assertEqual(self.customer.rating_widget_status, "requested")

    def test_ratings_stay_in_their_company(self):
        other = self.env["res.company"].create({"name": "Other Company"})
        self._send_template(self.rating_template, self.order)
        rating = self._rating_of(self.order)
        rating.rating_widget_company_id = other
        user = self.env["res.users"].create(
            {
                "name": "Main only",
                "login": "main.only",
                "company_id": self.company.id,
                "company_ids": [(6, 0, self.company.ids)],
                "groups_id": [(6, 0, [self.env.ref("sales_team.group_sale_salesman").id])],
            }
        )
        self.assertFalse(self.env["rating.rating"].with_user(user).search([("id", "=", rating.id)]))
        rating.rating_widget_company_id = self.company
        self.assertTrue(self.env["rating.rating"].with_user(user).search([("id", "=", rating.id)]))
