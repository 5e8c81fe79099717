import datetime as dt

from odoo import fields, models, tools


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _messaging_credit_hold_reasons(self, customers, reasons):
        """Credit limit and overdue invoices, for the current company, in two queries."""
        super()._messaging_credit_hold_reasons(customers, reasons)
        company = self.env.company
        customers = customers.filtered("id").sudo().with_company(company)
        if company.account_use_credit_limit:
            # the amounts only for those Odoo shows them to (account: credit, credit_limit)
            amounts = self.env.user.has_group("account.group_account_invoice")
            for customer in customers:
                if customer.credit_limit and customer.credit > customer.credit_limit:
                    reasons[customer.id].append(
                        self.env._(
                            "over the credit limit (%(credit)s owed, limit %(limit)s)",
                            credit=tools.format_amount(self.env, customer.credit, company.currency_id),
                            limit=tools.format_amount(self.env, customer.credit_limit, company.currency_id),
                        )
                        if amounts
                        else self.env._("over the credit limit")
                    )
        days = company.messaging_credit_hold_overdue_days
        if days <= 0:
            return
        before = fields.Date.context_today(self) - dt.timedelta(days=days)
        overdue = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("commercial_partner_id", "in", customers.ids),
                    ("company_id", "=", company.id),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("payment_state", "in", ("not_paid", "partial")),
                    ("invoice_date_due", "<", before),
                ],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for customer, count in overdue:
            reasons[customer.id].append(
                self.env._("%(count)s invoice(s) overdue by more than %(days)s days", count=count, days=days)
            )
