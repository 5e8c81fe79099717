from odoo.tests import tagged

from .common import MessagingCase


@tagged("post_install", "-at_install")
class TestServiceConsentPolicy(MessagingCase):
    """The company answers once who gets service messages; marketing always needs
    consent; opt-outs always win."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        # never asked: no consent, nothing refused
        cls.never_asked = cls.no_consent
        # accepted once, then unticked: an opt-out
        cls.refused = Partner.create(
            {"name": "Raphaël Dufayel", "email": "raphael@example.com", "messaging_accepts_email": True}
        )
        cls.refused.messaging_accepts_email = False
        # unsubscribed through the link
        cls.unsubscribed = Partner.create(
            {"name": "Gina Suzanne", "email": "gina@example.com", "messaging_accepts_email": True}
        )
        cls.unsubscribed._messaging_set_consent("email", False, "unsubscribe")
        # blacklisted without ever having a consent recorded
        cls.blacklisted = Partner.create({"name": "Joseph Collignon", "email": "joseph@example.com"})
        cls.env["mail.blacklist"]._add("joseph@example.com")
        cls.everyone = cls.customer | cls.never_asked | cls.refused | cls.unsubscribed | cls.blacklisted

    def _reasons(self, kind):
        checks = self.env["messaging.service"]._check_recipients(self.everyone, "email", kind, self.company)
        return {self.env["res.partner"].browse(pid).name: reason for pid, (__, reason) in checks.items()}

    def test_default_is_the_seeds_rule_only_customers_who_accepted(self):
        self.assertEqual(self.env["res.company"].create({"name": "New"}).messaging_service_consent, "accepted")
        self.assertEqual(
            self._reasons("transactional"),
            {
                "Amélie Poulain": None,
                "Nino Quincampoix": "no_service_consent",
                "Raphaël Dufayel": "no_service_consent",
                "Gina Suzanne": "no_service_consent",
                "Joseph Collignon": "blacklisted",
            },
        )

    def test_every_customer_who_did_not_opt_out_gets_service_messages(self):
        self.company.messaging_service_consent = "not_opted_out"
        self.assertEqual(
            self._reasons("transactional"),
            {
                "Amélie Poulain": None,
                "Nino Quincampoix": None,
                "Raphaël Dufayel": "opted_out",
                "Gina Suzanne": "opted_out",
                "Joseph Collignon": "blacklisted",
            },
        )
        # a customer who said yes again is back
        self.refused.messaging_accepts_email = True
        self.assertIsNone(self._reasons("transactional")["Raphaël Dufayel"])

    def test_marketing_always_needs_consent_whatever_the_policy(self):
        for policy in ("accepted", "not_opted_out"):
            self.company.messaging_service_consent = policy
            reasons = self._reasons("marketing")
            self.assertEqual(reasons["Nino Quincampoix"], "no_consent", policy)
            self.assertEqual(reasons["Amélie Poulain"], None, policy)

    def test_the_policy_is_the_sending_company_s(self):
        other = self.env["res.company"].create({"name": "Other", "messaging_service_consent": "not_opted_out"})
        service = self.env["messaging.service"]
        self.assertEqual(service._check_recipients(self.never_asked, "email", "transactional", other)[
            self.never_asked.id
        ][1], None)  # fmt: skip
        self.assertEqual(service._check_recipients(self.never_asked, "email", "transactional", self.company)[
            self.never_asked.id
        ][1], "no_service_consent")  # fmt: skip

    def test_the_outbox_sends_under_the_policy_and_says_who_was_skipped_and_why(self):
        self.company.messaging_service_consent = "not_opted_out"
        self._enqueue_service_emails(self.customer | self.never_asked | self.refused)
        self.env["messaging.outbox"]._dispatch(auto_commit=False)
        rows = self.env["messaging.outbox"].search([("source", "=", "reminder")])
        result = {row.partner_id.name: (row.state, row.reason) for row in rows}
        self.assertEqual(
            result,
            {
                "Amélie Poulain": ("done", False),
                "Nino Quincampoix": ("done", False),
                "Raphaël Dufayel": ("skipped", "opted_out"),
            },
        )
        self.assertEqual(
            self.env["messaging.service"]._reason_label("opted_out"), "Opted out of this channel", "shown in the list"
        )

    def test_the_bulk_composer_counts_say_which_rule_skipped_whom(self):
        self.company.messaging_service_consent = "not_opted_out"
        composer = self._composer(self.customer | self.never_asked | self.refused | self.blacklisted)
        summary = composer.recipient_summary
        self.assertIn("4 recipients: 1 will receive it.", summary)
        self.assertIn("No consent (marketing messages need it): 2", summary)
        self.assertIn("Opted out (blacklist): 1", summary)

    def test_the_setting_is_in_settings(self):
        settings = self.env["res.config.settings"].create({"messaging_service_consent": "not_opted_out"})
        settings.execute()
        self.assertEqual(self.env.company.messaging_service_consent, "not_opted_out")
