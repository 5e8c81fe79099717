import datetime as dt

from odoo import Command, fields

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class DebtorCase(AccountTestInvoicingCommon):
    """A company with customers (consenting or not, with and without email), a
    second currency, a billing user, and helpers for real posted invoices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.company.write(
            {
                "email": "billing@example.com",
                "debtor_min_days_overdue": 1,
                "debtor_min_days_between": 7,
                # SMS may leave at any hour: the clock never decides a test
                "messaging_sms_hours_start": 0.0,
                "messaging_sms_hours_end": 24.0,
            }
        )
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.eur = cls.setup_other_currency("EUR")
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create(
            {
                "name": "Amélie Poulain",
                "email": "amelie@example.com",
                "messaging_accepts_email": True,
                "is_company": True,
            }
        )
        cls.no_email = Partner.create({"name": "Hugo Marchand", "messaging_accepts_email": True})
        cls.no_consent = Partner.create({"name": "Nino Quincampoix", "email": "nino@example.com"})
        cls.quiet = Partner.create(
            {
                "name": "Raymond Dufayel",
                "email": "raymond@example.com",
                "messaging_accepts_email": True,
                "debtor_no_reminder": True,
            }
        )
        cls.level_friendly = cls.env.ref("debtor_notify.level_friendly")
        cls.level_firm = cls.env.ref("debtor_notify.level_firm")
        cls.level_final = cls.env.ref("debtor_notify.level_final")
        # only this module's levels: other modules' demo data stays out of the escalation
        cls.env["debtor.reminder.level"].search([]).filtered(
            lambda level: level not in cls.level_friendly | cls.level_firm | cls.level_final
        ).active = False
        cls.billing_user = cls.env["res.users"].create(
            {
                "name": "Bernadette Billing",
                "login": "bernadette.billing",
                "email": "bernadette@example.com",
                "company_id": cls.company.id,
                "company_ids": [Command.set(cls.company.ids)],
                "groups_id": [Command.set([cls.env.ref("account.group_account_invoice").id])],
            }
        )

    @classmethod
    def _invoice(cls, partner, amount, days_overdue, currency=None, company=None, move_type="out_invoice", post=True):
        due = cls.today - dt.timedelta(days=days_overdue)
        company = company or cls.company
        move = (
            cls.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_date": due - dt.timedelta(days=30),
                    "invoice_date_due": due,
                    "invoice_payment_term_id": False,
                    "currency_id": (currency or company.currency_id).id,
                    "invoice_line_ids": [
                        Command.create({"name": "Repair", "quantity": 1, "price_unit": amount, "tax_ids": []})
                    ],
                }
            )
        )
        if post:
            move.action_post()
        return move

    @classmethod
    def _pay(cls, invoice, amount):
        return (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"amount": amount, "payment_date": cls.today})
            ._create_payments()
        )

    def _wizard(self, partners=None, user=None, **values):
        Wizard = self.env["debtor.notify.wizard"]
        if user:
            Wizard = Wizard.with_user(user)
        if partners is not None:
            Wizard = Wizard.with_context(default_partner_ids=partners.ids)
        return Wizard.create(values)

    def _mails(self, partner):
        return self.env["mail.mail"].sudo().search([("recipient_ids", "in", partner.ids)])
