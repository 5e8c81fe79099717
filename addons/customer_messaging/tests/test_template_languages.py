from odoo.tests import tagged

from .common import MessagingCase


@tagged("post_install", "-at_install")
class TestOneTemplateEveryLanguage(MessagingCase):
    """A template's texts are translated as mail.template's are: each customer reads
    the one template in their language, whoever sends it and in whatever language the
    sender works."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.template.write({"subject": "Welcome @CUSTOMERNAME@", "body_html": "<p>Hello @CUSTOMERNAME@</p>"})
        # as Odoo translates a mail.template: the subject whole, the body term by term
        cls.template.with_context(lang="fr_FR").subject = "Bienvenue @CUSTOMERNAME@"
        cls.template.update_field_translations(
            "body_html", {"fr_FR": {"Hello @CUSTOMERNAME@": "Bonjour @CUSTOMERNAME@"}}
        )
        cls.customer.lang = "fr_FR"
        cls.english = cls.env["res.partner"].create(
            {"name": "John Smith", "email": "john@example.com", "lang": "en_US", "messaging_accepts_email": True}
        )

    def _sent_subjects(self):
        rows = self.env["messaging.outbox"].search([("source", "=", "reminder")])
        return {row.partner_id.name: (row.state, row.message_id.subject, row.message_id.body) for row in rows}

    def test_the_outbox_renders_one_template_in_each_customer_s_language(self):
        self._enqueue_service_emails(self.customer | self.english)
        # the job runs in French: it does not choose the customers' language
        self.env["messaging.outbox"].with_context(lang="fr_FR")._dispatch(auto_commit=False)
        sent = self._sent_subjects()
        self.assertEqual(sent["Amélie Poulain"][:2], ("done", "Bienvenue Amélie Poulain"))
        self.assertIn("Bonjour Amélie Poulain", sent["Amélie Poulain"][2])
        self.assertEqual(sent["John Smith"][:2], ("done", "Welcome John Smith"))
        self.assertIn("Hello John Smith", sent["John Smith"][2])

    def test_the_composer_shows_and_sends_the_recipient_s_language(self):
        composer = self._composer(self.english, template_id=self.template.id)
        self.assertEqual(composer.subject, "Welcome @CUSTOMERNAME@", "the template as the customer will read it")
        composer.action_send()
        message = self.english.message_ids.filtered(lambda m: m.subject and "John" in m.subject)[:1]
        self.assertEqual(message.subject, "Welcome John Smith")
        # a French user writing to a French customer
        composer = self._composer(self.customer, template_id=self.template.id).with_context(lang="fr_FR")
        self.assertEqual(composer.subject, "Bienvenue @CUSTOMERNAME@")
        self.assertIn("Bienvenue Amélie Poulain", composer.preview)

    def test_a_bulk_left_unchanged_reaches_each_customer_in_their_language(self):
        composer = self._composer(self.customer | self.english, template_id=self.template.id)
        composer.action_send()
        bulk = self.env["messaging.bulk"].search([], limit=1, order="id desc")
        self.assertEqual(bulk.template_id, self.template, "the template renders each recipient's copy")
        self.env["messaging.outbox"]._dispatch(auto_commit=False)
        subjects = {row.partner_id.name: row.message_id.subject for row in bulk.outbox_ids}
        self.assertEqual(subjects, {"Amélie Poulain": "Bienvenue Amélie Poulain", "John Smith": "Welcome John Smith"})

    def test_the_preview_is_in_the_customer_s_language(self):
        preview = self.env["messaging.template.preview"].create(
            {"template_id": self.template.id, "resource_ref": f"res.partner,{self.customer.id}"}
        )
        self.assertEqual(preview.subject, "Bienvenue Amélie Poulain")
