from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestPlainValues(TransactionCase):
    def test_plain_values_for_template_contexts(self):
        company = self.env["res.partner"].create({"name": "Garage Dupont", "is_company": True})
        partners = self.env["res.partner"].create(
            [
                {"name": "Amélie", "city": "Paris", "parent_id": company.id, "type": "invoice"},
                {"name": "Nino", "city": False, "type": "contact"},
            ]
        )
        partners.invalidate_recordset()
        with self.assertQueryCount(__system__=4):
            rows = partners._messaging_plain_values(["name", "city", "parent_id", "type", "is_company"])
        self.assertEqual(
            rows,
            [
                {
                    "name": "Amélie",
                    "city": "Paris",
                    "parent_id": "Garage Dupont",
                    "type": "Invoice Address",
                    "is_company": False,
                },
                {"name": "Nino", "city": None, "parent_id": None, "type": "Contact", "is_company": False},
            ],
        )

    def test_stored_computed_fields_are_current(self):
        partner = self.env["res.partner"].create({"name": "Zoé", "email": "zoe@example.com"})
        self.assertEqual(
            partner._messaging_plain_values(["email_normalized"]), [{"email_normalized": "zoe@example.com"}]
        )
        partner.email = "Zoé <ZOE@Example.org>"
        self.assertEqual(
            partner._messaging_plain_values(["email_normalized"]), [{"email_normalized": "zoe@example.org"}]
        )

    def test_translated_fields_follow_the_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        tag = self.env["res.partner.category"].create({"name": "Loyal"})
        tag.with_context(lang="fr_FR").name = "Fidèle"
        tag.invalidate_recordset()
        self.assertEqual(tag.with_context(lang="fr_FR")._messaging_plain_values(["name"]), [{"name": "Fidèle"}])
        self.assertEqual(tag.with_context(lang="en_US")._messaging_plain_values(["name"]), [{"name": "Loyal"}])
