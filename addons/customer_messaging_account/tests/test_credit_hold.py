from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.customer_messaging.tests.interaction_common import InteractionCase


@tagged("post_install", "-at_install")
class TestCreditHoldAccounting(InteractionCase):
    """Credit limit and overdue invoices."""

    @freeze_time("2026-11-16 23:30:00")
    def test_credit_limit_and_overdue_invoices_with_accounting(self):
        self.company.write({"account_use_credit_limit": True, "messaging_credit_hold_overdue_days": 30})
        product_account = self.env["account.account"].search(
            [("account_type", "=", "income"), ("company_ids", "in", self.company.ids)], limit=1
        )
        if not product_account:
            self.skipTest("No chart of accounts")
        self.acme.sudo().credit_limit = 500

        def invoice(amount, due):
            move = self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.acme.id,
                    "invoice_date": due - timedelta(days=1),
                    "invoice_date_due": due,
                    "invoice_line_ids": [
                        (0, 0, {"name": "Goods", "quantity": 1, "price_unit": amount, "tax_ids": [(6, 0, [])]})
                    ],
                }
            )
            move.action_post()
            return move

        today = date.today()
        invoice(100, today - timedelta(days=10))
        self.assertFalse(self.alice.messaging_credit_hold, "overdue, but not for 30 days, and under the limit")
        invoice(100, today - timedelta(days=40))
        self.env.invalidate_all()  # a new request: balances read again
        self.assertEqual(self.alice.messaging_credit_hold_reason, "1 invoice(s) overdue by more than 30 days")
        invoice(400, today + timedelta(days=30))
        self.env.invalidate_all()  # a new request: balances read again
        reason = self.alice.messaging_credit_hold_reason
        self.assertTrue(reason.startswith("Over the credit limit ("), reason)
        self.assertTrue(reason.endswith("; 1 invoice(s) overdue by more than 30 days"), reason)

    def test_overdue_days_cannot_be_negative(self):
        with self.assertRaisesRegex(Exception, "cannot be negative"):
            self.company.messaging_credit_hold_overdue_days = -1
