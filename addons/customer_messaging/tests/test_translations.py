from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from messaging_core import phone
from messaging_core.errors import MessagingError

from ..tools import translate_core_error


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(["customer_messaging"], ["fr_FR"], overwrite=True)
        cls.env_fr = cls.env(context=dict(cls.env.context, lang="fr_FR"))

    def _phone_error(self, number):
        try:
            phone.normalize(number, "FR")
        except MessagingError as error:
            return error
        raise AssertionError(f"{number} is valid")

    def test_engine_errors_are_translated(self):
        error = self._phone_error("12")
        self.assertEqual(translate_core_error(self.env, error), "“12” is too short to be a phone number.")
        self.assertEqual(
            translate_core_error(self.env_fr, error), "« 12 » est trop court pour être un numéro de téléphone."
        )

    def test_unknown_code_falls_back_to_the_engine_message(self):
        error = MessagingError("Something odd", code="not_a_known_code")
        self.assertEqual(translate_core_error(self.env_fr, error), "Something odd")

    def test_validation_errors_in_french(self):
        with self.assertRaisesRegex(ValidationError, "n'est pas un indicatif de pays"):
            self.env_fr["messaging.sms.provider"].create({"name": "Bad", "kind": "sandbox", "prefixes": "33"})

    def test_template_errors_tags_and_reasons_in_french(self):
        template = self.env["messaging.template"].create({"name": "T", "subject": "Hi"})
        with self.assertRaisesRegex(ValidationError, "Ligne 1 : balise inconnue @NOPE@"):
            template.with_env(self.env_fr).subject = "@NOPE@"
        self.assertIn("Nom du client (le destinataire)", template.with_env(self.env_fr).available_tags)
        self.assertEqual(
            self.env_fr["messaging.service"]._reason_label("no_consent"),
            "Pas de consentement (les messages marketing l’exigent)",  # noqa: RUF001
        )

    def test_unsubscribe_link_in_the_recipients_language(self):
        french = self.env["res.partner"].create(
            {"name": "Léa", "email": "lea@example.com", "lang": "fr_FR", "messaging_accepts_email": True}
        )
        english = self.env["res.partner"].create(
            {"name": "Ann", "email": "ann@example.com", "messaging_accepts_email": True}
        )
        template = self.env["messaging.template"].create({"name": "News", "subject": "News", "body_html": "<p>Hi</p>"})
        bulk = self.env["messaging.bulk"].create(
            {"template_id": template.id, "partner_ids": [(6, 0, (french | english).ids)]}
        )
        bulk.action_start()
        self.env["messaging.outbox"]._dispatch(auto_commit=False)
        bodies = {
            row.partner_id: self.env["mail.mail"].search([("mail_message_id", "=", row.message_id.id)]).body_html
            for row in bulk.outbox_ids
        }
        self.assertIn(">Se désinscrire</a>", bodies[french])
        self.assertIn(">Unsubscribe</a>", bodies[english])
