import datetime as dt

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import DebtorCase


@tagged("post_install", "-at_install")
class TestPublicLinks(DebtorCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._invoice(cls.customer, 420, 30)
        cls.other = cls._invoice(cls.customer, 99, -10)  # not in the reminder
        wizard = cls.env["debtor.notify.wizard"].with_context(default_partner_ids=cls.customer.ids).create({})
        wizard.action_send()
        cls.reminder = cls.env["debtor.reminder"].search([("commercial_partner_id", "=", cls.customer.id)])
        cls.token = cls.reminder.sudo().token
        cls.invoice_token = cls.invoice.access_token

    def _get(self, path):
        self.authenticate(None, None)
        return self.url_open(path, allow_redirects=False)

    def test_invoice_opens_without_login_and_downloads_its_pdf(self):
        page = self._get(f"/debtor_notify/{self.token}/invoice/{self.invoice.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.invoice.name, page.text)
        self.assertIn("420.00", page.text)
        self.assertEqual(page.headers["Referrer-Policy"], "no-referrer")
        self.assertIn("noindex", page.headers["X-Robots-Tag"])
        self.assertNotIn(self.invoice_token, page.text, "the invoice's own token is not revealed")
        pdf = self._get(f"/debtor_notify/{self.token}/invoice/{self.invoice.id}/pdf")
        self.assertEqual(pdf.status_code, 200)
        self.assertEqual(pdf.headers["Content-Type"], "application/pdf")
        self.assertIn("attachment", pdf.headers["Content-Disposition"])
        self.assertTrue(pdf.content)
        listing = self._get(f"/debtor_notify/{self.token}")
        self.assertIn(f"/debtor_notify/{self.token}/invoice/{self.invoice.id}", listing.text)

    def test_wrong_tokens_and_other_invoices_get_a_neutral_404(self):
        answers = [
            self._get(path)
            for path in (
                f"/debtor_notify/{'x' * 43}/invoice/{self.invoice.id}",
                f"/debtor_notify/{self.token[:-1]}/invoice/{self.invoice.id}/pdf",
                f"/debtor_notify/{self.token}/invoice/{self.other.id}",
                f"/debtor_notify/{self.invoice_token}/invoice/{self.invoice.id}",
                f"/debtor_notify/{'y' * 100}",
            )
        ]
        for answer in answers:
            self.assertEqual(answer.status_code, 404)
            self.assertEqual(answer.headers["Referrer-Policy"], "no-referrer", "the URL holds a token")
            self.assertIn("This link is not valid", answer.text, "a page a person understands")
            self.assertNotIn(self.invoice.name, answer.text)
            self.assertNotIn(self.customer.name, answer.text)
        self.assertEqual(len({answer.text for answer in answers}), 1, "the same answer whatever was wrong")

    def test_links_expire_without_touching_other_links(self):
        self.company.debtor_link_days = 90
        self.assertAlmostEqual(
            self.reminder.expires_at, self.reminder.sent_date + dt.timedelta(days=90), delta=dt.timedelta(seconds=5)
        )
        self.reminder.expires_at = fields.Datetime.now() - dt.timedelta(seconds=1)
        self.assertEqual(self._get(f"/debtor_notify/{self.token}/invoice/{self.invoice.id}").status_code, 404)
        self.assertEqual(self.invoice.access_token, self.invoice_token, "the invoice's own links are untouched")
        portal = self._get(f"/my/invoices/{self.invoice.id}?access_token={self.invoice_token}")
        self.assertEqual(portal.status_code, 200)

    def test_pay_online_leads_to_odoo_payment_page_when_a_provider_exists(self):
        page = self._get(f"/debtor_notify/{self.token}/invoice/{self.invoice.id}")
        self.assertNotIn("o_debtor_pay", page.text, "no provider: no button")
        self.assertEqual(self._get(f"/debtor_notify/{self.token}/invoice/{self.invoice.id}/pay").status_code, 404)
        self.env["ir.config_parameter"].sudo().set_param("account_payment.enable_portal_payment", True)
        self.env["payment.provider"].sudo().create(
            {"name": "Bank", "code": "none", "state": "test", "company_id": self.company.id}
        )
        page = self._get(f"/debtor_notify/{self.token}/invoice/{self.invoice.id}")
        self.assertIn("o_debtor_pay", page.text)
        pay = self._get(f"/debtor_notify/{self.token}/invoice/{self.invoice.id}/pay")
        self.assertEqual(pay.status_code, 303)
        self.assertIn(f"/my/invoices/{self.invoice.id}?access_token={self.invoice_token}", pay.headers["Location"])

    def test_a_get_writes_nothing(self):
        self.env.flush_all()
        before = (self.reminder.write_date, self.invoice.write_date)
        self._get(f"/debtor_notify/{self.token}/invoice/{self.invoice.id}")
        self._get(f"/debtor_notify/{self.token}/invoice/{self.invoice.id}/pdf")
        self.reminder.invalidate_recordset()
        self.invoice.invalidate_recordset()
        self.assertEqual((self.reminder.write_date, self.invoice.write_date), before)

    def test_the_page_marks_the_invoices_paid_since(self):
        self.assertNotIn("o_debtor_paid_since", self._get(f"/debtor_notify/{self.token}").text)
        self._pay(self.invoice, 420)
        page = self._get(f"/debtor_notify/{self.token}")
        self.assertEqual(page.text.count("o_debtor_paid_since"), 1)
        self.assertIn("the invoices paid since are marked", page.text)


@tagged("post_install", "-at_install")
class TestTour(DebtorCase, HttpCase):
    def test_notify_from_the_customer_form(self):
        self.customer.email = "amelie@example.com"
        first = self._invoice(self.customer, 100, 30)
        second = self._invoice(self.customer, 50, 10)
        self.env.ref("base.user_admin").company_ids |= self.company
        self.env.ref("base.user_admin").company_id = self.company
        self.start_tour(f"/odoo/res.partner/{self.customer.id}", "debtor_notify_from_customer", login="admin")
        self.assertEqual((first.debtor_reminder_count, second.debtor_reminder_count), (1, 0))
