import json

from odoo.tests import HttpCase, tagged

from odoo.addons.account_payment.tests.common import AccountPaymentCommon
from odoo.addons.debtor_notify.tests.common import DebtorCase


@tagged("post_install", "-at_install")
class TestPayEverything(DebtorCase, AccountPaymentCommon, HttpCase):
    """A reminded customer pays everything due from the reminder's page, logged
    out, through a payment provider (Odoo's test provider, as Odoo's own payment
    tests use it): the whole flow over HTTP, then what accounting shows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("account_payment.enable_portal_payment", True)
        cls.first = cls._invoice(cls.customer, 420, 40)
        cls.second = cls._invoice(cls.customer, 180, 20)
        cls.credit = cls._invoice(cls.customer, 100, 10, move_type="out_refund")
        cls.not_due = cls._invoice(cls.customer, 75, -30)  # not yet due: not in the reminder
        cls._wizard(cls.customer).action_send()
        cls.reminder = cls.env["debtor.reminder"].search([("commercial_partner_id", "=", cls.customer.id)])
        cls.token = cls.reminder.sudo().token
        cls.currency = cls.company.currency_id

    def setUp(self):
        super().setUp()
        self.authenticate(None, None)  # the customer: no login

    def _get(self, path):
        return self.url_open(path, allow_redirects=False)

    def _pay_params(self, **values):
        return {
            "provider_id": self.provider.id,
            "payment_method_id": self.payment_method_id,
            "token_id": None,
            "amount": 575.0,
            "flow": "redirect",
            "tokenization_requested": False,
            "landing_route": "/somewhere/else",
            "is_validation": False,
            "access_token": None,
            **values,
        }

    def _start(self, **values):
        return self.make_jsonrpc_request(
            f"/debtor_notify/{self.token}/pay/{self.currency.id}/transaction", self._pay_params(**values)
        )

    def _refused(self, message, token=None, currency=None, **values):
        """The transaction route refuses, with ``message`` shown to the customer."""
        route = f"/debtor_notify/{token or self.token}/pay/{(currency or self.currency).id}/transaction"
        answer = self.url_open(
            route,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": self._pay_params(**values)}),
            headers={"Content-Type": "application/json"},
        ).json()
        self.assertIn("error", answer, f"{route} refused")
        self.assertIn(message, answer["error"]["data"]["message"])

    def _transactions(self):
        return self.env["payment.transaction"].sudo().search([("debtor_reminder_id", "=", self.reminder.id)])

    def test_pay_everything_at_once_without_login(self):
        # 420 + 180 overdue; the credit note of 100 first takes back the 75 not due
        # yet, the other 25 comes off: 575, what the reminder says is due
        self.assertEqual(self.reminder.line_ids.filtered(lambda line: line.kind == "credit").move_id, self.credit)
        page = self._get(f"/debtor_notify/{self.token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_debtor_pay_all_button", page.text)
        self.assertNotIn("o_debtor_pay_all_today", page.text, "the reminder's own total")
        self.assertIn(f"/debtor_notify/{self.token}/pay/{self.currency.id}", page.text)
        self.assertIn("575.00", page.text)

        pay = self._get(f"/debtor_notify/{self.token}/pay/{self.currency.id}")
        self.assertEqual(pay.status_code, 200)
        self.assertEqual(pay.headers["Referrer-Policy"], "no-referrer", "the URL holds a token")
        for text in (self.first.name, self.second.name, "Less: your credit notes", 'id="o_payment_form"'):
            self.assertIn(text, pay.text)
        self.assertNotIn(self.not_due.name, pay.text, "an invoice not due is not paid from a reminder")
        self.assertIn('data-amount="575.0"', pay.text)
        self.assertIn(
            f'data-transaction-route="/debtor_notify/{self.token}/pay/{self.currency.id}/transaction"', pay.text
        )
        self.assertNotIn("o_payment_tokenize_checkbox", pay.text, "no card is saved from a public link")

        processing = self._start(amount=575.0)
        tx = self._transactions()
        self.assertEqual(processing["reference"], tx.reference)
        self.assertEqual(tx.amount, 575.0)
        self.assertEqual(tx.invoice_ids, self.first | self.second)
        self.assertEqual(tx.partner_id, self.customer)
        self.assertEqual(tx.landing_route, f"/debtor_notify/{self.token}", "back to the reminder, not elsewhere")
        self.assertTrue(tx.reference.startswith("BATCH/"), "two invoices: a batch reference, as Odoo's own")
        self.assertFalse(tx.tokenize)

        # the provider confirms; the customer's browser polls the status page
        tx._set_done()
        self.make_jsonrpc_request("/payment/status/poll")
        self.assertTrue(tx.is_post_processed)
        self.assertEqual(tx.payment_id.amount, 575.0)
        for invoice in self.first | self.second:
            self.assertTrue(invoice.currency_id.is_zero(invoice.amount_residual), f"{invoice.name} is settled")
            self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(self.credit.amount_residual, 75.0, "the credit note paid the rest of the reminder")
        self.assertEqual(self.not_due.amount_residual, 75.0, "what was not due is untouched, and covered")
        self.assertEqual(self.reminder.transaction_count, 1)

        page = self._get(f"/debtor_notify/{self.token}")
        self.assertIn("o_debtor_payment_done", page.text)
        self.assertIn("We received your payment of", page.text)
        self.assertEqual(page.text.count("o_debtor_paid_since"), 2, "both invoices are marked paid")
        self.assertNotIn("o_debtor_pay_all_button", page.text, "nothing left to pay")
        self.assertIn("Nothing is left to pay", self._get(f"/debtor_notify/{self.token}/pay/{self.currency.id}").text)
        self._refused("Nothing is left to pay", amount=575.0)
        self.assertEqual(len(self._transactions()), 1, "no second payment")

    def test_the_payment_form_in_a_browser(self):
        # the provider's page: here, straight back to the reminder
        self.provider.redirect_form_view_id = self.env["ir.ui.view"].create(
            {"name": "Back to the reminder", "type": "qweb", "arch": f'<form action="/debtor_notify/{self.token}"/>'}
        )
        self.start_tour(f"/debtor_notify/{self.token}", "debtor_notify_pay_all")
        tx = self._transactions()
        self.assertEqual((tx.amount, tx.invoice_ids, tx.state), (575.0, self.first | self.second, "draft"))
        self.assertEqual(tx.provider_id, self.provider)

    def test_the_server_sets_the_amount_and_the_invoices(self):
        self._refused("The amount due has changed", amount=1.0)
        self._refused("The amount due has changed", amount=None)
        self._refused("The amount due has changed", amount="575; DROP TABLE account_move")
        self._refused("not whitelisted", amount=575.0, partner_id=self.partner.id)
        self._refused("Pay with one of the payment methods", amount=575.0, flow="token")
        self._refused("Pay with one of the payment methods", amount=575.0, is_validation=True)
        other_company = (
            self.env["payment.provider"]
            .sudo()
            .create(
                {
                    "name": "Another company's",
                    "code": "none",
                    "state": "test",
                    "is_published": True,
                    "company_id": self.env["res.company"].create({"name": "Other Company"}).id,
                    "payment_method_ids": self.provider.payment_method_ids.ids,
                }
            )
        )
        self._refused("Pay with one of the payment methods", amount=575.0, provider_id=other_company.id)
        self._refused("This link is not valid", token="x" * 43, amount=575.0)
        self.assertFalse(self._transactions(), "nothing was started")

        # a partial payment since the reminder left: the page asks for what is due now
        self._pay(self.first, 120)
        pay = self._get(f"/debtor_notify/{self.token}/pay/{self.currency.id}")
        self.assertIn('data-amount="455.0"', pay.text)
        page = self._get(f"/debtor_notify/{self.token}").text
        self.assertIn("455.00", page)
        self.assertIn("o_debtor_pay_all_today", page, "the page says why Pay differs from the reminder's total")
        self._refused("The amount due has changed", amount=575.0)
        self._start(amount=455.0)
        self.assertEqual(self._transactions().amount, 455.0)

    def test_no_button_without_provider_or_when_switched_off_or_in_another_currency(self):
        self.provider.state = "disabled"
        page = self._get(f"/debtor_notify/{self.token}")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("o_debtor_pay_all_button", page.text)
        self.provider.state = "test"
        self.company.debtor_pay_all = False  # Settings: the company does not offer it
        self.assertNotIn("o_debtor_pay_all_button", self._get(f"/debtor_notify/{self.token}").text)
        self._refused("Nothing is left to pay", amount=575.0)
        self.company.debtor_pay_all = True
        unknown = self._get(f"/debtor_notify/{self.token}/pay/999999")
        self.assertEqual(unknown.status_code, 404)
        euro = self._get(f"/debtor_notify/{self.token}/pay/{self.eur.id}")
        self.assertIn("Nothing is left to pay", euro.text, "no invoice of the reminder is in euros")

    def test_the_setting_warns_when_no_provider_can_take_the_payment(self):
        others = self.env["payment.provider"].search([("id", "!=", self.provider.id), ("state", "!=", "disabled")])
        others.state = "disabled"
        self.assertTrue(self.env["res.config.settings"].create({}).debtor_pay_all_has_provider)
        self.provider.state = "disabled"
        self.assertFalse(self.env["res.config.settings"].create({}).debtor_pay_all_has_provider)
        arch = self.env["res.config.settings"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="debtor_pay_all_has_provider"', arch, "the warning reads it from the view")

    def test_two_currencies_two_payments(self):
        customer = self.env["res.partner"].create(
            {"name": "Lucas Janssens", "email": "lucas@example.com", "messaging_accepts_email": True, "lang": "fr_FR"}
        )
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["debtor_notify", "debtor_notify_payment", "payment"], ["fr_FR"], overwrite=True
        )
        usd = self._invoice(customer, 300, 15)
        eur = self._invoice(customer, 200, 15, currency=self.eur)
        self._wizard(customer).action_send()
        reminder = self.env["debtor.reminder"].search([("commercial_partner_id", "=", customer.id)])
        token = reminder.sudo().token
        page = self._get(f"/debtor_notify/{token}")
        self.assertEqual(page.text.count("o_debtor_pay_all_button"), 2, "one payment per currency")
        self.assertIn("Réglez tout ce qui est dû en un seul paiement", page.text, "in the customer's language")
        pay = self._get(f"/debtor_notify/{token}/pay/{self.eur.id}")
        self.assertIn(eur.name, pay.text)
        self.assertNotIn(usd.name, pay.text)
        self._refused("Le montant dû a changé", token=token, currency=self.eur, amount=1.0)
